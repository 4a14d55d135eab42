import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import { account } from './account';
import { AccountCache, plainJsonKey } from './cache';

const example = () =>
  JSON.parse(readFileSync(new URL('../../examples/jiangxi-county/input.json', import.meta.url), 'utf8'));

const codes = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof GepError) return e.issues.map((i) => i.code);
    throw e;
  }
  return [];
};

describe('AccountCache', () => {
  it('gives every account the result it has without a cache, byte for byte', () => {
    const cache = new AccountCache();
    for (const options of [
      {},
      { baseYear: 2015 },
      { rounding: 'exact' as const },
      { profile: 'mee-2020' as const },
    ]) {
      const plain = JSON.stringify(account(example(), options));
      // Twice with the cache: the second account reads what the first one kept.
      expect(JSON.stringify(account(example(), { ...options, cache }))).toBe(plain);
      expect(JSON.stringify(account(example(), { ...options, cache }))).toBe(plain);
    }
  });

  it('reads a user table edited between two accounts afresh (keys are content, not objects)', () => {
    const cache = new AccountCache();
    const input = example();
    const before = account(input, { cache });
    const record = input.overrides.tables[0].records[0];
    // The example's first overlay record: runoff coefficient 0.03 of bamboo forest, raised to 0.05.
    expect(record.value).toBe('0.03');
    record.value = '0.05';
    const after = account(input, { cache });
    expect(after.totals.gep.current).not.toBe(before.totals.gep.current);
    expect(JSON.stringify(after)).toBe(JSON.stringify(account(input)));
  });

  it('refuses an invalid switch on every account, not only the first', () => {
    const cache = new AccountCache();
    const bad = { switches: { R1: { negativeTerms: 'ignore' } }, cache };
    expect(codes(() => account(example(), bad))).toContain('SWITCH_INVALID');
    expect(codes(() => account(example(), bad))).toContain('SWITCH_INVALID');
  });

  it('gives each account its own overrides array and switches object', () => {
    const cache = new AccountCache();
    const a = account(example(), { cache });
    const b = account(example(), { cache });
    expect(b.overrides).not.toBe(a.overrides);
    expect(b.overrides).toEqual(a.overrides);
    expect(b.indicators[0]?.switches).not.toBe(a.indicators[0]?.switches);
  });
});

describe('plainJsonKey', () => {
  it('keys plain JSON by its text and refuses what JSON would print as something else', () => {
    expect(plainJsonKey({ a: [1, 'x', null, true] })).toBe('{"a":[1,"x",null,true]}');
    expect(plainJsonKey({ a: undefined })).toBeUndefined();
    expect(plainJsonKey([Number.NaN])).toBeUndefined();
    expect(plainJsonKey([-0])).toBeUndefined();
    // eslint-disable-next-line no-sparse-arrays
    expect(plainJsonKey([1, , 2])).toBeUndefined();
    expect(plainJsonKey({ d: new Date(0) })).toBeUndefined();
  });
});
