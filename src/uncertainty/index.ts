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
import type { Path } from '../core/errors';
import { type OptionsShape, checkOptions, optionsSchema } from '../core/options';
import { parseInput } from '../account/validate';
import { MAX_SEED, Xoshiro128 } from './prng';
import { CATEGORIES, type Stats, evaluatePlan, runDraws, stats, targetCount } from './evaluate';
import { type Multiplier, DEFAULT_HALF_WIDTH, checkMultiplier, sample } from './distributions';
import { GRADES } from '../coefficients/schema';
import { uncertaintyFail } from './errors';
import { type Parameter, type ParameterOptions, collectParameters } from './parameters';
import { AccountCache } from '../account/cache';
import { checkCustomWork, customMethod } from '../indicators/custom';
import { PROBES_PER_PARAMETER, type Plan, compilePlan } from './plan';
import { type TornadoBar, sobolFirstOrder, tornado } from './sensitivity';
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
    tornado?: { range: string; bars: TornadoBar[] };
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
  const seed = options.seed ?? 1;
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED))
    uncertaintyFail('UNCERTAINTY_INVALID', ['seed'], {
      detail: `seed must be an integer from 0 to 4,294,967,295, got ${seed}`,
    });
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
  const plan = buildPlan(json, accountOptions, options);
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
  const check = checkPlan(json, accountOptions, plan);
  return {
    ...result,
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
      ...sensitivityOf(plan, options, seed),
    },
  };
}

/** The plan of an account: parameters collected, probes run (exported for the bench and tests). */
export function buildPlan(json: unknown, accountOptions: AccountOptions, options: ParameterOptions): Plan {
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
  checkProbeWork(input, exact, parameters, accountOptions.customWorkLimit);
  const base: ProbeBase = {
    json,
    options: accountOptions,
    uses: new Map(exact.coefficients.map((c) => [c.id, c])),
  };
  return compilePlan(base, exact, parameters);
}

/**
 * CUSTOM_WORK_EXCEEDED before any probe when the custom formulas' evaluation steps over the run exceed `limit` (the
 * account's customWorkLimit): once for the point, then, for each custom indicator whose inputs are parameters, again
 * at each probe of such a parameter (at most PROBES_PER_PARAMETER) and at each of the CHECK_POINTS joint draws. A probe
 * that moves no input of an indicator reads its formulas' values from the run's cache: they are not counted.
 */
function checkProbeWork(
  input: ReturnType<typeof parseInput>,
  exact: AccountResult,
  parameters: readonly Parameter[],
  limit: number | undefined,
): void {
  const computed = new Set(exact.indicators.map((i) => i.code));
  const steps = input.customIndicators.map((d, i) =>
    computed.has(d.code) ? customMethod(d, ['customIndicators', i]).steps : 0,
  );
  const moving = new Map<number, number>();
  for (const p of parameters)
    if (p.path?.[0] === 'customIndicators' && typeof p.path[1] === 'number')
      moving.set(p.path[1], (moving.get(p.path[1]) ?? 0) + 1);
  let total = steps.reduce((a, b) => a + b, 0);
  for (const [i, n] of moving) total += (PROBES_PER_PARAMETER * n + CHECK_POINTS) * (steps[i] ?? 0);
  checkCustomWork(total, limit);
}

/** Exact accounts of the check (checkPlan): joint draws, every parameter moved. */
const CHECK_POINTS = 2;

/**
 * The plan against exact accounts at two joint draws (every parameter moved at once, from a fixed seed): the
 * largest relative error over the indicators and GEP, at current prices.
 */
function checkPlan(
  json: unknown,
  accountOptions: AccountOptions,
  plan: Plan,
): { points: number; max: number } {
  const rng = new Xoshiro128(0x5eed);
  const points = CHECK_POINTS;
  let max = 0;
  for (let k = 0; k < points; k++) {
    const x = Float64Array.from(plan.parameters, (p) => sample(p.distribution, rng));
    const tables = plan.parameters.map((_, i) => [i, x[i] as number] as const);
    const exact = probeAll(json, accountOptions, plan, new Map(tables));
    const cur = new Float64Array(plan.indicators.length);
    const cmp = new Float64Array(plan.indicators.length);
    evaluatePlan(plan, x, cur, cmp);
    let gepPlan = 0;
    let gepExact = 0;
    for (let i = 0; i < cur.length; i++) {
      const e = exact[i] as number;
      gepPlan += cur[i] as number;
      gepExact += e;
      if (e !== 0 || cur[i] !== 0) max = Math.max(max, Math.abs((cur[i] as number) - e) / Math.abs(e));
    }
    if (gepExact !== 0) max = Math.max(max, Math.abs(gepPlan - gepExact) / Math.abs(gepExact));
  }
  return { points, max };
}

function probeAll(
  json: unknown,
  accountOptions: AccountOptions,
  plan: Plan,
  scales: Map<number, number>,
): Float64Array {
  const exact = account(json, { ...accountOptions, rounding: 'exact' });
  const base: ProbeBase = {
    json,
    options: accountOptions,
    uses: new Map(exact.coefficients.map((c) => [c.id, c])),
  };
  const flat = probe(base, plan.parameters, scales);
  const sums = new Float64Array(plan.indicators.length);
  flat.indicator.forEach((i, v) => (sums[i] = (sums[i] as number) + (flat.current[v] as number)));
  return sums;
}

function sensitivityOf(
  plan: Plan,
  options: UncertaintyOptions,
  seed: number,
): Pick<UncertaintyResult, 'sensitivity'> {
  if (options.tornado === undefined && options.sobol === undefined) return {};
  const t = options.tornado;
  const percent = typeof t === 'object' ? t.percent : undefined;
  return {
    sensitivity: {
      ...(t !== undefined && t !== false
        ? {
            tornado: {
              range: percent === undefined ? 'p5-p95' : `±${percent}%`,
              bars: tornado(plan, percent),
            },
          }
        : {}),
      ...(options.sobol !== undefined
        ? { sobol: { rows: options.sobol, firstOrder: sobolFirstOrder(plan, options.sobol, seed) } }
        : {}),
    },
  };
}
