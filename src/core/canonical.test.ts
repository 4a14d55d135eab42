import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, prettyJson, sortKeys, writePrettyJson } from './canonical';
import { dec } from './decimal';

describe('canonical JSON', () => {
  it('sorts keys at every level, drops undefined, writes decimals as JSON does', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: dec('0.50') } })).toBe(
      '{"a":{"c":"0.5","d":[2,{"z":1}]},"b":1}',
    );
  });

  it('keeps a key named "__proto__" as an own key (it must not vanish from hashes)', () => {
    const o = JSON.parse('{"__proto__": "x", "a": 1}');
    expect(canonicalJson(o)).toBe('{"__proto__":"x","a":1}');
    expect(contentHash(o)).not.toBe(contentHash({ a: 1 }));
  });
});

describe('sortKeys on values that are not objects', () => {
  it('leaves null, strings and numbers as they are, inside objects and arrays too', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson('ab')).toBe('"ab"');
    expect(canonicalJson({ b: null, a: ['x', 2, null] })).toBe('{"a":["x",2,null],"b":null}');
  });
  it('drops undefined members from the object it returns, not only from the JSON', () => {
    expect(Object.keys(sortKeys({ b: undefined, a: 1 }) as object)).toEqual(['a']);
  });
});

describe('prettyJson', () => {
  const twice = (v: unknown) => `${JSON.stringify(JSON.parse(canonicalJson(v)), null, 2)}\n`;
  it('indents the canonical JSON by two spaces, with a final newline', () => {
    expect(prettyJson({ b: [1, {}], a: dec('2.50') })).toBe(
      '{\n  "a": "2.5",\n  "b": [\n    1,\n    {}\n  ]\n}\n',
    );
  });
  it('orders keys as canonicalJson read back does: integer keys first by value, then the others sorted', () => {
    const v = { b: 1, '10': 2, '2015': 3, '2': 4, a: 5, '01': 6, '-1': 7 };
    expect(prettyJson(v)).toBe(twice(v));
    expect(Object.keys(JSON.parse(prettyJson(v)) as object)).toEqual([
      '2',
      '10',
      '2015',
      '-1',
      '01',
      'a',
      'b',
    ]);
  });
  it('writes -0, a lone surrogate and a key named "__proto__" as printing and reading back does', () => {
    const v = JSON.parse('{"__proto__": {"z": -0, "s": "\\ud800x"}, "n": [-0, 1e21, 5e-7]}');
    expect(prettyJson(v)).toBe(twice(v));
  });
  it('orders array indices to 4294967294 first; larger integer keys are keys like any other', () => {
    const v = { '4294967295': 1, '4294967294': 2, '9007199254740991': 3, '0': 4, '00': 5 };
    expect(prettyJson(v)).toBe(twice(v));
    expect(Object.keys(JSON.parse(prettyJson(v)) as object)).toEqual([
      '0',
      '4294967294',
      '00',
      '4294967295',
      '9007199254740991',
    ]);
  });
  it('writes Decimals and toJSON values as their JSON, leaves out what JSON leaves out, null in arrays', () => {
    const v = {
      d: [dec('1.50'), undefined, () => 1, { toJSON: () => undefined }, Number.NaN],
      f: () => 1,
      u: { toJSON: () => undefined },
      t: { toJSON: () => ({ b: 1, a: dec('2') }) },
      e: { x: undefined },
    };
    expect(prettyJson(v)).toBe(twice(v));
    expect(prettyJson(v)).toContain('"d": [\n    "1.5",\n    null,\n    null,\n    null,\n    null\n  ]');
  });
  it('is the canonical JSON printed, read back and printed indented, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(prettyJson(v)).toBe(twice(v));
      }),
      { numRuns: 500 },
    );
    const keyed = fc.dictionary(
      fc.oneof(fc.string(), fc.nat().map(String), fc.constant('4294967295')),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(keyed, (v) => {
        expect(prettyJson(v)).toBe(twice(v));
      }),
      { numRuns: 300 },
    );
  });
  it('hands a chunk on as soon as it reaches the length asked', () => {
    // "abc" is 5 characters with its quotes: one chunk of exactly 5, then the final newline
    const chunks: string[] = [];
    writePrettyJson('abc', (c) => chunks.push(c), 5);
    expect(chunks).toEqual(['"abc"', '\n']);
    // [1, 2] in chunks of 3, from the pieces "[\n", "  ", "1", ",\n", "  ", "2", "\n", "]", "\n": each chunk is handed
    // on with the piece that takes it to 3 or more ("1,\n" at exactly 3)
    const more: string[] = [];
    writePrettyJson([1, 2], (c) => more.push(c), 3);
    expect(more).toEqual(['[\n  ', '1,\n', '  2', '\n]\n']);
  });
  it('leaves symbols out of objects and writes them as null in arrays; the key "" is no array index', () => {
    const v = { s: Symbol('x'), a: [Symbol('y')], '': 1, '0': 2 };
    expect(prettyJson(v)).toBe(twice(v));
    expect(prettyJson(v)).toBe('{\n  "0": 2,\n  "": 1,\n  "a": [\n    null\n  ]\n}\n');
  });
  it('hands the same text to a sink in chunks of the length asked (the last one shorter)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 50 }), (v, n) => {
        const chunks: string[] = [];
        writePrettyJson(v, (c) => chunks.push(c), n);
        expect(chunks.join('')).toBe(prettyJson(v));
        // a chunk is handed on once it reaches n characters: each but the last is at least n long
        for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(n);
        expect(chunks.every((c) => c.length > 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
