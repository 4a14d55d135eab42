import * as z from 'zod/mini';
import { GRADES, type Grade } from '../coefficients/schema';
import type { Decimal } from '../core/decimal';
import { GepError, type Issue, type Path } from '../core/errors';
import { bilingual, decimal, ownKeys, parsePriceUnit, refuse, unitOf, year } from '../core/schema';
import { type UnitId, convertValue, dimensionOf, unitSymbol } from '../core/units';
import { PARSE_OPTIONS, fromZodIssues } from '../core/zod-issues';
import { type CustomErrorCode, customIssueFromData } from './errors';
import { compileFormula, symbolNameProblem } from './sandbox';

/**
 * One custom indicator declared in data (docs/custom-indicators.md):
 *
 * ```json
 * {
 *   "code": "X1",
 *   "name": { "zh": "油茶籽", "en": "Camellia oil seed" },
 *   "category": "material",
 *   "unit": "t",
 *   "inputs": {
 *     "area": { "value": "300", "unit": "mu", "as": "hm2" },
 *     "yield": { "value": "1.2", "source": "County forestry bureau survey 2020, table 3", "grade": "verified" },
 *     "price": "9000"
 *   },
 *   "physical": "area * yield",
 *   "value": "physical * price",
 *   "priceYear": 2020
 * }
 * ```
 *
 * `physical` gives the physical quantity in `unit`; `value` gives 元 at the price level of `priceYear` and may
 * read the physical result as `physical`. A quantity input enters the formulas in `as` (converted exactly
 * from `unit`) or, without `as`, in its own unit as written. An input may carry its `source` and evidence `grade`
 * (both or neither): the account lists it with the coefficients it read and reviews its grade; an input without them
 * is reviewed as graded `assumed` (docs/adr/0065-ungraded-custom-inputs-count-as-assumed.md).
 */

/** A number or a quantity as the formulas see it, with what was written (for the trace). */
export interface CustomInputValue {
  /** The number as written. */
  value: Decimal;
  /** Its unit, for a quantity. */
  unit?: UnitId;
  /** The unit the formulas see it in, converted from `unit`. */
  as?: UnitId;
  /** Where the value comes from (a survey, a yearbook and its table), given together with `grade`. */
  source?: string;
  /** The evidence grade of the value, given together with `source`. */
  grade?: Grade;
}

const numberLike = z.union([z.string(), z.number()]);

/** The JSON Schema of an input written as an object: a quantity, a graded decimal, or a graded quantity. */
const OBJECT_FORMS = {
  // `as` converts a unit; a source and a grade go together; a unit or a grade makes the object more than a decimal.
  dependentRequired: { as: ['unit'], source: ['grade'], grade: ['source'] },
  anyOf: [{ required: ['unit'] }, { required: ['grade'] }],
};

