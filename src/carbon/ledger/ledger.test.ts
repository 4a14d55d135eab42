import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../test/helpers';
import { GENESIS, bodyOf, canonicalEntry, entryHash } from './entry';
import { type Draft, Ledger, instantMemo, shapeEntry } from './ledger';
import { registryPolicy } from './registry';
import { verifyLedger } from './verify';

/** 2024-05-dd at 08:00 Beijing time (00:00Z). */
const T = (d: number) => `2024-05-${String(d).padStart(2, '0')}T08:00:00+08:00`;

describe('Ledger.expireDue: the instant it is given', () => {
  const bad = ['garbage', '2024-05-10', '2024-02-30T08:00:00+08:00', new Date(Number.NaN)] as const;

  it('refuses a time that is not an instant, on a ledger with nothing due (LEDGER_ENTRY_INVALID at ts)', () => {
    const l = new Ledger();
    for (const ts of bad) {
      const e = errorOf(() => l.expireDue(ts));
      expect(e.issues.map((i) => [i.code, i.path])).toEqual([['LEDGER_ENTRY_INVALID', ['ts']]]);
      expect(e.issues[0]?.message.en).toContain('ts is not an ISO 8601 time with its offset');
    }
    // nothing appended by the refusals
    expect(l.anchor().count).toBe(0);
  });

  it('refuses it on a ledger with lots to expire too, and changes nothing', () => {
    const l = new Ledger();
    l.append({ type: 'issue', ts: T(1), amount: 5, unit: 'point', to: 'u', ref: 'a', expiresAt: T(3) });
    for (const ts of bad) expect(errorOf(() => l.expireDue(ts)).issues[0]?.code).toBe('LEDGER_ENTRY_INVALID');
    expect(l.anchor().count).toBe(1);
    // a real instant still expires the lot: 5 points issued on the 1st, expiring on the 3rd, due on the 4th
    expect(l.expireDue(T(4)).map((e) => [e.type, e.from, e.amount])).toEqual([['expire', 'u', '5']]);
  });

  it('a valid instant on a ledger with nothing due returns no entries', () => {
    const l = new Ledger();
    expect(l.expireDue(T(4))).toEqual([]);
    expect(l.expireDue(new Date('2024-05-04T00:00:00Z'))).toEqual([]);
  });
});

/** The code, path and detail of the refusal of `f`. */
const refusal = (f: () => unknown) => {
  const e = errorOf(f);
  return e.issues.map((i) => [i.code, i.path, i.params?.detail]);
};
const invalid = (detail: string, path: (string | number)[] = []) => [['LEDGER_ENTRY_INVALID', path, detail]];
const ISSUE: Draft = { type: 'issue', ts: T(1), amount: 5n, unit: 'point', to: 'u', ref: 'a' };
const NOT_A_TIME = (what: string, v: string) =>
  `${what} is not an ISO 8601 time with its offset (Z or ±hh:mm): ${v}`;

