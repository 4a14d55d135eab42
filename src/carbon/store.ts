import type { Entry, EntryType } from './ledger/entry';
import { type Hasher, canonicalEntry, sha256Hex } from './ledger/entry';
import { type PartitionHead, checkHeads, emptyHead, rootOf } from './ledger/partition';
import type { CapsRecord } from './rules/reduction-caps';
import type { PointsRecord } from './rules/rules';
import {
  type Balances,
  type HoldingRecord,
  type PendingRecord,
  UNIQUE_REF_TYPES,
  recordRefKey,
} from './ledger/state';
import { type RegistrySnapshot, certificationRef } from './ledger/registry';
import * as z from 'zod/mini';
import { type Issue, GepError } from '../core/errors';
import { callback, checkArgument, checkOptions, optionsSchema, wholeFrom } from '../core/options';
import { carbonFail, carbonIssue } from './errors';
import { DEFAULT_PARTITIONS, MAX_PARTITIONS, checkPartitions } from './ledger/partition';

/**
 * What verifyStore and reexecuteStore read of a store first: its partitions and the methods they call. A JavaScript
 * caller's null, path or object of another shape is ARGUMENT_INVALID at `store` and the member, never a TypeError
 * from deep inside; every LedgerStore (memory, SQLite, PostgreSQL) has them.
 */
const storeOutline = z.looseObject({
  partitions: wholeFrom(1),
  load: callback,
  refs: callback,
  heads: callback,
  entries: callback,
  derived: callback,
  checkpoints: callback,
});

/** Refuse what is no ledger store (ARGUMENT_INVALID at `store`). Constant time. */
export function checkStoreArgument(store: unknown): void {
  checkArgument(storeOutline, store, ['store']);
}

/**
 * The ledger store: where a ledger lives between runs. It holds the entries (append-only, hash-chained) and,
 * written in the same atomic step as the entries that change them, the derived state a run resumes from:
 * holdings (balances and lots) per account and unit, pending claims, the remainders each account carries, the
 * per-user rule state (reduction caps, point day totals and caps) and the refs (activity and behaviour ids, and the
 * keys of records' refs) already accepted. Entries are stored generically (kind, canonical JSON body, prev, hash): a store never
 * interprets an entry's kind.
 *
 * A ledger has a fixed number of partitions (src/carbon/ledger/partition.ts), recorded when the store is created.
 * Each partition has its own head; the derived records carry the partition they belong to; an append names the
 * heads of the partitions its writer holds and is checked (and, in PostgreSQL, serialised) per partition, so
 * writers of different partitions append side by side.
 *
 * Implementations: `MemoryLedgerStore` (here; tests, one process), SQLite (`openSqliteStore`, gepkit/carbon/node)
 * and PostgreSQL (`openPostgresStore`, gepkit/carbon/node). `openLedgerStore(dirOrUrl)` picks one.
 */
export interface LedgerStore {
  /** `memory`, `sqlite` or `postgres`. */
  readonly kind: string;
  /** The ledger's number of partitions (fixed when it was created). */
  readonly partitions: number;
  /**
   * Every partition's head and the derived state of the partitions `only` (default all), as a run resumes from it
   * (the refs are looked up per chunk instead).
   */
  load(only?: readonly number[]): Promise<StoredState>;
  /** The stored records of `refs` (those never accepted are absent). */
  refs(refs: readonly string[]): Promise<Map<string, RefRecord>>;
  /**
   * The certification references among `refs` that a certify entry of the ledger carries, in any partition (a run
   * holding some partitions refuses a reference another partition used: ADR 0054).
   */
  certified(refs: readonly string[]): Promise<Set<string>>;
  /**
   * Append a chunk's entries with the state they change, all or nothing. Refused with LEDGER_STORE_CONFLICT
   * when the stored head of a partition in `commit.expect` is no longer the one given (another writer appended
   * first): reload and redo.
   */
  append(commit: StoreCommit): Promise<void>;
  /** The whole ledger's head: its entries, the root over the partition heads, and each partition's when several. */
  head(): Promise<StoredHead>;
  /** The head of every partition, in partition order. */
  heads(): Promise<PartitionHead[]>;
  /** Balances as the store holds them, of one account or of all. */
  balances(account?: string): Promise<Balances>;
  /**
   * The entries from the `from`-th (0-based, default 0) in the order the store appended them. A store that keeps
   * columns copied from each entry beside its body (the keys of its indexes and unique constraints) shows them to
   * `columns` as stored, with the entry read from the body, for a verification to compare.
   */
  entries(from?: number, columns?: ColumnsSeen): AsyncIterable<Entry>;
  /** Every stored holding, pending claim and accepted-ref count, for verification against a replay. */
  derived(): Promise<DerivedState>;
  /** Signed checkpoints, in order of count. */
  checkpoints(): Promise<Checkpoint[]>;
  /**
   * Store a signed checkpoint. A stored checkpoint is never replaced: when one is stored at its count already, that
   * one is kept and returned (a rerun signed with another key leaves the first signature in place); undefined when
   * `c` was stored.
   */
  addCheckpoint(c: Checkpoint): Promise<Checkpoint | undefined>;
  close(): Promise<void>;
}

