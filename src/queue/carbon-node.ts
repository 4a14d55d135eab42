/**
 * Node adapter: a carbon run whose partitions are jobs on the queue. The coordinator reads the input once and
 * routes its lines by the ledger's partitions (`partitionOf(user, N)`, src/carbon/ledger/partition.ts) to one spool
 * file per partition (./spool-node.ts) in the run's folder, which every worker sees; job p runs the batch engine
 * with `only: [p]` over partition p's file and builds partition p's chain (./carbon-task-node.ts), in memory or
 * appended to a shared PostgreSQL ledger; one job per partition, so each chain is built by one worker at a time.
 * The coordinator merges the partitions' results files back into line order and the partition summaries: counts
 * and sums added, the root taken over the partition heads in partition order, and the balances streamed from the
 * balances file each job writes beside its results (checked by its sha256), merged one account at a time in
 * account order (./balances.ts) — the summary of one process running the whole stream with N partitions, for
 * streams whose repeated ids stay within one user (docs/carbon.md), with memory that does not grow with the
 * number of accounts.
 *
 * The rule set, factor sets and methodologies travel in the job as the JSON the coordinator read, and the clock
 * (`now`) the coordinator fixed for every partition. A PostgreSQL ledger travels as its URL without the password
 * (./url.ts `withoutPassword`): workers take theirs from their own environment.
 */
