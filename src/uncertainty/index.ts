/**
 * gepkit/uncertainty: Monte Carlo over a GEP account. `uncertainty(input, options)` accounts the input exactly
 * (the point estimate, unchanged), compiles the account into a draw plan (plan.ts), draws every parameter once
 * per draw from a seeded generator, and summarises each indicator, category and GEP at current and comparable
 * prices. docs/uncertainty.md explains the defaults, the plan and its tolerance.
 */
import * as z from 'zod/mini';
import { account } from '../account/account';
import type { AccountOptions } from '../account/options';
import type { AccountResult } from '../account/result-schema';
import { loadScenario, optionPlaces } from '../account/scenario';
import { GepError, type Path } from '../core/errors';
import { type OptionsShape, checkOptions, optionsSchema } from '../core/options';
import { parseInput } from '../account/validate';
import { MAX_SEED, Xoshiro128 } from './prng';
import { CATEGORIES, type Stats, evaluatePlan, runDraws, stats, targetCount } from './evaluate';
import { type Multiplier, DEFAULT_HALF_WIDTH, checkMultiplier, sample } from './distributions';
import { GRADES } from '../coefficients/schema';
import { uncertaintyFail, uncertaintyIssue } from './errors';
import { type Parameter, type ParameterOptions, collectParameters } from './parameters';
import { AccountCache } from '../account/cache';
import { checkCustomWork, customMethod } from '../indicators/custom';
import { PROBES_PER_PARAMETER, type Plan, compilePlan } from './plan';
import { type TornadoBar, rankBars, sobolFirstOrder, tornado } from './sensitivity';
import { type ProbeBase, probe } from './probe';

export { DEFAULT_HALF_WIDTH, type Multiplier } from './distributions';
export type { InputUncertainty, Parameter } from './parameters';
export { compilePlan, type Plan } from './plan';
export { runDraws, evaluatePlan, targetCount } from './evaluate';
export { tornado, sobolFirstOrder, type TornadoBar } from './sensitivity';
export { UNCERTAINTY_ERRORS } from './errors';

/**
 * Most draws of one run: the draws' figures are held as one array of doubles (draws × (2 × indicators + 8)), 320 MB
 * for the example county at this many, and a run of them takes seconds at the plan's speed (docs/limits.md).
 */
export const MAX_DRAWS = 1_000_000;
/** Most rows of each Sobol sample matrix: (parameters + 2) × rows evaluations of the plan. */
export const MAX_SOBOL_ROWS = 100_000;
export { MAX_SEED } from './prng';

export interface UncertaintyOptions extends ParameterOptions {
  /** Number of draws (an integer from 2 to MAX_DRAWS). */
  draws: number;
  /** Seed of the generator (an integer from 0 to MAX_SEED; the same seed gives the same JSON). Default 1. */
  seed?: number;
  /** Options of the exact account. */
  account?: AccountOptions;
  /** One-at-a-time sensitivity: true (distribution p5/p95) or { percent } (1 ∓ p %). */
  tornado?: boolean | { percent: number };
  /** First-order Sobol indices of GEP from this many rows per sample matrix (an integer from 2 to MAX_SOBOL_ROWS). */
  sobol?: number;
}

/**
 * The keys of UncertaintyOptions: a key it does not have (`seeed`, `tornadoo`, an account option such as `baseYear`
 * given beside them rather than in `account`) is OPTIONS_INVALID. Their values are checked by uncertainty() itself,
 * each as UNCERTAINTY_INVALID at its name (the HTTP service maps those names to its query parameters).
 */
const uncertaintyOptions = optionsSchema<UncertaintyOptions>({
  draws: z.unknown(),
  seed: z.unknown(),
  account: z.unknown(),
  tornado: z.unknown(),
  sobol: z.unknown(),
  distributions: z.unknown(),
  defaults: z.unknown(),
  fixed: z.unknown(),
  inputs: z.unknown(),
} satisfies OptionsShape<UncertaintyOptions>);

type Pair = { current: Stats; comparable: Stats };

