import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import { GepError } from '../core/errors';
import { MAX_FORMULA_LENGTH, compileFormula, evaluate } from './sandbox';

const PATH = ['customIndicators', 0, 'physical'];
const d = (s: string) => new Decimal(s);

/** Compile over the scope's names and evaluate; the result as a plain decimal string. */
function run(expr: string, scope: Record<string, string> = {}): string {
  const c = compileFormula(expr, Object.keys(scope), PATH);
  const values = Object.fromEntries(Object.entries(scope).map(([k, v]) => [k, d(v)]));
  return evaluate(c, values).toFixed();
}

function refusal(fn: () => unknown): GepError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GepError) return e;
    throw e;
  }
  throw new Error('expected a GepError');
}

describe('evaluation on decimals', () => {
  it('0.1 + 0.2 is exactly 0.3 (decimal, not binary floating point)', () => {
    // 0.1 + 0.2 = 0.3 exactly in decimal; float64 would give 0.30000000000000004.
    expect(run('0.1 + 0.2')).toBe('0.3');
    expect(run('a + b', { a: '0.1', b: '0.2' })).toBe('0.3');
  });

  it('returns gepkit Decimals computed to 40 significant digits', () => {
    const c = compileFormula('1 / 3', [], PATH);
    const r = evaluate(c, {});
    expect(r).toBeInstanceOf(Decimal);
    // 1/3 to 40 significant digits: forty 3s.
    expect(r.toFixed()).toBe(`0.${'3'.repeat(40)}`);
  });

  it('min and max', () => {
    // a = 5.5, b = 7: max(5.5 − 7, 0) = max(−1.5, 0) = 0; min(5.5, 7) × 2 = 11; 0 + 11 = 11
    expect(run('max(a - b, 0) + min(a, b) * 2', { a: '5.5', b: '7' })).toBe('11');
    // min(3, 1.25, 2) = 1.25; max(−1, −2) = −1; 1.25 − (−1) = 2.25
    expect(run('min(3, 1.25, 2) - max(-1, -2)')).toBe('2.25');
  });

  it('operators, precedence and functions', () => {
    // 2^3^2 = 2^(3^2) = 2^9 = 512 (right-associative)
    expect(run('2^3^2')).toBe('512');
    // −3^2 = −(3^2) = −9
    expect(run('-3^2')).toBe('-9');
    // (1 + 2) × 4 − 10 / 4 = 12 − 2.5 = 9.5
    expect(run('(1 + 2) * 4 - 10 / 4')).toBe('9.5');
    expect(run('+x', { x: '4' })).toBe('4');
    expect(run('sqrt(16) + pow(2, 10) + abs(-3)')).toBe('1031'); // 4 + 1024 + 3
    expect(run('exp(0) + log(100, 10)')).toBe('3'); // 1 + 2
    expect(run('floor(2.7) + ceil(2.1)')).toBe('5'); // 2 + 3
    expect(run('floor(2.789, 2)')).toBe('2.78');
    // round takes halves away from zero: 2.345 → 2.35, 2.5 → 3, −2.5 → −3
    expect(run('round(2.345, 2)')).toBe('2.35');
    expect(run('round(2.5) - round(-2.5)')).toBe('6');
    // sqrt(2) = 1.41421356237309504880168872420969807856967… → 40 significant digits …078570 (the trailing 0
    // is not printed)
    expect(run('sqrt(2)')).toBe('1.41421356237309504880168872420969807857');
  });

  it('conditionals, comparisons and and/or/not, compared exactly', () => {
    // a = 12 > b = 10 → a − b = 2
    expect(run('a > b ? a - b : 0', { a: '12', b: '10' })).toBe('2');
    expect(run('a > b ? a - b : 0', { a: '8', b: '10' })).toBe('0');
    // 0.30000000000000000001 ≠ 0.3: no tolerance in comparisons
    expect(run('a == 0.3 ? 1 : 0', { a: '0.30000000000000000001' })).toBe('0');
    expect(run('a == 0.3 ? 1 : 0', { a: '0.3' })).toBe('1');
    expect(run('a >= 1 and not (b < 0) or a == -1 ? 1 : 2', { a: '1', b: '0' })).toBe('1');
    expect(run('a <= 0 or b != 0 ? 1 : 2', { a: '1', b: '0' })).toBe('2');
    // The branch not taken is not evaluated: no division by zero.
    expect(run('b == 0 ? 0 : a / b', { a: '1', b: '0' })).toBe('0');
    expect(run('b != 0 and a / b > 1 ? 1 : 2', { a: '1', b: '0' })).toBe('2');
  });

  it('a worked formula, by hand', () => {
    // area = 20, yield = 1.2, loss = 7.5, bonus = 3.5:
    // 20 × 1.2 = 24; 1 − 7.5 / 100 = 0.925; 24 × 0.925 = 22.2
    // max(0, 3.5 − 2) = 1.5; 1.5 ^ 2 = 2.25; 22.2 + 2.25 = 24.45
    // round(24.45 / 7, 3): 24.45 / 7 = 3.492857…, to 3 places 3.493; sqrt(2.25) = 1.5; 3.493 − 1.5 = 1.993
    // -2 ^ 2 = −(2 ^ 2) = −4 (the sign binds looser than ^); 1.993 + 24.45 − 4 = 22.443
    const scope = { area: '20', yield: '1.2', loss: '7.5', bonus: '3.5' };
    expect(
      run(
        'round((area * yield * (1 - loss / 100) + max(0, bonus - 2) ^ 2) / 7, 3) - sqrt(2.25)' +
          ' + (area * yield * (1 - loss / 100) + max(0, bonus - 2) ^ 2) + -2 ^ 2',
        scope,
      ),
    ).toBe('22.443');
  });

  it('records the inputs a formula reads', () => {
    const c = compileFormula('zeta * alpha + alpha', ['alpha', 'beta', 'zeta'], PATH);
    expect(c.symbols).toEqual(['alpha', 'zeta']);
    expect(c.path).toEqual(PATH);
  });
});

