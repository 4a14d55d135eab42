import { Decimal } from '../core/decimal';
import { pow10, scaled } from './fen';

/**
 * Exact fractions of integers, for the appraisal figures that are rounded once, at the end: a market comparison's
 * weighted mean times an area in 亩 (1 亩 = 2000/3 m²) and an income capitalisation's discounted sum have no finite
 * decimal form, and rounding them to 40 digits before the one rounding to the fen can put a half-fen tie on the
 * wrong side or floor 20 000 to 19 999.99. A Ratio is n/d with d > 0, not reduced until it is printed.
 */
export interface Ratio {
  readonly n: bigint;
  readonly d: bigint;
}

/** The exact ratio of a decimal: 12.5 → 125/10. */
export function ratioOf(x: Decimal): Ratio {
  const s = scaled(x);
  return { n: s.int, d: pow10(s.scale) };
}

/** n/d of two integers (d ≠ 0), the sign carried by n. */
export function ratio(n: bigint | number, d: bigint | number = 1n): Ratio {
  const [a, b] = [BigInt(n), BigInt(d)];
  if (b > 0n) return { n: a, d: b };
  if (b < 0n) return { n: -a, d: -b };
  throw new RangeError('a ratio needs a non-zero denominator');
}

export const mul = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.n, d: a.d * b.d });
export const add = (a: Ratio, b: Ratio): Ratio =>
  a.d === b.d ? { n: a.n + b.n, d: a.d } : { n: a.n * b.d + b.n * a.d, d: a.d * b.d };
export const sub = (a: Ratio, b: Ratio): Ratio => add(a, { n: -b.n, d: b.d });
/** a ÷ b; b must not be zero. */
export const div = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d, a.d * b.n);

/** The sign of a − b: −1, 0 or 1 (denominators are positive, so cross-multiplying keeps the order). */
export function compare(a: Ratio, b: Ratio): -1 | 0 | 1 {
  const x = a.n * b.d;
  const y = b.n * a.d;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** ⌊a / b⌋ for b > 0 (bigint division truncates toward zero, so up exactly when q b > a). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b > a ? q - 1n : q;
}

/** The amount in 元 rounded down to the fen, in fen: ⌊100 q⌋. */
export function floorFenOf(q: Ratio): bigint {
  return floorDiv(q.n * 100n, q.d);
}

/** The amount in 元 rounded half to even to the fen, in fen (the one rounding of a value reported to the fen). */
export function roundFenOf(q: Ratio): bigint {
  const n = q.n * 100n;
  const f = floorDiv(n, q.d);
  const twice = 2n * (n - f * q.d); // 0 ≤ remainder < d; compare it with d/2 without dividing
  if (twice > q.d || (twice === q.d && f % 2n !== 0n)) return f + 1n;
  return f;
}

/**
 * The greatest common divisor of a and b, never negative: 0 only when both are 0.
 *
 * @example
 * gcd(-12n, 18n); // 6n
 */
export function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/**
 * The least common multiple of a, b > 0.
 *
 * @example
 * lcm(4n, 6n); // 12n
 */
export const lcm = (a: bigint, b: bigint): bigint => (a / gcd(a, b)) * b;

/** The ratio in lowest terms (the sign on the numerator). */
export function reduce(q: Ratio): Ratio {
  const g = gcd(q.n, q.d);
  return ratio(q.n / g, q.d / g);
}

/**
 * The ratio as a Decimal of at most 40 significant digits (the Decimal precision), rounded half to even from the
 * exact value: exact when its decimal form ends within them (for display; round to the fen with roundFenOf or
 * floorFenOf). One integer division, however large n and d: no gcd of numbers of thousands of digits.
 */
export function decimalOfRatio(q: Ratio): Decimal {
  const neg = q.n < 0n;
  const n = neg ? -q.n : q.n;
  const len = (x: bigint) => x.toString().length;
  // n × 10^k / d lies in (10³⁹, 10⁴¹): its integer part has 40 digits, or 41 and then one digit fewer is kept
  // (0 gives 0 × 10^−k, that is 0)
  let k = 40 - (len(n) - len(q.d));
  const scaledQuotient = (e: number) => {
    const [num, den] = e >= 0 ? [n * pow10(e), q.d] : [n, q.d * pow10(-e)];
    return { quo: num / den, rem: num % den, den };
  };
  let r = scaledQuotient(k);
  if (len(r.quo) > 40) r = scaledQuotient(--k);
  const twice = 2n * r.rem;
  const up = twice > r.den || (twice === r.den && r.quo % 2n === 1n);
  return new Decimal(`${neg ? '-' : ''}${r.quo + (up ? 1n : 0n)}e${-k}`);
}