/** What a ref (activity or behaviour id) has done: the units issued for it (bit mask) and its first evidence. */
export interface RefRecord {
  /** UNIT_BIT mask of the units issued for the ref (0: accepted, nothing issued). */
  units: number;
  /** The evidence path it was first accepted on ('' for none); null when it was only credited, never seen by a batch. */
  evidence: string | null;
}

/** The head of a whole ledger. */
export interface StoredHead {
  /** Entries in the ledger (in every partition). */
  seq: number;
  /** The root over the partition heads (`rootHash`): the last entry's hash for one partition (GENESIS when empty). */
  head: string;
  /** The latest ts of the partitions' last entries, or null for an empty ledger. */
  lastTs: string | null;
  /** With several partitions: each partition's entries and head, in partition order. */
  partitions?: { count: number; head: string }[];
}

/**
 * The head of a whole ledger from the heads of its partitions. Heads that are no list, or a hash that is no
 * function, are ARGUMENT_INVALID at `heads` or `hash`.
 */
export function ledgerHead(heads: readonly PartitionHead[], hash: Hasher = sha256Hex): StoredHead {
  checkHeads(heads, hash);
  let seq = 0;
  let lastTs: string | null = null;
  for (const h of heads) {
    seq += h.seq;
    if (h.lastTs !== null && (lastTs === null || h.lastTs > lastTs)) lastTs = h.lastTs;
  }
  const out: StoredHead = { seq, head: rootOf(heads, hash), lastTs };
  if (heads.length > 1) out.partitions = heads.map((h) => ({ count: h.seq, head: h.head }));
  return out;
}

/** The heads of `n` partitions from the stored ones (a partition never appended to has none stored). */
export function allHeads(n: number, stored: Iterable<PartitionHead>): PartitionHead[] {
  const out = Array.from({ length: n }, (_, p) => emptyHead(p));
  for (const h of stored) if (h.partition >= 0 && h.partition < n) out[h.partition] = h;
  return out;
}

/** A derived record with the partition it belongs to. */
export type InPartition<T> = T & { partition: number };

/** A partition's registry state (serial numbers, certification references, emissions, offsets) as stored. */
export interface RegistryRecord {
  partition: number;
  snapshot: RegistrySnapshot;
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
  /** Every partition's head, in partition order. */
  heads: PartitionHead[];
  holdings: InPartition<HoldingRecord>[];
  pending: InPartition<PendingRecord>[];
  remainders: InPartition<RemainderRecord>[];
  users: InPartition<UserRecord>[];
  /** The registry state of the partitions that have one. */
  registry: RegistryRecord[];
  /** Every rule set a run has appended under, by `id@version`, with its content hash, sorted by ref. */
  ruleSets: RuleSetRecord[];
}

/** A rule set as a ledger records it: its `id@version` and the content hash of its JSON (`RuleSet.hash`). */
export interface RuleSetRecord {
  ref: string;
  hash: string;
}

/** The meta key under which a store records the content hash of the rule set `ref`. */
export const ruleSetMetaKey = (ref: string): string => `ruleset:${ref}`;

/** The recorded rule sets among a store's meta rows (key, value), sorted by ref. */
export function ruleSetsOfMeta(rows: Iterable<readonly [string, string]>): RuleSetRecord[] {
  const prefix = ruleSetMetaKey('');
  const out: RuleSetRecord[] = [];
  for (const [key, hash] of rows)
    if (key.startsWith(prefix)) out.push({ ref: key.slice(prefix.length), hash });
  return out.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}

