/**
 * Node adapter: a carbon run whose partitions are jobs on the queue. The activities are routed by the ledger's
 * partitions (`partitionOf(user, N)`, src/carbon/ledger/partition.ts): job p runs the batch engine over the input
 * with `only: [p]`, so it processes the lines of partition p's users and passes over the others, and builds
 * partition p's chain; one job per partition, so each chain is built by one worker at a time. The coordinator
 * puts the line results back in line order and merges the partition summaries: counts and sums added, balances
 * merged, the root taken over the partition heads in partition order — the summary of one process running the
 * whole stream with N partitions, for streams whose repeated ids stay within one user (docs/carbon.md).
 *
 * The job (./carbon-task-node.ts) reads the input from a path every worker sees, with the rule set, factor sets and
 * methodologies sent in the job as the JSON the coordinator read, and the clock (`now`) the coordinator fixed for
 * every partition.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import type { BatchSummary } from '../carbon/batch';
import { nodeSha256 } from '../carbon/hash-node';
import { microgramsText } from '../carbon/ledger/micrograms';
import { checkPartitions, rootHash } from '../carbon/ledger/partition';
import { mergeBalances } from '../carbon/ledger/partitioned';
import { canonicalJson } from '../core/canonical';
import { fail } from '../core/errors';
import type { CarbonPartResult, CarbonTask } from './carbon-task-node';
import { decodePayload, encodePayload } from './codec';
import { QUEUE_NAMES } from './connection-node';
import { type CoordinatorOptions, withRun } from './run-node';

/** Micrograms of a decimal gram text (at most 6 decimals, as microgramsText writes them). */
function micrograms(text: string): bigint {
  const neg = text.startsWith('-');
  const [int = '0', frac = ''] = (neg ? text.slice(1) : text).split('.');
  const u = BigInt(int) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
  return neg ? -u : u;
}

/**
 * The summary of one run over all partitions from the summaries of the runs of each partition, in partition
 * order (run p holding partition p): counts and sums added, each partition's chain from its own run, the root over
 * the partition heads, balances merged, factor sets united. Pure.
 */
export function mergeSummaries(parts: readonly BatchSummary[], hash = nodeSha256): BatchSummary {
  const sum = (k: 'lines' | 'accepted' | 'refused' | 'warnings') => parts.reduce((n, s) => n + s[k], 0);
  const big = (k: 'grams' | 'points') => parts.reduce((n, s) => n + BigInt(s[k]), 0n).toString();
  const micro = (f: (s: BatchSummary) => string | undefined) =>
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
  const first = parts[0] as BatchSummary;
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
    balances: mergeBalances(parts.map((s) => s.balances)),
    rules: first.rules,
    factorSets: [...new Set(parts.flatMap((s) => s.factorSets))].sort(),
  };
  const carried = micro((s) => s.carriedInGrams);
  if (carried !== 0n) out.carriedInGrams = microgramsText(carried);
  return out;
}

/** What a carbon run computes, but the input and the partition: the options of each partition's job. */
export type CarbonSpec = Omit<CarbonTask, 'input' | 'partitions' | 'partition' | 'now'> & { now?: number };

export interface QueueCarbonOptions extends CoordinatorOptions {
  /** The ledger's partitions: one job each. */
  partitions: number;
}

/** sha256 of a file's bytes, hex. */
function fileHash(file: string): Promise<string> {
  return new Promise((done, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (b) => h.update(b))
      .on('end', () => done(h.digest('hex')))
      .on('error', (e) => reject(e));
  });
}

/**
 * Run an activity stream with its partitions computed by queue workers: one job per partition, the line results
 * in line order and the merged summary. The clock (`spec.now`, default the coordinator's) is fixed for every
 * partition, and kept by a resumed run.
 */
export async function runCarbonOnQueue(
  input: string,
  spec: CarbonSpec,
  options: QueueCarbonOptions,
): Promise<CarbonPartResult> {
  const partitions = checkPartitions(options.partitions);
  const file = resolve(input);
  let inputHash: string;
  try {
    inputHash = await fileHash(file);
  } catch (e) {
    return fail('FILE_UNREADABLE', [], { file: input, detail: (e as Error).message });
  }
  const { now: asked, ...rest } = spec;
  const specHash = createHash('sha256')
    .update(canonicalJson({ ...rest, partitions }))
    .digest('hex');
  return withRun(
    QUEUE_NAMES.carbon,
    'carbon',
    { hashes: { input: inputHash, config: specHash }, extra: { now: String(asked ?? Date.now()) } },
    options,
    async (run, jobs) => {
      const now = Number(run.extra.now);
      const suffix = `${inputHash.slice(0, 16)}.${specHash.slice(0, 16)}`;
      const parts = await Promise.all(
        Array.from({ length: partitions }, async (_, partition) => {
          const task: CarbonTask = { ...rest, input: file, partitions, partition, now };
          const out = await jobs.submit({
            id: `${run.id}.partition.${partition}.${suffix}`,
            name: 'partition',
            data: { run: run.id, payload: encodePayload(task) },
          });
          return decodePayload(out) as CarbonPartResult;
        }),
      );
      const results = parts.flatMap((p) => p.results).sort((a, b) => a.line - b.line);
      return { results, summary: mergeSummaries(parts.map((p) => p.summary)) };
    },
  );
}
