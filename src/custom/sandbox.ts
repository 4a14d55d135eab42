/**
 * The formula sandbox of custom indicators. A formula is parsed by gepkit's own parser (parse.ts) into a syntax
 * tree, which is then translated, node by node, into a small expression tree that can represent only what is
 * allowed: numbers, declared inputs, + − × ÷ ^, unary ±, comparisons, and/or/not, parentheses, `c ? a : b` and
 * calls of a short list of functions (arithmetic.ts). Anything else (assignments, function definitions, property
 * access, indexes, arrays, objects, blocks, strings, unknown names, unknown functions such as import or evaluate)
 * is refused when the formula is compiled, with a structured error pointing at the formula field. Evaluation walks
 * that tree only, on 40-digit decimals; names resolve in the formula's scope (own properties), never in
 * JavaScript globals. No code is generated or evaluated from the formula's text.
 */
import { Decimal, NUMBER_LIMITS, shortValue } from '../core/decimal';
import type { Path } from '../core/errors';
import {
  ARITHMETIC,
  type ArithmeticName,
  COMPARISON,
  type ComparisonName,
  FUNCTIONS,
  Num,
} from './arithmetic';
import { customFail } from './errors';
import { type Syntax, parseFormula, show } from './parse';

const FUNCTION_NAMES = Object.keys(FUNCTIONS);

/** Operators as written, by the name of what they compute. */
const BINARY: Readonly<Record<string, ArithmeticName | ComparisonName | 'and' | 'or'>> = {
  '+': 'add',
  '-': 'subtract',
  '*': 'multiply',
  '/': 'divide',
  '^': 'pow',
  '<': 'smaller',
  '<=': 'smallerEq',
  '>': 'larger',
  '>=': 'largerEq',
  '==': 'equal',
  '!=': 'unequal',
  and: 'and',
  or: 'or',
};
const UNARY: Readonly<Record<string, ArithmeticName | 'not'>> = {
  '-': 'unaryMinus',
  '+': 'unaryPlus',
  not: 'not',
};
type OpName = ArithmeticName | ComparisonName | 'and' | 'or' | 'not';
const isArithmetic = (fn: OpName): fn is ArithmeticName => Object.hasOwn(ARITHMETIC, fn);
const isComparison = (fn: OpName): fn is ComparisonName => Object.hasOwn(COMPARISON, fn);

/**
 * Longest formula accepted, in characters. It also bounds the work of one evaluation: a formula has no loops, so it
 * performs at most one operation per node of its tree, fewer than 1000.
 */
export const MAX_FORMULA_LENGTH = 1000;

/**
 * The size budget of a formula's numbers (docs/limits.md): every constant and every intermediate result has a
 * magnitude below 10^(maxExponent + 1) and, unless zero, at least 10^minExponent; the formula's result lies within
 * the input limits (NUMBER_LIMITS). Past it the formula is refused with CUSTOM_FORMULA_BUDGET_EXCEEDED: `10^10^10`
 * computes quickly, but its 10¹⁰ digits would hang anything that prints or adds it.
 */
export const FORMULA_LIMITS = { maxExponent: 100, minExponent: -100 } as const;

/**
 * Evaluation steps of a power (`^`, `pow`), `exp` or `log` (docs/limits.md): every other number, name, operator, call
 * and conditional is one step. The weight is measured: with 40-digit operands an add, multiply, divide, compare,
 * round or sqrt of decimal.js takes at most about 20 µs, a power, exp or log up to about 1 ms (pow of
 * 0.1234…891 ^ 33.123…678 about 1.07 ms): 1 ms / 20 µs = 50. One step is so at most about 20 µs of CPU, parsing
 * and compiling the node included (about 2 µs per node, twice per account).
 */
export const HEAVY_STEPS = 50;
const HEAVY_FUNCTIONS = new Set(['pow', 'exp', 'log']);

type Kind = 'number' | 'condition';

/** The compiled form: a tree that can only hold allowed constructs. */
type Expr =
  | { k: 'num'; value: Num }
  | { k: 'sym'; name: string }
  /** `node`: the syntax it was compiled from, to name it in an error (shown only then: showing is O(size)). */
  | { k: 'op'; fn: OpName; args: Expr[]; node: Syntax }
  | { k: 'call'; fn: string; args: Expr[]; node: Syntax }
  | { k: 'if'; cond: Expr; then: Expr; else: Expr };

