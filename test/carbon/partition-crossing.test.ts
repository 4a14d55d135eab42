import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { CarbonBatch, type LineResult } from '../../src/carbon/batch';
import { Decimal } from '../../src/core/decimal';
import { PartitionedVerifier } from '../../src/carbon/ledger/partitioned';
import { Ledger } from '../../src/carbon/ledger/ledger';
import { accountPartition, partitionOf } from '../../src/carbon/ledger/partition';
import { bundledRuleSet } from '../../src/carbon/rules/bundled';
import type { RuleSet } from '../../src/carbon/rules/rules';
import { type LedgerStore, MemoryLedgerStore } from '../../src/carbon/store';
import { StoredBatch } from '../../src/carbon/stored-batch';
import { openSqliteStore, sqliteLedgerPath } from '../../src/carbon/store-sqlite-node';
import { verifyStore } from '../../src/carbon/verify-store';
import { CERTIFIED } from './helpers';
import { pgSchemaUrl, testPostgres } from './store-helpers';
import { openPostgresStore } from '../../src/carbon/store-postgres-node';

/**
 * The reviewer's cases of a ledger of two partitions (ADR 0054). partitionOf of 2: u1 → 1, u2 → 0, u3 → 1,
 * u4 → 0; every account but user:<id> (org:…, ent:…) is in partition 0. A line touches the state of its own
 * partition only, but for a transfer or aggregate between partitions, booked as two legs (ADR 0056): any other
 * that would touch another's is refused at the line (LEDGER_PARTITION_CROSSING), and a certification reference is
 * unique across the partitions (LEDGER_CERTIFICATION_DUPLICATE at the line).
 */

