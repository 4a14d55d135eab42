/**
 * The options of `account()` checked before anything is read: a misspelt key (`baseyear`), a value of the wrong type
 * (`baseYear: '2015'`, `exclude: 'M5'`) or out of range (negative places, an unknown rounding mode or grade) is
 * OPTIONS_INVALID at its path under `options`, as a bad input field is INPUT_INVALID, never ignored or read as
 * something else. Tables, price indices, the scenario and the profile object are checked by their own schemas.
 */
import * as z from 'zod/mini';
import { GRADES } from '../coefficients/schema';
import { Rounding } from '../core/decimal';
import { fail } from '../core/errors';
import { checkOptions } from '../core/options';
import { ownKeys, year } from '../core/schema';
import { AccountCache } from './cache';

/** Decimal places of the result: a whole number from 0 to 40 (the Decimal precision). */
const places = z.optional(z.int().check(z.gte(0), z.lte(40)));
const text = z.string().check(z.minLength(1));

const accountOptionsSchema = z.strictObject({
  typeMapping: z.optional(ownKeys(z.record(z.string(), z.string()))),
  profile: z.optional(z.union([text, z.looseObject({ id: z.string(), indicators: z.array(z.unknown()) })])),
  // a year as an input's years are (1900–2200): 0 was read as a year, refused by every line at its own place
  baseYear: z.optional(year),
  exclude: z.optional(z.array(text)),
  methods: z.optional(ownKeys(z.record(z.string(), text))),
  switches: z.optional(ownKeys(z.record(z.string(), z.record(z.string(), z.unknown())), {}, true)),
  tables: z.optional(z.array(z.unknown())),
  // A relative tolerance as a decimal string: 0.01, not -1, 1%, or 0.01 as a number.
  areaTolerance: z.optional(
    z.string().check(z.regex(/^\d+(\.\d+)?$/, 'a decimal ≥ 0 written as a string, e.g. "0.01"')),
  ),
  priceIndices: z.optional(z.array(z.unknown())),
  deflators: z.optional(z.array(z.strictObject({ match: z.string(), index: text }))),
  minGrade: z.optional(z.enum(GRADES)),
  scenario: z.optional(z.unknown()),
  places: z.optional(
    z.strictObject({
      scenario: z.optional(z.array(z.union([z.string(), z.number()]))),
      tables: z.optional(z.array(z.array(z.union([z.string(), z.number()])))),
      priceIndices: z.optional(z.array(z.array(z.union([z.string(), z.number()])))),
    }),
  ),
  // 'exact' or the places and mode (checked below, so that a problem is named at its member).
  rounding: z.optional(z.unknown()),
  readElsewhere: z.optional(
    z.array(
      z.strictObject({
        table: z.string(),
        key: z.string(),
        ecosystem: z.nullable(z.string()),
        region: z.nullable(z.string()),
      }),
    ),
  ),
  // One made by another copy of gepkit (its ESM build's given to the CommonJS one) holds that copy's objects: refused
  // as such, not as "expected AccountCache, received AccountCache".
  customWorkLimit: z.optional(z.int().check(z.minimum(1))),
  cache: z.optional(
    z.custom<AccountCache>((v) => v instanceof AccountCache, {
      error:
        'an AccountCache made by this copy of gepkit (the ESM and the CommonJS build each have their own)',
    }),
  ),
});

const MODES = Object.keys(Rounding) as [keyof typeof Rounding, ...(keyof typeof Rounding)[]];
const roundingSchema = z.strictObject({
  money: places,
  quantity: places,
  share: places,
  mode: z.optional(z.enum(MODES)),
});

/** Refuse options `account()` cannot read as given (OPTIONS_INVALID at `options.<path>`); they pass unchanged. */
export function checkAccountOptions(options: unknown): void {
  checkOptions(accountOptionsSchema, options);
  const rounding = (options as { rounding?: unknown } | undefined)?.rounding;
  if (rounding === undefined || rounding === 'exact') return;
  if (typeof rounding !== 'object' || rounding === null || Array.isArray(rounding))
    fail('OPTIONS_INVALID', ['options', 'rounding'], {
      detail: `"exact" or { money, quantity, share: places 0–40, mode: ${MODES.join(' | ')} }, not ${JSON.stringify(rounding)}`,
    });
  checkOptions(roundingSchema, rounding, ['options', 'rounding']);
}
