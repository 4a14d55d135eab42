import * as z from 'zod/mini';
import { GepError } from '../core/errors';
import { anObject, callback, checkOptions, optionsSchema, wholeFrom } from '../core/options';
import {
  type BatchCounters,
  type BatchOptions,
  type BatchSummary,
  CarbonBatch,
  type LineResult,
  type PreparedLine,
  type SeenStore,
  batchShape,
} from './batch';
import { carbonFail } from './errors';
import type { Entry } from './ledger/entry';
import { Ledger } from './ledger/ledger';
import type { PartitionHead } from './ledger/partition';
import { headsOf } from './ledger/partitioned';
import { registryPolicy, registrySnapshot, restoreRegistry } from './ledger/registry';
import {
  type CreditStore,
  type HoldingRecord,
  type PendingRecord,
  holdingRecords,
  pendingRecord,
  restoreState,
} from './ledger/state';
import {
  type InPartition,
  type LedgerStore,
  type RefRecord,
  type RemainderRecord,
  type RuleSetRecord,
  type StoreCommit,
  type StoredState,
  type UserRecord,
  checkRuleSet,
} from './store';
import type { RuleSet } from './rules/rules';

/** The record a ledger keeps of a rule set: its `id@version` and content hash. */
const ruleSetRecord = (r: RuleSet): RuleSetRecord => ({ ref: r.ref, hash: r.hash });

/**
 * Options of a batch over a stored ledger: those of CarbonBatch but the ledger, its partitions and id guards, which
 * the store gives. `only`: the partitions this run holds (default all): it processes their lines only, appends
 * with their heads only, and may run beside writers of the other partitions.
 */
export interface StoredBatchOptions extends Omit<
  BatchOptions,
  'ledger' | 'ledgers' | 'partitions' | 'credited' | 'seen'
> {
  /**
   * Lines per atomic append (default DEFAULT_CHUNK, 25,000): a crash loses at most the chunk being processed, never
   * half of it. A user or account active several times in a chunk has its state written once.
   */
  chunk?: number;
  /**
   * Attempts at a chunk when another writer appends first (default DEFAULT_ATTEMPTS, 12). Between two attempts the
   * batch waits (`retryWait`: 25 ms doubling up to 2 s, drawn between half and one and a half of it), so that a
   * writer racing another over the same partitions waits its appends out instead of giving up at once.
   */
  attempts?: number;
  /** The counters of an earlier run of the same job, continued (a job resumed after its process died). */
  counters?: BatchCounters;
  /**
   * Called with each chunk's commit, results and the run's counters after it, before the commit is appended: a
   * write-ahead record of what is about to be stored (a job that may be killed between chunks keeps it, and finds
   * on restart whether the commit reached the store). Called again when the chunk is redone after a conflict.
   */
  beforeAppend?: (step: ChunkStep) => Promise<void>;
}

const storedOptions = optionsSchema<StoredBatchOptions>({
  ...(({ ledger: _l, ledgers: _ls, partitions: _p, credited: _c, seen: _s, ...rest }) => rest)(batchShape),
  // Named against the store's partitions below (LEDGER_PARTITIONS_INVALID).
  only: z.array(z.number()),
  chunk: wholeFrom(1),
  attempts: wholeFrom(1),
  counters: anObject,
  beforeAppend: callback,
});

/** A chunk about to be appended (`StoredBatchOptions.beforeAppend`). */
export interface ChunkStep {
  commit: StoreCommit;
  results: readonly LineResult[];
  counters: BatchCounters;
  /** The factor sets the run has used so far (the summary's `factorSets`). */
  factorSets: string[];
}

/**
 * Lines per chunk of a stored batch by default: the state rows a chunk writes (a user record, holdings, a remainder
 * per user and account it touched) are written once per chunk however often the chunk touches them, so larger
 * chunks write fewer rows per activity; the heap holds one chunk's lines and results (≈ 50 MiB at 25,000 lines in
 * bench/ledger-store.bench.mjs, flat in the number of activities). Measured in docs/carbon.md (Performance).
 */
export const DEFAULT_CHUNK = 25_000;

/**
 * Attempts at a chunk by default: the eleven waits between them (retryWait: 25 ms doubled up to 2 s, 11.2 s in all
 * before the draws, 6 to 17 s with them) wait out another writer's appends to the same partitions before
 * LEDGER_STORE_CONFLICT stops the run.
 */
export const DEFAULT_ATTEMPTS = 12;

/**
 * The wait in ms after the `attempt`-th conflict of a chunk: 25 ms doubled each time up to 2 s, times a draw in
 * [0.5, 1.5) (`draw`, Math.random by default), so that two writers that keep meeting part: the one that just lost
 * does not start its chunk again in step with the other's next one. The draw changes when a chunk is stored, never
 * what is stored.
 */