describe('the whitelist refuses, with a structured error at the formula path', () => {
  const cases: [string, string, Record<string, string | number>?][] = [
    ['import({}, {override: true})', 'CUSTOM_FORMULA_FUNCTION_REFUSED', { name: 'import' }],
    ['createUnit("x")', 'CUSTOM_FORMULA_FUNCTION_REFUSED', { name: 'createUnit' }],
    ['evaluate("1+1")', 'CUSTOM_FORMULA_FUNCTION_REFUSED', { name: 'evaluate' }],
    ['parse("1")', 'CUSTOM_FORMULA_FUNCTION_REFUSED', { name: 'parse' }],
    ['simplify("x")', 'CUSTOM_FORMULA_FUNCTION_REFUSED', { name: 'simplify' }],
    ['derivative("x^2", "x")', 'CUSTOM_FORMULA_FUNCTION_REFUSED', { name: 'derivative' }],
    ['cos(x)', 'CUSTOM_FORMULA_FUNCTION_REFUSED', { name: 'cos' }],
    ['f(x) = x^2', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'a function definition (f(x) = …)' }],
    ['a = 1', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'an assignment (=)' }],
    ['x.constructor', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'property or index access (a.b, a["b"])' }],
    ['x["constructor"]', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'property or index access (a.b, a["b"])' }],
    ['x?.y', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'property or index access (a.b, a["b"])' }],
    ['x.constructor("return 1")(1)', 'CUSTOM_FORMULA_NODE_REFUSED'],
    ['x.y(1)', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'a call of a computed function' }],
    ['sqrt?.(4)', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'a call of a computed function' }],
    ['[1,2]', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'an array or matrix ([…])' }],
    ['{a: 1}', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'an object ({…})' }],
    ['1; 2', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'several statements (; or a new line)' }],
    ['1:3', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'a range (a:b)' }],
    ['"abc"', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'a string, boolean or null constant' }],
    ['true', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'a string, boolean or null constant' }],
    ['2x', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'implicit multiplication (write * explicitly)' }],
    ['50%', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'a percentage sign (write /100)', at: '50%' }],
    ['(x + 1)%', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'a percentage sign (write /100)', at: '(x + 1)%' }],
    ['x * 35%', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'a percentage sign (write /100)', at: '35%' }],
    ['x mod 2', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'the operator mod' }],
    ['x!', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'the operator !', at: 'x!' }],
    ["x'", 'CUSTOM_FORMULA_NODE_REFUSED', { what: "the operator '", at: "x'" }],
    ['x & 1', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'the operator &' }],
    ['x to cm', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'the operator to' }],
    ['x ?? 1', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'the operator ??' }],
    ['0 < x < 3', 'CUSTOM_FORMULA_NODE_REFUSED', { what: 'a chained comparison (a < b < c; use and)' }],
    ['process', 'CUSTOM_FORMULA_SYMBOL_UNKNOWN', { name: 'process', allowed: 'x' }],
    ['globalThis', 'CUSTOM_FORMULA_SYMBOL_UNKNOWN', { name: 'globalThis' }],
    ['pi * x', 'CUSTOM_FORMULA_SYMBOL_UNKNOWN', { name: 'pi' }],
    ['min(process, 1)', 'CUSTOM_FORMULA_SYMBOL_UNKNOWN', { name: 'process' }],
    ['sqrt(x, 2)', 'CUSTOM_FORMULA_ARITY', { name: 'sqrt', expected: '1', actual: 2 }],
    ['min()', 'CUSTOM_FORMULA_ARITY', { name: 'min', expected: '1+', actual: 0 }],
    ['round(1, 2, 3)', 'CUSTOM_FORMULA_ARITY', { name: 'round', expected: '1–2', actual: 3 }],
    ['x > 1', 'CUSTOM_FORMULA_TYPE_MISMATCH', { expected: 'number' }],
    ['(x > 1) + 1', 'CUSTOM_FORMULA_TYPE_MISMATCH', { expected: 'number', at: '(x > 1)' }],
    ['x and 1 ? 1 : 0', 'CUSTOM_FORMULA_TYPE_MISMATCH', { expected: 'condition', at: 'x' }],
    ['x ? 1 : 0', 'CUSTOM_FORMULA_TYPE_MISMATCH', { expected: 'condition' }],
    ['x > 0 ? 1 : x > 2', 'CUSTOM_FORMULA_TYPE_MISMATCH', { expected: 'number' }],
    ['1 +', 'CUSTOM_FORMULA_SYNTAX', { detail: 'a value is expected, got the end of the formula (char 4)' }],
    ['(x', 'CUSTOM_FORMULA_SYNTAX', { detail: '")" expected, got the end of the formula (char 3)' }],
    [`${'('.repeat(101)}x${')'.repeat(101)}`, 'CUSTOM_FORMULA_TOO_DEEP', { max: 100, at: 101 }],
    ['   ', 'CUSTOM_FORMULA_SYNTAX', { detail: 'the formula is empty' }],
    ['1e99999999999999999999', 'CUSTOM_RESULT_NOT_FINITE'],
  ];
  it.each(cases)('%s → %s', (expr, code, params) => {
    const e = refusal(() => compileFormula(expr, ['x'], PATH));
    expect(e.code).toBe(code);
    expect(e.path).toEqual(PATH);
    const i = e.issues[0];
    expect(i?.severity).toBe('error');
    expect(i?.message.zh.length).toBeGreaterThan(0);
    expect(i?.message.en.length).toBeGreaterThan(0);
    expect(i?.hint.length).toBeGreaterThan(0);
    if (params !== undefined) expect(i?.params).toMatchObject(params);
  });

  it('a formula longer than the limit', () => {
    const e = refusal(() => compileFormula('1+'.repeat(MAX_FORMULA_LENGTH) + '1', [], PATH));
    expect(e.code).toBe('CUSTOM_FORMULA_TOO_LONG');
    expect(e.issues[0]?.params).toMatchObject({ max: MAX_FORMULA_LENGTH });
  });

  it('the error names the formula field and reads in both languages', () => {
    const e = refusal(() => compileFormula('import({}, {override: true})', ['x'], PATH));
    expect(e.message).toBe(
      '[CUSTOM_FORMULA_FUNCTION_REFUSED] Formulas may not call the function "import" (at customIndicators[0].physical)',
    );
    expect(e.zh).toBe('公式中不允许调用函数“import”');
    expect(e.hint).toContain('min, max, abs, sqrt, exp, log, pow, floor, ceil, round');
  });
});