// The union holds raw shapes only, so that a bad number, unit, source or grade is reported with its own code below
// rather than as zod's opaque "invalid union"; the forms an object may take are checked in the transform.
const inputValue = z.pipe(
  z
    .union([
      numberLike,
      z
        .strictObject({
          value: numberLike,
          unit: z
            .optional(z.string())
            .check(z.meta({ description: 'Catalogue unit of the value; absent: a decimal.' })),
          as: z
            .optional(z.string())
            .check(
              z.meta({ description: 'Unit the formulas see the value in (same dimension); absent: `unit`.' }),
            ),
          source: z.optional(z.string()).check(
            z.meta({
              description:
                'Where the value comes from (document, table or page), with `grade`; listed with the coefficients.',
              minLength: 1,
            }),
          ),
          grade: z.optional(z.string()).check(
            z.meta({
              description: 'Evidence grade of the value, with `source`; reviewed like a coefficient’s.',
              enum: [...GRADES],
            }),
          ),
        })
        .check(z.meta(OBJECT_FORMS)),
    ])
    .check(
      z.meta({
        description:
          'A decimal number ("3.5"), or a quantity {"value": "300", "unit": "mu", "as": "hm2"} converted to `as` before the formulas read it; either may carry its "source" and evidence "grade" ({"value": "1.2", "source": "…", "grade": "published"}). An input without them counts as graded assumed in the review (docs/custom-indicators.md).',
      }),
    ),
  z.transform((raw, ctx): CustomInputValue => {
    let ok = true;
    const sub = <T>(schema: z.ZodMiniType<T, unknown>, v: unknown, at: string[]): T | undefined => {
      const r = schema.safeParse(v, PARSE_OPTIONS);
      if (r.success) return r.data;
      ok = false;
      for (const i of r.error.issues) {
        const params = (i as { params?: Record<string, string | number> }).params;
        ctx.issues.push({
          code: 'custom',
          message: i.message,
          path: [...at, ...i.path],
          ...(params ? { params } : {}),
          input: raw,
        });
      }
      return undefined;
    };
    /** CUSTOM_INDICATOR_INVALID at `at` (under the input), with `detail`. */
    const invalid = (at: string[], detail: string) => {
      ok = false;
      ctx.issues.push({
        code: 'custom',
        message: detail,
        path: at,
        params: { gepkit: 'CUSTOM_INDICATOR_INVALID', detail },
        input: raw,
      });
    };
    if (typeof raw !== 'object') {
      const value = sub(decimal, raw, []);
      return ok ? { value: value as Decimal } : z.NEVER;
    }
    // A price (yuan/t) has a price year an input cannot carry: it is written as a decimal in 元 at `priceYear`.
    const price = raw.unit === undefined ? undefined : parsePriceUnit(raw.unit);
    if (raw.unit !== undefined && price !== undefined) {
      const detail = priceDetail(raw.unit, price.money, price.per);
      return refuse(ctx, {
        code: 'custom',
        message: detail,
        path: ['unit'],
        params: { gepkit: 'CUSTOM_INDICATOR_INVALID', detail },
      });
    }
    const value = sub(decimal, raw.value, ['value']);
    const unit = raw.unit === undefined ? undefined : sub(unitOf('any'), raw.unit, ['unit']);
    const as = raw.as === undefined ? undefined : sub(unitOf('any'), raw.as, ['as']);
    const evidence = evidenceOf(raw, sub, invalid);
    if (raw.unit === undefined) {
      if (raw.as !== undefined) invalid(['as'], AS_WITHOUT_UNIT);
      else if (raw.source === undefined && raw.grade === undefined) invalid([], OBJECT_WITHOUT_FORM);
    }
    if (!ok || value === undefined) return z.NEVER;
    if (unit !== undefined && as !== undefined && dimensionOf(as) !== dimensionOf(unit)) {
      return refuse(ctx, {
        code: 'custom',
        message: `unit ${raw.as} is not ${dimensionOf(unit)}`,
        path: ['as'],
        params: {
          gepkit: 'UNIT_MISMATCH',
          expected: `a unit of ${dimensionOf(unit)} like ${unitSymbol(unit)}`,
          actual: `${unitSymbol(as)} (${dimensionOf(as)})`,
        },
      });
    }
    return {
      value,
      ...(unit !== undefined ? { unit } : {}),
      ...(as !== undefined ? { as } : {}),
      ...(evidence ?? {}),
    };
  }),
);

/** CUSTOM_INDICATOR_INVALID's details for the forms of an input object (in Chinese in errors.ts). */
const AS_WITHOUT_UNIT = '"as" converts the value from its "unit": give the unit too';
const OBJECT_WITHOUT_FORM =
  'an input written as an object needs a "unit" (a quantity) or a "source" and a "grade" (a decimal with its evidence); a bare decimal is written as it is ("1.2")';
const SOURCE_WITHOUT_GRADE = `an input with a source needs its evidence grade too (${GRADES.join(', ')})`;
const GRADE_WITHOUT_SOURCE =
  'an input with an evidence grade needs its source too: the document its value comes from';
const SOURCE_BLANK = 'the source is empty: name the document the value comes from';

/**
 * The source and grade of an input object: both or neither (CUSTOM_INDICATOR_INVALID at the one missing), a source
 * with text other than spaces, a grade one of GRADES (the schema's usual refusal of an option).
 */
