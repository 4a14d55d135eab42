import * as z from 'zod';
import { bilingual, decimal, parsePriceUnit, year, adminCode } from '../core/schema';
import { parseUnit } from '../core/units';

/** Evidence grades, best first. */
export const GRADES = ['verified', 'published', 'derived', 'secondary', 'assumed'] as const;
export type Grade = (typeof GRADES)[number];

/** True when `g` is at least as good as `min`. */
export function gradeAtLeast(g: Grade, min: Grade): boolean {
  return GRADES.indexOf(g) <= GRADES.indexOf(min);
}

export const sourceSchema = z.object({
  document: z.string().min(1).meta({ description: 'The document: standard number and title, or a full citation.' }),
  clause: z.string().min(1).optional().meta({ description: 'Clause, table, equation or page.' }),
  url: z.string().optional(),
}).strict();
export type Source = z.output<typeof sourceSchema>;

const semver = z.string().regex(/^\d+\.\d+\.\d+$/, 'a semantic version such as 1.0.0');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** A coefficient's unit: a catalogue unit ("mm", "one") or a price unit ("yuan/m3"). */
const coefficientUnit = z.string().refine((s) => parseUnit(s) !== undefined || parsePriceUnit(s) !== undefined, {
  message: 'a unit of the catalogue (docs/units.md) or a price unit money/unit such as yuan/m3',
});

export const recordSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9_.-]+$/, 'lower-case dotted key such as price.reservoir_storage'),
    value: decimal,
    unit: coefficientUnit,
    priceYear: year.optional().meta({ description: 'Required for prices: the year of their price level.' }),
    applies: z
      .object({
        ecosystem: z.string().min(1).optional().meta({ description: 'Ecosystem type code; absent = any type.' }),
        region: adminCode
          .optional()
          .meta({ description: 'Administrative code prefix (36 = Jiangxi); absent = anywhere.' }),
      })
      .strict()
      .default({}),
    source: sourceSchema,
    grade: z.enum(GRADES),
    note: z.string().optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    // A price is never negative, in a table as in the input (a negative price would turn a service into a cost).
    if (parsePriceUnit(r.unit) !== undefined && r.value.isNegative()) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: 'a price cannot be negative',
        params: { gepkit: 'NEGATIVE_VALUE', what: `price ${r.key}`, value: r.value.toFixed() },
      });
    }
    if (parsePriceUnit(r.unit) !== undefined && r.priceYear === undefined) {
      ctx.addIssue({ code: 'custom', path: ['priceYear'], message: 'a price needs its price year', params: { gepkit: 'PRICE_YEAR_MISSING' } });
    }
  });
export type CoefficientRecord = z.output<typeof recordSchema>;

export const coefficientTableSchema = z
  .object({
    $schema: z.string().optional(),
    kind: z.literal('coefficients'),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    version: semver,
    title: bilingual,
    description: z.string().optional(),
    effective: z.object({ from: isoDate, to: isoDate.nullable().default(null) }).strict(),
    supersedes: z.string().nullable().default(null).meta({ description: 'id@version this table replaces, or null.' }),
    overlays: z
      .string()
      .optional()
      .meta({ description: 'Id of a bundled table this one is layered over (its records replace or add).' }),
    records: z.array(recordSchema).min(1),
  })
  .strict();
export type CoefficientTableData = z.output<typeof coefficientTableSchema>;

export const priceIndexSchema = z
  .object({
    $schema: z.string().optional(),
    kind: z.literal('price-index'),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    version: semver,
    title: bilingual,
    description: z.string().optional(),
    region: z.string().min(1).meta({ description: 'Where the index applies: CN, or an administrative code.' }),
    vintage: z.string().min(1).meta({ description: 'Which release of the series these values are (revisions happen).' }),
    base: z.object({ year, value: decimal }).strict(),
    values: z
      .array(
        z
          .object({ year, value: decimal, grade: z.enum(GRADES), source: sourceSchema, note: z.string().optional() })
          .strict(),
      )
      .min(2),
  })
  .strict();
export type PriceIndexData = z.output<typeof priceIndexSchema>;
