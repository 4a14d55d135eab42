import { GepError } from '../core/errors';
import {
  type BatchCounters,
  type BatchOptions,
  type BatchSummary,
  CarbonBatch,
  type LineResult,
  type PreparedLine,
  type SeenStore,
} from './batch';
import { carbonFail } from './errors';
import type { Entry } from './ledger/entry';
import { Ledger } from './ledger/ledger';
import {
  type CreditStore,
  type HoldingRecord,
  type PendingRecord,
  holdingRecords,
  pendingRecord,
  restoreState,
} from './ledger/state';
import type { LedgerStore, RefRecord, StoreCommit, StoredHead, StoredState, UserRecord } from './store';

/** Options of a batch over a stored ledger: those of CarbonBatch but the ledger and id guards, which the store gives. */
export interface StoredBatchOptions extends Omit<BatchOptions, 'ledger' | 'credited' | 'seen'> {
  /** Lines per atomic append (default 10,000): a crash loses at most the chunk being processed, never half of it. */
  chunk?: number;
  /** Attempts at a chunk when another writer appends first (default 5). */
  attempts?: number;
}

/**
 * The refs of the chunk being processed: looked up in the store before the chunk runs, served to the batch
 * (double-credit guard and seen ids) synchronously, and the changed ones written with the chunk. A ref the
 * batch asks for that was not looked up stops the run (LEDGER_STORE_INVALID): it would otherwise be taken as new.
 */
class ChunkRefs {
  private readonly known = new Map<string, RefRecord | null>();
  readonly changed = new Map<string, RefRecord>();

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

/** Build a batch whose ledger continues the stored state. */
function restore(state: StoredState, refs: ChunkRefs, opts: StoredBatchOptions): CarbonBatch {
  const ledger = new Ledger({
    ...(opts.hash !== undefined ? { hash: opts.hash } : {}),
    credited: refs.credited,
  });
  const s = ledger.state;
  s.seq = state.head.seq;
  s.head = state.head.head;
  if (state.head.lastTs !== null) {
    s.lastTs = Date.parse(state.head.lastTs);
    s.lastTsIso = state.head.lastTs;
  }
  restoreState(s, state.holdings, state.pending);
  for (const r of state.remainders) s.remainders.set(r.account, BigInt(r.micrograms));
  const { chunk: _c, attempts: _a, ...batchOpts } = opts;
  const batch = new CarbonBatch({ ...batchOpts, ledger, seen: refs.seen });
  for (const u of state.users) batch.restoreUser(u);
  return batch;
}

const headOf = (l: Ledger): StoredHead => ({
  seq: l.state.seq,
  head: l.state.head,
  lastTs: l.state.seq === 0 ? null : l.state.lastTsIso,
});

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

  static async open(store: LedgerStore, opts: StoredBatchOptions = {}): Promise<StoredBatch> {
    const refs = new ChunkRefs();
    return new StoredBatch(store, opts, restore(await store.load(), refs, opts), refs);
  }

  /** Lines per chunk. */
  get chunkSize(): number {
    return this.opts.chunk ?? 10_000;
  }

  /** Run a chunk of lines (numbered from `firstLine`) and store it; results of blank lines are left out. */
  async processChunk(items: readonly unknown[], firstLine: number): Promise<LineResult[]> {
    const attempts = this.opts.attempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      const before = this.batch.counters();
      try {
        return await this.attempt(items, firstLine);
      } catch (e) {
        const conflict = e instanceof GepError && e.code === 'LEDGER_STORE_CONFLICT';
        if (!conflict || attempt >= attempts) throw e;
        await this.reload(before);
      }
    }
  }

  /** Rebuild the batch from the store's state, keeping this run's counters from before the failed chunk. */
  private async reload(counters: BatchCounters): Promise<void> {
    this.refs = new ChunkRefs();
    this.batch = restore(await this.store.load(), this.refs, this.opts);
    this.batch.carry(counters);
  }

  private async attempt(items: readonly unknown[], firstLine: number): Promise<LineResult[]> {
    const prepared: PreparedLine[] = [];
    items.forEach((item, i) => {
      const p = this.batch.prepare(item, firstLine + i);
      if (p !== undefined) prepared.push(p);
    });
    const asked = [...new Set(prepared.flatMap((p) => CarbonBatch.refsOf(p)))];
    this.refs.fill(asked, await this.store.refs(asked));
    const expect = headOf(this.batch.ledger);
    const results = prepared.map((p) => this.batch.run(p));
    await this.store.append(this.commit(expect, results));
    return results;
  }

  /** The chunk's commit: its entries and the complete records of what they changed. */
  private commit(expect: StoredHead, results: readonly LineResult[]): StoreCommit {
    const state = this.batch.ledger.state;
    const entries: Entry[] = [];
    const accounts = new Set<string>();
    const pendingKeys = new Set<string>();
    const users = new Set<string>();
    for (const r of results) {
      for (const e of r.entries) {
        entries.push(e);
        if (e.from !== undefined) accounts.add(e.from);
        if (e.to !== undefined) accounts.add(e.to);
        pendingKeys.add(`${e.unit}|${e.ref}`);
      }
      if (r.ok && r.kind === 'activity' && r.user !== undefined) users.add(r.user);
    }
    const holdings: HoldingRecord[] = [];
    for (const a of accounts) holdings.push(...holdingRecords(state, a));
    const pending: [string, PendingRecord | null][] = [...pendingKeys].map((k) => [
      k,
      pendingRecord(state, k) ?? null,
    ]);
    const userRecords: UserRecord[] = [];
    const remainders = new Map<string, string>();
    for (const u of users) {
      userRecords.push(this.batch.userRecord(u));
      const account = this.batch.accountOf(u);
      remainders.set(account, (state.remainders.get(account) ?? 0n).toString());
    }
    return {
      expect,
      head: headOf(this.batch.ledger),
      entries,
      refs: [...this.refs.changed],
      holdings,
      accounts: [...accounts],
      pending,
      remainders: [...remainders].map(([account, micrograms]) => ({ account, micrograms })),
      users: userRecords,
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
