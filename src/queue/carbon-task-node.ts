/**
 * Node adapter: one carbon partition's job, as a worker runs it — the batch engine with `only: [partition]` over
 * the partition's spool file (./spool-node.ts: its lines only, each with its number in the input), building the
 * partition's chain. The line results go to the partition's results file beside the spool, in line order, and
 * its balances to a file of their own there; the job's return value is the partition's summary without them,
 * with the balances file's sha256 (a partition of millions of accounts would make a huge Redis value). The rule
 * set, factor sets and methodologies come in the task as the JSON the coordinator read.
 *
 * With a stored ledger (`ledger`: a PostgreSQL URL every worker reaches) the job appends the partition's lines to
 * it a chunk at a time, as a local run with `--ledger` does, holding the partition's job lock
 * (./partition-lock-node.ts) and keeping a journal (./journal-node.ts): a job retried after its worker died
 * continues after the last chunk its first attempt stored. A worker without the ledger's password (the job's URL
 * has none) fails the job with QUEUE_LEDGER_AUTH, not retried (./ledger-auth.ts). Without a stored ledger the
 * ledger lives in the job's memory, and a retried job starts again from its first line.
 */
import { type BatchOptions, type BatchSummary, CarbonBatch } from '../carbon/batch';
import { carbonFail } from '../carbon/errors';
import { loadFactorSet } from '../carbon/factors/registry';
import { nodeSha256 } from '../carbon/hash-node';
import { isPostgresUrl, openLedgerStore } from '../carbon/open-store-node';
import { bundledRuleSet } from '../carbon/rules/bundled';
import { loadRuleSet } from '../carbon/rules/rules';
import type { LedgerStore } from '../carbon/store';
import { StoredBatch } from '../carbon/stored-batch';
import { TextWriter } from '../io/jsonl-node';
import { toJsonLine } from '../io/jsonl';
import { JobJournal, countersOf, readJournal, resumePoint } from './journal-node';
import { signedIn } from './ledger-auth';
import { holdPartition } from './partition-lock-node';
import { type SpoolFile, type SpoolLine, spoolLines, writeChecked } from './spool-node';

/** A JSON file as the coordinator read it: its content and its name (for the paths of issues). */
export interface JsonFile {
  file: string;
  json: unknown;
}

/** One partition's job: plain data. */
export interface CarbonTask {
  /** The partition's lines (path every worker sees, sha256, count). */
  spool: SpoolFile;
  /** Where the job writes its line results (JSON Lines, in line order). */
  results: string;
  /** Where the job writes the partition's balances (JSON Lines, one `[account, units]` per account). */
  balances: string;
  partitions: number;
  partition: number;
  rules: { id: string } | JsonFile | null;
  factors: JsonFile[];
  methodologies: JsonFile[];
  reductions: 'required' | 'when-available';
  strict: boolean;
  now: number;
  /** The stored ledger the partition is appended to (a PostgreSQL URL), with the job's journal and chunk size. */
  ledger?: { target: string; journal: string; chunk: number };
}

/**
 * What a partition's job returns (through Redis, so small whatever the partition's size): its summary without
 * the balances, its results file, and its balances file with the file's sha256.
 */
export interface CarbonPartResult {
  summary: Omit<BatchSummary, 'balances'>;
  results: string;
  balances: { path: string; sha256: string };
}

/** The job's result: the summary's balances written to the task's balances file, the rest returned. */
async function partResult(task: CarbonTask, summary: BatchSummary): Promise<CarbonPartResult> {
  const { balances, ...rest } = summary;
  const lines = (function* () {
    for (const account of Object.keys(balances)) yield `${JSON.stringify([account, balances[account]])}\n`;
  })();
  const sha256 = await writeChecked(task.balances, lines);
  return { summary: rest, results: task.results, balances: { path: task.balances, sha256 } };
}

