/**
 * Aggregation to t CO₂ truncates (never rounds up): ⌊grams / 10⁶⌋ whole tonnes, the remainder staying in
 * grams. The conservativeness principle of certification.
 */
export function aggregateToTonnes(grams: bigint): { tonnes: bigint; remainderGrams: bigint } {
  if (grams < 0n) throw new RangeError('grams must not be negative');
  return { tonnes: grams / 1_000_000n, remainderGrams: grams % 1_000_000n };
}