/**
 * LEDGER_RULES_CHANGED when the ledger recorded the rule set `given.ref` with other content (`recorded`, its
 * content hash; undefined when the ledger has not recorded it, which passes).
 */
export function ruleSetChange(recorded: string | undefined, given: RuleSetRecord): Issue | undefined {
  return recorded !== undefined && recorded !== given.hash
    ? carbonIssue('LEDGER_RULES_CHANGED', [], { ruleSet: given.ref, recorded, given: given.hash })
    : undefined;
}

/** Refuse (GepError) a rule set the ledger recorded with other content (`ruleSetChange`). */
export function checkRuleSet(recorded: string | undefined, given: RuleSetRecord): void {
  const change = ruleSetChange(recorded, given);
  if (change !== undefined) throw new GepError([change]);
}

/** The derived state a verification compares with its replay of the entries. */
export interface DerivedState {
  heads: PartitionHead[];
  holdings: InPartition<HoldingRecord>[];
  pending: InPartition<PendingRecord>[];
  registry: RegistryRecord[];
  /** Refs with a non-zero unit mask (credited refs). */
  credited: number;
}

/** One atomic append: the entries and the complete new records of everything they changed. */
export interface StoreCommit {
  /**
   * The heads of the partitions the writer holds, as the chunk was computed from them: the append is refused
   * when the store's head of any of them differs.
   */
  expect: readonly PartitionHead[];
  /** The heads of the same partitions after the entries. */
  heads: readonly PartitionHead[];
  entries: readonly Entry[];
  /** New or changed refs. */
  refs: readonly (readonly [string, RefRecord])[];
  /** The full holdings (every unit) of each account the entries touched, in the partition whose state holds them. */
  holdings: readonly InPartition<HoldingRecord>[];
  /**
   * The accounts, each with the partition whose entries touched it, whose holdings in that partition are replaced by
   * `holdings` (an account with none left there is cleared there); its holdings in other partitions stay.
   */
  accounts: readonly InPartition<{ account: string }>[];
  /** Pending keys the entries changed (issues with a claim window, claims, expiries), with their record or null when no longer pending. */
  pending: readonly (readonly [string, InPartition<PendingRecord> | null])[];
  /** Remainders of the accounts the chunk credited ('0': none carried). */
  remainders: readonly InPartition<RemainderRecord>[];
  users: readonly InPartition<UserRecord>[];
  /** The registry state of each partition whose registry the entries changed. */
  registry: readonly RegistryRecord[];
  /**
   * The rule set the entries were computed under: recorded with the first append under its ref, and the append
   * refused (LEDGER_RULES_CHANGED) when the ledger recorded that ref with other content.
   */
  ruleSet?: RuleSetRecord;
}

/**
 * A signed checkpoint: the ledger's head (the root over the partition heads) at `count` entries, signed with
 * Ed25519 over `gepkit-ledger-checkpoint:<count>:<head>:<ts>` (UTF-8). Published elsewhere, it anchors the ledger.
 */
export interface Checkpoint {
  count: number;
  head: string;
  /** With several partitions: each partition's entries and head then, which the root `head` covers. */
  partitions?: { count: number; head: string }[];
  ts: string;
  /** The signer's Ed25519 public key, SPKI DER as base64. */
  publicKey: string;
  /** The signature, base64. */
  signature: string;
}

/** What a checkpoint's signature covers, of its members. */
const checkpointOutline = z.looseObject({ count: wholeFrom(0), head: z.string(), ts: z.string() });

/**
 * The bytes a checkpoint signature covers. A checkpoint without its count, head or ts is ARGUMENT_INVALID at
 * `checkpoint` and the member (it was signed as "undefined" before).
 */
export function checkpointMessage(c: Pick<Checkpoint, 'count' | 'head' | 'ts'>): string {
  checkArgument(checkpointOutline, c, ['checkpoint']);
  return `gepkit-ledger-checkpoint:${c.count}:${c.head}:${c.ts}`;
}

