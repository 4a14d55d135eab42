import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDuplicateKey, findDuplicateKeyIn, jsonTextProblem } from './json';

/** findDuplicateKeyIn on text JSON.parse accepts. */
const scanned = (text: string) => findDuplicateKeyIn(text, JSON.parse(text));

describe('findDuplicateKeyIn: the scan only when a duplicate is possible', () => {
  it('finds what findDuplicateKey finds, with its path', () => {
    expect(scanned('{"a":{"b":1,"b":2}}')).toEqual({ path: ['a', 'b'], key: 'b' });
    // Space before the colon of the second "amount": still a key.
    expect(scanned('{"seq":0,"amount":"999999", "amount" :"150"}')).toEqual({
      path: ['amount'],
      key: 'amount',
    });
    expect(scanned('{"k":1,"\\u006b":2}')).toEqual({ path: ['k'], key: 'k' });
    expect(scanned('[{"x":1},{"y":[{"z":1,"z":1}]}]')).toEqual({ path: [1, 'y', 0, 'z'], key: 'z' });
    // "__proto__" is an own key of what JSON.parse returns, counted like any other.
    expect(scanned('{"__proto__":1,"__proto__":2}')).toEqual({ path: ['__proto__'], key: '__proto__' });
  });

  it('no duplicate: undefined, also when a string value looks like a key', () => {
    expect(scanned('{"ts":"2024-05-01T08:00:00+08:00","id":"a"}')).toBeUndefined();
    // 3 key marks ("a":, "b":, and the \": inside the value) against 2 keys: the scan runs and finds nothing.
    expect(scanned('{"a":"x\\":y","b":1}')).toBeUndefined();
    expect(scanned('[1,"a",null]')).toBeUndefined();
    // One key mark, no object: a single key cannot be a duplicate.
    expect(scanned('":"')).toBeUndefined();
  });

  it('never misses a duplicate findDuplicateKey finds (property)', () => {
    // Keys and strings from a small alphabet with the characters that could fool a count: quotes, backslashes,
    // colons, white space; keys repeat often. Objects are written as lists of members so that keys can repeat.
    const chars = fc.constantFrom('k', 'a', ':', '"', '\\', ' ', 'é', '_');
    const str = fc.string({ unit: chars, maxLength: 4 });
    const ws = fc.constantFrom('', ' ', '\n', '\t ', '\r\n');
    const { json } = fc.letrec<{ json: string }>((tie) => ({
      json: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom('1', 'null', 'true', '-2.5e3'),
        str.map((s) => JSON.stringify(s)),
        fc.array(tie('json'), { maxLength: 4 }).map((xs) => `[${xs.join(',')}]`),
        fc
          .array(fc.tuple(ws, str, ws, ws, tie('json')), { maxLength: 5 })
          .map(
            (ms) =>
              `{${ms.map(([w1, k, w2, w3, v]) => `${w1}${JSON.stringify(k)}${w2}:${w3}${v}`).join(',')}}`,
          ),
      ),
    }));
    let duplicates = 0;
    fc.assert(
      fc.property(json, (text) => {
        const expected = findDuplicateKey(text);
        if (expected !== undefined) duplicates += 1;
        expect(scanned(text)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
    // The generator does make duplicates: the property was tested on them.
    expect(duplicates).toBeGreaterThan(100);
  });
});

describe('jsonTextProblem: a number no double holds', () => {
  it('±Infinity or a silent 0 of JSON.parse, with its path and the number as written', () => {
    expect(jsonTextProblem('{"a": [1, {"b": 1e309}]}')).toEqual({
      code: 'NUMBER_OUT_OF_RANGE',
      path: ['a', 1, 'b'],
      text: '1e309',
    });
    expect(jsonTextProblem('[0, -2.5E+999]')).toEqual({
      code: 'NUMBER_OUT_OF_RANGE',
      path: [1],
      text: '-2.5E+999',
    });
    expect(jsonTextProblem('{"x": 1e-400}')).toEqual({
      code: 'NUMBER_OUT_OF_RANGE',
      path: ['x'],
      text: '1e-400',
    });
    // 310 digits: 10³⁰⁹, beyond the largest double (about 1.8 × 10³⁰⁸).
    const long = `1${'0'.repeat(309)}`;
    expect(jsonTextProblem(`{"n": ${long}}`)).toMatchObject({ path: ['n'], text: long });
  });

  it('numbers a double holds, zeros and numbers inside strings pass', () => {
    for (const text of [
      '{"a": 1e308, "b": -1.7976931348623157e308, "c": 5e-324, "d": 0e-400, "e": -0.0E+999}',
      '{"s": "1e309", "1e309": true}',
      `[${'9'.repeat(308)}, 1.5, -3, 0]`,
    ])
      expect(jsonTextProblem(text), text).toBeUndefined();
  });

  it('not asked for (numbers false), and never in the way of a duplicate key', () => {
    expect(jsonTextProblem('{"x": 1e309}', 100, true, false)).toBeUndefined();
    expect(findDuplicateKey('{"x": 1e309, "x": 1}')).toEqual({ path: ['x'], key: 'x' });
  });
});
