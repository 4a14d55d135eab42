import * as z from 'zod/mini';
import { contentHash } from '../core/canonical';
import { GepError, type Path } from '../core/errors';
import { checkDepth } from './validate';
import { bilingual, ownKeys } from '../core/schema';
import { PARSE_OPTIONS, fromZodIssues } from '../core/zod-issues';
import type { AccountOptions } from './options';

/**
 * A scenario (情景): a reusable patch over a profile — overlay coefficient tables, switches, method choices,
 * exclusions, price indices and deflator rules — kept in a file, applied by `options.scenario` / `--scenario`, and recorded in the result with
 * its content hash. The caller's own options still win over the scenario's.
 */
export const scenarioSchema = z.strictObject({
  $schema: z.optional(z.string()),
  kind: z.literal('scenario'),
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)),
  version: z.string().check(z.regex(/^\d+\.\d+\.\d+$/)),
  title: bilingual,
  description: z.optional(z.string()),
  tables: z
    ._default(z.array(z.unknown()), [])
    .check(z.meta({ description: 'Coefficient tables, usually overlays of the profile tables.' })),
  switches: ownKeys(z._default(z.record(z.string(), z.record(z.string(), z.unknown())), {}), {}, true),
  methods: ownKeys(z._default(z.record(z.string(), z.string()), {})),
  exclude: z._default(z.array(z.string()), []),
  priceIndices: z
    ._default(z.array(z.unknown()), [])
    .check(
      z.meta({ description: 'Price-index tables (kind "price-index") that the deflator rules may name.' }),
    ),
  deflators: z
    ._default(z.array(z.strictObject({ match: z.string(), index: z.string().check(z.minLength(1)) })), [])
    .check(
      z.meta({
        description:
          'Per-price deflators: the first rule whose match starts the price\'s coefficient key (or "input:<path>") chooses the index.',
      }),
    ),
});

export type Scenario = z.output<typeof scenarioSchema> & { hash: string };

export function loadScenario(json: unknown, path: Path = ['scenario']): Scenario {
  checkDepth(json, 'the scenario', path);
  const parsed = scenarioSchema.safeParse(json, PARSE_OPTIONS);
  if (!parsed.success) throw new GepError(fromZodIssues(parsed.error.issues, path, 'SCENARIO_INVALID'));
  return { ...parsed.data, hash: contentHash(parsed.data) };
}

/**
 * Where each entry of an account's options was given, in the order withScenario merges them, for the path of an
 * issue about it: the scenario's under `scenario` (or `options.places.scenario`, the file it was read from), the
 * caller's under `options` (or, for tables and price indices, `options.places`).
 */
export interface OptionPlaces {
  /** Per entry of the merged `tables`: the scenario's, then the caller's. */
  tables: Path[];
  /** Per entry of the merged `priceIndices`: the scenario's, then the caller's. */
  priceIndices: Path[];
  /** Per entry of the merged `deflators`: the caller's, then the scenario's. */
  deflators: Path[];
  /** Per entry of the merged `exclude`: the scenario's, then the caller's. */
  exclude: Path[];
  /** The method an indicator code is given, where the caller's replaces the scenario's. */
  method(code: string): Path;
  /**
   * An indicator code's switches: the caller's when it gives any (it wins), else the scenario's. With `key`, the
   * place of that switch: the caller's when the caller gives it, else the scenario's when the scenario does.
   */
  switches(code: string, key?: string): Path;
}

/** The places of `given` options, `s` their scenario (null without one); see OptionPlaces. */
export function optionPlaces(given: AccountOptions, s: Scenario | null): OptionPlaces {
  const at = given.places?.scenario ?? ['scenario'];
  const own = (name: string, i: number | string): Path => ['options', name, i];
  const theirs = (name: string, xs: readonly unknown[] | undefined): Path[] =>
    (xs ?? []).map((_, i) => [...at, name, i]);
  const placed = (name: string, xs: readonly unknown[] | undefined, files: readonly Path[] | undefined) =>
    (xs ?? []).map((_, i) => files?.[i] ?? own(name, i));
  const byCode = (name: 'methods' | 'switches') => (code: string) =>
    s !== null && Object.hasOwn(s[name], code) && !Object.hasOwn(given[name] ?? {}, code)
      ? [...at, name, code]
      : own(name, code);
  return {
    tables: [...theirs('tables', s?.tables), ...placed('tables', given.tables, given.places?.tables)],
    priceIndices: [
      ...theirs('priceIndices', s?.priceIndices),
      ...placed('priceIndices', given.priceIndices, given.places?.priceIndices),
    ],
    deflators: [...placed('deflators', given.deflators, undefined), ...theirs('deflators', s?.deflators)],
    exclude: [...theirs('exclude', s?.exclude), ...placed('exclude', given.exclude, undefined)],
    method: byCode('methods'),
    switches: (code, key) => {
      if (key !== undefined && Object.hasOwn(given.switches?.[code] ?? {}, key))
        return [...own('switches', code), key];
      if (key !== undefined && s !== null && Object.hasOwn(s.switches[code] ?? {}, key))
        return [...at, 'switches', code, key];
      return byCode('switches')(code);
    },
  };
}

/** Options with the scenario underneath: tables appended, switches merged per indicator, caller's values last. */
export function withScenario(options: AccountOptions, s: Scenario): AccountOptions {
  const switches: Record<string, Record<string, unknown>> = { ...s.switches };
  for (const [code, sw] of Object.entries(options.switches ?? {}))
    switches[code] = { ...(switches[code] ?? {}), ...sw };
  return {
    ...options,
    tables: [...s.tables, ...(options.tables ?? [])],
    switches,
    methods: { ...s.methods, ...(options.methods ?? {}) },
    exclude: [...s.exclude, ...(options.exclude ?? [])],
    priceIndices: [...s.priceIndices, ...(options.priceIndices ?? [])],
    // The first matching rule wins: the caller's rules come before the scenario's.
    deflators: [...(options.deflators ?? []), ...s.deflators],
  };
}
