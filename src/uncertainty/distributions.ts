/**
 * Distributions of a parameter as a MULTIPLIER x = θ / θ₀ of its point value θ₀: the plan (plan.ts) is written in
 * multipliers, so one sampler serves coefficients and input quantities of any unit.
 *
 *   normal      x = 1 + sd·z                       z ~ N(0, 1) (Box–Muller)
 *   lognormal   x = exp(σ·z)                       median 1, σ = ln(gsd)
 *   uniform     x = min + (max − min)·u
 *   triangular  inverse CDF of (min, mode, max)
 *   PERT        min + (max − min)·B, B ~ Beta(1 + 4(mode − min)/(max − min), 1 + 4(max − mode)/(max − min))
 *
 * A record's distribution is given in the coefficient's unit (src/coefficients/schema.ts) and divided by the
 * point value here. Where a record has none, DEFAULT_BY_GRADE applies (docs/uncertainty.md).
 */
import type { Grade, UncertaintySpec } from '../coefficients/schema';
import type { Decimal } from '../core/decimal';
import type { Path } from '../core/errors';
import { uncertaintyFail as fail } from './errors';
import type { Xoshiro128 } from './prng';

export type Multiplier =
  | { distribution: 'normal'; sd: number }
  | { distribution: 'lognormal'; sigma: number }
  | { distribution: 'uniform'; min: number; max: number }
  | { distribution: 'triangular'; min: number; mode: number; max: number }
  | { distribution: 'pert'; min: number; mode: number; max: number };

/**
 * Defaults where a coefficient carries no distribution: triangular, centred on the value, half-width by grade.
 * These widths are gepkit's convention (wider as the evidence weakens), not values of a standard.
 */
export const DEFAULT_HALF_WIDTH: Readonly<Record<Grade, number>> = {
  verified: 0.05,
  published: 0.1,
  derived: 0.2,
  secondary: 0.3,
  assumed: 0.5,
};

/**
 * The largest relative sd of a normal multiplier: 1/6, so that a draw reaches 0 or below (the parameter at 0 or of
 * the other sign: a negative price, area or divisor) with a probability below 1e-9 (Φ(−6) = 9.9e-10). A wider
 * normal is refused; a lognormal or a bounded distribution above 0 gives the spread without it.
 */
export const MAX_NORMAL_SD = 1 / 6;

/**
 * Refuse a multiplier that can reach 0 or below (UNCERTAINTY_INVALID at `path`): a bounded distribution whose min
 * is not above 0, a normal wider than MAX_NORMAL_SD. Such draws were sampled as given: a GEP sd of 3 × 10¹¹ 元 on a
 * point of 7 × 10¹⁰ from an energy-efficiency ratio drawn negative, negative areas the exact account refuses.
 */
function checkAboveZero(m: Multiplier, path: Path, scale = 1): Multiplier {
  if (m.distribution === 'normal' && m.sd > MAX_NORMAL_SD)
    fail('UNCERTAINTY_INVALID', path, {
      detail: `a normal with a relative sd of ${m.sd}, above 1/6, draws the parameter at 0 or below with a probability of 1e-9 or more (use a lognormal or a bounded distribution above 0)`,
    });
  if (
    (m.distribution === 'uniform' || m.distribution === 'triangular' || m.distribution === 'pert') &&
    !(m.min > 0)
  )
    fail('UNCERTAINTY_INVALID', path, {
      detail: `${m.distribution} reaches ${m.min * scale} (a multiplier of ${m.min}): the parameter would be drawn at 0 or of the other sign; its range must stay ${scale < 0 ? 'below' : 'above'} 0`,
    });
  return m;
}

export function defaultFor(grade: Grade, given: Partial<Record<Grade, Multiplier>> = {}): Multiplier {
  const own = given[grade];
  if (own !== undefined) return own;
  const h = DEFAULT_HALF_WIDTH[grade];
  return { distribution: 'triangular', min: 1 - h, mode: 1, max: 1 + h };
}

