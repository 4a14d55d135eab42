import * as z from 'zod';
import data from '../../../coefficients/carbon/plausibility.json';
import { GRADES, sourceSchema } from '../../coefficients/schema';
import { Decimal } from '../../core/decimal';
import type { Issue, Path } from '../../core/errors';
import { bilingual, decimal } from '../../core/schema';
import { carbonFail, carbonIssue } from '../errors';
import { type Activity, KM, KWH, KW, MINUTES } from '../activity';
import { stepsToKm } from '../methods/travel';

/**
 * Plausibility bounds as data (coefficients/carbon/plausibility.json): per methodology and scenario, the
 * largest plausible quantity of one activity line; a scenario paid by point rules only (no methodology:
 * garbage_sorting, online_booking, volunteer_tree_care) has its bounds under methodology null. A line above a bound
 * is refused (CARBON_IMPLAUSIBLE) or, where the rule set says so (`plausibility: "cap"`), computed on the bound and
 * warned (CARBON_QUANTITY_CAPPED).
 *
 *   distance   km of one trip (a.distance in km or m; pkm ÷ the methodology's passengers)
 *   duration   minutes of one line (what a rule paying on minutes pays)
 *   speed      km/h implied by distance ÷ duration, when both are given (capped: distance = max × duration)
 *   count      the count of one line (what a rule paying on count pays)
 *   rides      rides on one line
 *   steps      steps on one line
 *   passengers passengers of one carpool
 *   use        kWh on one line (one day of a household), on each of its previousDays (days of the same household)
 *              and on its baseline N × b_pc
 *   capacity   kW installed
 */
export const MEASURES = [
  'distance',
  'duration',
  'speed',
  'count',
  'rides',
  'steps',
  'passengers',
  'use',
  'capacity',
] as const;
export type Measure = (typeof MEASURES)[number];
const UNITS: Record<Measure, string> = {
  distance: 'km',
  duration: 'min',
  speed: 'km/h',
  count: 'count',
  rides: 'ride',
  steps: 'step',
  passengers: 'person',
  use: 'kWh',
  capacity: 'kW',
};

/** A bound's members (the table's rows add `methodology`). */
const boundObject = z
  .object({
    methodology: z
      .string()
      .min(1)
      .nullable()
      .meta({ description: 'null: a scenario paid by point rules only, which has no methodology.' }),
    scenario: z.string().min(1).nullable().meta({ description: 'null: every scenario of the methodology.' }),
    measure: z.enum(MEASURES),
    max: decimal,
    unit: z.string().min(1),
    source: sourceSchema,
    grade: z.enum(GRADES),
    note: z.string().optional(),
  })
  .strict();
const unitOfMeasure = (b: { measure: Measure; unit: string }): boolean => UNITS[b.measure] === b.unit;
export const boundSchema = boundObject.refine(unitOfMeasure, {
  message: 'the unit of the measure',
  path: ['unit'],
});
/** A bound of a methodology declared in data (its methodology is the declaring one). */
export const ownBoundSchema = boundObject
  .omit({ methodology: true })
  .refine(unitOfMeasure, { message: 'the unit of the measure', path: ['unit'] });
export type Bound = z.output<typeof boundSchema>;

export const boundsTableSchema = z
  .object({
    $schema: z.string().optional(),
    kind: z.literal('carbon-plausibility'),
    id: z.string().min(1),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    title: bilingual,
    description: z.string().optional(),
    bounds: z.array(boundSchema),
  })
  .strict();

// Bundled data, validated once and frozen: a constant loaded lazily, not a memo of results.
let loaded: readonly Bound[] | undefined;

/** The bundled bounds of one methodology (coefficients/carbon/plausibility.json). */
export function bundledBounds(methodology: string): readonly Bound[] {
  loaded ??= Object.freeze(boundsTableSchema.parse(data).bounds.map((b) => Object.freeze(b)));
  return loaded.filter((b) => b.methodology === methodology);
}

/**
 * The bundled bounds of a scenario paid by point rules only (methodology null in
 * coefficients/carbon/plausibility.json): what a rule paying on its count or minutes pays is bounded too.
 */
export function pointsOnlyBounds(scenario: string): readonly Bound[] {
  loaded ??= Object.freeze(boundsTableSchema.parse(data).bounds.map((b) => Object.freeze(b)));
  return loaded.filter((b) => b.methodology === null && b.scenario === scenario);
}

export type BoundPolicy = 'refuse' | 'cap';

