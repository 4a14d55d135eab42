/**
 * The draw plan: the exact account compiled into a sum of monomials over parameter multipliers x_p = θ_p / θ_p⁰.
 *
 *   valuation v (of indicator i):   v(x) = v⁰ · Π_p g_vp(x_p)                     (v⁰ ≠ 0)
 *                                   v(x) = [Σ_p h_vp(x_p)] · Π_q g_vq(x_q)       (v⁰ = 0: p its activators, q the
 *                                                                                 others, fitted at an anchor)
 *   g_vp(x) = x^e                   when v is a power of θ_p (e found from one probe, checked by a second)
 *           = 1 + a·(x − 1)         when v is affine in θ_p (checked the same way)
 *           = tabulated, linear between the probes of a grid over the distribution's 0.05–99.95 % range otherwise
 *
 * Each parameter is probed by two exact accounts at x = 1 ± δ (δ = 1 %); a factor is "power" or "affine" only when
 * the second probe agrees with the first to 1e-10 relative, else it is tabulated (17 more exact accounts per
 * parameter; a valuation's crossing of 0 between two grid points is found and added, zeroCrossings). Valuations of
 * one indicator with the same factors are merged into one monomial (weights summed). The product form is exact for a
 * valuation that is a product of per-parameter functions; where two parameters meet inside one sum (a − b), the
 * plan drops their cross term. The uncertainty run checks the plan against exact accounts at joint draws and warns
 * where it is off (docs/uncertainty.md, ADR 0014, ADR 0068).
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
/**
 * The exact accounts a parameter is probed by at the point: 1 ± δ, the two ends of its span, and a grid when
 * tabulated (zero crossings and anchors add accounts where a plan needs them, at most CROSSING_BUDGET per table and
 * MAX_ANCHORS anchors: the custom formulas' work counts them as they run).
 */
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
  /** A tabulated factor's values at its multipliers `xs` (null for the others). */
  table: number[] | null;
  xs?: number[];
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
export function compilePlan(
  base: ProbeBase,
  exact: AccountResult,
  parameters: Parameter[],
  charge: (moved: readonly number[]) => void = () => {},
): Plan {
  checkArgument(baseOutline, base, ['base']);
  checkArgument(exactOutline, exact, ['exact']);
  checkArgument(parametersOutline, parameters, ['parameters']);
  // The point, every parameter at × 1: each input path is checked to hold a number, nothing is moved.
  const flat0 = probe(base, parameters, new Map(parameters.map((_, p) => [p, 1])));
  let accounts = 1;
  const n = flat0.current.length;
  const deps: { p: number; fit: Fit }[][] = Array.from({ length: n }, () => []);
  // Comparable / current of a valuation that is 0 at the point (a constant: one amount moved by fixed ratios).
  const zeroRatio = new Float64Array(n);
  // Each probed parameter's probes (1 ± δ and the span's ends) with their multipliers.
  const probes = new Map<number, { x: number; flat: Flat }[]>();
  const moved = (scales: Map<number, number>, p: number) => {
    accounts += 1;
    charge([...scales.keys()]);
    return sameShape(flat0, probe(base, parameters, scales), parameters[p]);
  };
  parameters.forEach((param, p) => {
    // A parameter every draw holds at its value (a zero-width distribution at 1: a constant a law, a standard or
    // stoichiometry fixes) has x = 1 in every draw and moves nothing: it is not probed, and no account is moved off
    // it (a share of exactly 1 would refuse a probe at 1.01).
    if (heldAtValue(param)) return;
    const found = fitsAt(flat0, (x) => moved(new Map([[p, x]]), p), span(param.distribution));
    probes.set(p, found.probes);
    found.fits.forEach((f, v) => {
      if (f === 'none') return;
      deps[v]?.push({ p, fit: f });
      // A valuation of 0 at the point takes its comparable / current ratio from a probe that moved it: up, down,
      // or an end of the span.
      const m = found.probes.find((e) => e.flat.current[v] !== 0);
      if ((flat0.current[v] as number) === 0 && m !== undefined)
        zeroRatio[v] = (m.flat.comparable[v] as number) / (m.flat.current[v] as number);
    });
  });
  const tables = new Map<number, { xs: number[]; flats: Flat[] }>();
  parameters.forEach((param, p) => {
    if (!deps.some((d) => d.some((x) => x.p === p && x.fit === 'table'))) return;
    tables.set(
      p,
      tabulate(span(param.distribution), (x) => moved(new Map([[p, x]]), p)),
    );
  });
  const anchored = anchorZeros(flat0, deps, probes, parameters, moved);
  return assemblePlan(exact, parameters, flat0, deps, tables, zeroRatio, anchored, accounts);
}