export interface UncertaintyResult {
  draws: number;
  seed: number;
  method: 'plan';
  gep: Pair;
  categories: Record<(typeof CATEGORIES)[number], Pair>;
  indicators: ({ code: string } & Pair)[];
  parameters: {
    id: string;
    kind: 'coefficient' | 'input';
    key: string;
    ecosystem: string | null;
    grade: string | null;
    origin: 'record' | 'default' | 'option';
    distribution: Multiplier;
    source: { document: string; clause?: string } | null;
  }[];
  /** Ids of the parameters whose distribution is the default of their grade. */
  defaults: { halfWidthByGrade: Record<string, number>; used: string[] };
  plan: {
    monomials: number;
    exactAccounts: number;
    fallbacks: Plan['fallbacks'];
    check: { points: number; maxRelativeError: string };
  };
  sensitivity?: {
    /**
     * `unmoved`, with a percent: parameters whose exact account fails at 1 ± p (a share pushed above 1), with the
     * refusal's message; they have no bar.
     */
    tornado?: { range: string; bars: TornadoBar[]; unmoved?: { parameter: string; detail: string }[] };
    sobol?: { rows: number; firstOrder: { parameter: string; index: string }[] };
  };
}

export type AccountWithUncertainty = AccountResult & { uncertainty: UncertaintyResult };

