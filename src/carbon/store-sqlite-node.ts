/**
 * The embedded ledger store: one SQLite database file (`ledger.sqlite` in the ledger's directory) through
 * better-sqlite3, in WAL mode. Each chunk is one IMMEDIATE transaction holding its entries and the state they
 * change, so a killed process leaves the ledger at the end of its last whole chunk; synchronous=NORMAL makes a
 * committed chunk survive the process (a power cut may lose the last chunks, never corrupt the file).
 * One process appends at a time: a second writer waits for the lock and then finds the head moved
 * (LEDGER_STORE_CONFLICT), reloads and redoes its chunk.
 *
 * Tables (docs/carbon.md draws them): entries (pos, partition, seq, kind, ts, ref, unit, activity, cert_ref, body,
 * prev, hash; unique (activity, unit) and cert_ref; one writer at a time, which checks the partition heads, so
 * (partition, seq) needs no index of its own), refs, holdings (keyed by account, partition and unit), pending,
 * remainders, users
 * (each derived record with its partition), checkpoints, head (one row per partition), meta (format, version,
 * partitions, and `ruleset:<id@version>` → content hash of each rule set appended under).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { makeOutputDir } from '../core/output-dir-node';
import { requireOptional } from '../core/optional-node';
import { type SqliteMap, openSqliteMap } from '../io/sqlite-map-node';
import { GepError } from '../core/errors';
import { carbonFail } from './errors';
import type { Entry } from './ledger/entry';
import type { SeenStore } from './batch';
import {
  type Balances,
  type CreditStore,
  type HoldingRecord,
  type PendingRecord,
  RECORD_BIT,
} from './ledger/state';
import type { PartitionHead } from './ledger/partition';
import {
  type Checkpoint,
  type DerivedState,
  type InPartition,
  type LedgerStore,
  RECORD_REF_KINDS,
  REPEATS_NAMED,
  STORE_FORMAT,
  STORE_VERSION,
  type RefRecord,
  type RegistryRecord,
  type StoreCommit,
  type StoreOpenOptions,
  type StoredHead,
  type StoredRecordRef,
  type StoredState,
  type UserRecord,
  allHeads,
  balancesOfRecords,
  checkExpected,
  checkMigration,
  checkMigrationRefs,
  checkRuleSet,
  checkStoreFormat,
  checkStoreOpenOptions,
  entryRow,
  ledgerHead,
  ruleSetMetaKey,
  ruleSetsOfMeta,
  rowEntry,
  storePartitions,
  storedRecordRefKey,
  type ColumnsSeen,
  type StoredEntryRow,
} from './store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS head (partition INTEGER PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL, last_ts TEXT);
CREATE TABLE IF NOT EXISTS entries (
  pos INTEGER PRIMARY KEY, partition INTEGER NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, ts TEXT NOT NULL,
  ref TEXT NOT NULL, unit TEXT NOT NULL, activity TEXT, cert_ref TEXT, body TEXT NOT NULL, prev TEXT NOT NULL,
  hash TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS entries_activity ON entries (activity, unit) WHERE activity IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS entries_cert_ref ON entries (cert_ref) WHERE cert_ref IS NOT NULL;
CREATE TABLE IF NOT EXISTS refs (ref TEXT PRIMARY KEY, units INTEGER NOT NULL, evidence TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS holdings (
  partition INTEGER NOT NULL, account TEXT NOT NULL, unit TEXT NOT NULL, available TEXT NOT NULL, pending TEXT NOT NULL, expired TEXT NOT NULL,
  redeemed TEXT NOT NULL, retired TEXT NOT NULL, lots TEXT NOT NULL, PRIMARY KEY (account, partition, unit)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pending (
  key TEXT PRIMARY KEY, partition INTEGER NOT NULL, account TEXT NOT NULL, unit TEXT NOT NULL, amount TEXT NOT NULL,
  available_from TEXT NOT NULL, claim_by TEXT NOT NULL, expires_at TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS remainders (account TEXT PRIMARY KEY, partition INTEGER NOT NULL, micrograms TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS users (user TEXT PRIMARY KEY, partition INTEGER NOT NULL, caps TEXT, points TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS registry (partition INTEGER PRIMARY KEY, snapshot TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoints (
  count INTEGER PRIMARY KEY, head TEXT NOT NULL, ts TEXT NOT NULL, public_key TEXT NOT NULL, signature TEXT NOT NULL,
  partitions TEXT);
`;

interface CheckpointRow {
  count: number;
  head: string;
  ts: string;
  public_key: string;
  signature: string;
  partitions: string | null;
}

function checkpointOfRow(r: CheckpointRow): Checkpoint {
  const c: Checkpoint = {
    count: r.count,
    head: r.head,
    ts: r.ts,
    publicKey: r.public_key,
    signature: r.signature,
  };
  if (r.partitions !== null) c.partitions = JSON.parse(r.partitions) as Checkpoint['partitions'];
  return c;
}

interface HoldingRow {
  partition: number;
  account: string;
  unit: string;
  available: string;
  pending: string;
  expired: string;
  redeemed: string;
  retired: string;
  lots: string;
}
interface PendingRow {
  partition: number;
  key: string;
  account: string;
  unit: string;
  amount: string;
  available_from: string;
  claim_by: string;
  expires_at: string | null;
}

const holdingOf = (r: HoldingRow): InPartition<HoldingRecord> => ({
  partition: r.partition,
  account: r.account,
  unit: r.unit as HoldingRecord['unit'],
  available: r.available,
  pending: r.pending,
  expired: r.expired,
  redeemed: r.redeemed,
  retired: r.retired,
  lots: JSON.parse(r.lots) as HoldingRecord['lots'],
});
const pendingOf = (r: PendingRow): InPartition<PendingRecord> => ({
  partition: r.partition,
  key: r.key,
  to: r.account,
  unit: r.unit as PendingRecord['unit'],
  amount: r.amount,
  availableFrom: r.available_from,
  claimBy: r.claim_by,
  expiresAt: r.expires_at,
});

/** Entries read per query while iterating (no read transaction is held between pages). */
const PAGE = 10_000;

