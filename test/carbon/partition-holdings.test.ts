import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Entry } from '../../src/carbon/ledger/entry';
import { type Draft, Ledger } from '../../src/carbon/ledger/ledger';
import { headsOf } from '../../src/carbon/ledger/partitioned';
import {
  type CreditStore,
  type HoldingRecord,
  RECORD_BIT,
  holdingRecords,
} from '../../src/carbon/ledger/state';
import { type InPartition, type LedgerStore, MemoryLedgerStore } from '../../src/carbon/store';
import { openPostgresStore } from '../../src/carbon/store-postgres-node';
import { openSqliteStore, sqliteLedgerPath } from '../../src/carbon/store-sqlite-node';
import { verifyStore } from '../../src/carbon/verify-store';
import { reexecuteStore } from '../../src/carbon/reexecute';
import { StoredBatch } from '../../src/carbon/stored-batch';
import type { LineResult } from '../../src/carbon/batch';
import { RETIRED } from './helpers';
import { pgSchemaUrl, testPostgres } from './store-helpers';

/**
 * Holdings of one account in two partitions (ADR 0054): the stores key holdings by account, partition and unit, so
 * each partition's holding is kept; a version-2 store (keyed by account and unit) is migrated on opening, or
 * refused when an account of it was touched by entries of two partitions. The migration also gives each stored
 * record entry its ref's key (record refs unique per kind), or refuses a store whose entries repeat one.
 */

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'gepkit-part-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const PG_URL = testPostgres('partition-holdings.test.ts');

const amounts = (available: string) => ({
  available,
  pending: '0',
  expired: '0',
  redeemed: '0',
  retired: '0',
});

/**
 * The reviewer's case (s20) at the store's level: user:u2 holds grams in partition 0 (its own ride) and in
 * partition 1 (a transfer booked there by a ledger written before ADR 0054 refused such transfers). The ledger
 * writer of one partition does not judge accounts' partitions (the batch does), so the two chains are built here.
 *
 *   partition 1: issue 150 g to user:u1; transfer 100 g user:u1 → user:u2   → user:u1 50 g, user:u2 100 g
 *   partition 0: issue 150 g to user:u2                                     → user:u2 150 g
 *   balances: user:u2 = 150 + 100 = 250 g, user:u1 = 50 g
 */
function crossingLedger(): { entries: Entry[]; holdings: InPartition<HoldingRecord>[]; ledgers: Ledger[] } {
  const ledgers = [0, 1].map((partition) => new Ledger({ partitions: 2, partition }));
  const [p0, p1] = ledgers as [Ledger, Ledger];
  const ts = '2024-05-01T01:00:00Z';
  const entries = [
    p1.append({ type: 'issue', ts, amount: 150n, unit: 'g_CO2', to: 'user:u1', ref: 'a1' }),
    p0.append({ type: 'issue', ts, amount: 150n, unit: 'g_CO2', to: 'user:u2', ref: 'a2' }),
    p1.append({
      type: 'transfer',
      ts,
      amount: 100n,
      unit: 'g_CO2',
      from: 'user:u1',
      to: 'user:u2',
      ref: 'g1',
    }),
  ];
  const holdings = ledgers.flatMap((l, partition) =>
    [...l.state.balances.keys()].flatMap((a) => holdingRecords(l.state, a).map((h) => ({ ...h, partition }))),
  );
  return { entries, holdings, ledgers };
}

/** A ref credited in g CO₂ (unit bit 2), as a store records it. */
const credited = (ref: string) => [ref, { units: 2, evidence: null }] as const;

/** Append the crossing ledger to `store` in two commits (partition 0's entry alone, then partition 1's). */
async function appendCrossing(store: LedgerStore): Promise<void> {
  const { entries, holdings, ledgers } = crossingLedger();
  const heads = headsOf(ledgers);
  const empty = { pending: [], remainders: [], users: [], registry: [] };
  await store.append({
    ...empty,
    expect: [{ partition: 0, seq: 0, head: '0'.repeat(64), lastTs: null }],
    heads: [heads[0]!],
    entries: [entries[1]!],
    refs: [credited('a2')],
    holdings: holdings.filter((h) => h.partition === 0),
    accounts: [{ account: 'user:u2', partition: 0 }],
  });
  await store.append({
    ...empty,
    expect: [{ partition: 1, seq: 0, head: '0'.repeat(64), lastTs: null }],
    heads: [heads[1]!],
    entries: [entries[0]!, entries[2]!],
    // the transfer's record ref (RECORD_BIT 8), as a store keeps it
    refs: [credited('a1'), ['transfer:g1', { units: 8, evidence: null }]],
    holdings: holdings.filter((h) => h.partition === 1),
    accounts: [
      { account: 'user:u1', partition: 1 },
      { account: 'user:u2', partition: 1 },
    ],
  });
}

