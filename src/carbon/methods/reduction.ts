import { Decimal } from '../../core/decimal';

/**
 * ER = BE − PE − LE (baseline − project − leakage; leakage ≈ 0 for personal behaviour), in g CO₂.
 * Never negative per activity: a negative result is zero reduction, recorded as such (`negative` keeps the
 * computed value so the caller can report it). Stored as integer grams, truncated toward zero (conservative).
 */
export interface NetReduction {
  /** The exact ER in g CO₂ (may be negative). */
  readonly exact: Decimal;
  /** Credited grams: max(0, ⌊ER⌋). */
  readonly grams: bigint;
  /** Set when ER < 0: the computed value, recorded with zero credited grams. */
  readonly negative?: Decimal;
}

const ZERO = new Decimal(0);

export function netReduction(be: Decimal, pe: Decimal, le: Decimal = ZERO): NetReduction {
  return creditGrams(be.minus(pe).minus(le));
}

/** Integer grams credited for an exact reduction: zero (with the value kept) if negative, else truncated. */
export function creditGrams(exact: Decimal): NetReduction {
  if (exact.isNegative() && !exact.isZero()) return { exact, grams: 0n, negative: exact };
  return { exact, grams: BigInt(exact.toFixed(0, Decimal.ROUND_DOWN)) };
}
