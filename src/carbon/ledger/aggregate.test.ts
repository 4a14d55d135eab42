import { describe, expect, it } from 'vitest';
import { aggregateToTonnes } from './aggregate';

describe('aggregateToTonnes', () => {
  it('whole tonnes by truncation, the remainder in grams', () => {
    // 2 999 999 g = 2 × 10⁶ + 999 999: 2 t, never rounded up to 3
    expect(aggregateToTonnes(2_999_999n)).toEqual({ tonnes: 2n, remainderGrams: 999_999n });
    expect(aggregateToTonnes(1_000_000n)).toEqual({ tonnes: 1n, remainderGrams: 0n });
    // 999 999 g: no whole tonne
    expect(aggregateToTonnes(999_999n)).toEqual({ tonnes: 0n, remainderGrams: 999_999n });
    // 10¹⁸ + 7 g = 10¹² t + 7 g, beyond 2⁵³ and exact
    expect(aggregateToTonnes(10n ** 18n + 7n)).toEqual({ tonnes: 10n ** 12n, remainderGrams: 7n });
  });

  it('0 g is 0 t and 0 g; a negative amount is refused', () => {
    expect(aggregateToTonnes(0n)).toEqual({ tonnes: 0n, remainderGrams: 0n });
    expect(() => aggregateToTonnes(-1n)).toThrow(new RangeError('grams must not be negative'));
  });
});
