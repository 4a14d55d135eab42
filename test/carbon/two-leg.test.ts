import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { CarbonBatch, type LineResult } from '../../src/carbon/batch';
import { type Entry, GENESIS, bodyOf, entryHash } from '../../src/carbon/ledger/entry';
import { Ledger } from '../../src/carbon/ledger/ledger';
import { accountPartition, partitionOf } from '../../src/carbon/ledger/partition';
import { PartitionedVerifier } from '../../src/carbon/ledger/partitioned';
import { verifyLedger } from '../../src/carbon/ledger/verify';
import { type LedgerStore, MemoryLedgerStore } from '../../src/carbon/store';
import { openPostgresStore } from '../../src/carbon/store-postgres-node';
import { openSqliteStore, sqliteLedgerPath } from '../../src/carbon/store-sqlite-node';
import { StoredBatch } from '../../src/carbon/stored-batch';
import { verifyStore } from '../../src/carbon/verify-store';
import { carbonCli } from './cli-helpers';
import { CERTIFIED, RETIRED } from './helpers';
import { pgSchemaUrl, testPostgres } from './store-helpers';

/**
 * Two-leg booking (docs/adr/0056-two-leg-booking.md) in a ledger of two partitions. partitionOf of 2: u1 → 1,
 * u2 → 0; every other account (org:…) is in partition 0. A transfer or aggregate from an account of one partition
 * to one of the other is two entries: a debit leg in the payer's chain and a credit leg in the payee's, carrying
 * the lots the debit took.
 */

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const sqliteDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'gepkit-two-leg-'));
  dirs.push(d);
  return d;
};

const PG_URL = testPostgres('two-leg.test.ts');

const amounts = (available: string, expired = '0') => ({
  available,
  pending: '0',
  expired,
  redeemed: '0',
  retired: '0',
});
const rec = (record: object, user?: string) =>
  JSON.stringify(user === undefined ? { record } : { record, user });
const codes = (rs: readonly LineResult[]) =>
  rs.map((r) => [r.line, r.ok, ...r.issues.map((i) => [i.code, i.path])]);
const EXPIRY = '2025-01-01T00:00:00.000Z';

const issue = (to: string, amount: string, ref: string, expiresAt?: string) => ({
  type: 'issue',
  ts: '2024-05-01T00:00:00Z',
  amount,
  unit: 'g_CO2',
  to,
  ref,
  ...(expiresAt !== undefined ? { expiresAt } : {}),
});
const move = (type: string, ts: string, from: string, to: string, amount: string, ref: string) => ({
  type,
  ts,
  amount,
  unit: 'g_CO2',
  from,
  to,
  ref,
});

/**
 * The scenario. user:u1 (partition 1) gets 100 g expiring 2025-01-01 and 50 g that never expire; user:u2
 * (partition 0) 200 g.
 *   4  u1 → user:u2 120 g (crossing): the debit takes the earliest-expiring lots first, 100 g @2025-01-01 and
 *      20 g of the 50 g @never; u1 keeps 150 − 120 = 30 g, u2 holds 200 + 120 = 320 g.
 *   5  u1 aggregates its 30 g into org:ent (crossing): u1 0 g, org:ent 30 g @never.
 *   6  u2 aggregates 250 g into org:ent (partition 0, one entry): u2's lots 100 @2025-01-01, 220 @never give
 *      100 + 150; u2 keeps 320 − 250 = 70 g, org:ent 30 + 250 = 280 g of which 100 g expire on 2025-01-01.
 *   7  org:ent transfers 180 g to org:b on 2025-01-02 (partition 0): the 100 g lot expired at its time, so the
 *      180 g @never pay (280 − 100 = 180 usable), and the expiry is booked after it: org:ent 0 available,
 *      100 expired; org:b 180 g.
 */
