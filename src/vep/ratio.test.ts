import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import { add, decimalOfRatio, div, floorFenOf, mul, ratio, ratioOf, reduce, roundFenOf, sub } from './ratio';

const d = (x: string) => ratioOf(new Decimal(x));

describe('exact ratios for the appraisal figures rounded once', () => {
  it('reads a decimal exactly and does arithmetic without rounding', () => {
    expect(d('12.5')).toEqual({ n: 125n, d: 10n });
    expect(d('-0.05')).toEqual({ n: -5n, d: 100n });
    // 1/3 + 1/6 = 1/2; 1/2 − 3/4 = −1/4; (2/3) × (3/4) = 1/2; (1/2) ÷ (−1/4) = −2
    const half = add(ratio(1, 3), ratio(1, 6));
    expect(reduce(half)).toEqual({ n: 1n, d: 2n });
    expect(reduce(sub(half, ratio(3, 4)))).toEqual({ n: -1n, d: 4n });
    expect(reduce(mul(ratio(2, 3), ratio(3, 4)))).toEqual({ n: 1n, d: 2n });
    expect(reduce(div(half, ratio(-1, 4)))).toEqual({ n: -2n, d: 1n });
    expect(ratio(1, -2)).toEqual({ n: -1n, d: 2n });
    expect(() => ratio(1, 0)).toThrow(RangeError);
    expect(() => div(half, ratio(0))).toThrow(RangeError);
  });

  it('rounds to the fen half to even, and down, from the exact value', () => {
    // 0.125 元 = 12.5 fen → 12 (even); 0.135 → 13.5 → 14; −0.125 → −12; 1/3 元 = 33.33… fen → 33; 2/3 → 66.67 → 67
    expect([d('0.125'), d('0.135'), d('-0.125'), ratio(1, 3), ratio(2, 3)].map(roundFenOf)).toEqual([
      12n,
      14n,
      -12n,
      33n,
      67n,
    ]);
    // 617.275 元 (0.5 亩 × 1 234.55 元/亩, written 1 234.55 × 1000/3 × 1/(2 × 1000/3)) → 61 727.5 fen → 61 728
    expect(roundFenOf(mul(d('1234.55'), div(ratio(1000, 3), ratio(2000, 3))))).toBe(61_728n);
    // down: 2/3 元 → 66 fen; −0.001 元 → −0.1 fen → −1 (floor, not toward zero); 20 000 元 exactly → 2 000 000
    expect([ratio(2, 3), d('-0.001'), ratio(2_100_000, 105)].map(floorFenOf)).toEqual([66n, -1n, 2_000_000n]);
  });

  it('prints a ratio to 40 significant digits, exactly when its decimal form ends there', () => {
    expect(decimalOfRatio(ratio(617_275, 1000)).toFixed()).toBe('617.275');
    expect(decimalOfRatio(ratio(1, 30)).toFixed()).toBe('0.03333333333333333333333333333333333333333');
    expect(decimalOfRatio(ratio(-2_100_000, 105)).toFixed()).toBe('-20000');
    // 41 digits rounded to 40, half to even: (10⁴⁰ + 5)/10 = 10³⁹ + 0.5 → 10³⁹; (10⁴⁰ + 15)/10 → 10³⁹ + 2;
    // −(10⁴⁰ + 15)/10 → −(10³⁹ + 2); 2/3 → 0.666…67 (40 sixes and sevens: 39 sixes, then 7)
    const big = 10n ** 40n;
    expect(decimalOfRatio(ratio(big + 5n, 10n)).toFixed()).toBe((big / 10n).toString());
    expect(decimalOfRatio(ratio(big + 15n, 10n)).toFixed()).toBe((big / 10n + 2n).toString());
    expect(decimalOfRatio(ratio(-(big + 15n), 10n)).toFixed()).toBe(`-${big / 10n + 2n}`);
    expect(decimalOfRatio(ratio(2, 3)).toFixed()).toBe(`0.${'6'.repeat(39)}7`);
  });
});