/** The ledger database of a directory (created with the directory when missing). */
export function sqliteLedgerPath(dir: string): string {
  return join(dir, 'ledger.sqlite');
}

/**
 * better-sqlite3's Database class, loaded on first use: an optional dependency (DEPENDENCY_MISSING without it). A
 * caller that makes a directory for a database calls it first, so that a refusal leaves nothing behind.
 */
export function loadSqlite(): typeof Database {
  return requireOptional<typeof Database>('better-sqlite3');
}

/**
 * Open (or create) the embedded ledger store in `dir`.
 *
 * @example
 * const store = openSqliteStore('/data/ledger');
 * const run = await StoredBatch.open(store, { rules });
 */
export function openSqliteStore(dir: string, opts: StoreOpenOptions = {}): SqliteLedgerStore {
  checkStoreOpenOptions(opts);
  if (existsSync(dir) && !statSync(dir).isDirectory())
    carbonFail('LEDGER_STORE_INVALID', [], { detail: `${dir} is a file, not a ledger directory` });
  // The package before the directory: without it (DEPENDENCY_MISSING) nothing is made.
  loadSqlite();
  // One level at a time (makeOutputDir): Node's recursive mkdir never returns under /proc.
  makeOutputDir(dir);
  return new SqliteLedgerStore(sqliteLedgerPath(dir), opts);
}