describe('evaluation refuses non-finite numbers and failed calls', () => {
  it('division by zero, named by its sub-expression', () => {
    const e = refusal(() => run('a / b', { a: '1', b: '0' }));
    expect(e.code).toBe('CUSTOM_RESULT_NOT_FINITE');
    expect(e.path).toEqual(PATH);
    expect(e.issues[0]?.params).toMatchObject({ value: 'Infinity', at: 'a / b' });
  });

  it('an infinite intermediate is refused even when the end result would be finite', () => {
    // 1 / (1 / 0) = 1 / Infinity = 0 in IEEE arithmetic: refused at 1 / b instead.
    const e = refusal(() => run('1 / (1 / b)', { b: '0' }));
    expect(e.code).toBe('CUSTOM_RESULT_NOT_FINITE');
    expect(e.issues[0]?.params).toMatchObject({ at: '1 / b' });
  });

  it('sqrt and log of negative numbers are NaN, never complex, and refused', () => {
    expect(refusal(() => run('sqrt(a)', { a: '-1' })).issues[0]?.params).toMatchObject({ value: 'NaN' });
    expect(refusal(() => run('log(a)', { a: '0' })).issues[0]?.params).toMatchObject({ value: '-Infinity' });
  });

  it('a failed call (round to a non-integer number of places)', () => {
    const e = refusal(() => run('round(a, 2.5)', { a: '1' }));
    expect(e.code).toBe('CUSTOM_FORMULA_EVALUATION_FAILED');
    expect(e.issues[0]?.params).toMatchObject({ at: 'round(a, 2.5)' });
  });

  it('a missing or non-finite input value', () => {
    const c = compileFormula('a + 1', ['a'], PATH);
    expect(refusal(() => evaluate(c, {})).code).toBe('CUSTOM_FORMULA_EVALUATION_FAILED');
    expect(refusal(() => evaluate(c, { a: new Decimal(Infinity) })).code).toBe('CUSTOM_RESULT_NOT_FINITE');
  });

  it('names resolve only in the scope: an inherited property is no value', () => {
    const c = compileFormula('a + 1', ['a'], PATH);
    const scope = Object.create({ a: d('1') }) as Record<string, Decimal>;
    expect(refusal(() => evaluate(c, scope)).code).toBe('CUSTOM_FORMULA_EVALUATION_FAILED');
  });
});