interface Kind {
  name: string;
  make(): Promise<{ store: LedgerStore; reopen(): Promise<LedgerStore> }>;
}
const kinds: Kind[] = [
  {
    name: 'memory',
    make: () => {
      const store = new MemoryLedgerStore({ partitions: 2 });
      return Promise.resolve({ store, reopen: () => Promise.resolve(store) });
    },
  },
  {
    name: 'sqlite',
    make: () => {
      const dir = tmp();
      return Promise.resolve({
        store: openSqliteStore(dir, { partitions: 2 }),
        reopen: () => Promise.resolve(openSqliteStore(dir)),
      });
    },
  },
];
if (PG_URL !== undefined)
  kinds.push({
    name: 'postgres',
    make: async () => {
      const url = await pgSchemaUrl(PG_URL, 'hold');
      return { store: await openPostgresStore(url, { partitions: 2 }), reopen: () => openPostgresStore(url) };
    },
  });

describe.each(kinds)('the $name store: an account held in two partitions', (kind) => {
  it('keeps each partition’s holding; balances add them; verify passes, and fails on a lost row', async () => {
    const { store, reopen } = await kind.make();
    await appendCrossing(store);
    if (store.kind !== 'memory') await store.close();
    const s = await reopen();
    // user:u2: 150 g in partition 0, 100 g in partition 1 (both rows kept, none overwritten)
    const rows = (await s.load()).holdings
      .map((h) => [h.partition, h.account, h.available])
      .sort((a, b) => String(a).localeCompare(String(b)));
    expect(rows).toEqual([
      [0, 'user:u2', '150'],
      [1, 'user:u1', '50'],
      [1, 'user:u2', '100'],
    ]);
    // 150 + 100 = 250 g, as the run's summary says
    expect(await s.balances('user:u2')).toEqual({ 'user:u2': { g_CO2: amounts('250') } });
    expect(await s.balances()).toEqual({
      'user:u1': { g_CO2: amounts('50') },
      'user:u2': { g_CO2: amounts('250') },
    });
    expect((await verifyStore(s)).issues).toEqual([]);
    // A store that loses partition 0's row (what version 2 did) fails verification, naming the row.
    await s.append({
      expect: [],
      heads: [],
      entries: [],
      refs: [],
      holdings: [],
      accounts: [{ account: 'user:u2', partition: 0 }],
      pending: [],
      remainders: [],
      users: [],
      registry: [],
    });
    expect(await s.balances('user:u2')).toEqual({ 'user:u2': { g_CO2: amounts('100') } });
    const v = await verifyStore(s);
    expect(v.issues.map((i) => [i.code, i.message.en])).toEqual([
      [
        'LEDGER_STORE_INVALID',
        'The ledger store cannot be used or disagrees with its entries: 1 stored holdings differ from the replay of the entries (0 user:u2 g_CO2 (not stored))',
      ],
    ]);
    await s.close();
  }, 30_000);
});

/**
 * What a version-2 store holds of the refs: the credited activities only. Record refs (RECORD_BIT) are dropped unless
 * `recordRefs` is 'kept' (a version-2 store written by a gepkit that kept record refs but still keyed holdings by
 * account and unit); a ref left with no unit and no evidence is no row at all.
 */
type RecordRefs = 'dropped' | 'kept';
const dropRecordRefs = [
  `UPDATE refs SET units = units & ~${RECORD_BIT} WHERE units & ${RECORD_BIT} <> 0`,
  'DELETE FROM refs WHERE units = 0 AND evidence IS NULL',
];

