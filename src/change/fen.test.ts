import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import { roundFen, yuanOfFen } from './fen';

const d = (s: string) => new Decimal(s);

describe('yuanOfFen: 元 text with two decimals', () => {
  it('whole 元, fen, and amounts below a 元 or a jiao padded with zeros', () => {
    // 12345 分 = 123.45 元; 100 分 = 1.00 元; 5 分 = 0.05 元; 50 分 = 0.50 元; 0 分 = 0.00 元
    expect(yuanOfFen(12345n)).toBe('123.45');
    expect(yuanOfFen(100n)).toBe('1.00');
    expect(yuanOfFen(5n)).toBe('0.05');
    expect(yuanOfFen(50n)).toBe('0.50');
    expect(yuanOfFen(0n)).toBe('0.00');
    // beyond 2⁵³ fen: 12 345 678 901 234 567 891 分 = 123 456 789 012 345 678.91 元
    expect(yuanOfFen(12345678901234567891n)).toBe('123456789012345678.91');
  });

  it('a negative amount has its sign before the 元, its digits padded as a positive one', () => {
    // -5 分 = -0.05 元; -100 分 = -1.00 元; -12345 分 = -123.45 元; -1 分 = -0.01 元
    expect(yuanOfFen(-5n)).toBe('-0.05');
    expect(yuanOfFen(-100n)).toBe('-1.00');
    expect(yuanOfFen(-12345n)).toBe('-123.45');
    expect(yuanOfFen(-1n)).toBe('-0.01');
  });

  it('property: the text is the fen divided by 100 with two decimals', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), (fen) => {
        expect(yuanOfFen(fen)).toBe(new Decimal(fen.toString()).div(100).toFixed(2));
      }),
      { numRuns: 300 },
    );
  });
});

describe('roundFen: to the fen, half to even', () => {
  it('below and above half a fen', () => {
    // 12.344 元 = 1234.4 分 → 1234; 12.346 元 = 1234.6 分 → 1235; 7 元 = 700 分
    expect(roundFen(d('12.344'))).toBe(1234n);
    expect(roundFen(d('12.346'))).toBe(1235n);
    expect(roundFen(d('7'))).toBe(700n);
    expect(roundFen(d('0'))).toBe(0n);
  });

  it('a half fen goes to the even fen, for positive and negative amounts', () => {
    // 0.005 元 = 0.5 分 → 0; 0.015 元 = 1.5 分 → 2; 0.025 元 = 2.5 分 → 2; 12.345 元 = 1234.5 分 → 1234
    expect(roundFen(d('0.005'))).toBe(0n);
    expect(roundFen(d('0.015'))).toBe(2n);
    expect(roundFen(d('0.025'))).toBe(2n);
    expect(roundFen(d('12.345'))).toBe(1234n);
    // -0.015 元 = -1.5 分 → -2; -0.025 元 = -2.5 分 → -2; -12.3451 元 = -1234.51 分 → -1235
    expect(roundFen(d('-0.015'))).toBe(-2n);
    expect(roundFen(d('-0.025'))).toBe(-2n);
    expect(roundFen(d('-12.3451'))).toBe(-1235n);
  });

  it('amounts past 2⁵³ fen are exact', () => {
    // 123 456 789 012 345 678.915 元 = 12 345 678 901 234 567 891.5 分 → 12 345 678 901 234 567 892 (even)
    expect(roundFen(d('123456789012345678.915'))).toBe(12345678901234567892n);
    expect(yuanOfFen(roundFen(d('123456789012345678.915')))).toBe('123456789012345678.92');
  });
});
