import * as z from 'zod';
import { GRADES, sourceSchema } from '../../coefficients/schema';
import { Decimal } from '../../core/decimal';
import { ISO_DATE, NOT_A_CALENDAR_DATE, bilingual, decimal, isCalendarDate } from '../../core/schema';
import { LEDGER_UNITS } from '../ledger/entry';
import { DEFAULT_LATE_WINDOW_HOURS, DEFAULT_UTC_OFFSET, MAX_LATE_WINDOW_HOURS, UTC_OFFSET } from '../time';

/**
 * Point rules as data. A rule pays on a user's running total of the day: the awards earned by the day's
 * records are ⌊Σq / per⌋ × points, q measured on the rule's basis (one per event, steps, minutes, hours, a
 * count, km, or grams of CO₂ reduced through the versioned conversion), and each record adds what the total
 * earns beyond the previous records (src/carbon/rules/rules.ts). Rounding is floor (the conservative choice;
 * the platforms publish none).
 */
const semver = z.string().regex(/^\d+\.\d+\.\d+$/, 'a semantic version such as 1.0.0');
// A day that exists: 2024-13-01 compared as text would end a window after every real date of 2024.
const isoDate = z
  .string()
  .regex(ISO_DATE, 'a date as YYYY-MM-DD')
  .refine(isCalendarDate, NOT_A_CALENDAR_DATE);
const positive = decimal.check(z.refine((d) => d.isPositive() && !d.isZero(), 'must be > 0'));
const positiveInt = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const s = String(v);
  if (!/^[1-9]\d*$/.test(s)) {
    ctx.addIssue({ code: 'custom', message: `a positive integer, got ${s}` });
    return z.NEVER;
  }
  return BigInt(s);
});

export const BASES = ['event', 'steps', 'minutes', 'hours', 'count', 'distance', 'reduction'] as const;

const cap = z
  .object({ points: positiveInt.optional(), events: z.number().int().positive().optional() })
  .strict()
  .refine((c) => c.points !== undefined || c.events !== undefined, 'a cap limits points or events');

export const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/),
    scenario: z.string().regex(/^[a-z][a-z0-9_]*$/),
    evidence: z.string().min(1).optional().meta({
      description:
        'Evidence path this rule pays for (upload, checkin...); paths of one behaviour are exclusive.',
    }),
    basis: z.enum(BASES),
    per: z
      ._default(positive, () => new Decimal(1))
      .meta({ description: 'Quantity per award (2000 steps, 10 minutes, 1 event).' }),
    points: positiveInt.meta({ description: 'Points per award.' }),
    capGroup: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Rules sharing caps (default: the rule id).' }),
    caps: z.object({ daily: cap.optional(), monthly: cap.optional() }).strict().optional(),
    claim: z
      .object({
        availableAfterDays: z.number().int().min(0),
        claimWithinDays: z.number().int().positive(),
      })
      .strict()
      .optional(),
    expiresAfterDays: z.number().int().positive().optional(),
    source: sourceSchema,
    grade: z.enum(GRADES),
    note: z.string().optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.basis === 'event' && !r.per.equals(1))
      ctx.addIssue({ code: 'custom', path: ['per'], message: 'an event rule pays per 1 event' });
  });
export type PointRule = z.output<typeof ruleSchema>;

export const conversionSchema = z
  .object({
    id: z.string().min(1),
    version: semver,
    effective: z
      .object({
        from: isoDate.nullable().meta({
          description:
            'First local date in force; null when the source states none (open-ended, no placeholder).',
        }),
        to: isoDate.nullable().default(null).meta({
          description: 'Last local date in force (included); null when open-ended.',
        }),
      })
      .strict(),
    gramsPerPoint: positive,
    source: sourceSchema,
    grade: z.enum(GRADES),
    note: z.string().optional(),
  })
  .strict();
export type Conversion = z.output<typeof conversionSchema>;

export const ruleSetSchema = z
  .object({
    $schema: z.string().optional(),
    kind: z.literal('carbon-point-rules'),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    version: semver,
    title: bilingual,
    description: z.string().optional(),
    jurisdiction: z.string().min(1),
    pointName: bilingual,
    utcOffset: z
      .string()
      .regex(UTC_OFFSET, 'a UTC offset ±hh:mm from -14:00 to +14:00')
      .default(DEFAULT_UTC_OFFSET)
      .meta({
        description: 'Local time of days and months for caps, windows and expiry: ±hh:mm, -14:00 to +14:00.',
      }),
    rounding: z.literal('floor').default('floor'),
    lateWindowHours: z
      .number()
      .int()
      .min(0)
      .max(MAX_LATE_WINDOW_HOURS)
      .default(DEFAULT_LATE_WINDOW_HOURS)
      .meta({
        description:
          "How late (hours) a user's activity may arrive: a line dated up to this long before the user's latest accepted activity is accepted in any order and counted in its own local day and month; an earlier one is refused (CARBON_TOO_LATE). A version that widens it does not reach the days a run under a narrower window dropped from a user's stored counters: a line before them is refused too. Default 168 (7 days); at most 8784 (366 days).",
      }),
    source: sourceSchema,
    grade: z.enum(GRADES),
    conversions: z.array(conversionSchema).default([]),
    rules: z.array(ruleSchema).min(1),
    plausibility: z.enum(['refuse', 'cap']).default('refuse').meta({
      description:
        "A line above a methodology's plausibility bound: refused (CARBON_IMPLAUSIBLE), or computed on the bound with a warning (CARBON_QUANTITY_CAPPED).",
    }),
    reductionCaps: z
      .object({
        daily: z.optional(positive),
        monthly: z.optional(positive),
        source: sourceSchema,
        grade: z.enum(GRADES),
        note: z.string().optional(),
      })
      .strict()
      .refine((c) => c.daily !== undefined || c.monthly !== undefined, 'a cap limits daily or monthly grams')
      .optional()
      .meta({
        description:
          "Per-user caps on the exact reduction counted (g CO₂) per local day and month of the rule set's utcOffset; what a cap withholds is not carried over.",
      }),
    redemptions: z
      .array(
        z
          .object({
            id: z.string().min(1),
            points: positiveInt,
            label: bilingual,
            source: sourceSchema,
            grade: z.enum(GRADES),
          })
          .strict(),
      )
      .default([]),
    transferable: z.array(z.enum(LEDGER_UNITS)).default(['g_CO2', 't_CO2']).meta({
      description:
        'Ledger units a transfer entry may move (default g_CO2 and t_CO2: points are a non-tradable reward unless listed).',
    }),
    offsets: z
      .object({
        maxShare: decimal.check(
          z.refine((d) => d.isPositive() && !d.isZero() && d.lte(1), 'a share in (0, 1]'),
          z.meta({
            description:
              "Most of an enterprise's recorded emissions of a period that offset entries may cover (0.05 = 5 %).",
          }),
        ),
        source: sourceSchema,
        grade: z.enum(GRADES),
        note: z.string().optional(),
      })
      .strict()
      .optional()
      .meta({
        description:
          'Offsetting against enterprise emissions; absent: offset entries are refused (LEDGER_OFFSET_NOT_ALLOWED).',
      }),
  })
  .strict();
export type RuleSetData = z.output<typeof ruleSetSchema>;