export function retryWait(attempt: number, draw: number = Math.random()): number {
  return Math.min(2_000, 25 * 2 ** (attempt - 1)) * (0.5 + draw);
}

/**
 * A wait of `ms` on the platform's timer (Node's and browsers' `setTimeout`, typed here: this module is
 * platform-neutral and its declarations name no platform).
 */
const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) =>
    (globalThis as unknown as { setTimeout(f: () => void, ms: number): unknown }).setTimeout(resolve, ms),
  );

/**
 * The refs of the chunk being processed: looked up in the store before the chunk runs, served to the batch
 * (double-credit guard and seen ids) synchronously, and the changed ones written with the chunk. A ref the
 * batch asks for that was not looked up stops the run (LEDGER_STORE_INVALID): it would otherwise be taken as new.
 */
class ChunkRefs {
  private readonly known = new Map<string, RefRecord | null>();
  readonly changed = new Map<string, RefRecord>();
  /** The certification references of the chunk's certify records that the store already holds, in any partition. */
  readonly certified = new Set<string>();

  fillCertified(found: Iterable<string>): void {
    this.certified.clear();
    for (const r of found) this.certified.add(r);
  }

  fill(asked: readonly string[], found: Map<string, RefRecord>): void {
    this.known.clear();
    this.changed.clear();
    for (const r of asked) this.known.set(r, found.get(r) ?? null);
  }

  private record(ref: string): RefRecord | null {
    const r = this.known.get(ref);
    if (r === undefined)
      carbonFail('LEDGER_STORE_INVALID', [], {
        detail: `ref ${ref} was used but not looked up in the store`,
      });
    return r;
  }

  private write(ref: string, r: RefRecord): void {
    this.known.set(ref, r);
    this.changed.set(ref, r);
  }

  readonly credited: CreditStore = {
    get: (ref) => this.record(ref)?.units,
    set: (ref, units) => this.write(ref, { units, evidence: this.record(ref)?.evidence ?? null }),
  };

  readonly seen: SeenStore = {
    get: (ref) => this.record(ref)?.evidence ?? undefined,
    set: (ref, evidence) => this.write(ref, { units: this.record(ref)?.units ?? 0, evidence }),
  };
}

/** Build a batch whose ledgers (one per partition) continue the stored state. */
function restore(state: StoredState, refs: ChunkRefs, opts: StoredBatchOptions): CarbonBatch {
  const n = state.heads.length;
  const policy = registryPolicy(opts.rules);
  const ledgers = state.heads.map((h, partition) => {
    const ledger = new Ledger({
      ...(opts.hash !== undefined ? { hash: opts.hash } : {}),
      credited: refs.credited,
      policy,
      partition,
      partitions: n,
    });
    const s = ledger.state;
    s.seq = h.seq;
    s.head = h.head;
    if (h.lastTs !== null) {
      s.lastTs = Date.parse(h.lastTs);
      s.lastTsIso = h.lastTs;
    }
    const mine = <T extends { partition: number }>(r: T): boolean => r.partition === partition;
    restoreState(s, state.holdings.filter(mine).map(strip), state.pending.filter(mine).map(strip));
    for (const r of state.remainders.filter(mine)) s.remainders.set(r.account, BigInt(r.micrograms));
    const registry = state.registry.find(mine);
    if (registry !== undefined) restoreRegistry(s.registry, registry.snapshot);
    return ledger;
  });
  const { chunk: _c, attempts: _a, counters: _k, beforeAppend: _b, ...batchOpts } = opts;
  const batch = new CarbonBatch({ ...batchOpts, ledgers, seen: refs.seen, certified: refs.certified });
  for (const u of state.users) batch.restoreUser(strip(u));
  return batch;
}

/** The entry types of activities and claims, which leave the registry state as it was. */
const BATCH_TYPES: ReadonlySet<string> = new Set(['issue', 'claim', 'expire']);

/**
 * Whether an entry can change the pending issue under its key (`unit|ref`): applyEntry (ledger/state.ts) sets a
 * pending issue only for an issue with a claim window (claimBy) and removes one only for a claim or an expire;
 * every other entry leaves `pending` as it was, so its key is not written (no row to delete, none to set).
 */
const touchesPending = (e: Entry): boolean =>
  e.type === 'claim' || e.type === 'expire' || (e.type === 'issue' && e.claimBy !== undefined);

/** A stored record without its partition. */
function strip<T extends object>(r: InPartition<T>): T {
  const { partition: _p, ...rest } = r;
  return rest as unknown as T;
}

