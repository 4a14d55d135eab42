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

/** Decimal from a finite number or decimal string; returns undefined for anything else (NaN, ±Infinity, junk). */
export function tryDecimal(x: unknown): Decimal | undefined {
  if (x instanceof Decimal) return x.isFinite() ? x : undefined;
  if (typeof x === 'number') return Number.isFinite(x) ? new Decimal(x) : undefined;
  if (typeof x === 'string' && /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(x.trim())) {
    return new Decimal(x.trim());
  }
  return undefined;
}

/** Decimal for trusted literals inside the library (formula constants). Throws on a non-finite value. */
export function dec(x: DecimalInput): Decimal {
  const d = tryDecimal(x);
  if (d === undefined) throw new RangeError(`not a finite decimal: ${String(x)}`);
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