export function uncertainty(json: unknown, options: UncertaintyOptions): AccountWithUncertainty {
  if (typeof options !== 'object' || options === null)
    uncertaintyFail('UNCERTAINTY_INVALID', [], {
      detail: `the options, an object with draws (an integer from 2 to ${MAX_DRAWS.toLocaleString('en')}), are needed`,
    });
  checkOptions(uncertaintyOptions, options);
  const count = (name: 'draws' | 'sobol', v: number, max: number) => {
    if (!Number.isInteger(v) || v < 2 || v > max)
      uncertaintyFail('UNCERTAINTY_INVALID', [name], {
        detail: `${name} must be an integer from 2 to ${max.toLocaleString('en')}, got ${v}`,
      });
  };
  count('draws', options.draws, MAX_DRAWS);
  if (options.sobol !== undefined) count('sobol', options.sobol, MAX_SOBOL_ROWS);
  const t = options.tornado as unknown;
  // { percent } and nothing else: a misspelt { precent: 5 } would run at the default percent
  if (
    t !== undefined &&
    typeof t !== 'boolean' &&
    (typeof t !== 'object' || t === null || Array.isArray(t) || Object.keys(t).some((k) => k !== 'percent'))
  )
    uncertaintyFail('UNCERTAINTY_INVALID', ['tornado'], {
      detail: `tornado is true, false or { percent }, got ${JSON.stringify(t)}`,
    });
  // a number strictly between 0 and 100: true, "10" or [5] compare with 0 and 100 as numbers would
  const percent: unknown = typeof options.tornado === 'object' ? options.tornado.percent : 50;
  if (typeof percent !== 'number' || !(percent > 0 && percent < 100))
    uncertaintyFail('UNCERTAINTY_INVALID', ['tornado', 'percent'], {
      detail: `the tornado's percent must be between 0 and 100, got ${typeof percent === 'number' ? percent : (JSON.stringify(percent) ?? 'undefined')}`,
    });
  // Absent is the default; null is a value given, and refused as any other non-integer.
  const given: unknown = options.seed === undefined ? 1 : options.seed;
  if (!(typeof given === 'number' && Number.isInteger(given) && given >= 0 && given <= MAX_SEED))
    uncertaintyFail('UNCERTAINTY_INVALID', ['seed'], {
      detail: `seed must be an integer from 0 to 4,294,967,295, got ${typeof given === 'number' ? given : JSON.stringify(given)}`,
    });
  const seed = given;
  for (const [k, m] of Object.entries(options.distributions ?? {})) checkMultiplier(m, ['distributions', k]);
  for (const [g, m] of Object.entries(options.defaults ?? {})) {
    if (!(GRADES as readonly string[]).includes(g))
      uncertaintyFail('UNCERTAINTY_INVALID', ['defaults', g], {
        detail: `defaults are given by evidence grade (${GRADES.join(', ')}), not ${g}`,
      });
    checkMultiplier(m, ['defaults', g]);
  }
  const inputs = options.inputs as unknown;
  if (inputs !== undefined && !Array.isArray(inputs))
    uncertaintyFail('UNCERTAINTY_INVALID', ['inputs'], {
      detail: `inputs is a list of { path, distribution }, got ${JSON.stringify(inputs)}`,
    });
  (options.inputs ?? []).forEach((u, i) => {
    const path = (u as { path?: unknown } | null)?.path;
    if (
      !Array.isArray(path) ||
      path.length === 0 ||
      !path.every((k) => typeof k === 'string' || Number.isInteger(k))
    )
      uncertaintyFail('UNCERTAINTY_INVALID', ['inputs', i, 'path'], {
        detail: `an input's path is a list of keys and indices (["materialProducts", 0, "grossOutput"]), got ${JSON.stringify(path)}`,
      });
    checkMultiplier(u.distribution, ['inputs', i, 'distribution']);
  });
  // One cache for the run's accounts: a custom formula whose inputs a probe does not move is evaluated once
  // (docs/limits.md), with the same numbers as without it.
  const accountOptions: AccountOptions = {
    ...(options.account ?? {}),
    cache: options.account?.cache ?? new AccountCache(),
  };
  const result = account(json, accountOptions);
  // a tornado at ± percent is accounted exactly at each parameter's two ends (exactTornado)
  const tornadoPercent = typeof options.tornado === 'object' ? options.tornado.percent : undefined;
  const { plan, base, charge } = planAndWork(
    json,
    accountOptions,
    options,
    tornadoPercent === undefined ? 0 : 2,
  );
  const T = targetCount(plan);
  const matrix = runDraws(plan, options.draws, seed);
  const bad = matrix.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0)
    uncertaintyFail('UNCERTAINTY_INVALID', ['draws'], {
      detail: `draw ${Math.floor(bad / T) + 1} gives a value that is not a finite number: a distribution reaches 0 or below where the account takes a root or divides (use a lognormal or a bounded distribution)`,
    });
  const places = result.rounding === 'exact' ? 6 : result.rounding.money;
  const pair = (col: number): Pair => ({
    current: stats(matrix, T, col, places),
    comparable: stats(matrix, T, col + 1, places),
  });
  const n = plan.indicators.length;
  const check = checkPlan(base, plan);
  const approximate =
    check.max > CHECK_TOLERANCE
      ? [
          uncertaintyIssue('UNCERTAINTY_PLAN_APPROXIMATE', ['uncertainty', 'plan', 'check'], {
            error: check.max.toExponential(2),
            where: check.worst ?? 'GEP',
            points: check.points,
            tolerance: CHECK_TOLERANCE.toExponential(0),
          }),
        ]
      : [];
  return {
    ...result,
    warnings: [...result.warnings, ...approximate],
    uncertainty: {
      draws: options.draws,
      seed,
      method: 'plan',
      gep: pair(2 * n + 6),
      categories: { material: pair(2 * n), regulating: pair(2 * n + 2), cultural: pair(2 * n + 4) },
      indicators: plan.indicators.map((i, k) => ({ code: i.code, ...pair(2 * k) })),
      parameters: plan.parameters.map((p) => ({
        id: p.id,
        kind: p.kind,
        key: p.key,
        ecosystem: p.ecosystem,
        grade: p.grade,
        origin: p.origin,
        distribution: p.distribution,
        source: p.source,
      })),
      defaults: {
        halfWidthByGrade: { ...DEFAULT_HALF_WIDTH },
        used: plan.parameters.filter((p) => p.origin === 'default').map((p) => p.id),
      },
      plan: {
        monomials: plan.monomialIndicator.length,
        exactAccounts: plan.accounts + check.points,
        fallbacks: plan.fallbacks,
        check: { points: check.points, maxRelativeError: check.max.toExponential(2) },
      },
      ...sensitivityOf(plan, options, seed, base, charge),
    },
  };
}

/** The plan of an account: parameters collected, probes run (exported for the bench and tests). */
export function buildPlan(json: unknown, accountOptions: AccountOptions, options: ParameterOptions): Plan {
  return planAndWork(json, accountOptions, options, 0).plan;
}

/**
 * The plan, and the meter of the custom formulas' work that went into it (`charge` counts the run's further exact
 * accounts); `afterPlan` exact accounts per parameter are expected beside the plan's (a tornado's ends).
 */