/** The store's statements, prepared once. */
function prepareStatements(db: Database.Database) {
  return {
    head: db.prepare<[], { partition: number; seq: number; hash: string; last_ts: string | null }>(
      'SELECT partition, seq, hash, last_ts FROM head',
    ),
    setHead: db.prepare('INSERT OR REPLACE INTO head (partition, seq, hash, last_ts) VALUES (?, ?, ?, ?)'),
    meta: db.prepare<[], { key: string; value: string }>('SELECT key, value FROM meta'),
    metaValue: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)'),
    // The next position: max(pos) is the rowid's last key (no scan of the table).
    next: db.prepare<[], { n: number }>('SELECT coalesce(max(pos) + 1, 0) AS n FROM entries'),
    entry: db.prepare(
      'INSERT INTO entries (pos, partition, seq, kind, ts, ref, unit, activity, cert_ref, body, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    ref: db.prepare<[string], { units: number; evidence: string | null }>(
      'SELECT units, evidence FROM refs WHERE ref = ?',
    ),
    setRef: db.prepare('INSERT OR REPLACE INTO refs (ref, units, evidence) VALUES (?, ?, ?)'),
    certRef: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM entries WHERE cert_ref = ?'),
    clearHoldings: db.prepare('DELETE FROM holdings WHERE partition = ? AND account = ?'),
    holding: db.prepare(
      'INSERT OR REPLACE INTO holdings (partition, account, unit, available, pending, expired, redeemed, retired, lots) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    setPending: db.prepare(
      'INSERT OR REPLACE INTO pending (key, partition, account, unit, amount, available_from, claim_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    clearPending: db.prepare('DELETE FROM pending WHERE key = ?'),
    setRemainder: db.prepare(
      'INSERT OR REPLACE INTO remainders (account, partition, micrograms) VALUES (?, ?, ?)',
    ),
    clearRemainder: db.prepare('DELETE FROM remainders WHERE account = ?'),
    setRegistry: db.prepare('INSERT OR REPLACE INTO registry (partition, snapshot) VALUES (?, ?)'),
    setUser: db.prepare('INSERT OR REPLACE INTO users (user, partition, caps, points) VALUES (?, ?, ?, ?)'),
    page: db.prepare<[number, number], StoredEntryRow>(
      'SELECT partition, seq, kind, ts, ref, unit, activity, cert_ref AS certRef, body, prev, hash FROM entries WHERE pos >= ? ORDER BY pos LIMIT ?',
    ),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

export class SqliteLedgerStore implements LedgerStore {
  readonly kind = 'sqlite';
  readonly partitions: number;
  private readonly db: Database.Database;
  private readonly st: Statements;

  constructor(file: string, opts: StoreOpenOptions = {}) {
    const Sqlite = loadSqlite();
    let opened: Database.Database | undefined;
    try {
      opened = new Sqlite(file);
      opened.pragma('journal_mode = WAL');
      opened.pragma('synchronous = NORMAL');
      opened.pragma('busy_timeout = 10000');
      // 64 MiB of page cache: the refs and activity indexes take random keys, and a small cache rereads their pages.
      opened.pragma('cache_size = -65536');
      opened.exec(SCHEMA);
    } catch (e) {
      // a file SQLite opens but cannot read (not a database) is closed before the refusal
      opened?.close();
      carbonFail('LEDGER_STORE_INVALID', [], { detail: `${file}: ${(e as Error).message}` });
    }
    this.db = opened;
    try {
      this.partitions = this.checkFormat(file, opts.partitions);
      this.st = prepareStatements(opened);
    } catch (e) {
      this.db.close();
      if (e instanceof GepError) throw e;
      // a database of another program with a table of one of the ledger's names and other columns
      carbonFail('LEDGER_STORE_INVALID', [], { detail: `${file}: ${(e as Error).message}` });
    }
  }

  /** Check (or, for a new database, write) the format, version and number of partitions; returns the number. */
  private checkFormat(file: string, asked: number | undefined): number {
    const meta = new Map(
      this.db
        .prepare<[], { key: string; value: string }>('SELECT key, value FROM meta')
        .all()
        .map((r) => [r.key, r.value]),
    );
    if (meta.size === 0) {
      const n = storePartitions(undefined, asked);
      const insert = this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      this.db.transaction(() => {
        insert.run('format', STORE_FORMAT);
        insert.run('version', STORE_VERSION);
        insert.run('partitions', String(n));
      })();
      return n;
    }
    const n = storePartitions(meta.get('partitions'), asked);
    if (checkStoreFormat(meta, `${file} is`) === 'migrate') this.migrate(file, n);
    return n;
  }

  /**
   * Migrate a version-2 database (holdings keyed by account and unit, refs perhaps without record refs) to this
   * version, in one transaction: its holdings rows copied into the table keyed by account, partition and unit, and
   * each record entry's ref key written to the refs (`writeRecordRefs`). Refused (`checkMigration`) when the ledger
   * has several partitions and an account is touched by entries of two: version 2 may have lost its rows; refused
   * (`checkMigrationRefs`) when its entries repeat a record ref.
   */
  private migrate(file: string, n: number): void {
    const db = this.db;
    db.transaction(() => {
      if (n > 1) {
        const crossing = db
          .prepare<[], { account: string }>(
            `SELECT account FROM (
               SELECT partition, json_extract(body, '$.from') AS account FROM entries
               UNION SELECT partition, json_extract(body, '$.to') FROM entries)
             WHERE account IS NOT NULL GROUP BY account HAVING count(DISTINCT partition) > 1
             ORDER BY account LIMIT 10`,
          )
          .all()
          .map((r) => r.account);
        checkMigration(crossing, `${file} is`);
      }
      db.exec(`
        CREATE TABLE holdings_v3 (
          partition INTEGER NOT NULL, account TEXT NOT NULL, unit TEXT NOT NULL, available TEXT NOT NULL,
          pending TEXT NOT NULL, expired TEXT NOT NULL, redeemed TEXT NOT NULL, retired TEXT NOT NULL,
          lots TEXT NOT NULL, PRIMARY KEY (account, partition, unit)) WITHOUT ROWID;
        INSERT INTO holdings_v3 SELECT partition, account, unit, available, pending, expired, redeemed, retired, lots
          FROM holdings;
        DROP TABLE holdings;
        ALTER TABLE holdings_v3 RENAME TO holdings;`);
      checkMigrationRefs(this.writeRecordRefs(), `${file} is`);
      db.prepare("UPDATE meta SET value = ? WHERE key = 'version'").run(STORE_VERSION);
    }).immediate();
  }

  /**
   * Write each stored record entry's ref key (`storedRecordRefKey`, the key its append wrote) with RECORD_BIT to the
   * refs, walking the record entries by position in pages of PAGE (better-sqlite3 cannot write while a statement
   * iterates; memory stays flat). RECORD_BIT is cleared from every ref first, so the keys the refs already hold are
   * written again like the others; a key whose bit an earlier entry set is a repeat. Returns the repeated keys (the
   * walk stops at REPEATS_NAMED of them). Runs inside the migration's transaction.
   */
  private writeRecordRefs(): string[] {
    const db = this.db;
    db.prepare('UPDATE refs SET units = units & ~? WHERE units & ? <> 0').run(RECORD_BIT, RECORD_BIT);
    const page = db.prepare<[number, string, number], StoredRecordRef & { pos: number }>(
      `SELECT pos, kind, ref, json_extract(body, '$.from') AS source FROM entries
       WHERE pos > ? AND kind IN (SELECT value FROM json_each(?)) ORDER BY pos LIMIT ?`,
    );
    // The upsert changes no row when the key's bit is already set.
    const setKey = db.prepare(
      `INSERT INTO refs (ref, units, evidence) VALUES (?, ?, NULL)
       ON CONFLICT (ref) DO UPDATE SET units = units | excluded.units WHERE units & excluded.units = 0`,
    );
    const kinds = JSON.stringify(RECORD_REF_KINDS);
    const repeated: string[] = [];
    for (let last = -1; ;) {
      const rows = page.all(last, kinds, PAGE);
      for (const r of rows) {
        const key = storedRecordRefKey(r);
        if (setKey.run(key, RECORD_BIT).changes === 0 && repeated.push(key) >= REPEATS_NAMED) return repeated;
      }
      if (rows.length < PAGE) return repeated;
      last = (rows[rows.length - 1] as { pos: number }).pos;
    }
  }

  private headsNow(): PartitionHead[] {
    return allHeads(
      this.partitions,
      this.st.head
        .all()
        .map((r) => ({ partition: r.partition, seq: r.seq, head: r.hash, lastTs: r.last_ts })),
    );
  }

  private registryRows(): RegistryRecord[] {
    return this.db
      .prepare<[], { partition: number; snapshot: string }>(
        'SELECT partition, snapshot FROM registry ORDER BY partition',
      )
      .all()
      .map((r) => ({
        partition: r.partition,
        snapshot: JSON.parse(r.snapshot) as RegistryRecord['snapshot'],
      }));
  }

  load(only?: readonly number[]): Promise<StoredState> {
    const keep = only === undefined ? () => true : (r: { partition: number }) => only.includes(r.partition);
    const read = this.db.transaction(() => ({
      heads: this.headsNow(),
      holdings: this.db.prepare<[], HoldingRow>('SELECT * FROM holdings').all().filter(keep).map(holdingOf),
      pending: this.db.prepare<[], PendingRow>('SELECT * FROM pending').all().filter(keep).map(pendingOf),
      remainders: this.db
        .prepare<[], { account: string; partition: number; micrograms: string }>(
          'SELECT account, partition, micrograms FROM remainders',
        )
        .all()
        .filter(keep),
      users: this.db
        .prepare<[], { user: string; partition: number; caps: string | null; points: string | null }>(
          'SELECT * FROM users',
        )
        .all()
        .filter(keep)
        .map((r) => {
          const u: InPartition<UserRecord> = { user: r.user, partition: r.partition };
          if (r.caps !== null) u.caps = JSON.parse(r.caps) as UserRecord['caps'];
          if (r.points !== null) u.points = JSON.parse(r.points) as UserRecord['points'];
          return u;
        }),
      registry: this.registryRows().filter(keep),
      ruleSets: ruleSetsOfMeta(this.st.meta.all().map((r) => [r.key, r.value] as const)),
    }));
    return Promise.resolve(read());
  }

  refs(refs: readonly string[]): Promise<Map<string, RefRecord>> {
    const out = new Map<string, RefRecord>();
    for (const ref of refs) {
      const r = this.st.ref.get(ref);
      if (r !== undefined) out.set(ref, { units: r.units, evidence: r.evidence });
    }
    return Promise.resolve(out);
  }

  certified(refs: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const ref of refs) if (this.st.certRef.get(ref) !== undefined) out.add(ref);
    return Promise.resolve(out);
  }

  // async: a refusal rejects the promise rather than throwing at the call.
  async append(c: StoreCommit): Promise<void> {
    const st = this.st;
    const write = this.db.transaction(() => {
      checkExpected(this.headsNow(), c.expect);
      if (c.ruleSet !== undefined) {
        const key = ruleSetMetaKey(c.ruleSet.ref);
        const recorded = st.metaValue.get(key)?.value;
        checkRuleSet(recorded, c.ruleSet);
        if (recorded === undefined) st.setMeta.run(key, c.ruleSet.hash);
      }
      let pos = (st.next.get() as { n: number }).n;
      for (const e of c.entries) {
        const r = entryRow(e);
        st.entry.run(
          pos++,
          r.partition,
          r.seq,
          r.kind,
          r.ts,
          r.ref,
          r.unit,
          r.activity,
          r.certRef,
          r.body,
          r.prev,
          r.hash,
        );
      }
      for (const [ref, r] of c.refs) st.setRef.run(ref, r.units, r.evidence);
      // A state never drops a holding once created, so the holdings are upserted: an account's rows are cleared
      // only when the commit lists fewer units than the store holds for it (none the batch writes).
      const held = new Set(c.holdings.map((h) => `${h.partition} ${h.account}`));
      for (const a of c.accounts)
        if (!held.has(`${a.partition} ${a.account}`)) st.clearHoldings.run(a.partition, a.account);
      for (const h of c.holdings)
        st.holding.run(
          h.partition,
          h.account,
          h.unit,
          h.available,
          h.pending,
          h.expired,
          h.redeemed,
          h.retired,
          JSON.stringify(h.lots),
        );
      for (const [key, p] of c.pending)
        if (p === null) st.clearPending.run(key);
        else
          st.setPending.run(
            key,
            p.partition,
            p.to,
            p.unit,
            p.amount,
            p.availableFrom,
            p.claimBy,
            p.expiresAt,
          );
      for (const r of c.remainders)
        if (r.micrograms === '0') st.clearRemainder.run(r.account);
        else st.setRemainder.run(r.account, r.partition, r.micrograms);
      for (const u of c.users)
        st.setUser.run(
          u.user,
          u.partition,
          u.caps !== undefined ? JSON.stringify(u.caps) : null,
          u.points !== undefined ? JSON.stringify(u.points) : null,
        );
      for (const r of c.registry) st.setRegistry.run(r.partition, JSON.stringify(r.snapshot));
      for (const h of c.heads) st.setHead.run(h.partition, h.seq, h.head, h.lastTs);
    });
    try {
      write.immediate();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
        carbonFail('LEDGER_STORE_CONFLICT', [], { detail: (e as Error).message });
      throw e;
    }
    return Promise.resolve();
  }

  head(): Promise<StoredHead> {
    return Promise.resolve(ledgerHead(this.headsNow()));
  }

  heads(): Promise<PartitionHead[]> {
    return Promise.resolve(this.headsNow());
  }

  balances(account?: string): Promise<Balances> {
    const rows =
      account === undefined
        ? this.db.prepare<[], HoldingRow>('SELECT * FROM holdings').all()
        : this.db.prepare<[string], HoldingRow>('SELECT * FROM holdings WHERE account = ?').all(account);
    return Promise.resolve(balancesOfRecords(rows.map(holdingOf)));
  }

  async *entries(from = 0, columns?: ColumnsSeen): AsyncIterable<Entry> {
    let next = from;
    for (;;) {
      const rows = this.st.page.all(next, PAGE);
      for (const r of rows) {
        const e = rowEntry(r.body, r.prev, r.hash);
        columns?.(r, e);
        yield e;
      }
      if (rows.length < PAGE) return;
      next += rows.length;
      await Promise.resolve();
    }
  }

  derived(): Promise<DerivedState> {
    const read = this.db.transaction(() => ({
      heads: this.headsNow(),
      holdings: this.db.prepare<[], HoldingRow>('SELECT * FROM holdings').all().map(holdingOf),
      pending: this.db.prepare<[], PendingRow>('SELECT * FROM pending').all().map(pendingOf),
      registry: this.registryRows(),
      credited: (
        this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM refs WHERE units <> 0').get() as {
          n: number;
        }
      ).n,
    }));
    return Promise.resolve(read());
  }

  checkpoints(): Promise<Checkpoint[]> {
    return Promise.resolve(
      this.db
        .prepare<[], CheckpointRow>('SELECT * FROM checkpoints ORDER BY count')
        .all()
        .map(checkpointOfRow),
    );
  }

  addCheckpoint(c: Checkpoint): Promise<Checkpoint | undefined> {
    const added = this.db
      .prepare(
        'INSERT INTO checkpoints (count, head, ts, public_key, signature, partitions) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (count) DO NOTHING',
      )
      .run(
        c.count,
        c.head,
        c.ts,
        c.publicKey,
        c.signature,
        c.partitions !== undefined ? JSON.stringify(c.partitions) : null,
      );
    if (added.changes > 0) return Promise.resolve(undefined);
    const kept = this.db
      .prepare<[number], CheckpointRow>('SELECT * FROM checkpoints WHERE count = ?')
      .get(c.count) as CheckpointRow;
    return Promise.resolve(checkpointOfRow(kept));
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}

/** The ids of a run on disk (`openSqliteIdStore`): both guards of a batch, over one table. */
export interface SqliteIdStore {
  /** The ledger's double-credit guard (ref → unit mask). */
  credited: CreditStore;
  /** The batch's seen ids (ref → first evidence). */
  seen: SeenStore;
  /** Write the buffered ids to the database. */
  flush(): void;
  close(): void;
}

/**
 * The ids already credited and seen, on disk in a SQLite database at `file` (its folder made when missing), behind a
 * write buffer of 65,536 refs: memory stays flat however long the stream, or the ledger verified, is. For a batch whose ledger
 * is kept in files (`--id-store`) or for the replay of a verification; a stored ledger keeps its refs itself.
 *
 * @example
 * const ids = openSqliteIdStore('/tmp/run/ids.sqlite');
 * const batch = new CarbonBatch({ credited: ids.credited, seen: ids.seen });
 */
export function openSqliteIdStore(file: string): SqliteIdStore {
  loadSqlite();
  // Its folder and the missing ones above it, as openSqliteStore makes its directory (OUTPUT_UNWRITABLE when a level
  // cannot be made): a folder not there yet is no damaged store.
  makeOutputDir(dirname(file));
  let refs: SqliteMap<RefRecord>;
  try {
    refs = openSqliteMap<RefRecord>(file, {
      table: 'refs',
      key: 'ref',
      columns: { units: 'INTEGER NOT NULL', evidence: 'TEXT' },
    });
  } catch (e) {
    return carbonFail('LEDGER_STORE_INVALID', [], { detail: `${file}: ${(e as Error).message}` });
  }
  // The batch reads one ref several times in a row (seen, then credited, then both set): the map keeps the last read.
  return {
    credited: {
      get: (ref) => refs.get(ref)?.units,
      set: (ref, units) => refs.set(ref, { units, evidence: refs.get(ref)?.evidence ?? null }),
    },
    seen: {
      get: (ref) => refs.get(ref)?.evidence ?? undefined,
      set: (ref, evidence) => refs.set(ref, { units: refs.get(ref)?.units ?? 0, evidence }),
    },
    flush: () => refs.flush(),
    close: () => refs.close(),
  };
}