/** The row a store keeps for an entry: the columns it indexes and the canonical body the hash covers. */
export interface EntryRow {
  partition: number;
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

/**
 * The stored row of an entry. Its body is canonicalEntry of the entry itself, which writes the body's members only
 * (never prev or hash): the same bytes as of bodyOf(e), without copying the entry first.
 */
export function entryRow(e: Entry): EntryRow {
  return {
    partition: e.partition ?? 0,
    seq: e.seq,
    kind: e.type,
    ts: e.ts,
    ref: e.ref,
    unit: e.unit,
    // A credit leg repeats its debit leg's meta: the activity is the debit leg's to hold under the unique index.
    activity: e.leg === 'credit' ? null : (e.meta?.activity ?? null),
    certRef: certificationRef(e) ?? null,
    body: canonicalEntry(e),
    prev: e.prev,
    hash: e.hash,
  };
}

/** The columns a store copies from an entry beside its body, as stored. */
export type EntryColumns = Pick<
  EntryRow,
  'partition' | 'seq' | 'kind' | 'ts' | 'ref' | 'unit' | 'activity' | 'certRef'
>;

/** A stored entry's row as read back: its copied columns (seq as a number or, from PostgreSQL, its text), body and links. */
export type StoredEntryRow = Omit<EntryColumns, 'seq'> & {
  seq: number | string;
  body: string;
  prev: string;
  hash: string;
};

/** Shown each stored entry's copied columns and the entry its body gives (`LedgerStore.entries`). */
export type ColumnsSeen = (stored: StoredEntryRow, e: Entry) => void;

/**
 * The copied columns of a stored entry that differ from what its body gives (`name: stored, body gives value`), none
 * when they agree. An edited column would move what the store's unique constraints hold (an activity id or a
 * certification reference) away from the entry that the chain's hash covers.
 */
export function columnsDiffering(stored: StoredEntryRow, e: Entry): string[] {
  const want = entryRow(e);
  const out: string[] = [];
  for (const k of ['partition', 'seq', 'kind', 'ts', 'ref', 'unit', 'activity', 'certRef'] as const)
    if (String(stored[k]) !== String(want[k]))
      out.push(`${k} ${JSON.stringify(stored[k])}, its body gives ${JSON.stringify(want[k])}`);
  return out;
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

/**
 * The format and version a store records in its meta table; a store of another is refused on opening. Version 3
 * keys holdings by account, partition and unit (version 2 by account and unit, so an account held in two partitions
 * kept one row: ADR 0054) and holds the key of every record entry's ref in its refs (a version-2 store may hold
 * none).
 */
export const STORE_FORMAT = 'gepkit-ledger';
export const STORE_VERSION = '3';
/**
 * The version a store opening migrates to STORE_VERSION (`checkMigration` and `checkMigrationRefs` say when it
 * cannot).
 */
export const MIGRATED_VERSION = '2';

/**
 * Whether the meta table read names this format and version (`current`) or the version opening migrates
 * (`migrate`); LEDGER_STORE_INVALID for any other. `what` names the store.
 */
export function checkStoreFormat(meta: ReadonlyMap<string, string>, what: string): 'current' | 'migrate' {
  const version = meta.get('version');
  if (meta.get('format') === STORE_FORMAT && version === STORE_VERSION) return 'current';
  if (meta.get('format') === STORE_FORMAT && version === MIGRATED_VERSION) return 'migrate';
  return carbonFail('LEDGER_STORE_INVALID', [], {
    detail: `${what} ${meta.get('format') ?? '?'} version ${version ?? '?'}, this gepkit reads ${STORE_FORMAT} version ${STORE_VERSION} (and migrates version ${MIGRATED_VERSION})`,
  });
}

/**
 * Refuse (LEDGER_STORE_INVALID) to migrate a version-2 store some of whose accounts were touched by entries of
 * several partitions (`crossing`, up to a few of them): version 2 kept one holdings row per account and unit, so
 * such an account's rows of all partitions but one were overwritten, and copying the rows would keep the loss.
 */
export function checkMigration(crossing: readonly string[], what: string): void {
  if (crossing.length > 0)
    carbonFail('LEDGER_STORE_INVALID', [], {
      detail: `${what} version ${MIGRATED_VERSION} of several partitions whose accounts ${crossing.join(', ')} are touched by entries of several partitions: version ${MIGRATED_VERSION} kept one holdings row per account and unit, so their holdings may have lost amounts; not migrated (rebuild the ledger by re-executing its inputs into a new ledger, or verify it with the gepkit that wrote it)`,
    });
}

/**
 * A stored record entry as a migration reads it: its kind (one of RECORD_REF_KINDS), ref and source account (the
 * body's `from`, null when it has none).
 */
export interface StoredRecordRef {
  kind: string;
  ref: string;
  source: string | null;
}
/** The kinds of entry whose ref has a key in a store's refs (UNIQUE_REF_TYPES), for a migration's query. */
export const RECORD_REF_KINDS: readonly string[] = [...UNIQUE_REF_TYPES];
/** The key of a stored record entry's ref in the refs: `recordRefKey`, as the append of the entry wrote it. */
export const storedRecordRefKey = (r: StoredRecordRef): string =>
  recordRefKey({ type: r.kind as EntryType, ref: r.ref, from: r.source ?? undefined });

/** The most repeated record refs a refused migration names. */
export const REPEATS_NAMED = 10;

/**
 * Refuse (LEDGER_STORE_INVALID) to migrate a version-2 store whose entries repeat record refs (`repeated`, the keys
 * found set again while the migration wrote them): a record's ref is unique per kind, and a store that kept no record
 * refs applied a retried record again. Names up to REPEATS_NAMED keys, sorted.
 */
export function checkMigrationRefs(repeated: readonly string[], what: string): void {
  if (repeated.length > 0)
    carbonFail('LEDGER_STORE_INVALID', [], {
      detail: `${what} version ${MIGRATED_VERSION} whose entries repeat the record refs ${[...new Set(repeated)].sort().slice(0, REPEATS_NAMED).join(', ')}: a record's ref is unique per kind, so each was applied more than once; not migrated (rebuild the ledger by re-executing its inputs into a new ledger, or verify it with the gepkit that wrote it)`,
    });
}

/**
 * The number of partitions of a store: the stored one (meta `partitions`), checked against the one asked for;
 * for a new store the one asked for (default 1). LEDGER_PARTITIONS_MISMATCH when they differ, LEDGER_STORE_INVALID
 * when the stored one is not a whole number of partitions (a damaged meta row).
 */
export function storePartitions(stored: string | undefined, asked: number | undefined): number {
  if (asked !== undefined) checkPartitions(asked);
  if (stored === undefined) return asked ?? DEFAULT_PARTITIONS;
  const n = Number(stored);
  if (!/^[1-9][0-9]*$/.test(stored) || n > MAX_PARTITIONS)
    carbonFail('LEDGER_STORE_INVALID', [], {
      detail: `the stored number of partitions "${stored}" is not a whole number from 1 to ${MAX_PARTITIONS}`,
    });
  if (asked !== undefined && asked !== n)
    carbonFail('LEDGER_PARTITIONS_MISMATCH', [], { stored, given: String(asked) });
  return n;
}

/**
 * Refuse options of opening a store that are not an object of its members (OPTIONS_INVALID: `{ partition: 4 }`
 * would open a ledger of the default number silently); the number itself is checkPartitions' to judge.
 */
export function checkStoreOpenOptions(opts: unknown): void {
  checkOptions(storeOpenOptions, opts);
}
const storeOpenOptions = optionsSchema<StoreOpenOptions>({ partitions: z.unknown() });

/** Options of opening a store. */
export interface StoreOpenOptions {
  /**
   * The number of partitions of a ledger created by the opening (default 1); an existing ledger of another
   * number is refused (LEDGER_PARTITIONS_MISMATCH). Omit it to open an existing ledger as it is.
   */
  partitions?: number;
}

/** Refuse a commit computed from a partition head the store no longer has. */
export function checkExpected(stored: readonly PartitionHead[], expect: readonly PartitionHead[]): void {
  for (const e of expect) {
    const h = stored[e.partition];
    if (h === undefined || h.seq !== e.seq || h.head !== e.head)
      carbonFail('LEDGER_STORE_CONFLICT', [], {
        detail: `partition ${e.partition} is at ${h?.seq ?? '?'} entries / ${h?.head.slice(0, 16) ?? '?'}…, the chunk was computed at ${e.seq} / ${e.head.slice(0, 16)}…`,
      });
  }
}

/** Balances of holding records: account → unit → amounts, sorted (the shape of `Ledger.balances()`). */
export function balancesOfRecords(records: Iterable<HoldingRecord>): Balances {
  const out: Balances = {};
  const sorted = [...records].sort((a, b) =>
    a.account < b.account ? -1 : a.account > b.account ? 1 : a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0,
  );
  const add = (x: string, y: string): string => (BigInt(x) + BigInt(y)).toString();
  for (const r of sorted) {
    const { available, pending, expired, redeemed, retired } = r;
    const units = (out[r.account] ??= {});
    const b = units[r.unit];
    // An account held in several partitions (a ledger written before ADR 0054): its amounts added, as mergeBalances.
    units[r.unit] =
      b === undefined
        ? { available, pending, expired, redeemed, retired }
        : {
            available: add(b.available, available),
            pending: add(b.pending, pending),
            expired: add(b.expired, expired),
            redeemed: add(b.redeemed, redeemed),
            retired: add(b.retired, retired),
          };
  }
  return out;
}

/**
 * A ledger store in memory: the reference implementation the others are tested against, and the store of a
 * run that keeps nothing between processes. Entries are kept (verification reads them back).
 *
 * @example
 * const store = new MemoryLedgerStore({ partitions: 4 });
 * (await store.head()).seq; // 0
 */
export class MemoryLedgerStore implements LedgerStore {
  readonly kind = 'memory';
  readonly partitions: number;
  private readonly list: Entry[] = [];
  private readonly refMap = new Map<string, RefRecord>();
  private readonly holdingMap = new Map<string, InPartition<HoldingRecord>[]>();
  private readonly pendingMap = new Map<string, InPartition<PendingRecord>>();
  private readonly remainderMap = new Map<string, InPartition<RemainderRecord>>();
  private readonly userMap = new Map<string, InPartition<UserRecord>>();
  private readonly registryMap = new Map<number, RegistryRecord>();
  private readonly certRefs = new Set<string>();
  private readonly activities = new Set<string>();
  private readonly points: Checkpoint[] = [];
  private readonly current: PartitionHead[];
  private readonly meta = new Map<string, string>();

  constructor(opts: StoreOpenOptions = {}) {
    checkStoreOpenOptions(opts);
    this.partitions = storePartitions(undefined, opts.partitions);
    this.current = allHeads(this.partitions, []);
  }

  load(only?: readonly number[]): Promise<StoredState> {
    const keep = only === undefined ? () => true : (r: { partition: number }) => only.includes(r.partition);
    return Promise.resolve(
      copy({
        heads: this.current,
        holdings: [...this.holdingMap.values()].flat().filter(keep),
        pending: [...this.pendingMap.values()].filter(keep),
        remainders: [...this.remainderMap.values()].filter(keep),
        users: [...this.userMap.values()].filter(keep),
        registry: [...this.registryMap.values()].filter(keep),
        ruleSets: ruleSetsOfMeta(this.meta),
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

  certified(refs: readonly string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(refs.filter((r) => this.certRefs.has(r))));
  }

  // async: a refusal rejects the promise rather than throwing at the call.
  async append(c: StoreCommit): Promise<void> {
    checkExpected(this.current, c.expect);
    if (c.ruleSet !== undefined) checkRuleSet(this.meta.get(ruleSetMetaKey(c.ruleSet.ref)), c.ruleSet);
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
    for (const { account, partition } of c.accounts) {
      const rest = (this.holdingMap.get(account) ?? []).filter((h) => h.partition !== partition);
      if (rest.length === 0) this.holdingMap.delete(account);
      else this.holdingMap.set(account, rest);
    }
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
      else this.remainderMap.set(r.account, { ...r });
    }
    for (const u of c.users) this.userMap.set(u.user, copy(u));
    for (const r of c.registry) this.registryMap.set(r.partition, copy(r));
    for (const h of c.heads) this.current[h.partition] = { ...h };
    if (c.ruleSet !== undefined) this.meta.set(ruleSetMetaKey(c.ruleSet.ref), c.ruleSet.hash);
    return Promise.resolve();
  }

  head(): Promise<StoredHead> {
    return Promise.resolve(ledgerHead(this.current));
  }

  heads(): Promise<PartitionHead[]> {
    return Promise.resolve(copy(this.current));
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
        heads: this.current,
        holdings: [...this.holdingMap.values()].flat(),
        pending: [...this.pendingMap.values()],
        registry: [...this.registryMap.values()],
        credited,
      }),
    );
  }

  checkpoints(): Promise<Checkpoint[]> {
    return Promise.resolve(this.points.map((c) => copy(c)));
  }

  addCheckpoint(c: Checkpoint): Promise<Checkpoint | undefined> {
    const kept = this.points.find((x) => x.count === c.count);
    if (kept !== undefined) return Promise.resolve(copy(kept));
    this.points.push(copy(c));
    this.points.sort((a, b) => a.count - b.count);
    return Promise.resolve(undefined);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