function evidenceOf(
  raw: { source?: string; grade?: string },
  sub: <T>(schema: z.ZodMiniType<T, unknown>, v: unknown, at: string[]) => T | undefined,
  invalid: (at: string[], detail: string) => void,
): { source: string; grade: Grade } | undefined {
  if (raw.source === undefined && raw.grade === undefined) return undefined;
  if (raw.grade === undefined) invalid(['grade'], SOURCE_WITHOUT_GRADE);
  if (raw.source === undefined) invalid(['source'], GRADE_WITHOUT_SOURCE);
  else if (raw.source.trim() === '') invalid(['source'], SOURCE_BLANK);
  const grade = raw.grade === undefined ? undefined : sub(z.enum(GRADES), raw.grade, ['grade']);
  return raw.source === undefined || grade === undefined ? undefined : { source: raw.source, grade };
}

/** CUSTOM_INDICATOR_INVALID's detail for an input given in a price unit (in Chinese in errors.ts). */
const priceDetail = (written: string, money: string, per: string) =>
  `the input unit ${written} is a price, which has a price year an input cannot carry: write the price as a decimal in yuan per ${per} at the indicator's priceYear${money === 'yuan' ? '' : ` (converted from ${money})`}`;

/** The number a formula reads for an input: the value, converted to `as` where given. */
export function formulaValue(v: CustomInputValue): Decimal {
  return v.unit !== undefined && v.as !== undefined ? convertValue(v.value, v.unit, v.as) : v.value;
}

/**
 * A custom indicator's code: X and at least one capital letter or digit (X1, XTEA). Built-in codes never start with
 * X; a bare X names no indicator of its own.
 */
const CODE = /^X[0-9A-Z]+$/;

/** CUSTOM_INDICATOR_INVALID's detail for a code that is not one (in Chinese in errors.ts). */
const codeDetail = (code: string) =>
  `code ${JSON.stringify(code)} must be X followed by capital letters or digits (X1, XTEA)`;

export const customIndicatorSchema = z
  .strictObject({
    code: z.string().check(
      z.superRefine((code, ctx) => {
        if (!CODE.test(code))
          ctx.addIssue({
            code: 'custom',
            message: codeDetail(code),
            params: { gepkit: 'CUSTOM_INDICATOR_INVALID', detail: codeDetail(code) },
          });
      }),
      z.meta({
        description:
          'Indicator code: X followed by at least one capital letter or digit, so that it never collides with a built-in code.',
        pattern: CODE.source,
      }),
    ),
    name: bilingual,
    category: z.enum(['material', 'regulating', 'cultural']),
    unit: unitOf('any').check(
      z.meta({
        description: 'Catalogue unit of the physical quantity the `physical` formula gives.',
      }),
    ),
    // An input named __proto__ would vanish from the record unchecked: it is refused as the others are.
    inputs: ownKeys(z.record(z.string(), inputValue), {
      gepkit: 'CUSTOM_INPUT_NAME_INVALID',
      name: '__proto__',
      reason: symbolNameProblem('__proto__') ?? '',
    }).check(z.meta({ description: 'Named numbers and quantities the formulas read.' })),
    physical: z.string().check(
      z.meta({
        description: 'Formula (docs/custom-indicators.md) over the inputs: the physical quantity in `unit`.',
      }),
    ),
    value: z.string().check(
      z.meta({
        description:
          'Formula (docs/custom-indicators.md) over the inputs and `physical`: the value in 元 at `priceYear` prices.',
      }),
    ),
    priceYear: year.check(z.meta({ description: 'The year whose price level the value formula gives.' })),
    zone: z
      .optional(z.string().check(z.minLength(1)))
      .check(z.meta({ description: 'Id of a zone declared under "zones".' })),
    ecosystem: z
      .optional(z.string().check(z.minLength(1)))
      .check(z.meta({ description: 'Ecosystem type code of the classification.' })),
    note: z.optional(z.string()),
  })
  .check(
    z.superRefine((d, ctx) => {
      const names = Object.keys(d.inputs);
      let namesOk = true;
      for (const name of names) {
        const reason = symbolNameProblem(name);
        if (reason === undefined) continue;
        namesOk = false;
        ctx.addIssue({
          code: 'custom',
          message: `input name ${name}: ${reason}`,
          path: ['inputs', name],
          params: { gepkit: 'CUSTOM_INPUT_NAME_INVALID', name, reason },
        });
      }
      if (!namesOk) return;
      const check = (expr: string, allowed: string[], field: 'physical' | 'value') => {
        try {
          compileFormula(expr, allowed, []);
        } catch (e) {
          if (!(e instanceof GepError)) throw e;
          for (const i of e.issues) {
            ctx.addIssue({
              code: 'custom',
              message: i.message.en,
              path: [field, ...i.path],
              params: { gepkit: i.code, ...(i.params ?? {}) },
            });
          }
        }
      };
      check(d.physical, names, 'physical');
      check(d.value, [...names, 'physical'], 'value');
    }),
  );

