import fc from 'fast-check';
import * as z from 'zod/mini';
import { afterEach, describe, expect, it } from 'vitest';
import { entry, issuesOf } from './catalogue';
import type { Path } from './errors';
import { decimal } from './schema';
import { PARSE_OPTIONS, fromZodIssues, parsedType } from './zod-issues';

const issuesOf_ = (schema: z.ZodMiniType, value: unknown) => {
  const r = schema.safeParse(value, PARSE_OPTIONS);
  if (r.success) throw new Error('expected a refusal');
  return fromZodIssues(r.error.issues, ['input']);
};
/** The one issue of a refusal. */
const one = (schema: z.ZodMiniType, value: unknown) => {
  const all = issuesOf_(schema, value);
  expect(all).toHaveLength(1);
  return all[0];
};

const INPUT_HINT =
  'Check the field against the input format (docs/input-format.md, or `gepkit schema input`).';
const INPUT_HINT_ZH = '对照输入格式检查该字段（docs/input-format.md，或 `gepkit schema input`）。';

/** A module's own catalogue, as carbon and VEP have: a fallback for schema problems and a code a refinement attaches. */
const THING_ERRORS = {
  THING_INVALID: entry<'detail'>(
    'error',
    (p) => `物件格式错误：${p.detail}`,
    (p) => `Invalid thing: ${p.detail}`,
    () => 'Check the thing.',
    () => '检查物件。',
  ),
  THING_TOO_HEAVY: entry<'limit' | 'mass'>(
    'warning',
    (p) => `物件过重：${p.mass} kg，上限 ${p.limit} kg`,
    (p) => `The thing weighs ${p.mass} kg, more than ${p.limit} kg`,
    (p) => `Lighten it below ${p.limit} kg.`,
    (p) => `减轻到 ${p.limit} kg 以下。`,
  ),
} as const;
const things = issuesOf(THING_ERRORS);

