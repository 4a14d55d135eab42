import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import { sumInOrder } from './sum';

/** The reference: decimal.js adding each value to a sum that starts from zero. */
const fromZero = (values: readonly Decimal[]) => values.reduce((s, v) => s.plus(v), new Decimal(0));

describe('sumInOrder', () => {
  it('adds by hand', () => {
    // 0.1 + 0.2 + 0.3 = 0.6; the empty sum is 0; leading zeros add nothing.
    expect(sumInOrder(['0.1', '0.2', '0.3'].map((x) => new Decimal(x))).toFixed()).toBe('0.6');
    expect(sumInOrder([]).toFixed()).toBe('0');
    expect(sumInOrder([new Decimal('-0'), new Decimal(0), new Decimal('2.5')]).toFixed()).toBe('2.5');
    // A first value of 41 significant digits is rounded to 40 (half-even), as 0 + x rounds it.
    const long = new Decimal('1.0000000000000000000000000000000000000005');
    expect(sumInOrder([long]).toFixed()).toBe(fromZero([long]).toFixed());
    expect(sumInOrder([long]).toFixed()).toBe('1');
  });

  it('gives the digits, exponent and sign of the sum from zero, for any values', () => {
    const value = fc
      .tuple(fc.boolean(), fc.stringMatching(/^[0-9]{1,44}$/), fc.integer({ min: -30, max: 20 }))
      .map(([neg, ds, e]) => new Decimal(`${neg ? '-' : ''}${ds}e${e}`));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 12 }), (values) => {
        const a = sumInOrder(values);
        const b = fromZero(values);
        expect([a.toFixed(), a.isNeg(), a.e, a.sd()]).toEqual([b.toFixed(), b.isNeg(), b.e, b.sd()]);
      }),
      { numRuns: 2000 },
    );
  }, 60_000);
});
