/**
 * The PostgreSQL ledger store (driver `pg`), for platforms: the tables of the embedded store (docs/carbon.md),
 * with the entries table append-only (a trigger refuses UPDATE and DELETE), unique constraints on
 * (activity, unit) and on the certification reference, and appends serialised by a transaction-scoped advisory
 * lock: each chunk's transaction takes the lock, checks the head row it was computed from and writes entries and
 * state with one multi-row statement per table. Several processes may append; one that finds the head moved
 * gets LEDGER_STORE_CONFLICT and redoes its chunk on the reloaded state.
 */
import pg from 'pg';
import { carbonFail } from './errors';
import type { Entry } from './ledger/entry';
import type { Balances, HoldingRecord, PendingRecord } from './ledger/state';
import {
  type Checkpoint,
  type DerivedState,
  EMPTY_HEAD,
  type LedgerStore,
  STORE_FORMAT,
  STORE_VERSION,
  type RefRecord,
  type StoreCommit,
  type StoredHead,
  type StoredState,
  type UserRecord,
  balancesOfRecords,
  checkExpected,
  checkStoreFormat,
  entryRow,
  rowEntry,
} from './store';

/** The advisory lock key of appends and schema creation ('gepk' as a 32-bit integer). */
const LOCK = 0x6765706b;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS head (id integer PRIMARY KEY CHECK (id = 0), seq bigint NOT NULL, hash text NOT NULL, last_ts text);
CREATE TABLE IF NOT EXISTS entries (
  seq bigint PRIMARY KEY, kind text NOT NULL, ts text NOT NULL, ref text NOT NULL, unit text NOT NULL,
  activity text, cert_ref text, body text NOT NULL, prev text NOT NULL, hash text NOT NULL UNIQUE);
CREATE UNIQUE INDEX IF NOT EXISTS entries_activity ON entries (activity, unit) WHERE activity IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS entries_cert_ref ON entries (cert_ref) WHERE cert_ref IS NOT NULL;
CREATE OR REPLACE FUNCTION gepkit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN RAISE EXCEPTION 'gepkit ledger entries are append-only'; END $$;
CREATE OR REPLACE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON entries
  FOR EACH ROW EXECUTE FUNCTION gepkit_entries_append_only();
CREATE TABLE IF NOT EXISTS refs (ref text PRIMARY KEY, units integer NOT NULL, evidence text);
CREATE TABLE IF NOT EXISTS holdings (
  account text NOT NULL, unit text NOT NULL, available numeric NOT NULL, pending numeric NOT NULL,
  expired numeric NOT NULL, redeemed numeric NOT NULL, retired numeric NOT NULL, lots jsonb NOT NULL,
  PRIMARY KEY (account, unit));
CREATE TABLE IF NOT EXISTS pending (
  key text PRIMARY KEY, account text NOT NULL, unit text NOT NULL, amount numeric NOT NULL,
  available_from text NOT NULL, claim_by text NOT NULL, expires_at text);
CREATE TABLE IF NOT EXISTS remainders (account text PRIMARY KEY, micrograms numeric NOT NULL);
CREATE TABLE IF NOT EXISTS users (user_id text PRIMARY KEY, caps jsonb, points jsonb);
CREATE TABLE IF NOT EXISTS checkpoints (
  count bigint PRIMARY KEY, head text NOT NULL, ts text NOT NULL, public_key text NOT NULL, signature text NOT NULL);