/**
 * How each valuation moves with one parameter, from `at(x)` (the account with the parameter at x): the probes at
 * 1 ± δ and at the span's ends, and each valuation's fit relative to `flat0`. A power, an affine factor or "none"
 * found at 1 ± δ is kept only where it also gives the ends (fitHolds); else the valuation is tabulated.
 */
function fitsAt(
  flat0: Flat,
  at: (x: number) => Flat,
  [lo, hi]: [number, number],
): { fits: Fit[]; probes: { x: number; flat: Flat }[] } {
  const up = at(1 + PROBE_STEP);
  const down = at(1 - PROBE_STEP);
  // The ends of the parameter's span: a threshold, a clamp at 0 or a min() the account crosses between the point
  // and an end is not seen at 1 ± δ (an excess of negative ions clamped at 0, a purification capped by capacity).
  const ends = [...new Set([lo, hi])].map((x) => ({ x, flat: at(x) }));
  const fits = Array.from(flat0.current, (v0, v) => {
    const f = fit(v0, up.current[v] as number, down.current[v] as number);
    return f !== 'table' && ends.some((e) => !fitHolds(f, v0, e.x, e.flat.current[v] as number))
      ? 'table'
      : f;
  });
  return { fits, probes: [{ x: 1 + PROBE_STEP, flat: up }, { x: 1 - PROBE_STEP, flat: down }, ...ends] };
}

/**
 * The grid of a tabulated parameter over its span (GRID points), with the exact accounts at each point; where a
 * valuation is 0 at one grid point and not at the next (a clamp or a threshold between them), the point where it
 * reaches 0 is found and added (zeroCrossings), so that the table follows the clamp rather than cutting its corner.
 */
export function tabulate(
  [lo, hi]: [number, number],
  at: (x: number) => Flat,
): { xs: number[]; flats: Flat[] } {
  const xs = gridOf(lo, hi);
  const flats = xs.map(at);
  const added = zeroCrossings(xs, flats, at);
  if (added.length === 0) return { xs, flats };
  const all = [...xs.map((x, k) => ({ x, flat: flats[k] as Flat })), ...added].sort((a, b) => a.x - b.x);
  return { xs: all.map((e) => e.x), flats: all.map((e) => e.flat) };
}

/** Most exact accounts spent finding one valuation's zero between two grid points. */
const CROSSING_STEPS = 24;
/** Most exact accounts spent finding zeros in one table (all its valuations and intervals together). */
export const CROSSING_BUDGET = 2 * CROSSING_STEPS;
/** Most anchors of the valuations that are 0 at the point (anchorZeros): each probes every parameter once more. */
export const MAX_ANCHORS = 2;

/**
 * Points where a valuation reaches 0 between two grid points (0 at one, not at the other), each found with at most
 * CROSSING_STEPS exact accounts: where the valuation moves on a straight line before its clamp (an excess, a
 * difference), the line through its two latest non-zero values gives the crossing at once, and a probe there that
 * is 0 confirms it; otherwise the interval is halved towards the crossing. Returned with their accounts.
 */
function zeroCrossings(xs: number[], flats: Flat[], at: (x: number) => Flat): { x: number; flat: Flat }[] {
  const found: { x: number; flat: Flat }[] = [];
  const n = (flats[0] as Flat).current.length;
  // Each valuation's largest size on the grid: a crossing whose non-zero side is below 10⁻⁹ of it cannot move the
  // table's interpolation by more than that, and is not looked for.
  const scale = Array.from({ length: n }, (_, v) =>
    Math.max(...flats.map((f) => Math.abs(f.current[v] as number))),
  );
  for (let k = 0; k + 1 < xs.length; k++) {
    for (let v = 0; v < n; v++) {
      // the interval may have points added already (for another valuation): search between its nearest ones
      const inside = found.filter((e) => e.x > (xs[k] as number) && e.x < (xs[k + 1] as number));
      const pts = [
        { x: xs[k] as number, flat: flats[k] as Flat },
        ...inside,
        { x: xs[k + 1] as number, flat: flats[k + 1] as Flat },
      ].sort((a, b) => a.x - b.x);
      for (let j = 0; j + 1 < pts.length; j++) {
        const a = pts[j] as { x: number; flat: Flat };
        const b = pts[j + 1] as { x: number; flat: Flat };
        const ya = a.flat.current[v] as number;
        const yb = b.flat.current[v] as number;
        if ((ya === 0) === (yb === 0) || Math.abs(ya + yb) <= 1e-9 * (scale[v] as number)) continue;
        // the non-zero side, and the grid point beyond it (for a line through two non-zero values)
        const nz = ya === 0 ? b : a;
        const z0 = ya === 0 ? a : b;
        const beyond = xs.indexOf(nz.x) + (ya === 0 ? 1 : -1);
        const prev =
          beyond >= 0 && beyond < xs.length && (flats[beyond] as Flat).current[v] !== 0
            ? { x: xs[beyond] as number, flat: flats[beyond] as Flat }
            : undefined;
        if (found.length >= CROSSING_BUDGET) return found;
        found.push(...crossing(v, nz, z0, prev, at, CROSSING_BUDGET - found.length));
      }
    }
  }
  return found;
}