const LINES = [
  rec(issue('user:u1', '100', 'pool-a', EXPIRY), 'u1'),
  rec(issue('user:u1', '50', 'pool-b'), 'u1'),
  rec(issue('user:u2', '200', 'pool-c'), 'u2'),
  rec(move('transfer', '2024-05-02T00:00:00Z', 'user:u1', 'user:u2', '120', 't-1'), 'u1'),
  rec(move('aggregate', '2024-05-03T00:00:00Z', 'user:u1', 'org:ent', '30', 'agg-1')),
  rec(move('aggregate', '2024-05-04T00:00:00Z', 'user:u2', 'org:ent', '250', 'agg-1')),
  rec(move('transfer', '2025-01-02T00:00:00Z', 'org:ent', 'org:b', '180', 't-2')),
];
const BALANCES = {
  'org:b': { g_CO2: amounts('180') },
  'org:ent': { g_CO2: amounts('0', '100') },
  'user:u1': { g_CO2: amounts('0') },
  'user:u2': { g_CO2: amounts('70') },
};

it('the partitions of the users and accounts these cases use', () => {
  expect(['u1', 'u2'].map((u) => partitionOf(u, 2))).toEqual([1, 0]);
  expect(['user:u1', 'user:u2', 'org:ent', 'org:b'].map((a) => accountPartition(a, 2))).toEqual([1, 0, 0, 0]);
});

describe('a transfer and an aggregate across partitions, in memory', () => {
  const b = new CarbonBatch({ partitions: 2 });
  const results = LINES.map((l, i) => b.process(l, i + 1) as LineResult);
  const entries = results.flatMap((r) => r.entries);

  it('books each crossing record as a debit leg and a credit leg naming each other', () => {
    expect(codes(results)).toEqual(LINES.map((_, i) => [i + 1, true]));
    // partition 1: pool-a (seq 0), pool-b (1), t-1 debit (2), agg-1 debit (3); partition 0: pool-c (0), t-1 credit
    // (1), agg-1 credit (2), u2's aggregate (3), t-2 (4), the expiry of org:ent's lot (5)
    const [debit, credit] = results[3]?.entries as Entry[];
    expect([debit?.partition, debit?.seq, debit?.leg, debit?.pair]).toEqual([1, 2, 'debit', '0:1']);
    expect([credit?.partition, credit?.seq, credit?.leg, credit?.pair]).toEqual([0, 1, 'credit', '1:2']);
    // 120 g = 100 g @2025-01-01 + 20 g @never, earliest expiry first, on both legs
    expect(debit?.lots).toBe(`100@${EXPIRY},20@never`);
    expect(credit?.lots).toBe(debit?.lots);
    expect({ ...bodyOf(credit as Entry), seq: 0, partition: 0, leg: 'debit', pair: '' }).toEqual({
      ...bodyOf(debit as Entry),
      seq: 0,
      partition: 0,
      leg: 'debit',
      pair: '',
    });
    const agg = results[4]?.entries as Entry[];
    expect(agg.map((e) => [e.type, e.partition, e.seq, e.leg, e.pair, e.lots])).toEqual([
      ['aggregate', 1, 3, 'debit', '0:2', '30@never'],
      ['aggregate', 0, 2, 'credit', '1:3', '30@never'],
    ]);
    // within partition 0: one entry, no leg
    expect(results[5]?.entries.map((e) => [e.partition, e.leg])).toEqual([[0, undefined]]);
    // t-2, then the expiry of the 100 g lot org:ent got from u2 (u1's lot, carried by the legs)
    expect(results[6]?.entries.map((e) => [e.type, e.from, e.amount, e.ref])).toEqual([
      ['transfer', 'org:ent', '180', 't-2'],
      ['expire', 'org:ent', '100', `lot:${EXPIRY}`],
    ]);
  });

  it('balances per account; 4 + 6 entries in the two chains', () => {
    const s = b.summary();
    expect(s.balances).toEqual(BALANCES);
    expect(s.ledger.partitions?.map((p) => p.count)).toEqual([6, 4]);
  });

  it('verifies: every leg has its other leg', () => {
    const v = new PartitionedVerifier(2);
    for (const e of entries) v.push(e);
    const done = v.finish(b.summary().ledger);
    expect(done.issues).toEqual([]);
    expect(done.balances).toEqual(BALANCES);
  });

  it('a one-partition ledger books the same lines as single entries, no leg member in any', () => {
    const one = new CarbonBatch();
    const rs = LINES.map((l, i) => one.process(l, i + 1) as LineResult);
    expect(codes(rs)).toEqual(LINES.map((_, i) => [i + 1, true]));
    const all = rs.flatMap((r) => r.entries);
    // 3 issues, 4 records, 1 expiry
    expect(all).toHaveLength(8);
    for (const e of all) expect(['leg', 'pair', 'lots', 'partition'].filter((k) => k in e)).toEqual([]);
    expect(one.summary().balances).toEqual(BALANCES);
  });
});

