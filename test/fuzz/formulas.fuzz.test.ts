import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, NUMBER_LIMITS } from '../../src/core/decimal';
import { compileFormula, evaluate } from '../../src/custom/sandbox';
import { outcome } from './arbitraries';

/** Formulas from a small grammar with hostile numbers and functions, and raw junk strings. */
const leaf = fc.oneof(
  fc.constantFrom('a', 'b', '0', '1', '10', '0.5', '1e100', '1e-100', '1e1000000', '9e15', '2'),
  fc.integer({ min: -1000, max: 1000 }).map(String),
);
const formula: fc.Arbitrary<string> = fc.letrec((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '^'), tie('expr'))
      .map(([x, op, y]) => `(${x} ${op} ${y})`),
    fc
      .tuple(fc.constantFrom('sqrt', 'exp', 'log', 'abs', 'floor', 'ceil', 'round'), tie('expr'))
      .map(([f, x]) => `${f}(${x})`),
    fc
      .tuple(fc.constantFrom('min', 'max', 'pow'), tie('expr'), tie('expr'))
      .map(([f, x, y]) => `${f}(${x}, ${y})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, x, y]) => `(${c} > ${x} ? ${x} : ${y})`),
  ),
})).expr as fc.Arbitrary<string>;

describe('fuzz: formulas evaluate to a number within the limits or give a structured error, quickly', () => {
  it('grammar formulas over decimal inputs', async () => {
    await fc.assert(
      fc.asyncProperty(formula, fc.constantFrom('0', '1', '-3', '1e20', '1e-30'), async (f, a) => {
        const r = await outcome(
          () => evaluate(compileFormula(f, ['a', 'b'], ['f']), { a: new Decimal(a), b: new Decimal('7') }),
          2000,
        );
        if (r !== undefined) {
          expect(r.isFinite()).toBe(true);
          expect(r.isZero() || (r.e <= NUMBER_LIMITS.maxExponent && r.e >= NUMBER_LIMITS.minExponent)).toBe(
            true,
          );
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);
  it('arbitrary strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), async (f) => {
        await outcome(() => evaluate(compileFormula(f, ['a'], ['f']), { a: new Decimal(2) }), 2000);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
