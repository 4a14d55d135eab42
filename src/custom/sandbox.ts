/**
 * The formula sandbox of custom indicators. A formula is parsed by a private mathjs instance (BigNumber,
 * 40 significant digits like gepkit's Decimal) and then translated, node by node, into a small expression tree
 * that can represent only what is allowed: numbers, declared inputs, + − × ÷ ^, unary ±, comparisons,
 * and/or/not, parentheses, `c ? a : b` and calls of a short list of functions. Anything else (assignments,
 * function definitions, property access, indexes, arrays, objects, blocks, strings, unknown names, unknown
 * functions such as import, createUnit, evaluate, parse, simplify) is refused when the formula is compiled,
 * with a structured error pointing at the formula field. Evaluation walks that tree only: it never calls
 * mathjs' own `evaluate`/`compile`, and names resolve in the formula's scope, never in the mathjs namespace or
 * JavaScript globals. As defence in depth, import, createUnit, evaluate, parse, simplify, derivative, compile,
 * resolve and reviver are replaced on the instance by functions that throw.
 */
import {
  type BigNumber,
  type FactoryFunctionMap,
  absDependencies,
  addDependencies,
  bignumberDependencies,
  ceilDependencies,
  create,
  divideDependencies,
  equalDependencies,
  expDependencies,
  floorDependencies,
  largerDependencies,
  largerEqDependencies,
  logDependencies,
  maxDependencies,
  minDependencies,
  multiplyDependencies,
  parseDependencies,
  powDependencies,
  roundDependencies,
  smallerDependencies,
  smallerEqDependencies,
  sqrtDependencies,
  subtractDependencies,
  unaryMinusDependencies,
  unaryPlusDependencies,
  unequalDependencies,
} from 'mathjs';
import { Decimal, NUMBER_LIMITS, shortValue } from '../core/decimal';
import type { Path } from '../core/errors';
import { customFail } from './errors';

// Only the factories a formula can use: a smaller bundle, and nothing else to reach. (mathjs' typings declare
// each `…Dependencies` as possibly undefined; they are all defined.)
const math = create(
  {
    parseDependencies,
    bignumberDependencies,
    addDependencies,
    subtractDependencies,
    multiplyDependencies,
    divideDependencies,
    powDependencies,
    unaryMinusDependencies,
    unaryPlusDependencies,
    smallerDependencies,
    smallerEqDependencies,
    largerDependencies,
    largerEqDependencies,
    equalDependencies,
    unequalDependencies,
    minDependencies,
    maxDependencies,
    absDependencies,
    sqrtDependencies,
    expDependencies,
    logDependencies,
    floorDependencies,
    ceilDependencies,
    roundDependencies,
  } as FactoryFunctionMap,
  {
    number: 'BigNumber',
    precision: 40,
    // sqrt(−1), log(−1) give NaN (refused below), never a complex number.
    predictable: true,
    // Comparisons, floor, ceil and round are exact: mathjs requires relTol > 0, and 1e-60 is far below the
    // 40-digit precision, so only equal numbers compare equal.
    relTol: 1e-60,
    absTol: 0,
  },
);
const parse = math.parse;
const disabled = (name: string) => () => {
  throw new Error(`${name} is disabled in gepkit formulas`);
};
math.import(
  Object.fromEntries(
    [
      'import',
      'createUnit',
      'evaluate',
      'parse',
      'simplify',
      'derivative',
      'compile',
      'resolve',
      'reviver',
    ].map((n) => [n, disabled(n)]),
  ),
  { override: true },
);

type Fn = (...args: unknown[]) => unknown;
const call = (name: string): Fn => (math as unknown as Record<string, Fn>)[name] as Fn;

/** Functions a formula may call, with their number of arguments. */
export const FUNCTIONS: Readonly<Record<string, { min: number; max: number }>> = {
  min: { min: 1, max: Infinity },
  max: { min: 1, max: Infinity },
  abs: { min: 1, max: 1 },
  sqrt: { min: 1, max: 1 },
  exp: { min: 1, max: 1 },
  log: { min: 1, max: 2 },
  pow: { min: 2, max: 2 },
  floor: { min: 1, max: 2 },
  ceil: { min: 1, max: 2 },
  round: { min: 1, max: 2 },
};
const FUNCTION_NAMES = Object.keys(FUNCTIONS);

