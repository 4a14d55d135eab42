import * as z from 'zod/mini';
import { ownKeys } from '../core/schema';
import { geometrySchema } from '../input/geometry';

/**
 * The account result, as JSON (decimal numbers are strings, rounded as `rounding` says). The TypeScript types
 * are inferred from this schema and `gepkit schema result` exports it, so the three never drift apart.
 */

const dec = z.string().check(z.meta({ description: 'A decimal number written as a string.' }));
const named = z.object({ zh: z.string(), en: z.string() });
const path = z.readonly(z.array(z.union([z.string(), z.number()])));
const grade = z.enum(['verified', 'published', 'derived', 'secondary', 'assumed']);
const source = z.object({
  document: z.string(),
  clause: z.optional(z.string()),
  url: z.optional(z.string()),
});

export const issueSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  path,
  message: named,
  hint: z.string(),
  hintZh: z.optional(z.string()),
  params: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
});

const physical = z.nullable(z.object({ value: dec, unit: z.string(), symbol: z.string() }));
/** Values in 元: at current prices of the accounting year and at comparable prices of the base year. */
const valuePair = z.object({ current: dec, comparable: dec });

const origin = z.union([
  z.object({
    kind: z.literal('coefficient'),
    key: z.string(),
    table: z.string(),
    ecosystem: z.nullable(z.string()),
  }),
  z.object({ kind: z.literal('input'), path }),
]);

const valuationOut = z.object({
  label: z.string(),
  kind: z.enum(['unit-price', 'amount']),
  subItem: z.optional(z.string()),
  quantity: z.optional(z.object({ value: dec, unit: z.string(), symbol: z.string() })),
  price: z.optional(z.object({ value: dec, unit: z.string(), priceYear: z.number() })),
  money: z.optional(z.object({ value: dec, unit: z.string(), priceYear: z.number() })),
  factor: z.optional(z.object({ value: dec, label: z.string(), origin })),
  origin,
  index: z
    .string()
    .check(z.meta({ description: 'The price index that moved this valuation between years.' })),
  atPriceYear: dec.check(
    z.meta({
      description: 'Value in 元 at the price level of the price year, before any index.',
    }),
  ),
  value: valuePair,
});

export const lineOutSchema = z.object({
  subItem: z.nullable(z.string()),
  ecosystem: z.nullable(z.string()),
  zone: z.nullable(z.string()),
  physical,
  exact: z
    .optional(z.string())
    .check(
      z.meta({ description: 'The physical value as an exact fraction num/den (44/12, 32/44 applied).' }),
    ),
  // a custom indicator's input names: keys a user wrote (read back from a result file, a __proto__ vanished)
  terms: z.optional(ownKeys(z.record(z.string(), z.string()))),
  valuations: z.array(valuationOut),
  value: valuePair,
  path: z.optional(path),
});

const breakdown = z.object({
  key: z.nullable(z.string()),
  name: z.nullable(named),
  physical,
  value: valuePair,
});

export const coefficientUseSchema = z.object({
  id: z.string().check(z.meta({ description: 'key|ecosystem|region|table: one distinct record.' })),
  key: z.string(),
  ecosystem: z.nullable(z.string()),
  region: z.nullable(z.string()),
  value: dec,
  unit: z.string(),
  priceYear: z.optional(z.number()),
  table: z.string(),
  hash: z.string(),
  grade,
  gradeDeclaredBy: z.optional(z.literal('user')).check(
    z.meta({
      description:
        'Present when the record comes from a user table or overlay: its grade is the user’s claim.',
    }),
  ),
  source,
  note: z.optional(z.string()),
  usedBy: z.array(z.string()),
});

export const indicatorResultSchema = z.object({
  code: z.string(),
  name: named,
  category: z.enum(['material', 'regulating', 'cultural']),
  inclusion: z.enum(['required', 'optional']),
  method: z.string(),
  methodTitle: named,
  // switch names as the profile, a scenario or the options gave them
  switches: ownKeys(z.record(z.string(), z.unknown())),
  physical,
  value: valuePair,
  shares: z.object({ ofCategory: z.nullable(dec), ofGep: z.nullable(dec) }),
  subItems: z.array(breakdown),
  byEcosystem: z.array(breakdown),
  byZone: z.array(breakdown),
  lines: z.array(lineOutSchema),
  coefficients: z
    .array(z.string())
    .check(z.meta({ description: 'Ids of the result.coefficients entries this indicator read.' })),
  warnings: z.array(issueSchema),
});

const areaOut = z.nullable(z.object({ value: dec, unit: z.literal('km2') }));

