/**
 * The draw plan: the exact account compiled into a sum of monomials over parameter multipliers x_p = θ_p / θ_p⁰.
 *
 *   valuation v (of indicator i):   v(x) = v⁰ · Π_p g_vp(x_p)        (v⁰ ≠ 0)
 *                                   v(x) = Σ_p h_vp(x_p)              (v⁰ = 0)
 *   g_vp(x) = x^e                   when v is a power of θ_p (e found from one probe, checked by a second)
 *           = 1 + a·(x − 1)         when v is affine in θ_p (checked the same way)
 *           = tabulated, linear between the probes of a grid over the distribution's 0.05–99.95 % range otherwise
 *
 * Each parameter is probed by two exact accounts at x = 1 ± δ (δ = 1 %); a factor is "power" or "affine" only when
 * the second probe agrees with the first to 1e-10 relative, else it is tabulated (17 more exact accounts per
 * parameter). Valuations of one indicator with the same factors are merged into one monomial (weights summed).
 * The product form is exact for a valuation that is a product of per-parameter functions; where two parameters
 * meet inside one sum (a − b), the plan drops their cross term. `check` measures the plan against exact accounts
 * at two joint draws and reports the largest relative error (docs/uncertainty.md, ADR 0014).
 */
import * as z from 'zod/mini';
import type { AccountResult } from '../account/result-schema';
import { aRecord, anArray, anInstanceOf, checkArgument } from '../core/options';
import type { Category } from '../indicators/spec';
import { span } from './distributions';
import { uncertaintyFail } from './errors';
import type { Parameter } from './parameters';
import { type Flat, type ProbeBase, probe } from './probe';

const PROBE_STEP = 0.01;
const AGREE = 1e-10;
/**
 * How close a fit found at 1 ± δ must come to the probes at the ends of the span (relative): a kink, clamp or
 * threshold in between misses by far more; a fit that holds to this is kept (an affine factor with a tiny
 * curvature is not tabulated for it).
 */
const ENDS_AGREE = 1e-6;
const GRID = 17;
/** The most exact accounts a parameter is probed by: 1 ± δ, the two ends of its span, and a grid when tabulated. */
export const PROBES_PER_PARAMETER = 2 + 2 + GRID;

/** Factor kinds of the kernel (evaluate.ts). */
export const enum Kind {
  Pow = 0,
  X = 1,
  InvX = 2,
  Affine = 3,
  Shift = 4,
  Table = 5,
}

export interface Plan {
  parameters: Parameter[];
  indicators: { code: string; category: Category }[];
  /** Per monomial: its indicator, weights at current and comparable prices, and its first factor. */
  monomialIndicator: Int32Array;
  weightCurrent: Float64Array;
  weightComparable: Float64Array;
  factorStart: Int32Array;
  /** Per factor: parameter, kind, exponent or slope, table number. */
  factorParameter: Int32Array;
  factorKind: Uint8Array;
  factorA: Float64Array;
  factorTable: Int32Array;
  /** Tables: the grid of table t is tableX/tableY[tableStart[t] .. tableStart[t + 1]). */
  tableStart: Int32Array;
  tableX: Float64Array;
  tableY: Float64Array;
  /** Exact accounts run to build the plan. */
  accounts: number;
  /** Parameters with a factor that is not a power (affine or tabulated), with how many valuations use it so. */
  fallbacks: { parameter: string; affine: number; tabulated: number }[];
}

interface Factor {
  p: number;
  kind: Kind;
  a: number;
  table: number[] | null;
}

export type Fit = { kind: Kind; a: number } | 'none' | 'table';