describe('evaluation runs under a size budget (FORMULA_LIMITS, docs/limits.md)', () => {
  it('10^10^10 is refused at the step that leaves the range, quickly', () => {
    const t = Date.now();
    // 10^10 = 1e10 is within the budget; 10^(1e10) has 10¹⁰ + 1 digits: refused there.
    const e = refusal(() => run('10^10^10'));
    expect(e.code).toBe('CUSTOM_FORMULA_BUDGET_EXCEEDED');
    expect(e.path).toEqual(PATH);
    expect(e.issues[0]?.params).toMatchObject({ at: '10 ^ 10 ^ 10' });
    expect(Date.now() - t).toBeLessThan(2000);
  });
  it('tiny intermediates and out-of-budget constants are refused too', () => {
    expect(refusal(() => run('a * 10^(0-200)', { a: '1' })).code).toBe('CUSTOM_FORMULA_BUDGET_EXCEEDED');
    expect(refusal(() => compileFormula('a * 1e1000000', ['a'], PATH)).code).toBe(
      'CUSTOM_FORMULA_BUDGET_EXCEEDED',
    );
  });
  it('an underflow, which decimal.js returns as an exact 0, is refused; an exact 0 is not', () => {
    // 0.5^1e100 = 10^(−3.0 × 10⁹⁹), exp(−1e20) = 10^(−4.3 × 10¹⁹): non-zero, far below 1e-100 (and below decimal.js'
    // smallest magnitude, 1e-9000000000000000, where it gives 0): refused like exp(-300) = 5.1e-131 always was.
    for (const [expr, at] of [
      ['a * exp(-1e20)', 'exp(-1e20)'],
      ['0.5^1e100', '0.5 ^ 1e100'],
      ['2^(-1e100)', '2 ^ (-1e100)'],
      ['10^-1e100', '10 ^ -1e100'],
      ['pow(0.5, 1e100)', 'pow(0.5, 1e100)'],
    ]) {
      const e = refusal(() => run(expr as string, { a: '1' }));
      expect(e.code, expr).toBe('CUSTOM_FORMULA_BUDGET_EXCEEDED');
      expect(e.issues[0]?.params, expr).toMatchObject({ at, value: '0 < |x| < 1e-9000000000000000' });
    }
    // exactly 0: a power of 0, a product or quotient with a 0, a difference, a rounding
    for (const expr of ['0^2', 'a * 0', '0 / a', 'a - a', 'floor(0.3)', 'round(a / 10)'])
      expect(run(expr, { a: '3' }), expr).toBe('0');
  });
  it('an intermediate may be large when the result lies within the input limits', () => {
    // 10^50 / 10^40 = 10^10: the step 10^50 is within the budget (below 1e101), the result below 1e21.
    expect(run('10^50 / 10^40')).toBe('10000000000');
    // The result itself must lie within the input limits: 10^30 is refused.
    expect(refusal(() => run('10^30')).code).toBe('CUSTOM_FORMULA_BUDGET_EXCEEDED');
  });
});