/** Turn a SQLite store of this version back into version 2: holdings keyed by account and unit, no record refs. */
function downgradeSqlite(dir: string, recordRefs: RecordRefs = 'dropped'): void {
  const db = new Database(sqliteLedgerPath(dir));
  db.exec(`
    CREATE TABLE h2 (partition INTEGER NOT NULL, account TEXT NOT NULL, unit TEXT NOT NULL, available TEXT NOT NULL,
      pending TEXT NOT NULL, expired TEXT NOT NULL, redeemed TEXT NOT NULL, retired TEXT NOT NULL, lots TEXT NOT NULL,
      PRIMARY KEY (account, unit)) WITHOUT ROWID;
    INSERT OR REPLACE INTO h2 SELECT * FROM holdings ORDER BY partition;
    DROP TABLE holdings;
    ALTER TABLE h2 RENAME TO holdings;
    UPDATE meta SET value = '2' WHERE key = 'version';`);
  if (recordRefs === 'dropped') for (const q of dropRecordRefs) db.exec(q);
  db.close();
}

/** Turn a PostgreSQL store of this version back into version 2, as downgradeSqlite does. */
async function downgradePg(url: string, recordRefs: RecordRefs = 'dropped'): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('ALTER TABLE holdings DROP CONSTRAINT holdings_pkey');
  // version 2 kept one row per account and unit: the last partition's (what its upserts left)
  await c.query(
    'DELETE FROM holdings h USING holdings o WHERE h.account = o.account AND h.unit = o.unit AND h.partition < o.partition',
  );
  await c.query('ALTER TABLE holdings ADD PRIMARY KEY (account, unit)');
  await c.query("UPDATE meta SET value = '2' WHERE key = 'version'");
  if (recordRefs === 'dropped') for (const q of dropRecordRefs) await c.query(q);
  await c.end();
}

describe('a version-2 SQLite store on opening', () => {
  it('is migrated when no account crosses partitions: rows kept, version 3, verifies', async () => {
    const dir = tmp();
    const s = openSqliteStore(dir, { partitions: 2 });
    const { entries, holdings, ledgers } = crossingLedger();
    // partition 0 alone: user:u2 150 g
    await s.append({
      expect: [],
      heads: [headsOf(ledgers)[0]!],
      entries: [entries[1]!],
      holdings: holdings.filter((h) => h.partition === 0),
      accounts: [{ account: 'user:u2', partition: 0 }],
      refs: [credited('a2')],
      pending: [],
      remainders: [],
      users: [],
      registry: [],
    });
    await s.close();
    downgradeSqlite(dir);
    const again = openSqliteStore(dir);
    expect(await again.balances()).toEqual({ 'user:u2': { g_CO2: amounts('150') } });
    expect((await verifyStore(again)).issues).toEqual([]);
    await again.close();
    const db = new Database(sqliteLedgerPath(dir));
    expect(db.prepare("SELECT value FROM meta WHERE key = 'version'").get()).toEqual({ value: '3' });
    // the new key: a second row of user:u2 g_CO2 in partition 1 is a row of its own
    db.prepare("INSERT INTO holdings VALUES (1, 'user:u2', 'g_CO2', '1', '0', '0', '0', '0', '[]')").run();
    expect(db.prepare('SELECT count(*) AS n FROM holdings').get()).toEqual({ n: 2 });
    db.close();
  });

  it('is refused (LEDGER_STORE_INVALID) when an account was touched in two partitions, and left as it was', async () => {
    const dir = tmp();
    const s = openSqliteStore(dir, { partitions: 2 });
    await appendCrossing(s);
    await s.close();
    downgradeSqlite(dir);
    expect(() => openSqliteStore(dir)).toThrow(
      expect.objectContaining({
        code: 'LEDGER_STORE_INVALID',
        message: expect.stringContaining(
          'is version 2 of several partitions whose accounts user:u2 are touched by entries of several partitions',
        ),
      }),
    );
    const db = new Database(sqliteLedgerPath(dir));
    expect(db.prepare("SELECT value FROM meta WHERE key = 'version'").get()).toEqual({ value: '2' });
    db.close();
  });

  it('of one partition is always migrated', async () => {
    const dir = tmp();
    const s = openSqliteStore(dir);
    const l = new Ledger();
    const e = l.append({
      type: 'issue',
      ts: '2024-05-01T01:00:00Z',
      amount: 7n,
      unit: 'g_CO2',
      to: 'user:u',
      ref: 'a',
    });
    await s.append({
      expect: [],
      heads: headsOf([l]),
      entries: [e],
      holdings: holdingRecords(l.state, 'user:u').map((h) => ({ ...h, partition: 0 })),
      accounts: [{ account: 'user:u', partition: 0 }],
      refs: [credited('a')],
      pending: [],
      remainders: [],
      users: [],
      registry: [],
    });
    await s.close();
    downgradeSqlite(dir);
    const again = openSqliteStore(dir);
    expect(await again.balances()).toEqual({ 'user:u': { g_CO2: amounts('7') } });
    await again.close();
  });
});

