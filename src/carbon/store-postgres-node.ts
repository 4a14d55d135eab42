/**
 * The PostgreSQL ledger store (driver `pg`), for platforms: the tables of the embedded store (docs/carbon.md),
 * with the entries table append-only (a trigger refuses UPDATE and DELETE), unique constraints on
 * (activity, unit) and on the certification reference, and appends serialised per partition by
 * transaction-scoped advisory locks keyed (LOCK, partition): each chunk's transaction takes the locks of the
 * partitions its writer holds (in partition order, so two writers never wait on each other in a cycle), checks
 * their head rows and writes entries and state with one multi-row statement per table. Writers of different
 * partitions append side by side; one that finds a head of its partitions moved gets LEDGER_STORE_CONFLICT and
 * redoes its chunk on the reloaded state.
 */
import pg from 'pg';
import { carbonFail } from './errors';
import type { Entry } from './ledger/entry';
import type { PartitionHead } from './ledger/partition';
import type { Balances, HoldingRecord, PendingRecord } from './ledger/state';
import {
  type Checkpoint,
  type DerivedState,
  type InPartition,
  type LedgerStore,
  STORE_FORMAT,
  STORE_VERSION,
  type RefRecord,
  type RegistryRecord,
  type StoreCommit,
  type StoreOpenOptions,
  type StoredHead,
  type StoredState,
  type UserRecord,
  allHeads,
  balancesOfRecords,
  checkExpected,
  checkStoreFormat,
  entryRow,
  ledgerHead,
  rowEntry,
  storePartitions,
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
  PRIMARY KEY (account, unit));
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
  const pool = new pg.Pool({ connectionString: url, max: 4 });
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
        checkStoreFormat(meta, 'the database holds');
        partitions = storePartitions(meta.get('partitions'), opts.partitions);
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

