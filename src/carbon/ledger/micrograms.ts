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

/**
 * toMicrograms from the plain text of a non-negative decimal (`d.toFixed()`: every digit, no exponent, no
 * trailing zeros): the integer digits and the first 6 decimals, read as one integer. The batch has the text
 * anyway (the result line writes it), so the rounding pass of toFixed(6) is not run a second time.
 * test/carbon/fast-paths.test.ts checks it against toMicrograms.
 */
export function microgramsOfPlain(plain: string): bigint {
  const dot = plain.indexOf('.');
  if (dot < 0) return BigInt(plain) * MICRO;
  const frac = plain.length - dot - 1;
  const six = frac >= 6 ? plain.slice(dot + 1, dot + 7) : plain.slice(dot + 1) + '000000'.slice(frac);
  return BigInt(plain.slice(0, dot) + six);
}

/** µg as a plain decimal string of g, without trailing zeros: 80_000n → "0.08", 2_000_000n → "2". */
export function microgramsText(u: bigint): string {
  const neg = u < 0n;
  const a = neg ? -u : u;
  const int = (a / MICRO).toString();
  // The decimals without trailing zeros: below 10⁶, the fraction is exact as a number.
  let f = Number(a % MICRO);
  if (f === 0) return `${neg ? '-' : ''}${int}`;
  let places = 6;
  while (f % 10 === 0) {
    f /= 10;
    places--;
  }
  return `${neg ? '-' : ''}${int}.${String(f).padStart(places, '0')}`;
}