describe('Ledger.append: the entry it makes', () => {
  it('fills in seq, the UTC time, prev and hash, with no member the draft lacks', () => {
    // 08:00 at +08:00 is 00:00Z; the first entry links to GENESIS, the second to the first
    const l = new Ledger();
    const e = l.append({ type: 'issue', ts: T(1), amount: 150n, unit: 'g_CO2', to: 'u1', ref: 'a1' });
    expect(e).toStrictEqual({
      seq: 0,
      type: 'issue',
      ts: '2024-05-01T00:00:00.000Z',
      amount: '150',
      unit: 'g_CO2',
      ref: 'a1',
      to: 'u1',
      prev: GENESIS,
      hash: entryHash(bodyOf(e), GENESIS),
    });
    const e2 = l.append({ type: 'issue', ts: T(2), amount: 3, unit: 'point', to: 'u1', ref: 'a2' });
    expect([e2.seq, e2.ts, e2.amount, e2.prev]).toEqual([1, '2024-05-02T00:00:00.000Z', '3', e.hash]);
    expect(l.anchor()).toEqual({ count: 2, head: e2.hash });
  });

  it('hashes with the hasher it is given', () => {
    const hash = (s: string) => `h${s.length}`;
    const l = new Ledger({ hash });
    const e = l.append(ISSUE);
    expect(e.hash).toBe(`h${(canonicalEntry(bodyOf(e)) + GENESIS).length}`);
    expect(l.append({ ...ISSUE, ref: 'b' }).prev).toBe(e.hash);
  });

  it('a ledger of several partitions marks its entries with its partition (0 by default); one of one does not', () => {
    const p3 = new Ledger({ partitions: 4, partition: 3 });
    expect([p3.partition, p3.append(ISSUE).partition]).toEqual([3, 3]);
    const p0 = new Ledger({ partitions: 4 });
    expect([p0.partition, p0.append(ISSUE).partition]).toEqual([0, 0]);
    const one = new Ledger({ partitions: 1, partition: 2 });
    const e = one.append(ISSUE);
    expect([one.partition, 'partition' in e]).toEqual([undefined, false]);
  });

  it('derives a record’s members: serial numbers of a certification (from the partition’s first), the rule set of a transfer', () => {
    // partition 2 of 4: serial numbers start at 2 × 10¹² + 1; 2 t → 2000000000001-2000000000002
    const meta = {
      verifier: 'verifier:test',
      vintage: '2024',
      methodology: 'travel/per-trip@1',
      factorSets: `sha256:${'0'.repeat(64)}`,
    };
    const p = new Ledger({ partitions: 4, partition: 2 });
    p.append({ type: 'issue', ts: T(1), amount: 2_000_000n, unit: 'g_CO2', to: 'org:e', ref: 'x' });
    const c = p.append({
      type: 'certify',
      ts: T(2),
      amount: 2n,
      unit: 't_CO2',
      from: 'org:e',
      to: 'org:e',
      ref: 'c1',
      meta,
    });
    expect(c.meta).toEqual({ ...meta, serials: '2000000000001-2000000000002' });
    const policy = registryPolicy({ ref: 'rules@1', transferable: ['point'], redemptions: [] });
    const l = new Ledger({ policy });
    l.append(ISSUE);
    const t = l.append({
      type: 'transfer',
      ts: T(2),
      amount: 2n,
      unit: 'point',
      from: 'u',
      to: 'v',
      ref: 'g',
    });
    expect(t.meta).toEqual({ ruleSet: 'rules@1' });
    expect(l.balances()).toEqual({
      u: { point: { available: '3', pending: '0', expired: '0', redeemed: '0', retired: '0' } },
      v: { point: { available: '2', pending: '0', expired: '0', redeemed: '0', retired: '0' } },
    });
  });

  it('keeps meta and the window and expiry of an issue, normalised to UTC', () => {
    const l = new Ledger();
    const e = l.append({
      ...ISSUE,
      availableFrom: T(2),
      claimBy: T(9),
      expiresAt: '2025-01-01T00:00:00+08:00',
      meta: { rule: 'r1' },
    });
    expect([e.availableFrom, e.claimBy, e.expiresAt, e.meta]).toEqual([
      '2024-05-02T00:00:00.000Z',
      '2024-05-09T00:00:00.000Z',
      '2024-12-31T16:00:00.000Z',
      { rule: 'r1' },
    ]);
    // pending until claimed: its window in epoch ms
    expect(l.pending('a', 'point')).toEqual({
      to: 'u',
      amount: 5n,
      availableFrom: Date.parse('2024-05-02T00:00:00Z'),
      claimBy: Date.parse('2024-05-09T00:00:00Z'),
      expiresAt: Date.parse('2024-12-31T16:00:00Z'),
      unit: 'point',
    });
    expect(l.pending('a', 'g_CO2')).toBeUndefined();
  });

  it('a refusal is at the path given (none: the top), and appends nothing', () => {
    const l = new Ledger();
    expect(refusal(() => l.append({ ...ISSUE, ref: '' }))).toEqual(invalid('ref is required'));
    expect(refusal(() => l.append({ ...ISSUE, ref: '' }, ['lines', 3]))).toEqual(
      invalid('ref is required', ['lines', 3]),
    );
    expect(l.anchor()).toEqual({ count: 0, head: GENESIS });
  });
});