/**
 * A carbon batch over a stored ledger: it resumes from the store's head (refs credited by earlier runs are
 * refused as LEDGER_DOUBLE_CREDIT, caps and remainders carry on) and appends each chunk of lines with the
 * state it changes in one atomic step, returning the chunk's results only once they are stored. When another
 * writer appended first, the chunk is redone on the reloaded state.
 *
 * @example
 * const run = await StoredBatch.open(new MemoryLedgerStore(), { rules: bundledRuleSet('jx-lvbao-example') });
 * const results = await run.processChunk([line1, line2], 1);
 * run.summary().ledger.count;
 */
export class StoredBatch {
  private constructor(
    private readonly store: LedgerStore,
    private readonly opts: StoredBatchOptions,
    private batch: CarbonBatch,
    private refs: ChunkRefs,
  ) {}

  /** OPTIONS_INVALID for options it cannot read (a key it does not have, a chunk below 1 line). */
  static async open(store: LedgerStore, opts: StoredBatchOptions = {}): Promise<StoredBatch> {
    checkOptions(storedOptions, opts);
    if (opts.only !== undefined)
      for (const p of opts.only)
        if (!Number.isInteger(p) || p < 0 || p >= store.partitions)
          carbonFail('LEDGER_PARTITIONS_INVALID', [], {
            detail: `partition ${p} is not one of the ledger's ${store.partitions} (0 to ${store.partitions - 1})`,
          });
    const refs = new ChunkRefs();
    const state = await store.load(opts.only);
    // A rule set edited without a new version is refused before any line runs (each append checks it again); so is a
    // run without a rule set on a ledger that has booked under one (no points, no caps, counters overwritten).
    if (opts.rules !== undefined)
      checkRuleSet(state.ruleSets.find((r) => r.ref === opts.rules?.ref)?.hash, ruleSetRecord(opts.rules));
    else if (state.ruleSets.length > 0)
      carbonFail('LEDGER_RULES_REQUIRED', [], { recorded: state.ruleSets.map((r) => r.ref).join(', ') });
    const batch = restore(state, refs, opts);
    if (opts.counters !== undefined) batch.carry(opts.counters);
    return new StoredBatch(store, opts, batch, refs);
  }

  /** The partitions this run holds: its `only`, or every partition of the store. */
  private held(): number[] {
    return this.opts.only !== undefined
      ? [...new Set(this.opts.only)].sort((a, b) => a - b)
      : Array.from({ length: this.store.partitions }, (_, p) => p);
  }

  private headsHeld(): PartitionHead[] {
    const all = headsOf(this.batch.ledgers);
    return this.held().map((p) => all[p] as PartitionHead);
  }

  /** Lines per chunk. */
  get chunkSize(): number {
    return this.opts.chunk ?? DEFAULT_CHUNK;
  }

  /**
   * Run a chunk of lines and store it; results of blank lines are left out. The lines are numbered from
   * `firstLine`, or each by its own number in `firstLine` (the lines of one partition, picked from a stream).
   */
  async processChunk(
    items: readonly unknown[],
    firstLine: number | readonly number[],
  ): Promise<LineResult[]> {
    const attempts = this.opts.attempts ?? DEFAULT_ATTEMPTS;
    for (let attempt = 1; ; attempt++) {
      const before = this.batch.counters();
      const sets = this.batch.factorSets();
      try {
        return await this.attempt(items, firstLine);
      } catch (e) {
        const conflict = e instanceof GepError && e.code === 'LEDGER_STORE_CONFLICT';
        if (!conflict) throw e;
        if (attempt >= attempts)
          carbonFail('LEDGER_STORE_CONFLICT', [], {
            detail: `${String(e.issues[0]?.params?.detail ?? e.en)}; ${attempts === 1 ? 'one attempt' : `${attempts} attempts`} at this chunk, another writer appending to the same partitions each time`,
          });
        await sleep(retryWait(attempt));
        await this.reload(before, sets);
      }
    }
  }

  /**
   * Rebuild the batch from the store's state, keeping this run's counters and the factor sets its credited lines
   * used from before the failed chunk.
   */
  private async reload(counters: BatchCounters, factorSets: readonly string[]): Promise<void> {
    this.refs = new ChunkRefs();
    this.batch = restore(await this.store.load(this.opts.only), this.refs, this.opts);
    this.batch.carry(counters, factorSets);
  }

