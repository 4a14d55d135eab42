import DecimalJs from 'decimal.js';
import { Decimal } from '../core/decimal';

/**
 * Exact, tiling-independent sums of float64 pixel values.
 *
 * 1. Each pixel value x (float64) is rounded once to a whole number of quanta, k = round(x × 2^20) (ties to
 *    even, `quantise`): the
 *    quantum is 2^-20 ≈ 9.5e-7 of the value's unit (|error| ≤ 2^-21 per pixel). The rounding depends on the
 *    pixel only, never on the tile it falls in.
 * 2. Inside a tile the k are summed in float64: per row in plain float64 (exact while Σ|k| < 2^50 — checked,
 *    else the row is redone value by value), and the row sums with Kahan–Neumaier compensation. Since every k and every
 *    rounding error of the running sum is a whole number of quanta, the pair (s, c) holds the tile sum
 *    exactly as long as |c| < 2^53 quanta, which `tileSumInRange` checks (n ≤ 2^26 pixels per tile and
 *    Σ|k| < 2^78 quanta bound |c| ≤ n × ulp(Σ|k|)/2 ≤ 2^26 × 2^25 = 2^51).
 * 3. Tile sums are merged exactly (BigInt quanta) in the fixed tile order, then turned into a decimal.
 * Hence the total is Σ round(x × 2^20) × 2^-20 exactly, whatever the tile size or the number of workers.
 */
export const QUANTUM_BITS = 20;
export const QUANTA_PER_UNIT = 2 ** QUANTUM_BITS;
const MAX_ABS_QUANTA = 2 ** 78;
const MAX_TILE_PIXELS = 2 ** 26;

/**
 * Add one value to the accumulator slot `i` of `s` (sums), `c` (compensations) and `a` (Σ|k|, for the range
 * check). Written out in the kernels for speed; this is the reference the tests use.
 */
export function addQuantised(s: Float64Array, c: Float64Array, a: Float64Array, i: number, x: number): void {
  const k = quantise(x);
  const si = s[i] as number;
  const t = si + k;
  if (Math.abs(si) >= Math.abs(k)) c[i] = (c[i] as number) + (si - t + k);
  else c[i] = (c[i] as number) + (k - t + si);
  s[i] = t;
  a[i] = (a[i] as number) + Math.abs(k);
}

const MAGIC = 2 ** 52 + 2 ** 51;

/**
 * The canonical quantisation: x × 2^20 rounded to the nearest integer, ties to even. Below 2^50 quanta the
 * float64 "magic number" rounding (y + 1.5 × 2^52) − 1.5 × 2^52 computes exactly this; the kernels use it.
 */
export function quantise(x: number): number {
  const y = x * QUANTA_PER_UNIT;
  if (Math.abs(y) < 2 ** 50) return y + MAGIC - MAGIC;
  const r = Math.floor(y);
  const d = y - r;
  return d > 0.5 ? r + 1 : d < 0.5 ? r : r % 2 === 0 ? r : r + 1;
}

/** Kahan–Neumaier add of a whole number of quanta k into slot i. */
export function addExact(s: Float64Array, c: Float64Array, a: Float64Array, i: number, k: number): void {
  const si = s[i] as number;
  const t = si + k;
  c[i] = (c[i] as number) + (Math.abs(si) >= Math.abs(k) ? si - t + k : k - t + si);
  s[i] = t;
  a[i] = (a[i] as number) + Math.abs(k);
}

/** Whether a tile's accumulators are within the range where (s, c) is exact. */
export function tileSumInRange(a: Float64Array, pixels: number): boolean {
  if (pixels > MAX_TILE_PIXELS) return false;
  for (let i = 0; i < a.length; i++) if (!((a[i] as number) < MAX_ABS_QUANTA)) return false;
  return true;
}

/** The exact integer number of quanta held by (s, c). Both are whole numbers by construction. */
export function quantaOf(s: number, c: number): bigint {
  return BigInt(s) + BigInt(c);
}

/** Enough digits for any sum of quanta to divide exactly by 2^20 (at most 20 fractional digits). */
const Wide = DecimalJs.clone({ precision: 200, toExpNeg: -200, toExpPos: 200 });

/** A whole number of quanta as an exact decimal in the value's unit. */
export function quantaToDecimal(q: bigint): Decimal {
  return new Decimal(new Wide(q.toString()).div(QUANTA_PER_UNIT).toFixed());
}

/** The quantised value of one pixel, as the exact decimal the sums add (for tests and docs). */
export function quantised(x: number): Decimal {
  return quantaToDecimal(BigInt(quantise(x)));
}
