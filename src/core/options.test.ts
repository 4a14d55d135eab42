import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { GepError } from './errors';
import { Decimal } from './decimal';
import {
  aDecimal,
  aRecord,
  anArray,
  anInstanceOf,
  anIterable,
  anObject,
  anyIterable,
  callback,
  checkArgument,
  checkOptions,
  failArgument,
  optionsSchema,
  wholeFrom,
  wholeNumberText,
} from './options';

interface Opts {
  mode?: 'a' | 'b';
  size?: number;
  on?: () => void;
  store?: object;
}
const schema = optionsSchema<Opts>({
  mode: z.enum(['a', 'b']),
  size: wholeFrom(1),
  on: callback,
  store: anObject,
});

/** The issues checkOptions throws for `o` as [code, path, English message]. */
function refused(o: unknown): [string, string, string][] {
  try {
    checkOptions(schema, o);
  } catch (e) {
    if (!(e instanceof GepError)) throw e;
    return e.issues.map((i) => [i.code, i.path.join('.'), i.message.en]);
  }
  return [];
}

describe('checkOptions', () => {
  it('lets undefined, an empty object and every member read as given pass', () => {
    expect(refused(undefined)).toEqual([]);
    expect(refused({})).toEqual([]);
    expect(refused({ mode: 'b', size: 1, on: () => {}, store: new Map() })).toEqual([]);
    // A member given as undefined is as if not given.
    expect(refused({ mode: undefined })).toEqual([]);
  });

  it('refuses options that are no object, a key the type does not have, a value it cannot read', () => {
    expect(refused(null)).toEqual([
      ['OPTIONS_INVALID', 'options', 'Invalid options: expected object, received null'],
    ]);
    expect(refused([])).toEqual([
      ['OPTIONS_INVALID', 'options', 'Invalid options: expected object, received array'],
    ]);
    expect(refused({ mdoe: 'a' })).toEqual([
      ['OPTIONS_INVALID', 'options', 'Invalid options: Unrecognized key: "mdoe"'],
    ]);
    expect(refused({ mode: 'c' })[0]?.slice(0, 2)).toEqual(['OPTIONS_INVALID', 'options.mode']);
    // wholeFrom(1): 0 and 1.5 are not whole numbers from 1.
    expect(refused({ size: 0 })[0]?.slice(0, 2)).toEqual(['OPTIONS_INVALID', 'options.size']);
    expect(refused({ size: 1.5 })[0]?.slice(0, 2)).toEqual(['OPTIONS_INVALID', 'options.size']);
    expect(refused({ on: 'f' })).toEqual([
      ['OPTIONS_INVALID', 'options.on', 'Invalid options: a function; received "f"'],
    ]);
    expect(refused({ store: null })).toEqual([
      ['OPTIONS_INVALID', 'options.store', 'Invalid options: an object'],
    ]);
    expect(refused({ store: [] })).toEqual([
      ['OPTIONS_INVALID', 'options.store', 'Invalid options: an object'],
    ]);
    expect(refused({ store: 'x' })).toEqual([
      ['OPTIONS_INVALID', 'options.store', 'Invalid options: an object; received "x"'],
    ]);
  });

  it('names the place it is given', () => {
    try {
      checkOptions(schema, { size: 0 }, ['options', 'batch']);
      expect.unreachable();
    } catch (e) {
      expect((e as GepError).issues[0]?.path).toEqual(['options', 'batch', 'size']);
    }
  });
});

/** The issues checkArgument throws for `v` against `schema` as [code, path, detail]; none when it passes. */
function argumentRefused(
  schema: z.ZodMiniType,
  v: unknown,
  fallback?: 'INPUT_INVALID',
): [string, string, unknown][] {
  try {
    checkArgument(schema, v, ['arg'], fallback);
  } catch (e) {
    if (!(e instanceof GepError)) throw e;
    return e.issues.map((i) => [i.code, i.path.join('.'), i.params?.detail]);
  }
  return [];
}

