import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type LedgerStore, MemoryLedgerStore } from '../../src/carbon/store';
import { StoredBatch } from '../../src/carbon/stored-batch';
import { openSqliteIdStore, openSqliteStore, sqliteLedgerPath } from '../../src/carbon/store-sqlite-node';
import { openPostgresStore } from '../../src/carbon/store-postgres-node';
import { openLedgerStore } from '../../src/carbon/open-store-node';
import { verifyStore } from '../../src/carbon/verify-store';
import { reference, storeTestLines, storeTestRules, stored } from './store-helpers';
import { CarbonBatch } from '../../src/carbon/batch';
import { CERTIFIED, busRide, cappedBusRules, mayAt } from './helpers';
import { canonicalJson } from '../../src/core/canonical';
import { GepError } from '../../src/core/errors';
import { type RuleSet, loadRuleSet } from '../../src/carbon/rules/rules';
import evidenceDemo from '../../coefficients/carbon/rules/evidence-paths-demo.json';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'gepkit-store-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/**
 * PostgreSQL: the server CI starts (GEPKIT_TEST_PG_URL, see .ci/run and scripts/pg-test-cluster.sh). Each test
 * gets a schema of its own. Without a server the PostgreSQL tests are skipped outside CI and fail in CI.
 */
const PG_URL = process.env.GEPKIT_TEST_PG_URL;
if (PG_URL === undefined && process.env.CI !== undefined)
  throw new Error(
    'CI is set but GEPKIT_TEST_PG_URL is not: .ci/run starts a PostgreSQL server for these tests',
  );
if (PG_URL === undefined)
  console.warn(
    'stores.test.ts: PostgreSQL tests skipped (no GEPKIT_TEST_PG_URL). Install the server with `apt-get install -y postgresql` and run scripts/pg-test-cluster.sh start DIR to get one.',
  );