/** How a valuation moved with one parameter: v⁰, v(1 + δ), v(1 − δ) (exported for its tests). */
export function fit(v0: number, up: number, down: number): Fit {
  if (up === v0 && down === v0) return 'none';
  const tol = AGREE * Math.max(Math.abs(v0), Math.abs(up), Math.abs(down));
  if (v0 !== 0 && up / v0 > 0 && down / v0 > 0) {
    let e = Math.log(up / v0) / Math.log(1 + PROBE_STEP);
    if (Math.abs(e - Math.round(e)) < 1e-9) e = Math.round(e);
    if (Math.abs(v0 * Math.pow(1 - PROBE_STEP, e) - down) <= tol)
      return { kind: e === 1 ? Kind.X : e === -1 ? Kind.InvX : Kind.Pow, a: e };
  }
  const slope = (up - v0) / PROBE_STEP;
  if (Math.abs(v0 - slope * PROBE_STEP - down) <= tol)
    return v0 === 0 ? { kind: Kind.Shift, a: slope } : { kind: Kind.Affine, a: slope / v0 };
  return 'table';
}

/**
 * Whether a fit found at 1 ± δ gives the probed value `y` at the multiplier `x` (to ENDS_AGREE relative; exported for
 * its tests).
 */
export function fitHolds(f: Exclude<Fit, 'table'>, v0: number, x: number, y: number): boolean {
  const predicted =
    f === 'none'
      ? v0
      : f.kind === Kind.Affine
        ? v0 * (1 + f.a * (x - 1))
        : f.kind === Kind.Shift
          ? f.a * (x - 1)
          : v0 * Math.pow(x, f.a);
  return Math.abs(predicted - y) <= ENDS_AGREE * Math.max(Math.abs(v0), Math.abs(y), Math.abs(predicted));
}

const int32 = anInstanceOf(Int32Array);
const float64 = anInstanceOf(Float64Array);

/**
 * The outline of a plan (compilePlan's value) that the draws, the kernel and the sensitivities read: its parts and
 * their kinds, not their contents.
 */
const planOutline = z.looseObject({
  parameters: anArray,
  indicators: anArray,
  monomialIndicator: int32,
  weightCurrent: float64,
  weightComparable: float64,
  factorStart: int32,
  factorParameter: int32,
  factorKind: anInstanceOf(Uint8Array),
  factorA: float64,
  factorTable: int32,
  tableStart: int32,
  tableX: float64,
  tableY: float64,
});

/**
 * Whether `plan` has planOutline, member by member as it is written there: a test of some ten nanoseconds where
 * zod's parse of a plan takes microseconds, several times evaluatePlan's kernel for a county (a draw per call).
 * False for every plan the outline refuses (each member refused alone: src/uncertainty/plan.test.ts), so that zod,
 * asked then, names the member.
 */
function hasPlanOutline(plan: unknown): boolean {
  if (typeof plan !== 'object' || plan === null) return false;
  const p = plan as Partial<Record<keyof Plan, unknown>>;
  return (
    Array.isArray(p.parameters) &&
    Array.isArray(p.indicators) &&
    p.monomialIndicator instanceof Int32Array &&
    p.weightCurrent instanceof Float64Array &&
    p.weightComparable instanceof Float64Array &&
    p.factorStart instanceof Int32Array &&
    p.factorParameter instanceof Int32Array &&
    p.factorKind instanceof Uint8Array &&
    p.factorA instanceof Float64Array &&
    p.factorTable instanceof Int32Array &&
    p.tableStart instanceof Int32Array &&
    p.tableX instanceof Float64Array &&
    p.tableY instanceof Float64Array
  );
}

/**
 * Refuse what is not a plan of compilePlan (null, `{}`, a plan whose arrays were turned into JSON): ARGUMENT_INVALID
 * at `plan` and the part's path, never a TypeError or NaN from the kernel. Constant time; zod is asked for the
 * issue only when the plan lacks the outline.
 */
export function checkPlanArgument(plan: unknown): void {
  if (!hasPlanOutline(plan)) checkArgument(planOutline, plan, ['plan']);
}

/** What compilePlan reads of its arguments first: the probe base, the exact account and the parameters. */
const baseOutline = z.looseObject({ options: aRecord, uses: anInstanceOf(Map) });
const exactOutline = z.looseObject({ indicators: anArray });
// a parameter's distribution is read by every probe: each parameter's outline, once per compilation
const parametersOutline = z.array(z.looseObject({ id: z.string(), distribution: aRecord }));