export type CustomIndicatorJson = z.input<typeof customIndicatorSchema>;
export type CustomIndicator = z.output<typeof customIndicatorSchema>;

/** A list of declarations; codes are unique (DUPLICATE_ID). */
export const customIndicatorsSchema = z.array(customIndicatorSchema).check(
  z.superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((d, i) => {
      if (seen.has(d.code))
        ctx.addIssue({
          code: 'custom',
          message: `duplicate code ${d.code}`,
          path: [i, 'code'],
          params: { gepkit: 'DUPLICATE_ID', id: d.code },
        });
      seen.add(d.code);
    });
  }),
);

/** Validate one declaration; throws GepError listing every problem, each with its path under `path`. */
export function parseCustomIndicator(json: unknown, path: Path = []): CustomIndicator {
  const r = customIndicatorSchema.safeParse(json, PARSE_OPTIONS);
  if (!r.success) throw new GepError(toIssues(r.error.issues, path));
  return r.data;
}

/**
 * Most characters of all the formulas of one input together (docs/limits.md): each is parsed and compiled (about 1 µs
 * a character, twice per account) before its work can be counted, so their length is bounded first, from the raw
 * JSON: 100 formulas of the longest kind (MAX_FORMULA_LENGTH), about 0.1 s per pass.
 */
export const MAX_CUSTOM_FORMULA_TEXT = 100_000;

/**
 * CUSTOM_WORK_EXCEEDED at `path` when the formulas of raw declarations (strings under `physical` and `value`) hold
 * more than MAX_CUSTOM_FORMULA_TEXT characters together, before any is parsed; anything else is left to the schema.
 */
export function checkCustomFormulaText(list: unknown, path: Path): void {
  if (!Array.isArray(list)) return;
  let chars = 0;
  for (const d of list as unknown[]) {
    if (d === null || typeof d !== 'object') continue;
    for (const f of [(d as { physical?: unknown }).physical, (d as { value?: unknown }).value])
      if (typeof f === 'string') chars += f.length;
  }
  if (chars > MAX_CUSTOM_FORMULA_TEXT)
    throw new GepError([
      customIssueFromData('CUSTOM_WORK_EXCEEDED', path, {
        amount: String(chars),
        unit: 'characters',
        limit: String(MAX_CUSTOM_FORMULA_TEXT),
      }),
    ]);
}

/** Validate a list of declarations (unique codes). */
export function parseCustomIndicators(json: unknown, path: Path = []): CustomIndicator[] {
  checkCustomFormulaText(json, path);
  const r = customIndicatorsSchema.safeParse(json, PARSE_OPTIONS);
  if (!r.success) throw new GepError(toIssues(r.error.issues, path));
  return r.data;
}

/**
 * zod issues → gepkit issues. CUSTOM_ codes are built with this module's catalogue; the rest go through the core
 * mapping, with CUSTOM_INDICATOR_INVALID as the fallback.
 */
function toIssues(issues: readonly z.core.$ZodIssue[], path: Path): Issue[] {
  return issues.map((zi) => {
    const params = (zi as { params?: Record<string, unknown> }).params;
    const code = params?.gepkit;
    if (typeof code === 'string' && code.startsWith('CUSTOM_')) {
      const rest: Record<string, string> = {};
      for (const [k, v] of Object.entries(params ?? {})) if (k !== 'gepkit') rest[k] = String(v);
      const where = [...path, ...zi.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
      return customIssueFromData(code as CustomErrorCode, where, rest);
    }
    const [i] = fromZodIssues([zi], path) as [Issue];
    return i.code === 'INPUT_INVALID'
      ? customIssueFromData('CUSTOM_INDICATOR_INVALID', i.path, i.params ?? {})
      : i;
  });
}
