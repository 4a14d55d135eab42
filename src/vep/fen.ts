import { Decimal } from '../core/decimal';

/**
 * Money in fen (分, 0.01 元) as exact integers. Sums of fen are exact and independent of order, which is what
 * batch summaries, change accounting and dividend allocation need. Formatting and parsing never round silently:
 * `fenOfYuan` refuses (returns undefined for) an amount that is not a whole number of fen.
 */

export { yuanOfFen } from '../change/fen';

/** Exact fen of an amount in 元, or undefined when it has a fraction of a fen. */
export function fenOfYuan(yuan: Decimal): bigint | undefined {
  const f = yuan.times(100);
  return f.isInteger() ? BigInt(f.toFixed(0)) : undefined;
}

export { roundFen } from '../change/fen';

/** Round a positive or zero amount in 元 down to the fen (a loan ceiling never exceeds its base). */
export function floorFen(yuan: Decimal): bigint {
  return BigInt(yuan.times(100).toDecimalPlaces(0, Decimal.ROUND_FLOOR).toFixed(0));
}

/**
 * A decimal as an exact integer and a power-of-ten scale: 12.5 → { int: 125n, scale: 1 } (a Decimal keeps no
 * trailing zeros: 12.50 is 12.5).
 */
export function scaled(d: Decimal): { int: bigint; scale: number } {
  const s = d.toFixed();
  const dot = s.indexOf('.');
  if (dot === -1) return { int: BigInt(s), scale: 0 };
  return { int: BigInt(s.slice(0, dot) + s.slice(dot + 1)), scale: s.length - dot - 1 };
}

/**
 * 10ⁿ as a bigint, computed for each call: the scales asked for come from parcel areas and engine values (every
 * digit), so no table can hold them all, and a cache grown on demand would be module-level state. A negative or
 * fractional `n` is refused with a RangeError (from `**` or `BigInt`).
 */
export function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}