/**
 * The accounts probed while finding where valuation v reaches 0 between `nz` (not 0) and `z0` (0); `prev` is a
 * non-zero point beyond `nz`, if any. Ends when a point the line predicts is 0, or after CROSSING_STEPS accounts
 * (the last points probed are kept: the table is as fine there as the steps allowed).
 */
function crossing(
  v: number,
  nz: { x: number; flat: Flat },
  z0: { x: number; flat: Flat },
  prev: { x: number; flat: Flat } | undefined,
  at: (x: number) => Flat,
  budget: number,
): { x: number; flat: Flat }[] {
  const out: { x: number; flat: Flat }[] = [];
  let near = nz;
  let far = z0;
  let before = prev;
  // Close enough: a point within 10⁻⁹ of the grid interval from the crossing's bracket, or a value within 10⁻⁹ of the
  // non-zero end's, leaves an interpolation error far below float64 draws' own (the crossing on a grid point itself,
  // up to rounding, is found at once).
  const width = Math.abs(nz.x - z0.x);
  const small = 1e-9 * Math.abs(nz.flat.current[v] as number);
  for (let step = 0; step < Math.min(CROSSING_STEPS, budget); step++) {
    const yn = near.flat.current[v] as number;
    let x = (near.x + far.x) / 2;
    let predicted = false;
    if (before !== undefined) {
      const yb = before.flat.current[v] as number;
      const c = near.x - (yn * (near.x - before.x)) / (yn - yb);
      // the line reaches 0 at the zero end itself (up to rounding, on either side of it): nothing to add
      if (Math.abs(c - far.x) <= 1e-9 * width) break;
      if (Number.isFinite(c) && c > Math.min(near.x, far.x) && c < Math.max(near.x, far.x)) {
        x = c;
        predicted = true;
      }
    }
    if (Math.min(Math.abs(x - near.x), Math.abs(x - far.x)) <= 1e-9 * width) break;
    const point = { x, flat: at(x) };
    out.push(point);
    if (Math.abs(point.flat.current[v] as number) <= small) {
      // the crossing, up to the rounding of x as a decimal: recorded as the 0 it is (a table value of 10⁻¹³ here
      // would interpolate to 10⁻¹³ where every exact account is 0)
      point.flat.current[v] = 0;
      point.flat.comparable[v] = 0;
      if (predicted) break;
      far = point;
    } else {
      before = near;
      near = point;
    }
  }
  return out;
}

/**
 * Factors of the valuations that are 0 at the point, from parameters that do not move them there: a price or a
 * lifetime multiplies an excess that is 0 at the point, and moves it wherever the excess is not. Each such valuation
 * is anchored at the probe where a parameter that moves it (an activator) moved it most, and every other parameter
 * is probed there (fitsAt at the anchor): its factor relative to the valuation at the anchor. Valuations anchored at
 * one probe share its accounts. By valuation: the factors found (none for a valuation nothing moves).
 */
