import * as z from 'zod/mini';
import { decimal, named } from './compare-side-schema';
import { issueSchema } from './result-schema';

/**
 * What `compare()` returns (plain JSON: decimal strings in 元, no Decimal, no bigint), so that a service can
 * validate it; what it reads of a result is compare-side-schema.ts.
 */

const money = decimal.check(z.meta({ description: '元, two decimals (exact fen).' }));
/** ΔV = quantityEffect + mixEffect + priceEffect + unsplit, exact to the fen (src/change). */
const effects = z.object({
  v0: money,
  v1: money,
  change: money,
  quantityEffect: money.check(
    z.meta({ description: 'Volume effect: the change of quantity at base-year prices.' }),
  ),
  mixEffect: money.check(
    z.meta({
      description:
        'Composition effect within a cell: quantity moved between lines at different base unit values (one good between zones, water between uses, day visits to overnight stays).',
    }),
  ),
  priceEffect: money.check(
    z.meta({
      description: 'Change of real (comparable) unit values, at the later quantities.',
    }),
  ),
  unsplit: money.check(z.meta({ description: 'Change of lines without a summable quantity.' })),
  growthPercent: z.nullable(decimal).check(
    z.meta({
      description: '(v1 − v0) / v0 × 100, two decimals, half to even; null when v0 is 0.',
    }),
  ),
});
const side = z.object({
  region: z.string(),
  year: z.number().check(z.int()),
  profile: z.string(),
  from: z.enum(['input', 'result']),
  skipped: z.array(z.object({ code: z.string(), reason: z.string() })).check(
    z.meta({
      description:
        "The profile's indicators this year's account did not compute, with the reason (excluded by the caller, no data): what the comparison leaves out.",
    }),
  ),
});
const unit = z.nullable(z.string());
const q = z.nullable(decimal);

export const compareResultSchema = z.object({
  compare: z.literal(1),
  before: side,
  after: side,
  prices: z.object({
    basis: z.literal('comparable'),
    baseYear: z
      .number()
      .check(z.int(), z.meta({ description: 'Both years are valued at the price level of this year.' })),
    index: z
      .string()
      .check(z.meta({ description: 'The price index that moved every value to the base year.' })),
    deflators: z.array(z.object({ match: z.string(), index: z.string() })).check(
      z.meta({
        description:
          'Deflator rules of the before year, in order: a price whose key starts with `match` moved with `index` instead (the first rule that matches; an empty match is every price). COMPARE_PRICE_INDEX_DIFFERS warns where the after year has others.',
      }),
    ),
  }),
  gep: effects,
  /** GEP at current prices of each year: nominal growth, for reference (price changes included). */
  nominal: z.object({
    v0: money,
    v1: money,
    change: money,
    growthPercent: z.nullable(decimal),
    priceYears: z.tuple([z.number().check(z.int()), z.number().check(z.int())]),
  }),
  byCategory: z.array(
    z.extend(z.object({ category: z.enum(['material', 'regulating', 'cultural']) }), effects.shape),
  ),
  byIndicator: z.array(
    z.extend(
      z.object({
        indicator: z.string(),
        name: z.nullable(named),
        category: z.enum(['material', 'regulating', 'cultural']),
      }),
      effects.shape,
    ),
  ),
  byEcosystem: z.array(
    z.extend(z.object({ ecosystem: z.nullable(z.string()), name: z.nullable(named) }), effects.shape),
  ),
  byZone: z.array(
    z.extend(z.object({ zone: z.nullable(z.string()), name: z.nullable(z.string()) }), effects.shape),
  ),
  cells: z.array(
    z.extend(
      z.object({
        indicator: z.string(),
        ecosystem: z.nullable(z.string()),
        item: z.nullable(z.string()).check(
          z.meta({
            description:
              'The sub-item of a cell of one good of its own (a pollutant, a product: an indicator the account gives no physical total); null where the cell holds all the sub-items of its indicator.',
          }),
        ),
        unit,
        q0: q,
        q1: q,
        lines: z.number(),
      }),
      z.omit(effects, { growthPercent: true }).shape,
    ),
  ),
  lines: z.array(
    z.object({
      indicator: z.string(),
      ecosystem: z.nullable(z.string()),
      item: z.nullable(z.string()),
      zone: z
        .nullable(z.string())
        .check(z.meta({ description: 'Zone of the line; null for region-wide lines.' })),
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
    residual: money.check(z.meta({ description: 'direct − effects: rounding only, |residual| ≤ bound.' })),
    bound: money,
    totals: z.object({ v0: money, v1: money }).check(
      z.meta({
        description:
          "Each account's own GEP total at comparable prices, rounded once to the fen (direct = v1 − v0).",
      }),
    ),
    rounding: z.object({ v0: money, v1: money }).check(
      z.meta({
        description:
          'totals − the sum of the lines each rounded to the fen (gep.v0, gep.v1): what rounding the lines ' +
          'removed from each total; identity.residual = rounding.v1 − rounding.v0.',
      }),
    ),
  }),
  decomposition: z.string(),
  warnings: z.array(issueSchema),
});

/** The comparison of two accounts (see compare()). */
export type CompareResult = z.output<typeof compareResultSchema>;