/** The measured value of a bound on the activity, or undefined when the line does not give it. */
function measured(a: Activity, m: Measure, passengers: Decimal | undefined): Decimal | undefined {
  switch (m) {
    case 'distance':
      // A walk given as steps has the distance its methodology credits: steps × step length.
      if (a.distance === undefined)
        return a.steps !== undefined && a.stepLength !== undefined
          ? stepsToKm(a.steps, a.stepLength.value)
          : undefined;
      if (a.distance.unit !== 'pkm') return KM(a.distance);
      return passengers !== undefined ? a.distance.value.div(passengers) : undefined;
    case 'speed': {
      const d = measured(a, 'distance', passengers);
      if (d === undefined || a.duration === undefined) return undefined;
      const h = MINUTES(a.duration).div(60);
      return h.isZero() ? (d.isZero() ? undefined : new Decimal(Infinity)) : d.div(h);
    }
    case 'duration':
      return a.duration !== undefined ? MINUTES(a.duration) : undefined;
    case 'count':
      return a.count;
    case 'rides':
      return a.rides;
    case 'steps':
      return a.steps;
    case 'passengers':
      return a.passengers;
    case 'use':
      return a.use !== undefined ? KWH(a.use) : undefined;
    case 'capacity':
      return a.capacity !== undefined ? KW(a.capacity) : undefined;
  }
}

/**
 * Numbers wide enough for a product of two input numbers to be exact (each has at most NUMBER_LIMITS.maxDigits
 * = 40 significant digits, so a product has at most 80). A configured constructor, not state.
 */
const Wide = Decimal.clone({ precision: 100 });

/**
 * Whether the speed implied by the activity exceeds `max` km/h, decided exactly: with d km in t minutes,
 * d ÷ (t ÷ 60) > max ⟺ 60·d > max·t for t > 0, and both products are exact (Wide). Dividing first rounds
 * t ÷ 60 to 40 digits (20 min = 0.3333… h), which refused trips exactly at the bound (4 km in 8 min at 30 km/h).
 * A zero duration exceeds every bound unless the distance is zero too (then no speed is implied: undefined).
 * bounds.test.ts checks it against integer arithmetic.
 */
export function speedExceeds(
  a: Activity,
  max: Decimal,
  passengers: Decimal | undefined,
): boolean | undefined {
  const d = measured(a, 'distance', passengers);
  if (d === undefined || a.duration === undefined) return undefined;
  const t = a.duration.unit === 'h' ? new Wide(a.duration.value).times(60) : a.duration.value;
  if (t.isZero()) return d.isZero() ? undefined : true;
  return new Wide(d).times(60).gt(new Wide(max).times(t));
}

/** Whether the measure of bound `b` on the activity exceeds its maximum (undefined: the line does not give it). */
function exceeds(a: Activity, b: Bound, passengers: Decimal | undefined): boolean | undefined {
  if (b.measure === 'speed') return speedExceeds(a, b.max, passengers);
  const v = measured(a, b.measure, passengers);
  return v === undefined ? undefined : v.gt(b.max);
}

/** The activity with one measure set to its bound (a copy: the parsed line is not changed). */
function capped(a: Activity, b: Bound, passengers: Decimal | undefined): Activity {
  const max = b.max;
  switch (b.measure) {
    case 'distance': {
      const v = a.distance?.unit === 'pkm' ? max.times(passengers ?? 1) : max;
      return { ...a, distance: { value: v, unit: a.distance?.unit === 'pkm' ? 'pkm' : 'km' } };
    }
    case 'speed': {
      const km = max.times(MINUTES(a.duration as NonNullable<Activity['duration']>)).div(60);
      return capped(a, { ...b, measure: 'distance', max: km }, passengers);
    }
    case 'duration':
      return { ...a, duration: { value: max, unit: 'min' } };
    case 'count':
      return { ...a, count: max.floor() };
    case 'rides':
      return { ...a, rides: max.floor() };
    case 'steps':
      return { ...a, steps: max.floor() };
    case 'passengers':
      return { ...a, passengers: max.floor() };
    case 'use':
      return { ...a, use: { value: max, unit: 'kWh' } };
    case 'capacity':
      return { ...a, capacity: { value: max, unit: 'kW' } };
  }
}

/**
 * Check the activity against the bounds of its methodology and scenario, in table order. Refuse mode: the first
 * bound exceeded refuses the line. Cap mode: each exceeded bound caps its quantity, with a warning.
 */
