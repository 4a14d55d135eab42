/**
 * The PostgreSQL ledger store (driver `pg`), for platforms: the tables of the embedded store (docs/carbon.md),
 * with the entries table append-only (a trigger refuses UPDATE and DELETE), unique constraints on
 * (activity, unit) and on the certification reference, and appends serialised per partition by
 * transaction-scoped advisory locks keyed (LOCK, partition): each chunk's transaction takes the locks of the
 * partitions its writer holds (in partition order, so two writers never wait on each other in a cycle), checks
 * their head rows and writes entries and state with multi-row INSERT statements (upserts for the state) of up to
 * 1,000 rows each, their parameters sent one by one (see `write`). Writers of different
 * partitions append side by side; one that finds a head of its partitions moved gets LEDGER_STORE_CONFLICT and
 * redoes its chunk on the reloaded state.
 */
import pg from 'pg';
import { carbonFail } from './errors';
import type { Entry } from './ledger/entry';
import type { PartitionHead } from './ledger/partition';
import { type Balances, type HoldingRecord, type PendingRecord, RECORD_BIT } from './ledger/state';
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
  type RuleSetRecord,
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
  rowEntry,
  ruleSetMetaKey,
  ruleSetsOfMeta,
  storePartitions,
  storedRecordRefKey,
  type ColumnsSeen,
  type StoredEntryRow,
} from './store';

/**
 * The advisory lock key of schema creation ('gepk' as a 32-bit integer), and the first key of each partition's
 * append lock (LOCK, partition): the one-key and two-key lock spaces of PostgreSQL do not overlap.
 */
const LOCK = 0x6765706b;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS head (partition integer PRIMARY KEY, seq bigint NOT NULL, hash text NOT NULL, last_ts text);
CREATE TABLE IF NOT EXISTS entries (
  pos bigint GENERATED ALWAYS AS IDENTITY (MINVALUE 0 START WITH 0) PRIMARY KEY, partition integer NOT NULL,
  seq bigint NOT NULL, kind text NOT NULL, ts text NOT NULL, ref text NOT NULL, unit text NOT NULL,
  activity text, cert_ref text, body text NOT NULL, prev text NOT NULL, hash text NOT NULL UNIQUE,
  UNIQUE (partition, seq));
CREATE UNIQUE INDEX IF NOT EXISTS entries_activity ON entries (activity, unit) WHERE activity IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS entries_cert_ref ON entries (cert_ref) WHERE cert_ref IS NOT NULL;
CREATE OR REPLACE FUNCTION gepkit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN RAISE EXCEPTION 'gepkit ledger entries are append-only'; END $$;
CREATE OR REPLACE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON entries
  FOR EACH ROW EXECUTE FUNCTION gepkit_entries_append_only();
CREATE TABLE IF NOT EXISTS refs (ref text PRIMARY KEY, units integer NOT NULL, evidence text);
CREATE TABLE IF NOT EXISTS holdings (
  partition integer NOT NULL, account text NOT NULL, unit text NOT NULL, available numeric NOT NULL, pending numeric NOT NULL,
  expired numeric NOT NULL, redeemed numeric NOT NULL, retired numeric NOT NULL, lots jsonb NOT NULL,
  PRIMARY KEY (account, partition, unit));
CREATE TABLE IF NOT EXISTS pending (
  key text PRIMARY KEY, partition integer NOT NULL, account text NOT NULL, unit text NOT NULL, amount numeric NOT NULL,
  available_from text NOT NULL, claim_by text NOT NULL, expires_at text);