const dirs: string[] = [];
const sqlite = (): { store: LedgerStore; reopen(): LedgerStore; dir: string } => {
  const d = mkdtempSync(join(tmpdir(), 'gepkit-cross-'));
  dirs.push(d);
  return { store: openSqliteStore(d, { partitions: 2 }), reopen: () => openSqliteStore(d), dir: d };
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const PG_URL = testPostgres('partition-crossing.test.ts');
/** The stores a run of some partitions is tested on: memory, and PostgreSQL when a server is given. */
const STORES: { name: string; make(): Promise<LedgerStore> }[] = [
  { name: 'memory', make: () => Promise.resolve(new MemoryLedgerStore({ partitions: 2 })) },
  ...(PG_URL === undefined
    ? []
    : [
        {
          name: 'postgres',
          make: async () => openPostgresStore(await pgSchemaUrl(PG_URL, 'cross'), { partitions: 2 }),
        },
      ]),
];

const amounts = (available: string, retired = '0') => ({
  available,
  pending: '0',
  expired: '0',
  redeemed: '0',
  retired,
});
const ride = (id: string, user: string, ts: string) =>
  JSON.stringify({ id, user, ts, scenario: 'bus', region: '420102', rides: '1' });
const rec = (record: object, user?: string) =>
  JSON.stringify(user === undefined ? { record } : { record, user });
const codes = (rs: readonly LineResult[]) =>
  rs.map((r) => [r.line, r.ok, ...r.issues.map((i) => [i.code, i.path])]);

async function run(store: LedgerStore, lines: readonly string[], rules?: RuleSet): Promise<LineResult[]> {
  const b = await StoredBatch.open(store, rules !== undefined ? { rules } : {});
  return b.processChunk(lines, 1);
}

/** The partitions of the users and accounts below, as the comment above states them. */
it('the partitions of the users and accounts these cases use', () => {
  expect(['u1', 'u2', 'u3', 'u4'].map((u) => partitionOf(u, 2))).toEqual([1, 0, 1, 0]);
  expect(['user:u1', 'user:u2', 'org:ent', 'ent:e', 'org:a'].map((a) => accountPartition(a, 2))).toEqual([
    1, 0, 0, 0, 0,
  ]);
  // one partition: every account in partition 0
  expect(accountPartition('user:u1', 1)).toBe(0);
});

describe('case 1: an account’s holding is never lost (s20, s7)', () => {
  it('a transfer between users of two partitions is booked as two legs; each keeps its own grams across a resume', async () => {
    const { store, reopen } = sqlite();
    const first = await run(store, [
      ride('a1', 'u1', '2024-05-01T07:50:00+08:00'), // 150 g to user:u1 (partition 1)
      ride('a2', 'u2', '2024-05-01T07:51:00+08:00'), // 150 g to user:u2 (partition 0)
      rec(
        {
          type: 'transfer',
          ts: '2024-05-01T09:00:00+08:00',
          amount: '100',
          unit: 'g_CO2',
          from: 'user:u1',
          to: 'user:u2',
          ref: 'gift-1',
        },
        'u1',
      ),
    ]);
    // a debit leg in user:u1's partition 1, a credit leg in user:u2's partition 0
    expect(codes(first)).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    expect(first[2]?.entries.map((e) => [e.partition, e.leg])).toEqual([
      [1, 'debit'],
      [0, 'credit'],
    ]);
    await store.close();
    const again = reopen();
    // u1 150 − 100 = 50 g, u2 150 + 100 = 250 g: the store holds what the state holds
    expect(await again.balances()).toEqual({
      'user:u1': { g_CO2: amounts('50') },
      'user:u2': { g_CO2: amounts('250') },
    });
    // u2's grams survive the resume: 150 g move to a pool of partition 0 (250 − 150 = 100 g left)
    const second = await run(again, [
      rec(
        {
          type: 'transfer',
          ts: '2024-05-02T09:00:00+08:00',
          amount: '150',
          unit: 'g_CO2',
          from: 'user:u2',
          to: 'org:pool',
          ref: 'gift-2',
        },
        'u2',
      ),
    ]);
    expect(codes(second)).toEqual([[1, true]]);
    expect(await again.balances('user:u2')).toEqual({ 'user:u2': { g_CO2: amounts('100') } });
    expect(await again.balances('org:pool')).toEqual({ 'org:pool': { g_CO2: amounts('150') } });
    expect((await verifyStore(again)).issues).toEqual([]);
    await again.close();
  });

  it('an enterprise aggregates from the users of both partitions; its pool is whole on the next run', async () => {
    const { store, reopen } = sqlite();
    const agg = (from: string, ref: string) => ({
      type: 'aggregate',
      ts: '2024-05-01T09:00:00+08:00',
      amount: '150',
      unit: 'g_CO2',
      from,
      to: 'org:ent',
      ref,
    });
    const first = await run(store, [
      ride('a1', 'u1', '2024-05-01T07:50:00+08:00'),
      ride('a2', 'u2', '2024-05-01T07:51:00+08:00'),
      rec(agg('user:u1', 'agg-1'), 'u1'),
      rec(agg('user:u2', 'agg-2'), 'u2'),
      // s7/r1: a pool of 3,000,000 g to org:a (partition 0), then 500 g more named for u1 (partition 1)
      rec({
        type: 'issue',
        ts: '2024-05-01T10:00:00+08:00',
        amount: '3000000',
        unit: 'g_CO2',
        to: 'org:a',
        ref: 'pool-1',
      }),
      rec(
        {
          type: 'issue',
          ts: '2024-05-01T10:00:00+08:00',
          amount: '500',
          unit: 'g_CO2',
          to: 'org:a',
          ref: 'pool-2',
        },
        'u1',
      ),
    ]);
    expect(codes(first)).toEqual([
      [1, true],
      [2, true],
      // user:u1 is in partition 1, org:ent in partition 0: two legs
      [3, true],
      [4, true],
      [5, true],
      // org:a's record is booked in partition 0, its user u1 is in partition 1
      [6, false, ['LEDGER_PARTITION_CROSSING', ['line', 6, 'user']]],
    ]);
    await store.close();
    const again = reopen();
    // s7/r2: 2,000,000 g of org:a's 3,000,000 g move to org:b (3,000,000 − 2,000,000 = 1,000,000 g left)
    const second = await run(again, [
      rec({
        type: 'transfer',
        ts: '2024-05-02T10:00:00+08:00',
        amount: '2000000',
        unit: 'g_CO2',
        from: 'org:a',
        to: 'org:b',
        ref: 't-1',
      }),
    ]);
    expect(codes(second)).toEqual([[1, true]]);
    expect(await again.balances()).toEqual({
      'org:a': { g_CO2: amounts('1000000') },
      'org:b': { g_CO2: amounts('2000000') },
      // user:u1's and user:u2's 150 g aggregated: 150 + 150 = 300 g in org:ent, 0 g left with each
      'org:ent': { g_CO2: amounts('300') },
      'user:u1': { g_CO2: amounts('0') },
      'user:u2': { g_CO2: amounts('0') },
    });
    expect((await verifyStore(again)).issues).toEqual([]);
    await again.close();
  });
});

describe('case 2: emissions, offsets and their cap are the enterprise’s, in one partition (s15)', () => {
  const rules: RuleSet = {
    ...bundledRuleSet('evidence-paths-demo'),
    offsets: { maxShare: new Decimal('0.1'), source: { document: 'test fixture' }, grade: 'assumed' },
  };
  const emissions = (ts: string) => ({
    type: 'emissions',
    ts,
    amount: '1000000',
    unit: 'g_CO2',
    from: 'ent:e',
    ref: 'rep-1',
    meta: { period: '2023', verifier: 'v:y' },
  });
  const offset = (ts: string, from: string, amount: string, ref: string) => ({
    type: 'offset',
    ts,
    amount,
    unit: 'g_CO2',
    from,
    to: 'ent:e',
    ref,
    meta: { period: '2023' },
  });
  const pool = (to: string, ref: string) => ({
    type: 'issue',
    ts: '2024-01-02T10:00:00+08:00',
    amount: '200000',
    unit: 'g_CO2',
    to,
    ref,
  });

  it('a second emissions record of the enterprise is a duplicate; the 10 % cap holds across every offsetter', async () => {
    const { store } = sqlite();
    const results = await run(
      store,
      [
        rec(pool('user:u2', 'pool-1'), 'u2'),
        rec(pool('user:u1', 'pool-2'), 'u1'),
        rec(pool('org:x', 'pool-3')),
        rec(emissions('2024-01-02T10:01:00+08:00')), // E = 1,000,000 g, in ent:e's partition 0
        // user:u1 (partition 1) cannot offset against ent:e (partition 0)
        rec(offset('2024-01-02T10:02:00+08:00', 'user:u1', '100000', 'off-1'), 'u1'),
        // the same emissions named for u1: booked in ent:e's partition 0, refused for its user
        rec(emissions('2024-01-02T10:03:00+08:00'), 'u1'),
        // and without a user: the enterprise's second record for 2023
        rec(emissions('2024-01-02T10:03:00+08:00')),
        // cap = 0.1 × 1,000,000 = 100,000 g: 100,000 × 10 = 1,000,000 ≤ 1 × 1,000,000 passes
        rec(offset('2024-01-02T10:05:00+08:00', 'user:u2', '100000', 'off-3'), 'u2'),
        // one gram more from another offsetter of partition 0: (100,000 + 1) × 10 = 1,000,010 > 1,000,000
        rec(offset('2024-01-02T10:06:00+08:00', 'org:x', '1', 'off-4')),
      ],
      rules,
    );
    expect(codes(results)).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, true],
      [5, false, ['LEDGER_PARTITION_CROSSING', ['line', 5, 'record', 'to']]],
      [6, false, ['LEDGER_PARTITION_CROSSING', ['line', 6, 'user']]],
      [7, false, ['LEDGER_EMISSIONS_DUPLICATE', ['line', 7, 'record']]],
      [8, true],
      [9, false, ['LEDGER_OFFSET_CAP', ['line', 9, 'record']]],
    ]);
    expect(results[8]?.issues[0]?.params).toMatchObject({ cap: '100000', used: '100000', amount: '1' });
    // every emissions and offset entry of ent:e is in partition 0
    const mine = results
      .flatMap((r) => r.entries)
      .filter((e) => e.type === 'emissions' || e.type === 'offset');
    expect(mine.map((e) => [e.type, e.partition])).toEqual([
      ['emissions', 0],
      ['offset', 0],
    ]);
    const v = await verifyStore(store, { rules });
    expect(v.issues).toEqual([]);
    await store.close();
  });
});

