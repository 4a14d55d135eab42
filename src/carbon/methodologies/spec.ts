import type { Decimal } from '../../core/decimal';
import { type Issue, type Path, fail } from '../../core/errors';

import type { Grade, Source } from '../../coefficients/schema';
import { carbonFail, carbonIssue } from '../errors';
import { type Activity, KM } from '../activity';
import type { ActivityDim } from '../activity-units';
import {
  type ActivityWhen,
  type FactorChain,
  type FactorUse,
  type ResolvedFactor,
  factorArea,
} from '../factors/registry';
import type { Bound } from './bounds';
import { stepsToKm } from '../methods/travel';

/** A quantity the activity gives that the reduction did not use (the batch warns unless a rule uses it). */
export interface UnusedQuantity {
  field: 'distance' | 'steps' | 'rides' | 'passengers';
  reason: string;
}

/** The reduction of one activity: the exact ER (g CO₂), its terms, the factors used and warnings. */
export interface ReductionResult {
  methodology: string;
  /** The exact ER in g CO₂ (negative when the project emitted more than the baseline). */
  exact: Decimal;
  be?: Decimal;
  pe?: Decimal;
  /** Which branch of the methodology applied (reduction-factor, emission-difference, baseline, own-7-day). */
  rule: string;
  factors: FactorUse[];
  /** Quantities given but not used by the reduction. */
  unused?: UnusedQuantity[];
  /** Warnings about the factors (a condition of use that could not be checked, an earlier data year). */
  warnings?: Issue[];
}

/** What a methodology's compute reads besides the activity: the factor chain, the activity's date, strictness. */
export interface MethodContext {
  readonly chain: FactorChain;
  readonly when: ActivityWhen;
  readonly path: Path;
  /** Strict mode: a factor of an earlier data year than the activity's is refused, not warned. */
  readonly strict: boolean;
}

/**
 * A carbon-inclusion methodology as a module: its identity and sources, the activity members it reads, its
 * formula block, the factor keys and pinned factor sets it looks up, its plausibility bounds (data:
 * coefficients/carbon/plausibility.json), how it relates passenger and vehicle distance, its methods page, and
 * a pure `compute`. Registered in one place (registry.ts); the batch picks it by scenario.
 */
export interface CarbonMethodology {
  id: string;
  version: string;
  /** `id@version`. */
  ref: string;
  title: { zh: string; en: string };
  jurisdiction: string;
  /**
   * The first day the methodology's source is in force (ISO date), where it states one: an activity dated before it
   * is computed and warned (CARBON_METHODOLOGY_NOT_IN_FORCE).
   */
  inForceFrom?: string;
  scenarios: readonly string[];
  /** The activity members the methodology reads (documentation; the activity schema checks their shapes). */
  inputs: readonly string[];
  /** The formula block: symbols, units, as the methods page gives it. */
  formulas: readonly string[];
  source: Source;
  grade: Grade;
  /** Bundled factor sets searched after the user's (ids@versions). */
  factorSets: readonly string[];
  factorKeys: readonly string[];
  /** Factor keys used where the methodology's own factor does not apply: gepkit's choice, graded and explained. */
  fallbacks?: readonly { key: string; grade: Grade; note: string }[];
  /** Plausibility bounds (filled from the bounds table by the registry). */
  bounds: readonly Bound[];
  /**
   * Passengers a distance stands for, where the methodology defines it: km ↔ pkm converts through them;
   * undefined means the methodology defines no conversion (a pkm given for a vehicle distance is UNIT_MISMATCH).
   */
  passengers?: (a: Activity) => Decimal | undefined;
  /** docs/methods page. */
  methodsPage: string;
  compute(a: Activity, ctx: MethodContext): ReductionResult;
}

/** A factor as a result line names it; an earlier data year than the activity's warns (strict: refuses). */
export function useFactor(f: ResolvedFactor, ctx: MethodContext, warnings: Issue[]): FactorUse {
  if (f.fallbackFor !== undefined) {
    const p = {
      key: f.key,
      scope: factorArea(f),
      set: f.set,
      dataYear: String(f.dataYear),
      year: String(f.fallbackFor),
    };
    if (ctx.strict) carbonFail('CARBON_FACTOR_YEAR_UNPUBLISHED', ctx.path, p);
    warnings.push(carbonIssue('CARBON_FACTOR_YEAR_FALLBACK', ctx.path, p));
  }
  return f.use;
}

/** The factor's value in g CO₂ per base unit, refused when its dimension or kind is not one the formula takes. */
export function need(
  f: ResolvedFactor,
  dims: readonly ActivityDim[],
  kind: 'emission' | 'reduction',
  path: Path,
): Decimal {
  if (!dims.includes(f.parsedUnit.dim) || f.kind !== kind)
    carbonFail('CARBON_FACTOR_UNIT', path, {
      key: f.key,
      unit: `${f.unit} (${f.kind})`,
      expected: `${dims.join(' or ')} (${kind} factor)`,
    });
  return f.gramsPerBase;
}

export function missing(a: Activity, field: string, path: Path, why = ''): never {
  return carbonFail('CARBON_ACTIVITY_INVALID', [...path, field], {
    detail: `scenario ${a.scenario} needs "${field}"${why ? ` ${why}` : ''}`,
  });
}

/**
 * The activity's distance in `dim`: km (vehicle or person distance) or pkm (passenger distance). A distance
 * in one converts to the other only through the passengers the methodology defines (d_pkm = passengers ×
 * d_km); otherwise UNIT_MISMATCH. Steps become km only with a stated step length.
 */
export function distanceIn(
  a: Activity,
  dim: 'distance' | 'passenger-distance',
  passengers: Decimal | undefined,
  path: Path,
): Decimal {
  let km: Decimal;
  if (a.distance !== undefined) {
    if (a.distance.unit === 'pkm') {
      if (dim === 'passenger-distance') return a.distance.value;
      if (passengers === undefined)
        fail('UNIT_MISMATCH', [...path, 'distance', 'unit'], {
          expected: 'km or m (the methodology defines no passengers to convert pkm)',
          actual: 'pkm',
        });
      return a.distance.value.div(passengers);
    }
    km = KM(a.distance);
  } else if (a.steps !== undefined) {
    if (a.stepLength === undefined) carbonFail('CARBON_STEP_LENGTH_MISSING', [...path, 'stepLength']);
    km = stepsToKm(a.steps, a.stepLength.value);
  } else return missing(a, 'distance', path, '(or steps with stepLength)');
  if (dim === 'distance') return km;
  if (passengers === undefined)
    fail('UNIT_MISMATCH', [...path, 'distance', 'unit'], {
      expected: 'pkm (the methodology defines no passengers to convert km)',
      actual: a.distance?.unit ?? 'steps',
    });
  return km.times(passengers);
}