CREATE TABLE IF NOT EXISTS remainders (account text PRIMARY KEY, partition integer NOT NULL, micrograms numeric NOT NULL);
CREATE TABLE IF NOT EXISTS users (user_id text PRIMARY KEY, partition integer NOT NULL, caps jsonb, points jsonb);
CREATE TABLE IF NOT EXISTS registry (partition integer PRIMARY KEY, snapshot text NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoints (
  count bigint PRIMARY KEY, head text NOT NULL, ts text NOT NULL, public_key text NOT NULL, signature text NOT NULL,
  partitions jsonb);
`;

interface HoldingRow {
  partition: number;
  account: string;
  unit: string;
  available: string;
  pending: string;
  expired: string;
  redeemed: string;
  retired: string;
  lots: HoldingRecord['lots'];
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
  // jsonb keeps its own key order: rebuild each lot in the record's.
  lots: r.lots.map((l) => ({ expiresAt: l.expiresAt, amount: l.amount })),
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
const HOLDINGS =
  'SELECT partition, account, unit, available::text, pending::text, expired::text, redeemed::text, retired::text, lots FROM holdings';
const PENDING =
  'SELECT partition, key, account, unit, amount::text, available_from, claim_by, expires_at FROM pending';
/** The rows of the partitions $1 (an int[]; null: every partition). */
const IN_PARTITIONS = ' WHERE $1::int[] IS NULL OR partition = ANY($1::int[])';
const PAGE = 10_000;

/** Rows per INSERT statement of an append (at most 11 parameters a row, well under PostgreSQL's 65,535). */
const ROWS = 1000;

/** A table an append writes rows into: its columns (each with the cast of its parameter) and its upsert clause. */
interface RowTable {
  name: string;
  columns: { name: string; cast: string }[];
  conflict: string;
}
/** A RowTable from `name type` column specs; `key` (the conflict target) makes the INSERT an upsert. */
function rowTable(name: string, columns: string[], key?: string): RowTable {
  const cols = columns.map((c) => {
    const [col, type] = c.split(' ') as [string, string];
    return { name: col, cast: `::${type}` };
  });
  const keys = new Set(key?.split(', '));
  const set = cols.filter((c) => !keys.has(c.name)).map((c) => `${c.name} = excluded.${c.name}`);
  return {
    name,
    columns: cols,
    conflict: key === undefined ? '' : ` ON CONFLICT (${key}) DO UPDATE SET ${set.join(', ')}`,
  };
}
const TABLES = {
  entries: rowTable('entries', [
    'partition int',
    'seq bigint',
    'kind text',
    'ts text',
    'ref text',
    'unit text',
    'activity text',
    'cert_ref text',
    'body text',
    'prev text',
    'hash text',
  ]),
  refs: rowTable('refs', ['ref text', 'units int', 'evidence text'], 'ref'),
  holdings: rowTable(
    'holdings',
    [
      'partition int',
      'account text',
      'unit text',
      'available numeric',
      'pending numeric',
      'expired numeric',
      'redeemed numeric',
      'retired numeric',
      'lots jsonb',
    ],
    'account, partition, unit',
  ),
  pending: rowTable(
    'pending',
    [
      'key text',
      'partition int',
      'account text',
      'unit text',
      'amount numeric',
      'available_from text',
      'claim_by text',
      'expires_at text',
    ],
    'key',
  ),
  remainders: rowTable('remainders', ['account text', 'partition int', 'micrograms numeric'], 'account'),
  users: rowTable('users', ['user_id text', 'partition int', 'caps jsonb', 'points jsonb'], 'user_id'),
  registry: rowTable('registry', ['partition int', 'snapshot text'], 'partition'),
  head: rowTable('head', ['partition int', 'seq bigint', 'hash text', 'last_ts text'], 'partition'),
};

/** An entry's row in the columns of TABLES.entries. */
function entryValues(e: Entry): unknown[] {
  const r = entryRow(e);
  return [r.partition, r.seq, r.kind, r.ts, r.ref, r.unit, r.activity, r.certRef, r.body, r.prev, r.hash];
}

/**
 * The client of the store's pool: one whose connection fails (a sign-in the server refuses, or one the driver gives
 * up itself, as when the server asks for a password and the URL has none) closes its socket before reporting the
 * error. pg's pool drops such a client without ending it, and the server then holds the half-signed-in connection,
 * and the process with it, until its authentication timeout (60 s by default).
 */

interface CheckpointRow {
  count: string;
  head: string;
  ts: string;
  public_key: string;
  signature: string;
  partitions: NonNullable<Checkpoint['partitions']> | null;
}

function checkpointOfRow(r: CheckpointRow): Checkpoint {
  const c: Checkpoint = {
    count: Number(r.count),
    head: r.head,
    ts: r.ts,
    publicKey: r.public_key,
    signature: r.signature,
  };
  // jsonb keeps its own key order: rebuild each partition's in the checkpoint's.
  if (r.partitions !== null) c.partitions = r.partitions.map((p) => ({ count: p.count, head: p.head }));
  return c;
}

class ClosingClient extends pg.Client {
  override connect(): Promise<pg.Client>;
  override connect(callback: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): void;
  override connect(
    callback?: ((err: Error) => void) | ((err: null, c: pg.Client) => void),
  ): Promise<pg.Client> | void {
    const connected = super.connect().catch(async (e: unknown) => {
      await this.end().catch(() => undefined);
      throw e;
    });
    if (callback === undefined) return connected;
    const done = callback as (err: Error | null, c?: pg.Client) => void;
    connected.then(
      (c) => done(null, c),
      (e: unknown) => done(e as Error),
    );
  }
}

/**
 * Open the PostgreSQL ledger store at `url` (creating its tables when missing).
 *
 * @example
 * const store = await openPostgresStore('postgres://gepkit@localhost/carbon');
 */
export async function openPostgresStore(
  url: string,
  opts: StoreOpenOptions = {},
): Promise<PostgresLedgerStore> {
  checkStoreOpenOptions(opts);
  const pool = new pg.Pool({ connectionString: url, max: 4, Client: ClosingClient });
  let partitions: number;
  try {
    const c = await pool.connect();
    try {
      await c.query('SELECT pg_advisory_lock($1)', [LOCK]);
      await c.query(SCHEMA);
      const meta = new Map(
        (await c.query<{ key: string; value: string }>('SELECT key, value FROM meta')).rows.map((r) => [
          r.key,
          r.value,
        ]),
      );
      if (meta.size === 0) {
        partitions = storePartitions(undefined, opts.partitions);
        await c.query(
          "INSERT INTO meta (key, value) VALUES ('format', $1), ('version', $2), ('partitions', $3)",
          [STORE_FORMAT, STORE_VERSION, String(partitions)],
        );
      } else {
        partitions = storePartitions(meta.get('partitions'), opts.partitions);
        if (checkStoreFormat(meta, 'the database holds') === 'migrate') await migrate(c, partitions);
      }
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [LOCK]).catch(() => undefined);
      c.release();
    }
  } catch (e) {
    await pool.end();
    const code = (e as { code?: string }).code;
    if (
      code === 'LEDGER_STORE_INVALID' ||
      code === 'LEDGER_PARTITIONS_MISMATCH' ||
      code === 'LEDGER_PARTITIONS_INVALID'
    )
      throw e;
    carbonFail('LEDGER_STORE_INVALID', [], { detail: `PostgreSQL: ${(e as Error).message}` });
  }
  return new PostgresLedgerStore(pool, partitions);
}

/**
 * Migrate a version-2 database (holdings keyed by account and unit, refs perhaps without record refs) to this
 * version, in one transaction: the holdings' primary key becomes (account, partition, unit), and each record entry's
 * ref key is written to the refs (`writeRecordRefs`). Refused (`checkMigration`) when the ledger has several
 * partitions and an account is touched by entries of two: version 2 may have lost its rows; refused
 * (`checkMigrationRefs`) when its entries repeat a record ref.
 */
async function migrate(c: pg.PoolClient, partitions: number): Promise<void> {
  await c.query('BEGIN');
  try {
    if (partitions > 1) {
      const crossing = await c.query<{ account: string }>(
        `SELECT account FROM (
           SELECT partition, body::jsonb ->> 'from' AS account FROM entries
           UNION SELECT partition, body::jsonb ->> 'to' FROM entries) AS touched
         WHERE account IS NOT NULL GROUP BY account HAVING count(DISTINCT partition) > 1
         ORDER BY account LIMIT 10`,
      );
      checkMigration(
        crossing.rows.map((r) => r.account),
        'the database holds',
      );
    }
    await c.query(
      'ALTER TABLE holdings DROP CONSTRAINT holdings_pkey, ADD PRIMARY KEY (account, partition, unit)',
    );
    checkMigrationRefs(await writeRecordRefs(c), 'the database holds');
    await c.query("UPDATE meta SET value = $1 WHERE key = 'version'", [STORE_VERSION]);
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  }
}

/**
 * Write each stored record entry's ref key (`storedRecordRefKey`, the key its append wrote; computed here, not in
 * SQL, so there is one definition of it) with RECORD_BIT to the refs, walking the record entries by position in pages
 * of PAGE (memory stays flat), within the migration's transaction. RECORD_BIT is cleared from every ref first, so the
 * keys the refs already hold are written again like the others; a key whose bit an earlier entry set is a repeat.
 * Returns the repeated keys (the walk stops at REPEATS_NAMED of them).
 */
async function writeRecordRefs(c: pg.PoolClient): Promise<string[]> {
  await c.query('UPDATE refs SET units = units & ~$1::int WHERE units & $1::int <> 0', [RECORD_BIT]);
  const repeated: string[] = [];
  for (let last = '-1'; repeated.length < REPEATS_NAMED;) {
    const { rows } = await c.query<StoredRecordRef & { pos: string }>(
      `SELECT pos, kind, ref, body::jsonb ->> 'from' AS source FROM entries
       WHERE pos > $1 AND kind = ANY($2::text[]) ORDER BY pos LIMIT $3`,
      [last, RECORD_REF_KINDS, PAGE],
    );
    // A key twice in the page is a repeat; the page's other keys are upserted in one statement, which returns the
    // keys it set (none whose bit is already set: a repeat of an earlier page).
    const keys = new Set<string>();
    for (const r of rows) {
      const key = storedRecordRefKey(r);
      if (keys.has(key)) repeated.push(key);
      else keys.add(key);
    }
    const set = await c.query<{ ref: string }>(
      `INSERT INTO refs (ref, units, evidence) SELECT k, $2::int, NULL FROM unnest($1::text[]) AS k
       ON CONFLICT (ref) DO UPDATE SET units = refs.units | excluded.units WHERE refs.units & excluded.units = 0
       RETURNING ref`,
      [[...keys], RECORD_BIT],
    );
    if (set.rows.length < keys.size) {
      for (const r of set.rows) keys.delete(r.ref);
      repeated.push(...keys);
    }
    const end = rows[rows.length - 1];
    if (rows.length < PAGE || end === undefined) break;
    last = end.pos;
  }
  return repeated;
}

/**
 * Record the rule set of an append, or check it against the one recorded under its ref (LEDGER_RULES_CHANGED).
 * A writer appending under the same ref at the same time waits on the insert until the first commits, then reads
 * the first's hash (each statement of a READ COMMITTED transaction sees what was committed before it).
 */
async function recordRuleSet(c: pg.PoolClient, r: RuleSetRecord): Promise<void> {
  const key = ruleSetMetaKey(r.ref);
  await c.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, r.hash]);
  const recorded = await c.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]);
  checkRuleSet(recorded.rows[0]?.value, r);
}

export class PostgresLedgerStore implements LedgerStore {
  readonly kind = 'postgres';
  /** The INSERT text of each table and row count an append has used. */
  private readonly statements = new Map<string, string>();
  constructor(
    private readonly pool: pg.Pool,
    readonly partitions: number,
  ) {}

  private async headsOf(q: pg.Pool | pg.PoolClient): Promise<PartitionHead[]> {
    const rows = (
      await q.query<{ partition: number; seq: string; hash: string; last_ts: string | null }>(
        'SELECT partition, seq, hash, last_ts FROM head',
      )
    ).rows;
    return allHeads(
      this.partitions,
      rows.map((r) => ({ partition: r.partition, seq: Number(r.seq), head: r.hash, lastTs: r.last_ts })),
    );
  }

  /** Run `f` in one transaction (REPEATABLE READ for reads of several tables, READ COMMITTED for appends). */
  private async tx<T>(f: (c: pg.PoolClient) => Promise<T>, isolation = 'READ COMMITTED'): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const out = await f(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  private async registryRows(c: pg.PoolClient, only?: readonly number[]): Promise<RegistryRecord[]> {
    const rows = await c.query<{ partition: number; snapshot: string }>(
      `SELECT partition, snapshot FROM registry${IN_PARTITIONS} ORDER BY partition`,
      [only === undefined ? null : [...only]],
    );
    return rows.rows.map((r) => ({
      partition: r.partition,
      snapshot: JSON.parse(r.snapshot) as RegistryRecord['snapshot'],
    }));
  }

  load(only?: readonly number[]): Promise<StoredState> {
    const set = [only === undefined ? null : [...only]];
    return this.tx(
      async (c) => ({
        heads: await this.headsOf(c),
        holdings: (await c.query<HoldingRow>(HOLDINGS + IN_PARTITIONS, set)).rows.map(holdingOf),
        pending: (await c.query<PendingRow>(PENDING + IN_PARTITIONS, set)).rows.map(pendingOf),
        remainders: (
          await c.query<{ account: string; partition: number; micrograms: string }>(
            `SELECT account, partition, micrograms::text FROM remainders${IN_PARTITIONS}`,
            set,
          )
        ).rows,
        users: (
          await c.query<{
            user_id: string;
            partition: number;
            caps: UserRecord['caps'] | null;
            points: UserRecord['points'] | null;
          }>(`SELECT user_id, partition, caps, points FROM users${IN_PARTITIONS}`, set)
        ).rows.map((r) => {
          const u: InPartition<UserRecord> = { user: r.user_id, partition: r.partition };
          if (r.caps !== null) u.caps = r.caps;
          if (r.points !== null) u.points = r.points;
          return u;
        }),
        registry: await this.registryRows(c, only),
        ruleSets: ruleSetsOfMeta(
          (await c.query<{ key: string; value: string }>('SELECT key, value FROM meta')).rows.map(
            (r) => [r.key, r.value] as const,
          ),
        ),
      }),
      'REPEATABLE READ',
    );
  }

  async refs(refs: readonly string[]): Promise<Map<string, RefRecord>> {
    const out = new Map<string, RefRecord>();
    if (refs.length === 0) return out;
    const rows = await this.pool.query<{ ref: string; units: number; evidence: string | null }>(
      'SELECT ref, units, evidence FROM refs WHERE ref = ANY($1::text[])',
      [refs],
    );
    for (const r of rows.rows) out.set(r.ref, { units: r.units, evidence: r.evidence });
    return out;
  }

  async certified(refs: readonly string[]): Promise<Set<string>> {
    if (refs.length === 0) return new Set();
    const rows = await this.pool.query<{ cert_ref: string }>(
      'SELECT cert_ref FROM entries WHERE cert_ref = ANY($1::text[])',
      [refs],
    );
    return new Set(rows.rows.map((r) => r.cert_ref));
  }

  async append(commit: StoreCommit): Promise<void> {
    try {
      await this.tx(async (c) => {
        // The locks of the writer's partitions, in partition order (no two writers wait on each other in a cycle).
        const held = [...new Set(commit.expect.map((h) => h.partition))].sort((a, b) => a - b);
        await c.query('SELECT pg_advisory_xact_lock($1, p) FROM unnest($2::int[]) AS p ORDER BY p', [
          LOCK,
          held,
        ]);
        checkExpected(await this.headsOf(c), commit.expect);
        if (commit.ruleSet !== undefined) await recordRuleSet(c, commit.ruleSet);
        await this.write(c, commit);
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505')
        carbonFail('LEDGER_STORE_CONFLICT', [], { detail: (e as Error).message });
      throw e;
    }
  }

  /**
   * The commit's rows: per table, multi-row INSERT statements of at most ROWS rows each, their parameters sent
   * one by one (no array literal to build and escape). A statement of exactly ROWS rows is a named prepared
   * statement, parsed once per connection; the last, shorter one of a table is parsed with its rows. The rows of
   * a VALUES list are inserted in list order, so the entries' positions follow the chunk's order.
   */
  private async write(c: pg.PoolClient, k: StoreCommit): Promise<void> {
    await this.insert(c, TABLES.entries, k.entries.map(entryValues));
    await this.insert(
      c,
      TABLES.refs,
      k.refs.map(([ref, r]) => [ref, r.units, r.evidence]),
    );
    // A state never drops a holding once created: holdings are upserted, and an account is cleared only when
    // the commit lists none for it.
    const held = new Set(k.holdings.map((h) => `${h.partition} ${h.account}`));
    const cleared = k.accounts.filter((a) => !held.has(`${a.partition} ${a.account}`));
    if (cleared.length > 0)
      await c.query(
        'DELETE FROM holdings h USING unnest($1::text[], $2::int[]) AS x(account, partition) WHERE h.account = x.account AND h.partition = x.partition',
        [cleared.map((a) => a.account), cleared.map((a) => a.partition)],
      );
    await this.insert(
      c,
      TABLES.holdings,
      k.holdings.map((h) => [
        h.partition,
        h.account,
        h.unit,
        h.available,
        h.pending,
        h.expired,
        h.redeemed,
        h.retired,
        JSON.stringify(h.lots),
      ]),
    );
    const done = k.pending.filter((p) => p[1] === null).map((p) => p[0]);
    if (done.length > 0) await c.query('DELETE FROM pending WHERE key = ANY($1::text[])', [done]);
    await this.insert(
      c,
      TABLES.pending,
      k.pending.flatMap(([key, p]) =>
        p === null
          ? []
          : [[key, p.partition, p.to, p.unit, p.amount, p.availableFrom, p.claimBy, p.expiresAt]],
      ),
    );
    const zero = k.remainders.filter((r) => r.micrograms === '0').map((r) => r.account);
    if (zero.length > 0) await c.query('DELETE FROM remainders WHERE account = ANY($1::text[])', [zero]);
    await this.insert(
      c,
      TABLES.remainders,
      k.remainders.flatMap((r) => (r.micrograms === '0' ? [] : [[r.account, r.partition, r.micrograms]])),
    );
    await this.insert(
      c,
      TABLES.users,
      k.users.map((u) => [
        u.user,
        u.partition,
        u.caps !== undefined ? JSON.stringify(u.caps) : null,
        u.points !== undefined ? JSON.stringify(u.points) : null,
      ]),
    );
    await this.insert(
      c,
      TABLES.registry,
      k.registry.map((r) => [r.partition, JSON.stringify(r.snapshot)]),
    );
    await this.insert(
      c,
      TABLES.head,
      k.heads.map((h) => [h.partition, h.seq, h.head, h.lastTs]),
    );
  }

  /** Insert `rows` (each the table's columns in order) with multi-row statements of at most ROWS rows. */
  private async insert(c: pg.PoolClient, t: RowTable, rows: readonly (readonly unknown[])[]): Promise<void> {
    for (let i = 0; i < rows.length; i += ROWS) {
      const part = rows.length <= ROWS ? rows : rows.slice(i, i + ROWS);
      const values: unknown[] = [];
      for (const r of part) for (const v of r) values.push(v);
      const text = this.statement(t, part.length);
      await c.query(
        part.length === ROWS ? { name: `gepkit_${t.name}_${ROWS}`, text, values } : { text, values },
      );
    }
  }

  /** The INSERT of `n` rows into `t` (kept per row count: a prepared statement's text is compared on each use). */
  private statement(t: RowTable, n: number): string {
    const key = `${t.name}:${n}`;
    let text = this.statements.get(key);
    if (text === undefined) {
      const width = t.columns.length;
      const rows = Array.from(
        { length: n },
        (_, r) => `(${t.columns.map((col, j) => `$${r * width + j + 1}${col.cast}`).join(', ')})`,
      );
      text = `INSERT INTO ${t.name} (${t.columns.map((col) => col.name).join(', ')}) VALUES ${rows.join(', ')}${t.conflict}`;
      this.statements.set(key, text);
    }
    return text;
  }

  async head(): Promise<StoredHead> {
    return ledgerHead(await this.headsOf(this.pool));
  }

  heads(): Promise<PartitionHead[]> {
    return this.headsOf(this.pool);
  }

  async balances(account?: string): Promise<Balances> {
    const rows =
      account === undefined
        ? await this.pool.query<HoldingRow>(HOLDINGS)
        : await this.pool.query<HoldingRow>(`${HOLDINGS} WHERE account = $1`, [account]);
    return balancesOfRecords(rows.rows.map(holdingOf));
  }

  async *entries(from = 0, columns?: ColumnsSeen): AsyncIterable<Entry> {
    // Positions may have gaps (an identity value of a rolled-back append is never reused): the first page skips
    // `from` rows, the next ones continue after the last position read.
    const select =
      'SELECT pos, partition, seq::text AS seq, kind, ts, ref, unit, activity, cert_ref AS "certRef", body, prev, hash FROM entries';
    let rows = (
      await this.pool.query<StoredEntryRow & { pos: string }>(`${select} ORDER BY pos OFFSET $1 LIMIT $2`, [
        from,
        PAGE,
      ])
    ).rows;
    for (;;) {
      for (const r of rows) {
        const e = rowEntry(r.body, r.prev, r.hash);
        columns?.(r, e);
        yield e;
      }
      const last = rows[rows.length - 1];
      if (rows.length < PAGE || last === undefined) return;
      rows = (
        await this.pool.query<StoredEntryRow & { pos: string }>(
          `${select} WHERE pos > $1 ORDER BY pos LIMIT $2`,
          [last.pos, PAGE],
        )
      ).rows;
    }
  }

  derived(): Promise<DerivedState> {
    return this.tx(
      async (c) => ({
        heads: await this.headsOf(c),
        holdings: (await c.query<HoldingRow>(HOLDINGS)).rows.map(holdingOf),
        pending: (await c.query<PendingRow>(PENDING)).rows.map(pendingOf),
        registry: await this.registryRows(c),
        credited: Number(
          (await c.query<{ n: string }>('SELECT count(*) AS n FROM refs WHERE units <> 0')).rows[0]?.n ?? 0,
        ),
      }),
      'REPEATABLE READ',
    );
  }

  async checkpoints(): Promise<Checkpoint[]> {
    const rows = await this.pool.query<CheckpointRow>(
      'SELECT count, head, ts, public_key, signature, partitions FROM checkpoints ORDER BY count',
    );
    return rows.rows.map(checkpointOfRow);
  }

  async addCheckpoint(c: Checkpoint): Promise<Checkpoint | undefined> {
    const added = await this.pool.query(
      `INSERT INTO checkpoints (count, head, ts, public_key, signature, partitions) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
       ON CONFLICT (count) DO NOTHING`,
      [
        c.count,
        c.head,
        c.ts,
        c.publicKey,
        c.signature,
        c.partitions !== undefined ? JSON.stringify(c.partitions) : null,
      ],
    );
    if ((added.rowCount ?? 0) > 0) return undefined;
    const kept = await this.pool.query<CheckpointRow>(
      'SELECT count, head, ts, public_key, signature, partitions FROM checkpoints WHERE count = $1',
      [c.count],
    );
    return checkpointOfRow(kept.rows[0] as CheckpointRow);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