export interface CompiledFormula {
  readonly source: string;
  /** Inputs the formula reads, sorted. */
  readonly symbols: readonly string[];
  readonly path: Path;
  /**
   * Evaluation steps of the formula, an upper bound of its work (both branches of a conditional counted): one per
   * node of its tree, HEAVY_STEPS per power, exp or log.
   */
  readonly steps: number;
  /** @internal */
  readonly root: Expr;
}

/**
 * Keywords and constants of the formula language (and of the mathjs language it is a subset of), kept out of
 * input names so that a name never reads as something else.
 */
const RESERVED = new Set(
  'and or not xor mod to in end true false null undefined NaN Infinity pi PI e E i tau phi'.split(' '),
);

/**
 * Why `name` cannot name an input, or undefined when it can: it must be an ASCII letter followed by ASCII letters, digits or
 * `_`, and must not be a function name, `physical` (the value formula's name for the physical result), a keyword
 * or constant of the formula language, or an Object.prototype property.
 */
export function symbolNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name))
    return 'an ASCII letter (A–Z, a–z) followed by ASCII letters, digits or _ is required';
  if (Object.hasOwn(FUNCTIONS, name)) return 'it is the name of a function';
  if (name === 'physical') return 'it names the physical result in the value formula';
  if (name in Object.prototype) return 'it is a JavaScript object property';
  if (RESERVED.has(name)) return 'it is a keyword or constant of the formula language';
  return undefined;
}

interface Refusal {
  zh: string;
  en: string;
}
const REFUSED: Record<
  Extract<Syntax, { t: 'refused' }>['what'] | 'implicit' | 'percentage' | 'computedCall',
  Refusal
> = {
  assignment: { zh: '赋值（=）', en: 'an assignment (=)' },
  definition: { zh: '函数定义（f(x) = …）', en: 'a function definition (f(x) = …)' },
  access: { zh: '属性或下标访问（a.b、a["b"]）', en: 'property or index access (a.b, a["b"])' },
  array: { zh: '数组或矩阵（[…]）', en: 'an array or matrix ([…])' },
  object: { zh: '对象（{…}）', en: 'an object ({…})' },
  block: { zh: '多条语句（; 或换行）', en: 'several statements (; or a new line)' },
  range: { zh: '区间（a:b）', en: 'a range (a:b)' },
  chain: { zh: '连续比较（a < b < c）', en: 'a chained comparison (a < b < c; use and)' },
  constant: { zh: '字符串、布尔值或 null 常量', en: 'a string, boolean or null constant' },
  implicit: { zh: '隐式乘法（请写出 *）', en: 'implicit multiplication (write * explicitly)' },
  percentage: { zh: '百分号（请写 /100）', en: 'a percentage sign (write /100)' },
  computedCall: { zh: '对表达式结果的调用', en: 'a call of a computed function' },
};

/** `n` arguments as the arity message gives them: `1`, `1–2`, `1+`. */
function arityText(a: { min: number; max: number }): string {
  if (a.max === Infinity) return `${a.min}+`;
  return a.min === a.max ? `${a.min}` : `${a.min}–${a.max}`;
}

/**
 * Parse `expr` and check it against the whitelist. `allowedSymbols` are the names the formula may read;
 * `path` is where the formula sits in the input (every error points there). The checks run from the root
 * down, left to right: a formula with several problems is refused for its outermost one.
 */
