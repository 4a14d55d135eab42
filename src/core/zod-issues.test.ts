import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { PARSE_OPTIONS, fromZodIssues } from './zod-issues';

const issuesOf = (schema: z.ZodMiniType, value: unknown) => {
  const r = schema.safeParse(value, PARSE_OPTIONS);
  if (r.success) throw new Error('expected a refusal');
  return fromZodIssues(r.error.issues, ['input']);
};

describe('fromZodIssues', () => {
  it('a field left out is "missing", never "received undefined"', () => {
    const schema = z.strictObject({ region: z.strictObject({ name: z.string() }), year: z.number() });
    const [region, year] = issuesOf(schema, {});
    expect(region).toMatchObject({ code: 'INPUT_INVALID', path: ['input', 'region'] });
    expect(region?.message.en).toBe('Invalid input: missing (expected object)');
    expect(year?.message.en).toBe('Invalid input: missing (expected number)');
    // A value of the wrong type keeps zod's words, its "Invalid input:" not said twice.
    const [wrong] = issuesOf(schema, { region: { name: 7 }, year: 2020 });
    expect(wrong?.path).toEqual(['input', 'region', 'name']);
    expect(wrong?.message.en).toBe('Invalid input: expected string, received number');
  });

  it('a number that is not finite is NUMBER_NOT_FINITE, described in words (JSON 1e309 is read as Infinity)', () => {
    const schema = z.strictObject({ year: z.number().check(z.int()) });
    for (const [value, words] of [
      [JSON.parse('1e309'), 'a number too large for a double'],
      [JSON.parse('-1e309'), 'a negative number too large for a double'],
      [Number.NaN, 'not a number'],
    ] as const) {
      const [i] = issuesOf(schema, { year: value });
      expect(i).toMatchObject({
        code: 'NUMBER_NOT_FINITE',
        path: ['input', 'year'],
        params: { value: words },
      });
      expect(i?.message.en).toBe(`Not a finite decimal number: ${words}`);
      expect(i?.message.zh).not.toMatch(/[a-z]/i);
    }
  });
});
