/**
 * The options object of a public function, checked before the function does anything: options that are no object,
 * a key the function does not have (`fromat`, `rule`), or a value it cannot read (`format: 'xml'`, `memoryKeys: -1`,
 * a callback that is no function) are OPTIONS_INVALID at their path under `options`, never ignored or read as a
 * default. Each function declares its options' shape beside its options type (`optionsShape`), one schema per key
 * of the type, so that a key added to the type without its check does not compile.
 */
import * as z from 'zod/mini';
import { Decimal } from './decimal';
import { GepError, type Path, fail } from './errors';
import { PARSE_OPTIONS, type ZodFallback, fromZodIssues, parsedType } from './zod-issues';

/** One schema per key of an options type `T` (every key, none other); each is optional in the object. */
export type OptionsShape<T> = { [K in keyof Required<T>]: z.ZodMiniType };

/** The strict object schema of an options type, each member optional. */
export function optionsSchema<T>(shape: OptionsShape<T>): z.ZodMiniType {
  const optional: Record<string, z.ZodMiniType> = {};
  for (const [k, s] of Object.entries(shape) as [string, z.ZodMiniType][]) optional[k] = z.optional(s);
  return z.strictObject(optional);
}

/** Refuse options the function cannot read as given (OPTIONS_INVALID at `at` and the member's path); undefined passes. */
export function checkOptions(schema: z.ZodMiniType, options: unknown, at: Path = ['options']): void {
  if (options === undefined) return;
  const parsed = schema.safeParse(options, PARSE_OPTIONS);
  if (!parsed.success) throw new GepError(fromZodIssues(parsed.error.issues, at, 'OPTIONS_INVALID'));
}

/** A callback member. */
export const callback = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', {
  error: 'a function',
});

/** A member that is an object the function uses through its methods (a store, a ledger, a rule set). */
export const anObject = z.custom<object>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
  error: 'an object',
});

/** A whole number ≥ `min`. */
export const wholeFrom = (min: number) => z.int().check(z.gte(min));

/**
 * A whole number as a command line gives it, in decimal digits only, or undefined: Number() would read "1e3" as
 * 1000, "0x10" as 16, "-0" as 0 and "" or " " as 0. The caller checks the range and names the option.
 */
export const wholeNumberText = (text: string): number | undefined =>
  /^\d+$/.test(text) ? Number(text) : undefined;

/**
 * Refuse an argument that is not the kind of value a public function takes: a JavaScript caller's null, number,
 * text or object of another shape where a result, an input, a plan or a list goes (`toMarkdown({})`,
 * `verifyLedger(null)`) is a GepError at `at` (the argument's name) and the member's path, never a TypeError from
 * deep inside. `fallback` is the code of what the argument is when the catalogue has one (INPUT_INVALID,
 * REPORT_RESULT_INVALID, LEDGER_ENTRY_INVALID, …), ARGUMENT_INVALID otherwise. The schema is an outline (the members
 * the function reads first, with their kinds: `anArray`, `anObject`, `anIterable`), checked once at the boundary in
 * constant time; the function's own checks of the members' contents go on as before.
 */
export function checkArgument(
  schema: z.ZodMiniType,
  value: unknown,
  at: Path,
  fallback: ZodFallback = 'ARGUMENT_INVALID',
): void {
  const parsed = schema.safeParse(value, PARSE_OPTIONS);
  if (!parsed.success) throw new GepError(fromZodIssues(parsed.error.issues, at, fallback));
}

/** zod's detail for a value of another kind than `expected` ("expected array, received null"). */
const received =
  (expected: string) =>
  (iss: { input?: unknown }): string =>
    iss.input === undefined
      ? `missing (expected ${expected})`
      : `expected ${expected}, received ${parsedType(iss.input)}`;

/**
 * Refuse `value` at `at` as ARGUMENT_INVALID in the words of the outlines ("expected bigint, received number"): for
 * a member a function checks in a loop it walks anyway (an item of a list), where a schema per item would cost more
 * than the item's own work.
 */
export function failArgument(at: Path, expected: string, value: unknown): never {
  return fail('ARGUMENT_INVALID', at, { detail: received(expected)({ input: value }) });
}

/** An array, its elements not looked at (constant time, unlike z.array(z.unknown())). */
export const anArray = z.custom<readonly unknown[]>((v) => Array.isArray(v), { error: received('array') });

/** A plain object (no array, no null), its members not looked at. */
export const aRecord = z.custom<object>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
  error: received('object'),
});

/** Anything `for … of` can walk (an array, a Set, a generator; not a text), its items not looked at. */
export const anIterable = z.custom<Iterable<unknown>>(
  (v) =>
    typeof v === 'object' && v !== null && typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function',
  { error: received('iterable') },
);

/** Anything `for await … of` can walk: an async iterable or an iterable (not a text). */
export const anyIterable = z.custom<AsyncIterable<unknown> | Iterable<unknown>>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    (typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' ||
      typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function'),
  { error: received('iterable') },
);

/** An instance of `cls` (a Map, a Float64Array), its contents not looked at. */
export const anInstanceOf = <T>(cls: abstract new (...args: never[]) => T) =>
  z.custom<T>((v) => v instanceof cls, { error: received(cls.name) });

/** A Decimal (of any copy of decimal.js). */
export const aDecimal = z.custom<Decimal>((v) => Decimal.isDecimal(v), { error: received('Decimal') });