export function compileFormula(expr: string, allowedSymbols: readonly string[], path: Path): CompiledFormula {
  if (expr.length > MAX_FORMULA_LENGTH)
    customFail('CUSTOM_FORMULA_TOO_LONG', path, { length: expr.length, max: MAX_FORMULA_LENGTH });
  if (expr.trim() === '') customFail('CUSTOM_FORMULA_SYNTAX', path, { detail: 'the formula is empty' });
  const tree = parseFormula(expr, path);
  const allowed = new Set(allowedSymbols);
  const used = new Set<string>();
  let steps = 0;

  const refuse = (key: keyof typeof REFUSED, at: string): never => {
    const r = REFUSED[key];
    return customFail('CUSTOM_FORMULA_NODE_REFUSED', path, { what: r.en, whatZh: r.zh, at });
  };
  const expect = (n: Syntax, want: Kind): Expr => {
    const got = walk(n);
    if (got.kind !== want)
      customFail('CUSTOM_FORMULA_TYPE_MISMATCH', path, { expected: want, at: show(n, expr) });
    return got.e;
  };
  const walk = (n: Syntax): { e: Expr; kind: Kind } => {
    const src = () => show(n, expr);
    if (n.t !== 'paren') steps++;
    switch (n.t) {
      case 'num': {
        const value = new Num(n.text);
        if (!value.isFinite())
          customFail('CUSTOM_RESULT_NOT_FINITE', path, { value: value.toString(), at: n.text });
        return { e: { k: 'num', value: withinBudget(value, FORMULA_LIMITS, path, n.text) }, kind: 'number' };
      }
      case 'name':
        if (!allowed.has(n.name))
          customFail('CUSTOM_FORMULA_SYMBOL_UNKNOWN', path, {
            name: n.name,
            allowed: allowedSymbols.length > 0 ? allowedSymbols.join(', ') : '(no inputs declared)',
          });
        used.add(n.name);
        return { e: { k: 'sym', name: n.name }, kind: 'number' };
      case 'paren':
        return walk(n.inner);
      case 'if': {
        const cond = expect(n.cond, 'condition');
        const a = walk(n.then);
        const b = walk(n.else);
        if (a.kind !== b.kind)
          customFail('CUSTOM_FORMULA_TYPE_MISMATCH', path, { expected: a.kind, at: src() });
        return { e: { k: 'if', cond, then: a.e, else: b.e }, kind: a.kind };
      }
      case 'op':
        return operator(n, src);
      case 'call':
        return call(n, src);
      case 'refused':
        return refuse(n.what, src());
    }
  };
  const operator = (n: Extract<Syntax, { t: 'op' }>, src: () => string): { e: Expr; kind: Kind } => {
    if (n.implicit === true) return refuse('implicit', src());
    if (n.percentage === true) return refuse('percentage', src());
    const table = n.args.length === 1 ? UNARY : BINARY;
    const fn = Object.hasOwn(table, n.op) ? table[n.op] : undefined;
    if (fn === undefined)
      return customFail('CUSTOM_FORMULA_NODE_REFUSED', path, {
        what: `the operator ${n.op}`,
        whatZh: `运算符 ${n.op}`,
        at: src(),
      });
    const logical = fn === 'and' || fn === 'or' || fn === 'not';
    const args = n.args.map((a) => expect(a, logical ? 'condition' : 'number'));
    if (fn === 'pow') steps += HEAVY_STEPS - 1;
    return { e: { k: 'op', fn, args, node: n }, kind: isArithmetic(fn) ? 'number' : 'condition' };
  };
  const call = (n: Extract<Syntax, { t: 'call' }>, src: () => string): { e: Expr; kind: Kind } => {
    if (n.callee.t !== 'name' || n.optional) return refuse('computedCall', src());
    const name = n.callee.name;
    const f = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
    if (f === undefined)
      return customFail('CUSTOM_FORMULA_FUNCTION_REFUSED', path, {
        name,
        allowed: FUNCTION_NAMES.join(', '),
      });
    if (n.args.length < f.min || n.args.length > f.max)
      customFail('CUSTOM_FORMULA_ARITY', path, {
        name,
        expected: arityText(f),
        actual: n.args.length,
        at: src(),
      });
    if (HEAVY_FUNCTIONS.has(name)) steps += HEAVY_STEPS - 1;
    return {
      e: { k: 'call', fn: name, args: n.args.map((a) => expect(a, 'number')), node: n },
      kind: 'number',
    };
  };

  const root = expect(tree, 'number');
  return { source: expr, symbols: [...used].sort(), path, steps, root };
}

/**
 * Evaluate a compiled formula with decimal inputs. Every intermediate number must be finite: a division by
 * zero, sqrt or log of a negative number or an overflow is refused (CUSTOM_RESULT_NOT_FINITE) naming the
 * sub-expression, even where a later step would have turned it back into a finite number (1 / (1 / 0)).
 */