let schemas = 0;
async function pgUrl(): Promise<string> {
  const schema = `t_${process.pid}_${Date.now()}_${schemas++}`;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  const u = new URL(PG_URL as string);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

interface Kind {
  name: string;
  /** A new empty store (of `partitions`, default 1), and a function reopening it (a new process). */
  make(partitions?: number): Promise<{ store: LedgerStore; reopen(): Promise<LedgerStore> }>;
}
const kinds: Kind[] = [
  {
    name: 'memory',
    make: (partitions) => {
      const store = new MemoryLedgerStore(partitions !== undefined ? { partitions } : {});
      return Promise.resolve({ store, reopen: () => Promise.resolve(store) });
    },
  },
  {
    name: 'sqlite',
    make: (partitions) => {
      const dir = tmp();
      return Promise.resolve({
        store: openSqliteStore(dir, partitions !== undefined ? { partitions } : {}),
        reopen: () => Promise.resolve(openSqliteStore(dir)),
      });
    },
  },
];
if (PG_URL !== undefined)
  kinds.push({
    name: 'postgres',
    make: async (partitions) => {
      const url = await pgUrl();
      return {
        store: await openPostgresStore(url, partitions !== undefined ? { partitions } : {}),
        reopen: () => openPostgresStore(url),
      };
    },
  });

describe.each(kinds)('the $name ledger store', (kind) => {
  it('resumes across reopenings to the one-batch results, and verifies', async () => {
    const rules = storeTestRules();
    const lines = storeTestLines(150, 11);
    const ref = reference(lines, rules);
    const { store, reopen } = await kind.make();
    const first = await stored(store, lines.slice(0, 70), [30], 16, rules);
    if (store.kind !== 'memory') await store.close();
    const again = await reopen();
    const rest = await StoredBatch.open(again, { rules, reductions: 'when-available' });
    const second = await rest.processChunk(lines.slice(70), 71);
    expect([...first, ...second]).toEqual(ref.results);
    const head = await again.head();
    expect(head.seq).toBe(ref.batch.ledger.anchor().count);
    expect(head.head).toBe(ref.batch.ledger.anchor().head);
    expect(await again.balances()).toEqual(ref.batch.ledger.balances());
    expect(await again.balances('user:u1')).toEqual({ 'user:u1': ref.batch.ledger.balances()['user:u1'] });
    const v = await verifyStore(again);
    expect(v.issues).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.count).toBe(head.seq);
    await again.close();
  }, 60_000);

  it('resumes with late lines to the one-batch results: caps and day totals of earlier days carry over', async () => {
    const rules = storeTestRules();
    // The test stream with each run of 8 lines (a day, 3 h apart) reversed: lines up to 21 h late, claims out of
    // order refused alike in both runs.
    const sorted = storeTestLines(120, 5);
    const lines = Array.from({ length: 15 }, (_, k) => sorted.slice(k * 8, k * 8 + 8).reverse()).flat();
    const ref = reference(lines, rules);
    expect(ref.results.some((r) => r.entries.some((e) => e.meta?.activityTs !== undefined))).toBe(true);
    const { store, reopen } = await kind.make();
    const first = await stored(store, lines.slice(0, 61), [21, 45], 7, rules);
    if (store.kind !== 'memory') await store.close();
    const again = await reopen();
    const rest = await StoredBatch.open(again, { rules, reductions: 'when-available' });
    const second = await rest.processChunk(lines.slice(61), 62);
    expect([...first, ...second]).toEqual(ref.results);
    expect((await again.head()).head).toBe(ref.batch.ledger.anchor().head);
    expect(await again.balances()).toEqual(ref.batch.ledger.balances());
    const v = await verifyStore(again);
    expect(v.issues).toEqual([]);
    await again.close();
  }, 60_000);

  it('keeps the first instant whose periods a user record holds in full (`since`): a wider window in a new version does not count a dropped day from zero', async () => {
    // 150 g and 2 points a bus ride, at most 300.5 g and 2 paying rides a day; 1.0.0 lets lines be 24 h late, 1.1.0
    // 168 h. Run 1 drops 05-01 (05-05 09:00 − 24 h is on 05-04); run 2 refuses 05-01 12:00 instead of counting it from
    // zero (past 05-01's 300 g and 2 rides), and the ledger verifies under both versions.
    const narrow = cappedBusRules({ version: '1.0.0', window: 24, grams: '300.5', points: '100', events: 2 });
    const wide = cappedBusRules({ version: '1.1.0', window: 168, grams: '300.5', points: '100', events: 2 });
    const { store, reopen } = await kind.make();
    await (
      await StoredBatch.open(store, { rules: narrow })
    ).processChunk([busRide('a1', mayAt(1)), busRide('a2', mayAt(1, 9)), busRide('a3', mayAt(5, 9))], 1);
    if (store.kind !== 'memory') await store.close();
    const again = await reopen();
    const since = '2024-05-03T16:00:00.000Z';
    expect((await again.load()).users.map((u) => [u.user, u.caps?.since, u.points?.since])).toEqual([
      ['u1', since, since],
    ]);
    const late = await (
      await StoredBatch.open(again, { rules: wide })
    ).processChunk([busRide('a4', mayAt(1, 12)), busRide('a5', mayAt(4, 10))], 4);
    expect(late.map((r) => [r.ok, r.reduction?.grams ?? null, r.issues[0]?.code ?? null])).toEqual([
      [false, null, 'CARBON_TOO_LATE'],
      [true, '150', null],
    ]);
    expect(late[0]?.issues[0]?.params).toMatchObject({ window: '168', since });
    const v = await verifyStore(again, { rules: [narrow, wide] });
    expect(v.issues).toEqual([]);
    expect(v.ok).toBe(true);
    await again.close();
  }, 60_000);

  it('records the rule set it appends under; the same id@version with other content is refused (LEDGER_RULES_CHANGED)', async () => {
    const rules = loadRuleSet(evidenceDemo);
    // The first rule's points doubled, the id and version kept: other content under the same ref.
    const json = structuredClone(evidenceDemo) as { rules: { points: string }[] };
    json.rules = json.rules.map((r, i) => (i === 0 ? { ...r, points: `${Number(r.points) * 2}` } : r));
    const edited = loadRuleSet(json);
    expect(edited.ref).toBe(rules.ref);
    expect(edited.hash).not.toBe(rules.hash);
    const lines = storeTestLines(40, 3);
    const run = (r: RuleSet) => ({ rules: r, reductions: 'when-available' as const });
    const { store, reopen } = await kind.make();
    expect((await store.load()).ruleSets).toEqual([]);
    await (await StoredBatch.open(store, run(rules))).processChunk(lines.slice(0, 20), 1);
    expect((await store.load()).ruleSets).toEqual([{ ref: rules.ref, hash: rules.hash }]);
    if (store.kind !== 'memory') await store.close();
    const again = await reopen();
    const head = await again.head();
    // Refused on opening, before any line runs.
    const refusal = await StoredBatch.open(again, run(edited)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(GepError);
    expect((refusal as GepError).issues).toEqual([
      expect.objectContaining({
        code: 'LEDGER_RULES_CHANGED',
        params: { ruleSet: rules.ref, recorded: rules.hash, given: edited.hash },
      }),
    ]);
    // Refused at the append too (a writer that opened before the rule set was recorded): nothing written.
    const fresh = await kind.make();
    const early = await StoredBatch.open(fresh.store, run(edited));
    await (await StoredBatch.open(fresh.store, run(rules))).processChunk(lines.slice(0, 5), 1);
    const before = await fresh.store.head();
    await expect(early.processChunk(lines.slice(5, 10), 6)).rejects.toThrow(/LEDGER_RULES_CHANGED/);
    expect(await fresh.store.head()).toEqual(before);
    // The unchanged rule set goes on; verify with the edited one reports the change, with the recorded one passes.
    await (await StoredBatch.open(again, run(rules))).processChunk(lines.slice(20), 21);
    expect((await again.head()).seq).toBeGreaterThan(head.seq);
    expect((await verifyStore(again, { rules })).issues).toEqual([]);
    const v = await verifyStore(again, { rules: edited });
    expect(v.issues.map((i) => i.code)).toContain('LEDGER_RULES_CHANGED');
    expect(v.ok).toBe(false);
    await again.close();
    await fresh.store.close();
  }, 60_000);

  it("keeps each partition's registry state: serials continue across reopenings as in one run", async () => {
    // Registry records of six users' own accounts (each in its user's partition: ADR 0054) in a ledger of 3
    // partitions, split over two processes.
    const users = ['a', 'b', 'c', 'd', 'e', 'f'];
    const meta = { ...CERTIFIED };
    const lines = users.flatMap((user, i) => {
      const ts = (d: number): string => `2024-06-0${d}T0${i}:00:00Z`;
      const rec = (r: Record<string, unknown>): string => JSON.stringify({ record: r, user });
      const org = `user:${user}`;
      return [
        rec({ type: 'issue', ts: ts(1), amount: '4000000', unit: 'g_CO2', to: org, ref: `pool-${user}` }),
        rec({
          type: 'certify',
          ts: ts(2),
          amount: '2',
          unit: 't_CO2',
          from: org,
          to: org,
          ref: `C1-${user}`,
          meta,
        }),
        rec({
          type: 'certify',
          ts: ts(3),
          amount: '1',
          unit: 't_CO2',
          from: org,
          to: org,
          ref: `C2-${user}`,
          meta,
        }),
      ];
    });
    lines.sort((x, y) => (JSON.parse(x).record.ts < JSON.parse(y).record.ts ? -1 : 1));
    const one = new CarbonBatch({ partitions: 3 });
    const ref = lines.map((l, i) => one.process(l, i + 1));
    expect(ref.every((r) => r?.ok)).toBe(true);
    const { store, reopen } = await kind.make(3);
    const cut = 10;
    const first = await (await StoredBatch.open(store)).processChunk(lines.slice(0, cut), 1);
    if (store.kind !== 'memory') await store.close();
    const again = await reopen();
    const second = await (await StoredBatch.open(again)).processChunk(lines.slice(cut), cut + 1);
    expect([...first, ...second]).toEqual(ref);
    const certified = [...first, ...second].flatMap((r) => r.entries).filter((e) => e.type === 'certify');
    // Serial runs are unique across the ledger and each lies in its partition's range (from p × 10¹² + 1).
    expect(new Set(certified.map((e) => e.meta?.serials)).size).toBe(certified.length);
    for (const e of certified) {
      const firstSerial = BigInt((e.meta?.serials as string).split('-')[0] as string);
      expect((firstSerial - 1n) / 10n ** 12n).toBe(BigInt(e.partition as number));
    }
    const v = await verifyStore(again);
    expect(v.issues).toEqual([]);
    expect(v.head).toBe(one.summary().ledger.head);
    await again.close();
  }, 60_000);

  it('stores the same ledger in chunks of 1,000 lines as in chunks of 1 (2,345 lines: not a multiple)', async () => {
    // 1,200 users in turn: a chunk of 1,000 lines writes more than 1,000 rows into entries and holdings, so the
    // PostgreSQL store writes a full multi-row statement (1,000 rows) and a shorter last one into each; the last
    // chunk holds 345 lines. Claims of pending points (their rows set and deleted) and
    // double-credit refusals run through the chunks.
    const rules = storeTestRules();
    const lines = storeTestLines(2345, 13, 1200);
    const byLine = new MemoryLedgerStore();
    const one = await stored(byLine, lines, [], 1, rules);
    const { store } = await kind.make();
    const chunked = await stored(store, lines, [], 1000, rules);
    expect(chunked).toEqual(one);
    expect(chunked).toEqual(reference(lines, rules).results);
    // Each store gives its rows in its own order and its records' members in their own order.
    const sorted = (rows: readonly object[]): string[] => rows.map((r) => canonicalJson(r)).sort();
    const [a, b] = [await store.load(), await byLine.load()];
    expect(a.pending.length).toBeGreaterThan(0);
    expect(one.some((r) => r.entries.some((e) => e.type === 'claim'))).toBe(true);
    expect(a.heads).toEqual(b.heads);
    for (const k of ['holdings', 'pending', 'remainders', 'users', 'registry'] as const)
      expect(sorted(a[k])).toEqual(sorted(b[k]));
    expect((await store.derived()).credited).toBe((await byLine.derived()).credited);
    expect((await verifyStore(store)).ok).toBe(true);
    await store.close();
  }, 60_000);

  it('refuses a line with U+0000 in a string (TEXT_NUL_CHARACTER) at its path and stores the lines beside it', async () => {
    const line = (id: string, h: string, extra = '') =>
      `{"id":"${id}","user":"z","ts":"2024-05-01T${h}:00:00+08:00","scenario":"bus","region":"420102","rides":"1"${extra}}`;
    const lines = [
      line('ok1', '08'),
      line('bad\\u0000x', '09'),
      line('ok2', '10', ',"evidence":"up\\u0000"'),
      line('ok3', '11'),
    ];
    const { store, reopen } = await kind.make();
    const run = await StoredBatch.open(store, {});
    const results = await run.processChunk(lines, 1);
    expect(results.map((r) => r.ok)).toEqual([true, false, false, true]);
    expect(results[1]?.issues.map((i) => [i.code, i.path])).toEqual([
      ['TEXT_NUL_CHARACTER', ['line', 2, 'id']],
    ]);
    expect(results[2]?.issues.map((i) => [i.code, i.path])).toEqual([
      ['TEXT_NUL_CHARACTER', ['line', 3, 'evidence']],
    ]);
    if (store.kind !== 'memory') await store.close();
    const again = await reopen();
    expect((await again.head()).seq).toBe(2);
    expect((await verifyStore(again)).ok).toBe(true);
    await again.close();
  });

  it('keeps checkpoints in order of count, and never replaces one: the first at a count is kept and returned', async () => {
    const { store } = await kind.make();
    const c = { head: '0'.repeat(64), ts: '2024-05-01T00:00:00.000Z', publicKey: 'k', signature: 's' };
    const parts = { partitions: [{ count: 3, head: '1'.repeat(64) }] };
    expect(await store.addCheckpoint({ ...c, count: 3, ...parts })).toBeUndefined();
    expect(await store.addCheckpoint({ ...c, count: 0 })).toBeUndefined();
    // another key's checkpoint at count 3 (a rerun signed anew): the stored one is kept, and given back
    expect(await store.addCheckpoint({ ...c, count: 3, publicKey: 'k2', signature: 's2' })).toEqual({
      ...c,
      count: 3,
      ...parts,
    });
    expect(await store.checkpoints()).toEqual([
      { ...c, count: 0 },
      { ...c, count: 3, ...parts },
    ]);
    await store.close();
  });
});

describe('the SQLite store on disk', () => {
  it('refuses a database of another format (LEDGER_STORE_INVALID)', () => {
    const dir = tmp();
    const db = new Database(sqliteLedgerPath(dir));
    db.exec(
      "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('format', 'other')",
    );
    db.close();
    expect(() => openSqliteStore(dir)).toThrow(expect.objectContaining({ code: 'LEDGER_STORE_INVALID' }));
  });

  it('refuses a file given as its directory', () => {
    const dir = tmp();
    const file = join(dir, 'f');
    new Database(file).close();
    expect(() => openSqliteStore(file)).toThrow(expect.objectContaining({ code: 'LEDGER_STORE_INVALID' }));
  });

  it('verify finds a derived balance edited behind the entries, and an edited entry', async () => {
    const rules = storeTestRules();
    const dir = tmp();
    const store = openSqliteStore(dir);
    await stored(store, storeTestLines(40, 2), [], 40, rules);
    await store.close();
    const db = new Database(sqliteLedgerPath(dir));
    db.prepare("UPDATE holdings SET available = '999999' WHERE account = 'user:u1' AND unit = 'g_CO2'").run();
    db.close();
    let v = await verifyStore(openSqliteStore(dir));
    expect(v.ok).toBe(false);
    expect(v.issues.map((i) => i.code)).toEqual(['LEDGER_STORE_INVALID']);
    const db2 = new Database(sqliteLedgerPath(dir));
    db2
      .prepare('UPDATE entries SET body = replace(body, \'"amount":"\', \'"amount":"1\') WHERE seq = 3')
      .run();
    db2.close();
    v = await verifyStore(openSqliteStore(dir));
    expect(v.issues.map((i) => i.code)).toContain('LEDGER_HASH_MISMATCH');
  });

  it("verify finds a head's last entry time edited behind the entries (1 and 2 partitions): LEDGER_STORE_INVALID", async () => {
    for (const partitions of [1, 2]) {
      const dir = tmp();
      const store = openSqliteStore(dir, { partitions });
      await stored(store, storeTestLines(40, 2), [], 40, storeTestRules());
      expect((await verifyStore(store)).issues).toEqual([]);
      const last = (await store.derived()).heads[1 % partitions]?.lastTs;
      await store.close();
      const db = new Database(sqliteLedgerPath(dir));
      db.prepare("UPDATE head SET last_ts = '2030-01-01T00:00:00.000Z' WHERE partition = ?").run(
        1 % partitions,
      );
      db.close();
      const again = openSqliteStore(dir);
      const v = await verifyStore(again);
      expect(v.ok).toBe(false);
      expect(v.issues.map((i) => [i.code, i.params?.detail])).toEqual([
        [
          'LEDGER_STORE_INVALID',
          `partition ${1 % partitions}: the store's head gives the last entry time 2030-01-01T00:00:00.000Z, its last entry is dated ${last}`,
        ],
      ]);
      await again.close();
    }
  });

  it('verify finds a column copied beside an entry’s body edited (an activity id moved off its unique index)', async () => {
    const dir = tmp();
    const store = openSqliteStore(dir);
    await stored(store, storeTestLines(20, 2), [], 20, storeTestRules());
    expect((await verifyStore(store)).issues).toEqual([]);
    await store.close();
    const db = new Database(sqliteLedgerPath(dir));
    const row = db
      .prepare('SELECT pos, seq, activity FROM entries WHERE activity IS NOT NULL LIMIT 1')
      .get() as {
      pos: number;
      seq: number;
      activity: string;
    };
    const { n } = db.prepare('SELECT count(*) AS n FROM entries WHERE pos < ?').get(row.pos) as { n: number };
    db.prepare("UPDATE entries SET activity = 'moved', ts = '2000-01-01T00:00:00.000Z' WHERE pos = ?").run(
      row.pos,
    );
    db.close();
    const again = openSqliteStore(dir);
    const v = await verifyStore(again);
    // The chain and its hashes are intact (the body is): only the copied columns disagree.
    expect(v.issues.map((i) => i.code)).toEqual(['LEDGER_STORE_INVALID']);
    expect(v.issues[0]?.params?.detail).toMatch(
      new RegExp(
        `^the stored entry ${n} \\(partition 0, seq ${row.seq}\\) has ts "2000-01-01T00:00:00.000Z", its body gives "[^"]+"; activity "moved", its body gives "${row.activity}"$`,
      ),
    );
    await again.close();
  });

  it('verifies with the replay guard on disk (openSqliteIdStore): the same report', async () => {
    const dir = tmp();
    const store = openSqliteStore(dir);
    await stored(store, storeTestLines(60, 4), [], 25, storeTestRules());
    const ids = openSqliteIdStore(join(tmp(), 'ids.sqlite'));
    const onDisk = await verifyStore(store, { credited: ids.credited });
    ids.close();
    const inMemory = await verifyStore(store);
    expect(onDisk.ok).toBe(true);
    expect({ ...onDisk, issues: [] }).toEqual({ ...inMemory, issues: [] });
    await store.close();
  });

  it('openSqliteIdStore makes its folder when missing, as openSqliteStore does (it said the store was damaged)', () => {
    const file = join(tmp(), 'run', 'ids', 'ids.sqlite');
    const ids = openSqliteIdStore(file);
    ids.credited.set('a', 1);
    ids.flush();
    expect(ids.credited.get('a')).toBe(1);
    ids.close();
    expect(existsSync(file)).toBe(true);
  });

  it('refuses an activity recorded twice at the unique constraint (LEDGER_STORE_CONFLICT)', async () => {
    const dir = tmp();
    const store = openSqliteStore(dir);
    const rules = storeTestRules();
    const lines = storeTestLines(10, 9);
    await stored(store, lines, [], 10, rules);
    const head = await store.head();
    const [h0] = await store.heads();
    const entries = [];
    for await (const e of store.entries()) entries.push(e);
    const first = entries.find((e) => e.meta?.activity !== undefined);
    // A commit that would record the same activity again (as a forged next entry) is refused whole.
    const forged = { ...first!, seq: head.seq, prev: head.head, hash: 'f'.repeat(64) };
    await expect(
      store.append({
        expect: [h0!],
        heads: [{ ...h0!, seq: head.seq + 1, head: forged.hash }],
        entries: [forged],
        refs: [],
        holdings: [],
        accounts: [],
        pending: [],
        remainders: [],
        users: [],
        registry: [],
      }),
    ).rejects.toMatchObject({ code: 'LEDGER_STORE_CONFLICT' });
    expect(await store.head()).toEqual(head);
    await store.close();
  });

  it('openLedgerStore opens a directory as the SQLite store', async () => {
    const store = await openLedgerStore(tmp());
    expect(store.kind).toBe('sqlite');
    await store.close();
  });
});

describe('the memory store', () => {
  it("verify finds a head's last entry time that is not its last entry's ts: LEDGER_STORE_INVALID", async () => {
    const store = new MemoryLedgerStore();
    await stored(store, storeTestLines(10, 1), [], 10, storeTestRules());
    expect((await verifyStore(store)).issues).toEqual([]);
    // The head the store keeps (a private field: the memory store has no outside editor).
    const heads = (store as unknown as { current: { lastTs: string | null }[] }).current;
    (heads[0] as { lastTs: string | null }).lastTs = '2030-01-01T00:00:00.000Z';
    const v = await verifyStore(store);
    expect(v.issues.map((i) => i.code)).toEqual(['LEDGER_STORE_INVALID']);
    expect(v.issues[0]?.params?.detail).toMatch(
      /^partition 0: the store's head gives the last entry time 2030-/,
    );
  });
});

describe.runIf(PG_URL !== undefined)('the PostgreSQL store with two writers', () => {
  it('two processes appending at once: every activity credited at most once, the ledger verifies', async () => {
    const url = await pgUrl();
    const rules = storeTestRules();
    const lines = storeTestLines(200, 21);
    const [a, b] = [await openLedgerStore(url), await openLedgerStore(url)];
    expect(a.kind).toBe('postgres');
    const writer = async (store: LedgerStore, from: number): Promise<void> => {
      const run = await StoredBatch.open(store, { rules, reductions: 'when-available', attempts: 50 });
      // Overlapping halves, chunk by chunk: each writer also offers lines the other one takes.
      for (let i = from; i < from + 120; i += 10) await run.processChunk(lines.slice(i, i + 10), i + 1);
    };
    await Promise.all([writer(a, 0), writer(b, 80)]);
    const v = await verifyStore(a);
    expect(v.issues).toEqual([]);
    const seen = new Set<string>();
    for await (const e of a.entries()) {
      if (e.type !== 'issue') continue;
      const k = `${e.unit}|${e.ref}`;
      expect(seen.has(k)).toBe(false);
      seen.add(k);
    }
    expect(seen.size).toBeGreaterThan(50);
    await a.close();
    await b.close();
  }, 60_000);

  it('two writers of other partitions recording one id@version with other content at once: one is refused', async () => {
    const url = await pgUrl();
    const rules = loadRuleSet(evidenceDemo);
    const json = structuredClone(evidenceDemo) as { rules: { points: string }[] };
    json.rules = json.rules.map((r, i) => (i === 0 ? { ...r, points: `${Number(r.points) * 2}` } : r));
    const edited = loadRuleSet(json);
    const lines = storeTestLines(60, 9);
    const [a, b] = [await openPostgresStore(url, { partitions: 2 }), await openPostgresStore(url)];
    // Both open before either has appended: only the appends can tell them apart.
    const runs = [
      await StoredBatch.open(a, { rules, reductions: 'when-available', only: [0] }),
      await StoredBatch.open(b, { rules: edited, reductions: 'when-available', only: [1] }),
    ];
    const outcomes = await Promise.allSettled(runs.map((r) => r.processChunk(lines, 1)));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as GepError).issues.map((i) => i.code)).toEqual(['LEDGER_RULES_CHANGED']);
    const winner = outcomes[0]?.status === 'fulfilled' ? rules : edited;
    expect((await a.load()).ruleSets).toEqual([{ ref: rules.ref, hash: winner.hash }]);
    expect((await verifyStore(a)).issues).toEqual([]);
    await a.close();
    await b.close();
  }, 60_000);

  it('verify finds a copied column edited with the append-only trigger disabled', async () => {
    const url = await pgUrl();
    const store = await openPostgresStore(url);
    await stored(store, storeTestLines(5, 1), [], 5, storeTestRules());
    expect((await verifyStore(store)).issues).toEqual([]);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query('ALTER TABLE entries DISABLE TRIGGER entries_append_only');
    await c.query(
      "UPDATE entries SET activity = 'moved' WHERE pos = (SELECT min(pos) FROM entries WHERE activity IS NOT NULL)",
    );
    await c.end();
    const v = await verifyStore(store);
    expect(v.issues.map((i) => i.code)).toEqual(['LEDGER_STORE_INVALID']);
    expect(v.issues[0]?.params?.detail).toMatch(/has activity "moved", its body gives "[^"]+"$/);
    await store.close();
  });

  it("verify finds a head's last entry time edited behind the entries", async () => {
    const url = await pgUrl();
    const store = await openPostgresStore(url);
    await stored(store, storeTestLines(5, 1), [], 5, storeTestRules());
    expect((await verifyStore(store)).issues).toEqual([]);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query("UPDATE head SET last_ts = '2030-01-01T00:00:00.000Z'");
    await c.end();
    const v = await verifyStore(store);
    expect(v.issues.map((i) => i.code)).toEqual(['LEDGER_STORE_INVALID']);
    expect(v.issues[0]?.params?.detail).toMatch(
      /gives the last entry time 2030-01-01T00:00:00.000Z, its last entry is dated 20\d\d-/,
    );
    await store.close();
  });

  it('refuses to update or delete an entry (append-only trigger)', async () => {
    const url = await pgUrl();
    const store = await openPostgresStore(url);
    await stored(store, storeTestLines(5, 1), [], 5, storeTestRules());
    await store.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await expect(c.query('DELETE FROM entries')).rejects.toThrow(/append-only/);
    await c.end();
  });
});

describe('openSqliteStore makes its folder', () => {
  it('with its missing parents; a folder that cannot be made is OUTPUT_UNWRITABLE, at once (also under /proc)', () => {
    const base = mkdtempSync(join(tmpdir(), 'gepkit-store-dir-'));
    const nested = join(base, 'a', 'b', 'ledger');
    const store = openSqliteStore(nested);
    expect(sqliteLedgerPath(nested)).toBe(join(nested, 'ledger.sqlite'));
    void store.close();
    // Node's recursive mkdir never returns for a path under /proc: the store makes one level at a time.
    for (const dir of ['/proc/gepkit-no-such/ledger', join(base, 'a', 'b', 'ledger', 'ledger.sqlite', 'x')]) {
      let code: string | undefined;
      try {
        openSqliteStore(dir);
      } catch (e) {
        code = (e as { issues?: { code: string }[] }).issues?.[0]?.code;
      }
      expect(code, dir).toBe('OUTPUT_UNWRITABLE');
    }
    rmSync(base, { recursive: true, force: true });
  });
});
