import type { Entry } from './ledger/entry';
import { GENESIS, bodyOf, canonicalEntry } from './ledger/entry';
import type { CapsRecord } from './rules/reduction-caps';
import type { PointsRecord } from './rules/rules';
import type { Balances, HoldingRecord, PendingRecord } from './ledger/state';
import { certificationRef } from './ledger/registry';
import { carbonFail } from './errors';

/**
 * The ledger store: where a ledger lives between runs. It holds the entries (append-only, hash-chained) and,
 * written in the same atomic step as the entries that change them, the derived state a run resumes from:
 * holdings (balances and lots) per account and unit, pending claims, the remainders each account carries, the
 * per-user rule state (reduction caps, point day totals and caps) and the refs (activity and behaviour ids)
 * already accepted. Entries are stored generically (kind, canonical JSON body, prev, hash): a store never
 * interprets an entry's kind.
 *
 * Implementations: `MemoryLedgerStore` (here; tests, one process), SQLite (`openSqliteStore`, gepkit/carbon/node)
 * and PostgreSQL (`openPostgresStore`, gepkit/carbon/node). `openLedgerStore(dirOrUrl)` picks one.
 */
export interface LedgerStore {
  /** `memory`, `sqlite` or `postgres`. */
  readonly kind: string;
  /** The head and the derived state, as a run resumes from it (the refs are looked up per chunk instead). */
  load(): Promise<StoredState>;
  /** The stored records of `refs` (those never accepted are absent). */
  refs(refs: readonly string[]): Promise<Map<string, RefRecord>>;
  /**
   * Append a chunk's entries with the state they change, all or nothing. Refused with LEDGER_STORE_CONFLICT
   * when the stored head is no longer `commit.expect` (another writer appended first): reload and redo.
   */
  append(commit: StoreCommit): Promise<void>;
  head(): Promise<StoredHead>;
  /** Balances as the store holds them, of one account or of all. */
  balances(account?: string): Promise<Balances>;
  /** The entries from seq `from` (default 0) in order. */
  entries(from?: number): AsyncIterable<Entry>;
  /** Every stored holding, pending claim and accepted-ref count, for verification against a replay. */
  derived(): Promise<DerivedState>;
  /** Signed checkpoints, in order of count. */
  checkpoints(): Promise<Checkpoint[]>;
  addCheckpoint(c: Checkpoint): Promise<void>;
  close(): Promise<void>;
}

/** What a ref (activity or behaviour id) has done: the units issued for it (bit mask) and its first evidence. */
export interface RefRecord {
  /** UNIT_BIT mask of the units issued for the ref (0: accepted, nothing issued). */
  units: number;
  /** The evidence path it was first accepted on ('' for none); null when it was only credited, never seen by a batch. */
  evidence: string | null;
}

export interface StoredHead {
  /** Entries in the ledger (the next entry's seq). */
  seq: number;
  /** The last entry's hash (GENESIS when empty). */
  head: string;
  /** The last entry's ts, or null for an empty ledger. */
  lastTs: string | null;
}

/** A user's rule state: reduction cap counters and point-engine state (absent when none). */
export interface UserRecord {
  user: string;
  caps?: CapsRecord;
  points?: PointsRecord;
}

/** An account's carried remainder, µg CO₂ as an integer string (0 < r < 10⁶). */
export interface RemainderRecord {
  account: string;
  micrograms: string;
}

export interface StoredState {
  head: StoredHead;
  holdings: HoldingRecord[];
  pending: PendingRecord[];
  remainders: RemainderRecord[];
  users: UserRecord[];
}

/** The derived state a verification compares with its replay of the entries. */
export interface DerivedState {
  head: StoredHead;
  holdings: HoldingRecord[];
  pending: PendingRecord[];
  /** Refs with a non-zero unit mask (credited refs). */
  credited: number;
}

/** One atomic append: the entries and the complete new records of everything they changed. */
export interface StoreCommit {
  /** The head the chunk was computed from: the append is refused when the store's head differs. */
  expect: StoredHead;
  /** The head after the entries. */
  head: StoredHead;
  entries: readonly Entry[];
  /** New or changed refs. */
  refs: readonly (readonly [string, RefRecord])[];
  /** The full holdings (every unit) of each account the entries touched. */
  holdings: readonly HoldingRecord[];
  /** Accounts whose holdings are replaced by `holdings` (an account with none left is cleared). */
  accounts: readonly string[];
  /** Pending keys the entries touched, with their record or null when no longer pending. */
  pending: readonly (readonly [string, PendingRecord | null])[];
  /** Remainders of the accounts the chunk credited ('0': none carried). */
  remainders: readonly RemainderRecord[];
  users: readonly UserRecord[];
}