describe('Ledger.append refuses a malformed draft, saying why', () => {
  const l = new Ledger();
  const refused = (d: unknown) => refusal(() => l.append(d as Draft));

  it('not an object, an unknown type, a unit the type does not take', () => {
    expect(refused(null)).toEqual(invalid('not an object'));
    expect(refused('issue')).toEqual(invalid('not an object'));
    expect(refused({ ...ISSUE, type: 'mint' })).toEqual(
      invalid(
        'type must be one of issue, claim, expire, redeem, transfer, aggregate, certify, retire, emissions, offset',
      ),
    );
    expect(refused({ ...ISSUE, unit: 't_CO2' })).toEqual(
      invalid('issue takes unit point or g_CO2, not t_CO2'),
    );
  });

  it('an amount that is not a positive integer without leading zeros', () => {
    for (const [amount, text] of [
      [0n, '0'],
      [-1n, '-1'],
      [0, '0'],
      ['007', '007'],
      ['-1', '-1'],
      ['1.5', '1.5'],
      [undefined, 'undefined'],
    ] as const)
      expect(refused({ ...ISSUE, amount })).toEqual(
        invalid(`amount must be a positive integer, got ${text}`),
      );
    // bigint, number and decimal text of a positive integer are taken
    expect(
      [7n, 12, '12', '150'].map((amount, i) => l.append({ ...ISSUE, ref: `n${i}`, amount }).amount),
    ).toEqual(['7', '12', '12', '150']);
  });

  it('a missing ref, a missing or empty account the type needs, an account it takes none of', () => {
    expect(refused({ ...ISSUE, ref: undefined })).toEqual(invalid('ref is required'));
    expect(refused({ ...ISSUE, to: undefined })).toEqual(invalid('issue needs "to"'));
    expect(refused({ ...ISSUE, to: '' })).toEqual(invalid('issue needs "to"'));
    expect(refused({ ...ISSUE, from: 'x' })).toEqual(invalid('issue takes no "from"'));
    expect(refused({ type: 'redeem', ts: T(1), amount: 1n, unit: 'point', ref: 'r' })).toEqual(
      invalid('redeem needs "from"'),
    );
    expect(
      refused({ type: 'expire', ts: T(1), amount: 1n, unit: 'point', from: 'u', to: 'v', ref: 'r' }),
    ).toEqual(invalid('expire takes no "to"'));
  });

  it('a transfer to the account it debits; another transfer goes through', () => {
    const t = new Ledger();
    t.append({ ...ISSUE, unit: 'g_CO2' });
    const transfer = { type: 'transfer', ts: T(2), amount: 2n, unit: 'g_CO2', ref: 'g' } as const;
    expect(refusal(() => t.append({ ...transfer, from: 'u', to: 'u' }))).toEqual(
      invalid('transfer to the same account'),
    );
    expect(t.append({ ...transfer, from: 'u', to: 'v' }).to).toBe('v');
  });

  it('a time that is not an instant with its offset', () => {
    const before = l.anchor().count;
    const bad = ['', 'garbage', '2024-05-01T08:00:00', '2024-02-30T00:00:00.000Z'];
    for (const ts of bad) expect(refused({ ...ISSUE, ts })).toEqual(invalid(NOT_A_TIME('ts', ts)));
    // a number, or a String object (even of a canonical instant), is not a time string
    expect(refused({ ...ISSUE, ts: 1714521600000 })).toEqual(invalid(NOT_A_TIME('ts', '1714521600000')));
    for (const ts of ['2024-05-01T00:00:00.000Z', T(1)])
      expect(refused({ ...ISSUE, ts: new String(ts) })).toEqual(invalid(NOT_A_TIME('ts', ts)));
    expect(l.anchor().count).toBe(before);
  });

  it('a claim window or expiry out of place, incomplete, empty or with an invalid time', () => {
    expect(refused({ ...ISSUE, availableFrom: T(2) })).toEqual(
      invalid('a claim window needs availableFrom and claimBy'),
    );
    expect(refused({ ...ISSUE, claimBy: T(2) })).toEqual(
      invalid('a claim window needs availableFrom and claimBy'),
    );
    expect(refused({ ...ISSUE, availableFrom: T(2), claimBy: T(2) })).toEqual(
      invalid('claimBy must come after availableFrom'),
    );
    expect(refused({ ...ISSUE, availableFrom: T(3), claimBy: T(2) })).toEqual(
      invalid('claimBy must come after availableFrom'),
    );
    expect(refused({ ...ISSUE, availableFrom: 'soon', claimBy: T(2) })).toEqual(
      invalid(NOT_A_TIME('availableFrom', 'soon')),
    );
    expect(refused({ ...ISSUE, availableFrom: T(2), claimBy: 'later' })).toEqual(
      invalid(NOT_A_TIME('claimBy', 'later')),
    );
    expect(refused({ ...ISSUE, expiresAt: 'never' })).toEqual(invalid(NOT_A_TIME('expiresAt', 'never')));
    const claim = { type: 'claim', ts: T(1), amount: 1n, unit: 'point', to: 'u', ref: 'a' };
    for (const extra of [{ expiresAt: T(3) }, { availableFrom: T(2), claimBy: T(3) }, { claimBy: T(3) }])
      expect(refused({ ...claim, ...extra })).toEqual(invalid('only an issue has a window or expiry'));
  });

  it('meta values that are not strings', () => {
    expect(refused({ ...ISSUE, meta: { rule: 'r1', n: 1 } })).toEqual(invalid('meta values must be strings'));
  });
});

