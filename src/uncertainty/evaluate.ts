/**
 * The draw kernel: samples every parameter's multiplier and evaluates the plan's monomials in float64 over typed
 * arrays. Targets per draw, in this order: per indicator (current, comparable), per category (material,
 * regulating, cultural; current, comparable), GEP (current, comparable).
 */
import * as z from 'zod/mini';
import { fail } from '../core/errors';
import { checkArgument, failArgument, wholeFrom } from '../core/options';
import type { Category } from '../indicators/spec';
import { sample } from './distributions';
import { Kind, type Plan, checkPlanArgument } from './plan';
import { MAX_SEED, Xoshiro128 } from './prng';

export const CATEGORIES: readonly Category[] = ['material', 'regulating', 'cultural'];

/** The number of targets per draw: a value at current and at comparable prices per indicator, category and GEP. */
export function targetCount(plan: Plan): number {
  checkPlanArgument(plan);
  return 2 * (plan.indicators.length + CATEGORIES.length + 1);
}

/** Refuse what is no Float64Array of at least `n` (its values past the end would read as NaN or be lost). */
function checkLength(a: unknown, n: number, at: string, what: string): void {
  if (!(a instanceof Float64Array)) failArgument([at], 'Float64Array', a);
  if (a.length < n)
    fail('ARGUMENT_INVALID', [at], {
      detail: `expected Float64Array of ${n} (one per ${what}), received one of ${a.length}`,
    });
}

/**
 * Per indicator, the plan's values at multipliers x (one per parameter), added into cur and cmp (one per
 * indicator, which the caller zeroes). A plan or an array of another kind, or an array shorter than that, is
 * ARGUMENT_INVALID at its name.
 */
export function evaluatePlan(plan: Plan, x: Float64Array, cur: Float64Array, cmp: Float64Array): void {
  checkPlanArgument(plan);
  checkLength(x, plan.parameters.length, 'x', 'parameter');
  checkLength(cur, plan.indicators.length, 'cur', 'indicator');
  checkLength(cmp, plan.indicators.length, 'cmp', 'indicator');
  evaluateKernel(plan, x, cur, cmp);
}

/** evaluatePlan without its checks: the draws' and the sensitivities' loop, over arrays they sized themselves. */
export function evaluateKernel(plan: Plan, x: Float64Array, cur: Float64Array, cmp: Float64Array): void {
  const { factorStart, factorParameter, factorKind, factorA, factorTable, tableStart, tableX, tableY } = plan;
  const mi = plan.monomialIndicator;
  const wc = plan.weightCurrent;
  const wk = plan.weightComparable;
  for (let m = 0; m < mi.length; m++) {
    let prod = 1;
    for (let f = factorStart[m] as number; f < (factorStart[m + 1] as number); f++) {
      const v = x[factorParameter[f] as number] as number;
      switch (factorKind[f]) {
        case Kind.X:
          prod *= v;
          break;
        case Kind.InvX:
          prod /= v;
          break;
        case Kind.Pow:
          prod *= Math.pow(v, factorA[f] as number);
          break;
        case Kind.Affine:
          prod *= 1 + (factorA[f] as number) * (v - 1);
          break;
        case Kind.Shift:
          prod *= (factorA[f] as number) * (v - 1);
          break;
        default: {
          const t = factorTable[f] as number;
          prod *= interpolate(tableX, tableY, tableStart[t] as number, tableStart[t + 1] as number, v);
        }
      }
    }
    const i = mi[m] as number;
    cur[i] = (cur[i] as number) + (wc[m] as number) * prod;
    cmp[i] = (cmp[i] as number) + (wk[m] as number) * prod;
  }
}

/** Linear between grid points; linear from the end segment beyond the grid (0.1 % of draws reach there). */
function interpolate(xs: Float64Array, ys: Float64Array, a: number, b: number, v: number): number {
  if (b - a === 1) return ys[a] as number;
  let k = a;
  while (k < b - 2 && v > (xs[k + 1] as number)) k++;
  const x0 = xs[k] as number;
  const x1 = xs[k + 1] as number;
  const y0 = ys[k] as number;
  return y0 + (((ys[k + 1] as number) - y0) * (v - x0)) / (x1 - x0);
}