/** A record's distribution (in its unit) as a multiplier of `value`. */
export function multiplierOf(spec: UncertaintySpec, value: Decimal, path: Path): Multiplier {
  if (value.isZero())
    fail('UNCERTAINTY_INVALID', path, {
      detail: 'the point value is 0: a distribution around it cannot scale',
    });
  const v = value.toNumber();
  const rel = (d: Decimal) => d.toNumber() / v;
  let m: Multiplier;
  switch (spec.distribution) {
    case 'normal':
      m = { distribution: 'normal', sd: Math.abs(rel(spec.sd)) };
      if (spec.sd.isNegative()) fail('UNCERTAINTY_INVALID', path, { detail: `sd ${spec.sd.toFixed()} < 0` });
      break;
    case 'lognormal':
      if (spec.gsd.lt(1)) fail('UNCERTAINTY_INVALID', path, { detail: `gsd ${spec.gsd.toFixed()} < 1` });
      if (v < 0) fail('UNCERTAINTY_INVALID', path, { detail: 'a lognormal needs a positive value' });
      m = { distribution: 'lognormal', sigma: Math.log(spec.gsd.toNumber()) };
      break;
    default: {
      const mode = 'mode' in spec && spec.mode !== undefined ? spec.mode : value;
      if (spec.min.gt(mode) || mode.gt(spec.max))
        fail('UNCERTAINTY_INVALID', path, {
          detail: `${spec.distribution} needs min ≤ ${'mode' in spec && spec.mode !== undefined ? 'mode' : 'value'} ≤ max, got ${spec.min.toFixed()}, ${mode.toFixed()}, ${spec.max.toFixed()}`,
        });
      // A negative point value reverses the order of the multipliers.
      const [lo, hi] = v > 0 ? [rel(spec.min), rel(spec.max)] : [rel(spec.max), rel(spec.min)];
      m =
        spec.distribution === 'uniform'
          ? { distribution: 'uniform', min: lo, max: hi }
          : { distribution: spec.distribution, min: lo, mode: rel(mode), max: hi };
    }
  }
  return checkAboveZero(m, path, v);
}

/**
 * A multiplier given by the caller (`distributions`, `defaults`, `inputs[i].distribution`): checked as a record's
 * distribution is (a known distribution, finite numbers, sd and sigma ≥ 0, min ≤ mode ≤ max), UNCERTAINTY_INVALID at
 * `path` otherwise. A reversed or negative width would otherwise be sampled as given and skew every statistic.
 */
export function checkMultiplier(m: unknown, path: Path): Multiplier {
  const o = (typeof m === 'object' && m !== null ? m : {}) as Record<string, unknown>;
  const num = (k: string): number => {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isFinite(v))
      fail('UNCERTAINTY_INVALID', [...path, k], { detail: `${k} must be a finite number, got ${String(v)}` });
    return v as number;
  };
  const atLeast0 = (k: string) => {
    const v = num(k);
    if (v < 0) fail('UNCERTAINTY_INVALID', [...path, k], { detail: `${k} ${v} < 0` });
  };
  switch (o.distribution) {
    case 'normal':
      atLeast0('sd');
      break;
    case 'lognormal':
      atLeast0('sigma');
      break;
    case 'uniform': {
      const [min, max] = [num('min'), num('max')];
      if (min > max)
        fail('UNCERTAINTY_INVALID', path, { detail: `uniform needs min ≤ max, got ${min}, ${max}` });
      break;
    }
    case 'triangular':
    case 'pert': {
      const [min, mode, max] = [num('min'), num('mode'), num('max')];
      if (min > mode || mode > max)
        fail('UNCERTAINTY_INVALID', path, {
          detail: `${o.distribution} needs min ≤ mode ≤ max, got ${min}, ${mode}, ${max}`,
        });
      break;
    }
    default:
      fail('UNCERTAINTY_INVALID', [...path, 'distribution'], {
        detail: `distribution must be normal, lognormal, uniform, triangular or pert, got ${String(o.distribution)}`,
      });
  }
  return checkAboveZero(m as Multiplier, path);
}

