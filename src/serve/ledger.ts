/**
 * The service's one writer to the carbon ledger: requests append through it a chunk at a time, one chunk at a
 * time (a queue, so concurrent clients never race on the head), and each chunk that appended entries is recorded
 * in the audit trail with the key that sent it. One batch (StoredBatch) serves every request, so the state a
 * run resumes from is loaded once; if a chunk fails, the batch is reloaded from the store before the next.
 */
import type { LineResult } from '../carbon/batch';
import type { Hasher } from '../carbon/ledger/entry';
import type { LedgerStore } from '../carbon/store';
import { StoredBatch, type StoredBatchOptions } from '../carbon/stored-batch';
import { type AuditStore, auditRecord } from './audit';
import type { Caller } from './keys';

/** The carbon side of a server: its ledger store, audit trail and batch options. */
export interface CarbonSetup {
  store: LedgerStore;
  audit: AuditStore;
  /** Rules, factor sets and reduction policy of every append (the server's configuration). */
  batch: Omit<StoredBatchOptions, 'hash' | 'chunk'>;
  /** Hex SHA-256 of a string (ledger entries and audit records). */
  hash: Hasher;
  /** Lines per atomic append (default 1,000). */
  chunk?: number;
}

/** Who writes: the caller, the request and the route, as the audit trail records them. */
export interface Writer {
  caller: Caller;
  requestId: string;
  route: string;
}

export class LedgerWriter {
  private batch: Promise<StoredBatch> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly setup: CarbonSetup,
    private readonly now: () => number,
  ) {}

  get chunk(): number {
    return this.setup.chunk ?? 1000;
  }

  /** Run `f` when every write queued before it is done, and before any queued after it. */
  exclusive<T>(f: () => Promise<T>): Promise<T> {
    const run = this.queue.then(f);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Append one chunk of lines (numbered from `firstLine`) and record the write; the results once stored. */
  write(items: readonly unknown[], firstLine: number, who: Writer): Promise<LineResult[]> {
    return this.exclusive(async () => {
      const { store, audit, hash } = this.setup;
      this.batch ??= StoredBatch.open(store, { ...this.setup.batch, hash, chunk: this.chunk });
      const batch = await this.batch;
      const before = await store.head();
      let results: LineResult[];
      try {
        results = await batch.processChunk(items, firstLine);
      } catch (e) {
        this.batch = undefined;
        throw e;
      }
      const after = await store.head();
      if (after.seq > before.seq) {
        const trail = await audit.head();
        const accepted = results.filter((r) => r.ok).length;
        await audit.append(
          auditRecord(
            {
              seq: trail.count,
              at: new Date(this.now()).toISOString(),
              key: who.caller.id,
              role: who.caller.role,
              requestId: who.requestId,
              route: who.route,
              ledger: { from: before.seq, to: after.seq, head: after.head },
              lines: {
                first: firstLine,
                last: firstLine + items.length - 1,
                accepted,
                refused: results.length - accepted,
              },
            },
            trail.head,
            hash,
          ),
        );
      }
      return results;
    });
  }
}