/**
 * The plan of an account: `base` (the input, the account options and the unscaled account's coefficients by id),
 * `exact` (that account's result) and its `parameters`. An argument of another kind is ARGUMENT_INVALID at its
 * name (`base`, `exact`, `parameters`) and the part's path.
 */
export function compilePlan(base: ProbeBase, exact: AccountResult, parameters: Parameter[]): Plan {
  checkArgument(baseOutline, base, ['base']);
  checkArgument(exactOutline, exact, ['exact']);
  checkArgument(parametersOutline, parameters, ['parameters']);
  // The point, every parameter at × 1: each input path is checked to hold a number, nothing is moved.
  const flat0 = probe(base, parameters, new Map(parameters.map((_, p) => [p, 1])));
  let accounts = 1;
  const n = flat0.current.length;
  const deps: { p: number; fit: Fit }[][] = Array.from({ length: n }, () => []);
  const tables = new Map<number, Flat[]>();
  // Comparable / current of a valuation that is 0 at the point (a constant: one amount moved by fixed ratios).
  const zeroRatio = new Float64Array(n);
  parameters.forEach((param, p) => {
    // A parameter every draw holds at its value (a zero-width distribution at 1: a constant a law, a standard or
    // stoichiometry fixes) has x = 1 in every draw and moves nothing: it is not probed, and no account is moved off
    // it (a share of exactly 1 would refuse a probe at 1.01).
    if (heldAtValue(param)) return;
    const at = (x: number) => sameShape(flat0, probe(base, parameters, new Map([[p, x]])), param);
    const up = at(1 + PROBE_STEP);
    const down = at(1 - PROBE_STEP);
    // The ends of the parameter's span: a threshold, a clamp at 0 or a min() the account crosses between the point
    // and an end is not seen at 1 ± δ (an excess of negative ions clamped at 0, a purification capped by capacity).
    const [lo, hi] = span(param.distribution);
    const ends = [...new Set([lo, hi])].map((x) => ({ x, flat: at(x) }));
    accounts += 2 + ends.length;
    for (let v = 0; v < n; v++) {
      const v0 = flat0.current[v] as number;
      let f = fit(v0, up.current[v] as number, down.current[v] as number);
      if (
        f !== 'table' &&
        ends.some((e) => !fitHolds(f as Exclude<Fit, 'table'>, v0, e.x, e.flat.current[v] as number))
      )
        f = 'table';
      if (f === 'none') continue;
      deps[v]?.push({ p, fit: f });
      // A valuation of 0 at the point takes its comparable / current ratio from a probe that moved it: up, down,
      // or an end of the span.
      const moved = [up, down, ...ends.map((e) => e.flat)].find((m) => m.current[v] !== 0);
      if (v0 === 0 && moved !== undefined)
        zeroRatio[v] = (moved.comparable[v] as number) / (moved.current[v] as number);
    }
  });
  parameters.forEach((param, p) => {
    if (!deps.some((d) => d.some((x) => x.p === p && x.fit === 'table'))) return;
    const [lo, hi] = span(param.distribution);
    const grid = gridOf(lo, hi);
    tables.set(
      p,
      grid.map((x) => sameShape(flat0, probe(base, parameters, new Map([[p, x]])), param)),
    );
    accounts += grid.length;
  });
  return assemblePlan(exact, parameters, flat0, deps, tables, zeroRatio, accounts);
}

/** Whether every draw of the parameter's multiplier is exactly 1 (its sample, and so its whole span, is 1). */
function heldAtValue(param: Parameter): boolean {
  const [lo, hi] = span(param.distribution);
  return lo === 1 && hi === 1;
}

function gridOf(lo: number, hi: number): number[] {
  if (hi <= lo) return [lo];
  return Array.from({ length: GRID }, (_, k) => lo + ((hi - lo) * k) / (GRID - 1));
}

function sameShape(base: Flat, f: Flat, p: Parameter | undefined): Flat {
  if (f.shape !== base.shape)
    uncertaintyFail('UNCERTAINTY_PROBE_FAILED', [], {
      parameter: p?.id ?? '',
      detail: 'the account has other lines when it is moved',
      detailZh: '参数变动后核算出现了其他的行',
    });
  return f;
}

