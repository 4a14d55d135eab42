/**
 * Sensitivity over the plan. Tornado: one parameter at a time at its low and high end (its distribution's 5 % and
 * 95 % quantiles, or 1 ∓ p), the others at their point values; ranked by the swing of GEP at current prices.
 * Sobol (optional): first-order indices S_p = V(E[GEP | x_p]) / V(GEP) by the Saltelli (2010) estimator with f(B)
 * centred, V_p ≈ mean((f(B) − f̄) · (f(A_B^p) − f(A))), from two independent sample matrices A and B of `n` rows,
 * f̄ the mean of f over A and B. Centring leaves the estimate's expectation as it is (A_B^p has A's distribution, so
 * E[f(A_B^p) − f(A)] = 0) and takes GEP's level out of its noise: uncentred, the standard error grows with
 * mean / sd of GEP, which is large for a county whose GEP is far from zero.
 */
import * as z from 'zod/mini';
import { checkArgument, wholeFrom } from '../core/options';
import { quantile, sample } from './distributions';
import { evaluateKernel, seedSchema } from './evaluate';
import type { Parameter } from './parameters';
import { type Plan, checkPlanArgument } from './plan';
import { Xoshiro128 } from './prng';

export interface TornadoBar {
  parameter: string;
  key: string;
  ecosystem: string | null;
  low: { multiplier: string; gep: string };
  high: { multiplier: string; gep: string };
  /** |GEP(high) − GEP(low)| at current prices. */
  swing: string;
}

function gepAt(plan: Plan, x: Float64Array): [number, number] {
  const n = plan.indicators.length;
  const cur = new Float64Array(n);
  const cmp = new Float64Array(n);
  evaluateKernel(plan, x, cur, cmp);
  let c = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    c += cur[i] as number;
    k += cmp[i] as number;
  }
  return [c, k];
}

/** A tornado's percent: between 0 and 100 (1 − p/100 would reach 0 or below), or none. */
const percentSchema = z.optional(z.number().check(z.gt(0), z.lt(100)));

/**
 * One-at-a-time ends by the plan: `percent` (e.g. 10 → 0.9 and 1.1) or, when absent, each distribution's p5 and
 * p95. The plan is fitted over each distribution's 0.05–99.95 % range: ends beyond it (a percent wider than a
 * distribution) are extrapolated, which `uncertainty()` avoids by accounting a percent's ends exactly. A plan of
 * another kind, or a percent that is no number between 0 and 100, is ARGUMENT_INVALID at its name.
 */
export function tornado(plan: Plan, percent?: number): TornadoBar[] {
  checkPlanArgument(plan);
  checkArgument(percentSchema, percent, ['percent']);
  const x = new Float64Array(plan.parameters.length).fill(1);
  return rankBars(
    plan.parameters.map((p, k) => {
      const lo = percent === undefined ? quantile(p.distribution, 0.05) : 1 - percent / 100;
      const hi = percent === undefined ? quantile(p.distribution, 0.95) : 1 + percent / 100;
      x[k] = lo;
      const [gl] = gepAt(plan, x);
      x[k] = hi;
      const [gh] = gepAt(plan, x);
      x[k] = 1;
      return { p, lo, hi, gl, gh };
    }),
  );
}

/**
 * Tornado bars from each parameter's two ends (multipliers `lo` and `hi`, GEP at current prices there): those that
 * move GEP, ranked by swing (largest first, then by id). Multipliers are written with up to six significant digits
 * and no trailing zeros (0.9, 1.1, 0.934512).
 */
export function rankBars(
  ends: { p: Pick<Parameter, 'id' | 'key' | 'ecosystem'>; lo: number; hi: number; gl: number; gh: number }[],
): TornadoBar[] {
  return ends
    .map((b) => ({ ...b, swing: Math.abs(b.gh - b.gl) }))
    .filter((b) => b.swing > 0)
    .sort((a, b) => b.swing - a.swing || a.p.id.localeCompare(b.p.id))
    .map((b) => ({
      parameter: b.p.id,
      key: b.p.key,
      ecosystem: b.p.ecosystem,
      low: { multiplier: String(Number(b.lo.toPrecision(6))), gep: b.gl.toFixed(2) },
      high: { multiplier: String(Number(b.hi.toPrecision(6))), gep: b.gh.toFixed(2) },
      swing: b.swing.toFixed(2),
    }));
}

/**
 * First-order Sobol indices of GEP (current prices), largest first; `n` rows per matrix, seeded. A plan of another
 * kind, `n` that is no whole number ≥ 1 or a seed outside 0 to MAX_SEED is ARGUMENT_INVALID at its name.
 */
export function sobolFirstOrder(plan: Plan, n: number, seed: number): { parameter: string; index: string }[] {
  checkPlanArgument(plan);
  checkArgument(wholeFrom(1), n, ['n']);
  checkArgument(seedSchema, seed, ['seed']);
  const P = plan.parameters.length;
  const rng = new Xoshiro128(seed);
  const draw = () => Float64Array.from(plan.parameters, (p) => sample(p.distribution, rng));
  const A = Array.from({ length: n }, draw);
  const B = Array.from({ length: n }, draw);
  const fA = A.map((a) => gepAt(plan, a)[0]);
  const fB = B.map((b) => gepAt(plan, b)[0]);
  const all = [...fA, ...fB];
  const mean = all.reduce((s, v) => s + v, 0) / all.length;
  const variance = all.reduce((s, v) => s + (v - mean) ** 2, 0) / (all.length - 1);
  const out: { parameter: string; s: number }[] = [];
  const ab = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    let acc = 0;
    for (let j = 0; j < n; j++) {
      ab.set(A[j] as Float64Array);
      ab[p] = (B[j] as Float64Array)[p] as number;
      acc += ((fB[j] as number) - mean) * (gepAt(plan, ab)[0] - (fA[j] as number));
    }
    out.push({
      parameter: (plan.parameters[p] as { id: string }).id,
      s: variance === 0 ? 0 : acc / n / variance,
    });
  }
  return out
    .sort((a, b) => b.s - a.s || a.parameter.localeCompare(b.parameter))
    .map((o) => ({ parameter: o.parameter, index: o.s.toFixed(4) }));
}
