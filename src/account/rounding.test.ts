import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, Rounding, type RoundingName } from '../core/decimal';
import { formatter, toFixedPlaces } from './rounding';

const MODES = Object.keys(Rounding) as RoundingName[];

describe('toFixedPlaces (the printer of rounded results)', () => {
  it('rounds by each mode as decimal.js does, by hand', () => {
    // 2.345 to 2 places: the dropped digit is 5 with nothing after it; the kept 4 is even.
    expect(toFixedPlaces(new Decimal('2.345'), 2, 'halfEven')).toBe('2.34');
    expect(toFixedPlaces(new Decimal('2.355'), 2, 'halfEven')).toBe('2.36');
    expect(toFixedPlaces(new Decimal('2.3451'), 2, 'halfEven')).toBe('2.35');
    expect(toFixedPlaces(new Decimal('2.345'), 2, 'halfUp')).toBe('2.35');
    expect(toFixedPlaces(new Decimal('-2.341'), 2, 'floor')).toBe('-2.35');
    expect(toFixedPlaces(new Decimal('-2.341'), 2, 'ceil')).toBe('-2.34');
    expect(toFixedPlaces(new Decimal('2.341'), 2, 'up')).toBe('2.35');
    expect(toFixedPlaces(new Decimal('2.349'), 2, 'down')).toBe('2.34');
    // Carries through every digit, and the sign of a value rounded to zero is the value's.
    expect(toFixedPlaces(new Decimal('-99.996'), 2, 'halfEven')).toBe('-100.00');
    expect(toFixedPlaces(new Decimal('9.5'), 0, 'halfEven')).toBe('10');
    expect(toFixedPlaces(new Decimal('-0.001'), 2, 'halfEven')).toBe('-0.00');
    expect(toFixedPlaces(new Decimal('-0'), 2, 'halfEven')).toBe('0.00');
    expect(toFixedPlaces(new Decimal('12'), 3, 'halfEven')).toBe('12.000');
    expect(toFixedPlaces(new Decimal('1.5'), 3, 'halfEven')).toBe('1.500');
  });

  it('gives the string of decimal.js toFixed(places, mode) for any value, places and mode', () => {
    const digits = fc.stringMatching(/^[0-9]{1,40}$/);
    const value = fc
      .tuple(fc.boolean(), digits, fc.integer({ min: -30, max: 20 }))
      .map(([neg, ds, e]) => new Decimal(`${neg ? '-' : ''}${ds}e${e}`));
    // Values whose dropped digits are exactly a half or all nines, where rounding modes part.
    const edge = fc
      .tuple(
        fc.boolean(),
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom('5', '50', '49', '51', '9999', '0001'),
      )
      .map(
        ([neg, n, tail]) => new Decimal(`${neg ? '-' : ''}${n}.${String(n % 100).padStart(2, '0')}${tail}`),
      );
    fc.assert(
      fc.property(
        fc.oneof(value, edge),
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom(...MODES),
        (d, p, m) => {
          expect(toFixedPlaces(d, p, m)).toBe(d.toFixed(p, Rounding[m]));
        },
      ),
      { numRuns: 3000 },
    );
  }, 60_000);

  it("formatter: the defaults (2, 4 and 6 places, half-even), the caller's places and mode, and exact", () => {
    const d = new Decimal('-1234.56785');
    // no option: money to 2 places, quantities to 4, shares to 6, half-even
    const plain = formatter(undefined);
    expect(plain.rounding).toEqual({ money: 2, quantity: 4, share: 6, mode: 'halfEven' });
    // -1234.56785: to 2 places the dropped 785 is above a half → -1234.57; to 4 the dropped 5 is a half and the kept
    // 8 even → -1234.5678; to 6 nothing is dropped → -1234.567850
    expect([plain.fmt.money(d), plain.fmt.quantity(d), plain.fmt.share(d)]).toEqual([
      '-1234.57',
      '-1234.5678',
      '-1234.567850',
    ]);
    // every option given: money to 0 places, quantities to 1, shares to 3, rounding toward zero
    const own = formatter({ money: 0, quantity: 1, share: 3, mode: 'down' });
    expect(own.rounding).toEqual({ money: 0, quantity: 1, share: 3, mode: 'down' });
    expect([own.fmt.money(d), own.fmt.quantity(d), own.fmt.share(d)]).toEqual([
      '-1234',
      '-1234.5',
      '-1234.567',
    ]);
    // some given, the rest by default: quantities to 2 places away from zero (-1234.56785 → -1234.57)
    const some = formatter({ quantity: 2, mode: 'up' });
    expect(some.rounding).toEqual({ money: 2, quantity: 2, share: 6, mode: 'up' });
    expect(some.fmt.quantity(d)).toBe('-1234.57');
    // exact: every digit, for every kind of figure
    const exact = formatter('exact');
    expect(exact.rounding).toBe('exact');
    const long = new Decimal('0.1234567890123456789');
    expect([exact.fmt.money(long), exact.fmt.quantity(long), exact.fmt.share(long)]).toEqual([
      '0.1234567890123456789',
      '0.1234567890123456789',
      '0.1234567890123456789',
    ]);
  });

  it('prints a value twice in a row from one rounding (the printer remembers the last value)', () => {
    const { fmt } = formatter({ money: 2 });
    const d = new Decimal('1.005');
    // 1.005 to 2 places half-even: the dropped 5 has nothing after it and the kept 0 is even.
    expect(fmt.money(d)).toBe('1.00');
    expect(fmt.money(d)).toBe('1.00');
    expect(fmt.money(new Decimal('1.015'))).toBe('1.02');
  });
});
