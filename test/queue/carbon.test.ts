import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from '../../src/queue/connection-node';
import { type BatchSummary, CarbonBatch, type LineResult } from '../../src/carbon/batch';
import { nodeSha256 } from '../../src/carbon/hash-node';
import { bundledRuleSet } from '../../src/carbon/rules/bundled';
import { parseInstant } from '../../src/carbon/time';
import { toJsonLine } from '../../src/io/jsonl';
import { streamedJson } from '../../src/io/streamed-json';
import { mergeSummaries, readBalances, runCarbonOnQueue } from '../../src/queue/carbon-node';
import { runCarbonTask } from '../../src/queue/carbon-task-node';
import { type SpoolFile, spoolInput } from '../../src/queue/spool-node';
import { travelLines } from '../carbon/helpers';
import {
  bundled,
  exited,
  flush,
  killMidJobAndRescue,
  redisValues,
  start,
  stopAll,
  testRedis,
  until,
} from './helpers';

/**
 * Carbon partitions on the queue: each partition's job runs the batch over the lines of its users; the line
 * results in line order, the totals, balances and root over the partition heads are those of one process over
 * the whole stream with the same partitions.
 */
const NOW = '2024-06-01T00:00:00+08:00';

/** The travel lines of the carbon tests, with a bad line and a blank one: refused and passed over alike by every split. */
function lines(n: number): string[] {
  const out = travelLines(n);
  out.splice(7, 0, '{"id":"bad","user":"u1","scenario":"bus"');
  out.splice(11, 0, '');
  return out;
}

/** One process over the whole stream with `n` partitions, or over the partitions `only`. */
function batch(
  all: readonly string[],
  n: number,
  only?: number[],
): { results: LineResult[]; summary: BatchSummary } {
  const b = new CarbonBatch({
    rules: bundledRuleSet('jx-lvbao-example'),
    partitions: n,
    hash: nodeSha256,
    now: parseInstant(NOW) as number,
    ...(only ? { only } : {}),
  });
  const results: LineResult[] = [];
  all.forEach((l, i) => {
    const r = b.process(l, i + 1);
    if (r !== undefined) results.push(r);
  });
  return { results, summary: b.summary() };
}

describe('merging partition summaries (no server)', () => {
  it('the runs of each partition merge into the summary of one run, for 1, 2 and 5 partitions', () => {
    const all = lines(900);
    for (const n of [1, 2, 5]) {
      const whole = batch(all, n);
      const parts = Array.from({ length: n }, (_, p) => batch(all, n, [p]));
      expect(JSON.stringify(mergeSummaries(parts.map((x) => x.summary)))).toBe(JSON.stringify(whole.summary));
      const results = parts.flatMap((x) => x.results).sort((a, b) => a.line - b.line);
      expect(results.map(toJsonLine).join('')).toBe(whole.results.map(toJsonLine).join(''));
      if (n > 1) expect(whole.summary.ledger.partitions).toHaveLength(n);
    }
  });
});

describe('a partition job’s balances (no server)', () => {
  it('go to a file in the spool, named with its sha256; the coordinator reads them back checked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-queue-carbon-'));
    const all = lines(600);
    writeFileSync(join(dir, 'activities.jsonl'), `${all.join('\n')}\n`);
    const spool = await spoolInput(join(dir, 'activities.jsonl'), 2, join(dir, 'spool'));
    const parts = [];
    for (const partition of [0, 1]) {
      const out = await runCarbonTask({
        spool: spool[partition] as SpoolFile,
        results: join(dir, 'spool', `p${partition}.results.jsonl`),
        balances: join(dir, 'spool', `p${partition}.balances.jsonl`),
        partitions: 2,
        partition,
        rules: { id: 'jx-lvbao-example' },
        factors: [],
        methodologies: [],
        reductions: 'required',
        strict: false,
        now: parseInstant(NOW) as number,
      });
      // What the job returns (through Redis) holds no balance: the summary without them, and the file's name
      expect(JSON.stringify(out)).not.toContain('available');
      expect(out.balances.sha256).toBe(
        createHash('sha256').update(readFileSync(out.balances.path)).digest('hex'),
      );
      parts.push(out);
    }
    const read = await Promise.all(parts.map((p) => readBalances(p.balances)));
    expect(read).toEqual(parts.map((_, p) => batch(all, 2, [p]).summary.balances));
    expect(Object.keys(read[0] as object).length).toBeGreaterThan(0);
    // A file changed after the job: refused, as a changed spool file is.
    const file = parts[0]?.balances.path as string;
    writeFileSync(file, readFileSync(file, 'utf8').replace('"available":"', '"available":"9'));
    await expect(readBalances(parts[0]?.balances as SpoolFile)).rejects.toMatchObject({
      issues: [{ code: 'QUEUE_SPOOL_INVALID' }],
    });
  });
});

const redis = await testRedis(4);
afterAll(async () => redis?.stop());
const cli = redis ? await bundled('src/cli/bin.ts', 'queue-cli') : '';
const slow = redis ? await bundled('test/queue/slow-worker.ts', 'slow-worker') : '';