/** Operators (mathjs `fn` names) by what they take and give. */
const ARITHMETIC = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);
const COMPARISON = new Set(['smaller', 'smallerEq', 'larger', 'largerEq', 'equal', 'unequal']);
const LOGICAL = new Set(['and', 'or', 'not']);

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

type Kind = 'number' | 'condition';

/** The compiled form: a tree that can only hold allowed constructs. */
type Expr =
  | { k: 'num'; value: BigNumber }
  | { k: 'sym'; name: string }
  | { k: 'op'; fn: string; args: Expr[]; src: string }
  | { k: 'call'; fn: string; args: Expr[]; src: string }
  | { k: 'if'; cond: Expr; then: Expr; else: Expr };

export interface CompiledFormula {
  readonly source: string;
  /** Inputs the formula reads, sorted. */
  readonly symbols: readonly string[];
  readonly path: Path;
  /** @internal */
  readonly root: Expr;
}

/** Operator keywords and constants of the mathjs language, kept out of input names to avoid any ambiguity. */
const RESERVED = new Set(
  'and or not xor mod to in end true false null undefined NaN Infinity pi PI e E i tau phi'.split(' '),
);

/**
 * Why `name` cannot name an input, or undefined when it can: it must parse as a plain symbol and must not be a
 * function name, `physical` (the value formula's name for the physical result), a keyword or constant of the
 * formula language, or an Object.prototype property.
 */
export function symbolNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) return 'a letter followed by letters, digits or _ is required';
  if (Object.hasOwn(FUNCTIONS, name)) return 'it is the name of a function';
  if (name === 'physical') return 'it names the physical result in the value formula';
  if (name in Object.prototype) return 'it is a JavaScript object property';
  if (RESERVED.has(name)) return 'it is a keyword or constant of the formula language';
  let node: { type: string; name?: string };
  try {
    node = parse(name) as unknown as { type: string; name?: string };
  } catch {
    return 'it is a keyword of the formula language';
  }
  if (node.type !== 'SymbolNode' || node.name !== name)
    return 'it is a keyword or constant of the formula language';
  return undefined;
}

interface Refusal {
  zh: string;
  en: string;
}
const REFUSED: Record<string, Refusal> = {
  AssignmentNode: { zh: '赋值（=）', en: 'an assignment (=)' },
  FunctionAssignmentNode: { zh: '函数定义（f(x) = …）', en: 'a function definition (f(x) = …)' },
  AccessorNode: { zh: '属性或下标访问（a.b、a["b"]）', en: 'property or index access (a.b, a["b"])' },
  IndexNode: { zh: '下标', en: 'an index' },
  ArrayNode: { zh: '数组或矩阵（[…]）', en: 'an array or matrix ([…])' },
  ObjectNode: { zh: '对象（{…}）', en: 'an object ({…})' },
  BlockNode: { zh: '多条语句（; 或换行）', en: 'several statements (; or a new line)' },
  RangeNode: { zh: '区间（a:b）', en: 'a range (a:b)' },
  RelationalNode: { zh: '连续比较（a < b < c）', en: 'a chained comparison (a < b < c; use and)' },
  ConstantNode: { zh: '字符串、布尔值或 null 常量', en: 'a string, boolean or null constant' },
  implicit: { zh: '隐式乘法（请写出 *）', en: 'implicit multiplication (write * explicitly)' },
  percentage: { zh: '百分号（请写 /100）', en: 'a percentage sign (write /100)' },
  computedCall: { zh: '对表达式结果的调用', en: 'a call of a computed function' },
};

/**
 * Parse `expr` and check it against the whitelist. `allowedSymbols` are the names the formula may read;
 * `path` is where the formula sits in the input (every error points there).
 */
