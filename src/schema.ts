/**
 * gepkit/schema — the schemas of what gepkit returns (an account result, a comparison) and the JSON Schemas
 * (draft 2020-12) of every file gepkit reads, as `gepkit schema <name>` writes them (docs/schema/<name>.schema.json).
 * A subpath of its own, so that the main entry carries neither zod's JSON-Schema generator nor the output schemas
 * (docs/adr).
 *
 * @example
 * ```ts
 * import { inputJsonSchema, jsonSchemaOf } from 'gepkit/schema';
 * const schema = inputJsonSchema(); // { $schema: 'https://json-schema.org/draft/2020-12/schema', …, title: 'gepkit account input' }
 * const context = jsonSchemaOf('vep-context'); // the valuation context of `gepkit vep value --context`
 * ```
 */
import * as z from 'zod/mini';
import { checkOptions } from './core/options';
import { inputJsonSchema, resultJsonSchema } from './account/json-schema';
import { activitySchema } from './carbon/activity';
import { factorSetSchema } from './carbon/factors/schema';
import { methodologyDataSchema } from './carbon/methodologies/from-data';
import { ruleSetSchema } from './carbon/rules/schema';
import { coefficientTableSchema, priceIndexSchema } from './coefficients/schema';
import { scenarioSchema } from './account/scenario';
import { rasterConfigSchema } from './raster/config';
import { packageSchema } from './vep/dividends';
import { contextSchema, parcelSchema } from './vep/schema';

export { inputJsonSchema, resultJsonSchema } from './account/json-schema';
export { accountResultSchema } from './account/result-schema';
export { compareResultSchema } from './account/compare-schema';

/** A file gepkit reads, its schema, and what the JSON Schema says of it. */
interface Described {
  title: string;
  description: string;
  schema: z.core.$ZodType;
}

/** The files gepkit reads besides the account input (and the account result, which `compare` and `report` read). */
const FILES = {
  'coefficient-table': {
    title: 'gepkit coefficient table',
    description:
      'A coefficient table: records with value, unit, price year, source and evidence grade, as coefficients/*.json and the input’s overrides.tables hold them (docs/coefficient-tables.md).',
    schema: coefficientTableSchema,
  },
  'price-index': {
    title: 'gepkit price index',
    description:
      'A price index (CPI or a deflator of its own) by year, for `--price-index FILE`, the input’s overrides.priceIndices and a profile’s deflators (docs/comparable-prices.md).',
    schema: priceIndexSchema,
  },
  scenario: {
    title: 'gepkit scenario',
    description:
      'A scenario: overlay tables, switches, methods, exclusions, price indices and deflators over a profile, for `--scenario FILE` and options.scenario (docs/profiles/README.md).',
    schema: scenarioSchema,
  },
  'vep-context': {
    title: 'gepkit parcel valuation context',
    description:
      'The valuation context of `gepkit vep value --context` and POST /v1/vep/contexts: region, year, price year, keys with their climate and soil data (docs/vep.md, Valuation context).',
    schema: contextSchema,
  },
  'vep-parcel': {
    title: 'gepkit parcel record',
    description:
      'One parcel: one line of a parcels.jsonl file of `gepkit vep value` (docs/vep.md, Parcel records; a CSV file has the same fields as columns).',
    schema: parcelSchema,
  },
  'vep-package': {
    title: 'gepkit deposit package',
    description:
      'A package with its revenue, depositors, tranches and fees, for `gepkit vep allocate` (docs/vep.md, Packages and dividends).',
    schema: packageSchema,
  },
  'carbon-activity': {
    title: 'gepkit carbon-inclusion activity',
    description:
      'One activity: an activity line of an activities.jsonl file of `gepkit carbon` (docs/carbon.md, Activities). The file’s claim lines ({ claim, user, ts }) and record lines ({ record }) have shapes of their own, which this schema refuses and `gepkit carbon` checks as it reads them.',
    schema: activitySchema,
  },
  'carbon-rules': {
    title: 'gepkit point rule set',
    description: 'A point rule set, for `gepkit carbon --rules FILE` (docs/carbon.md, Point rules).',
    schema: ruleSetSchema,
  },
  'carbon-factors': {
    title: 'gepkit emission factor set',
    description: 'A factor set, for `gepkit carbon --factors FILE` (docs/carbon.md, Factor sets).',
    schema: factorSetSchema,
  },
  'carbon-methodology': {
    title: 'gepkit methodology from data',
    description:
      'A methodology given as data, for `gepkit carbon --methodology FILE` (docs/carbon.md, Methodologies from data).',
    schema: methodologyDataSchema,
  },
  'raster-config': {
    title: 'gepkit raster job',
    description: 'The configuration of `gepkit raster <config.json>` (docs/raster.md).',
    schema: rasterConfigSchema,
  },
} satisfies Record<string, Described>;

/** The names `jsonSchemaOf` and `gepkit schema` take, in the order `gepkit schema list` prints them. */
export const JSON_SCHEMA_NAMES = [
  'input',
  'result',
  ...(Object.keys(FILES) as (keyof typeof FILES)[]),
] as const;
export type JsonSchemaName = (typeof JSON_SCHEMA_NAMES)[number];

/**
 * The JSON Schema (draft 2020-12) of a file gepkit reads, or of the account result: what a user writes, before
 * gepkit parses it (defaults not yet filled in). Rules a JSON Schema cannot state (a sum of shares, a date after
 * another, a unit of the right dimension) are checked by gepkit when it reads the file, with a structured error.
 */
export function jsonSchemaOf(name: JsonSchemaName): Record<string, unknown> {
  // A name it does not have is OPTIONS_INVALID at `name`, with the names it has.
  checkOptions(z.enum(JSON_SCHEMA_NAMES), name ?? null, ['name']); // null: a missing name is refused too
  if (name === 'input') return inputJsonSchema();
  if (name === 'result') return resultJsonSchema();
  const f: Described = FILES[name];
  return {
    ...z.toJSONSchema(f.schema, { io: 'input', unrepresentable: 'any' }),
    title: f.title,
    description: f.description,
  };
}
