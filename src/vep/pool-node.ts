/** Node adapter: a parcel batch valued by a pool of worker threads (ADR 0043), the results in line order. */
import { Worker } from 'node:worker_threads';
import { GepError, type Issue } from '../core/errors';
import { bundledFile } from '../io/bundled-file-node';
import * as z from 'zod/mini';
import { anObject, checkOptions, optionsSchema, wholeFrom } from '../core/options';
import {
  type BatchOptions,
  type BatchSummary,
  type BatchTotals,
  type ParcelResult,
  batchShape,
} from './batch';
import { vepIssue } from './errors';
import { PoolCoordinator } from './pool';
import type { ChunkIn, ChunkKeys, ChunkOut, PoolSetup } from './pool-worker';

export interface PoolOptions extends Pick<
  BatchOptions,
  'format' | 'fastPath' | 'warnings' | 'checkDuplicates' | 'diskIndex' | 'memoryKeys'
> {
  /** Worker threads (at least 1). */
  workers: number;
  /** How valued parcels are written (JSON lines, or CSV rows of the given indicators). */
  output: PoolSetup['output'];
  /** The built worker (dist/vep/pool-worker.js by default). */
  workerFile?: string;
  /** Lines per chunk handed to a worker (default CHUNK_LINES). */
  chunkLines?: number;
}

const poolOptions = optionsSchema<PoolOptions>({
  format: batchShape.format,
  fastPath: batchShape.fastPath,
  warnings: batchShape.warnings,
  checkDuplicates: batchShape.checkDuplicates,
  diskIndex: batchShape.diskIndex,
  memoryKeys: batchShape.memoryKeys,
  workers: wholeFrom(1),
  output: anObject,
  workerFile: z.string(),
  chunkLines: wholeFrom(1),
});

/**
 * What the pool yields, in line order: the written results of valued parcels as UTF-8 bytes (`results` of
 * them), or a refused line's result.
 */
export type PoolItem = { bytes: Uint8Array; results: number } | ParcelResult;

/**
 * Lines per chunk: a chunk's parcels stay alive in its worker from reading to writing (the verdicts' round
 * trip), so small chunks keep the garbage collector's work that of one batch; each chunk costs two messages.
 */
export const CHUNK_LINES = 64;

/** The built worker file: beside this module (dist/vep/pool-worker.js) or beside the CLI bundle. */
export function defaultPoolWorkerFile(): string {
  return bundledFile(import.meta.url, ['./pool-worker.js', '../vep/pool-worker.js'], (looked) => {
    throw new GepError(
      vepIssue('VEP_WORKER_FAILED', [], {
        detail: `no worker file (looked for ${looked.join(', ')}); run with workers 0`,
      }),
    );
  });
}

type Reply =
  { keys: ChunkKeys } | { out: ChunkOut } | { totals: BatchTotals } | { issues: Issue[] } | { error: string };

/**
 * Value a parcel file's lines (JSON Lines or CSV, by `format`) with `workers` threads. Each worker reads and
 * values chunks of lines and writes their results; this thread runs the duplicate checks and the warning
 * catalogue in line order between the two steps, so the results, their order and the summary are those of
 * one batch (valueParcelsAsync) over the same lines. `context` is the context's JSON data (each worker
 * prepares its own). A worker that fails stops the run with VEP_WORKER_FAILED (or its GepError).
 */
export async function* valueParcelsPooled(
  lines: AsyncIterable<string | readonly string[]> | Iterable<string>,
  context: unknown,
  opts: PoolOptions,
): AsyncGenerator<PoolItem, BatchSummary> {
  const size = opts.chunkLines ?? CHUNK_LINES;
  const it = new LineReader(lines);
  const inbox = new Inbox();
  const workers: Worker[] = [];
  let coordinator: PoolCoordinator | undefined;
  // The input is given back (return()) however the run ends: a refused header, a failed worker, or a caller that
  // stops reading early, so that a file streamed into the pool is closed.
  try {
    checkOptions(poolOptions, opts);
    const { workers: _w, output: _o, workerFile: _f, chunkLines: _c, ...batchOpts } = opts;
    coordinator = new PoolCoordinator(context, batchOpts, opts.workers);
    const batch = { format: opts.format, fastPath: opts.fastPath, warnings: opts.warnings };
    let n = 0;
    let header: PoolSetup['header'];
    // The CSV header is read here, before any worker starts (a header that cannot describe parcels throws).
    if (opts.format === 'csv')
      for (;;) {
        const line = await it.next();
        if (line === undefined) break;
        n += 1;
        if (line.trim() === '') continue;
        coordinator.readHeader(line, n);
        header = { text: line, line: n };
        break;
      }
    const file = opts.workerFile ?? defaultPoolWorkerFile();
    const setup: PoolSetup = { context, batch, output: opts.output, ...(header ? { header } : {}) };
    for (let w = 0; w < opts.workers; w++) {
      const worker = new Worker(file, { workerData: setup });
      workers.push(worker);
      worker.on('message', (m: Reply) => inbox.put(w, m));
      worker.on('error', (e) => inbox.fail(vepIssue('VEP_WORKER_FAILED', [], { detail: e.message })));
      worker.on('exit', (code) =>
        inbox.fail(vepIssue('VEP_WORKER_FAILED', [], { detail: `worker exited with code ${code}` })),
      );
    }
    let sent = 0;
    let reading = true;
    let nextCheck = 0;
    let nextOut = 0;
    const keys = new Map<number, ChunkKeys>();
    const outs = new Map<number, ChunkOut>();
    const ahead = 2 * opts.workers + 1;
    // An input that fails part-way (a text whose encoding breaks) stops the reading; the lines read before it are
    // valued and handed on, as one batch answers them, and then the failure is thrown.
    let failed: { error: unknown } | undefined;
    while (reading || nextOut < sent) {
      while (reading && sent - nextOut < ahead) {
        let chunk: Awaited<ReturnType<typeof readChunk>>;
        try {
          chunk = await readChunk(it, n, size);
        } catch (error) {
          failed = { error };
          chunk = undefined;
        }
        if (chunk === undefined) {
          reading = false;
          break;
        }
        n = chunk.last;
        const msg: ChunkIn = { chunk: sent, first: chunk.first, text: chunk.text };
        (workers[sent % opts.workers] as Worker).postMessage(msg);
        sent += 1;
      }
      if (nextOut >= sent) continue;
      const { m } = await inbox.take();
      if ('keys' in m) keys.set(m.keys.chunk, m.keys);
      else if ('out' in m) outs.set(m.out.chunk, m.out);
      else unexpected(m);
      // Keys are checked in chunk order; a chunk's verdicts go back to the worker that read it.
      for (let k = keys.get(nextCheck); k !== undefined; k = keys.get(nextCheck)) {
        keys.delete(nextCheck);
        const worker = nextCheck % opts.workers;
        (workers[worker] as Worker).postMessage(coordinator.check(worker, k));
        nextCheck += 1;
      }
      for (let o = outs.get(nextOut); o !== undefined; o = outs.get(nextOut)) {
        outs.delete(nextOut);
        coordinator.settle(o);
        let run = 0;
        for (const p of o.parts)
          if (p instanceof Uint8Array) yield { bytes: p, results: o.counts[run++] as number };
          else yield p;
        nextOut += 1;
      }
    }
    if (failed !== undefined) throw failed.error;
    const totals: BatchTotals[] = new Array(opts.workers);
    for (const w of workers) w.postMessage({ end: true });
    for (let left = opts.workers; left > 0; left--) {
      const { w, m } = await inbox.take();
      if (!('totals' in m)) unexpected(m);
      totals[w] = m.totals;
    }
    return coordinator.summary(totals);
  } finally {
    inbox.closing = true;
    await Promise.all(workers.map((w) => w.terminate()));
    coordinator?.close();
    await it.close();
  }
}

