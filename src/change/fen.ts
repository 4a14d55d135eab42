import { Decimal } from '../core/decimal';

/**
 * Money in fen (分, 0.01 元) as exact integers: sums of fen are exact and independent of order. Formatting never
 * rounds silently; `roundFen` is the one rounding (half to even, the engine's default rounding of money).
 */

/** 元 string with two decimals, from fen: 12345n → "123.45", -5n → "-0.05". */
export function yuanOfFen(fen: bigint): string {
  const neg = fen < 0n;
  const s = (neg ? -fen : fen).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** Round an amount in 元 to the fen, half to even. */
export function roundFen(yuan: Decimal): bigint {
  return BigInt(yuan.times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toFixed(0));
}