export function compileFormula(expr: string, allowedSymbols: readonly string[], path: Path): CompiledFormula {
  if (expr.length > MAX_FORMULA_LENGTH)
    customFail('CUSTOM_FORMULA_TOO_LONG', path, { length: expr.length, max: MAX_FORMULA_LENGTH });
  if (expr.trim() === '') customFail('CUSTOM_FORMULA_SYNTAX', path, { detail: 'the formula is empty' });
  let node: unknown;
  try {
    node = parse(expr);
  } catch (e) {
    customFail('CUSTOM_FORMULA_SYNTAX', path, { detail: e instanceof Error ? e.message : String(e) });
  }
  const allowed = new Set(allowedSymbols);
  const used = new Set<string>();

  const refuse = (key: string, at: string): never => {
    const r = REFUSED[key] ?? { zh: key, en: key };
    return customFail('CUSTOM_FORMULA_NODE_REFUSED', path, { what: r.en, whatZh: r.zh, at });
  };
  const expect = (got: { e: Expr; kind: Kind }, want: Kind, src: string): Expr => {
    if (got.kind !== want) customFail('CUSTOM_FORMULA_TYPE_MISMATCH', path, { expected: want, at: src });
    return got.e;
  };

  const walk = (n: unknown): { e: Expr; kind: Kind } => {
    const nd = n as { type: string; toString(): string } & Record<string, unknown>;
    const src = nd.toString();
    switch (nd.type) {
      case 'ConstantNode':
        if (!math.isBigNumber(nd.value)) return refuse('ConstantNode', src);
        if (!nd.value.isFinite())
          customFail('CUSTOM_RESULT_NOT_FINITE', path, { value: nd.value.toString(), at: src });
        withinBudget(nd.value, FORMULA_LIMITS, path, src);
        return { e: { k: 'num', value: nd.value }, kind: 'number' };
      case 'SymbolNode': {
        const name = nd.name as string;
        if (!allowed.has(name))
          customFail('CUSTOM_FORMULA_SYMBOL_UNKNOWN', path, {
            name,
            allowed: allowedSymbols.length > 0 ? allowedSymbols.join(', ') : '(no inputs declared)',
          });
        used.add(name);
        return { e: { k: 'sym', name }, kind: 'number' };
      }
      case 'ParenthesisNode':
        return walk(nd.content);
      case 'ConditionalNode': {
        const cond = expect(walk(nd.condition), 'condition', String(nd.condition));
        const a = walk(nd.trueExpr);
        const b = walk(nd.falseExpr);
        if (a.kind !== b.kind)
          customFail('CUSTOM_FORMULA_TYPE_MISMATCH', path, { expected: a.kind, at: src });
        return { e: { k: 'if', cond, then: a.e, else: b.e }, kind: a.kind };
      }
      case 'OperatorNode': {
        const fn = nd.fn as string;
        const args = nd.args as unknown[];
        if (nd.implicit === true) return refuse('implicit', src);
        if (nd.isPercentage === true) return refuse('percentage', src);
        const argKind: Kind = LOGICAL.has(fn) ? 'condition' : 'number';
        if (!ARITHMETIC.has(fn) && !COMPARISON.has(fn) && !LOGICAL.has(fn))
          customFail('CUSTOM_FORMULA_NODE_REFUSED', path, {
            what: `the operator ${String(nd.op)}`,
            whatZh: `运算符 ${String(nd.op)}`,
            at: src,
          });
        const e = args.map((a) => expect(walk(a), argKind, String(a)));
        return { e: { k: 'op', fn, args: e, src }, kind: ARITHMETIC.has(fn) ? 'number' : 'condition' };
      }
      case 'FunctionNode': {
        const f = nd.fn as { type: string; name?: string };
        if (f.type !== 'SymbolNode' || nd.optional === true) return refuse('computedCall', src);
        const name = f.name as string;
        const arity = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
        if (arity === undefined)
          customFail('CUSTOM_FORMULA_FUNCTION_REFUSED', path, { name, allowed: FUNCTION_NAMES.join(', ') });
        const args = nd.args as unknown[];
        if (args.length < arity.min || args.length > arity.max)
          customFail('CUSTOM_FORMULA_ARITY', path, {
            name,
            expected:
              arity.max === Infinity
                ? `${arity.min}+`
                : arity.min === arity.max
                  ? `${arity.min}`
                  : `${arity.min}–${arity.max}`,
            actual: args.length,
            at: src,
          });
        const e = args.map((a) => expect(walk(a), 'number', String(a)));
        return { e: { k: 'call', fn: name, args: e, src }, kind: 'number' };
      }
      default:
        return refuse(nd.type, src);
    }
  };

  const root = expect(walk(node), 'number', expr.trim());
  return { source: expr, symbols: [...used].sort(), path, root };
}