describe('refusals', () => {
  it('a crossing record earlier than the payee partition’s clock is refused, nothing written in either', () => {
    const b = new CarbonBatch({ partitions: 2 });
    const lines = [
      rec(issue('user:u1', '100', 'pool-a')),
      // partition 0's clock moves to 2024-06-01
      rec({ ...issue('org:x', '5', 'pool-x'), ts: '2024-06-01T00:00:00Z' }),
      // after partition 1's last entry (2024-05-01), before partition 0's
      rec(move('aggregate', '2024-05-15T00:00:00Z', 'user:u1', 'org:ent', '10', 'agg-1')),
    ];
    const rs = lines.map((l, i) => b.process(l, i + 1) as LineResult);
    expect(codes(rs)).toEqual([
      [1, true],
      [2, true],
      [3, false, ['CARBON_TIMESTAMP_ORDER', ['line', 3, 'record', 'ts']]],
    ]);
    expect(rs[2]?.issues[0]?.params).toMatchObject({ previous: '2024-06-01T00:00:00.000Z' });
    expect(b.summary().ledger.partitions?.map((p) => p.count)).toEqual([1, 1]);
    // The ledger itself refuses the pair the same (LEDGER_TIMESTAMP_ORDER), before either leg is booked.
    const [p0, p1] = b.ledgers as [Ledger, Ledger];
    expect(() =>
      p1.appendPair(
        {
          ...move('aggregate', '2024-05-15T00:00:00Z', 'user:u1', 'org:ent', '10', 'agg-1'),
          unit: 'g_CO2',
        } as never,
        p0,
      ),
    ).toThrow(expect.objectContaining({ code: 'LEDGER_TIMESTAMP_ORDER' }));
    expect([p0.state.seq, p1.state.seq]).toEqual([1, 1]);
  });

  it('too little to move, a retried ref, legs given by the caller: refused, nothing written', () => {
    const b = new CarbonBatch({ partitions: 2 });
    const lines = [
      rec(issue('user:u1', '100', 'pool-a')),
      rec(move('transfer', '2024-05-02T00:00:00Z', 'user:u1', 'user:u2', '101', 't-1')),
      rec(move('transfer', '2024-05-02T00:00:00Z', 'user:u1', 'user:u2', '60', 't-1')),
      // the same ref again (u1 has 100 − 60 = 40 g): a retried request
      rec(move('transfer', '2024-05-02T00:00:00Z', 'user:u1', 'user:u2', '10', 't-1')),
      rec({
        ...move('transfer', '2024-05-02T00:00:00Z', 'user:u1', 'user:u2', '10', 't-2'),
        leg: 'credit',
        pair: '1:1',
        lots: '10@never',
      }),
      // an offset or certification from a user's account to an enterprise's stays refused
      rec({
        ...move('offset', '2024-05-02T00:00:00Z', 'user:u1', 'ent:e', '10', 'o-1'),
        meta: { period: '2023' },
      }),
    ];
    const rs = lines.map((l, i) => b.process(l, i + 1) as LineResult);
    expect(codes(rs)).toEqual([
      [1, true],
      [2, false, ['LEDGER_INSUFFICIENT', ['line', 2, 'record']]],
      [3, true],
      [4, false, ['LEDGER_RECORD_DUPLICATE', ['line', 4, 'record', 'ref']]],
      // the ledger writes leg, pair and lots itself: a caller's are unknown members of the record
      [5, false, ['LEDGER_ENTRY_INVALID', ['line', 5, 'record', 'leg']]],
      [6, false, ['LEDGER_PARTITION_CROSSING', ['line', 6, 'record', 'to']]],
    ]);
    expect(b.summary().balances).toEqual({
      'user:u1': { g_CO2: amounts('40') },
      'user:u2': { g_CO2: amounts('60') },
    });
  });

  it('a run holding one of the two partitions refuses the crossing (LEDGER_PARTITION_CROSSING); one holding both books it', async () => {
    const store = new MemoryLedgerStore({ partitions: 2 });
    const lines = [
      rec(issue('user:u1', '100', 'pool-a')),
      rec(move('aggregate', '2024-05-02T00:00:00Z', 'user:u1', 'org:ent', '40', 'agg-1')),
    ];
    const one = await StoredBatch.open(store, { only: [1] });
    const rs = await one.processChunk(lines, 1);
    expect(codes(rs)).toEqual([
      [1, true],
      [2, false, ['LEDGER_PARTITION_CROSSING', ['line', 2, 'record', 'to']]],
    ]);
    expect(rs[1]?.issues[0]?.message.en).toBe(
      'The record moves from partition 1 to the account org:ent of partition 0, which this run does not hold: both legs of a record crossing partitions are appended together',
    );
    expect(rs[1]?.issues[0]?.hint).toContain('only: [1, 0]');
    // the writer of partition 0 alone passes the line over (it is partition 1's, the payer's)
    const zero = await StoredBatch.open(store, { only: [0] });
    expect(await zero.processChunk(lines.slice(1), 2)).toEqual([]);
    const both = await StoredBatch.open(store, { only: [0, 1] });
    expect(codes(await both.processChunk(lines.slice(1), 2))).toEqual([[2, true]]);
    // 100 − 40 = 60 g left with u1, 40 g in org:ent
    expect(await store.balances()).toEqual({
      'org:ent': { g_CO2: amounts('40') },
      'user:u1': { g_CO2: amounts('60') },
    });
    expect((await verifyStore(store)).issues).toEqual([]);
  });
});

