import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import { fenOfYuan, floorFen, pow10, roundFen, scaled, yuanOfFen } from './fen';

const d = (s: string) => new Decimal(s);

describe('fenOfYuan: exact fen of an amount in 元, or nothing', () => {
  it('whole fen give their integer', () => {
    // 12.34 元 × 100 = 1234 分; 0.05 元 = 5 分; -0.05 元 = -5 分; 7 元 = 700 分
    expect(fenOfYuan(d('12.34'))).toBe(1234n);
    expect(fenOfYuan(d('0.05'))).toBe(5n);
    expect(fenOfYuan(d('-0.05'))).toBe(-5n);
    expect(fenOfYuan(d('7'))).toBe(700n);
    expect(fenOfYuan(d('0'))).toBe(0n);
    // beyond 2⁵³ fen: 123 456 789 012 345 678.91 元 = 12 345 678 901 234 567 891 分, exactly
    expect(fenOfYuan(d('123456789012345678.91'))).toBe(12345678901234567891n);
  });

  it('a fraction of a fen is refused, not rounded', () => {
    // 12.345 元 = 1234.5 分; 0.001 元 = 0.1 分; -0.009 元 = -0.9 分
    expect(fenOfYuan(d('12.345'))).toBeUndefined();
    expect(fenOfYuan(d('0.001'))).toBeUndefined();
    expect(fenOfYuan(d('-0.009'))).toBeUndefined();
  });

  it('property: 元 text of any fen reads back as the same fen', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), (fen) => {
        expect(fenOfYuan(d(yuanOfFen(fen)))).toBe(fen);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('property: an amount with a third decimal that is not 0 has no exact fen', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.integer({ min: 1, max: 9 }),
        (fen, milli) => {
          // a third decimal after whole fen, e.g. 1234 分 → "12.34" → "12.343" 元 = 1234.3 分
          const text = yuanOfFen(fen) + String(milli);
          expect(fenOfYuan(d(text))).toBeUndefined();
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);
});

describe('floorFen: down to the fen (a loan ceiling never exceeds its base)', () => {
  it('drops what is below a fen, never rounding up', () => {
    // 12.349 元 = 1234.9 分 → 1234; 0.009 元 = 0.9 分 → 0; 5 元 = 500 分; 0.015 元 = 1.5 分 → 1 (not 2)
    expect(floorFen(d('12.349'))).toBe(1234n);
    expect(floorFen(d('0.009'))).toBe(0n);
    expect(floorFen(d('5'))).toBe(500n);
    expect(floorFen(d('0.015'))).toBe(1n);
    expect(floorFen(d('0.025'))).toBe(2n);
  });

  it('property: floorFen ≤ roundFen ≤ floorFen + 1, and x − 1 fen < floor ≤ x', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 22n }), fc.integer({ min: 0, max: 9999 }), (fen, frac) => {
        // x = fen + frac / 10 000 fen, as 元 text with six decimals
        const x = d(yuanOfFen(fen)).plus(d(String(frac)).div(1_000_000));
        const f = floorFen(x);
        expect(f).toBe(fen);
        const r = roundFen(x);
        expect(r === f || r === f + 1n).toBe(true);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});

describe('scaled: a decimal as an integer and a power of ten', () => {
  it('hand-made', () => {
    // 12.5 = 125 / 10¹ (decimal.js drops the trailing zero of "12.50")
    expect(scaled(d('12.50'))).toEqual({ int: 125n, scale: 1 });
    // 0.0042 = 42 / 10⁴
    expect(scaled(d('0.0042'))).toEqual({ int: 42n, scale: 4 });
    // -3.25 = -325 / 10²
    expect(scaled(d('-3.25'))).toEqual({ int: -325n, scale: 2 });
    // an integer: scale 0
    expect(scaled(d('1200'))).toEqual({ int: 1200n, scale: 0 });
    expect(scaled(d('-7'))).toEqual({ int: -7n, scale: 0 });
    // exponent notation is written out: 1e-7 = 1 / 10⁷, 1e21 = 10²¹ / 10⁰
    expect(scaled(d('1e-7'))).toEqual({ int: 1n, scale: 7 });
    expect(scaled(d('1e21'))).toEqual({ int: 10n ** 21n, scale: 0 });
  });

  it('property: int / 10^scale is the decimal, with no trailing zero in the fraction', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 30 }),
        (n, e) => {
          const x = d(n.toString()).div(d('10').pow(e));
          const s = scaled(x);
          expect(d(s.int.toString()).div(d('10').pow(s.scale)).eq(x)).toBe(true);
          expect(s.scale === 0 || s.int % 10n !== 0n).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);
});

describe('pow10', () => {
  it('gives 10ⁿ for any n, asked in any order', () => {
    expect(pow10(0)).toBe(1n);
    expect(pow10(3)).toBe(1000n);
    expect(pow10(1)).toBe(10n);
    expect(pow10(30)).toBe(10n ** 30n);
    expect(pow10(2)).toBe(100n);
    expect(pow10(45)).toBe(10n ** 45n);
    for (let n = 0; n <= 60; n++) expect(pow10(n)).toBe(10n ** BigInt(n));
    // Far past any scale met in practice: 10⁴⁰⁰ is a 1 followed by 400 zeros.
    expect(pow10(400).toString()).toBe(`1${'0'.repeat(400)}`);
  });

  it('refuses an exponent that is negative or not a whole number', () => {
    expect(() => pow10(-1)).toThrow(RangeError);
    expect(() => pow10(1.5)).toThrow(RangeError);
  });
});