describe('fromZodIssues', () => {
  it('a field left out is "missing", never "received undefined"', () => {
    const schema = z.strictObject({ region: z.strictObject({ name: z.string() }), year: z.number() });
    const [region, year] = issuesOf_(schema, {});
    expect(region).toEqual({
      code: 'INPUT_INVALID',
      severity: 'error',
      path: ['input', 'region'],
      message: { zh: '输入格式错误：缺少该字段（应为对象）', en: 'Invalid input: missing (expected object)' },
      hint: INPUT_HINT,
      hintZh: INPUT_HINT_ZH,
      params: { detail: 'missing (expected object)' },
    });
    expect(year?.path).toEqual(['input', 'year']);
    expect(year?.message).toEqual({
      zh: '输入格式错误：缺少该字段（应为数值）',
      en: 'Invalid input: missing (expected number)',
    });
    // A value of the wrong type keeps zod's words, its "Invalid input:" not said twice.
    const [wrong] = issuesOf_(schema, { region: { name: 7 }, year: 2020 });
    expect(wrong?.path).toEqual(['input', 'region', 'name']);
    expect(wrong?.message).toEqual({
      zh: '输入格式错误：应为字符串，实际为数值',
      en: 'Invalid input: expected string, received number',
    });
    expect(wrong?.params).toEqual({ detail: 'expected string, received number' });
  });

  it('a value of the wrong type names both types, null and arrays included', () => {
    const schema = z.strictObject({ year: z.number().check(z.int()), names: z.array(z.string()) });
    const [year, names] = issuesOf_(schema, { year: null, names: 'a' });
    expect(year?.path).toEqual(['input', 'year']);
    expect(year?.message).toEqual({
      zh: '输入格式错误：应为数值，实际为空值',
      en: 'Invalid input: expected number, received null',
    });
    expect(names?.path).toEqual(['input', 'names']);
    expect(names?.message).toEqual({
      zh: '输入格式错误：应为数组，实际为字符串',
      en: 'Invalid input: expected array, received string',
    });
    // 2020.5 is a number but not an integer: zod names the check "int".
    expect(one(schema, { year: 2020.5, names: [] })?.message).toEqual({
      zh: '输入格式错误：应为整数，实际为数值',
      en: 'Invalid input: expected int, received number',
    });
    // an element of an array is placed by its index
    const [el] = issuesOf_(schema, { year: 2020, names: ['a', true] });
    expect(el?.path).toEqual(['input', 'names', 1]);
    expect(el?.message).toEqual({
      zh: '输入格式错误：应为字符串，实际为布尔值',
      en: 'Invalid input: expected string, received boolean',
    });
  });

  it('bounds of numbers: inclusive (>=, <=) and exclusive (>, <), too small and too big', () => {
    const share = z.number().check(z.gt(0), z.lte(1));
    const year = z.number().check(z.gte(1949), z.lt(2200));
    expect(one(share, 0)).toMatchObject({
      code: 'INPUT_INVALID',
      path: ['input'],
      message: {
        zh: '输入格式错误：过小：数值应大于 0',
        en: 'Invalid input: Too small: expected number to be >0',
      },
      hint: INPUT_HINT,
      hintZh: INPUT_HINT_ZH,
      params: { detail: 'Too small: expected number to be >0' },
    });
    expect(one(share, 1.5)?.message).toEqual({
      zh: '输入格式错误：过大：数值应不大于 1',
      en: 'Invalid input: Too big: expected number to be <=1',
    });
    expect(one(year, 1900)?.message).toEqual({
      zh: '输入格式错误：过小：数值应不小于 1949',
      en: 'Invalid input: Too small: expected number to be >=1949',
    });
    expect(one(year, 2200)?.message).toEqual({
      zh: '输入格式错误：过大：数值应小于 2200',
      en: 'Invalid input: Too big: expected number to be <2200',
    });
  });

  it('lengths of strings and arrays: at least and at most, in characters and items', () => {
    const code = z.string().check(z.minLength(2), z.maxLength(4));
    const list = z.array(z.string()).check(z.minLength(1), z.maxLength(2));
    expect(one(code, 'R')?.message).toEqual({
      zh: '输入格式错误：过短：字符串应至少 2 个字符',
      en: 'Invalid input: Too small: expected string to have >=2 characters',
    });
    expect(one(code, 'R1234')?.message).toEqual({
      zh: '输入格式错误：过长：字符串应至多 4 个字符',
      en: 'Invalid input: Too big: expected string to have <=4 characters',
    });
    expect(one(list, [])?.message).toEqual({
      zh: '输入格式错误：过短：数组应至少 1 项',
      en: 'Invalid input: Too small: expected array to have >=1 items',
    });
    expect(one(list, ['a', 'b', 'c'])?.message).toEqual({
      zh: '输入格式错误：过长：数组应至多 2 项',
      en: 'Invalid input: Too big: expected array to have <=2 items',
    });
  });

  it('a value outside an enum lists the options; unknown keys are named, one or several', () => {
    const schema = z.strictObject({ basis: z.enum(['area', 'volume']) });
    const [basis] = issuesOf_(schema, { basis: 'mass' });
    expect(basis?.path).toEqual(['input', 'basis']);
    expect(basis?.message).toEqual({
      // the text refused is quoted: in a batch of thousands of lines it shows which cell to correct
      zh: '输入格式错误：无效选项：应为 "area"|"volume" 之一；实际为 "mass"',
      en: 'Invalid input: Invalid option: expected one of "area"|"volume"; received "mass"',
    });
    // unknown keys are reported at the object that holds them
    const [key] = issuesOf_(schema, { basis: 'area', bsis: 'area' });
    expect(key?.path).toEqual(['input']);
    expect(key?.message).toEqual({
      zh: '输入格式错误：未知字段："bsis"',
      en: 'Invalid input: Unrecognized key: "bsis"',
    });
    const [keys] = issuesOf_(schema, { basis: 'area', a: 1, b: 2 });
    expect(keys?.message).toEqual({
      zh: '输入格式错误：未知字段："a", "b"',
      en: 'Invalid input: Unrecognized keys: "a", "b"',
    });
  });

  it('a union none of whose options takes the value names the types they expect, or says no form fits', () => {
    // decimal is a union of a string and a number: true, null or nothing is refused by both options for its type
    const schema = z.strictObject({ area: decimal });
    expect(one(schema, { area: true })).toEqual({
      code: 'INPUT_INVALID',
      severity: 'error',
      path: ['input', 'area'],
      message: {
        zh: '输入格式错误：应为字符串或数值，实际为布尔值',
        en: 'Invalid input: expected string or number, received boolean',
      },
      hint: INPUT_HINT,
      hintZh: INPUT_HINT_ZH,
      params: { detail: 'expected string or number, received boolean' },
    });
    expect(one(schema, { area: null })?.message).toEqual({
      zh: '输入格式错误：应为字符串或数值，实际为空值',
      en: 'Invalid input: expected string or number, received null',
    });
    expect(one(schema, {})?.message).toEqual({
      zh: '输入格式错误：缺少该字段（应为字符串或数值）',
      en: 'Invalid input: missing (expected string or number)',
    });
    // two options expecting one type name it once
    expect(one(z.union([z.array(z.string()), z.array(z.number())]), 3)?.params).toEqual({
      detail: 'expected array, received number',
    });
    // options that refuse the value for more than its type (a shape as geometry's Polygon | MultiPolygon)
    const shape = z.union([
      z.strictObject({ type: z.literal('Polygon') }),
      z.strictObject({ type: z.literal('MultiPolygon') }),
    ]);
    expect(one(shape, { type: 'Point' })?.message).toEqual({
      zh: '输入格式错误：不符合任何一种允许的形式',
      en: 'Invalid input: matches none of the accepted forms',
    });
    // two objects whose one field each wants another type: not a matter of the value's own type
    const either = z.union([z.object({ a: z.number() }), z.object({ a: z.boolean() })]);
    expect(one(either, { a: 'x' })?.params).toEqual({ detail: 'matches none of the accepted forms' });
    expect(one(shape, 'Point')?.message).toEqual({
      zh: '输入格式错误：应为对象，实际为字符串',
      en: 'Invalid input: expected object, received string',
    });
    // an option that takes the value's type but refuses it for a bound speaks for the union (zod reports its issue)
    expect(one(z.union([z.string(), z.number().check(z.gt(0))]), -1)?.params).toEqual({
      detail: 'Too small: expected number to be >0',
    });
  });

  it('a literal names the one value it takes; a pattern is quoted', () => {
    const schema = z.strictObject({
      kind: z.literal('profile'),
      schema: z.optional(z.literal(1)),
      id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)),
    });
    const [kind, version, id] = issuesOf_(schema, { kind: 'profle', schema: 2, id: 'My profile' });
    expect(kind?.path).toEqual(['input', 'kind']);
    expect(kind?.message).toEqual({
      zh: '输入格式错误：应为 "profile"；实际为 "profle"',
      en: 'Invalid input: expected "profile"; received "profle"',
    });
    expect(version?.message).toEqual({ zh: '输入格式错误：应为 1', en: 'Invalid input: expected 1' });
    expect(id?.path).toEqual(['input', 'id']);
    expect(id?.message).toEqual({
      zh: '输入格式错误：格式不符：应匹配 /^[a-z0-9][a-z0-9-]*$/；实际为 "My profile"',
      en: 'Invalid input: Invalid string: must match pattern /^[a-z0-9][a-z0-9-]*$/; received "My profile"',
    });
  });

  it('a refinement\'s own message is the detail, with a leading "Invalid input:" (and the spaces after it) dropped', () => {
    const check = (message: string) => z.number().check(z.refine((n) => n > 0, message));
    expect(one(check('must be above 0'), 0)?.message.en).toBe('Invalid input: must be above 0');
    expect(one(check('Invalid input:  must be above 0'), 0)?.params).toEqual({ detail: 'must be above 0' });
    expect(one(check('Invalid input:must be above 0'), 0)?.params).toEqual({ detail: 'must be above 0' });
    // only at the start
    expect(one(check('not "Invalid input: x"'), 0)?.params).toEqual({ detail: 'not "Invalid input: x"' });
  });

  it('a text refused for its content is quoted at the end of the detail, as JSON, at most 40 characters', () => {
    const detail = (schema: z.ZodMiniType, value: unknown) => one(schema, value)?.params?.detail;
    const word = z.enum(['area', 'volume']);
    const date = z.string().check(z.refine((s) => s.startsWith('2'), 'not a date'));
    // a word outside a list, a refinement, a pattern
    expect(detail(word, 'mass')).toBe('Invalid option: expected one of "area"|"volume"; received "mass"');
    expect(detail(date, '1999')).toBe('not a date; received "1999"');
    expect(detail(z.string().check(z.regex(/^\d+$/)), 'x1')).toBe(
      'Invalid string: must match pattern /^\\d+$/; received "x1"',
    );
    // written as JSON: a quote or a backslash in it cannot end it early
    expect(detail(word, 'a"b\\c')).toBe(
      'Invalid option: expected one of "area"|"volume"; received "a\\"b\\\\c"',
    );
    // 41 characters or more: 37 and an ellipsis (shortValue)
    expect(detail(word, 'x'.repeat(41))).toBe(
      `Invalid option: expected one of "area"|"volume"; received "${'x'.repeat(37)}…"`,
    );
    expect(detail(word, 'x'.repeat(40))).toBe(
      `Invalid option: expected one of "area"|"volume"; received "${'x'.repeat(40)}"`,
    );
    // not for a value that is no text, a text of the wrong type, or a detail that says it already
    expect(detail(word, 7)).toBe('Invalid option: expected one of "area"|"volume"');
    expect(detail(z.number(), 'seven')).toBe('expected number, received string');
    expect(detail(z.string().check(z.refine(() => false, 'received a bad one')), 'q')).toBe(
      'received a bad one',
    );
    expect(detail(z.string().check(z.refine(() => false, 'the code 99 is none')), '99')).toBe(
      'the code 99 is none',
    );
    expect(detail(z.string().check(z.refine(() => false, 'the code 99 is none')), '990')).toBe(
      'the code 99 is none; received "990"',
    );
    // quoted as a word of its own, not inside a longer word or number
    expect(detail(z.string().check(z.refine(() => false, 'a function')), 'f')).toBe(
      'a function; received "f"',
    );
    expect(detail(z.string().check(z.refine(() => false, 'code 990 is none')), '99')).toBe(
      'code 990 is none; received "99"',
    );
    expect(detail(z.string().check(z.refine(() => false, 'the code 99')), '99')).toBe('the code 99');
    expect(detail(z.string().check(z.refine(() => false, '99: no code')), '99')).toBe('99: no code');
    expect(detail(z.string().check(z.refine(() => false, 'x99 or 99')), '99')).toBe('x99 or 99');
    expect(detail(z.string().check(z.refine(() => false, '（99）')), '99')).toBe('（99）');
    expect(detail(z.string().check(z.refine(() => false, 'code x99')), '99')).toBe('code x99; received "99"');
    expect(detail(z.string().check(z.refine(() => false, 'blank')), '')).toBe('blank');
    // a blank text is said by its detail alone (an empty quote would add nothing)
    expect(detail(word, '')).toBe('Invalid option: expected one of "area"|"volume"');
    // nor for a code a schema attaches (its own message names the value as it needs)
    expect(
      detail(z.string().check(z.refine(() => false, { params: { gepkit: 'NEGATIVE_VALUE' } })), '-1'),
    ).toBeUndefined();
  });

  it("a record's key its schema refuses: what the key schema says, at the key's path, not zod's bare words", () => {
    const named = z.record(z.string().check(z.regex(/^[a-z]+$/, 'lower-case letters')), z.number());
    expect(one(named, { 'a b': 1 })).toMatchObject({
      code: 'INPUT_INVALID',
      path: ['input', 'a b'],
      params: { detail: 'lower-case letters' },
      message: { en: 'Invalid input: lower-case letters' },
    });
    // each of the key schema's problems, a leading "Invalid input:" dropped with the spaces after it, if any
    const both = z.record(
      z
        .string()
        .check(
          z.minLength(3, 'Invalid input:3 or more'),
          z.regex(/^[a-z]*$/, 'Invalid input:  letters'),
          z.regex(/^.$/, 'see "Invalid input: x"'),
        ),
      z.number(),
    );
    expect(one(both, { Ab: 1 })?.params).toEqual({ detail: '3 or more; letters; see "Invalid input: x"' });
    // an empty key where one character is needed: zod's words, which the Chinese message translates
    const named1 = z.record(z.string().check(z.minLength(1)), z.number());
    expect(one(named1, { '': 1 })).toMatchObject({
      path: ['input', ''],
      params: { detail: 'Too small: expected string to have >=1 characters' },
      message: { zh: '输入格式错误：过短：字符串应至少 1 个字符' },
    });
  });

  it('a number that is not finite is NUMBER_NOT_FINITE, described in words (JSON 1e309 is read as Infinity)', () => {
    const schema = z.strictObject({ year: z.number().check(z.int()) });
    for (const [value, words, zh] of [
      [JSON.parse('1e309'), 'a number too large for a double', '超出双精度浮点数范围的数'],
      [JSON.parse('-1e309'), 'a negative number too large for a double', '超出双精度浮点数范围的负数'],
      [Number.NaN, 'not a number', '非数值'],
    ] as const) {
      const [i] = issuesOf_(schema, { year: value });
      expect(i).toEqual({
        code: 'NUMBER_NOT_FINITE',
        severity: 'error',
        path: ['input', 'year'],
        message: {
          zh: `数值无效（${zh}）：必须是有限的十进制数`,
          en: `Not a finite decimal number: ${words}`,
        },
        hint: 'Write numbers as decimal strings such as "1234.5", in half-width digits (full-width １２３４．５, as a Chinese input method types them, is not read); text that is not a number, empty strings and numbers beyond a double (1e309) are refused.',
        hintZh:
          '数值写成十进制字符串，如 "1234.5"，并使用半角数字（中文输入法打出的全角数字 １２３４．５ 无法读取）；非数字的文本、空字符串以及超出双精度浮点数范围的数（1e309）均会被拒绝。',
        params: { value: words },
      });
    }
  });

  it('a price year left out is PRICE_YEAR_MISSING; one of the wrong type, or another field left out, is not', () => {
    const price = z.strictObject({ value: z.string(), priceYear: z.number() });
    expect(one(z.strictObject({ price }), { price: { value: '12' } })).toEqual({
      code: 'PRICE_YEAR_MISSING',
      severity: 'error',
      path: ['input', 'price', 'priceYear'],
      message: {
        zh: '价格或金额缺少价格年份（priceYear）',
        en: 'A price or money amount has no price year (priceYear)',
      },
      hint: 'Add "priceYear": the year whose price level the figure is in; gepkit never assumes one.',
      hintZh: '添加 "priceYear"，即该数值所处价格水平的年份；gepkit 从不自行假定价格年份。',
    });
    expect(one(price, { value: '12', priceYear: '2020' })).toMatchObject({
      code: 'INPUT_INVALID',
      path: ['input', 'priceYear'],
      params: { detail: 'expected number, received string' },
    });
    expect(one(price, { priceYear: 2020 })).toMatchObject({
      code: 'INPUT_INVALID',
      path: ['input', 'value'],
      params: { detail: 'missing (expected string)' },
    });
    // A refinement that finds no price year is not zod's "missing" either: its own message is the detail.
    const paired = z.strictObject({ value: z.string(), priceYear: z.optional(z.number()) }).check(
      z.superRefine((p, ctx) => {
        if (p.priceYear === undefined)
          ctx.issues.push({
            code: 'custom',
            message: 'needed beside a value',
            path: ['priceYear'],
            input: undefined,
          });
      }),
    );
    expect(one(paired, { value: '12' })).toMatchObject({
      code: 'INPUT_INVALID',
      path: ['input', 'priceYear'],
      message: { en: 'Invalid input: needed beside a value' },
      params: { detail: 'needed beside a value' },
    });
  });

  it('a gepkit code carried in params builds that issue with its parameters as text, at its path', () => {
    const area = z
      .number()
      .check(z.refine((n) => n >= 0, { params: { gepkit: 'NEGATIVE_VALUE', what: 'area', value: -3 } }));
    expect(
      one(z.strictObject({ zones: z.array(z.strictObject({ area })) }), { zones: [{ area: -3 }] }),
    ).toEqual({
      code: 'NEGATIVE_VALUE',
      severity: 'error',
      path: ['input', 'zones', 0, 'area'],
      message: { zh: '面积不能为负数（-3）', en: 'area cannot be negative (-3)' },
      hint: 'Correct the sign; a quantity that can be negative has its own field.',
      hintZh: '更正符号；可以为负的量另有专门的字段。',
      // -3 given as a number travels as the text "-3"; the code itself is not a parameter
      params: { what: 'area', value: '-3' },
    });
  });

  it("a module's code is built from the catalogue that owns it; a code no catalogue given owns is a programming error", () => {
    const mass = z
      .number()
      .check(z.refine((n) => n <= 50, { params: { gepkit: 'THING_TOO_HEAVY', mass: 80, limit: 50 } }));
    const r = mass.safeParse(80, PARSE_OPTIONS);
    if (r.success) throw new Error('expected a refusal');
    expect(fromZodIssues(r.error.issues, ['things', 2], 'INPUT_INVALID', [things])).toEqual([
      {
        code: 'THING_TOO_HEAVY',
        severity: 'warning',
        path: ['things', 2],
        message: { zh: '物件过重：80 kg，上限 50 kg', en: 'The thing weighs 80 kg, more than 50 kg' },
        hint: 'Lighten it below 50 kg.',
        hintZh: '减轻到 50 kg 以下。',
        params: { mass: '80', limit: '50' },
      },
    ]);
    // without the catalogue that owns it (only the core one is searched)
    expect(() => fromZodIssues(r.error.issues, ['things', 2])).toThrow(
      new TypeError('fromZodIssues: no catalogue given owns the code THING_TOO_HEAVY'),
    );
  });

  it('a fallback code or builder takes every problem no more specific code covers', () => {
    const schema = z.strictObject({ id: z.string() });
    const r = schema.safeParse({ id: 3 }, PARSE_OPTIONS);
    if (r.success) throw new Error('expected a refusal');
    expect(fromZodIssues(r.error.issues, ['tables', 0], 'TABLE_INVALID')).toEqual([
      {
        code: 'TABLE_INVALID',
        severity: 'error',
        path: ['tables', 0, 'id'],
        message: {
          zh: '系数表格式错误：应为字符串，实际为数值',
          en: 'Invalid coefficient table: expected string, received number',
        },
        hint: 'Check the table against docs/coefficient-tables.md.',
        hintZh: '对照 docs/coefficient-tables.md 检查该系数表。',
        params: { detail: 'expected string, received number' },
      },
    ]);
    const seen: [Path, string][] = [];
    const fallback = (path: Path, detail: string) => {
      seen.push([path, detail]);
      return things.issue('THING_INVALID', path, { detail });
    };
    expect(fromZodIssues(r.error.issues, ['things'], fallback)).toEqual([
      {
        code: 'THING_INVALID',
        severity: 'error',
        path: ['things', 'id'],
        message: {
          zh: '物件格式错误：expected string, received number',
          en: 'Invalid thing: expected string, received number',
        },
        hint: 'Check the thing.',
        hintZh: '检查物件。',
        params: { detail: 'expected string, received number' },
      },
    ]);
    expect(seen).toEqual([[['things', 'id'], 'expected string, received number']]);
  });

  it("a refinement without a message keeps zod's words (every gepkit refinement gives one)", () => {
    const positive = z.strictObject({ n: z.number().check(z.refine((n) => n > 0)) });
    expect(one(positive, { n: 0 })).toMatchObject({
      code: 'INPUT_INVALID',
      path: ['input', 'n'],
      params: { detail: 'Invalid input' },
    });
  });

  it('a symbol in a path is written as its text; no prefix leaves the path as zod gives it', () => {
    const k = Symbol('k');
    const zi = { code: 'custom', message: 'refused', path: [k, 0], input: 1 } as z.core.$ZodIssue;
    expect(fromZodIssues([zi])).toEqual([
      {
        code: 'INPUT_INVALID',
        severity: 'error',
        path: ['Symbol(k)', 0],
        message: { zh: '输入格式错误：refused', en: 'Invalid input: refused' },
        hint: INPUT_HINT,
        hintZh: INPUT_HINT_ZH,
        params: { detail: 'refused' },
      },
    ]);
  });
});

