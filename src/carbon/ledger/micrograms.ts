import { Decimal } from '../../core/decimal';

/**
 * Grams of CO₂ as integer micrograms (bigint), the resolution at which reductions are counted and remainders
 * carried: every sum of them is exact, and the floor to whole grams is an integer division.
 */
export const MICRO = 1_000_000n;

/** A non-negative decimal in g as µg, rounded down to the microgram: ⌊d × 10⁶⌋. */
export function toMicrograms(d: Decimal): bigint {
  // toFixed(6) writes every digit of the integer part and exactly 6 decimals: drop the point.
  const s = d.toFixed(6, Decimal.ROUND_DOWN);
  return BigInt(s.slice(0, -7) + s.slice(-6));
}

/** µg as a plain decimal string of g, without trailing zeros: 80_000n → "0.08", 2_000_000n → "2". */
export function microgramsText(u: bigint): string {
  const neg = u < 0n;
  const a = neg ? -u : u;
  const int = (a / MICRO).toString();
  const frac = (a % MICRO).toString().padStart(6, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac === '' ? '' : `.${frac}`}`;
}
