// The named export: decimal.js's declarations give its default export as the module itself to an ESM consumer
// under NodeNext, so `InstanceType<typeof Default>` would fail there (TS2344) and become `any` under skipLibCheck.
import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The project's Decimal: a clone of decimal.js configured once, so a user's global decimal.js settings never
 * change gepkit's results. 40 significant digits keep every product of tabular inputs exact in practice and
 * leave rounding to the reporting step.
 */
export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Decimal = InstanceType<typeof Decimal>;

/** Named rounding modes (decimal.js constants), for the reporting step. */
export const Rounding = {
  halfEven: DecimalJs.ROUND_HALF_EVEN,
  halfUp: DecimalJs.ROUND_HALF_UP,
  down: DecimalJs.ROUND_DOWN,
  up: DecimalJs.ROUND_UP,
  floor: DecimalJs.ROUND_FLOOR,
  ceil: DecimalJs.ROUND_CEIL,
} as const;
export type RoundingName = keyof typeof Rounding;

export type DecimalInput = string | number | Decimal;

/**
 * The bounds every number read from an input must respect (docs/limits.md). They are far beyond any real quantity
 * (China's land area is 9.6 × 10¹² m², its GDP about 1.3 × 10¹⁴ yuan) and keep every product of a few inputs within
 * decimal.js' exact range, so no total can overflow and no printed figure runs to millions of digits.
 * - `maxExponent`: |x| < 10^(maxExponent + 1), i.e. below 10²¹;
 * - `minExponent`: a non-zero |x| ≥ 10^minExponent, i.e. at least 10⁻³⁰;
 * - `maxDigits`: at most 40 significant digits (the Decimal precision: more would be rounded away unseen);
 * - `maxLength`: a decimal string has at most 100 characters (checked before anything else is read).
 */
export const NUMBER_LIMITS = { maxExponent: 20, minExponent: -30, maxDigits: 40, maxLength: 100 } as const;

/** Why a value is not an acceptable decimal. */
export type DecimalProblem = 'not-finite' | 'out-of-range' | 'too-precise' | 'too-long';

export type DecimalRead = { ok: true; value: Decimal } | { ok: false; problem: DecimalProblem };

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The strings readDecimal reads, as a JSON Schema `pattern` (ECMA-262; `\s` is the whitespace `trim()` removes):
 * what the published schemas say of a decimal string. Its limits of length, exponent and digits are readDecimal's.
 */
export const DECIMAL_TEXT_PATTERN = `^\\s*${DECIMAL_TEXT.source.slice(1, -1)}\\s*$`;

/**
 * The one decimal parser for every input: a finite JavaScript number or a decimal string (surrounding spaces
 * ignored) within NUMBER_LIMITS, or the reason it is refused. The string's length is checked first, so a hostile
 * string costs at most 100 characters of work. `1e9000000000000000` (finite to decimal.js, but 9 × 10¹⁵ digits
 * once printed) is out of range, and so is an exponent beyond decimal.js' own range, which it would turn into
 * Infinity (1e90000000000000000) or zero (1e-90000000000000000).
 *
 * @example
 * ```ts
 * readDecimal('12.5');     // { ok: true, value: Decimal(12.5) }
 * readDecimal('1e1000000'); // { ok: false, problem: 'out-of-range' }
 * ```
 */
export function readDecimal(x: unknown): DecimalRead {
  let d: Decimal;
  // The trimmed text of a string input: read again only when decimal.js gave 0 (an exponent below its range turns
  // a non-zero mantissa into 0). Significant digits are counted only where there can be more than maxDigits: not in
  // a string of at most maxDigits characters, nor in a JS number (at most 17 digits).
  let text: string | undefined;
  if (x instanceof Decimal) {
    d = x;
  } else if (typeof x === 'number') {
    if (!Number.isFinite(x)) return { ok: false, problem: 'not-finite' };
    d = new Decimal(x);
  } else if (typeof x === 'string') {
    if (x.length > NUMBER_LIMITS.maxLength) return { ok: false, problem: 'too-long' };
    text = x.trim();
    if (!DECIMAL_TEXT.test(text)) return { ok: false, problem: 'not-finite' };
    d = new Decimal(text);
  } else {
    return { ok: false, problem: 'not-finite' };
  }
  if (d.isNaN()) return { ok: false, problem: 'not-finite' };
  if (!d.isFinite()) return { ok: false, problem: x instanceof Decimal ? 'not-finite' : 'out-of-range' };
  if (d.isZero()) {
    const e = text === undefined ? -1 : text.search(/[eE]/);
    const nonZero = text !== undefined && /[1-9]/.test(e < 0 ? text : text.slice(0, e));
    return nonZero ? { ok: false, problem: 'out-of-range' } : { ok: true, value: d };
  }
  if (d.e > NUMBER_LIMITS.maxExponent || d.e < NUMBER_LIMITS.minExponent)
    return { ok: false, problem: 'out-of-range' };
  const mayBeLong = typeof x === 'string' ? x.length > NUMBER_LIMITS.maxDigits : x instanceof Decimal;
  if (mayBeLong && d.sd() > NUMBER_LIMITS.maxDigits) return { ok: false, problem: 'too-precise' };
  return { ok: true, value: d };
}