/**
 * Evaluate a compiled formula with decimal inputs. Every intermediate number must be finite: a division by
 * zero, sqrt or log of a negative number or an overflow is refused (CUSTOM_RESULT_NOT_FINITE) naming the
 * sub-expression, even where a later step would have turned it back into a finite number (1 / (1 / 0)).
 */
export function evaluate(compiled: CompiledFormula, scope: Readonly<Record<string, Decimal>>): Decimal {
  const { path } = compiled;
  const values = new Map<string, BigNumber>();
  for (const name of compiled.symbols) {
    const d = Object.hasOwn(scope, name) ? scope[name] : undefined;
    if (d === undefined)
      customFail('CUSTOM_FORMULA_EVALUATION_FAILED', path, {
        at: name,
        detail: `no value for input ${name}`,
      });
    if (!d.isFinite()) customFail('CUSTOM_RESULT_NOT_FINITE', path, { value: d.toString(), at: name });
    values.set(name, math.bignumber(d.toString()));
  }
  const finite = (v: unknown, at: string): BigNumber => {
    if (!math.isBigNumber(v) || !v.isFinite())
      customFail('CUSTOM_RESULT_NOT_FINITE', path, { value: String(v), at });
    return withinBudget(v, FORMULA_LIMITS, path, at);
  };
  const run = (e: Expr): BigNumber | boolean => {
    switch (e.k) {
      case 'num':
        return e.value;
      case 'sym':
        return values.get(e.name) as BigNumber;
      case 'if':
        return run(e.cond) === true ? run(e.then) : run(e.else);
      case 'op':
        // and/or evaluate their right side only when needed, like c ? a : b.
        if (e.fn === 'and') return run(e.args[0] as Expr) === true && run(e.args[1] as Expr) === true;
        if (e.fn === 'or') return run(e.args[0] as Expr) === true || run(e.args[1] as Expr) === true;
        if (e.fn === 'not') return run(e.args[0] as Expr) !== true;
        return apply(e.fn, e.args, e.src, COMPARISON.has(e.fn));
      case 'call':
        return apply(e.fn, e.args, e.src, false);
    }
  };
  const apply = (fn: string, args: Expr[], src: string, condition: boolean): BigNumber | boolean => {
    const xs = args.map(run);
    let r: unknown;
    try {
      r = call(fn)(...xs);
    } catch (err) {
      customFail('CUSTOM_FORMULA_EVALUATION_FAILED', path, {
        at: src,
        detail: err instanceof Error ? err.message : String(err),
      });
    }
    return condition ? r === true : finite(r, src);
  };
  const at = compiled.source.trim();
  const result = withinBudget(finite(run(compiled.root), at), NUMBER_LIMITS, path, at);
  return new Decimal(result.toString());
}

/** `v` when zero or of a magnitude within the limits; CUSTOM_FORMULA_BUDGET_EXCEEDED otherwise. */
function withinBudget(
  v: BigNumber,
  limits: { readonly maxExponent: number; readonly minExponent: number },
  path: Path,
  at: string,
): BigNumber {
  if (v.isZero() || (v.e <= limits.maxExponent && v.e >= limits.minExponent)) return v;
  return customFail('CUSTOM_FORMULA_BUDGET_EXCEEDED', path, {
    at,
    value: shortValue(v.toString()),
    limit: `magnitude below 1e${limits.maxExponent + 1} and, unless zero, at least 1e${limits.minExponent}`,
  });
}