describe('shapeEntry', () => {
  it('keeps a partition that is a non-negative integer and refuses any other, at the top by default', () => {
    expect(shapeEntry({ ...ISSUE, partition: 0 }, 7).partition).toBe(0);
    expect(shapeEntry({ ...ISSUE, partition: 2 }, 7)).toEqual({
      seq: 7,
      type: 'issue',
      ts: '2024-05-01T00:00:00.000Z',
      amount: '5',
      unit: 'point',
      ref: 'a',
      to: 'u',
      partition: 2,
    });
    for (const partition of [-1, 1.5])
      expect(refusal(() => shapeEntry({ ...ISSUE, partition }, 0))).toEqual(
        invalid(`partition must be a non-negative integer, got ${partition}`),
      );
  });

  it('records in its memo the last time string it normalised, with the result and its instant; a Date leaves it', () => {
    // T(1) = 2024-05-01T08:00:00+08:00 = 2024-05-01T00:00:00.000Z = 1 714 521 600 000 ms
    const memo = instantMemo();
    shapeEntry(ISSUE, 0, [], memo);
    expect(memo).toEqual({ lastIn: T(1), lastOut: '2024-05-01T00:00:00.000Z', lastMs: 1_714_521_600_000 });
    shapeEntry({ ...ISSUE, ts: new Date('2024-06-01T00:00:00Z') }, 1, [], memo);
    expect(memo.lastIn).toBe(T(1));
    // a time already in UTC normalises to itself: 2024-05-02T00:00:00Z is one day (86 400 000 ms) later
    shapeEntry({ ...ISSUE, ts: '2024-05-02T00:00:00.000Z' }, 2, [], memo);
    expect(memo).toEqual({
      lastIn: '2024-05-02T00:00:00.000Z',
      lastOut: '2024-05-02T00:00:00.000Z',
      lastMs: 1_714_608_000_000,
    });
  });

  it('a draft without "to" has no "to" member', () => {
    const redeem: Draft = { type: 'redeem', ts: T(1), amount: 1n, unit: 'point', from: 'u', ref: 'r' };
    expect(shapeEntry(redeem, 3)).toStrictEqual({
      seq: 3,
      type: 'redeem',
      ts: '2024-05-01T00:00:00.000Z',
      amount: '1',
      unit: 'point',
      ref: 'r',
      from: 'u',
    });
  });

  it('a fresh memo matches no string, not even the empty one', () => {
    expect(refusal(() => shapeEntry({ ...ISSUE, ts: '' }, 0, [], instantMemo()))).toEqual(
      invalid(NOT_A_TIME('ts', '')),
    );
    // nor after a Date, which leaves the memo fresh
    const memo = instantMemo();
    shapeEntry({ ...ISSUE, ts: new Date('2024-05-01T00:00:00Z') }, 0, [], memo);
    expect(
      refusal(() =>
        shapeEntry(
          { ...ISSUE, ts: new Date('2024-05-01T00:00:00Z'), availableFrom: '', claimBy: T(2) },
          0,
          [],
          memo,
        ),
      ),
    ).toEqual(invalid(NOT_A_TIME('availableFrom', '')));
  });
});

describe('an empty time on the first entry', () => {
  it('is refused by a fresh ledger, and by the verification of a stored ledger', () => {
    expect(refusal(() => new Ledger().append({ ...ISSUE, ts: '' }))).toEqual(invalid(NOT_A_TIME('ts', '')));
    // nor is a missing time taken for the memo of a fresh ledger
    for (const ts of [null, undefined])
      expect(refusal(() => new Ledger().append({ ...ISSUE, ts: ts as unknown as string }))).toEqual(
        invalid(NOT_A_TIME('ts', String(ts))),
      );
    // a first entry dated '', hashed as a writer would have: the chain is intact, the time is not
    const e = new Ledger().append(ISSUE);
    const body = { ...bodyOf(e), ts: '' };
    const stored = { ...body, prev: GENESIS, hash: entryHash(body, GENESIS) };
    const v = verifyLedger([stored]);
    expect([v.ok, v.issues.map((i) => [i.code, i.params?.detail])]).toEqual([
      false,
      [['LEDGER_ENTRY_INVALID', NOT_A_TIME('ts', '')]],
    ]);
  });
});

describe('Ledger: what it tells of its state', () => {
  it('lastTime: none on an empty ledger, then the instant of the last entry (not of its expiry)', () => {
    const l = new Ledger();
    expect(l.lastTime()).toBeUndefined();
    l.append({ ...ISSUE, expiresAt: T(3) });
    expect(l.lastTime()).toEqual({ ms: Date.parse('2024-05-01T00:00:00Z'), iso: '2024-05-01T00:00:00.000Z' });
  });

  it('credited: whether a ref was issued in a unit', () => {
    const l = new Ledger();
    l.append({ ...ISSUE, unit: 'g_CO2' });
    expect([l.credited('a', 'g_CO2'), l.credited('a', 'point'), l.credited('b', 'g_CO2')]).toEqual([
      true,
      false,
      false,
    ]);
  });
});