describe.skipIf(PG_URL === undefined)('a version-2 PostgreSQL store on opening', () => {
  it('is migrated when no account crosses partitions, refused when one does', async () => {
    const ok = await pgSchemaUrl(PG_URL as string, 'mig');
    const s = await openPostgresStore(ok, { partitions: 2 });
    const { entries, holdings, ledgers } = crossingLedger();
    await s.append({
      expect: [],
      heads: [headsOf(ledgers)[0]!],
      entries: [entries[1]!],
      holdings: holdings.filter((h) => h.partition === 0),
      accounts: [{ account: 'user:u2', partition: 0 }],
      refs: [credited('a2')],
      pending: [],
      remainders: [],
      users: [],
      registry: [],
    });
    await s.close();
    await downgradePg(ok);
    const again = await openPostgresStore(ok);
    expect(await again.balances()).toEqual({ 'user:u2': { g_CO2: amounts('150') } });
    expect((await verifyStore(again)).issues).toEqual([]);
    await again.close();

    const bad = await pgSchemaUrl(PG_URL as string, 'mig');
    const b = await openPostgresStore(bad, { partitions: 2 });
    await appendCrossing(b);
    await b.close();
    await downgradePg(bad);
    await expect(openPostgresStore(bad)).rejects.toThrow(
      expect.objectContaining({
        code: 'LEDGER_STORE_INVALID',
        message: expect.stringContaining(
          'the database holds version 2 of several partitions whose accounts user:u2',
        ),
      }),
    );
  }, 30_000);
});

/** A store of this version, turned into version 2 (`downgrade`) and reopened (the migration runs on opening). */
interface Versioned {
  name: string;
  make(): Promise<{
    store: LedgerStore;
    downgrade(recordRefs?: RecordRefs): Promise<void>;
    reopen(): Promise<LedgerStore>;
    /** The version the store's meta table names, read beside the store. */
    version(): Promise<string>;
  }>;
}
const versioned: Versioned[] = [
  {
    name: 'SQLite',
    make: () => {
      const dir = tmp();
      return Promise.resolve({
        store: openSqliteStore(dir),
        downgrade: (r) => Promise.resolve(downgradeSqlite(dir, r)),
        // a refusal on opening rejects the promise, as PostgreSQL's does
        reopen: () => Promise.resolve(dir).then((d) => openSqliteStore(d)),
        version: () => {
          const db = new Database(sqliteLedgerPath(dir));
          const v = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'version'").get();
          db.close();
          return Promise.resolve(v?.value ?? '');
        },
      });
    },
  },
];
if (PG_URL !== undefined)
  versioned.push({
    name: 'PostgreSQL',
    make: async () => {
      const url = await pgSchemaUrl(PG_URL, 'migref');
      return {
        store: await openPostgresStore(url),
        downgrade: (r) => downgradePg(url, r),
        reopen: () => openPostgresStore(url),
        version: async () => {
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          const v = await c.query<{ value: string }>("SELECT value FROM meta WHERE key = 'version'");
          await c.end();
          return v.rows[0]?.value ?? '';
        },
      };
    },
  });

const ride = (id: string, user: string) =>
  JSON.stringify({
    id,
    user,
    ts: '2024-05-01T07:50:00+08:00',
    scenario: 'bus',
    region: '420102',
    rides: '1',
  });
const rec = (record: object, user?: string) =>
  JSON.stringify(user === undefined ? { record } : { record, user });
/** A record of grams at `h` o'clock on 1 May 2024 (Beijing time). */
const move = (
  h: number,
  type: string,
  ref: string,
  amount: string,
  from: string,
  to: string,
  user?: string,
) => rec({ type, ts: `2024-05-01T${h}:00:00+08:00`, amount, unit: 'g_CO2', from, to, ref }, user);
const retire = (h: number, ref: string, amount: string, from: string) =>
  rec({ type: 'retire', ts: `2024-05-01T${h}:00:00+08:00`, amount, unit: 'g_CO2', from, ref, meta: RETIRED });