describe('verification of the pairs', () => {
  /** user:u1 (partition 1) gets 150 g and transfers 100 g to user:u2 (partition 0): [issue, debit, credit]. */
  const pair = (): Entry[] => {
    const p0 = new Ledger({ partitions: 2, partition: 0 });
    const p1 = new Ledger({ partitions: 2, partition: 1 });
    const i = p1.append({
      type: 'issue',
      ts: '2024-05-01T00:00:00Z',
      amount: 150n,
      unit: 'g_CO2',
      to: 'user:u1',
      ref: 'a1',
    });
    const [d, c] = p1.appendPair(
      {
        type: 'transfer',
        ts: '2024-05-02T00:00:00Z',
        amount: 100n,
        unit: 'g_CO2',
        from: 'user:u1',
        to: 'user:u2',
        ref: 't-1',
      },
      p0,
    );
    return [i, d, c];
  };
  const verify = (es: readonly Entry[]) => {
    const v = new PartitionedVerifier(2);
    for (const e of es) v.push(e);
    return v.finish();
  };

  it('the pair verifies: u1 150 − 100 = 50 g, u2 100 g', () => {
    const v = verify(pair());
    expect(v.issues).toEqual([]);
    expect(v.balances).toEqual({ 'user:u1': { g_CO2: amounts('50') }, 'user:u2': { g_CO2: amounts('100') } });
  });

  it('a credit leg altered (101 g, its lots too) and its chain re-hashed: LEDGER_LEG_UNMATCHED naming the members', () => {
    const [i, d, c] = pair() as [Entry, Entry, Entry];
    const forged = { ...bodyOf(c), amount: '101', lots: '101@never' };
    // the credit leg is partition 0's first entry: prev = GENESIS, its hash recomputed
    const e = { ...forged, prev: GENESIS, hash: entryHash(forged, GENESIS) } as Entry;
    const v = verify([i, d, e]);
    expect(v.issues.map((x) => [x.code, x.path, x.params])).toEqual([
      [
        'LEDGER_LEG_UNMATCHED',
        [2, 'partition', 0],
        { leg: 'credit', members: 'amount, lots', otherPartition: '1', otherSeq: '1', partition: 0, seq: 0 },
      ],
    ]);
    expect(v.issues[0]?.message.en).toBe(
      'Ledger entry 0 of partition 0 is the credit leg of a record crossing partitions, and its debit leg, entry 1 of partition 1, differs in amount, lots (a leg was altered)',
    );
  });

  it('a missing credit leg: LEDGER_LEG_UNMATCHED at the debit leg', () => {
    const [i, d] = pair() as [Entry, Entry];
    const v = verify([i, d]);
    expect(v.issues.map((x) => [x.code, x.path])).toEqual([['LEDGER_LEG_UNMATCHED', [1, 'partition', 1]]]);
    expect(v.issues[0]?.message).toEqual({
      zh: '分区 1 的第 1 条账本条目是跨分区记录的借方分录，但分区 0 的第 0 条不是与之配对的贷方分录（分录缺失）',
      en: 'Ledger entry 1 of partition 1 is the debit leg of a record crossing partitions, but entry 0 of partition 0 is not its credit leg (a leg is missing)',
    });
  });

  it('a credit leg alone (grams out of nothing) is unmatched; a leg in a one-partition ledger is invalid', () => {
    const [, , c] = pair() as [Entry, Entry, Entry];
    expect(verify([c]).issues.map((x) => [x.code, x.path])).toEqual([
      ['LEDGER_LEG_UNMATCHED', [0, 'partition', 0]],
    ]);
    const { partition: _p, ...lone } = bodyOf(c);
    const e = { ...lone, prev: GENESIS, hash: entryHash(lone, GENESIS) } as Entry;
    expect(verifyLedger([e]).issues.map((x) => [x.code, x.params])).toEqual([
      ['LEDGER_ENTRY_INVALID', { detail: 'a leg in a ledger of one partition' }],
    ]);
  });

  it('a debit leg stating other lots than its debit takes is refused by its own chain', () => {
    const [i, d] = pair() as [Entry, Entry];
    const forged = { ...bodyOf(d), lots: '100@2030-01-01T00:00:00.000Z' };
    const e = { ...forged, prev: i.hash, hash: entryHash(forged, i.hash) } as Entry;
    const v = verify([i, e]);
    expect(v.issues.map((x) => [x.code, x.path])).toContainEqual([
      'LEDGER_ENTRY_INVALID',
      [1, 'partition', 1, 'lots'],
    ]);
  });
});

