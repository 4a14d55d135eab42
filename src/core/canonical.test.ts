import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from './canonical';
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
