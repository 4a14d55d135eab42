import type { Issue } from '../core/errors';
import { type BatchOptions, type BatchSummary, type BatchTotals, VepBatch, type WarningEntry } from './batch';
import { DuplicateChecks, MEMORY_KEYS } from './duplicates';
import { type ChunkKeys, type ChunkOut, type ChunkVerdicts, decodeKeys } from './pool-worker';

/**
 * The coordinator of a parcel pool (ADR 0043): it runs the batch's duplicate checks on the keys each worker
 * read, chunk after chunk in line order, numbers the catalogue's warnings in the order a single batch meets
 * them, and adds the workers' totals into the summary. Pure: the threads are ./pool-node.ts.
 */
export class PoolCoordinator {
  private readonly batch: VepBatch;
  private readonly checks: DuplicateChecks | undefined;
  /** Per worker: the key of each local warning number, and its catalogue entry once a valued parcel has it. */
  private readonly localKeys: string[][];
  private readonly localEntries: (WarningEntry | undefined)[][];
  /** Per chunk: the catalogue entries whose warning the chunk's output brings (in the order asked). */
  private readonly asked = new Map<number, WarningEntry[]>();

  constructor(context: unknown, opts: BatchOptions, workers: number) {
    this.batch = new VepBatch(context, { ...opts, checkDuplicates: false });
    this.checks =
      opts.checkDuplicates === false
        ? undefined
        : new DuplicateChecks(opts.diskIndex, opts.memoryKeys ?? MEMORY_KEYS);
    this.localKeys = Array.from({ length: workers }, () => []);
    this.localEntries = Array.from({ length: workers }, () => []);
  }

  /** Read the CSV header line (it throws VEP_CSV_HEADER when it cannot describe parcels). */
  readHeader(text: string, line: number): void {
    this.batch.read(text, line);
  }

  /** The verdicts on a chunk's keys; chunks must come in line order. */
  check(worker: number, k: ChunkKeys): ChunkVerdicts {
    const keys = this.localKeys[worker] as string[];
    for (const [i, key] of k.newKeys.entries()) keys[k.firstKey + i] = key;
    const v: ChunkVerdicts = { chunk: k.chunk, duplicates: [], refs: [], ask: [] };
    const asked: WarningEntry[] = [];
    let at = 0;
    let w = 0;
    for (let i = 0; i < k.kinds.length; i++) {
      const count = k.counts[i] as number;
      const from = w;
      w += count;
      if (k.kinds[i] === 0) continue;
      const [parcel, next] = decodeKeys(k.keys, at);
      at = next;
      const line = k.lines[i] as number;
      const fresh = this.checks?.check(parcel, ['line', line]);
      if (fresh !== undefined && !(fresh instanceof Map)) {
        v.duplicates.push([i, fresh]);
        continue;
      }
      if (k.kinds[i] !== 2) continue;
      this.checks?.claim(parcel.id, line, fresh);
      if (count > 0) this.refer(worker, k.warnings.subarray(from, w), line, i, v, asked);
    }
    if (asked.length > 0) this.asked.set(k.chunk, asked);
    return v;
  }

  /** Count a valued parcel's warnings in the catalogue; a warning seen first here gets its entry and ref. */
  private refer(
    worker: number,
    local: Int32Array,
    line: number,
    i: number,
    v: ChunkVerdicts,
    asked: WarningEntry[],
  ): void {
    const entries = this.localEntries[worker] as (WarningEntry | undefined)[];
    const catalogue = this.batch.catalogue();
    if (catalogue === undefined) return;
    for (const [j, n] of local.entries()) {
      let e = entries[n];
      if (e === undefined) {
        const key = (this.localKeys[worker] as string[])[n] as string;
        e = catalogue.get(key);
        if (e === undefined) {
          // The entry's issue is the warning as this parcel has it: the worker sends it with the chunk's output.
          e = {
            ref: `W${catalogue.size + 1}`,
            count: 0,
            firstLine: line,
            issue: undefined as unknown as Issue,
          };
          catalogue.set(key, e);
          v.ask.push([i, j]);
          asked.push(e);
        }
        entries[n] = e;
        v.refs.push([n, e.ref]);
      }
      e.count += 1;
    }
  }

  /** Take a chunk's output: the catalogue entries that start in it get their warnings. */
  settle(out: ChunkOut): void {
    const asked = this.asked.get(out.chunk);
    if (asked === undefined) return;
    this.asked.delete(out.chunk);
    for (const [i, e] of asked.entries()) e.issue = out.answers[i] as Issue;
  }

  /**
   * The run's summary, from the workers' totals. Every chunk's output has been settled by then: a catalogue entry
   * still waiting for its warning is an internal error, never a summary with an entry without its issue.
   */
  summary(totals: readonly BatchTotals[]): BatchSummary {
    const waiting = [...this.asked.keys()];
    if (waiting.length > 0) throw new Error(`chunks ${waiting.join(', ')}: warnings asked and never sent`);
    for (const t of totals) this.batch.addTotals(t);
    return this.batch.summary();
  }

  /** Release the duplicate checks' disk index, if they opened one. */
  close(): void {
    this.checks?.close();
  }
}
