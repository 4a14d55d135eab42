import * as z from 'zod';
import type { Decimal } from '../core/decimal';
import { ADMIN_CODE, decimal, nonNegativeDecimal, adminCode } from '../core/schema';
import { normalizeId } from '../core/ids';
import { INSTANT_PATTERN, instantProblem } from './time';

/**
 * One activity (one JSON Lines record). Quantities are decimal strings or numbers with their unit; the
 * scenario decides which ones are needed (docs/carbon.md, Activities). Unknown members are refused so that a
 * typo never silently drops a quantity.
 */
const qty = <U extends string>(units: readonly [U, ...U[]], what: string) =>
  z.object({ value: nonNegativeDecimal(what), unit: z.enum(units) }).strict();
const count = (what: string) =>
  nonNegativeDecimal(what).check(z.refine((d) => d.isInteger(), `${what} must be a whole number`));
const positiveCount = (what: string) =>
  count(what).check(z.refine((d) => !d.isZero(), `${what} must be at least 1`));

export const SCENARIOS_TRAVEL = [
  'bus',
  'metro',
  'bicycle',
  'shared_bike',
  'shared_ebike',
  'walking',
  'ev_taxi',
] as const;
export const SCENARIOS_REDUCTION = [
  ...SCENARIOS_TRAVEL,
  'carpooling',
  'travel_regional',
  'residential_electricity',
  'distributed_pv',
] as const;
/** Scenarios without a reduction methodology: points by rule only. */
export const SCENARIOS_POINTS_ONLY = ['garbage_sorting', 'online_booking', 'volunteer_tree_care'] as const;

/**
 * An id written by people (activity id, user id), read by the id rule of core/ids.ts: white space trimmed, NFKC
 * (full-width letters and digits read as plain; case kept), and not empty after that.
 */
const idText = z.string().transform(normalizeId).pipe(z.string().min(1));

const legs = z
  .array(
    z
      .object({ mode: z.string().regex(/^[a-z][a-z0-9_]*$/), distance: qty(['km', 'm', 'pkm'], 'distance') })
      .strict(),
  )
  .min(1);

/**
 * The province-level codes of GB/T 2260 (11 北京 … 65 新疆, 71 台湾, 81 香港, 82 澳门): the first two digits of an
 * activity's region. Factors are found by region prefix and province grid, so a code of no province would find
 * none of its own and be valued with national factors; it is refused instead (regionProblem).
 */
const PROVINCES = new Set([
  ...['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37'],
  ...['41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'],
  ...['71', '81', '82'],
]);

/** A code of GB/T 2260's lengths: a province (2 digits), a prefecture (4) or a county (6). */
const REGION_LENGTH = /^(?:\d\d){1,3}$/;

/**
 * Why a code of digits cannot be a region (of an activity, or a factor record's `applies.region`): it is not 2, 4 or
 * 6 digits long (36010 or 3601021 is no code of GB/T 2260, and read by prefix it would be valued as another), or
 * its first two digits are no province; undefined when it can.
 */
export function regionProblem(region: string): string | undefined {
  if (!REGION_LENGTH.test(region))
    return `the region code ${region} has ${region.length} digits (GB/T 2260: 2 for a province, 4 for a prefecture, 6 for a county)`;
  const p = region.slice(0, 2);
  return PROVINCES.has(p)
    ? undefined
    : `no province has the code ${p} (GB/T 2260: a region code starts with its province, 11–65, 71, 81 or 82)`;
}

/** An administrative code of 2, 4 or 6 digits whose first two digits are a province of GB/T 2260. */
export const region = adminCode.check((ctx) => {
  if (!ADMIN_CODE.test(ctx.value)) return;
  const problem = regionProblem(ctx.value);
  if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
});

/** A time with its offset, refused with what is wrong with it (instantProblem). */
// The form is stated for JSON Schema readers (a time that exists is more than it: the check decides).
const instant = z
  .string()
  .check((ctx) => {
    const problem = instantProblem(ctx.value);
    if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  })
  .meta({ pattern: INSTANT_PATTERN.source });

export const activitySchema = z
  .object({
    id: idText.meta({
      description:
        'Globally unique activity id: the same id is never credited twice. Read by the id rule (white space trimmed, NFKC).',
    }),
    user: idText,
    ts: instant,
    scenario: z.string().min(1),
    region: z.optional(region),
    behaviour: idText.optional().meta({
      description:
        'The behaviour evidenced (a trip id); defaults to id. Read by the id rule, as id and user are (white space trimmed, NFKC).',
    }),
    evidence: z.string().min(1).optional(),
    factorKey: z.string().min(1).optional(),
    distance: qty(['km', 'm', 'pkm'], 'distance').optional(),
    steps: z.optional(count('steps')),
    stepLength: qty(['m'], 'step length').optional(),
    rides: z.optional(positiveCount('rides')),
    duration: qty(['min', 'h'], 'duration').optional(),
    count: z.optional(count('count')),
    use: qty(['kWh', 'MWh'], 'electricity use').optional(),
    householdSize: z.optional(positiveCount('household size')),
    perCapitaBaseline: qty(['kWh'], 'per-capita daily use').optional(),
    previousDays: z.array(qty(['kWh', 'MWh'], 'previous-day use')).optional(),
    generation: qty(['kWh', 'MWh'], 'generation').optional(),
    capacity: qty(['kW', 'MW'], 'installed capacity').optional().meta({
      description: 'Installed capacity of a PV project, checked against factors limited by capacity.',
    }),
    passengers: z.optional(positiveCount('passengers')),
    detour: z.optional(
      decimal.check(z.refine((d) => d.greaterThanOrEqualTo(1), 'the detour coefficient is ≥ 1')),
    ),
    baseline: legs.optional(),
    project: legs.optional(),
  })
  .strict();
export type Activity = z.output<typeof activitySchema>;

/** A claim record in the same stream: the user claims a pending points issue. */
export const claimSchema = z
  .object({
    claim: z.string().min(1),
    user: idText,
    ts: instant,
  })
  .strict();
export type ClaimRecord = z.output<typeof claimSchema>;

export const KM = (q: { value: Decimal; unit: 'km' | 'm' | 'pkm' }): Decimal =>
  q.unit === 'm' ? q.value.div(1000) : q.value;
export const KWH = (q: { value: Decimal; unit: 'kWh' | 'MWh' }): Decimal =>
  q.unit === 'MWh' ? q.value.times(1000) : q.value;
export const MINUTES = (q: { value: Decimal; unit: 'min' | 'h' }): Decimal =>
  q.unit === 'h' ? q.value.times(60) : q.value;
export const KW = (q: { value: Decimal; unit: 'kW' | 'MW' }): Decimal =>
  q.unit === 'MW' ? q.value.times(1000) : q.value;
