import * as z from 'zod';
import { Rounding, type RoundingName } from '../core/decimal';
import { parseUnit } from '../core/units';
import { issueSchema } from './result-schema';

/**
 * The two schemas of `compare()`: what it reads of an account result (a side given as a result file), and what it
 * returns (plain JSON: decimal strings in 元, no Decimal, no bigint), so that a service can validate both ends.
 */

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal string');
const pair = z.object({ current: decimal, comparable: decimal });
const named = z.object({ zh: z.string(), en: z.string() });
// A physical unit must be one of the catalogue's: an unknown one cannot be summed, so it is refused rather than
// turning its line into an "unsplit" change.
const physical = z
  .object({
    value: decimal,
    unit: z.string().refine((u) => parseUnit(u) !== undefined, 'a unit of the catalogue'),
  })
  .nullable();

/**
 * The parts of an account result (src/account/result-schema.ts) that a comparison reads; other fields are
 * ignored, so results of other gepkit versions with the same core fields are accepted.
 */
export const compareSideSchema = z.object({
  region: z.object({ name: z.string() }),
  year: z.number().int(),
  profile: z.object({ id: z.string(), version: z.string() }),
  classification: z.object({ ref: z.string() }),
  prices: z.object({
    currentYear: z.number().int(),
    baseYear: z.number().int(),
    index: z.object({ ref: z.string() }),
    deflators: z.array(z.object({ match: z.string(), index: z.string() })).optional(),
  }),
  rounding: z.union([
    z.literal('exact'),
    z.object({ money: z.number().int().min(0), mode: z.enum(Object.keys(Rounding) as [RoundingName]) }),
  ]),
  totals: z.object({ gep: pair }),
  indicators: z.array(
    z.object({
      code: z.string(),
      name: named,
      category: z.enum(['material', 'regulating', 'cultural']),
      method: z.string(),
      lines: z.array(
        z.object({
          subItem: z.string().nullable().optional(),
          ecosystem: z.string().nullable(),
          zone: z.string().nullable().optional(),
          physical,
          value: pair,
        }),
      ),
    }),
  ),
  byEcosystem: z.array(z.object({ ecosystem: z.string(), name: named })).optional(),
  byZone: z.array(z.object({ zone: z.string().nullable(), name: z.string() })).optional(),
});
export type CompareSide = z.output<typeof compareSideSchema>;

const money = decimal.meta({ description: '元, two decimals (exact fen).' });
/** ΔV = quantityEffect + mixEffect + priceEffect + unsplit, exact to the fen (src/change). */
const effects = z.object({
  v0: money,
  v1: money,
  change: money,
  quantityEffect: money.meta({ description: 'Volume effect: the change of quantity at base-year prices.' }),
  mixEffect: money.meta({ description: 'Composition effect within a cell (e.g. COD vs TP).' }),
  priceEffect: money.meta({
    description: 'Change of real (comparable) unit values, at the later quantities.',
  }),
  unsplit: money.meta({ description: 'Change of lines without a summable quantity.' }),
  growthPercent: decimal.nullable().meta({
    description: '(v1 − v0) / v0 × 100, two decimals, half to even; null when v0 is 0.',
  }),
});
const side = z.object({
  region: z.string(),
  year: z.number().int(),
  profile: z.string(),
  from: z.enum(['input', 'result']),
});
const unit = z.string().nullable();
const q = decimal.nullable();

export const compareResultSchema = z.object({
  compare: z.literal(1),
  before: side,
  after: side,
  prices: z.object({
    basis: z.literal('comparable'),
    baseYear: z
      .number()
      .int()
      .meta({ description: 'Both years are valued at the price level of this year.' }),
    index: z.string().meta({ description: 'The price index that moved every value to the base year.' }),
  }),
  gep: effects,
  /** GEP at current prices of each year: nominal growth, for reference (price changes included). */
  nominal: z.object({
    v0: money,
    v1: money,
    change: money,
    growthPercent: decimal.nullable(),
    priceYears: z.tuple([z.number().int(), z.number().int()]),
  }),
  byCategory: z.array(
    z.object({ category: z.enum(['material', 'regulating', 'cultural']) }).extend(effects.shape),
  ),
  byIndicator: z.array(
    z
      .object({
        indicator: z.string(),
        name: named.nullable(),
        category: z.enum(['material', 'regulating', 'cultural']),
      })
      .extend(effects.shape),
  ),
  byEcosystem: z.array(
    z.object({ ecosystem: z.string().nullable(), name: named.nullable() }).extend(effects.shape),
  ),
  byZone: z.array(
    z.object({ zone: z.string().nullable(), name: z.string().nullable() }).extend(effects.shape),
  ),
  cells: z.array(
    z
      .object({
        indicator: z.string(),
        ecosystem: z.string().nullable(),
        unit,
        q0: q,
        q1: q,
        lines: z.number(),
      })
      .extend(effects.omit({ growthPercent: true }).shape),
  ),
  lines: z.array(
    z.object({
      indicator: z.string(),
      ecosystem: z.string().nullable(),
      item: z.string().nullable(),
      kind: z.enum(['split', 'entry', 'unsplit']),
      unit,
      q0: q,
      q1: q,
      v0: money,
      v1: money,
      change: money,
      quantityEffect: money,
      priceEffect: money,
      unsplit: money,
    }),
  ),
  identity: z.object({
    effects: money,
    direct: money,
    residual: money.meta({ description: 'direct − effects: rounding only, |residual| ≤ bound.' }),
    bound: money,
  }),
  decomposition: z.string(),
  warnings: z.array(issueSchema),
});

/** The comparison of two accounts (see compare()). */
export type CompareResult = z.output<typeof compareResultSchema>;