export function evaluate(compiled: CompiledFormula, scope: Readonly<Record<string, Decimal>>): Decimal {
  const { path } = compiled;
  const values = new Map<string, Num>();
  for (const name of compiled.symbols) {
    const d = Object.hasOwn(scope, name) ? scope[name] : undefined;
    if (d === undefined)
      customFail('CUSTOM_FORMULA_EVALUATION_FAILED', path, {
        at: name,
        detail: `no value for input ${name}`,
      });
    if (!d.isFinite()) customFail('CUSTOM_RESULT_NOT_FINITE', path, { value: d.toString(), at: name });
    values.set(name, new Num(d));
  }
  /** `v` when finite and within the budget; refused at `at` (a node, shown only then) otherwise. */
  const finite = (v: Num, at: Syntax | string, underflow = false): Num => {
    const text = () => (typeof at === 'string' ? at : show(at, compiled.source));
    if (!v.isFinite()) customFail('CUSTOM_RESULT_NOT_FINITE', path, { value: v.toString(), at: text() });
    // decimal.js gives an exact 0 for a result of magnitude below 10^minE: refused like any other below the budget.
    if (underflow && v.isZero())
      customFail('CUSTOM_FORMULA_BUDGET_EXCEEDED', path, {
        at: text(),
        value: UNDERFLOW_VALUE,
        limit: budgetLimit(FORMULA_LIMITS),
      });
    return withinBudget(v, FORMULA_LIMITS, path, text);
  };
  const num = (e: Expr): Num => run(e) as Num;
  const run = (e: Expr): Num | boolean => {
    switch (e.k) {
      case 'num':
        return e.value;
      case 'sym':
        return values.get(e.name) as Num;
      case 'if':
        return run(e.cond) === true ? run(e.then) : run(e.else);
      case 'op': {
        const { fn, args } = e;
        // and/or evaluate their right side only when needed, like c ? a : b.
        if (fn === 'and') return run(args[0] as Expr) === true && run(args[1] as Expr) === true;
        if (fn === 'or') return run(args[0] as Expr) === true || run(args[1] as Expr) === true;
        if (fn === 'not') return run(args[0] as Expr) !== true;
        const [x, y] = args.map(num) as [Num, Num];
        if (isComparison(fn)) return COMPARISON[fn](x, y);
        return finite(ARITHMETIC[fn](x, y), e.node, exactNonZero(fn, [x, y]));
      }
      case 'call': {
        const xs = e.args.map(num);
        let r: Num;
        try {
          r = (FUNCTIONS[e.fn] as (typeof FUNCTIONS)[string]).f(xs);
        } catch (err) {
          return customFail('CUSTOM_FORMULA_EVALUATION_FAILED', path, {
            at: show(e.node, compiled.source),
            detail: err instanceof Error ? err.message : String(err),
          });
        }
        return finite(r, e.node, exactNonZero(e.fn, xs));
      }
    }
  };
  const at = compiled.source.trim();
  const result = withinBudget(finite(num(compiled.root), at), NUMBER_LIMITS, path, at);
  return new Decimal(result);
}

/**
 * Whether the exact result of `fn` on `xs` is non-zero whatever it comes to when rounded: a power of a non-zero number,
 * exp, a product of non-zero numbers, a quotient of a non-zero number. A 0 from one of them is an underflow (0.5^1e100,
 * exp(-1e20), 2^(-1e100)), which decimal.js returns as an exact 0 past its smallest exponent.
 */
function exactNonZero(fn: string, xs: readonly Num[]): boolean {
  const [x, y] = xs as [Num, Num | undefined];
  switch (fn) {
    case 'pow':
      return !x.isZero();
    case 'exp':
      return true;
    case 'multiply':
      return !x.isZero() && y !== undefined && !y.isZero();
    case 'divide':
      return !x.isZero();
    default:
      return false;
  }
}

/** CUSTOM_FORMULA_BUDGET_EXCEEDED's value for an underflow: non-zero, below decimal.js' smallest magnitude. */
const UNDERFLOW_VALUE = `0 < |x| < 1e${Num.minE}`;

const budgetLimit = (limits: { readonly maxExponent: number; readonly minExponent: number }) =>
  `magnitude below 1e${limits.maxExponent + 1} and, unless zero, at least 1e${limits.minExponent}`;

/**
 * `v` when zero or of a magnitude within the limits; CUSTOM_FORMULA_BUDGET_EXCEEDED at `at` (text, or a function
 * giving it) otherwise.
 */
function withinBudget(
  v: Num,
  limits: { readonly maxExponent: number; readonly minExponent: number },
  path: Path,
  at: string | (() => string),
): Num {
  if (v.isZero() || (v.e <= limits.maxExponent && v.e >= limits.minExponent)) return v;
  return customFail('CUSTOM_FORMULA_BUDGET_EXCEEDED', path, {
    at: typeof at === 'string' ? at : at(),
    value: shortValue(v.toString()),
    limit: budgetLimit(limits),
  });
}