describe('checkArgument and the outlines of an argument', () => {
  const outline = z.looseObject({ list: anArray, part: z.optional(aRecord) });

  it('passes an argument of the outline, whatever its members hold or it holds besides', () => {
    expect(argumentRefused(outline, { list: [null, 1], part: { x: 1 }, other: 1 })).toEqual([]);
  });

  it('refuses another kind at the argument or the member, as ARGUMENT_INVALID or the code given', () => {
    expect(argumentRefused(outline, undefined)).toEqual([
      ['ARGUMENT_INVALID', 'arg', 'missing (expected object)'],
    ]);
    expect(argumentRefused(outline, null)).toEqual([
      ['ARGUMENT_INVALID', 'arg', 'expected object, received null'],
    ]);
    expect(argumentRefused(outline, {})).toEqual([
      ['ARGUMENT_INVALID', 'arg.list', 'missing (expected array)'],
    ]);
    expect(argumentRefused(outline, { list: 'ab' }, 'INPUT_INVALID')).toEqual([
      ['INPUT_INVALID', 'arg.list', 'expected array, received string'],
    ]);
    // aRecord: an object, not null, not an array
    for (const [part, got] of [
      [null, 'null'],
      [[], 'array'],
      ['x', 'string'],
    ] as const)
      expect(argumentRefused(outline, { list: [], part })).toEqual([
        ['ARGUMENT_INVALID', 'arg.part', `expected object, received ${got}`],
      ]);
  });

  it('anIterable: an object with Symbol.iterator (not a text, not null); anyIterable takes async ones too', () => {
    async function* gen() {
      yield 1;
    }
    const asyncOnly = { [Symbol.asyncIterator]: gen };
    for (const ok of [[], new Set(), new Map(), [1].values()]) {
      expect(argumentRefused(anIterable, ok)).toEqual([]);
      expect(argumentRefused(anyIterable, ok)).toEqual([]);
    }
    expect(argumentRefused(anyIterable, asyncOnly)).toEqual([]);
    expect(argumentRefused(anIterable, asyncOnly)).toEqual([
      ['ARGUMENT_INVALID', 'arg', 'expected iterable, received object'],
    ]);
    for (const [bad, got] of [
      [null, 'null'],
      ['abc', 'string'],
      [{}, 'object'],
      [{ [Symbol.iterator]: 1 }, 'object'],
      [{ [Symbol.asyncIterator]: 1 }, 'object'],
      [42, 'number'],
    ] as const) {
      expect(argumentRefused(anIterable, bad)).toEqual([
        ['ARGUMENT_INVALID', 'arg', `expected iterable, received ${got}`],
      ]);
      expect(argumentRefused(anyIterable, bad)).toEqual([
        ['ARGUMENT_INVALID', 'arg', `expected iterable, received ${got}`],
      ]);
    }
  });

  it('aDecimal: a Decimal, not its text or a number', () => {
    expect(argumentRefused(aDecimal, new Decimal('0.05'))).toEqual([]);
    expect(argumentRefused(aDecimal, '0.05')).toEqual([
      ['ARGUMENT_INVALID', 'arg', 'expected Decimal, received string'],
    ]);
    expect(argumentRefused(aDecimal, 0.05)).toEqual([
      ['ARGUMENT_INVALID', 'arg', 'expected Decimal, received number'],
    ]);
  });

  it('anInstanceOf: an instance of the class, named by the class', () => {
    const f64 = anInstanceOf(Float64Array);
    expect(argumentRefused(f64, new Float64Array(2))).toEqual([]);
    expect(argumentRefused(f64, [1, 2])).toEqual([
      ['ARGUMENT_INVALID', 'arg', 'expected Float64Array, received array'],
    ]);
    expect(argumentRefused(f64, new Int32Array(2))).toEqual([
      ['ARGUMENT_INVALID', 'arg', 'expected Float64Array, received Int32Array'],
    ]);
    expect(argumentRefused(anInstanceOf(Map), undefined)).toEqual([
      ['ARGUMENT_INVALID', 'arg', 'missing (expected Map)'],
    ]);
  });

  it('failArgument: ARGUMENT_INVALID at the place, in the words of the outlines', () => {
    const thrown = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (!(e instanceof GepError)) throw e;
        return e.issues.map((i) => [i.code, i.path, i.params?.detail, i.message.zh]);
      }
      return [];
    };
    expect(thrown(() => failArgument(['weights', 2, 'weight'], 'bigint', 5))).toEqual([
      [
        'ARGUMENT_INVALID',
        ['weights', 2, 'weight'],
        'expected bigint, received number',
        '参数不是该函数接受的值：应为bigint，实际为数值',
      ],
    ]);
    expect(thrown(() => failArgument(['a', 0], 'object', undefined))).toEqual([
      [
        'ARGUMENT_INVALID',
        ['a', 0],
        'missing (expected object)',
        '参数不是该函数接受的值：缺少该字段（应为对象）',
      ],
    ]);
  });
});

describe('wholeNumberText', () => {
  it('reads decimal digits only: what Number() reads from a sign, an exponent, hex or spaces is refused', () => {
    expect(['0', '7', '007', '25000'].map(wholeNumberText)).toEqual([0, 7, 7, 25_000]);
    // Number() gives 1000, 16, 0, 0, 1, -0, 1, 1 and 12 for these; none is a whole number written in digits
    for (const text of ['1e3', '0x10', '', ' ', ' 1', '-0', '1.0', '+1', '12 '])
      expect(wholeNumberText(text), JSON.stringify(text)).toBeUndefined();
  });
});
