import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_JSON_DEPTH,
  findDuplicateKey,
  findDuplicateKeyIn,
  jsonLineProblem,
  jsonTextProblem,
  jsonTooDeep,
  topLevelKeyCount,
  valueTooDeep,
} from './json';

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
      // 10³⁰⁷ written out: read as 1e+307, its value
      `[1${'0'.repeat(307)}, 1.5, -3, 0]`,
    ])
      expect(jsonTextProblem(text), text).toBeUndefined();
    // 308 nines are held as a double (no Infinity), but read as 1e+308: an integer that loses its digits
    expect(jsonTextProblem(`[${'9'.repeat(308)}, 1.5, -3, 0]`)).toEqual({
      code: 'NUMBER_DIGITS_LOST',
      path: [0],
      text: '9'.repeat(308),
      read: '1e+308',
    });
  });

  it('a fraction with more digits than a double keeps, read as another value: the number as written and as read', () => {
    // 120.00000000000000000001 (23 significant digits) reads as 120; 0.1000000000000000055511151231257827 (the
    // double nearest 0.1, written out) reads as 0.1, another value of the decimal written
    expect(jsonTextProblem('{"area": {"value": 120.00000000000000000001}}')).toEqual({
      code: 'NUMBER_DIGITS_LOST',
      path: ['area', 'value'],
      text: '120.00000000000000000001',
      read: '120',
    });
    expect((jsonTextProblem('[0.1000000000000000055511151231257827]') as { read?: string }).read).toBe('0.1');
    // the same values with trailing zeros or an exponent read as written: 120.000000000000000000, 1.20000000000000e2,
    // 0.30000000000000004 (17 significant digits that a double holds exactly as written)
    for (const text of [
      '[120.000000000000000000]',
      '[1.20000000000000000e2]',
      '[0.30000000000000004]',
      '[-1.5e-300]',
    ])
      expect(jsonTextProblem(text), text).toBeUndefined();
    // not asked for (fractions false): lines leave it
    expect(jsonTextProblem('[120.00000000000000000001]', 100, true, true, true, false)).toBeUndefined();
  });

  it('not asked for (numbers false), and never in the way of a duplicate key', () => {
    expect(jsonTextProblem('{"x": 1e309}', 100, true, false)).toBeUndefined();
    expect(findDuplicateKey('{"x": 1e309, "x": 1}')).toEqual({ path: ['x'], key: 'x' });
  });
});

/** jsonLineProblem on text JSON.parse accepts. */
const lineProblem = (text: string) => jsonLineProblem(text, JSON.parse(text));

