import { describe, expect, it } from 'vitest';
import { ruleSetWith } from '../../../test/carbon/helpers';
import { type Entry, GENESIS, bodyOf, entryHash, sha256Hex } from './entry';
import { Ledger } from './ledger';
import { registryPolicy } from './registry';
import { holdingRecords } from './state';
import { Verifier, foldBalances, verifyLedger, verifyLedgerAsync } from './verify';

const T = (d: number) => `2024-05-${String(d).padStart(2, '0')}T08:00:00+08:00`;
const Z = (d: number) => `2024-05-${String(d).padStart(2, '0')}T00:00:00.000Z`;
const RETIRED = { beneficiary: 'org:test', purpose: 'test' };

/** A ledger whose entries use every member an entry may have (windows, expiry, meta, from, to). */
function full(opts: ConstructorParameters<typeof Ledger>[0] = {}) {
  const l = new Ledger(opts);
  const es: Entry[] = [
    l.append({ type: 'issue', ts: T(1), amount: 100, unit: 'g_CO2', to: 'u', ref: 'a', expiresAt: T(20) }),
    l.append({
      type: 'issue',
      ts: T(1),
      amount: 5,
      unit: 'point',
      to: 'u',
      ref: 'a',
      availableFrom: T(2),
      claimBy: T(4),
      meta: { rule: 'walk' },
    }),
    l.append({ type: 'claim', ts: T(2), amount: 5, unit: 'point', to: 'u', ref: 'a' }),
    l.append({ type: 'transfer', ts: T(3), amount: 40, unit: 'g_CO2', from: 'u', to: 'v', ref: 't' }),
    l.append({ type: 'retire', ts: T(3), amount: 10, unit: 'g_CO2', from: 'v', ref: 'r', meta: RETIRED }),
  ];
  return { l, es };
}

/** Re-link and re-hash entries from `from` on, as a forger rewriting the ledger would. */
function rechain(es: Entry[], from = 0): Entry[] {
  const out = es.slice(0, from);
  let prev = from === 0 ? GENESIS : (es[from - 1] as Entry).hash;
  for (const e of es.slice(from)) {
    const body = bodyOf(e);
    const hash = entryHash(body, prev);
    out.push({ ...body, prev, hash });
    prev = hash;
  }
  return out;
}

const issuesOf = (v: { issues: readonly { code: string; path: readonly unknown[]; params?: unknown }[] }) =>
  v.issues.map((i) => [i.code, i.path, i.params]);

