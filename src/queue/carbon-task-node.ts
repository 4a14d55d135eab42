/**
 * Node adapter: one carbon partition's job, as a worker runs it — the batch engine over the activity stream with
 * `only: [partition]`: it processes the lines of the partition's users (`partitionOf(user, N)`) and passes over
 * the others, and builds the partition's chain. The rule set, factor sets and methodologies come in the task as
 * the JSON the coordinator read; the stream is read from a path every worker sees.
 */
import { type BatchOptions, type BatchSummary, CarbonBatch, type LineResult } from '../carbon/batch';
import { loadFactorSet } from '../carbon/factors/registry';
import { nodeSha256 } from '../carbon/hash-node';
import { bundledRuleSet } from '../carbon/rules/bundled';
import { loadRuleSet } from '../carbon/rules/rules';
import { fail } from '../core/errors';
import { EncodingError } from '../io/encoding';
import { textFileLines } from '../io/encoding-node';

/** A JSON file as the coordinator read it: its content and its name (for the paths of issues). */
export interface JsonFile {
  file: string;
  json: unknown;
}

/** One partition's job: plain data. */
export interface CarbonTask {
  input: string;
  partitions: number;
  partition: number;
  rules: { id: string } | JsonFile | null;
  factors: JsonFile[];
  methodologies: JsonFile[];
  reductions: 'required' | 'when-available';
  strict: boolean;
  now: number;
}

export interface CarbonPartResult {
  results: LineResult[];
  summary: BatchSummary;
}

/** Run one partition's job (on a worker). */
export async function runCarbonTask(task: CarbonTask): Promise<CarbonPartResult> {
  const opts: BatchOptions = {
    partitions: task.partitions,
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
  const batch = new CarbonBatch(opts);
  const results: LineResult[] = [];
  let n = 0;
  try {
    for await (const line of textFileLines(task.input)) {
      const r = batch.process(line, ++n);
      if (r !== undefined) results.push(r);
    }
  } catch (e) {
    if (e instanceof EncodingError) fail('INPUT_ENCODING', [], { file: task.input, detail: e.detail });
    if ((e as { code?: unknown }).code === 'ENOENT')
      fail('FILE_UNREADABLE', [], { file: task.input, detail: (e as Error).message });
    throw e;
  }
  return { results, summary: batch.summary() };
}