`;

interface HoldingRow {
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
  key: string;
  account: string;
  unit: string;
  amount: string;
  available_from: string;
  claim_by: string;
  expires_at: string | null;
}
const holdingOf = (r: HoldingRow): HoldingRecord => ({
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
const pendingOf = (r: PendingRow): PendingRecord => ({
  key: r.key,
  to: r.account,
  unit: r.unit as PendingRecord['unit'],
  amount: r.amount,
  availableFrom: r.available_from,
  claimBy: r.claim_by,
  expiresAt: r.expires_at,
});
const HOLDINGS =
  'SELECT account, unit, available::text, pending::text, expired::text, redeemed::text, retired::text, lots FROM holdings';
const PENDING = 'SELECT key, account, unit, amount::text, available_from, claim_by, expires_at FROM pending';
const PAGE = 10_000;

/**
 * Open the PostgreSQL ledger store at `url` (creating its tables when missing).
 *
 * @example
 * const store = await openPostgresStore('postgres://gepkit@localhost/carbon');
 */
export async function openPostgresStore(url: string): Promise<PostgresLedgerStore> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
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
      if (meta.size === 0)
        await c.query("INSERT INTO meta (key, value) VALUES ('format', $1), ('version', $2)", [
          STORE_FORMAT,
          STORE_VERSION,
        ]);
      else checkStoreFormat(meta, 'the database holds');
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [LOCK]).catch(() => undefined);
      c.release();
    }
  } catch (e) {
    await pool.end();
    if ((e as { code?: string }).code === 'LEDGER_STORE_INVALID') throw e;
    carbonFail('LEDGER_STORE_INVALID', [], { detail: `PostgreSQL: ${(e as Error).message}` });
  }
  return new PostgresLedgerStore(pool);
}

export class PostgresLedgerStore implements LedgerStore {
  readonly kind = 'postgres';
  constructor(private readonly pool: pg.Pool) {}

  private async headOf(q: pg.Pool | pg.PoolClient): Promise<StoredHead> {
    const r = (
      await q.query<{ seq: string; hash: string; last_ts: string | null }>(
        'SELECT seq, hash, last_ts FROM head WHERE id = 0',
      )
    ).rows[0];
    return r === undefined ? { ...EMPTY_HEAD } : { seq: Number(r.seq), head: r.hash, lastTs: r.last_ts };
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

  load(): Promise<StoredState> {
    return this.tx(
      async (c) => ({
        head: await this.headOf(c),
        holdings: (await c.query<HoldingRow>(HOLDINGS)).rows.map(holdingOf),
        pending: (await c.query<PendingRow>(PENDING)).rows.map(pendingOf),
        remainders: (
          await c.query<{ account: string; micrograms: string }>(
            'SELECT account, micrograms::text FROM remainders',
          )
        ).rows,
        users: (
          await c.query<{
            user_id: string;
            caps: UserRecord['caps'] | null;
            points: UserRecord['points'] | null;
          }>('SELECT user_id, caps, points FROM users')
        ).rows.map((r) => {
          const u: UserRecord = { user: r.user_id };
          if (r.caps !== null) u.caps = r.caps;
          if (r.points !== null) u.points = r.points;
          return u;
        }),
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
        await c.query('SELECT pg_advisory_xact_lock($1)', [LOCK]);
        checkExpected(await this.headOf(c), commit.expect);
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
        `INSERT INTO entries (seq, kind, ts, ref, unit, activity, cert_ref, body, prev, hash)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])`,
        [
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
        `INSERT INTO holdings (account, unit, available, pending, expired, redeemed, retired, lots)
         SELECT a, u, v::numeric, p::numeric, e::numeric, d::numeric, r::numeric, l::jsonb
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(a, u, v, p, e, d, r, l)`,
        [
          h.map((x) => x.account),
          h.map((x) => x.unit),
          h.map((x) => x.available),
          h.map((x) => x.pending),
          h.map((x) => x.expired),
          h.map((x) => x.redeemed),
          h.map((x) => x.retired),
          h.map((x) => JSON.stringify(x.lots)),
        ],
      );
    }
    if (k.pending.length > 0) {
      await c.query('DELETE FROM pending WHERE key = ANY($1::text[])', [k.pending.map((p) => p[0])]);
      const set = k.pending.map((p) => p[1]).filter((p): p is PendingRecord => p !== null);
      if (set.length > 0)
        await c.query(
          `INSERT INTO pending (key, account, unit, amount, available_from, claim_by, expires_at)
           SELECT k, a, u, m::numeric, f, b, x FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(k, a, u, m, f, b, x)`,
          [
            set.map((p) => p.key),
            set.map((p) => p.to),
            set.map((p) => p.unit),
            set.map((p) => p.amount),
            set.map((p) => p.availableFrom),
            set.map((p) => p.claimBy),
            set.map((p) => p.expiresAt),
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
          'INSERT INTO remainders (account, micrograms) SELECT a, m::numeric FROM unnest($1::text[], $2::text[]) AS t(a, m)',
          [set.map((r) => r.account), set.map((r) => r.micrograms)],
        );
    }
    if (k.users.length > 0)
      await c.query(
        `INSERT INTO users (user_id, caps, points) SELECT u, c::jsonb, p::jsonb FROM unnest($1::text[], $2::text[], $3::text[]) AS t(u, c, p)
         ON CONFLICT (user_id) DO UPDATE SET caps = excluded.caps, points = excluded.points`,
        [
          k.users.map((u) => u.user),
          k.users.map((u) => (u.caps !== undefined ? JSON.stringify(u.caps) : null)),
          k.users.map((u) => (u.points !== undefined ? JSON.stringify(u.points) : null)),
        ],
      );
    await c.query(
      `INSERT INTO head (id, seq, hash, last_ts) VALUES (0, $1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, last_ts = excluded.last_ts`,
      [k.head.seq, k.head.head, k.head.lastTs],
    );
  }

  head(): Promise<StoredHead> {
    return this.headOf(this.pool);
  }

  async balances(account?: string): Promise<Balances> {
    const rows =
      account === undefined
        ? await this.pool.query<HoldingRow>(HOLDINGS)
        : await this.pool.query<HoldingRow>(`${HOLDINGS} WHERE account = $1`, [account]);
    return balancesOfRecords(rows.rows.map(holdingOf));
  }

  async *entries(from = 0): AsyncIterable<Entry> {
    let next = from;
    for (;;) {
      const rows = (
        await this.pool.query<{ body: string; prev: string; hash: string }>(
          'SELECT body, prev, hash FROM entries WHERE seq >= $1 ORDER BY seq LIMIT $2',
          [next, PAGE],
        )
      ).rows;
      for (const r of rows) yield rowEntry(r.body, r.prev, r.hash);
      if (rows.length < PAGE) return;
      next += rows.length;
    }
  }

  derived(): Promise<DerivedState> {
    return this.tx(
      async (c) => ({
        head: await this.headOf(c),
        holdings: (await c.query<HoldingRow>(HOLDINGS)).rows.map(holdingOf),
        pending: (await c.query<PendingRow>(PENDING)).rows.map(pendingOf),
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
    }>('SELECT count, head, ts, public_key, signature FROM checkpoints ORDER BY count');
    return rows.rows.map((r) => ({
      count: Number(r.count),
      head: r.head,
      ts: r.ts,
      publicKey: r.public_key,
      signature: r.signature,
    }));
  }

  async addCheckpoint(c: Checkpoint): Promise<void> {
    await this.pool.query(
      `INSERT INTO checkpoints (count, head, ts, public_key, signature) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (count) DO UPDATE SET head = excluded.head, ts = excluded.ts, public_key = excluded.public_key, signature = excluded.signature`,
      [c.count, c.head, c.ts, c.publicKey, c.signature],
    );
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
