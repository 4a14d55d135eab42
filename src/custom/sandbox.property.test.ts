import fc from 'fast-check';
import { type FactoryFunctionMap, all, create } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import { GepError } from '../core/errors';
import { compileFormula, evaluate } from './sandbox';

/**
 * The sandbox's parser and evaluator against mathjs (a devDependency, used by this test only), configured as the
 * formula language is specified: BigNumbers of 40 significant digits, no complex results, comparisons without
 * tolerance. On every well-formed formula of the allowed grammar, written with or without parentheses (so that
 * precedence and associativity decide the tree), the sandbox either gives exactly mathjs' number or refuses an
 * intermediate step (non-finite, out of the size budget, a function failing on its arguments); it never refuses
 * such a formula as malformed.
 */
const math = create(all as FactoryFunctionMap, {
  number: 'BigNumber',
  precision: 40,
  predictable: true,
  relTol: 1e-60,
  absTol: 0,
});

const NAMES = ['a', 'b', 'c'];
const space = fc.constantFrom('', ' ', '  ');
const number = fc.oneof(
  fc.integer({ min: 0, max: 50 }).map(String),
  fc.constantFrom('0.5', '1.25', '3.7', '.5', '2.', '1e3', '2.5e-2', '0.001', '12345.6789', '7E1'),
);
const operand = fc.oneof(number, fc.constantFrom(...NAMES));

const grammar = fc.letrec<{ expr: string; cond: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    operand,
    operand,
    // No parentheses: precedence and associativity of the two parsers decide.
    fc
      .tuple(tie('expr'), space, fc.constantFrom('+', '-', '*', '/', '^'), space, tie('expr'))
      .map(([x, s, op, t, y]) => `${x}${s}${op}${t}${y}`),
    fc.tuple(tie('expr'), space).map(([x, s]) => `(${s}${x}${s})`),
    fc.tuple(fc.constantFrom('-', '+'), tie('expr')).map(([op, x]) => `${op}${x}`),
    fc.tuple(operand, fc.constantFrom('-', '+'), operand).map(([x, s, y]) => `${x} ^ ${s}${y}`),
    fc
      .tuple(fc.constantFrom('abs', 'sqrt', 'exp', 'log', 'floor', 'ceil', 'round'), tie('expr'))
      .map(([f, x]) => `${f}(${x})`),
    fc
      .tuple(fc.constantFrom('floor', 'ceil', 'round'), tie('expr'), fc.integer({ min: 0, max: 4 }))
      .map(([f, x, n]) => `${f}(${x}, ${n})`),
    fc.tuple(fc.constantFrom('pow', 'log'), tie('expr'), tie('expr')).map(([f, x, y]) => `${f}(${x}, ${y})`),
    fc
      .tuple(fc.constantFrom('min', 'max'), fc.array(tie('expr'), { minLength: 1, maxLength: 3 }))
      .map(([f, xs]) => `${f}(${xs.join(', ')})`),
    fc.tuple(tie('cond'), tie('expr'), tie('expr')).map(([c, x, y]) => `(${c} ? ${x} : ${y})`),
  ),
  cond: fc.oneof(
    { depthSize: 'small' },
    fc
      .tuple(tie('expr'), fc.constantFrom('<', '<=', '>', '>=', '==', '!='), tie('expr'))
      .map(([x, op, y]) => `${x} ${op} ${y}`),
    fc.tuple(tie('cond'), fc.constantFrom('and', 'or'), tie('cond')).map(([x, op, y]) => `${x} ${op} ${y}`),
    tie('cond').map((x) => `not (${x})`),
  ),
}));

const value = fc.oneof(
  fc.integer({ min: -20, max: 20 }).map(String),
  fc.constantFrom('0', '0.1', '-2.5', '1000000', '0.000123', '7.77'),
);

describe('the sandbox agrees with mathjs on well-formed formulas', () => {
  it('same number, or a refused intermediate step; never a refused formula', () => {
    let agreed = 0;
    fc.assert(
      fc.property(grammar.expr, value, value, value, (formula, a, b, c) => {
        const scope = { a, b, c };
        const compiled = compileFormula(formula, NAMES, ['f']);
        let mine: Decimal | undefined;
        try {
          mine = evaluate(
            compiled,
            Object.fromEntries(Object.entries(scope).map(([k, v]) => [k, new Decimal(v)])),
          );
        } catch (e) {
          if (!(e instanceof GepError)) throw e;
          expect([
            'CUSTOM_RESULT_NOT_FINITE',
            'CUSTOM_FORMULA_BUDGET_EXCEEDED',
            'CUSTOM_FORMULA_EVALUATION_FAILED',
          ]).toContain(e.code);
          return;
        }
        const theirs: unknown = math.evaluate(
          formula,
          Object.fromEntries(Object.entries(scope).map(([k, v]) => [k, math.bignumber(v)])),
        );
        expect(mine.toString()).toBe(new Decimal(String(theirs)).toString());
        agreed++;
      }),
      { numRuns: 1000, seed: 20261202 },
    );
    // Not vacuous: most formulas evaluate (the rest step out of the budget or divide by zero).
    expect(agreed).toBeGreaterThan(500);
  }, 60_000);
});
