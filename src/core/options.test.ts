import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { GepError } from './errors';
import { anObject, callback, checkOptions, optionsSchema, wholeFrom } from './options';

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
    expect(refused({ on: 'f' })).toEqual([['OPTIONS_INVALID', 'options.on', 'Invalid options: a function']]);
    expect(refused({ store: null })).toEqual([
      ['OPTIONS_INVALID', 'options.store', 'Invalid options: an object'],
    ]);
    expect(refused({ store: [] })).toEqual([
      ['OPTIONS_INVALID', 'options.store', 'Invalid options: an object'],
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