const lineCodes = (rs: readonly LineResult[]) =>
  rs.map((r) => [r.line, r.ok, ...r.issues.map((i) => [i.code, i.path])]);

/**
 * The record lines of the first run (at 10:00) and their retries (at 11:00). Each user's ride credits 150 g; then
 *   transfer gift-1: user:u1 → org:pool 40 g                    → user:u1 110 g, org:pool 40 g
 *   aggregate agg-1: user:u1 → org:ent 30 g, user:u2 → org:ent 30 g (one ref, two source accounts: two keys)
 *                                                               → user:u1 80 g, user:u2 120 g, org:ent 60 g
 *   retire R-1: org:ent 20 g                                    → org:ent 40 g available, 20 g retired
 */
const records = (h: number) => [
  move(h, 'transfer', 'gift-1', '40', 'user:u1', 'org:pool', 'u1'),
  move(h, 'aggregate', 'agg-1', '30', 'user:u1', 'org:ent', 'u1'),
  move(h, 'aggregate', 'agg-1', '30', 'user:u2', 'org:ent', 'u2'),
  retire(h, 'R-1', '20', 'org:ent'),
];
/** A record of org:b's grams, as `appendRepeating` appends it. */
type RecordBody = Omit<Draft, 'ts' | 'unit' | 'from'>;

const RECORD_KEYS = [
  'transfer:gift-1',
  'aggregate:["user:u1","agg-1"]',
  'aggregate:["user:u2","agg-1"]',
  'retire:R-1',
];

describe.each(versioned)('a version-2 $name store holding record entries, on opening', (kind) => {
  it.each<RecordRefs>(['dropped', 'kept'])(
    'its record refs %s: each record entry’s key is in the refs, verify passes, a retried record is refused (LEDGER_RECORD_DUPLICATE)',
    async (recordRefs) => {
      const { store, downgrade, reopen, version } = await kind.make();
      const first = await (
        await StoredBatch.open(store)
      ).processChunk([ride('a1', 'u1'), ride('a2', 'u2'), ...records(10)], 1);
      expect(lineCodes(first)).toEqual([1, 2, 3, 4, 5, 6].map((n) => [n, true]));
      await store.close();
      await downgrade(recordRefs);
      const s = await reopen();
      expect(await version()).toBe('3');
      expect((await verifyStore(s)).issues).toEqual([]);
      // each record entry's key with RECORD_BIT (8), as an append of version 3 writes it
      expect([...(await s.refs(RECORD_KEYS))].map(([k, r]) => [k, r.units])).toEqual(
        RECORD_KEYS.map((k) => [k, RECORD_BIT]),
      );
      // the four records retried (a client repeating its requests) and one new transfer, gift-2: user:u1 → org:pool 10 g
      const again = await (
        await StoredBatch.open(s)
      ).processChunk([...records(11), move(11, 'transfer', 'gift-2', '10', 'user:u1', 'org:pool', 'u1')], 7);
      expect(lineCodes(again)).toEqual([
        ...[7, 8, 9, 10].map((n) => [n, false, ['LEDGER_RECORD_DUPLICATE', ['line', n, 'record', 'ref']]]),
        [11, true],
      ]);
      // only gift-2 moved: user:u1 80 − 10 = 70 g, org:pool 40 + 10 = 50 g; org:ent 40 g, 20 g retired once
      expect(await s.balances()).toEqual({
        'user:u1': { g_CO2: amounts('70') },
        'user:u2': { g_CO2: amounts('120') },
        'org:pool': { g_CO2: amounts('50') },
        'org:ent': { g_CO2: { ...amounts('40'), retired: '20' } },
      });
      expect((await verifyStore(s)).issues).toEqual([]);
      await s.close();
    },
    30_000,
  );

  /**
   * Append to `store` an issue of `amount` g to org:b and then `records` (of org:b) written by a ref store that keeps
   * credited activities but no record refs: what a version-2 ledger could be written with, repeats and all.
   */
  async function appendRepeating(store: LedgerStore, amount: bigint, records: RecordBody[]): Promise<void> {
    const map = new Map<string, number>();
    const forgetful: CreditStore = {
      get: (ref) => map.get(ref),
      set: (ref, units) => {
        if ((units & RECORD_BIT) === 0) map.set(ref, units);
      },
    };
    const l = new Ledger({ credited: forgetful });
    const ts = '2024-05-01T01:00:00Z';
    const entries = [
      l.append({ type: 'issue', ts, amount, unit: 'g_CO2', to: 'org:b', ref: 'pool' }),
      ...records.map((r) => l.append({ ts, unit: 'g_CO2', from: 'org:b', ...r })),
    ];
    await store.append({
      expect: [],
      heads: headsOf([l]),
      entries,
      holdings: ['org:b', 'org:c'].flatMap((a) =>
        holdingRecords(l.state, a).map((h) => ({ ...h, partition: 0 })),
      ),
      accounts: ['org:b', 'org:c'].map((account) => ({ account, partition: 0 })),
      refs: [credited('pool')],
      pending: [],
      remainders: [],
      users: [],
      registry: [],
    });
  }
  const retireB = (ref: string, amount: bigint): RecordBody => ({
    type: 'retire',
    amount,
    ref,
    meta: RETIRED,
  });
  const transferB = (ref: string): RecordBody => ({ type: 'transfer', amount: 1n, to: 'org:c', ref });

  it('is refused (LEDGER_STORE_INVALID) when its entries repeat a record ref, and left as it was', async () => {
    const { store, downgrade, reopen, version } = await kind.make();
    // org:b 10 g; R-1 retires 3 g twice and T-1 moves 1 g to org:c twice: 10 − 3 − 1 − 3 − 1 = 2 g left
    const twice = [retireB('R-1', 3n), transferB('T-1')];
    await appendRepeating(store, 10n, [...twice, ...twice]);
    await store.close();
    await downgrade();
    await expect(reopen()).rejects.toThrow(
      expect.objectContaining({
        code: 'LEDGER_STORE_INVALID',
        message: expect.stringContaining(
          'version 2 whose entries repeat the record refs retire:R-1, transfer:T-1: a record',
        ),
      }),
    );
    expect(await version()).toBe('2');
  });

  it('walks the record entries in pages: a repeat in a later page of a key written from an earlier one is named', async () => {
    const { store, downgrade, reopen, version } = await kind.make();
    // T-0 … T-10000 (10,001 record entries: more than the page of 10,000), then T-0 again, 1 g each of 10,002 g
    const refs = Array.from({ length: 10_001 }, (_, i) => `T-${i}`);
    await appendRepeating(store, 10_002n, [...refs, 'T-0'].map(transferB));
    await store.close();
    await downgrade();
    // only T-0: no key of the first page is read twice, none of the second page's is taken for a repeat
    await expect(reopen()).rejects.toThrow(
      expect.objectContaining({
        message: expect.stringContaining('whose entries repeat the record refs transfer:T-0: a record'),
      }),
    );
    expect(await version()).toBe('2');
  }, 60_000);
});