/** A reply that is no answer to what was asked: a worker's refusal or failure, thrown. */
function unexpected(m: Reply): never {
  if ('issues' in m) throw new GepError(m.issues);
  const detail = 'error' in m ? m.error : `unexpected message ${Object.keys(m).join(', ')}`;
  throw new GepError(vepIssue('VEP_WORKER_FAILED', [], { detail }));
}

/** The next chunk of up to `size` lines after line `last` (undefined at the end of the input). */
async function readChunk(
  it: LineReader,
  last: number,
  size: number,
): Promise<{ first: number; last: number; text: string } | undefined> {
  const lines = await it.take(size);
  if (lines.length === 0) return undefined;
  return { first: last + 1, last: last + lines.length, text: lines.join('\n') };
}

/** Lines one at a time or many at once, from lines or blocks of lines (an iteration step per block). */
class LineReader {
  private readonly it: AsyncIterator<string | readonly string[]> | Iterator<string>;
  private block: readonly string[] = [];
  private at = 0;
  /** The input's failure after lines that were given, thrown by the next take. */
  private failed: { error: unknown } | undefined;

  constructor(source: AsyncIterable<string | readonly string[]> | Iterable<string>) {
    this.it = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  }

  async next(): Promise<string | undefined> {
    const [line] = await this.take(1);
    return line;
  }

  /** Give the input back: a generator's `finally` runs (a streamed file is closed). */
  async close(): Promise<void> {
    await this.it.return?.();
  }

  /**
   * Up to `n` lines (fewer at the end of the input). When the input fails after some of them, they are given and
   * the failure is thrown by the next take.
   */
  async take(n: number): Promise<string[]> {
    if (this.failed !== undefined) throw this.failed.error;
    const out: string[] = [];
    while (out.length < n) {
      if (this.at < this.block.length) {
        const end = Math.min(this.block.length, this.at + n - out.length);
        for (let i = this.at; i < end; i++) out.push(this.block[i] as string);
        this.at = end;
        continue;
      }
      let step: IteratorResult<string | readonly string[]>;
      try {
        step = await this.it.next();
      } catch (error) {
        if (out.length === 0) throw error;
        this.failed = { error };
        break;
      }
      if (step.done === true) break;
      this.block = typeof step.value === 'string' ? [step.value] : step.value;
      this.at = 0;
    }
    return out;
  }
}

/** The workers' replies, taken one at a time in the order they came; a failure is thrown by the next take. */
class Inbox {
  private readonly queue: { w: number; m: Reply }[] = [];
  private waiting: ((v: { w: number; m: Reply }) => void) | undefined;
  private failed: Issue | undefined;
  private rejecting: ((e: unknown) => void) | undefined;
  closing = false;

  put(w: number, m: Reply): void {
    const take = this.waiting;
    if (take === undefined) this.queue.push({ w, m });
    else {
      this.waiting = undefined;
      this.rejecting = undefined;
      take({ w, m });
    }
  }

  fail(issue: Issue): void {
    if (this.closing) return;
    this.failed ??= issue;
    const reject = this.rejecting;
    this.waiting = undefined;
    this.rejecting = undefined;
    reject?.(new GepError(issue));
  }

  take(): Promise<{ w: number; m: Reply }> {
    const next = this.queue.shift();
    if (next !== undefined) return Promise.resolve(next);
    if (this.failed !== undefined) return Promise.reject(new GepError(this.failed));
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.rejecting = reject;
    });
  }
}