  private async attempt(
    items: readonly unknown[],
    firstLine: number | readonly number[],
  ): Promise<LineResult[]> {
    const prepared: PreparedLine[] = [];
    const lineOf = (i: number): number =>
      typeof firstLine === 'number' ? firstLine + i : (firstLine[i] as number);
    items.forEach((item, i) => {
      const p = this.batch.prepare(item, lineOf(i));
      if (p !== undefined) prepared.push(p);
    });
    const asked = [...new Set(prepared.flatMap((p) => CarbonBatch.refsOf(p)))];
    this.refs.fill(asked, await this.store.refs(asked));
    // A certification reference is unique in the ledger: those of partitions this run does not hold are asked for.
    const certs = [
      ...new Set(prepared.map((p) => CarbonBatch.certificationOf(p)).filter((r) => r !== undefined)),
    ];
    this.refs.fillCertified(certs.length > 0 ? await this.store.certified(certs) : []);
    const expect = this.headsHeld();
    const results = prepared.map((p) => this.batch.run(p));
    const commit = this.commit(expect, results);
    await this.opts.beforeAppend?.({
      commit,
      results,
      counters: this.batch.counters(),
      factorSets: this.batch.factorSets(),
    });
    await this.store.append(commit);
    return results;
  }

  /** The chunk's commit: its entries and the complete records of what they changed. */
  private commit(expect: PartitionHead[], results: readonly LineResult[]): StoreCommit {
    const ledgers = this.batch.ledgers;
    const stateOf = (p: number) => (ledgers[p] as Ledger).state;
    const entries: Entry[] = [];
    // What the entries touched, with the partition whose state holds it (an account by partition: a ledger written
    // before ADR 0054 may hold one account in several partitions, and each partition's holding is its own).
    const accounts = new Map<string, InPartition<{ account: string }>>();
    const pendingKeys = new Map<string, number>();
    const users = new Set<string>();
    const registry = new Set<number>();
    for (const r of results) {
      for (const e of r.entries) {
        entries.push(e);
        const p = e.partition ?? 0;
        if (!BATCH_TYPES.has(e.type)) registry.add(p);
        // A leg touches its own side's account only (the other is in the other leg's partition).
        if (e.from !== undefined && e.leg !== 'credit')
          accounts.set(`${p} ${e.from}`, { account: e.from, partition: p });
        if (e.to !== undefined && e.leg !== 'debit')
          accounts.set(`${p} ${e.to}`, { account: e.to, partition: p });
        if (touchesPending(e)) pendingKeys.set(`${e.unit}|${e.ref}`, p);
      }
      if (r.ok && r.kind === 'activity' && r.user !== undefined) users.add(r.user);
    }
    const holdings: InPartition<HoldingRecord>[] = [];
    // The records are fresh objects: their partition is set on them rather than on copies.
    for (const { account: a, partition } of accounts.values())
      for (const h of holdingRecords(stateOf(partition), a)) {
        (h as InPartition<HoldingRecord>).partition = partition;
        holdings.push(h as InPartition<HoldingRecord>);
      }
    const pending: [string, InPartition<PendingRecord> | null][] = [...pendingKeys].map(([k, partition]) => {
      const r = pendingRecord(stateOf(partition), k) as InPartition<PendingRecord> | undefined;
      if (r !== undefined) r.partition = partition;
      return [k, r ?? null];
    });
    const userRecords: InPartition<UserRecord>[] = [];
    const remainders: InPartition<RemainderRecord>[] = [];
    for (const u of users) {
      const partition = this.batch.partitionOf(u);
      const record = this.batch.userRecord(u) as InPartition<UserRecord>;
      record.partition = partition;
      userRecords.push(record);
      const account = this.batch.accountOf(u);
      const micrograms = (stateOf(partition).remainders.get(account) ?? 0n).toString();
      remainders.push({ account, micrograms, partition });
    }
    return {
      expect,
      heads: this.headsHeld(),
      entries,
      refs: [...this.refs.changed],
      holdings,
      accounts: [...accounts.values()],
      pending,
      remainders,
      users: userRecords,
      registry: [...registry].map((partition) => ({
        partition,
        snapshot: registrySnapshot(stateOf(partition).registry),
      })),
      ...(this.opts.rules !== undefined ? { ruleSet: ruleSetRecord(this.opts.rules) } : {}),
    };
  }

  summary(): BatchSummary {
    return this.batch.summary();
  }
}

/**
 * Process a stream of lines over a stored ledger, a chunk at a time; yields each result once its chunk is
 * stored and returns the summary.
 */
export async function* processStored(
  items: AsyncIterable<unknown> | Iterable<unknown>,
  run: StoredBatch,
): AsyncGenerator<LineResult, BatchSummary> {
  let chunk: unknown[] = [];
  let first = 1;
  let n = 0;
  for await (const item of items) {
    chunk.push(item);
    n += 1;
    if (chunk.length >= run.chunkSize) {
      yield* await run.processChunk(chunk, first);
      chunk = [];
      first = n + 1;
    }
  }
  if (chunk.length > 0) yield* await run.processChunk(chunk, first);
  return run.summary();
}