export const accountResultSchema = z.object({
  gepkit: z.object({ version: z.string(), resultSchema: z.literal(1) }),
  region: z.object({ name: z.string(), code: z.nullable(z.string()), level: z.string() }),
  year: z.number(),
  profile: z.object({ id: z.string(), version: z.string(), hash: z.string(), status: z.string() }),
  classification: z.object({ ref: z.string(), hash: z.string() }),
  prices: z.object({
    unit: z.literal('yuan'),
    currentYear: z.number(),
    baseYear: z.number(),
    policy: z.enum(['deflate-to-accounting-year', 'as-published']),
    index: z.object({ ref: z.string(), hash: z.string(), vintage: z.string() }),
    deflators: z.array(
      z.object({ match: z.string(), index: z.string(), hash: z.string(), vintage: z.string() }),
    ),
    indexValuesUsed: z.array(z.object({ index: z.string(), year: z.number(), value: dec, grade, source })),
  }),
  rounding: z.union([
    z.literal('exact'),
    z.object({ money: z.number(), quantity: z.number(), share: z.number(), mode: z.string() }),
  ]),
  totals: z.object({ gep: valuePair, material: valuePair, regulating: valuePair, cultural: valuePair }),
  indicators: z.array(indicatorResultSchema),
  skipped: z.array(z.object({ code: z.string(), reason: z.string() })),
  byEcosystem: z.array(
    z.object({
      ecosystem: z.string(),
      name: named,
      group: z.string(),
      area: areaOut,
      value: valuePair,
      valuePerKm2: z.nullable(valuePair),
    }),
  ),
  byZone: z.array(
    z.object({
      zone: z.nullable(z.string()),
      name: z.string(),
      area: areaOut,
      value: valuePair,
      valuePerKm2: z.nullable(valuePair),
      geometry: z
        .optional(geometrySchema)
        .check(z.meta({ description: 'The zone’s outline, as the input gave it.' })),
      indicators: z.array(z.object({ code: z.string(), physical, value: valuePair })),
    }),
  ),
  coefficients: z.array(coefficientUseSchema),
  tables: z.array(
    z.object({
      ref: z.string(),
      hash: z.string(),
      title: named,
      origin: z.enum(['bundled', 'user', 'overlaid']).check(
        z.meta({
          description:
            'Shipped with gepkit, declared by the user, or a bundled table with a user overlay merged in.',
        }),
      ),
    }),
  ),
  overrides: z.array(
    z.object({
      table: z.string(),
      overlay: z.string(),
      overlayHash: z.string().check(z.meta({ description: 'The overlay table’s own content hash.' })),
      key: z.string(),
      ecosystem: z.nullable(z.string()),
      region: z.nullable(z.string()),
      from: z.nullable(
        z.object({ value: dec, unit: z.string(), priceYear: z.nullable(z.number()), grade, source }),
      ),
      to: z.object({ value: dec, unit: z.string(), priceYear: z.nullable(z.number()), grade, source }),
    }),
  ),
  checks: z.array(
    z.object({ id: z.string(), status: z.enum(['pass', 'warn', 'not-applicable']), detail: z.string() }),
  ),
  scenario: z.nullable(z.object({ id: z.string(), version: z.string(), hash: z.string(), title: named })),
  quality: z.object({
    grades: z.object({
      threshold: grade,
      counts: z.record(grade, z.number()),
      below: z.array(
        z.object({
          kind: z.enum(['coefficient', 'price-index', 'custom-input']).check(
            z.meta({
              description:
                'Where the value is: result.coefficients (a custom indicator’s graded input too), prices.indexValuesUsed, or a custom indicator’s input without source and grade (counted as assumed; its source is empty).',
            }),
          ),
          id: z.string(),
          grade,
          source: z.string(),
        }),
      ),
    }),
    checks: z.array(
      z.object({
        id: z.string(),
        status: z.enum(['pass', 'warn', 'not-applicable', 'applied']),
        detail: z.string(),
        detailZh: z.optional(z.string()),
      }),
    ),
  }),
  warnings: z.array(issueSchema),
  typeMappings: z
    .optional(
      z.array(
        z.object({
          given: z.string(),
          code: z.string(),
          via: z.enum(['name', 'user', 'crosswalk']),
          crosswalk: z.optional(z.object({ ref: z.string(), hash: z.string(), grade })),
          paths: z.array(z.array(z.union([z.string(), z.number()]))),
        }),
      ),
    )
    .check(
      z.meta({
        description:
          'Ecosystem types written as names or land-use classes, and the codes they were read as (present only when any were).',
      }),
    ),
  uncertainty: z
    .optional(z.looseObject({ draws: z.number(), seed: z.number(), method: z.literal('plan') }))
    .check(
      z.meta({
        description:
          'Monte Carlo statistics of the account (present only in a result of uncertainty() or `gepkit account --uncertainty N`): per indicator, category and GEP, current and comparable prices, mean, sd, p5, p50, p95; the parameters drawn and the sensitivity asked for (docs/uncertainty.md).',
      }),
    ),
});

/** An account's result; the schema also reads the `uncertainty` member of uncertainty()'s (AccountWithUncertainty). */
export type AccountResult = Omit<z.output<typeof accountResultSchema>, 'uncertainty'>;
export type IndicatorResult = z.output<typeof indicatorResultSchema>;