describe('verifyLedger: a sound ledger', () => {
  it('every member an entry may carry is accepted; the replay gives the balances it was written with', () => {
    const { l, es } = full();
    const v = verifyLedger(es, { anchor: l.anchor() });
    expect(v).toEqual({ ok: true, count: 5, head: l.anchor().head, issues: [], balances: l.balances() });
    // u: 100 − 40 = 60 g, 5 points claimed; v: 40 − 10 retired = 30 g
    expect(v.balances.u?.g_CO2?.available).toBe('60');
    expect(v.balances.u?.point).toMatchObject({ available: '5', pending: '0' });
    expect(v.balances.v?.g_CO2).toMatchObject({ available: '30', retired: '10' });
  });

  it('an empty ledger verifies, against the genesis anchor', () => {
    expect(verifyLedger([], { anchor: { count: 0, head: GENESIS } })).toEqual({
      ok: true,
      count: 0,
      head: GENESIS,
      issues: [],
      balances: {},
    });
  });

  it('the options reach the replay: hash function, double-credit store, registry policy', () => {
    const salted = (s: string) => sha256Hex(`salt:${s}`);
    const { l, es } = full({ hash: salted });
    expect(verifyLedger(es, { hash: salted, anchor: l.anchor() }).ok).toBe(true);
    // under the default hash every entry mismatches
    expect(verifyLedger(es).issues.filter((i) => i.code === 'LEDGER_HASH_MISMATCH').length).toBe(5);
    const credited = new Map<string, number>();
    expect(verifyLedger(full().es, { credited }).ok).toBe(true);
    // ref a credited in g CO₂ (bit 2) and points (bit 1); the transfer's and the retirement's refs (RECORD_BIT 8)
    expect([...credited]).toEqual([
      ['a', 3],
      ['transfer:t', 8],
      ['retire:r', 8],
    ]);
    // points move only under a rule set that makes them transferable
    const policy = registryPolicy(ruleSetWith({ transferable: ['point', 'g_CO2'] }));
    const pl = new Ledger({ policy });
    const pes = [
      pl.append({ type: 'issue', ts: T(1), amount: 5, unit: 'point', to: 'u', ref: 'a' }),
      pl.append({ type: 'transfer', ts: T(2), amount: 2, unit: 'point', from: 'u', to: 'v', ref: 't' }),
    ];
    expect(verifyLedger(pes, { policy }).ok).toBe(true);
    // without it, the transfer names a rule set the replay does not have
    expect(issuesOf(verifyLedger(pes))).toEqual([
      ['LEDGER_RULES_MISMATCH', [1], { given: 'test-rules@1.0.0', expected: '(none)' }],
    ]);
  });

  it('the asynchronous form gives the same verification', async () => {
    const { l, es } = full();
    async function* stream() {
      for (const e of es) yield e;
    }
    expect(await verifyLedgerAsync(stream(), { anchor: l.anchor() })).toEqual(
      verifyLedger(es, { anchor: l.anchor() }),
    );
    const broken = [es[0] as Entry, es[2] as Entry];
    expect(await verifyLedgerAsync(broken, { anchor: l.anchor() })).toEqual(
      verifyLedger(broken, { anchor: l.anchor() }),
    );
    expect((await verifyLedgerAsync(broken)).ok).toBe(false);
  });
});

