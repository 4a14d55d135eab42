import DecimalJs from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { Decimal, dec, roundTo, sum, toPlain, tryDecimal } from './decimal';

describe('Decimal (configured clone)', () => {
  it('keeps 40 significant digits and is not affected by the global decimal.js configuration', () => {
    DecimalJs.set({ precision: 5 });
    try {
      // 1/3 to 40 digits: the global setting of 5 digits must not leak into gepkit's clone.
      expect(new Decimal(1).div(3).toFixed()).toBe('0.3333333333333333333333333333333333333333');
    } finally {
      DecimalJs.set({ precision: 20 });
    }
  });

  it('adds decimal fractions exactly where binary floating point does not', () => {
    // 0.1 + 0.2 = 0.3 exactly (in float64 it is 0.30000000000000004).
    expect(dec('0.1').plus(dec('0.2')).toFixed()).toBe('0.3');
    expect(0.1 + 0.2).not.toBe(0.3);
  });

  it('is immutable: operations return new values', () => {
    const a = dec('7.06');
    const b = a.times(2);
    expect(a.toFixed()).toBe('7.06');
    expect(b.toFixed()).toBe('14.12');
  });

  it('refuses NaN, infinities and junk', () => {
    for (const bad of [
      Number.NaN,
      Infinity,
      -Infinity,
      '',
      'abc',
      '1,000',
      'NaN',
      '1e',
      null,
      undefined,
      {},
    ]) {
      expect(tryDecimal(bad)).toBeUndefined();
    }
    expect(() => dec(Number.NaN)).toThrow(RangeError);
    expect(tryDecimal(' 12.50 ')?.toFixed()).toBe('12.5');
    expect(tryDecimal('1e3')?.toFixed()).toBe('1000');
  });

  it('sums, prints plainly and rounds with named modes', () => {
    expect(sum([dec('1.25'), dec('2.5'), dec('-0.75')]).toFixed()).toBe('3');
    expect(sum([]).toFixed()).toBe('0');
    // 1e-30 prints without exponent notation.
    expect(toPlain(dec('1e-30'))).toBe('0.000000000000000000000000000001');
    // 2.345 → 2.34 (half-even: 4 is even), 2.355 → 2.36; half-up gives 2.35 for 2.345.
    expect(roundTo(dec('2.345'), 2)).toBe('2.34');
    expect(roundTo(dec('2.355'), 2)).toBe('2.36');
    expect(roundTo(dec('2.345'), 2, 'halfUp')).toBe('2.35');
    expect(roundTo(dec('2.349'), 2, 'down')).toBe('2.34');
  });
});