describe('certified tonnes across partitions: the serials go with the legs', () => {
  /**
   * org:p (partition 0) certifies 2 t from 2,000,000 g (serials 1-2), transfers 1 t to user:u1 (partition 1): the
   * lowest serial, 1-1, on both legs; user:u1 then retires it in partition 1 (serials 1-1 out of circulation) and
   * org:p keeps 2-2.
   */
  const lines = [
    rec({ ...issue('org:p', '2000000', 'pool'), ts: '2024-05-01T00:00:00Z' }),
    rec({
      type: 'certify',
      ts: '2024-05-02T00:00:00Z',
      amount: '2',
      unit: 't_CO2',
      from: 'org:p',
      to: 'org:p',
      ref: 'C1',
      meta: CERTIFIED,
    }),
    rec({ ...move('transfer', '2024-05-03T00:00:00Z', 'org:p', 'user:u1', '1', 't-1'), unit: 't_CO2' }),
    rec(
      {
        type: 'retire',
        ts: '2024-05-04T00:00:00Z',
        amount: '1',
        unit: 't_CO2',
        from: 'user:u1',
        ref: 'r-1',
        meta: RETIRED,
      },
      'u1',
    ),
  ];

  it('books, retires and verifies', () => {
    const b = new CarbonBatch({ partitions: 2 });
    const rs = lines.map((l, i) => b.process(l, i + 1) as LineResult);
    expect(codes(rs)).toEqual([1, 2, 3, 4].map((n) => [n, true]));
    expect(rs[2]?.entries.map((e) => [e.partition, e.leg, e.meta?.serials, e.lots])).toEqual([
      [0, 'debit', '1-1', '1@never'],
      [1, 'credit', '1-1', '1@never'],
    ]);
    expect(rs[3]?.entries[0]?.meta?.serials).toBe('1-1');
    const [p0, p1] = b.ledgers as [Ledger, Ledger];
    expect([...p0.state.registry.held]).toEqual([['org:p', [[2n, 2n]]]]);
    expect([...p1.state.registry.held]).toEqual([]);
    const v = new PartitionedVerifier(2);
    for (const e of rs.flatMap((r) => r.entries)) v.push(e);
    expect(v.finish().issues).toEqual([]);
  });

  it('a credit leg naming other serials (re-hashed) is unmatched in meta', () => {
    const b = new CarbonBatch({ partitions: 2 });
    const es = lines.slice(0, 3).flatMap((l, i) => (b.process(l, i + 1) as LineResult).entries);
    const c = es[es.length - 1] as Entry;
    const forged = { ...bodyOf(c), meta: { ...c.meta, serials: '2-2' } };
    es[es.length - 1] = { ...forged, prev: GENESIS, hash: entryHash(forged, GENESIS) } as Entry;
    const v = new PartitionedVerifier(2);
    for (const e of es) v.push(e);
    expect(v.finish().issues.map((i) => [i.code, i.params?.members])).toEqual([
      ['LEDGER_LEG_UNMATCHED', 'meta'],
    ]);
  });
});

