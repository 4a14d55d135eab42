import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../core/canonical';
import {
  type Entry,
  type EntryBody,
  GENESIS,
  bodyOf,
  canonicalEntry,
  entryHash,
  needsEscape,
  sha256Hex,
} from './entry';

const ISSUE: EntryBody = {
  seq: 0,
  type: 'issue',
  ts: '2024-05-01T00:00:00.000Z',
  amount: '1500',
  unit: 'g_CO2',
  to: 'user:a',
  ref: 'trip-1',
};

/** A body with every member, its meta keys out of order. */
const FULL: EntryBody = {
  seq: 12,
  type: 'issue',
  ts: '2024-05-01T00:00:00.000Z',
  amount: '7',
  unit: 'point',
  from: 'org:f',
  to: 'user:t',
  ref: 'r',
  availableFrom: '2024-05-02T00:00:00.000Z',
  claimBy: '2024-06-01T00:00:00.000Z',
  expiresAt: '2025-05-01T00:00:00.000Z',
  meta: { rule: 'x', methodology: 'm@1', beneficiary: 'b' },
  partition: 3,
};

describe('sha256Hex', () => {
  it('gives the FIPS 180-2 digests of "abc" and of the empty string', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('needsEscape', () => {
  it('is true for a quote, a backslash, a control character and a surrogate, at their bounds', () => {
    // JSON escapes U+0000 … U+001F, '"' (0x22), '\' (0x5C); JSON.stringify also escapes lone surrogates
    // (U+D800 … U+DFFF). Their neighbours U+0020, '!' (0x21), '#' (0x23), '[' (0x5B), ']' (0x5D), U+D7FF and
    // U+E000 need nothing.
    for (const c of ['\u0000', '\u001f', '"', '\\', '\ud800', '\udfff']) {
      expect(needsEscape(c)).toBe(true);
      expect(needsEscape(`ab${c}`)).toBe(true);
    }
    for (const c of [' ', '!', '#', '[', ']', '\ud7ff', '\ue000', 'é', '碳'])
      expect(needsEscape(`ab${c}cd`)).toBe(false);
    expect(needsEscape('')).toBe(false);
  });
});

describe('canonicalEntry', () => {
  it('writes the members in sorted order without whitespace (hand-written)', () => {
    expect(canonicalEntry(ISSUE)).toBe(
      '{"amount":"1500","ref":"trip-1","seq":0,"to":"user:a","ts":"2024-05-01T00:00:00.000Z","type":"issue","unit":"g_CO2"}',
    );
    // A debit names no account credited: no "to".
    const redeem: EntryBody = {
      seq: 1,
      type: 'redeem',
      ts: '2024-05-02T00:00:00.000Z',
      amount: '30',
      unit: 'point',
      from: 'user:a',
      ref: 'o-1',
    };
    expect(canonicalEntry(redeem)).toBe(
      '{"amount":"30","from":"user:a","ref":"o-1","seq":1,"ts":"2024-05-02T00:00:00.000Z","type":"redeem","unit":"point"}',
    );
    expect(canonicalEntry(FULL)).toBe(
      '{"amount":"7","availableFrom":"2024-05-02T00:00:00.000Z","claimBy":"2024-06-01T00:00:00.000Z",' +
        '"expiresAt":"2025-05-01T00:00:00.000Z","from":"org:f",' +
        '"meta":{"beneficiary":"b","methodology":"m@1","rule":"x"},"partition":3,"ref":"r","seq":12,' +
        '"to":"user:t","ts":"2024-05-01T00:00:00.000Z","type":"issue","unit":"point"}',
    );
  });

  it('writes the bytes of the generic canonical JSON, escapes included', () => {
    const odd: EntryBody = {
      ...FULL,
      from: 'org:"q"',
      to: 'user:\\b',
      ref: 'line\nbreak',
      meta: { 'k"ey': 'v\u0001', z: '\ud83c', a: '碳' },
    };
    for (const b of [ISSUE, FULL, odd, { ...ISSUE, meta: {} }])
      expect(canonicalEntry(b)).toBe(canonicalJson(b));
    expect(canonicalEntry(odd)).toContain('"from":"org:\\"q\\""');
    expect(canonicalEntry(odd)).toContain('"meta":{"a":"碳","k\\"ey":"v\\u0001","z":"\\ud83c"}');
  });

  it('writes a leg’s members in their sorted places: leg and lots after from, pair before partition', () => {
    const leg: EntryBody = {
      seq: 4,
      type: 'transfer',
      ts: '2024-05-01T01:00:00.000Z',
      amount: '150',
      unit: 'g_CO2',
      from: 'user:u1',
      to: 'org:ent',
      ref: 't-1',
      meta: { ruleSet: 'r@1' },
      partition: 1,
      leg: 'debit',
      pair: '0:7',
      lots: '100@2025-05-01T00:00:00.000Z,50@never',
    };
    expect(canonicalEntry(leg)).toBe(
      '{"amount":"150","from":"user:u1","leg":"debit","lots":"100@2025-05-01T00:00:00.000Z,50@never",' +
        '"meta":{"ruleSet":"r@1"},"pair":"0:7","partition":1,"ref":"t-1","seq":4,"to":"org:ent",' +
        '"ts":"2024-05-01T01:00:00.000Z","type":"transfer","unit":"g_CO2"}',
    );
    expect(canonicalEntry(leg)).toBe(canonicalJson(leg));
  });

  it('leaves out a meta member that is undefined, with no stray comma', () => {
    const meta = { a: undefined, b: 'y', c: undefined, d: 'z' } as unknown as Record<string, string>;
    expect(canonicalEntry({ ...ISSUE, meta })).toContain('"meta":{"b":"y","d":"z"}');
    const none = { a: undefined } as unknown as Record<string, string>;
    expect(canonicalEntry({ ...ISSUE, meta: none })).toContain('"meta":{},');
  });

  it('a stored entry that is not of strings (a tampered ledger) is written through JSON.stringify', () => {
    const tampered = { ...ISSUE, amount: 1500, to: null } as unknown as EntryBody;
    expect(canonicalEntry(tampered)).toBe(
      '{"amount":1500,"ref":"trip-1","seq":0,"to":null,"ts":"2024-05-01T00:00:00.000Z","type":"issue","unit":"g_CO2"}',
    );
  });

  it('shaped: amount, ts, type and unit written as they are; the other members still checked', () => {
    // Only a shaped body (digits, an ISO instant, enumerated type and unit) goes this way; a quote put in each
    // of them here shows that they are not escaped, while `ref` still is.
    const b = {
      ...ISSUE,
      amount: '1"',
      ts: 't"',
      type: 'y"',
      unit: 'u"',
      ref: 'r"',
    } as unknown as EntryBody;
    expect(canonicalEntry(b, true)).toBe(
      '{"amount":"1"","ref":"r\\"","seq":0,"to":"user:a","ts":"t"","type":"y"","unit":"u""}',
    );
    expect(canonicalEntry(b)).toBe(
      '{"amount":"1\\"","ref":"r\\"","seq":0,"to":"user:a","ts":"t\\"","type":"y\\"","unit":"u\\""}',
    );
  });
});

describe('bodyOf and entryHash', () => {
  it('the body is the entry without prev and hash', () => {
    const e: Entry = { ...FULL, prev: GENESIS, hash: 'h' };
    expect(bodyOf(e)).toEqual(FULL);
    expect(bodyOf(ISSUE)).toEqual(ISSUE);
  });

  it('hashes the canonical body followed by prev', () => {
    const text =
      '{"amount":"1500","ref":"trip-1","seq":0,"to":"user:a","ts":"2024-05-01T00:00:00.000Z","type":"issue","unit":"g_CO2"}';
    // GENESIS is 64 zeros.
    expect(GENESIS).toBe('0000000000000000000000000000000000000000000000000000000000000000');
    expect(entryHash(ISSUE, GENESIS, (s) => `<${s}>`)).toBe(`<${text}${GENESIS}>`);
    expect(entryHash(ISSUE, 'p')).toBe(sha256Hex(`${text}p`));
    // Shaped, the same bytes for a body that needs no escaping.
    expect(entryHash(ISSUE, 'p', (s) => s, true)).toBe(`${text}p`);
    const quoted = { ...ISSUE, unit: 'u"' } as unknown as EntryBody;
    expect(entryHash(quoted, 'p', (s) => s, true)).toContain('"unit":"u""}p');
    expect(entryHash(quoted, 'p', (s) => s)).toContain('"unit":"u\\""}p');
  });
});
