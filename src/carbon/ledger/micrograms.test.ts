import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../core/decimal';
import { MICRO, microgramsOfPlain, microgramsText, toMicrograms } from './micrograms';

/** Non-negative decimals of every shape: integers, up to 40 significant digits, many decimals, large and tiny. */
const nonNegativeDecimal = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 40n - 1n }).map((n) => new Decimal(n.toString())),
  fc
    .tuple(fc.bigInt({ min: 0n, max: 10n ** 40n - 1n }), fc.integer({ min: -20, max: 30 }))
    .map(([n, k]) => new Decimal(`${n}e${-k}`)),
  fc
    .constantFrom('0', '-0', '0.000001', '0.0000009', '1', '102.74', '9.6', '1e20', '1e-30')
    .map((s) => new Decimal(s)),
  fc.double({ min: 0, max: 1e21, noNaN: true }).map((x) => new Decimal(x)),
);

describe('micrograms', () => {
  it('microgramsOfPlain(d.toFixed()) is toMicrograms(d) for any non-negative decimal', () => {
    fc.assert(
      fc.property(nonNegativeDecimal, (d) => {
        expect(microgramsOfPlain(d.toFixed())).toBe(toMicrograms(d));
      }),
      { numRuns: 5000 },
    );
    // By hand: 102.74 g = 102 740 000 µg; 0.0000009 g rounds down to 0 µg; 9.6 g = 9 600 000 µg.
    expect(microgramsOfPlain('102.74')).toBe(102_740_000n);
    expect(microgramsOfPlain('0.0000009')).toBe(0n);
    expect(microgramsOfPlain('9.6')).toBe(9_600_000n);
    expect(microgramsOfPlain('150')).toBe(150_000_000n);
  }, 60_000);

  it('microgramsText writes the plain decimal of g, as a decimal written with trailing zeros dropped', () => {
    // The reference: the decimal of u / 10⁶ written by decimal.js (exact, no exponent, no trailing zeros).
    const reference = (u: bigint) => new Decimal(u.toString()).div(new Decimal(MICRO.toString())).toFixed();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
          fc.bigInt({ min: 0n, max: MICRO - 1n }),
          fc.bigInt({ min: 0n, max: 999n }).map((n) => n * 1000n),
        ),
        (u) => {
          expect(microgramsText(u)).toBe(reference(u));
        },
      ),
      { numRuns: 5000 },
    );
    expect(microgramsText(80_000n)).toBe('0.08');
    expect(microgramsText(2_000_000n)).toBe('2');
    expect(microgramsText(-740_000n)).toBe('-0.74');
    expect(microgramsText(1n)).toBe('0.000001');
  }, 60_000);
});