describe('re-executing the inputs compares holdings per partition', () => {
  it('a row of an account in another partition than its own is named, not folded into its own row', async () => {
    // u1 → partition 1, u2 → partition 0: two rides of 150 g each
    const ride = (id: string, user: string) =>
      JSON.stringify({
        id,
        user,
        ts: '2024-05-01T07:50:00+08:00',
        scenario: 'bus',
        region: '420102',
        rides: '1',
      });
    const lines = [ride('a1', 'u1'), ride('a2', 'u2')];
    const store = new MemoryLedgerStore({ partitions: 2 });
    await (await StoredBatch.open(store)).processChunk(lines, 1);
    expect((await reexecuteStore(store, [lines])).issues).toEqual([]);
    // a forged second row of user:u2 in partition 1 (its own row, partition 0, kept): 150 + 5 = 155 g in balances
    const extra = { ...amounts('5'), account: 'user:u2', unit: 'g_CO2' as const, lots: [], partition: 1 };
    await store.append({
      expect: [],
      heads: [],
      entries: [],
      refs: [],
      holdings: [extra],
      accounts: [],
      pending: [],
      remainders: [],
      users: [],
      registry: [],
    });
    expect(await store.balances('user:u2')).toEqual({ 'user:u2': { g_CO2: amounts('155') } });
    expect((await reexecuteStore(store, [lines])).issues.map((i) => i.message.en)).toEqual([
      'Re-executing the inputs gives another ledger than the store holds: 1 stored holdings differ from the re-execution (1 user:u2 g_CO2 (stored only))',
    ]);
  });
});