describe('verifyLedger: what it names in a broken ledger', () => {
  it('members no entry has, each named', () => {
    const { es } = full();
    const v = verifyLedger([{ ...es[0], bonus: '1', note: 'x' } as unknown as Entry, ...es.slice(1)]);
    // the hash covers the known members only: the added ones are caught by name, nothing else is wrong
    expect(issuesOf(v)).toEqual([['LEDGER_ENTRY_INVALID', [0], { detail: 'unknown member(s) bonus, note' }]]);
    expect(v.ok).toBe(false);
  });

  it('a dropped entry: the next one’s seq; an edited one re-hashed: the next one’s prev', () => {
    const { es } = full();
    // entry 1 dropped: entry 2 arrives at position 1; the claim then finds no pending issue
    const dropped = verifyLedger([es[0] as Entry, ...es.slice(2)]);
    expect(dropped.issues[0]).toMatchObject({
      code: 'LEDGER_CHAIN_BROKEN',
      path: [1],
      params: { seq: 1, partition: '', detail: 'seq is 2, expected 1' },
    });
    const edited = rechain([{ ...(es[0] as Entry), amount: '90' }], 0).concat(es.slice(1));
    expect(issuesOf(verifyLedger(edited))).toEqual([
      ['LEDGER_CHAIN_BROKEN', [1], { seq: 1, partition: '', detail: 'prev is not the previous hash' }],
    ]);
  });

  it('a time not written in the normalised form breaks the hash, even hashed as written', () => {
    const { es } = full();
    const body = { ...bodyOf(es[0] as Entry), ts: T(1) };
    const e0 = { ...body, prev: GENESIS, hash: entryHash(body, GENESIS) };
    expect(issuesOf(verifyLedger(rechain([e0, ...es.slice(1)], 1)))).toEqual([
      ['LEDGER_HASH_MISMATCH', [0], { seq: 0, partition: '' }],
    ]);
  });

  it('an entry the replay refuses is named where it stands, and the replay goes on', () => {
    const { es } = full();
    // a second credit of ref a in g CO₂, inserted after the first and re-chained
    const forged = rechain(
      [
        es[0] as Entry,
        { ...(es[0] as Entry), seq: 1, to: 'w' },
        ...es.slice(1).map((e) => ({ ...e, seq: e.seq + 1 })),
      ],
      1,
    );
    const v = verifyLedger(forged);
    expect(issuesOf(v)).toEqual([['LEDGER_DOUBLE_CREDIT', [1], { ref: 'a', unit: 'g_CO2' }]]);
    expect(v.count).toBe(6);
    expect(v.balances.v?.g_CO2?.available).toBe('30');
    expect(v.balances.w).toBeUndefined();
  });

  it('the anchor: its count and head are both checked', () => {
    const { l, es } = full();
    const { head } = l.anchor();
    const short = verifyLedger(es.slice(0, 4), { anchor: l.anchor() });
    expect(issuesOf(short)).toEqual([
      [
        'LEDGER_HEAD_MISMATCH',
        [],
        { detail: `anchor 5 entries / ${head}, ledger 4 entries / ${(es[3] as Entry).hash}` },
      ],
    ]);
    expect(short).toMatchObject({ ok: false, count: 4, head: (es[3] as Entry).hash });
    const other = verifyLedger(es, { anchor: { count: 5, head: GENESIS } });
    expect(other.issues.map((i) => i.code)).toEqual(['LEDGER_HEAD_MISMATCH']);
    expect(verifyLedger(es, { anchor: { count: 4, head } }).issues.map((i) => i.code)).toEqual([
      'LEDGER_HEAD_MISMATCH',
    ]);
  });

  it('an entry without a hash leaves the head empty', () => {
    const { es } = full();
    const { hash: _h, ...last } = es[4] as Entry;
    const v = verifyLedger([...es.slice(0, 4), last as Entry]);
    expect(v.head).toBe('');
    expect(v.issues.map((i) => i.code)).toEqual(['LEDGER_HASH_MISMATCH']);
  });

  it('what is not an entry at all is LEDGER_ENTRY_INVALID at its index, and the entries after it are read', () => {
    const { es } = full();
    const v = verifyLedger([es[0] as Entry, null, 7, []] as unknown as Entry[]);
    expect(v.issues.map((i) => [i.code, i.path, i.params?.detail])).toEqual([
      ['LEDGER_ENTRY_INVALID', [1], 'an entry is an object, not null'],
      ['LEDGER_ENTRY_INVALID', [2], 'an entry is an object, not number'],
      ['LEDGER_ENTRY_INVALID', [3], 'an entry is an object, not an array'],
    ]);
  });

  it('an error that is not gepkit’s, met while reading an entry, is thrown as it is', () => {
    const trap = {
      get type(): string {
        throw new RangeError('a member that cannot be read');
      },
    };
    expect(() => verifyLedger([trap as unknown as Entry])).toThrow(RangeError);
  });

  it('entries that are no list are LEDGER_ENTRY_INVALID at entries, for each reader of entries', async () => {
    const refusal = async (f: () => unknown) => {
      try {
        await f();
      } catch (e) {
        const i = (e as { issues?: { code: string; path: unknown[]; params?: { detail?: string } }[] })
          .issues?.[0];
        return [i?.code, i?.path, i?.params?.detail];
      }
      return undefined;
    };
    for (const f of [verifyLedger, verifyLedgerAsync, foldBalances] as ((e: unknown) => unknown)[]) {
      expect(await refusal(() => f(null))).toEqual([
        'LEDGER_ENTRY_INVALID',
        ['entries'],
        'expected iterable, received null',
      ]);
      expect(await refusal(() => f('ab'))).toEqual([
        'LEDGER_ENTRY_INVALID',
        ['entries'],
        'expected iterable, received string',
      ]);
      expect(await refusal(() => f([]))).toBeUndefined();
    }
  });
});

