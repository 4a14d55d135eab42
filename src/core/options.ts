/**
 * The options object of a public function, checked before the function does anything: options that are no object,
 * a key the function does not have (`fromat`, `rule`), or a value it cannot read (`format: 'xml'`, `memoryKeys: -1`,
 * a callback that is no function) are OPTIONS_INVALID at their path under `options`, never ignored or read as a
 * default. Each function declares its options' shape beside its options type (`optionsShape`), one schema per key
 * of the type, so that a key added to the type without its check does not compile.
 */
import * as z from 'zod/mini';
import { GepError, type Path } from './errors';
import { PARSE_OPTIONS, fromZodIssues } from './zod-issues';

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