function anchorZeros(
  flat0: Flat,
  deps: { p: number; fit: Fit }[][],
  probes: Map<number, { x: number; flat: Flat }[]>,
  parameters: Parameter[],
  moved: (scales: Map<number, number>, p: number) => Flat,
): Map<number, Factor[]> {
  // Candidate anchors: each probe of an activator, with the zero valuations it moves off 0.
  const zeros = deps.flatMap((d, v) => ((flat0.current[v] as number) === 0 && d.length > 0 ? [v] : []));
  const candidates = [...probes].flatMap(([p, es]) =>
    es.map((e) => ({
      p,
      x: e.x,
      flat: e.flat,
      vs: zeros.filter((v) => e.flat.current[v] !== 0 && (deps[v] ?? []).some((d) => d.p === p)),
    })),
  );
  // At most MAX_ANCHORS anchors, each the candidate that moves the most valuations not anchored yet (the first such
  // in parameter and probe order); a valuation left without one keeps its sum of moves alone.
  const groups: { p: number; x: number; flat: Flat; vs: number[] }[] = [];
  const left = new Set(zeros);
  while (groups.length < MAX_ANCHORS && left.size > 0) {
    let best: (typeof candidates)[number] | undefined;
    let covered = 0;
    for (const c of candidates) {
      const k = c.vs.filter((v) => left.has(v)).length;
      if (k > covered) {
        best = c;
        covered = k;
      }
    }
    if (best === undefined) break;
    const vs = best.vs.filter((v) => left.has(v));
    vs.forEach((v) => left.delete(v));
    groups.push({ p: best.p, x: best.x, flat: best.flat, vs });
  }
  const out = new Map<number, Factor[]>();
  for (const g of groups) {
    parameters.forEach((param, q) => {
      if (q === g.p || heldAtValue(param)) return;
      const vs = g.vs.filter((v) => !(deps[v] ?? []).some((d) => d.p === q));
      if (vs.length === 0) return;
      const found = fitsAt(
        g.flat,
        (x) =>
          moved(
            new Map([
              [g.p, g.x],
              [q, x],
            ]),
            q,
          ),
        span(param.distribution),
      );
      let table: { xs: number[]; flats: Flat[] } | undefined;
      for (const v of vs) {
        const f = found.fits[v] as Fit;
        if (f === 'none') continue;
        if (f !== 'table') {
          out.set(v, [...(out.get(v) ?? []), { p: q, kind: f.kind, a: f.a, table: null }]);
          continue;
        }
        table ??= tabulate(span(param.distribution), (x) =>
          moved(
            new Map([
              [g.p, g.x],
              [q, x],
            ]),
            q,
          ),
        );
        const y0 = g.flat.current[v] as number;
        out.set(v, [
          ...(out.get(v) ?? []),
          {
            p: q,
            kind: Kind.Table,
            a: 0,
            table: table.flats.map((t) => (t.current[v] as number) / y0),
            xs: table.xs,
          },
        ]);
      }
    });
  }
  return out;
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
  tables: Map<number, { xs: number[]; flats: Flat[] }>,
  zeroRatio: Float64Array,
  anchored: Map<number, Factor[]>,
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
  const count = (f: Factor) => {
    const fb = fallbacks[f.p] as (typeof fallbacks)[number];
    if (f.kind === Kind.Table) fb.tabulated++;
    else if (f.kind === Kind.Affine || f.kind === Kind.Shift) fb.affine++;
  };
  for (let v = 0; v < flat0.current.length; v++) {
    const ind = flat0.indicator[v] as number;
    const c0 = flat0.current[v] as number;
    const k0 = flat0.comparable[v] as number;
    const factors = (deps[v] ?? []).map(({ p, fit: f }): Factor => {
      if (f === 'table') {
        const t = tables.get(p) as { xs: number[]; flats: Flat[] };
        const ys = t.flats.map((flat) => (flat.current[v] as number) / (c0 === 0 ? 1 : c0));
        return { p, kind: Kind.Table, a: 0, table: ys, xs: t.xs };
      }
      return { p, kind: (f as { kind: Kind }).kind, a: (f as { a: number }).a, table: null };
    });
    factors.forEach(count);
    if (c0 !== 0 || factors.length === 0) {
      add(ind, c0, k0, factors);
      continue;
    }
    // A valuation of 0 at the point: the sum of its per-parameter moves (h_vp(1) = 0 for each), each times the
    // factors of the parameters that do not move it at the point but at its anchor (anchorZeros).
    const common = anchored.get(v) ?? [];
    common.forEach(count);
    for (const f of factors) add(ind, 1, zeroRatio[v] as number, [f, ...common]);
  }
  return pack(exact, parameters, [...monomials.values()], accounts, fallbacks);
}

function pack(
  exact: AccountResult,
  parameters: Parameter[],
  ms: { ind: number; wc: number; wk: number; factors: Factor[] }[],
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
    tableX.set(f.xs as number[], tableStart[t]);
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
