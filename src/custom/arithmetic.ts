/**
 * The numbers and operations of custom formulas: decimals of 40 significant digits (like gepkit's Decimal),
 * every operation rounded to 40 digits with halves away from zero, comparisons exact. Each operator and
 * function is one decimal.js call; a function that cannot take its arguments throws an Error whose message
 * the sandbox reports (CUSTOM_FORMULA_EVALUATION_FAILED). Results may be infinite or NaN (1 / 0, sqrt(-1)):
 * the sandbox refuses them at the step that produced them.
 */
import { Decimal as DecimalJs } from 'decimal.js';

/** The formulas' number: its own clone, so neither gepkit's nor a user's decimal.js settings change a result. */
export const Num = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });
export type Num = InstanceType<typeof Num>;

export type ArithmeticName = 'add' | 'subtract' | 'multiply' | 'divide' | 'pow' | 'unaryMinus' | 'unaryPlus';

/** Operators on numbers, by name (a unary operator ignores its second argument). */
export const ARITHMETIC: Readonly<Record<ArithmeticName, (x: Num, y: Num) => Num>> = {
  add: (x: Num, y: Num) => x.plus(y),
  subtract: (x: Num, y: Num) => x.minus(y),
  multiply: (x: Num, y: Num) => x.times(y),
  divide: (x: Num, y: Num) => x.div(y),
  pow: (x: Num, y: Num) => x.pow(y),
  unaryMinus: (x: Num) => x.neg(),
  unaryPlus: (x: Num) => x,
};

/** Comparisons, exact: 0.30000000000000000001 is not 0.3. */
export const COMPARISON = {
  smaller: (x: Num, y: Num) => x.lt(y),
  smallerEq: (x: Num, y: Num) => x.lte(y),
  larger: (x: Num, y: Num) => x.gt(y),
  largerEq: (x: Num, y: Num) => x.gte(y),
  equal: (x: Num, y: Num) => x.eq(y),
  unequal: (x: Num, y: Num) => !x.eq(y),
} as const;
export type ComparisonName = keyof typeof COMPARISON;

/** The most decimal places `round`, `floor` and `ceil` take (decimal.js' own bound). */
const MAX_PLACES = 1e9;

/** `x` to `n` decimal places (0 when absent) with `rounding`; `n` must be a whole number from 0 to 10⁹. */
function places(name: string, rounding: DecimalJs.Rounding, x: Num, n?: Num): Num {
  if (n === undefined) return x.toDecimalPlaces(0, rounding);
  if (!n.isInteger() || n.isNegative() || n.gt(MAX_PLACES))
    throw new Error(
      `the number of decimal places of ${name} must be a whole number from 0 to ${MAX_PLACES}, got ${n.toString()}`,
    );
  return x.toDecimalPlaces(n.toNumber(), rounding);
}

const least = (xs: Num[]) => xs.reduce((m, x) => (x.lt(m) ? x : m));
const greatest = (xs: Num[]) => xs.reduce((m, x) => (x.gt(m) ? x : m));

/** The functions a formula may call: their number of arguments and what they compute. */
export const FUNCTIONS: Readonly<Record<string, { min: number; max: number; f: (xs: Num[]) => Num }>> = {
  min: { min: 1, max: Infinity, f: least },
  max: { min: 1, max: Infinity, f: greatest },
  abs: { min: 1, max: 1, f: ([x]) => (x as Num).abs() },
  sqrt: { min: 1, max: 1, f: ([x]) => (x as Num).sqrt() },
  exp: { min: 1, max: 1, f: ([x]) => (x as Num).exp() },
  // log(x, b) = ln x / ln b, each to 40 digits (log(100, 10) = 2).
  log: { min: 1, max: 2, f: ([x, b]) => (b === undefined ? (x as Num).ln() : (x as Num).ln().div(b.ln())) },
  pow: { min: 2, max: 2, f: ([x, y]) => (x as Num).pow(y as Num) },
  floor: { min: 1, max: 2, f: ([x, n]) => places('floor', DecimalJs.ROUND_FLOOR, x as Num, n) },
  ceil: { min: 1, max: 2, f: ([x, n]) => places('ceil', DecimalJs.ROUND_CEIL, x as Num, n) },
  round: { min: 1, max: 2, f: ([x, n]) => places('round', DecimalJs.ROUND_HALF_UP, x as Num, n) },
};