/** The scenario through a stored ledger, in two runs (lines 1–5, then 6–7 on the reopened store). */
async function storedScenario(open: () => Promise<LedgerStore>, reopen: () => Promise<LedgerStore>) {
  const store = await open();
  const first = await (await StoredBatch.open(store)).processChunk(LINES.slice(0, 5), 1);
  expect(codes(first)).toEqual([1, 2, 3, 4, 5].map((n) => [n, true]));
  await store.close();
  const again = await reopen();
  // after the resume: u1 0 g, u2 320 g, org:ent 30 g (lines 4 and 5)
  expect(await again.balances()).toEqual({
    'org:ent': { g_CO2: amounts('30') },
    'user:u1': { g_CO2: amounts('0') },
    'user:u2': { g_CO2: amounts('320') },
  });
  const second = await (await StoredBatch.open(again)).processChunk(LINES.slice(5), 6);
  expect(codes(second)).toEqual([
    [6, true],
    [7, true],
  ]);
  expect(await again.balances()).toEqual(BALANCES);
  const v = await verifyStore(again);
  expect(v.issues).toEqual([]);
  expect(v.partitions.map((p) => p.count)).toEqual([6, 4]);
  return again;
}

describe('through a stored ledger', () => {
  it('SQLite: balances after a resume, verify passes; a credit leg altered and re-hashed fails it', async () => {
    const dir = sqliteDir();
    const store = await storedScenario(
      () => Promise.resolve(openSqliteStore(dir, { partitions: 2 })),
      () => Promise.resolve(openSqliteStore(dir)),
    );
    await store.close();
    // Alter t-1's credit leg (partition 0, seq 1): 121 g, and re-hash partition 0's chain from there.
    const db = new Database(sqliteLedgerPath(dir));
    const rows = db
      .prepare<[], { pos: number; body: string; prev: string; hash: string }>(
        'SELECT pos, body, prev, hash FROM entries WHERE partition = 0 ORDER BY pos',
      )
      .all();
    let prev = (rows[0] as { hash: string }).hash;
    for (const r of rows.slice(1)) {
      const body = JSON.parse(r.body) as Entry;
      if (body.leg === 'credit' && body.ref === 't-1') {
        body.amount = '121';
        body.lots = `100@${EXPIRY},21@never`;
      }
      const hash = entryHash(body, prev);
      db.prepare('UPDATE entries SET body = ?, prev = ?, hash = ? WHERE pos = ?').run(
        JSON.stringify(body),
        prev,
        hash,
        r.pos,
      );
      prev = hash;
    }
    db.prepare('UPDATE head SET hash = ? WHERE partition = 0').run(prev);
    db.close();
    const tampered = openSqliteStore(dir);
    const v = await verifyStore(tampered);
    expect(v.issues.map((i) => i.code)).toContain('LEDGER_LEG_UNMATCHED');
    expect(v.issues.find((i) => i.code === 'LEDGER_LEG_UNMATCHED')?.params).toMatchObject({
      leg: 'credit',
      members: 'amount, lots',
      partition: 0,
      seq: 1,
    });
    await tampered.close();
  });

  it('SQLite: a credit leg deleted (and the chain after it re-hashed) fails verify', async () => {
    const dir = sqliteDir();
    const store = await storedScenario(
      () => Promise.resolve(openSqliteStore(dir, { partitions: 2 })),
      () => Promise.resolve(openSqliteStore(dir)),
    );
    await store.close();
    const db = new Database(sqliteLedgerPath(dir));
    // agg-1's credit leg: partition 0, seq 2 — drop it, renumber and re-hash partition 0's chain after it
    const rows = db
      .prepare<[], { pos: number; body: string; hash: string }>(
        'SELECT pos, body, hash FROM entries WHERE partition = 0 ORDER BY pos',
      )
      .all();
    let prev = '';
    let seq = 0;
    for (const r of rows) {
      const body = JSON.parse(r.body) as Entry;
      if (body.leg === 'credit' && body.ref === 'agg-1') {
        db.prepare('DELETE FROM entries WHERE pos = ?').run(r.pos);
        continue;
      }
      if (seq < 2) {
        prev = r.hash;
        seq += 1;
        continue;
      }
      body.seq = seq++;
      const hash = entryHash(body, prev);
      db.prepare('UPDATE entries SET body = ?, prev = ?, hash = ? WHERE pos = ?').run(
        JSON.stringify(body),
        prev,
        hash,
        r.pos,
      );
      prev = hash;
    }
    db.prepare('UPDATE head SET seq = ?, hash = ? WHERE partition = 0').run(seq, prev);
    db.close();
    const tampered = openSqliteStore(dir);
    const v = await verifyStore(tampered);
    expect(v.issues.find((i) => i.code === 'LEDGER_LEG_UNMATCHED')?.params).toMatchObject({
      leg: 'debit',
      members: '',
      partition: 1,
      seq: 3,
    });
    await tampered.close();
  });

  it.skipIf(PG_URL === undefined)('PostgreSQL: balances after a resume, verify passes', async () => {
    const url = await pgSchemaUrl(PG_URL as string, 'twoleg');
    const store = await storedScenario(
      () => openPostgresStore(url, { partitions: 2 }),
      () => openPostgresStore(url),
    );
    await store.close();
  });
});