function planAndWork(
  json: unknown,
  accountOptions: AccountOptions,
  options: ParameterOptions,
  afterPlan: number,
): { plan: Plan; base: ProbeBase; charge: (moved: readonly number[]) => void } {
  const exact = account(json, { ...accountOptions, rounding: 'exact' });
  const input = parseInput(json);
  const scenario =
    accountOptions.scenario === undefined
      ? null
      : loadScenario(accountOptions.scenario, accountOptions.places?.scenario);
  const places = optionPlaces(accountOptions, scenario);
  const own = input.overrides?.tables ?? [];
  // The user's tables in the order the account searches them, each at its place (the input, scenario or options).
  const userTables = [
    ...own.map((json, i) => ({ json, path: ['overrides', 'tables', i] })),
    ...[...(scenario?.tables ?? []), ...(accountOptions.tables ?? [])].map((json, i) => ({
      json,
      path: places.tables[i] as Path,
    })),
  ];
  const parameters = collectParameters(exact, userTables, options);
  const work = customWork(input, exact, parameters, accountOptions.customWorkLimit, afterPlan);
  checkCustomWork(work.expected, accountOptions.customWorkLimit);
  const base: ProbeBase = {
    json,
    options: accountOptions,
    uses: new Map(exact.coefficients.map((c) => [c.id, c])),
  };
  return { plan: compilePlan(base, exact, parameters, work.charge), base, charge: work.charge };
}

/**
 * The custom formulas' work over a run, in evaluation steps, against the account's customWorkLimit
 * (CUSTOM_WORK_EXCEEDED). `expected` is the work of the point, the probes and the check draws (at most
 * PROBES_PER_PARAMETER probes of each parameter on a custom indicator's input, and CHECK_POINTS draws), refused
 * before any probe when it exceeds the limit; `charge` counts each exact account as it is run (the indicators whose
 * inputs it moves are evaluated again; the others' values come from the run's cache), so that the accounts a plan adds
 * where it needs them (zero crossings, anchors) are bounded by the same limit: a run that would exceed it stops there.
 */
function customWork(
  input: ReturnType<typeof parseInput>,
  exact: AccountResult,
  parameters: readonly Parameter[],
  limit: number | undefined,
  afterPlan: number,
): { expected: number; charge: (moved: readonly number[]) => void } {
  const computed = new Set(exact.indicators.map((i) => i.code));
  const steps = input.customIndicators.map((d, i) =>
    computed.has(d.code) ? customMethod(d, ['customIndicators', i]).steps : 0,
  );
  // The custom indicator each parameter is an input of (undefined for the others).
  const of = parameters.map((p) =>
    p.path?.[0] === 'customIndicators' && typeof p.path[1] === 'number' ? p.path[1] : undefined,
  );
  const moving = new Map<number, number>();
  for (const i of of) if (i !== undefined) moving.set(i, (moving.get(i) ?? 0) + 1);
  let expected = steps.reduce((a, b) => a + b, 0);
  for (const [i, n] of moving)
    expected += ((PROBES_PER_PARAMETER + afterPlan) * n + CHECK_POINTS) * (steps[i] ?? 0);
  // the point, and the check draws reserved (they run after the plan)
  let spent = steps.reduce((a, b) => a + b, 0);
  for (const i of moving.keys()) spent += CHECK_POINTS * (steps[i] ?? 0);
  return {
    expected,
    charge(moved) {
      const again = new Set(moved.map((p) => of[p]).filter((i) => i !== undefined));
      for (const i of again) spent += steps[i] ?? 0;
      checkCustomWork(spent, limit);
    },
  };
}

/** Exact accounts of the check (checkPlan): joint draws, every parameter moved. */
const CHECK_POINTS = 8;

/**
 * Above this relative error of the check the plan is warned approximate (UNCERTAINTY_PLAN_APPROXIMATE): a tenth of a
 * percent, far inside the narrowest default band (±5 %, verified), and far above float64 rounding (the example
 * county's check is 10⁻¹⁵).
 */
export const CHECK_TOLERANCE = 1e-3;

/**
 * How far a plan's value `p` is from the exact account's `e`, relative to the larger of the two: 0 when they agree
 * or differ by no more than `noise` (float64 rounding at GEP's scale), at most 2, and finite where the exact value
 * is 0 (1 when the plan gives more than noise there).
 */
export const relativeError = (p: number, e: number, noise = 0): number =>
  Math.abs(p - e) <= noise ? 0 : Math.abs(p - e) / Math.max(Math.abs(p), Math.abs(e));

/** Differences below this share of GEP at a check draw are float64 rounding of the draws' sums, not the plan's error. */
const NOISE = 1e-13;