function assemblePlan(
  exact: AccountResult,
  parameters: Parameter[],
  flat0: Flat,
  deps: { p: number; fit: Fit }[][],
  tables: Map<number, Flat[]>,
  zeroRatio: Float64Array,
  accounts: number,
): Plan {
  const monomials = new Map<string, { ind: number; wc: number; wk: number; factors: Factor[] }>();
  const add = (ind: number, wc: number, wk: number, factors: Factor[]) => {
    const key = `${ind}|${JSON.stringify(factors)}`;
    const m = monomials.get(key);
    if (m === undefined) monomials.set(key, { ind, wc, wk, factors });
    else {
      m.wc += wc;
      m.wk += wk;
    }
  };
  const fallbacks = parameters.map((p) => ({ parameter: p.id, affine: 0, tabulated: 0 }));
  const xGrid = new Map(
    [...tables.keys()].map((p) => [p, gridOf(...span((parameters[p] as Parameter).distribution))]),
  );
  for (let v = 0; v < flat0.current.length; v++) {
    const ind = flat0.indicator[v] as number;
    const c0 = flat0.current[v] as number;
    const k0 = flat0.comparable[v] as number;
    const factors = (deps[v] ?? []).map(({ p, fit: f }): Factor => {
      const fb = fallbacks[p] as (typeof fallbacks)[number];
      if (f === 'table') {
        fb.tabulated++;
        const ys = (tables.get(p) as Flat[]).map((t) => (t.current[v] as number) / (c0 === 0 ? 1 : c0));
        return { p, kind: Kind.Table, a: 0, table: ys };
      }
      if (f !== 'none' && (f.kind === Kind.Affine || f.kind === Kind.Shift)) fb.affine++;
      return { p, kind: (f as { kind: Kind }).kind, a: (f as { a: number }).a, table: null };
    });
    if (c0 !== 0 || factors.length === 0) {
      add(ind, c0, k0, factors);
      continue;
    }
    // A valuation of 0 at the point: the sum of its per-parameter moves (h_vp(1) = 0 for each).
    for (const f of factors) add(ind, 1, zeroRatio[v] as number, [f]);
  }
  return pack(exact, parameters, [...monomials.values()], xGrid, accounts, fallbacks);
}

function pack(
  exact: AccountResult,
  parameters: Parameter[],
  ms: { ind: number; wc: number; wk: number; factors: Factor[] }[],
  xGrid: Map<number, number[]>,
  accounts: number,
  fallbacks: Plan['fallbacks'],
): Plan {
  const factors = ms.flatMap((m) => m.factors);
  const tabled = factors.filter((f) => f.table !== null);
  const tableStart = new Int32Array(tabled.length + 1);
  tabled.forEach((f, t) => (tableStart[t + 1] = (tableStart[t] as number) + (f.table as number[]).length));
  const tableX = new Float64Array(tableStart[tabled.length] as number);
  const tableY = new Float64Array(tableX.length);
  tabled.forEach((f, t) => {
    tableX.set(xGrid.get(f.p) as number[], tableStart[t]);
    tableY.set(f.table as number[], tableStart[t]);
  });
  const factorStart = new Int32Array(ms.length + 1);
  ms.forEach((m, i) => (factorStart[i + 1] = (factorStart[i] as number) + m.factors.length));
  let t = 0;
  return {
    parameters,
    indicators: exact.indicators.map((i) => ({ code: i.code, category: i.category })),
    monomialIndicator: Int32Array.from(ms.map((m) => m.ind)),
    weightCurrent: Float64Array.from(ms.map((m) => m.wc)),
    weightComparable: Float64Array.from(ms.map((m) => m.wk)),
    factorStart,
    factorParameter: Int32Array.from(factors.map((f) => f.p)),
    factorKind: Uint8Array.from(factors.map((f) => f.kind)),
    factorA: Float64Array.from(factors.map((f) => f.a)),
    factorTable: Int32Array.from(factors.map((f) => (f.table === null ? -1 : t++))),
    tableStart,
    tableX,
    tableY,
    accounts,
    fallbacks: fallbacks.filter((f) => f.affine + f.tabulated > 0),
  };
}