/** Decimal from a finite number or decimal string within NUMBER_LIMITS; undefined for anything else. */
export function tryDecimal(x: unknown): Decimal | undefined {
  const r = readDecimal(x);
  return r.ok ? r.value : undefined;
}

/**
 * A short form of a refused value for messages: at most 40 characters. A number that is not finite is described,
 * never printed as the words Infinity or NaN: from JSON it was written as a number no double holds (1e309).
 */
export function shortValue(x: unknown): string {
  if (typeof x === 'number' && !Number.isFinite(x))
    return Number.isNaN(x) ? 'not a number' : `a${x < 0 ? ' negative' : ''} number too large for a double`;
  const s = String(x);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/**
 * The parameters of NUMBER_OUT_OF_RANGE for a refused value: its short form (shortValue) and the bounds of
 * NUMBER_LIMITS as numbers written in JSON (`1e21`, `1e-30`).
 *
 * @example
 * ```ts
 * outOfRangeParams('1e-400'); // { value: '1e-400', max: '1e21', min: '1e-30' }
 * ```
 */
export function outOfRangeParams(x: unknown): { value: string; max: string; min: string } {
  return {
    value: shortValue(x),
    max: `1e${NUMBER_LIMITS.maxExponent + 1}`,
    min: `1e${NUMBER_LIMITS.minExponent}`,
  };
}

/**
 * The gepkit code (`gepkit`) and its parameters for a value readDecimal refuses, or undefined for a value it reads: what
 * the schemas' zod issues and qty() report.
 */
export function decimalRefusal(v: unknown): Record<string, string | number> | undefined {
  const r = readDecimal(v);
  if (r.ok) return undefined;
  const value = shortValue(v);
  switch (r.problem) {
    case 'not-finite':
      return { gepkit: 'NUMBER_NOT_FINITE', value };
    case 'out-of-range':
      return { gepkit: 'NUMBER_OUT_OF_RANGE', ...outOfRangeParams(v) };
    case 'too-precise':
      return {
        gepkit: 'NUMBER_TOO_PRECISE',
        value,
        digits: String(readDigits(v)),
        max: NUMBER_LIMITS.maxDigits,
      };
    case 'too-long':
      return { gepkit: 'NUMBER_TOO_LONG', value, length: String(v).length, max: NUMBER_LIMITS.maxLength };
  }
}

function readDigits(v: unknown): number {
  const m = /^[+-]?0*([0-9.]*)/.exec(String(v).trim());
  return (m?.[1] ?? '').replace('.', '').replace(/^0+/, '').length;
}

/**
 * Decimal for trusted literals and computed values inside the library (formula constants). Throws a RangeError (a
 * defect, not an input's problem: inputs are read by readDecimal, or qty) on a value that is not a finite decimal;
 * NUMBER_LIMITS do not apply. A Decimal of another copy of decimal.js (another build of gepkit) is read by its digits.
 */
export function dec(x: DecimalInput): Decimal {
  let d: Decimal | undefined;
  if (x instanceof Decimal) d = x;
  else if (typeof x === 'number') d = Number.isFinite(x) ? new Decimal(x) : undefined;
  else if (typeof x === 'string') d = DECIMAL_TEXT.test(x.trim()) ? new Decimal(x.trim()) : undefined;
  // A Decimal of another copy of decimal.js or of gepkit (the ESM build's given to the CommonJS one): its value.
  // decimal.js' own isDecimal knows an instance of any copy (by the tag every copy's prototype carries).
  else if (Decimal.isDecimal(x)) {
    // Its own text: exponent notation for a large or small one, never millions of digits.
    const text = String(x);
    d = DECIMAL_TEXT.test(text) ? new Decimal(text) : undefined;
  }
  if (d === undefined || !d.isFinite()) throw new RangeError(`not a finite decimal: ${shortValue(x)}`);
  return d;
}

/** Sum of decimals; the empty sum is zero by definition (not a fill-in). */
export function sum(values: Iterable<Decimal>): Decimal {
  let total = new Decimal(0);
  for (const v of values) total = total.plus(v);
  return total;
}

/** A plain decimal string (never exponent notation), for JSON output. */
export function toPlain(d: Decimal): string {
  return d.toFixed();
}

/** Round to `places` decimal places with a named mode and print plainly. */
export function roundTo(d: Decimal, places: number, mode: RoundingName = 'halfEven'): string {
  return d.toFixed(places, Rounding[mode]);
}
