import * as z from 'zod/mini';
import {
  DECIMAL_TEXT_PATTERN,
  type Decimal,
  NUMBER_LIMITS,
  decimalRefusal,
  readDecimal,
  shortValue,
} from './decimal';
import type { Money, Price } from './money';
import {
  type Dimension,
  type MoneyUnit,
  type PerUnit,
  type Quantity,
  type UnitId,
  type UnitsOf,
  dimensionOf,
  parseUnit,
  unitList,
} from './units';

/**
 * Zod building blocks shared by the input, table and profile schemas. Numbers are written as decimal strings
 * (or JSON numbers) and become Decimals; each refusal carries the gepkit code that explains it.
 */

/** What a transform refuses: classic zod's `addIssue` record (a custom issue with the value as its input). */
type Refusal = {
  code: 'custom';
  message: string;
  params?: Record<string, string | number>;
  path?: PropertyKey[];
};

/** Record a refusal inside `z.transform` (zod/mini's payload has no `addIssue`) and return zod's NEVER. */
export function refuse(ctx: z.core.ParsePayload, issue: Refusal): never {
  ctx.issues.push({ ...issue, input: ctx.value });
  return z.NEVER;
}

/**
 * `record`, a z.record over keys a user writes, refusing an own key `__proto__`: JSON.parse keeps it as a key like any
 * other, but zod leaves it out of a record without a word (assigning it would set the prototype), so it would skip
 * every check and vanish. It is refused at its path, with `params` (a gepkit code and its parameters; without one
 * the caller's code for an invalid input), before the record is read. The published JSON Schemas show `record`. Give
 * it the record whole, its default or optionality included (`ownKeys(z.record(k, v).default({}))`): what it returns is
 * typed as `record` but has none of its methods.
 */
export function ownKeys<T extends z.core.$ZodType>(
  record: T,
  params: Readonly<Record<string, string>> = {},
  /** Also refuse `__proto__` among the keys of the record's values (a record of records: switches by indicator). */
  nested = false,
): T {
  const own = z.pipe(
    z.transform((raw: unknown, ctx) => {
      const refuse = (at: PropertyKey[]) =>
        ctx.issues.push({
          code: 'custom',
          message: 'the key __proto__ is not allowed (a JavaScript object property)',
          path: [...at, '__proto__'],
          input: raw,
          params: { ...params },
        });
      const isObject = (v: unknown): v is object => v !== null && typeof v === 'object';
      if (!isObject(raw)) return raw;
      if (Object.hasOwn(raw, '__proto__')) refuse([]);
      if (nested)
        for (const [k, v] of Object.entries(raw))
          if (isObject(v) && Object.hasOwn(v, '__proto__')) refuse([k]);
      return raw;
    }),
    record,
  );
  // A record with a default (`.default({})`) or optional stays so in its object and its JSON Schema: a pipe would
  // otherwise take the optionality of its transform.
  Object.defineProperty(own._zod, 'optin', { value: record._zod.optin });
  return own as unknown as T;
}

// The string's pattern and length are documentation for the published JSON Schemas: readDecimal decides, with its
// gepkit codes (a pattern refused by zod would say only "invalid string").
const numberLike = z
  .union([
    z.string().check(z.meta({ pattern: DECIMAL_TEXT_PATTERN, maxLength: NUMBER_LIMITS.maxLength })),
    z.number(),
  ])
  .check(
    z.meta({
      description: 'A finite decimal number, preferably written as a string ("1234.5") to keep it exact.',
    }),
  );

/** A number within NUMBER_LIMITS (docs/limits.md), read by readDecimal; refusals carry their gepkit code. */
export const decimal = z.pipe(
  numberLike,
  z.transform((v, ctx): Decimal => {
    const r = readDecimal(v);
    if (!r.ok) {
      const params = decimalRefusal(v) ?? {};
      return refuse(ctx, { code: 'custom', message: `not an acceptable decimal: ${shortValue(v)}`, params });
    }
    return r.value;
  }),
);

export const nonNegativeDecimal = (what: string) =>
  decimal.check(
    z.superRefine((d, ctx) => {
      // lt(0), not isNegative(): -0 is 0 (decimal.js prints it "0"), not a negative value
      if (d.lt(0)) {
        ctx.addIssue({
          code: 'custom',
          message: `${what} cannot be negative`,
          params: { gepkit: 'NEGATIVE_VALUE', what, value: d.toFixed() },
        });
      }
    }),
  );

export const share = decimal.check(
  z.superRefine((d, ctx) => {
    if (d.lt(0) || d.greaterThan(1)) {
      ctx.addIssue({
        code: 'custom',
        message: 'share outside [0, 1]',
        params: { gepkit: 'SHARE_OUT_OF_RANGE', value: d.toFixed() },
      });
    }
  }),
);

/** A dimensionless factor in [0, 1] (RUSLE C and P...), refused outside the range with VALUE_OUT_OF_RANGE. */
export const fraction = (what: string) =>
  decimal.check(
    z.superRefine((d, ctx) => {
      if (d.lt(0) || d.greaterThan(1)) {
        ctx.addIssue({
          code: 'custom',
          message: `${what} outside [0, 1]`,
          params: { gepkit: 'VALUE_OUT_OF_RANGE', what, min: '0', max: '1', value: d.toFixed() },
        });
      }
    }),
  );

export const year = z.number().check(z.int(), z.gte(1900), z.lte(2200));