export class PostgresLedgerStore implements LedgerStore {
  readonly kind = 'postgres';
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
        await this.write(c, commit);
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505')
        carbonFail('LEDGER_STORE_CONFLICT', [], { detail: (e as Error).message });
      throw e;
    }
  }

  /** The commit's rows, one multi-row statement per table (arrays unnested). */
  private async write(c: pg.PoolClient, k: StoreCommit): Promise<void> {
    if (k.entries.length > 0) {
      const rows = k.entries.map(entryRow);
      const col = <K extends keyof ReturnType<typeof entryRow>>(key: K) => rows.map((r) => r[key]);
      await c.query(
        `INSERT INTO entries (partition, seq, kind, ts, ref, unit, activity, cert_ref, body, prev, hash)
         SELECT p, s, k, t, r, u, a, c, b, v, h
         FROM unnest($1::int[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
           WITH ORDINALITY AS x(p, s, k, t, r, u, a, c, b, v, h, n)
         ORDER BY n`,
        [
          col('partition'),
          col('seq'),
          col('kind'),
          col('ts'),
          col('ref'),
          col('unit'),
          col('activity'),
          col('certRef'),
          col('body'),
          col('prev'),
          col('hash'),
        ],
      );
    }
    if (k.refs.length > 0)
      await c.query(
        `INSERT INTO refs (ref, units, evidence) SELECT * FROM unnest($1::text[], $2::integer[], $3::text[])
         ON CONFLICT (ref) DO UPDATE SET units = excluded.units, evidence = excluded.evidence`,
        [k.refs.map((r) => r[0]), k.refs.map((r) => r[1].units), k.refs.map((r) => r[1].evidence)],
      );
    if (k.accounts.length > 0)
      await c.query('DELETE FROM holdings WHERE account = ANY($1::text[])', [k.accounts]);
    if (k.holdings.length > 0) {
      const h = k.holdings;
      await c.query(
        `INSERT INTO holdings (partition, account, unit, available, pending, expired, redeemed, retired, lots)
         SELECT q, a, u, v::numeric, p::numeric, e::numeric, d::numeric, r::numeric, l::jsonb
         FROM unnest($9::int[], $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(q, a, u, v, p, e, d, r, l)`,
        [
          h.map((x) => x.account),
          h.map((x) => x.unit),
          h.map((x) => x.available),
          h.map((x) => x.pending),
          h.map((x) => x.expired),
          h.map((x) => x.redeemed),
          h.map((x) => x.retired),
          h.map((x) => JSON.stringify(x.lots)),
          h.map((x) => x.partition),
        ],
      );
    }
    if (k.pending.length > 0) {
      await c.query('DELETE FROM pending WHERE key = ANY($1::text[])', [k.pending.map((p) => p[0])]);
      const set = k.pending.map((p) => p[1]).filter((p): p is InPartition<PendingRecord> => p !== null);
      if (set.length > 0)
        await c.query(
          `INSERT INTO pending (key, partition, account, unit, amount, available_from, claim_by, expires_at)
           SELECT k, q, a, u, m::numeric, f, b, x FROM unnest($1::text[], $8::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(k, q, a, u, m, f, b, x)`,
          [
            set.map((p) => p.key),
            set.map((p) => p.to),
            set.map((p) => p.unit),
            set.map((p) => p.amount),
            set.map((p) => p.availableFrom),
            set.map((p) => p.claimBy),
            set.map((p) => p.expiresAt),
            set.map((p) => p.partition),
          ],
        );
    }
    if (k.remainders.length > 0) {
      await c.query('DELETE FROM remainders WHERE account = ANY($1::text[])', [
        k.remainders.map((r) => r.account),
      ]);
      const set = k.remainders.filter((r) => r.micrograms !== '0');
      if (set.length > 0)
        await c.query(
          'INSERT INTO remainders (account, partition, micrograms) SELECT a, q, m::numeric FROM unnest($1::text[], $3::int[], $2::text[]) AS t(a, q, m)',
          [set.map((r) => r.account), set.map((r) => r.micrograms), set.map((r) => r.partition)],
        );
    }
    if (k.users.length > 0)
      await c.query(
        `INSERT INTO users (user_id, partition, caps, points) SELECT u, q, c::jsonb, p::jsonb FROM unnest($1::text[], $4::int[], $2::text[], $3::text[]) AS t(u, q, c, p)
         ON CONFLICT (user_id) DO UPDATE SET partition = excluded.partition, caps = excluded.caps, points = excluded.points`,
        [
          k.users.map((u) => u.user),
          k.users.map((u) => (u.caps !== undefined ? JSON.stringify(u.caps) : null)),
          k.users.map((u) => (u.points !== undefined ? JSON.stringify(u.points) : null)),
          k.users.map((u) => u.partition),
        ],
      );
    if (k.registry.length > 0)
      await c.query(
        `INSERT INTO registry (partition, snapshot) SELECT * FROM unnest($1::int[], $2::text[])
         ON CONFLICT (partition) DO UPDATE SET snapshot = excluded.snapshot`,
        [k.registry.map((r) => r.partition), k.registry.map((r) => JSON.stringify(r.snapshot))],
      );
    if (k.heads.length > 0)
      await c.query(
        `INSERT INTO head (partition, seq, hash, last_ts) SELECT * FROM unnest($1::int[], $2::bigint[], $3::text[], $4::text[])
         ON CONFLICT (partition) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, last_ts = excluded.last_ts`,
        [
          k.heads.map((h) => h.partition),
          k.heads.map((h) => h.seq),
          k.heads.map((h) => h.head),
          k.heads.map((h) => h.lastTs),
        ],
      );
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

  async *entries(from = 0): AsyncIterable<Entry> {
    // Positions may have gaps (an identity value of a rolled-back append is never reused): the first page skips
    // `from` rows, the next ones continue after the last position read.
    let rows = (
      await this.pool.query<{ pos: string; body: string; prev: string; hash: string }>(
        'SELECT pos, body, prev, hash FROM entries ORDER BY pos OFFSET $1 LIMIT $2',
        [from, PAGE],
      )
    ).rows;
    for (;;) {
      for (const r of rows) yield rowEntry(r.body, r.prev, r.hash);
      const last = rows[rows.length - 1];
      if (rows.length < PAGE || last === undefined) return;
      rows = (
        await this.pool.query<{ pos: string; body: string; prev: string; hash: string }>(
          'SELECT pos, body, prev, hash FROM entries WHERE pos > $1 ORDER BY pos LIMIT $2',
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
    const rows = await this.pool.query<{
      count: string;
      head: string;
      ts: string;
      public_key: string;
      signature: string;
      partitions: NonNullable<Checkpoint['partitions']> | null;
    }>('SELECT count, head, ts, public_key, signature, partitions FROM checkpoints ORDER BY count');
    return rows.rows.map((r) => {
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
    });
  }

  async addCheckpoint(c: Checkpoint): Promise<void> {
    await this.pool.query(
      `INSERT INTO checkpoints (count, head, ts, public_key, signature, partitions) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
       ON CONFLICT (count) DO UPDATE SET head = excluded.head, ts = excluded.ts, public_key = excluded.public_key, signature = excluded.signature, partitions = excluded.partitions`,
      [
        c.count,
        c.head,
        c.ts,
        c.publicKey,
        c.signature,
        c.partitions !== undefined ? JSON.stringify(c.partitions) : null,
      ],
    );
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
