import { createRequire } from 'node:module';
import DecimalJs from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Decimal,
  NUMBER_LIMITS,
  dec,
  outOfRangeParams,
  readDecimal,
  roundTo,
  shortValue,
  sum,
  toPlain,
  tryDecimal,
} from './decimal';

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

describe('readDecimal: the bounded parser of every input number (docs/limits.md)', () => {
  const problem = (x: unknown) => {
    const r = readDecimal(x);
    return r.ok ? r.value.toFixed() : r.problem;
  };
  it('accepts the edges of the limits and refuses beyond them', () => {
    // |x| < 10^21: 999…9 (21 nines) is in, 1e21 is out; a non-zero |x| ≥ 1e-30.
    expect(problem('9'.repeat(21))).toBe('9'.repeat(21));
    expect(problem('1e21')).toBe('out-of-range');
    expect(problem(-1e21)).toBe('out-of-range');
    expect(problem('1e-30')).toBe(`0.${'0'.repeat(29)}1`);
    expect(problem('1e-31')).toBe('out-of-range');
    expect(problem('0e-99999')).toBe('0');
    expect(problem('-0.000')).toBe('0');
    // 40 significant digits are in, 41 are not (they would be rounded away unseen).
    expect(problem(`0.${'1'.repeat(40)}`)).toBe(`0.${'1'.repeat(40)}`);
    expect(problem(`0.${'1'.repeat(41)}`)).toBe('too-precise');
    expect(problem('1'.repeat(NUMBER_LIMITS.maxLength + 1))).toBe('too-long');
  });
  it('refuses the exponents that hung or printed Infinity, quickly', () => {
    const t = Date.now();
    // decimal.js keeps 1e9000000000000000 (its largest exponent), turns 1e90000000000000000 into Infinity and
    // 1e-90000000000000000 into 0: all are out of range.
    for (const x of [
      '1e9000000000000000',
      '1e90000000000000000',
      '1e1000000',
      '-1e9000000000000000',
      '1e-90000000000000000',
    ])
      expect(problem(x)).toBe('out-of-range');
    expect(problem(1e300)).toBe('out-of-range');
    expect(Date.now() - t).toBeLessThan(1000);
  });
  it('keeps NaN, infinities and junk as not-finite', () => {
    for (const x of [Number.NaN, Infinity, 'Infinity', 'NaN', '1,5', '', null, {}, new Decimal(Infinity)])
      expect(problem(x)).toBe('not-finite');
  });
  it('reads a Decimal as it is, refusing one beyond 40 significant digits or not finite', () => {
    expect(problem(new Decimal('1.5'))).toBe('1.5');
    // decimal.js keeps every digit of a string it is built from: 42 significant digits
    expect(problem(new Decimal(`1.${'1'.repeat(41)}`))).toBe('too-precise');
    expect(problem(new Decimal(Number.NaN))).toBe('not-finite');
  });
  it('allows 100 characters of text around a number, padding included', () => {
    // 98 spaces + "12" = 100 characters: within maxLength; 101 are not
    expect(problem(`${' '.repeat(98)}12`)).toBe('12');
    expect(problem(`${' '.repeat(99)}12`)).toBe('too-long');
  });
  it('shortValue keeps 40 characters and cuts longer values to 37 and an ellipsis', () => {
    expect(shortValue('x'.repeat(40))).toBe('x'.repeat(40));
    expect(shortValue('x'.repeat(41))).toBe(`${'x'.repeat(37)}…`);
    expect(shortValue(12.5)).toBe('12.5');
  });
  it('outOfRangeParams: the value as shortValue writes it and the bounds of NUMBER_LIMITS', () => {
    // maxExponent 20: magnitudes below 10^(20 + 1) = 1e21; minExponent -30: non-zero ones at least 1e-30.
    expect(outOfRangeParams('1e-400')).toEqual({ value: '1e-400', max: '1e21', min: '1e-30' });
    // 0. and 400 zeros and a 1: 403 characters, cut to 37 and an ellipsis.
    expect(outOfRangeParams(`0.${'0'.repeat(400)}1`).value).toBe(`0.${'0'.repeat(35)}…`);
  });
  it('shortValue describes a number that is not finite, never printing Infinity or NaN', () => {
    // JSON.parse reads 1e309 as Infinity and -1e309 as -Infinity.
    expect(shortValue(JSON.parse('1e309'))).toBe('a number too large for a double');
    expect(shortValue(JSON.parse('-1e309'))).toBe('a negative number too large for a double');
    expect(shortValue(Number.NaN)).toBe('not a number');
    // Text is text: the word written is the word shown.
    expect(shortValue('Infinity')).toBe('Infinity');
    expect(shortValue(-0)).toBe('0');
  });
  it('dec reads trimmed text and numbers, and names what it refuses', () => {
    expect(dec(' 2.5 ').toFixed()).toBe('2.5');
    expect(dec(2.5).toFixed()).toBe('2.5');
    expect(() => dec(Number.POSITIVE_INFINITY)).toThrow(
      new RangeError('not a finite decimal: a number too large for a double'),
    );
    expect(() => dec('abc')).toThrow(new RangeError('not a finite decimal: abc'));
  });
  it('dec reads a Decimal of another copy of decimal.js (another build of gepkit) by its value', () => {
    // `instanceof` fails across copies: x.trim was called on it (a TypeError).
    // decimal.js' CommonJS file, beside the ESM one this module imports: another copy, as in a mixed ESM/CJS program.
    const Other = createRequire(import.meta.url)('decimal.js') as typeof DecimalJs;
    expect(new Other('1.5') instanceof Decimal).toBe(false);
    expect(dec(new Other('1.5') as never).toFixed()).toBe('1.5');
    // 12 345 678 × 10³⁰: its text in exponent notation, read exactly.
    expect(dec(new Other('1.2345678e37') as never).eq('12345678e30')).toBe(true);
    expect(dec(new Other('-0.001') as never).toFixed()).toBe('-0.001');
    expect(() => dec(new Other(Number.NaN) as never)).toThrow(RangeError);
    expect(() => dec(new Other(Infinity) as never)).toThrow(RangeError);
    // Anything else that is no decimal: the RangeError, not a TypeError.
    expect(() => dec({} as never)).toThrow(new RangeError('not a finite decimal: [object Object]'));
    // an object shaped like a Decimal is none: only an instance of a decimal.js copy is read
    const shaped = { d: [15], e: 0, s: 1, toFixed: () => '1.5', toString: () => '1.5' };
    expect(() => dec(shaped as never)).toThrow(new RangeError('not a finite decimal: 1.5'));
    expect(() => dec(null as never)).toThrow(RangeError);
  });
  it('dec keeps reading trusted values beyond the input limits, never non-finite ones', () => {
    expect(dec('1e25').toFixed()).toBe(`1${'0'.repeat(25)}`);
    expect(() => dec('1e90000000000000000')).toThrow(RangeError);
    expect(() => dec(new Decimal(Infinity))).toThrow(RangeError);
  });
  it('agrees with the former parser wherever the limits hold (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const r = readDecimal(x);
        const d = new Decimal(x);
        const inRange = d.isZero() || (d.e <= NUMBER_LIMITS.maxExponent && d.e >= NUMBER_LIMITS.minExponent);
        expect(r.ok).toBe(inRange);
        if (r.ok) expect(r.value.eq(d)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