export function checkBounds(
  a: Activity,
  bounds: readonly Bound[],
  passengers: Decimal | undefined,
  policy: BoundPolicy,
  path: Path,
  warnings: Issue[],
): Activity {
  let out = a;
  for (const b of bounds) {
    if (b.scenario !== null && b.scenario !== a.scenario) continue;
    if (exceeds(out, b, passengers) === true) {
      const v = measured(out, b.measure, passengers) as Decimal;
      const at = [...path, fieldOf(out, b.measure)];
      // A capacity is not capped: it decides what the installation is (above the distributed-PV limit, a plant),
      // not how much it made, so computing on the bound would credit the whole generation as if it were within it.
      if (policy === 'refuse' || b.measure === 'capacity')
        carbonFail('CARBON_IMPLAUSIBLE', at, boundParams(a, b, v));
      warnings.push(carbonIssue('CARBON_QUANTITY_CAPPED', at, boundParams(a, b, v)));
      out = capped(out, b, passengers);
    }
    if (b.measure === 'use' && out.previousDays !== undefined)
      out = boundPreviousDays(out, b, policy, path, warnings);
    if (b.measure === 'use' && out.householdSize !== undefined && out.perCapitaBaseline !== undefined)
      out = boundBaseline(out, b, policy, path, warnings);
  }
  return out;
}

/** The parameters of CARBON_IMPLAUSIBLE and CARBON_QUANTITY_CAPPED for bound `b` and the measured value `v`. */
const boundParams = (a: Activity, b: Bound, v: Decimal) => ({
  measure: b.measure,
  value: v.isFinite() ? v.toSignificantDigits(12).toFixed() : 'infinite',
  max: b.max.toFixed(),
  unit: b.unit,
  scenario: a.scenario,
  grade: b.grade,
});

/**
 * The `use` bound (one household's kWh on one day) on each of the 7 previous days, which are days of the same
 * household and enter the reduction through MA7 = their mean emissions: a day above it is refused at
 * `previousDays[i]`, or capped to the bound (which lowers MA7, never raises the reduction).
 */
function boundPreviousDays(
  a: Activity,
  b: Bound,
  policy: BoundPolicy,
  path: Path,
  warnings: Issue[],
): Activity {
  const days = a.previousDays as NonNullable<Activity['previousDays']>;
  let out: NonNullable<Activity['previousDays']> | undefined;
  days.forEach((q, i) => {
    const v = KWH(q);
    if (!v.gt(b.max)) return;
    const at = [...path, 'previousDays', i];
    if (policy === 'refuse') carbonFail('CARBON_IMPLAUSIBLE', at, boundParams(a, b, v));
    warnings.push(carbonIssue('CARBON_QUANTITY_CAPPED', at, boundParams(a, b, v)));
    (out ??= [...days])[i] = { value: b.max, unit: 'kWh' };
  });
  return out === undefined ? a : { ...a, previousDays: out };
}

/**
 * The `use` bound (one household's kWh on one day) on the household's baseline BE = N × b_pc, a day's use the
 * reduction is measured against: a baseline above it is refused at `perCapitaBaseline` (measure `baseline`), or
 * capped to the bound (b_pc = bound ÷ N, rounded toward zero at 40 digits, so N × b_pc ≤ bound). With the
 * baseline, the use and the previous days all within the bound, capping a use never raises the reduction: the
 * capped use is the bound, at least BE and MA7, so it reduces nothing, as the use above the bound would not.
 */
function boundBaseline(a: Activity, b: Bound, policy: BoundPolicy, path: Path, warnings: Issue[]): Activity {
  const n = a.householdSize as Decimal;
  const bpc = a.perCapitaBaseline as NonNullable<Activity['perCapitaBaseline']>;
  // Both have at most 40 significant digits: their product is exact at 100 (Wide).
  const v = new Wide(n).times(bpc.value);
  if (!v.gt(b.max)) return a;
  const at = [...path, 'perCapitaBaseline'];
  const params = { ...boundParams(a, b, v), measure: 'baseline' };
  if (policy === 'refuse') carbonFail('CARBON_IMPLAUSIBLE', at, params);
  warnings.push(carbonIssue('CARBON_QUANTITY_CAPPED', at, params));
  // The baseline N × b_pc set to the bound exactly, as one person of b_pc = the bound (only the product enters
  // the methodology): b_pc = 500 ÷ N would be cut at 40 digits (500 ÷ 3), and a microgram lost with it.
  return { ...a, householdSize: new Decimal(1), perCapitaBaseline: { value: b.max, unit: 'kWh' } };
}

/** The input field a bound's measure is read from: a distance (or speed) from `steps` on a line given as steps. */
const fieldOf = (a: Activity, m: Measure): string => {
  if (m !== 'speed' && m !== 'distance') return m;
  return a.distance === undefined && a.steps !== undefined ? 'steps' : 'distance';
};