describe.skipIf(redis === undefined)('carbon partitions on the queue', () => {
  const url = redis?.url as string;
  beforeEach(() => flush(url));

  it('2 partitions on 2 workers: the results, totals, balances and root of one process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-queue-carbon-'));
    const all = lines(3000);
    writeFileSync(join(dir, 'activities.jsonl'), `${all.join('\n')}\n`);
    const workers = [
      start([cli, 'worker', '--queue', url, '--stalled-interval', '500', '--lock-duration', '2000']),
      start([cli, 'worker', '--queue', url, '--stalled-interval', '500', '--lock-duration', '2000']),
    ];
    try {
      const args = ['carbon', join(dir, 'activities.jsonl'), '--rules', 'jx-lvbao-example', '--now', NOW];
      const q = start([cli, ...args, '--queue', url, '--partitions', '2', '--out-dir', join(dir, 'out')]);
      // A refused line: exit 1, as a local run.
      expect(await exited(q.child), q.log()).toBe(1);
      // The run's spool folder is removed, and the default spool root beside the input with it, once empty.
      expect(readdirSync(dir).sort()).toEqual(['activities.jsonl', 'out']);
      expect(q.log()).toMatch(/run carbon-[0-9a-f]{12}: resume it with --run-id/);
      const whole = batch(all, 2);
      // summary.json byte for byte as a local run writes it (its balances streamed from the partitions' files).
      const text = readFileSync(join(dir, 'out', 'summary.json'), 'utf8');
      expect(text).toBe(`${JSON.stringify(whole.summary, null, 2)}\n`);
      const summary = JSON.parse(text);
      expect(Object.keys(summary.balances).length).toBeGreaterThan(1);
      expect(summary.ledger.partitions).toHaveLength(2);
      // The files a run with its ledger in files writes: results naming their entries' hashes, the ledger in
      // line order.
      expect(readFileSync(join(dir, 'out', 'results.jsonl'), 'utf8')).toBe(
        whole.results.map((r) => toJsonLine({ ...r, entries: r.entries.map((e) => e.hash) })).join(''),
      );
      expect(readFileSync(join(dir, 'out', 'ledger.jsonl'), 'utf8')).toBe(
        whole.results.flatMap((r) => r.entries.map(toJsonLine)).join(''),
      );
      // Each partition's job ran once, on some worker.
      const done = workers.flatMap((w) =>
        w
          .log()
          .split('\n')
          .filter((l) => l.startsWith(`completed ${QUEUE_NAMES.carbon} `)),
      );
      expect(done).toHaveLength(2);
      // The jobs' return values (kept in the queue's event stream) name the partitions' balance files: no
      // balance record went through Redis.
      const values = [...(await redisValues(url)).values()];
      expect(values.some((v) => v.includes('returnvalue'))).toBe(true);
      expect(values.some((v) => v.includes('balances.jsonl'))).toBe(true);
      expect(values.filter((v) => v.includes('available'))).toEqual([]);
      // Without --out-dir: the results and then the summary line on stdout, as a local run prints them.
      const o = start([cli, ...args, '--queue', url, '--partitions', '2', '--spool', join(dir, 'own-spool')]);
      expect(await exited(o.child), o.log()).toBe(1);
      // A spool root given with --spool is the operator's: it stays, without the run's folder.
      expect(readdirSync(join(dir, 'own-spool'))).toEqual([]);
      expect(o.log().split('\n')).toContain(toJsonLine({ summary: whole.summary }).trimEnd());
    } finally {
      await stopAll(workers);
    }
  }, 180_000);

  it('a worker killed with SIGKILL holding a partition: another worker builds it, the summary is the same', async () => {
    const all = lines(900);
    const input = join(mkdtempSync(join(tmpdir(), 'gepkit-queue-carbon-')), 'activities.jsonl');
    writeFileSync(input, `${all.join('\n')}\n`);
    const doomed = start([slow, url, '60000']);
    await until(() => doomed.log().includes('ready'), 30_000, 'the first worker');
    const results: LineResult[] = [];
    const run = runCarbonOnQueue(
      input,
      {
        rules: { id: 'jx-lvbao-example' },
        factors: [],
        methodologies: [],
        reductions: 'required',
        strict: false,
        now: parseInstant(NOW) as number,
      },
      {
        url,
        partitions: 2,
        sweepMs: 200,
        onResults: async (rs) => {
          results.push(...rs);
        },
      },
      // The summary as summary.json writes it, its balances streamed from the partitions' files.
      async (s) => {
        let text = '';
        for await (const t of streamedJson(s.summary, 'balances', s.balances, 2)) text += t;
        return text;
      },
    );
    const { killed, rescuer } = await killMidJobAndRescue(
      doomed,
      cli,
      url,
      'a partition taken by the first worker',
    );
    try {
      const summary = await run;
      expect(rescuer.log()).toContain(`completed ${QUEUE_NAMES.carbon} ${killed}`);
      const whole = batch(all, 2);
      expect(summary).toBe(JSON.stringify(whole.summary, null, 2));
      expect(results.map(toJsonLine).join('')).toBe(whole.results.map(toJsonLine).join(''));
    } finally {
      await stopAll([rescuer]);
    }
  }, 180_000);
});