describe('jsonLineProblem: a key given twice or a number no double holds, in a JSON line', () => {
  it('a number read as ±Infinity or a silent 0, with its path in the record and as written', () => {
    expect(lineProblem('{"areas":{"shrub":{"value":1e-400,"unit":"hm2"}}}')).toEqual({
      code: 'NUMBER_OUT_OF_RANGE',
      path: ['areas', 'shrub', 'value'],
      text: '1e-400',
    });
    expect(lineProblem('{"g":[[116.4,39.9],[1,-1E+309]]}')).toEqual({
      code: 'NUMBER_OUT_OF_RANGE',
      path: ['g', 1, 1],
      text: '-1E+309',
    });
    // No exponent: 0.000…0001 with 400 zeros after the point is 10⁻⁴⁰¹, below the least double (about 4.9e-324).
    const tiny = `0.${'0'.repeat(400)}1`;
    expect(lineProblem(`{"n":2,"x":${tiny}}`)).toEqual({
      code: 'NUMBER_OUT_OF_RANGE',
      path: ['x'],
      text: tiny,
    });
    // A top-level number is a record too (no path).
    expect(lineProblem('1e999')).toEqual({ code: 'NUMBER_OUT_OF_RANGE', path: [], text: '1e999' });
  });

  it('hidden behind a key given twice: still found, the first problem of the line', () => {
    // JSON.parse keeps x: 1, so the record holds no 0; the duplicate makes the scan run, and 1e-400 comes first.
    expect(lineProblem('{"x":1e-400,"x":1}')).toEqual({
      code: 'NUMBER_OUT_OF_RANGE',
      path: ['x'],
      text: '1e-400',
    });
    expect(lineProblem('{"x":1,"x":1e-400}')).toEqual({ code: 'INPUT_DUPLICATE_KEY', path: ['x'], key: 'x' });
    expect(lineProblem('{"a":{"b":1,"b":2},"c":1e309}')).toEqual({
      code: 'INPUT_DUPLICATE_KEY',
      path: ['a', 'b'],
      key: 'b',
    });
  });

  it('zeros in any spelling, numbers a double holds, and numbers in strings pass', () => {
    for (const text of [
      '{"id":"a","v":12.5,"w":[1,2.25e-3]}',
      '{"a":0,"b":-0.0,"c":0e-400,"d":[0E+999,-0]}',
      '{"a":1e308,"b":5e-324,"s":"1e309","1e-400":true}',
      '0',
      '"1e309"',
      '[]',
    ])
      expect(lineProblem(text), text).toBeUndefined();
  });

  it('agrees with the full scan (jsonTextProblem, keys and numbers) on any line (property)', () => {
    // Lone halves of a surrogate pair (JSON.stringify writes them as escapes; two in a row may make a pair), and
    // U+0000 (written as the escape \u0000).
    const chars = fc.constantFrom('k', 'a', ':', '"', '\\', ' ', '_', '\ud800', '\ude00', '\u0000');
    const str = fc.string({ unit: chars, maxLength: 3 });
    const num = fc.constantFrom(
      '1',
      '0',
      '-0.0',
      '2.5e3',
      '1e309',
      '-1e-400',
      '0e-999',
      '5e-324',
      `0.${'0'.repeat(330)}7`,
      '12345678901234567890',
      '9007199254740993',
      '9007199254740992',
      '1e20',
    );
    const { json } = fc.letrec<{ json: string }>((tie) => ({
      json: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        num,
        fc.constantFrom('null', 'true'),
        str.map((s) => JSON.stringify(s)),
        fc.array(tie('json'), { maxLength: 4 }).map((xs) => `[${xs.join(',')}]`),
        fc
          .array(fc.tuple(str, tie('json')), { maxLength: 4 })
          .map((ms) => `{${ms.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
      ),
    }));
    const found = new Map<string, number>();
    fc.assert(
      fc.property(json, (text) => {
        const expected = jsonTextProblem(text, Number.POSITIVE_INFINITY, true, true, true, false);
        if (expected !== undefined) found.set(expected.code, (found.get(expected.code) ?? 0) + 1);
        expect(lineProblem(text)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
    // The generator does write numbers no double holds, integers that lose digits and lone surrogates: the
    // property was tested on each.
    expect(found.get('NUMBER_OUT_OF_RANGE')).toBeGreaterThan(100);
    expect(found.get('NUMBER_DIGITS_LOST')).toBeGreaterThan(50);
    expect(found.get('TEXT_LONE_SURROGATE')).toBeGreaterThan(50);
    expect(found.get('TEXT_NUL_CHARACTER')).toBeGreaterThan(50);
  });
});

describe('jsonLineProblem: an integer past 2⁵³ that loses digits, a lone surrogate, U+0000', () => {
  const problem = (text: string) => jsonLineProblem(text, JSON.parse(text));
  it('an integer read as another: the number as written and as read, at its path', () => {
    // 2⁵³ = 9007199254740992; 2⁵³ + 1 has no double: JSON.parse reads it as 2⁵³.
    expect(problem('{"amount": 9007199254740993}')).toEqual({
      code: 'NUMBER_DIGITS_LOST',
      path: ['amount'],
      text: '9007199254740993',
      read: '9007199254740992',
    });
    expect(problem('{"a": [1, {"count": -12345678901234567890}]}')).toEqual({
      code: 'NUMBER_DIGITS_LOST',
      path: ['a', 1, 'count'],
      text: '-12345678901234567890',
      read: '-12345678901234567000',
    });
    // Written with a fraction that the double drops: 12345678901234567.5 reads as 12345678901234568.
    expect(problem('{"x": 12345678901234567.5}')).toMatchObject({
      code: 'NUMBER_DIGITS_LOST',
      read: '12345678901234568',
    });
  });
  it('integers a double holds exactly pass, however written, and so do decimals', () => {
    for (const text of [
      '{"a": 9007199254740992}', // 2⁵³ itself
      '{"a": 9007199254740991}', // Number.MAX_SAFE_INTEGER
      '{"a": 1e20}', // read as 100000000000000000000, its value
      '{"a": 100000000000000000000}',
      '{"a": 1.5e16}', // 15000000000000000 = 15 × 10¹⁵, held exactly
      '{"a": 18014398509481984.0}', // 2⁵⁴, written with a zero fraction
      '{"a": 0.30000000000000004}', // a decimal: read as its shortest decimal, the rule for JSON numbers
    ])
      expect(problem(text), text).toBeUndefined();
  });
  it('a lone surrogate in a value or a key, at its path; a pair (escaped or not) passes', () => {
    expect(problem('{"user": "u\\ud800"}')).toEqual({ code: 'TEXT_LONE_SURROGATE', path: ['user'] });
    expect(problem('{"a": ["x", "\\udc00y"]}')).toEqual({ code: 'TEXT_LONE_SURROGATE', path: ['a', 1] });
    expect(problem('{"m": {"k\\ud83d": 1}}')).toEqual({
      code: 'TEXT_LONE_SURROGATE',
      path: ['m', 'k\ud83d'],
    });
    expect(problem('{"user": "u\\ud83d\\ude00"}')).toBeUndefined();
    expect(problem('{"user": "u😀", "v": "\\u4e2d"}')).toBeUndefined();
    // the characters \ and u written as text, not an escape
    expect(problem('{"path": "C:\\\\ud800"}')).toBeUndefined();
  });
  it('U+0000 in a value or a key, at its path; the characters \\ and u0000 written as text pass', () => {
    expect(problem('{"id": "bad\\u0000x"}')).toEqual({ code: 'TEXT_NUL_CHARACTER', path: ['id'] });
    expect(problem('{"a": ["x", {"k\\u0000": 1}]}')).toEqual({
      code: 'TEXT_NUL_CHARACTER',
      path: ['a', 1, 'k\u0000'],
    });
    expect(problem('{"path": "C:\\\\u0000"}')).toBeUndefined();
    expect(problem('{"a": "\\u0001"}')).toBeUndefined();
    expect(jsonTextProblem('{"a": "\\u0000"}')).toEqual({ code: 'TEXT_NUL_CHARACTER', path: ['a'] });
  });
  it('whole files (jsonTextProblem) find them too; the duplicate-key and depth scans do not', () => {
    expect(jsonTextProblem('{"a": "\\ud800"}')).toEqual({ code: 'TEXT_LONE_SURROGATE', path: ['a'] });
    expect(jsonTextProblem('[9007199254740993]')).toMatchObject({ code: 'NUMBER_DIGITS_LOST', path: [0] });
    // findDuplicateKey's scan (keys only) is not stopped by a lone surrogate before the duplicate
    expect(findDuplicateKey('{"a": "\\ud800", "b": 1, "b": 2}')).toEqual({ path: ['b'], key: 'b' });
  });
});

describe('valueTooDeep: the depth of a value built in JavaScript, without recursion', () => {
  it('the path jsonTooDeep finds in its JSON text (property, any limit)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 1, max: 6 }), (v, limit) => {
        expect(valueTooDeep(v, limit)).toEqual(jsonTooDeep(JSON.stringify(v), limit));
      }),
      { numRuns: 500 },
    );
  });

  it('examples: the container that opens level limit + 1, the first in key order', () => {
    // {a:[[1]]}: the object is level 1, a's array level 2, a[0] level 3 > 2: its path ['a', 0].
    expect(valueTooDeep({ a: [[1]] }, 2)).toEqual(['a', 0]);
    expect(valueTooDeep({ a: [[1]] }, 3)).toBeUndefined();
    // Two too deep at level 2 > 1: "x" comes before "y".
    expect(valueTooDeep({ x: {}, y: [] }, 1)).toEqual(['x']);
    expect(valueTooDeep([1, 'a', null, [2]], 1)).toEqual([3]);
    expect(valueTooDeep('text', 0)).toBeUndefined();
  });

  it('5,000 and 100,000 levels, and a value that holds itself: reported at level 101, no stack overflow', () => {
    const nest = (levels: number) => {
      const root: Record<string, unknown> = {};
      let at = root;
      for (let i = 1; i < levels; i++) {
        const next: Record<string, unknown> = {};
        at.x = next;
        at = next;
      }
      return root;
    };
    const hundred = Array.from({ length: MAX_JSON_DEPTH }, () => 'x');
    expect(valueTooDeep(nest(5000))).toEqual(hundred);
    expect(valueTooDeep(nest(100_000))).toEqual(hundred);
    // 100 levels are within the limit, 101 are not.
    expect(valueTooDeep(nest(100))).toBeUndefined();
    expect(valueTooDeep(nest(101))).toEqual(hundred);
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    expect(valueTooDeep(loop)).toEqual(Array.from({ length: MAX_JSON_DEPTH }, () => 'self'));
  });

  it('walks plain objects and arrays only: a Date, a Map or a class instance is a leaf', () => {
    class Node {
      next: Node | undefined = undefined;
    }
    const a = new Node();
    a.next = a; // a class instance that holds itself is not walked
    const map = new Map([['k', { deep: true }]]);
    expect(valueTooDeep({ d: new Date(0), a, map }, 1)).toBeUndefined();
    // An object without a prototype is plain: {z: {}} is 2 levels.
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { z: {} });
    expect(valueTooDeep(bare, 1)).toEqual(['z']);
  });
});

describe('topLevelKeyCount: how often the outermost object writes a key', () => {
  it('counts the outermost object’s keys only, escaped forms as what they read', () => {
    const text = '{"id": "A", "note": "id", "rights": [{"id": "B"}], "areas": {"id": 1}, "\\u0069d": "C"}';
    // "id" at the top (twice: once escaped); "note"'s value "id" is no key; rights[0].id and areas.id are nested
    expect(topLevelKeyCount(text, 'id')).toBe(2);
    expect(topLevelKeyCount(text, 'note')).toBe(1);
    expect(topLevelKeyCount('{"a": {"b": {"id": 1}}, "id": "x"}', 'id')).toBe(1);
    expect(topLevelKeyCount('{"a": ["id", {"id": 2}], "b": "\\"id\\": 3"}', 'id')).toBe(0);
    // not an object at the top: nothing
    expect(topLevelKeyCount('[{"id": 1}]', 'id')).toBe(0);
    expect(topLevelKeyCount('"id"', 'id')).toBe(0);
    expect(topLevelKeyCount('{}', 'id')).toBe(0);
  });
  it('property: on JSON.stringify of an object, 1 for each own key and 0 for a key only nested', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), (o, k) => {
        const text = JSON.stringify(o);
        for (const key of Object.keys(o)) expect(topLevelKeyCount(text, key)).toBe(1);
        expect(topLevelKeyCount(text, k)).toBe(Object.hasOwn(o, k) ? 1 : 0);
        // written once more at the end: one more
        const twice = `${text.slice(0, -1)}${text === '{}' ? '' : ','}${JSON.stringify(k)}:null}`;
        expect(topLevelKeyCount(twice, k)).toBe((Object.hasOwn(o, k) ? 1 : 0) + 1);
      }),
    );
  });
});
