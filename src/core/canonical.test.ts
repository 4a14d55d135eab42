import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, sortKeys } from './canonical';
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
