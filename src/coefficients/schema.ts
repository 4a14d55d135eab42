import * as z from 'zod/mini';
import { ISO_DATE, NOT_A_CALENDAR_DATE, bilingual, decimal, isCalendarDate, parsePriceUnit, year, adminCode } from '../core/schema';
import { parseUnit } from '../core/units';

/** Evidence grades, best first. */
export const GRADES = ['verified', 'published', 'derived', 'secondary', 'assumed'] as const;
export type Grade = (typeof GRADES)[number];

/** True when `g` is at least as good as `min`. */
export function gradeAtLeast(g: Grade, min: Grade): boolean {
  return GRADES.indexOf(g) <= GRADES.indexOf(min);
}

export const sourceSchema = z.strictObject({
  document: z.string().check(z.minLength(1), z.meta({ description: 'The document: standard number and title, or a full citation.' })),
  clause: z.optional(z.string().check(z.minLength(1))).check(z.meta({ description: 'Clause, table, equation or page.' })),
  url: z.optional(z.string()),
});
export type Source = z.output<typeof sourceSchema>;

const semver = z.string().check(z.regex(/^\d+\.\d+\.\d+$/, 'a semantic version such as 1.0.0'));
// A day that exists (2021-13-01 refused, not read as a table in force).
const isoDate = z.string().check(z.regex(ISO_DATE, 'a date as YYYY-MM-DD'), z.refine(isCalendarDate, NOT_A_CALENDAR_DATE));

/**
 * How uncertain a coefficient is: a distribution in the coefficient's own unit, centred on its value (the normal's
 * mean, the lognormal's median, the mode of the triangular and PERT, which default to the value), with its own
 * source and grade. Read by gepkit/uncertainty; the account itself uses the value only.
 */
const bounded = { min: decimal, max: decimal, mode: z.optional(decimal) };
const about = { source: sourceSchema, grade: z.enum(GRADES), note: z.optional(z.string()) };
const uncertaintySchema = z.discriminatedUnion('distribution', [
  z.strictObject({ distribution: z.literal('normal'), sd: decimal, ...about }),
  z.strictObject({
      distribution: z.literal('lognormal'),
      gsd: decimal.check(z.meta({ description: 'Geometric standard deviation (> 1): the median × or ÷ gsd is one σ.' })),
      ...about,
    }),
  z.strictObject({ distribution: z.literal('uniform'), min: decimal, max: decimal, ...about }),
  z.strictObject({ distribution: z.literal('triangular'), ...bounded, ...about }),
  z.strictObject({ distribution: z.literal('pert'), ...bounded, ...about }),
]);
export type UncertaintySpec = z.output<typeof uncertaintySchema>;

/** A coefficient's unit: a catalogue unit ("mm", "one") or a price unit ("yuan/m3"). */
const coefficientUnit = z.string().check(z.refine((s) => parseUnit(s) !== undefined || parsePriceUnit(s) !== undefined, {
  message: 'a unit of the catalogue (docs/units.md) or a price unit money/unit such as yuan/m3',
}));

export const recordSchema = z.strictObject({
    key: z.string().check(z.regex(/^[a-z0-9_.-]+$/, 'lower-case dotted key such as price.reservoir_storage')),
    value: decimal,
    unit: coefficientUnit,
    priceYear: z.optional(year).check(z.meta({ description: 'Required for prices: the year of their price level.' })),
    applies: z._default(z.strictObject({
        ecosystem: z.optional(z.string().check(z.minLength(1))).check(z.meta({ description: 'Ecosystem type code; absent = any type.' })),
        region: z.optional(adminCode).check(z.meta({ description: 'Administrative code prefix (36 = Jiangxi); absent = anywhere.' })),
      }), {}),
    source: sourceSchema,
    grade: z.enum(GRADES),
    note: z.optional(z.string()),
    uncertainty: z.optional(uncertaintySchema),
  }).check(z.superRefine((r, ctx) => {
    // A price is never negative, in a table as in the input (a negative price would turn a service into a cost).
    if (parsePriceUnit(r.unit) !== undefined && r.value.lt(0)) {
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
  }));
export type CoefficientRecord = z.output<typeof recordSchema>;

export const coefficientTableSchema = z.strictObject({
    $schema: z.optional(z.string()),
    kind: z.literal('coefficients'),
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)),
    version: semver,
    title: bilingual,
    description: z.optional(z.string()),
    effective: z.strictObject({ from: isoDate, to: z._default(z.nullable(isoDate), null) }),
    supersedes: z._default(z.nullable(z.string()), null).check(z.meta({ description: 'id@version this table replaces, or null.' })),
    overlays: z.optional(z
      .string()).check(z.meta({ description: 'Id of a bundled table this one is layered over (its records replace or add).' })),
    records: z.array(recordSchema).check(z.minLength(1)),
  });
export type CoefficientTableData = z.output<typeof coefficientTableSchema>;

/** An index value: I(to) / I(from) divides by it, so zero or a negative value is refused (VALUE_NOT_POSITIVE). */
const indexValue = decimal.check(
  z.superRefine((d, ctx) => {
    if (!d.isPositive() || d.isZero()) {
      ctx.addIssue({
        code: 'custom',
        message: 'a price index value must be > 0',
        params: { gepkit: 'VALUE_NOT_POSITIVE', what: 'price index value', value: d.toFixed() },
      });
    }
  }),
);

export const priceIndexSchema = z.strictObject({
    $schema: z.optional(z.string()),
    kind: z.literal('price-index'),
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)),
    version: semver,
    title: bilingual,
    description: z.optional(z.string()),
    region: z.string().check(z.minLength(1), z.meta({ description: 'Where the index applies: CN, or an administrative code.' })),
    vintage: z.string().check(z.minLength(1), z.meta({ description: 'Which release of the series these values are (revisions happen).' })),
    base: z.strictObject({ year, value: indexValue }),
    values: z
      .array(
        z.strictObject({ year, value: indexValue, grade: z.enum(GRADES), source: sourceSchema, note: z.optional(z.string()) }),
      ).check(z.minLength(2)),
  });
export type PriceIndexData = z.output<typeof priceIndexSchema>;