describe('gepkit carbon --ledger DIR --partitions 2, then carbon verify --ledger', () => {
  it('books the crossing records in two runs and verifies', async () => {
    const dir = sqliteDir();
    const ledger = join(dir, 'ledger');
    writeFileSync(join(dir, 'a.jsonl'), `${LINES.slice(0, 5).join('\n')}\n`);
    writeFileSync(join(dir, 'b.jsonl'), `${LINES.slice(5).join('\n')}\n`);
    const args = ['--ledger', ledger, '--now', '2025-06-01T00:00:00Z'];
    const first = await carbonCli([
      join(dir, 'a.jsonl'),
      ...args,
      '--partitions',
      '2',
      '--out-dir',
      join(dir, 'o1'),
    ]);
    expect(first.err).toBe('');
    const second = await carbonCli([join(dir, 'b.jsonl'), ...args, '--out-dir', join(dir, 'o2')]);
    expect(second.err).toBe('');
    const summary = JSON.parse(readFileSync(join(dir, 'o2', 'summary.json'), 'utf8'));
    expect(summary.balances).toEqual(BALANCES);
    const v = await carbonCli(['verify', '--ledger', ledger]);
    expect(v.err).toBe('');
    expect(v.code).toBe(0);
    expect(JSON.parse(v.out)).toMatchObject({ ok: true, count: 10, balances: BALANCES });
  }, 30_000);
});