describe('case 3: a certification reference is unique across the partitions (s14)', () => {
  const certify = (from: string, ref: string) => ({
    type: 'certify',
    ts: '2024-01-03T10:00:00+08:00',
    amount: '1',
    unit: 't_CO2',
    from,
    to: from,
    ref,
    meta: { ...CERTIFIED, vintage: '2023' },
  });
  const pool = (to: string, ref: string) => ({
    type: 'issue',
    ts: '2024-01-02T10:00:00+08:00',
    amount: '3000000',
    unit: 'g_CO2',
    to,
    ref,
  });
  const lines = [
    rec(pool('org:p', 'pool-1')),
    rec(pool('user:u1', 'pool-2'), 'u1'),
    rec(certify('org:p', 'C1')), // C1 in partition 0: serials 1-1
    rec(certify('user:u1', 'C1'), 'u1'), // C1 again, in partition 1
    rec(certify('user:u1', 'C2'), 'u1'), // a reference of its own: serials 10¹² + 1
    ride('a1', 'u2', '2024-01-03T10:05:00+08:00'),
  ];
  const expected = [
    [1, true],
    [2, true],
    [3, true],
    [4, false, ['LEDGER_CERTIFICATION_DUPLICATE', ['line', 4, 'record']]],
    [5, true],
    [6, true],
  ];

  it('refused at its line, the chunk’s other lines stored; a rerun refuses it the same', async () => {
    const { store, reopen } = sqlite();
    const results = await run(store, lines);
    expect(codes(results)).toEqual(expected);
    expect(results[4]?.entries[0]?.meta?.serials).toBe('1000000000001-1000000000001');
    // 6 lines, 1 refused: 2 issues, 2 certifications, 1 ride = 5 entries stored
    expect((await store.head()).seq).toBe(5);
    // the same in memory, without a store
    const b = new CarbonBatch({ partitions: 2 });
    expect(codes(lines.map((l, i) => b.process(l, i + 1) as LineResult))).toEqual(expected);
    await store.close();
    const again = reopen();
    // a rerun: the stored lines are duplicates of themselves, line 4 is refused as before
    const rerun = await run(again, lines);
    expect(rerun[3]?.issues.map((i) => [i.code, i.path])).toEqual([
      ['LEDGER_CERTIFICATION_DUPLICATE', ['line', 4, 'record']],
    ]);
    expect((await again.head()).seq).toBe(5);
    expect((await verifyStore(again)).issues).toEqual([]);
    await again.close();
  });

  it.each(STORES)(
    'a run holding partition 1 only finds the reference partition 0 used in the $name store',
    async ({ make }) => {
      const store = await make();
      const zero = await StoredBatch.open(store, { only: [0] });
      expect(codes(await zero.processChunk(lines.slice(0, 3), 1))).toEqual([
        [1, true],
        [3, true],
      ]);
      const one = await StoredBatch.open(store, { only: [1] });
      // partition 1's lines 2, 4 and 5 (pool-2, C1 again, C2)
      const picked = [2, 4, 5];
      expect(
        codes(
          await one.processChunk(
            picked.map((n) => lines[n - 1]),
            picked,
          ),
        ),
      ).toEqual([
        [2, true],
        [4, false, ['LEDGER_CERTIFICATION_DUPLICATE', ['line', 4, 'record']]],
        [5, true],
      ]);
      await store.close();
    },
  );

  it.each(STORES)(
    'two writers certifying one reference at once ($name): the later append conflicts, its redo refuses the line',
    async ({ make }) => {
      const store = await make();
      const zero = await StoredBatch.open(store, { only: [0] });
      let raced = false;
      const one = await StoredBatch.open(store, {
        only: [1],
        // After partition 1's chunk is computed (C1 free then), partition 0's writer appends C1 first.
        beforeAppend: async () => {
          if (raced) return;
          raced = true;
          await zero.processChunk(lines.slice(0, 3), 1);
        },
      });
      const picked = [2, 4, 5];
      // the first attempt's append meets the stored C1 (LEDGER_STORE_CONFLICT); the redo finds it and refuses line 4
      expect(
        codes(
          await one.processChunk(
            picked.map((n) => lines[n - 1]),
            picked,
          ),
        ),
      ).toEqual([
        [2, true],
        [4, false, ['LEDGER_CERTIFICATION_DUPLICATE', ['line', 4, 'record']]],
        [5, true],
      ]);
      expect(raced).toBe(true);
      expect((await verifyStore(store)).issues).toEqual([]);
      await store.close();
    },
  );

  it('verify refuses a reference used in two partitions (entries a store without the unique index would hold)', () => {
    const p0 = new Ledger({ partitions: 2, partition: 0 });
    const p1 = new Ledger({ partitions: 2, partition: 1 });
    const issue = (l: Ledger, to: string) =>
      l.append({ type: 'issue', ts: '2024-01-02T00:00:00Z', amount: 1_000_000n, unit: 'g_CO2', to, ref: to });
    const cert = (l: Ledger, from: string) =>
      l.append({
        type: 'certify',
        ts: '2024-01-03T00:00:00Z',
        amount: 1n,
        unit: 't_CO2',
        from,
        to: from,
        ref: 'C1',
        meta: { ...CERTIFIED, vintage: '2023' },
      });
    const es = [issue(p0, 'org:p'), issue(p1, 'user:u1'), cert(p0, 'org:p'), cert(p1, 'user:u1')];
    const v = new PartitionedVerifier(2);
    for (const e of es) v.push(e);
    expect(v.finish().issues.map((i) => [i.code, i.path])).toEqual([
      ['LEDGER_CERTIFICATION_DUPLICATE', [3, 'partition', 1]],
    ]);
  });
});