/** Fold per-indicator values into the targets row (categories and GEP appended). */
function fillTargets(plan: Plan, cur: Float64Array, cmp: Float64Array, row: Float64Array, at: number): void {
  const n = plan.indicators.length;
  const cats = new Float64Array(6);
  for (let i = 0; i < n; i++) {
    row[at + 2 * i] = cur[i] as number;
    row[at + 2 * i + 1] = cmp[i] as number;
    const c = CATEGORIES.indexOf((plan.indicators[i] as { category: Category }).category);
    cats[2 * c] = (cats[2 * c] as number) + (cur[i] as number);
    cats[2 * c + 1] = (cats[2 * c + 1] as number) + (cmp[i] as number);
  }
  row.set(cats, at + 2 * n);
  row[at + 2 * n + 6] = (cats[0] as number) + (cats[2] as number) + (cats[4] as number);
  row[at + 2 * n + 7] = (cats[1] as number) + (cats[3] as number) + (cats[5] as number);
}

/** A seed of the generator: an integer from 0 to MAX_SEED (a larger one, a negative one or a text would wrap). */
export const seedSchema = wholeFrom(0).check(z.lte(MAX_SEED));

/**
 * `draws` draws from `seed`: a draws × targetCount matrix, row by row. Reproducible bit for bit. A plan of another
 * kind, draws that are no whole number ≥ 1 or a seed outside 0 to MAX_SEED is ARGUMENT_INVALID at its name.
 */
export function runDraws(plan: Plan, draws: number, seed: number): Float64Array {
  checkPlanArgument(plan);
  checkArgument(wholeFrom(1), draws, ['draws']);
  checkArgument(seedSchema, seed, ['seed']);
  const rng = new Xoshiro128(seed);
  const T = targetCount(plan);
  const out = new Float64Array(draws * T);
  const x = new Float64Array(plan.parameters.length);
  const n = plan.indicators.length;
  const cur = new Float64Array(n);
  const cmp = new Float64Array(n);
  const dists = plan.parameters.map((p) => p.distribution);
  for (let d = 0; d < draws; d++) {
    for (let p = 0; p < dists.length; p++) x[p] = sample(dists[p] as (typeof dists)[number], rng);
    cur.fill(0);
    cmp.fill(0);
    evaluateKernel(plan, x, cur, cmp);
    fillTargets(plan, cur, cmp, out, d * T);
  }
  return out;
}

export interface Stats {
  mean: string;
  sd: string;
  p5: string;
  p50: string;
  p95: string;
}

/**
 * Mean, sample standard deviation and the 5/50/95 % quantiles (linear between order statistics), to `places`. The
 * sums run over the draws' differences from the first draw, compensated (Neumaier): a million GEP draws of 7 × 10¹⁰
 * 元 would pass 2⁵³ summed as they are and lose the fen (a mean 0.58 元 off and an sd of 0.58 for draws that are all
 * equal).
 */
export function stats(matrix: Float64Array, T: number, column: number, places: number): Stats {
  const n = matrix.length / T;
  const v = new Float64Array(n);
  const origin = matrix[column] as number;
  const sum = new CompensatedSum();
  for (let d = 0; d < n; d++) sum.add((v[d] = matrix[d * T + column] as number) - origin);
  const shift = sum.total() / n;
  const mean = origin + shift;
  const ss = new CompensatedSum();
  for (let d = 0; d < n; d++) ss.add(((v[d] as number) - origin - shift) ** 2);
  v.sort();
  const q = (p: number) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const a = v[lo] as number;
    return lo + 1 < n ? a + (h - lo) * ((v[lo + 1] as number) - a) : a;
  };
  const f = (x: number) => x.toFixed(places);
  return {
    mean: f(mean),
    sd: f(n > 1 ? Math.sqrt(ss.total() / (n - 1)) : 0),
    p5: f(q(0.05)),
    p50: f(q(0.5)),
    p95: f(q(0.95)),
  };
}

/** A sum of doubles with Neumaier's compensation: what each addition rounds off is kept and added at the end. */
class CompensatedSum {
  private sum = 0;
  private lost = 0;
  add(x: number): void {
    const t = this.sum + x;
    this.lost += Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum;
    this.sum = t;
  }
  total(): number {
    return this.sum + this.lost;
  }
}