/**
 * The plan against exact accounts at CHECK_POINTS joint draws (every parameter moved at once, from a fixed seed): the
 * largest relative error (relativeError) over the indicators and GEP, at current prices, and where it is (an
 * indicator's code or `GEP`).
 */
function checkPlan(base: ProbeBase, plan: Plan): { points: number; max: number; worst: string | null } {
  const rng = new Xoshiro128(0x5eed);
  const points = CHECK_POINTS;
  let max = 0;
  let worst: string | null = null;
  let noise = 0;
  const see = (p: number, e: number, where: string) => {
    const r = relativeError(p, e, noise);
    if (r > max) {
      max = r;
      worst = where;
    }
  };
  for (let k = 0; k < points; k++) {
    const x = Float64Array.from(plan.parameters, (p) => sample(p.distribution, rng));
    const exact = indicatorSums(base, plan, new Map(plan.parameters.map((_, i) => [i, x[i] as number])));
    const cur = new Float64Array(plan.indicators.length);
    const cmp = new Float64Array(plan.indicators.length);
    evaluatePlan(plan, x, cur, cmp);
    const gepPlan = cur.reduce((a, b) => a + b, 0);
    const gepExact = exact.reduce((a, b) => a + b, 0);
    noise = NOISE * Math.max(Math.abs(gepPlan), Math.abs(gepExact));
    for (let i = 0; i < cur.length; i++)
      see(cur[i] as number, exact[i] as number, (plan.indicators[i] as { code: string }).code);
    see(gepPlan, gepExact, 'GEP');
  }
  return { points, max, worst };
}

/** The exact account with the parameters scaled by `scales`, summed by indicator (current prices). */
function indicatorSums(base: ProbeBase, plan: Plan, scales: Map<number, number>): Float64Array {
  const flat = probe(base, plan.parameters, scales);
  const sums = new Float64Array(plan.indicators.length);
  flat.indicator.forEach((i, v) => (sums[i] = (sums[i] as number) + (flat.current[v] as number)));
  return sums;
}

/**
 * A tornado at ± `percent`, each parameter alone at 1 − p and 1 + p in an exact account (the others at their values),
 * so that ends beyond a distribution's range (where the plan is not fitted) and parameters every draw holds at their
 * value (the ion threshold, a tax rate) are moved as well. A parameter whose account fails at an end (a share pushed
 * above 1) has no bar; it is listed in `unmoved` with the refusal's message.
 */
function exactTornado(
  base: ProbeBase,
  plan: Plan,
  percent: number,
  charge: (moved: readonly number[]) => void,
): { bars: TornadoBar[]; unmoved: { parameter: string; detail: string }[] } {
  const unmoved: { parameter: string; detail: string }[] = [];
  const gep = (k: number, x: number): number | undefined => {
    charge([k]);
    try {
      return indicatorSums(base, plan, new Map([[k, x]])).reduce((a, b) => a + b, 0);
    } catch (e) {
      if (!(e instanceof GepError)) throw e;
      unmoved.push({
        parameter: (plan.parameters[k] as Parameter).id,
        detail: e.issues[0]?.message.en ?? '',
      });
      return undefined;
    }
  };
  const lo = 1 - percent / 100;
  const hi = 1 + percent / 100;
  const ends = plan.parameters.flatMap((p, k) => {
    const gl = gep(k, lo);
    const gh = gl === undefined ? undefined : gep(k, hi);
    return gl === undefined || gh === undefined ? [] : [{ p, lo, hi, gl, gh }];
  });
  return { bars: rankBars(ends), unmoved };
}

function sensitivityOf(
  plan: Plan,
  options: UncertaintyOptions,
  seed: number,
  base: ProbeBase,
  charge: (moved: readonly number[]) => void,
): Pick<UncertaintyResult, 'sensitivity'> {
  if (options.tornado === undefined && options.sobol === undefined) return {};
  const t = options.tornado;
  const percent = typeof t === 'object' ? t.percent : undefined;
  return {
    sensitivity: {
      ...(t !== undefined && t !== false
        ? {
            tornado:
              percent === undefined
                ? { range: 'p5-p95', bars: tornado(plan) }
                : { range: `±${percent}%`, ...exactTornado(base, plan, percent, charge) },
          }
        : {}),
      ...(options.sobol !== undefined
        ? { sobol: { rows: options.sobol, firstOrder: sobolFirstOrder(plan, options.sobol, seed) } }
        : {}),
    },
  };
}