/**
 * A signed checkpoint: the ledger's head at `count` entries, signed with Ed25519 over
 * `gepkit-ledger-checkpoint:<count>:<head>:<ts>` (UTF-8). Published elsewhere, it anchors the ledger.
 */
export interface Checkpoint {
  count: number;
  head: string;
  ts: string;
  /** The signer's Ed25519 public key, SPKI DER as base64. */
  publicKey: string;
  /** The signature, base64. */
  signature: string;
}

/** The bytes a checkpoint signature covers. */
export const checkpointMessage = (c: Pick<Checkpoint, 'count' | 'head' | 'ts'>): string =>
  `gepkit-ledger-checkpoint:${c.count}:${c.head}:${c.ts}`;

/** The row a store keeps for an entry: the columns it indexes and the canonical body the hash covers. */
export interface EntryRow {
  seq: number;
  kind: string;
  ts: string;
  ref: string;
  unit: string;
  /** The activity id of an entry (meta.activity), under a unique constraint with the unit. */
  activity: string | null;
  /** The certification reference (`certificationRef`: a certify entry's ref), unique across the ledger. */
  certRef: string | null;
  body: string;
  prev: string;
  hash: string;
}

/** The stored row of an entry. */
export function entryRow(e: Entry): EntryRow {
  return {
    seq: e.seq,
    kind: e.type,
    ts: e.ts,
    ref: e.ref,
    unit: e.unit,
    activity: e.meta?.activity ?? null,
    certRef: certificationRef(e) ?? null,
    body: canonicalEntry(bodyOf(e)),
    prev: e.prev,
    hash: e.hash,
  };
}

/** The entry of a stored row (its body parsed; prev and hash from their columns). */
export function rowEntry(body: string, prev: string, hash: string): Entry {
  const e = JSON.parse(body) as Entry;
  e.prev = prev;
  e.hash = hash;
  return e;
}

/** A deep copy of plain JSON data (the memory store hands out and keeps copies, as a database would). */
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export const EMPTY_HEAD: StoredHead = { seq: 0, head: GENESIS, lastTs: null };

/** The format and version a store records in its meta table; a store of another is refused on opening. */
export const STORE_FORMAT = 'gepkit-ledger';
export const STORE_VERSION = '1';

/** LEDGER_STORE_INVALID unless the meta table read names this format and version; `what` names the store. */
export function checkStoreFormat(meta: ReadonlyMap<string, string>, what: string): void {
  if (meta.get('format') !== STORE_FORMAT || meta.get('version') !== STORE_VERSION)
    carbonFail('LEDGER_STORE_INVALID', [], {
      detail: `${what} ${meta.get('format') ?? '?'} version ${meta.get('version') ?? '?'}, this gepkit reads ${STORE_FORMAT} version ${STORE_VERSION}`,
    });
}

/** Refuse a commit computed from a head the store no longer has. */
export function checkExpected(stored: StoredHead, expect: StoredHead): void {
  if (stored.seq !== expect.seq || stored.head !== expect.head)
    carbonFail('LEDGER_STORE_CONFLICT', [], {
      detail: `the store is at ${stored.seq} entries / ${stored.head.slice(0, 16)}…, the chunk was computed at ${expect.seq} / ${expect.head.slice(0, 16)}…`,
    });
}

/** Balances of holding records: account → unit → amounts, sorted (the shape of `Ledger.balances()`). */
export function balancesOfRecords(records: Iterable<HoldingRecord>): Balances {
  const out: Balances = {};
  const sorted = [...records].sort((a, b) =>
    a.account < b.account ? -1 : a.account > b.account ? 1 : a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0,
  );
  for (const r of sorted) {
    const { available, pending, expired, redeemed, retired } = r;
    (out[r.account] ??= {})[r.unit] = { available, pending, expired, redeemed, retired };
  }
  return out;
}