describe('case 4: verify names the partition of an entry', () => {
  it('an edited entry of partition 1 is at [position, "partition", 1] and named "entry 1 of partition 1"', async () => {
    const { store, reopen, dir } = sqlite();
    // store positions: 0 a1 (partition 1, seq 0), 1 a2 (partition 0, seq 0), 2 a3 (partition 1, seq 1)
    await run(store, [
      ride('a1', 'u1', '2024-05-01T07:50:00+08:00'),
      ride('a2', 'u2', '2024-05-01T07:51:00+08:00'),
      ride('a3', 'u1', '2024-05-01T07:52:00+08:00'),
    ]);
    await store.close();
    const db = new Database(sqliteLedgerPath(dir));
    db.prepare(
      'UPDATE entries SET body = replace(body, \'"amount":"150"\', \'"amount":"151"\') WHERE pos = 2',
    ).run();
    db.close();
    const again = reopen();
    const v = await verifyStore(again);
    const hash = v.issues.find((i) => i.code === 'LEDGER_HASH_MISMATCH');
    expect(hash?.path).toEqual([2, 'partition', 1]);
    expect(hash?.message).toEqual({
      zh: '分区 1 的第 1 条账本条目的哈希不符（条目被修改）',
      en: 'Ledger entry 1 of partition 1: hash mismatch (the entry was edited)',
    });
    await again.close();
  });
});