describe('PARSE_OPTIONS', () => {
  afterEach(() => {
    z.config({ customError: undefined, localeError: undefined });
  });

  it("keeps each issue's input and writes zod's English messages", () => {
    const r = z.strictObject({ year: z.number() }).safeParse({ year: '2020' }, PARSE_OPTIONS);
    expect(r.success).toBe(false);
    expect(r.error?.issues).toEqual([
      {
        code: 'invalid_type',
        expected: 'number',
        path: ['year'],
        input: '2020',
        message: 'Invalid input: expected number, received string',
      },
    ]);
  });

  it("leaves the messages to an application's own error map or locale", () => {
    const schema = z.number();
    z.config({ customError: () => 'custom words' });
    expect(schema.safeParse('x', PARSE_OPTIONS).error?.issues[0]?.message).toBe('custom words');
    z.config({ customError: undefined, localeError: () => 'locale words' });
    expect(schema.safeParse('x', PARSE_OPTIONS).error?.issues[0]?.message).toBe('locale words');
    // a union's message from the application's locale is its detail as it stands
    const r = z.strictObject({ area: decimal }).safeParse({ area: true }, PARSE_OPTIONS);
    expect(fromZodIssues(r.error?.issues ?? [])[0]?.params).toEqual({ detail: 'locale words' });
  });
});

describe('parsedType', () => {
  it('names a value as zod.core.util.parsedType does, for any value', () => {
    class Parcel {}
    const named = [
      new Date(0),
      new Map(),
      new Parcel(),
      Object.create(null),
      NaN,
      [],
      null,
      undefined,
      1n,
      () => 1,
    ];
    for (const v of named) expect(parsedType(v)).toBe(z.core.util.parsedType(v));
    fc.assert(
      fc.property(
        fc.anything({
          withDate: true,
          withMap: true,
          withSet: true,
          withBigInt: true,
          withNullPrototype: true,
          withTypedArray: true,
        }),
        (v) => parsedType(v) === z.core.util.parsedType(v),
      ),
    );
  });
});
