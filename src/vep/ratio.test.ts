import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import {
  add,
  compare,
  decimalOfRatio,
  div,
  floorFenOf,
  gcd,
  lcm,
  mul,
  ratio,
  ratioOf,
  reduce,
  roundFenOf,
  sub,
} from './ratio';

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
    expect(() => ratio(1, 0)).toThrow(new RangeError('a ratio needs a non-zero denominator'));
    expect(() => div(half, ratio(0))).toThrow(RangeError);
  });

  it('gcd is never negative, 0 only for two zeros; lcm of two positive integers', () => {
    // gcd(12, 18) = 6 whatever the signs (bigint % keeps the dividend's sign); gcd(0, 7) = 7; gcd(0, 0) = 0
    expect([gcd(12n, 18n), gcd(-12n, 18n), gcd(12n, -18n), gcd(-12n, -18n)]).toEqual([6n, 6n, 6n, 6n]);
    expect([gcd(0n, 7n), gcd(7n, 0n), gcd(0n, -7n), gcd(0n, 0n), gcd(17n, 5n)]).toEqual([7n, 7n, 7n, 0n, 1n]);
    // Euclid on signed numbers ends on a negative remainder here: gcd(-18, 12) → −6 and gcd(12, −18) → −6 unsigned
    expect([gcd(-18n, 12n), gcd(18n, -12n)]).toEqual([6n, 6n]);
    // lcm(4, 6) = 4 / 2 × 6 = 12; lcm(1, 9) = 9; lcm(10, 100) = 100
    expect([lcm(4n, 6n), lcm(1n, 9n), lcm(10n, 100n)]).toEqual([12n, 9n, 100n]);
  });

  it('compares two ratios by cross-multiplying (denominators positive)', () => {
    // 1/3 = 0.333… > 333/1000; 2/4 = 1/2; −1/2 < 1/3; 1 200.01 / 1 000 = 1.20001 > 12/10
    expect(compare(ratio(1, 3), ratio(333, 1000))).toBe(1);
    expect(compare(ratio(333, 1000), ratio(1, 3))).toBe(-1);
    expect(compare(ratio(2, 4), ratio(1, 2))).toBe(0);
    expect(compare(ratio(-1, 2), ratio(1, 3))).toBe(-1);
    expect(compare(div(d('1200.01'), d('1000')), d('1.2'))).toBe(1);
    expect(compare(div(d('1200'), d('1000')), d('1.2'))).toBe(0);
  });

  it('compare agrees with Decimal comparison of the quotients (property)', () => {
    const r = fc.tuple(fc.bigInt(-(10n ** 12n), 10n ** 12n), fc.bigInt(1n, 10n ** 9n));
    fc.assert(
      fc.property(r, r, ([an, ad], [bn, bd]) => {
        const exact = new Decimal(String(an * bd)).cmp(new Decimal(String(bn * ad)));
        expect(compare(ratio(an, ad), ratio(bn, bd))).toBe(exact);
      }),
    );
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
    // a whole negative number of fen is its own floor and rounding: −0.05 元 = −5 fen; −21/105 元 = −0.2 元 = −20 fen
    expect([d('-0.05'), ratio(-21, 105)].map(floorFenOf)).toEqual([-5n, -20n]);
    expect([d('-0.05'), ratio(-21, 105)].map(roundFenOf)).toEqual([-5n, -20n]);
  });

  it('keeps a common denominator when adding, and reduces to lowest terms with the sign on n', () => {
    // 1/3 + 1/3 = 2/3 (the weights of a comparison, all over 10, keep the denominator 10: 0.3 + 0.5 = 8/10)
    expect(add(ratio(1, 3), ratio(1, 3))).toEqual({ n: 2n, d: 3n });
    expect(add(d('0.3'), d('0.5'))).toEqual({ n: 8n, d: 10n });
    // 6/4 = 3/2; −6/4 = −3/2; 0/5 = 0/1; 5/7 stays; 12.50 → 1250/100 = 25/2
    expect([ratio(6, 4), ratio(-6, 4), ratio(0, 5), ratio(5, 7), d('12.50')].map(reduce)).toEqual([
      { n: 3n, d: 2n },
      { n: -3n, d: 2n },
      { n: 0n, d: 1n },
      { n: 5n, d: 7n },
      { n: 25n, d: 2n },
    ]);
  });

  const int = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
  const pos = fc.bigInt({ min: 1n, max: 10n ** 30n });
  // Euclid on magnitudes, written apart from the module's
  const euclid = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : euclid(b, a % b));

  it('reduce keeps the value, a positive denominator, and leaves no common factor (property)', () => {
    fc.assert(
      fc.property(
        int,
        int.filter((x) => x !== 0n),
        (n, m) => {
          const r = reduce(ratio(n, m));
          expect(r.n * m).toBe(n * r.d); // r.n / r.d = n / m
          expect(r.d > 0n).toBe(true);
          expect(euclid(r.n, r.d)).toBe(1n); // lowest terms: nothing left to divide out
        },
      ),
      { numRuns: 200 },
    );
  });

  it('add and sub agree with the cross-multiplied sum, whatever the denominators (property)', () => {
    fc.assert(
      fc.property(int, pos, int, pos, (a, b, c, e) => {
        const [x, y] = [ratio(a, b), ratio(c, e)];
        const s = add(x, y);
        expect(s.n * b * e).toBe((a * e + c * b) * s.d);
        const t = sub(x, y);
        expect(t.n * b * e).toBe((a * e - c * b) * t.d);
        expect(add(x, ratio(c, b))).toEqual({ n: a + c, d: b }); // one denominator: kept
      }),
      { numRuns: 200 },
    );
  });

  it('rounds to the fen as floor and half-even division of 100 n by d would (property)', () => {
    fc.assert(
      fc.property(int, pos, (n, m) => {
        const exact = new Decimal((100n * n).toString()).div(m.toString()); // 40 digits are enough: |100 n / m| < 10³³
        const f = floorFenOf(ratio(n, m));
        expect(f * m <= 100n * n && 100n * n < (f + 1n) * m).toBe(true);
        expect(roundFenOf(ratio(n, m)).toString()).toBe(
          exact.toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toFixed(),
        );
      }),
      { numRuns: 300 },
    );
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
    // more than 40 digits before the point: 10⁴⁶ + 5·10⁶ keeps 40 digits, 10³⁹ (× 10⁷) + a half → 10⁴⁶ (even);
    // 10⁴⁶ + 15·10⁶ → (10³⁹ + 1.5) × 10⁷ → 10⁴⁶ + 2·10⁷; 10⁴⁶ / 7 = 1428…571428 (40 digits) 571428.57… → up, …1429 × 10⁶
    expect(decimalOfRatio(ratio(10n ** 46n + 5n * 10n ** 6n)).toFixed()).toBe((10n ** 46n).toString());
    expect(decimalOfRatio(ratio(10n ** 46n + 15n * 10n ** 6n, 1)).toFixed()).toBe(
      (10n ** 46n + 2n * 10n ** 7n).toString(),
    );
    expect(decimalOfRatio(ratio(10n ** 46n, 7)).toFixed()).toBe(`${'142857'.repeat(6)}1429${'0'.repeat(6)}`);
    // zero, over any denominator, is 0 and not −0
    const zero = decimalOfRatio(ratio(0, 7));
    expect([zero.toFixed(), zero.isNegative()]).toEqual(['0', false]);
  });

  it('prints what Decimal division to 40 digits, half to even, gives (property)', () => {
    const big = fc.bigInt({ min: -(10n ** 60n), max: 10n ** 60n });
    fc.assert(
      fc.property(big, fc.bigInt({ min: 1n, max: 10n ** 60n }), (n, m) => {
        const got = decimalOfRatio(ratio(n, m));
        expect(got.toFixed()).toBe(new Decimal(n.toString()).div(m.toString()).toFixed());
        expect(got.isNegative()).toBe(n < 0n);
      }),
      { numRuns: 300 },
    );
  });
});