/** The batch options of a task (without its ledger and partitions). */
async function batchOptions(task: CarbonTask): Promise<BatchOptions> {
  const opts: BatchOptions = {
    only: [task.partition],
    hash: nodeSha256,
    reductions: task.reductions,
    now: task.now,
    factorSets: task.factors.map((f) => loadFactorSet(f.json, [f.file])),
  };
  if (task.strict) opts.strict = true;
  if (task.rules !== null)
    opts.rules =
      'id' in task.rules ? bundledRuleSet(task.rules.id) : loadRuleSet(task.rules.json, [task.rules.file]);
  if (task.methodologies.length > 0) {
    const { loadMethodology } = await import('../carbon/methodologies/from-data');
    opts.methodologies = task.methodologies.map((m) => loadMethodology(m.json, [m.file]));
  }
  return opts;
}

/**
 * Run one partition's job (on a worker). `wrapStore`: for tests, a store put in front of the one the job opens
 * (to stop the job at a chosen append, as a killed worker stops).
 */
export async function runCarbonTask(
  task: CarbonTask,
  wrapStore?: (store: LedgerStore) => LedgerStore,
): Promise<CarbonPartResult> {
  const opts = await batchOptions(task);
  const ledger = task.ledger;
  if (ledger !== undefined) return signedIn(ledger.target, () => runStored(task, ledger, opts, wrapStore));
  const batch = new CarbonBatch({ ...opts, partitions: task.partitions });
  const out = new TextWriter(task.results);
  try {
    for await (const { line, text } of spoolLines(task.spool)) {
      const r = batch.process(text, line);
      if (r !== undefined) await out.write(toJsonLine(r));
    }
  } finally {
    await out.close();
  }
  return partResult(task, batch.summary());
}

/** Chunks of a spool's lines. */
async function* chunks(lines: AsyncIterable<SpoolLine>, size: number): AsyncGenerator<SpoolLine[]> {
  let chunk: SpoolLine[] = [];
  for await (const l of lines) {
    chunk.push(l);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** A partition's job over a stored ledger, continuing from its journal. */
async function runStored(
  task: CarbonTask,
  ledger: NonNullable<CarbonTask['ledger']>,
  opts: BatchOptions,
  wrapStore: ((store: LedgerStore) => LedgerStore) | undefined,
): Promise<CarbonPartResult> {
  const lock = isPostgresUrl(ledger.target) ? await holdPartition(ledger.target, task.partition) : undefined;
  try {
    const opened = await openLedgerStore(ledger.target);
    const store = wrapStore !== undefined ? wrapStore(opened) : opened;
    try {
      if (store.partitions !== task.partitions)
        carbonFail('LEDGER_PARTITIONS_MISMATCH', [], { stored: store.partitions, given: task.partitions });
      const journal = readJournal(ledger.journal);
      if (journal !== undefined && journal.spool !== task.spool.sha256)
        carbonFail('LEDGER_STORE_CONFLICT', [], {
          detail: `the journal ${ledger.journal} belongs to another spool of partition ${task.partition}`,
        });
      const from = await resumePoint(journal, store, task.partition);
      const log = new JobJournal(ledger.journal, task.results, task.spool.sha256, task.partition, from);
      try {
        const { only: _o, ledger: _l, ledgers: _ls, partitions: _p, credited: _c, seen: _s, ...rest } = opts;
        const run = await StoredBatch.open(store, {
          ...rest,
          only: [task.partition],
          chunk: ledger.chunk,
          beforeAppend: log.pending,
          ...(from !== undefined ? { counters: countersOf(from.counters) } : {}),
        });
        for await (const chunk of chunks(spoolLines(task.spool, from?.lines ?? 0), ledger.chunk)) {
          log.chunkLines = chunk.length;
          await run.processChunk(
            chunk.map((l) => l.text),
            chunk.map((l) => l.line),
          );
          log.stored();
        }
        const summary = run.summary();
        const at = log.at;
        if (at !== undefined)
          summary.factorSets = [...new Set([...at.factorSets, ...summary.factorSets])].sort();
        return await partResult(task, summary);
      } finally {
        log.close();
      }
    } finally {
      await opened.close();
    }
  } finally {
    await lock?.release();
  }
}