describe('Verifier and foldBalances', () => {
  it('the replayed state can be read while verifying', () => {
    const { es } = full();
    const v = new Verifier();
    for (const e of es.slice(0, 2)) v.push(e);
    // after the two issues: u holds the 100 g lot of the 20th, the 5 points are pending
    expect(holdingRecords(v.replayed(), 'u')).toEqual([
      {
        account: 'u',
        unit: 'g_CO2',
        available: '100',
        pending: '0',
        expired: '0',
        redeemed: '0',
        retired: '0',
        lots: [{ expiresAt: Z(20), amount: '100' }],
      },
      {
        account: 'u',
        unit: 'point',
        available: '0',
        pending: '5',
        expired: '0',
        redeemed: '0',
        retired: '0',
        lots: [],
      },
    ]);
    expect(v.finish()).toMatchObject({ ok: true, count: 2, head: (es[1] as Entry).hash });
  });

  it('foldBalances folds entries or bodies, under the policy given', () => {
    const { l, es } = full();
    expect(foldBalances(es)).toEqual(l.balances());
    expect(foldBalances(es.map(bodyOf))).toEqual(l.balances());
    const policy = registryPolicy(ruleSetWith({ transferable: ['point'] }));
    const pl = new Ledger({ policy });
    const pes = [
      pl.append({ type: 'issue', ts: T(1), amount: 5, unit: 'point', to: 'u', ref: 'a' }),
      pl.append({ type: 'transfer', ts: T(2), amount: 2, unit: 'point', from: 'u', to: 'v', ref: 't' }),
    ];
    // 5 − 2 = 3 stay with u
    expect(foldBalances(pes, policy).u?.point?.available).toBe('3');
    expect(() => foldBalances(pes)).toThrow(/LEDGER_RULES_MISMATCH/);
  });
});

describe('Verifier: one partition of a partitioned ledger', () => {
  const CERT = {
    verifier: 'v',
    vintage: '2024',
    methodology: 'm@1',
    factorSets: `sha256:${'0'.repeat(64)}`,
  };
  /** Partition 2 of 4: its entries carry the partition, its tonnes are numbered from 2 × 10¹² + 1. */
  const part2 = () => {
    const l = new Ledger({ partitions: 4, partition: 2 });
    const es = [
      l.append({ type: 'issue', ts: T(1), amount: 3_000_000, unit: 'g_CO2', to: 'org:a', ref: 'x' }),
      l.append({
        type: 'certify',
        ts: T(2),
        amount: 3,
        unit: 't_CO2',
        from: 'org:a',
        to: 'org:a',
        ref: 'c',
        meta: CERT,
      }),
    ];
    return { l, es };
  };

  it('replays the partition’s entries, serial numbers in the partition’s range', () => {
    const { l, es } = part2();
    expect(es.map((e) => e.partition)).toEqual([2, 2]);
    // 2 × 10¹² + 1 … 2 × 10¹² + 3
    expect(es[1]?.meta?.serials).toBe('2000000000001-2000000000003');
    const v = new Verifier(undefined, undefined, undefined, 2);
    for (const e of es) v.push(e);
    expect(v.finish(l.anchor())).toMatchObject({ ok: true, count: 2, issues: [] });
    // replayed as a one-partition ledger the same entries claim the wrong serial numbers
    const one = new Verifier();
    for (const e of es) one.push(e);
    expect(one.finish().issues.map((i) => [i.code, i.params])).toEqual([
      ['LEDGER_SERIAL_MISMATCH', { expected: '1-3', given: '2000000000001-2000000000003' }],
    ]);
  });

  it('issues are placed where the caller says the entry stands in its input, with the partition', () => {
    const { es } = part2();
    const v = new Verifier(undefined, undefined, undefined, 2);
    v.push(es[0] as Entry, 7);
    v.push({ ...(es[1] as Entry), amount: '4' }, 9);
    expect(v.finish().issues.map((i) => [i.code, i.path])).toEqual([
      // the amount edited: the hash breaks, and 4 t would be numbered to …004, not the …003 written
      ['LEDGER_HASH_MISMATCH', [9, 'partition', 2]],
      ['LEDGER_SERIAL_MISMATCH', [9, 'partition', 2]],
    ]);
  });
});