import { createHash } from 'node:crypto';
import { rmSync, rmdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { BatchSummary, LineResult } from '../carbon/batch';
import { nodeSha256 } from '../carbon/hash-node';
import { microgramsText } from '../carbon/ledger/micrograms';
import { checkPartitions, rootHash } from '../carbon/ledger/partition';
import { mergeBalances } from '../carbon/ledger/partitioned';
import type { Balances } from '../carbon/ledger/state';
import { openLedgerStore } from '../carbon/open-store-node';
import { canonicalJson } from '../core/canonical';
import { GepError, fail } from '../core/errors';
import { fileLines } from '../io/jsonl-node';
import type { CarbonPartResult, CarbonTask } from './carbon-task-node';
import { decodePayload, encodePayload } from './codec';
import { QUEUE_NAMES } from './connection-node';
import { type BalanceEntry, mergedBalances } from './balances';
import { type CoordinatorOptions, withRun } from './run-node';
import { mergeByKey } from './merge';
import { checkedLines, fileHash, spoolInput } from './spool-node';
import { withoutPassword } from './url';

/** Micrograms of a decimal gram text (at most 6 decimals, as microgramsText writes them). */
function micrograms(text: string): bigint {
  const neg = text.startsWith('-');
  const [int = '0', frac = ''] = (neg ? text.slice(1) : text).split('.');
  const u = BigInt(int) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
  return neg ? -u : u;
}

/** A partition's summary without its balances (they are in the partition's balances file). */
type PartSummary = Omit<BatchSummary, 'balances'>;

/**
 * The summary of one run over all partitions from the summaries of the runs of each partition, in partition
 * order (run p holding partition p), but its balances: counts and sums added, each partition's chain from its own
 * run, the root over the partition heads, factor sets united. `balances` is empty and holds their place (between
 * `ledger` and `rules`, as a local run's summary has them). Pure.
 */
export function mergeTotals(parts: readonly PartSummary[], hash = nodeSha256): BatchSummary {
  const sum = (k: 'lines' | 'accepted' | 'refused' | 'warnings') => parts.reduce((n, s) => n + s[k], 0);
  const big = (k: 'grams' | 'points') => parts.reduce((n, s) => n + BigInt(s[k]), 0n).toString();
  const micro = (f: (s: PartSummary) => string | undefined) =>
    parts.reduce((n, s) => n + micrograms(f(s) ?? '0'), 0n);
  const heads = parts.map((s, p) => (parts.length === 1 ? s.ledger : (s.ledger.partitions?.[p] ?? s.ledger)));
  const ledger: BatchSummary['ledger'] = {
    count: heads.reduce((n, h) => n + h.count, 0),
    head: rootHash(
      heads.map((h) => ({ seq: h.count, head: h.head })),
      hash,
    ),
  };
  if (parts.length > 1) ledger.partitions = heads.map((h) => ({ count: h.count, head: h.head }));
  const first = parts[0] as PartSummary;
  const out: BatchSummary = {
    lines: sum('lines'),
    accepted: sum('accepted'),
    refused: sum('refused'),
    warnings: sum('warnings'),
    grams: big('grams'),
    exactGrams: microgramsText(micro((s) => s.exactGrams)),
    remainderGrams: microgramsText(micro((s) => s.remainderGrams)),
    points: big('points'),
    ledger,
    balances: {},
    rules: first.rules,
    factorSets: [...new Set(parts.flatMap((s) => s.factorSets))].sort(),
  };
  const carried = micro((s) => s.carriedInGrams);
  if (carried !== 0n) out.carriedInGrams = microgramsText(carried);
  return out;
}

/**
 * The summary of one run over all partitions from the summaries of the runs of each partition, balances merged
 * in memory (mergeTotals, then mergeBalances): the reference the coordinator's streamed summary is held to. Pure.
 */
export function mergeSummaries(parts: readonly BatchSummary[], hash = nodeSha256): BatchSummary {
  const out = mergeTotals(parts, hash);
  out.balances = mergeBalances(parts.map((s) => s.balances));
  return out;
}

/**
 * A run's merged summary with its balances still in the partitions' files: `summary.balances` is empty and holds
 * their place, `balances` gives them account by account in the order of a local run's summary (read once, while
 * the run's folder exists: inside the `finish` of runCarbonOnQueue). streamedJson (src/io/streamed-json.ts)
 * writes the two as the JSON of the whole summary.
 */
export interface QueueSummary {
  summary: BatchSummary;
  balances: AsyncIterable<BalanceEntry>;
  /** The run's folder in the spool, where `finish` may stage a file of its own (removed when the run succeeds). */
  folder: string;
}

/** What a carbon run computes, but its lines, partition and files: the options of each partition's job. */
export type CarbonSpec = Omit<
  CarbonTask,
  'spool' | 'results' | 'balances' | 'ledger' | 'partitions' | 'partition' | 'now'
> & { now?: number };

/**
 * A partition's balances as its job wrote them (./carbon-task-node.ts), one account at a time, after checking the
 * file's sha256 (QUEUE_SPOOL_INVALID when it is missing or changed), in the file's order.
 */
export async function* balanceEntries(file: CarbonPartResult['balances']): AsyncGenerator<BalanceEntry> {
  for await (const l of checkedLines(file)) yield JSON.parse(l) as BalanceEntry;
}

/** A partition's balances file read whole (balanceEntries into one object). */
export async function readBalances(file: CarbonPartResult['balances']): Promise<Balances> {
  const out: Balances = {};
  for await (const [account, units] of balanceEntries(file)) out[account] = units;
  return out;
}

export interface QueueCarbonOptions extends CoordinatorOptions {
  /** The ledger's partitions, one job each (default: a stored ledger's own, else 1). */
  partitions?: number;
  /**
   * The folder of the runs' spools, seen by every worker at the same path (default `.gepkit-spool` beside the
   * input, itself removed once empty); a run's files are in `<spool>/<run id>/`, removed when the run has succeeded.
   */
  spool?: string;
  /** A stored ledger every worker reaches (a PostgreSQL URL) and the lines per append (default 10,000). */
  ledger?: { target: string; chunk?: number };
  /** Given the line results in line order, in chunks of at most 10,000. */
  onResults: (results: LineResult[]) => Promise<void>;
}

/** The results files of the partitions merged into line order (each file is in line order). */
function mergeResults(files: readonly string[]): AsyncGenerator<LineResult> {
  const parsed = async function* (f: string): AsyncGenerator<LineResult> {
    for await (const l of fileLines(f, Number.POSITIVE_INFINITY)) yield JSON.parse(l) as LineResult;
  };
  return mergeByKey(
    files.map((f) => parsed(f)),
    (r) => r.line,
  );
}

/** The partitions of a run: those of a stored ledger (created with `asked` when new), else `asked` or 1. */
async function partitionsOf(asked: number | undefined, ledger: string | undefined): Promise<number> {
  if (ledger === undefined) return checkPartitions(asked ?? 1);
  const store = await openLedgerStore(ledger, asked !== undefined ? { partitions: asked } : {});
  try {
    return store.partitions;
  } finally {
    await store.close();
  }
}

/** Give the merged results to `onResults` in chunks of at most 10,000. */
async function deliver(files: readonly string[], onResults: QueueCarbonOptions['onResults']): Promise<void> {
  let results: LineResult[] = [];
  for await (const r of mergeResults(files)) {
    results.push(r);
    if (results.length >= 10_000) {
      await onResults(results);
      results = [];
    }
  }
  if (results.length > 0) await onResults(results);
}

/**
 * Remove a run's folder of the spool, and the spool's default root (`.gepkit-spool` beside the input) when no other
 * run's folder is left in it; a root given as `spool` is the operator's, and stays.
 */
function dropRunDir(runDir: string, defaultRoot: string | undefined): void {
  rmSync(runDir, { recursive: true, force: true });
  if (defaultRoot === undefined) return;
  try {
    rmdirSync(defaultRoot);
  } catch {
    // Not empty (another run's folder), or already gone: left as it is.
  }
}

/**
 * Run an activity stream with its partitions computed by queue workers: the input spooled by partition, one job
 * per partition, the line results given to `options.onResults` in line order, then the merged summary given to
 * `finish`, whose value is returned. The summary's balances are streamed from the partitions' balance files
 * (QueueSummary), so the coordinator's memory does not grow with the number of accounts; `finish` runs while the
 * run's folder exists, and its failure fails the run (kept for `--run-id`). The clock (`spec.now`, default the
 * coordinator's) is fixed for every partition, and kept by a resumed run.
 */
export async function runCarbonOnQueue<T>(
  input: string,
  spec: CarbonSpec,
  options: QueueCarbonOptions,
  finish: (s: QueueSummary) => Promise<T>,
): Promise<T> {
  const file = resolve(input);
  let inputHash: string;
  try {
    inputHash = await fileHash(file);
  } catch (e) {
    return fail('FILE_UNREADABLE', [], { file: input, detail: (e as Error).message });
  }
  const target = options.ledger?.target;
  const partitions = await partitionsOf(options.partitions, target);
  const chunk = options.ledger?.chunk ?? 10_000;
  const { now: asked, ...rest } = spec;
  // What goes to Redis (the jobs, the run's hash) names the ledger without its password: each worker brings its
  // own, as libpq clients do (PGPASSWORD, ~/.pgpass; docs/queue.md).
  const shared = target !== undefined ? withoutPassword(target) : undefined;
  const stored = shared !== undefined ? { ledger: shared, chunk } : {};
  const specHash = createHash('sha256')
    .update(canonicalJson({ ...rest, partitions, ...stored }))
    .digest('hex');
  const spoolRoot = resolve(options.spool ?? join(dirname(file), '.gepkit-spool'));
  let runDir = '';
  // A run whose queue the server lost cannot be resumed: its spool folder goes with it (QUEUE_RUN_LOST says so).
  const lost = (e: unknown) => e instanceof GepError && e.issues.some((i) => i.code === 'QUEUE_RUN_LOST');
  const finished = await withRun(
    QUEUE_NAMES.carbon,
    'carbon',
    { hashes: { input: inputHash, config: specHash }, extra: { now: String(asked ?? Date.now()) } },
    options,
    async (run, jobs) => {
      const now = Number(run.extra.now);
      runDir = join(spoolRoot, run.id);
      // A new run's folder is its own: files of an earlier run under the same id are not its progress.
      if (!run.resumed) rmSync(runDir, { recursive: true, force: true });
      const spool = await spoolInput(file, partitions, runDir);
      const suffix = `${inputHash.slice(0, 16)}.${specHash.slice(0, 16)}`;
      const parts = await Promise.all(
        spool.map(async (s, partition) => {
          const task: CarbonTask = {
            ...rest,
            spool: s,
            results: join(runDir, `p${partition}.results.jsonl`),
            balances: join(runDir, `p${partition}.balances.jsonl`),
            partitions,
            partition,
            now,
          };
          if (shared !== undefined)
            task.ledger = { target: shared, chunk, journal: join(runDir, `p${partition}.journal.json`) };
          const out = await jobs.submit({
            id: `${run.id}.partition.${partition}.${suffix}`,
            name: 'partition',
            data: { run: run.id, payload: encodePayload(task) },
          });
          return decodePayload(out) as CarbonPartResult;
        }),
      );
      await deliver(
        parts.map((p) => p.results),
        options.onResults,
      );
      return finish({
        summary: mergeTotals(parts.map((p) => p.summary)),
        balances: mergedBalances(
          parts.map((p) => ({ file: p.balances.path, entries: balanceEntries(p.balances) })),
        ),
        folder: runDir,
      });
    },
  ).catch((e: unknown) => {
    if (lost(e) && runDir !== '') dropRunDir(runDir, options.spool === undefined ? spoolRoot : undefined);
    throw e;
  });
  dropRunDir(runDir, options.spool === undefined ? spoolRoot : undefined);
  return finished;
}
