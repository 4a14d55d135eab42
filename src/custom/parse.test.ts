import { describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import { MAX_FORMULA_DEPTH, type Syntax, parseFormula, show } from './parse';

const PATH = ['customIndicators', 0, 'physical'];

function refusal(fn: () => unknown): GepError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GepError) return e;
    throw e;
  }
  throw new Error('expected a GepError');
}
/** The tree of `s` printed fully parenthesized, to check precedence and associativity. */
function shape(s: string): string {
  const p = (n: Syntax): string => {
    switch (n.t) {
      case 'num':
        return n.text;
      case 'name':
        return n.name;
      case 'paren':
        return p(n.inner);
      case 'op':
        if (n.implicit === true) return `[implicit ${n.args.map(p).join(' ')}]`;
        if (n.percentage === true) return `[percent ${p(n.args[0] as Syntax)}]`;
        return n.args.length === 1
          ? `(${n.op} ${p(n.args[0] as Syntax)})`
          : `(${p(n.args[0] as Syntax)} ${n.op} ${p(n.args[1] as Syntax)})`;
      case 'call':
        return `${p(n.callee)}${n.optional ? '?.' : ''}[${n.args.map(p).join(', ')}]`;
      case 'if':
        return `(${p(n.cond)} ? ${p(n.then)} : ${p(n.else)})`;
      case 'refused':
        return `<${n.what}>`;
    }
  };
  return p(parseFormula(s, PATH));
}

describe('precedence and associativity (those of the mathjs language)', () => {
  it.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['8 / 4 / 2', '((8 / 4) / 2)'],
    ['2 ^ 3 ^ 2', '(2 ^ (3 ^ 2))'],
    ['-3 ^ 2', '(- (3 ^ 2))'],
    ['2 ^ -3', '(2 ^ (- 3))'],
    ['2 ^ -3 ^ 2', '(2 ^ (- (3 ^ 2)))'],
    ['-a * b', '((- a) * b)'],
    ['- -a', '(- (- a))'],
    ['a * -b', '(a * (- b))'],
    ['a + b < c * d', '((a + b) < (c * d))'],
    ['a < b and c > d or not (e == f)', '(((a < b) and (c > d)) or (not (e == f)))'],
    ['not a > b', '((not a) > b)'],
    ['a ? b : c ? d : e', '(a ? b : (c ? d : e))'],
    ['a > 0 ? a + 1 : 0', '((a > 0) ? (a + 1) : 0)'],
    ['max(a, b + 1, -c)', 'max[a, (b + 1), (- c)]'],
    ['(1 + 2) * 3', '((1 + 2) * 3)'],
  ])('%s → %s', (s, tree) => expect(shape(s)).toBe(tree));
});

describe('tokens', () => {
  it('numbers as written, in the mathjs number syntax', () => {
    expect(shape('1.5e3 + .5 + 5. + 2E-4 + 0.25e+2')).toBe('((((1.5e3 + .5) + 5.) + 2E-4) + 0.25e+2)');
    // 2e is the number 2 followed by the name e: an implicit product, refused later.
    expect(shape('2e')).toBe('[implicit 2 e]');
  });
  it('newlines are spaces inside brackets and separate statements outside', () => {
    expect(shape('(a +\n b)')).toBe('(a + b)');
    expect(shape('a\n+ b')).toBe('<block>');
    expect(shape('1; 2')).toBe('<block>');
  });
  it('refused constructs are parsed, so the outermost problem is the one reported', () => {
    expect(shape('import({}, {override: true})')).toBe('import[<object>, <object>]');
    expect(shape('f(x) = x^2')).toBe('<definition>');
    expect(shape('x.y(1)')).toBe('<access>[1]');
    expect(shape('sqrt?.(4)')).toBe('sqrt?.[4]');
    expect(shape('50%')).toBe('[percent 50]');
    expect(shape('50 % 3')).toBe('(50 % 3)');
    expect(shape("x'")).toBe("(' x)");
    expect(shape("'x'")).toBe('<constant>');
    expect(shape('0 < x < 3')).toBe('<chain>');
    expect(shape('1:3')).toBe('<range>');
    expect(shape('[1, 2; 3, 4]')).toBe('<array>');
    expect(shape('x[1]')).toBe('<access>');
  });
});