describe('the legs of a record crossing partitions, in one chain', () => {
  /** user:u1 (partition 1) gets 150 g and transfers 100 g to user:u2 (partition 0): partition 1's [issue, debit leg]. */
  const legs = () => {
    const p0 = new Ledger({ partitions: 2, partition: 0 });
    const p1 = new Ledger({ partitions: 2, partition: 1 });
    const i = p1.append({ type: 'issue', ts: T(1), amount: 150n, unit: 'g_CO2', to: 'user:u1', ref: 'a1' });
    const [d, c] = p1.appendPair(
      { type: 'transfer', ts: T(2), amount: 100n, unit: 'g_CO2', from: 'user:u1', to: 'user:u2', ref: 't-1' },
      p0,
    );
    return { p0, p1, i, d, c };
  };

  it('a partition’s verifier replays its legs: the debit leg debits, the credit leg credits', () => {
    const { p0, p1, i, d, c } = legs();
    const v1 = new Verifier(sha256Hex, undefined, undefined, 1);
    v1.push(i);
    v1.push(d);
    expect(v1.finish(p1.anchor())).toMatchObject({ ok: true, issues: [], balances: p1.balances() });
    const v0 = new Verifier(sha256Hex, undefined, undefined, 0);
    v0.push(c);
    expect(v0.finish(p0.anchor())).toMatchObject({ ok: true, issues: [], balances: p0.balances() });
    // 150 − 100 = 50 g with u1 in partition 1, 100 g with u2 in partition 0
    expect(p1.balances()['user:u1']?.g_CO2?.available).toBe('50');
    expect(p0.balances()['user:u2']?.g_CO2?.available).toBe('100');
  });

  it('a partition’s verifier names its partition in a chain issue; one of one partition names none', () => {
    const { i, d } = legs();
    const v1 = new Verifier(sha256Hex, undefined, undefined, 1);
    // the debit leg without the issue before it: seq 1 where 0 is expected, and nothing to debit
    v1.push(d);
    expect(v1.finish().issues.map((x) => [x.code, x.path, x.params])).toEqual([
      ['LEDGER_CHAIN_BROKEN', [0, 'partition', 1], { seq: 0, partition: 1, detail: 'seq is 1, expected 0' }],
      [
        'LEDGER_INSUFFICIENT',
        [0, 'partition', 1],
        { account: 'user:u1', unit: 'g_CO2', available: '0', amount: '100' },
      ],
    ]);
    const v = new Verifier();
    v.push({ ...i, seq: 3 });
    expect(v.finish().issues[0]?.params).toEqual({ seq: 0, partition: '', detail: 'seq is 3, expected 0' });
  });

  it('a leg in a ledger of one partition is refused (LEDGER_ENTRY_INVALID) and not replayed', () => {
    const { i, d } = legs();
    // the partition member dropped and the chain re-hashed: a one-partition ledger of [issue, debit leg]
    const one = rechain([i, d].map((e) => ({ ...e, partition: undefined }) as unknown as Entry).map(strip));
    const r = verifyLedger(one);
    expect(r.issues.map((x) => [x.code, x.path, x.params])).toEqual([
      ['LEDGER_ENTRY_INVALID', [1], { detail: 'a leg in a ledger of one partition' }],
    ]);
    expect(r.issues[0]?.message.en).toBe('Invalid ledger entry: a leg in a ledger of one partition');
    // the debit leg took nothing: u1 keeps its 150 g
    expect(r.balances).toEqual({
      'user:u1': { g_CO2: { available: '150', pending: '0', expired: '0', redeemed: '0', retired: '0' } },
    });
  });
});

/** An entry without its undefined members (as a stored entry has none). */
const strip = (e: Entry): Entry =>
  Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as unknown as Entry;