/**
 * A ledger store in memory: the reference implementation the others are tested against, and the store of a
 * run that keeps nothing between processes. Entries are kept (verification reads them back).
 *
 * @example
 * const store = new MemoryLedgerStore();
 * (await store.head()).seq; // 0
 */
export class MemoryLedgerStore implements LedgerStore {
  readonly kind = 'memory';
  private readonly list: Entry[] = [];
  private readonly refMap = new Map<string, RefRecord>();
  private readonly holdingMap = new Map<string, HoldingRecord[]>();
  private readonly pendingMap = new Map<string, PendingRecord>();
  private readonly remainderMap = new Map<string, string>();
  private readonly userMap = new Map<string, UserRecord>();
  private readonly certRefs = new Set<string>();
  private readonly activities = new Set<string>();
  private readonly points: Checkpoint[] = [];
  private current: StoredHead = EMPTY_HEAD;

  load(): Promise<StoredState> {
    return Promise.resolve(
      copy({
        head: this.current,
        holdings: [...this.holdingMap.values()].flat(),
        pending: [...this.pendingMap.values()],
        remainders: [...this.remainderMap].map(([account, micrograms]) => ({ account, micrograms })),
        users: [...this.userMap.values()],
      }),
    );
  }

  refs(refs: readonly string[]): Promise<Map<string, RefRecord>> {
    const out = new Map<string, RefRecord>();
    for (const r of refs) {
      const v = this.refMap.get(r);
      if (v !== undefined) out.set(r, { ...v });
    }
    return Promise.resolve(out);
  }

  // async: a refusal rejects the promise rather than throwing at the call.
  async append(c: StoreCommit): Promise<void> {
    checkExpected(this.current, c.expect);
    // The constraints the database stores enforce, checked before anything changes (all or nothing).
    const certs = new Set<string>();
    const activities = new Set<string>();
    for (const e of c.entries) {
      const row = entryRow(e);
      const unique = (seen: Set<string>, chunk: Set<string>, key: string | null, what: string): void => {
        if (key === null) return;
        if (seen.has(key) || chunk.has(key))
          carbonFail('LEDGER_STORE_CONFLICT', [], { detail: `${what} ${key} is already recorded` });
        chunk.add(key);
      };
      unique(this.certRefs, certs, row.certRef, 'certification reference');
      unique(
        this.activities,
        activities,
        row.activity === null ? null : `${row.unit}|${row.activity}`,
        'activity',
      );
    }
    for (const e of c.entries) this.list.push(copy(e));
    for (const k of certs) this.certRefs.add(k);
    for (const k of activities) this.activities.add(k);
    for (const [ref, r] of c.refs) this.refMap.set(ref, { ...r });
    for (const a of c.accounts) this.holdingMap.delete(a);
    for (const h of c.holdings) {
      const list = this.holdingMap.get(h.account) ?? [];
      list.push(copy(h));
      this.holdingMap.set(h.account, list);
    }
    for (const [key, p] of c.pending) {
      if (p === null) this.pendingMap.delete(key);
      else this.pendingMap.set(key, { ...p });
    }
    for (const r of c.remainders) {
      if (r.micrograms === '0') this.remainderMap.delete(r.account);
      else this.remainderMap.set(r.account, r.micrograms);
    }
    for (const u of c.users) this.userMap.set(u.user, copy(u));
    this.current = { ...c.head };
    return Promise.resolve();
  }

  head(): Promise<StoredHead> {
    return Promise.resolve({ ...this.current });
  }

  balances(account?: string): Promise<Balances> {
    const records =
      account === undefined ? [...this.holdingMap.values()].flat() : (this.holdingMap.get(account) ?? []);
    return Promise.resolve(balancesOfRecords(records));
  }

  async *entries(from = 0): AsyncIterable<Entry> {
    for (let i = from; i < this.list.length; i++) yield copy(this.list[i] as Entry);
  }

  derived(): Promise<DerivedState> {
    let credited = 0;
    for (const r of this.refMap.values()) if (r.units !== 0) credited += 1;
    return Promise.resolve(
      copy({
        head: this.current,
        holdings: [...this.holdingMap.values()].flat(),
        pending: [...this.pendingMap.values()],
        credited,
      }),
    );
  }

  checkpoints(): Promise<Checkpoint[]> {
    return Promise.resolve(this.points.map((c) => ({ ...c })));
  }

  addCheckpoint(c: Checkpoint): Promise<void> {
    this.points.push({ ...c });
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