describe('CUSTOM_FORMULA_SYNTAX names the 1-based character where parsing stopped', () => {
  it.each([
    ['1 +', 'a value is expected, got the end of the formula (char 4)'],
    ['a * (b + 1', '")" expected, got the end of the formula (char 11)'],
    ['1 2', 'an operator or the end of the formula is expected, got "2" (char 3)'],
    [
      'a ? 1',
      '":" and the value when the condition is false are expected, got the end of the formula (char 6)',
    ],
    ['min(a,, b)', 'a value is expected, got "," (char 7)'],
    ['a ? : 1', 'the value when the condition is true is missing, got ":" (char 5)'],
    ['2e+', 'a digit is expected after the exponent, got "the end" (char 4)'],
    ['1e5.5', 'an exponent must be a whole number (char 4)'],
    ['a # note', 'unexpected character "#" (char 3)'],
    ['0x1F', 'hexadecimal, binary and octal numbers are not part of the formula language (char 1)'],
    ['"abc', 'the string has no closing " (char 1)'],
    ['x.', 'a property name is expected after a dot, got the end of the formula (char 3)'],
  ])('%s', (s, detail) => {
    const e = refusal(() => parseFormula(s, PATH));
    expect(e.code).toBe('CUSTOM_FORMULA_SYNTAX');
    expect(e.path).toEqual(PATH);
    expect(e.issues[0]?.params).toEqual({ detail });
  });
});

describe('CUSTOM_FORMULA_TOO_DEEP bounds the nesting, so no formula exhausts the stack', () => {
  it(`${MAX_FORMULA_DEPTH} levels of parentheses parse, one more is refused at the character that opens it`, () => {
    const nested = (n: number) => `${'('.repeat(n)}1${')'.repeat(n)}`;
    expect(shape(nested(MAX_FORMULA_DEPTH))).toBe('1');
    const e = refusal(() => parseFormula(nested(MAX_FORMULA_DEPTH + 1), PATH));
    expect(e.code).toBe('CUSTOM_FORMULA_TOO_DEEP');
    expect(e.issues[0]?.params).toEqual({ max: MAX_FORMULA_DEPTH, at: MAX_FORMULA_DEPTH + 1 });
  });
  it('signs, exponents, calls and conditional branches count as levels too', () => {
    expect(refusal(() => parseFormula(`${'-'.repeat(MAX_FORMULA_DEPTH + 1)}1`, PATH)).code).toBe(
      'CUSTOM_FORMULA_TOO_DEEP',
    );
    expect(refusal(() => parseFormula(`${'2^'.repeat(MAX_FORMULA_DEPTH + 1)}2`, PATH)).code).toBe(
      'CUSTOM_FORMULA_TOO_DEEP',
    );
    expect(refusal(() => parseFormula(`${'abs('.repeat(MAX_FORMULA_DEPTH + 1)}1`, PATH)).code).toBe(
      'CUSTOM_FORMULA_TOO_DEEP',
    );
    expect(refusal(() => parseFormula(`${'a ? 1 : '.repeat(MAX_FORMULA_DEPTH + 1)}1`, PATH)).code).toBe(
      'CUSTOM_FORMULA_TOO_DEEP',
    );
    // A long flat sum is not deep: 400 terms, one level.
    expect(() => parseFormula(Array(400).fill('1').join('+'), PATH)).not.toThrow();
  });
});

describe('show: the normalized text of a sub-expression', () => {
  it('one space around binary operators, none after a sign, parentheses and numbers as written', () => {
    const s = '10^10^10+(-a*round(b,2.50))>=not c?x:y';
    expect(show(parseFormula(s, PATH), s)).toBe('10 ^ 10 ^ 10 + (-a * round(b, 2.50)) >= not c ? x : y');
  });
  it('a postfix operator after its operand, as written: 50%, (a + 1)%, a!', () => {
    for (const [s, shown] of [
      ['50%', '50%'],
      ['(a+1)%', '(a + 1)%'],
      ['-a%', '-a%'],
      ['a!', 'a!'],
      ["(a)'", "(a)'"],
    ])
      expect(show(parseFormula(s as string, PATH), s as string)).toBe(shown);
  });
});