/** A standard normal by Box–Muller (two uniforms, the cosine branch). */
function gaussian(rng: Xoshiro128): number {
  const u = rng.nextOpen();
  const w = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
}

/** Gamma(a, 1) for a ≥ 1 (Marsaglia and Tsang, 2000). */
function gamma(rng: Xoshiro128, a: number): number {
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = gaussian(rng);
    const t = 1 + c * z;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = rng.nextOpen();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

function pertShape(m: { min: number; mode: number; max: number }): [number, number] {
  const w = m.max - m.min;
  return [1 + (4 * (m.mode - m.min)) / w, 1 + (4 * (m.max - m.mode)) / w];
}

/** One draw of the multiplier. Zero-width distributions return exactly 1 (or their single value). */
export function sample(m: Multiplier, rng: Xoshiro128): number {
  switch (m.distribution) {
    case 'normal': {
      if (m.sd === 0) return 1;
      const x = 1 + m.sd * gaussian(rng);
      // Below 1e-9 a draw within MAX_NORMAL_SD; never passed on at 0 or below.
      if (x <= 0)
        fail('UNCERTAINTY_INVALID', [], {
          detail: `a normal multiplier (sd ${m.sd}) was drawn at ${x}: the parameter at 0 or of the other sign (use a lognormal or a bounded distribution)`,
        });
      return x;
    }
    case 'lognormal':
      return m.sigma === 0 ? 1 : Math.exp(m.sigma * gaussian(rng));
    case 'uniform':
      return m.max === m.min ? m.min : m.min + (m.max - m.min) * rng.next();
    case 'triangular':
      return m.max === m.min ? m.min : triangularAt(m, rng.next());
    case 'pert': {
      if (m.max === m.min) return m.min;
      const [a, b] = pertShape(m);
      const x = gamma(rng, a);
      const y = gamma(rng, b);
      return m.min + ((m.max - m.min) * x) / (x + y);
    }
  }
}

function triangularAt(m: { min: number; mode: number; max: number }, u: number): number {
  const w = m.max - m.min;
  const f = (m.mode - m.min) / w;
  return u < f
    ? m.min + Math.sqrt(u * w * (m.mode - m.min))
    : m.max - Math.sqrt((1 - u) * w * (m.max - m.mode));
}

/** The p-quantile of the multiplier (tornado ends, grids of the plan's tabulated factors). */
export function quantile(m: Multiplier, p: number): number {
  switch (m.distribution) {
    case 'normal':
      return 1 + m.sd * normalQuantile(p);
    case 'lognormal':
      return Math.exp(m.sigma * normalQuantile(p));
    case 'uniform':
      return m.min + (m.max - m.min) * p;
    case 'triangular':
      return m.max === m.min ? m.min : triangularAt(m, p);
    case 'pert':
      return m.max === m.min ? m.min : m.min + (m.max - m.min) * betaQuantile(...pertShape(m), p);
  }
}

/** Φ⁻¹(p) by Acklam's rational approximation (relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lowTail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return lowTail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -lowTail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** Beta(a, b) quantile for a, b ≥ 1: the CDF by the midpoint rule on 4,096 cells, inverted linearly. */
function betaQuantile(a: number, b: number, p: number): number {
  const n = 4096;
  const cdf = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const t = (i + 0.5) / n;
    cdf[i + 1] = (cdf[i] as number) + Math.pow(t, a - 1) * Math.pow(1 - t, b - 1);
  }
  const target = p * (cdf[n] as number);
  let i = 0;
  while (i < n && (cdf[i + 1] as number) < target) i++;
  const lo = cdf[i] as number;
  const hi = cdf[i + 1] as number;
  return (i + (hi === lo ? 0 : (target - lo) / (hi - lo))) / n;
}

/** The multiplier's support as far as the plan tabulates it: its 0.05 % and 99.95 % quantiles. */
export function span(m: Multiplier): [number, number] {
  return [quantile(m, 0.0005), quantile(m, 0.9995)];
}
