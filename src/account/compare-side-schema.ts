import * as z from 'zod/mini';
import { Rounding, type RoundingName } from '../core/decimal';
import { year } from '../core/schema';
import { parseUnit } from '../core/units';
import { issueSchema } from './result-schema';

/**
 * What `compare()` and gepkit/vep's `changeAccounting()` read of an account result (a side given as a result file). What it returns is described by
 * compare-schema.ts (gepkit/schema), which the main entry does not carry.
 */

export const decimal = z
  .string()
  .check(z.regex(/^-?\d+(\.\d+)?$/, 'expected a decimal string such as "-1234.56"'));
export const pair = z.object({ current: decimal, comparable: decimal });
export const named = z.object({ zh: z.string(), en: z.string() });
// A physical unit must be one of the catalogue's: an unknown one cannot be summed, so it is refused rather than
// turning its line into an "unsplit" change.
const physical = z.nullable(
  z.object({
    value: decimal,
    unit: z.string().check(z.refine((u) => parseUnit(u) !== undefined, 'a unit of the catalogue')),
  }),
);

/** A line of an indicator (indicator × ecosystem type × sub-item × zone): its quantity and value. */
export const sideLine = z.object({
  subItem: z.optional(z.nullable(z.string())),
  ecosystem: z.nullable(z.string()),
  zone: z.optional(z.nullable(z.string())),
  physical,
  value: pair,
});

/**
 * An indicator of a side, with its lines; its `physical` total is null where its sub-items are goods of their own
 * that no quantity adds up (R4's pollutants, M1's products), which change accounting then keeps apart.
 */
export const sideIndicator = z.object({
  code: z.string(),
  name: named,
  category: z.enum(['material', 'regulating', 'cultural']),
  method: z.string(),
  physical: z.optional(z.nullable(z.object({ value: decimal, unit: z.string() }))),
  lines: z.array(sideLine),
});

/**
 * The parts of an account result (src/account/result-schema.ts) that a comparison and change accounting
 * (src/vep/change.ts) read: one schema for both; other fields are ignored, so results of other gepkit versions
 * with the same core fields are accepted.
 */
export const compareSideSchema = z.object({
  // A result of an input without a region code writes `code: null`: read as no code.
  region: z.object({
    name: z.string(),
    code: z.optional(
      z.pipe(
        z.nullable(z.string()),
        z.transform((c) => c ?? undefined),
      ),
    ),
  }),
  // The years within the input schema's bounds (`year`, src/core/schema.ts): an account has no others.
  year,
  profile: z.object({ id: z.string(), version: z.string() }),
  classification: z.object({ ref: z.string() }),
  prices: z.object({
    currentYear: year,
    baseYear: year,
    index: z.object({ ref: z.string() }),
    deflators: z.optional(z.array(z.object({ match: z.string(), index: z.string() }))),
  }),
  rounding: z.union([
    z.literal('exact'),
    z.object({
      money: z.number().check(z.int(), z.gte(0)),
      mode: z.enum(Object.keys(Rounding) as [RoundingName]),
    }),
  ]),
  totals: z.object({ gep: pair }),
  indicators: z.array(sideIndicator),
  /** Indicators of the profile the account did not compute, with the reason (excluded, no data, …). */
  skipped: z.optional(z.array(z.object({ code: z.string(), reason: z.string() }))),
  byEcosystem: z.optional(z.array(z.object({ ecosystem: z.string(), name: named }))),
  byZone: z.optional(z.array(z.object({ zone: z.nullable(z.string()), name: z.string() }))),
  /**
   * The coefficients the account read (key, scope, value with its unit and price year, table): a coefficient of both
   * years given another value is warned (COMPARE_COEFFICIENTS_DIFFER). Optional, as in results of other versions.
   */
  coefficients: z.optional(
    z.array(
      z.object({
        key: z.string(),
        ecosystem: z.nullable(z.string()),
        region: z.nullable(z.string()),
        value: z.string(),
        unit: z.string(),
        priceYear: z.optional(z.nullable(z.number())),
        table: z.string(),
      }),
    ),
  ),
  /** The account's own warnings (a year whose areas do not add up), carried into the comparison. */
  warnings: z.optional(z.array(issueSchema)),
});
export type CompareSide = z.output<typeof compareSideSchema>;

/**
 * A warning for each of two account results written rounded (not `rounding: 'exact'`): their effects are split
 * from rounded values, so a pure mix change can show a price effect of a few fen. `make` builds the caller's issue
 * from the side (`a` the earlier, `b` the later), its year and its decimal places of money.
 */
export function roundedSides<I>(
  sides: readonly [CompareSide, CompareSide],
  make: (which: 'a' | 'b', year: number, money: number) => I,
): I[] {
  const out: I[] = [];
  sides.forEach((s, i) => {
    if (s.rounding !== 'exact') out.push(make(i === 0 ? 'a' : 'b', s.year, s.rounding.money));
  });
  return out;
}