/** A date as written in gepkit's files: YYYY-MM-DD (the JSON Schemas' pattern; isCalendarDate checks the day exists). */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Whether `s` is an ISO calendar date YYYY-MM-DD that exists, of the years an account may have (1900–2200): 2024-13-01
 * and 2024-02-30 are not (compared as text, such a window's end sorted after every real date of its year).
 */
export function isCalendarDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return (
    !Number.isNaN(d.getTime()) &&
    d.toISOString().slice(0, 10) === s &&
    year.safeParse(Number(s.slice(0, 4))).success
  );
}

/** The message of a date that is no calendar date (isCalendarDate). */
export const NOT_A_CALENDAR_DATE = 'not a calendar date YYYY-MM-DD of the years 1900–2200';

/** An administrative division code (2–12 digits, 36 → 3610 → 361028 …): regional lookups match by prefix. */
export const ADMIN_CODE = /^\d{2,12}$/;
export const adminCode = z.string().check(z.regex(ADMIN_CODE));

export function unitOf(dims: readonly Dimension[] | 'any') {
  return z.pipe(
    z.string(),
    z.transform((s, ctx): UnitId => {
      const u = parseUnit(s);
      if (u === undefined) {
        return refuse(ctx, {
          code: 'custom',
          message: `unknown unit ${shortValue(s)}`,
          params: {
            gepkit: 'UNIT_UNKNOWN',
            unit: shortValue(s),
            allowed: dims === 'any' ? unitList() : dims.map((d) => unitList(d)).join(', '),
          },
        });
      }
      if (dims !== 'any' && !dims.includes(dimensionOf(u))) {
        return refuse(ctx, {
          code: 'custom',
          message: `unit ${s} is not ${dims.join('/')}`,
          params: {
            gepkit: 'UNIT_MISMATCH',
            expected: dims.join(' or '),
            actual: `${s} (${dimensionOf(u)})`,
          },
        });
      }
      return u;
    }),
  );
}

/** `{ "value": "12.5", "unit": "km2" }` with a unit of the given dimension; never negative. */
export function quantity<D extends Dimension>(dim: D, what: string) {
  return z.pipe(
    z.strictObject({ value: nonNegativeDecimal(what), unit: unitOf([dim]) }),
    z.transform((o) => o as Quantity as Quantity<UnitsOf<D>>),
  );
}

/** Like `quantity`, but zero is refused too (a lake of area 0 does not exist). */
export function positiveQuantity<D extends Dimension>(dim: D, what: string) {
  return z.pipe(
    z.strictObject({
      value: decimal.check(
        z.superRefine((d, ctx) => {
          if (!d.isPositive() || d.isZero()) {
            ctx.addIssue({
              code: 'custom',
              message: `${what} must be > 0`,
              params: { gepkit: 'VALUE_NOT_POSITIVE', what, value: d.toFixed() },
            });
          }
        }),
      ),
      unit: unitOf([dim]),
    }),
    z.transform((o) => o as Quantity as Quantity<UnitsOf<D>>),
  );
}

/** A quantity in any catalogue unit (checked against its price's unit where it is used). */
export function anyQuantity(what: string) {
  return z.pipe(
    z.strictObject({ value: nonNegativeDecimal(what), unit: unitOf('any') }),
    z.transform((o): Quantity => o),
  );
}

/** Parse "yuan/m3", "元/m³", "万元/t": a money unit over a non-money unit. */
export function parsePriceUnit(s: string): { money: MoneyUnit; per: PerUnit } | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const m = parseUnit(s.slice(0, slash));
  const p = parseUnit(s.slice(slash + 1));
  if (m === undefined || p === undefined || dimensionOf(m) !== 'money' || dimensionOf(p) === 'money')
    return undefined;
  return { money: m as MoneyUnit, per: p as PerUnit };
}

const priceUnit = (dims: readonly Dimension[] | 'any') =>
  z.pipe(
    z.string(),
    z.transform((s, ctx) => {
      const pu = parsePriceUnit(s);
      if (pu === undefined) {
        return refuse(ctx, {
          code: 'custom',
          message: `not a price unit: ${shortValue(s)}`,
          params: {
            gepkit: 'UNIT_UNKNOWN',
            unit: shortValue(s),
            allowed: 'money/unit, e.g. yuan/m3, 元/t, wan_yuan/hm2',
          },
        });
      }
      if (dims !== 'any' && !dims.includes(dimensionOf(pu.per))) {
        return refuse(ctx, {
          code: 'custom',
          message: `price unit ${s} is not per ${dims.join('/')}`,
          params: { gepkit: 'UNIT_MISMATCH', expected: `money per ${dims.join(' or ')}`, actual: s },
        });
      }
      return pu;
    }),
  );

/** `{ "value": "2.6", "unit": "yuan/m3", "priceYear": 2020 }`; the price year is required. */
export function price(dims: readonly Dimension[] | 'any', what: string) {
  return z.pipe(
    z.strictObject({ value: nonNegativeDecimal(what), unit: priceUnit(dims), priceYear: year }),
    z.transform((o): Price => ({
      value: o.value,
      money: o.unit.money,
      per: o.unit.per,
      priceYear: o.priceYear,
    })),
  );
}

/** `{ "value": "8.5", "unit": "yi_yuan", "priceYear": 2020 }`; the price year is required. */
export function money(what: string) {
  return z.pipe(
    z.strictObject({ value: nonNegativeDecimal(what), unit: unitOf(['money']), priceYear: year }),
    z.transform((o): Money => ({ amount: o.value, unit: o.unit as MoneyUnit, priceYear: o.priceYear })),
  );
}

export const bilingual = z.object({
  zh: z.string().check(z.minLength(1)),
  en: z.string().check(z.minLength(1)),
});
