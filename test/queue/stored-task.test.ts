import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BatchSummary, LineResult } from '../../src/carbon/batch';
import { nodeSha256 } from '../../src/carbon/hash-node';
import { partitionOf } from '../../src/carbon/ledger/partition';
import { bundledRuleSet } from '../../src/carbon/rules/bundled';
import type { LedgerStore } from '../../src/carbon/store';
import { openSqliteStore } from '../../src/carbon/store-sqlite-node';
import { StoredBatch } from '../../src/carbon/stored-batch';
import { parseInstant } from '../../src/carbon/time';
import { GepError } from '../../src/core/errors';
import { toJsonLine } from '../../src/io/jsonl';
import { type CarbonTask, runCarbonTask } from '../../src/queue/carbon-task-node';
import { mergeSummaries, readBalances } from '../../src/queue/carbon-node';
import { type SpoolFile, spoolInput, spoolLines } from '../../src/queue/spool-node';
import { ownLines } from '../carbon/store-helpers';

/**
 * A carbon partition's job over a stored ledger, without a queue server (the embedded store stands for
 * PostgreSQL; the journal and the resume are the same): the jobs of every partition give the results, summary
 * and stored ledger of one local stored run, and a job stopped at any append (before the append reached the store,
 * or after) and run again gives them too, crediting nothing twice.
 */
const NOW = parseInstant('2024-06-01T00:00:00+08:00') as number;
const RULES = 'evidence-paths-demo';

/** The store test stream (repeated ids within a user), with a line that is not JSON and a blank one. */
function lines(n: number): string[] {
  const out = ownLines(n, 7);
  out.splice(9, 0, '{"id":"bad","user":"u1"');
  out.splice(13, 0, '');
  return out;
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'gepkit-stored-task-'));

/** One local process over the whole stream and a stored ledger of `n` partitions, `chunk` lines per append. */
async function local(all: readonly string[], n: number, chunk: number) {
  const store = openSqliteStore(tmp(), { partitions: n });
  const run = await StoredBatch.open(store, {
    rules: bundledRuleSet(RULES),
    reductions: 'when-available',
    hash: nodeSha256,
    now: NOW,
    chunk,
  });
  const results: LineResult[] = [];
  for (let i = 0; i < all.length; i += chunk)
    results.push(...(await run.processChunk(all.slice(i, i + chunk), i + 1)));
  return { results, summary: run.summary(), store };
}

function task(
  spool: SpoolFile,
  partition: number,
  n: number,
  dir: string,
  ledger: string,
  chunk: number,
): CarbonTask {
  return {
    spool,
    results: join(dir, `p${partition}.results.jsonl`),
    balances: join(dir, `p${partition}.balances.jsonl`),
    partitions: n,
    partition,
    rules: { id: RULES },
    factors: [],
    methodologies: [],
    reductions: 'when-available',
    strict: false,
    now: NOW,
    ledger: { target: ledger, journal: join(dir, `p${partition}.journal.json`), chunk },
  };
}

/** A store whose `at`-th append (1-based) stops the job, before or after it reaches the store. */
function stopping(at: number, when: 'before' | 'after', count: { n: number }) {
  return (store: LedgerStore): LedgerStore =>
    new Proxy(store, {
      get(target, key, receiver) {
        if (key !== 'append') return Reflect.get(target, key, receiver) as unknown;
        return async (commit: Parameters<LedgerStore['append']>[0]) => {
          count.n += 1;
          if (count.n === at && when === 'before') throw new Error('killed');
          await target.append(commit);
          if (count.n === at && when === 'after') throw new Error('killed');
        };
      },
    });
}

/** Every partition's job over the spool of `all`; `stops`: per partition, the appends stopped in turn. */
async function queued(
  all: readonly string[],
  n: number,
  chunk: number,
  stops: (partition: number, lines: number) => { at: number; when: 'before' | 'after' }[] = () => [],
) {
  const dir = tmp();
  writeFileSync(join(dir, 'in.jsonl'), `${all.join('\n')}\n`);
  const spool = await spoolInput(join(dir, 'in.jsonl'), n, join(dir, 'run'));
  const ledger = join(dir, 'ledger');
  await openSqliteStore(ledger, { partitions: n }).close();
  const parts: BatchSummary[] = [];
  let stopped = 0;
  for (const [p, s] of spool.entries()) {
    const t = task(s, p, n, join(dir, 'run'), ledger, chunk);
    for (const stop of stops(p, s.lines)) {
      const count = { n: 0 };
      await expect(runCarbonTask(t, stopping(stop.at, stop.when, count))).rejects.toThrow('killed');
      stopped += 1;
    }
    const out = await runCarbonTask(t);
    parts.push({ ...out.summary, balances: await readBalances(out.balances) });
  }
  const results = spool
    .flatMap((_, p) =>
      readFileSync(join(dir, 'run', `p${p}.results.jsonl`), 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as LineResult),
    )
    .sort((a, b) => a.line - b.line);
  return { results, summary: mergeSummaries(parts), store: openSqliteStore(ledger), stopped, dir };
}

const text = (rs: readonly LineResult[]) => rs.map(toJsonLine).join('');

describe('carbon partition jobs over a stored ledger', () => {
  it('the jobs of 2 and 3 partitions give the results, summary and ledger of one local stored run', async () => {
    const all = lines(400);
    for (const n of [2, 3]) {
      const ref = await local(all, n, 25);
      const q = await queued(all, n, 25);
      expect(text(q.results)).toBe(text(ref.results));
      expect(JSON.stringify(q.summary)).toBe(JSON.stringify(ref.summary));
      expect(await q.store.head()).toEqual(await ref.store.head());
      expect(await q.store.derived()).toEqual(await ref.store.derived());
      // The stream has refusals (the bad line, repeated ids) and credits.
      expect(ref.summary.refused).toBeGreaterThan(1);
      expect(Number(ref.summary.grams)).toBeGreaterThan(0);
    }
  }, 60_000);

  it('a job stopped before or after an append, once or twice, and run again: nothing credited twice or lost', async () => {
    const all = lines(400);
    const ref = await local(all, 2, 10);
    const cases: ((p: number, lines: number) => { at: number; when: 'before' | 'after' }[])[] = [
      (p) => (p === 0 ? [{ at: 3, when: 'before' }] : [{ at: 2, when: 'after' }]),
      () => [
        { at: 1, when: 'after' },
        { at: 4, when: 'before' },
      ],
      // The last append stored, the job stopped before it could say so.
      (_, lines) => [{ at: Math.ceil(lines / 10), when: 'after' }],
    ];
    for (const stops of cases) {
      const q = await queued(all, 2, 10, stops);
      expect(q.stopped).toBeGreaterThan(1);
      expect(text(q.results)).toBe(text(ref.results));
      expect(JSON.stringify(q.summary)).toBe(JSON.stringify(ref.summary));
      expect(await q.store.head()).toEqual(await ref.store.head());
      expect(await q.store.derived()).toEqual(await ref.store.derived());
    }
  }, 60_000);

  it('a job stopped at an append that writes no entry (a refused line alone in its chunk) is continued alike', async () => {
    const all = lines(120);
    const ref = await local(all, 2, 1);
    // Line 10 (the bad line) goes to partition 0: its chunk of one line appends no entry and writes no ref.
    const at = all.slice(0, 10).filter((l) => l.trim() !== '' && spoolPartition(l, 2) === 0).length;
    expect(all[9]).toBe('{"id":"bad","user":"u1"');
    for (const when of ['before', 'after'] as const) {
      const q = await queued(all, 2, 1, (p) => (p === 0 ? [{ at, when }] : []));
      expect(text(q.results)).toBe(text(ref.results));
      expect(JSON.stringify(q.summary)).toBe(JSON.stringify(ref.summary));
    }
  }, 60_000);

  it('a partition appended by another writer while its job was stopped: LEDGER_STORE_CONFLICT, not a guess', async () => {
    const all = lines(200);
    const dir = tmp();
    writeFileSync(join(dir, 'in.jsonl'), `${all.join('\n')}\n`);
    const spool = await spoolInput(join(dir, 'in.jsonl'), 2, join(dir, 'run'));
    const ledger = join(dir, 'ledger');
    await openSqliteStore(ledger, { partitions: 2 }).close();
    const t = task(spool[0] as SpoolFile, 0, 2, join(dir, 'run'), ledger, 10);
    await expect(runCarbonTask(t, stopping(2, 'before', { n: 0 }))).rejects.toThrow('killed');
    // Another run appends a line of partition 0's user meanwhile.
    const other = await StoredBatch.open(openSqliteStore(ledger), {
      rules: bundledRuleSet(RULES),
      reductions: 'when-available',
      hash: nodeSha256,
      now: NOW,
      only: [0],
    });
    const user = (JSON.parse(all[0] as string) as { user: string }).user;
    const mine = partitionOf(user, 2) === 0 ? user : 'someone-else';
    const line = JSON.stringify({
      ...(JSON.parse(all[0] as string) as object),
      id: 'other-writer',
      // its own activity: no behaviour shared with the job's lines (a behaviour is credited once)
      behaviour: undefined,
      user: mine,
      ts: '2024-05-31T00:00:00Z',
    });
    expect(partitionOf(mine, 2)).toBe(0);
    const [r] = await other.processChunk([line], 1);
    expect(r?.entries.length, JSON.stringify(r)).toBeGreaterThan(0);
    const e = await runCarbonTask(t).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(GepError);
    expect((e as GepError).code).toBe('LEDGER_STORE_CONFLICT');
  }, 60_000);
});

/** The partition the batch engine gives a line (its user's; 0 without one). */
function spoolPartition(line: string, n: number): number {
  try {
    const u = (JSON.parse(line) as { user?: unknown }).user;
    return typeof u === 'string' ? partitionOf(u, n) : 0;
  } catch {
    return 0;
  }
}

describe('the spool of a carbon run', () => {
  it("holds each partition's lines, with their input line numbers, and a job reads only its own file", async () => {
    // A line ending in a carriage return of its own (before the file's CR LF) keeps it.
    const all = [...lines(300), '{"id":"cr","user":"u2"}\r'];
    const dir = tmp();
    writeFileSync(join(dir, 'in.jsonl'), `${all.join('\r\n')}\r\n`);
    const spool = await spoolInput(join(dir, 'in.jsonl'), 3, join(dir, 'run'));
    for (const [p, s] of spool.entries()) {
      const got: string[] = [];
      for await (const l of spoolLines(s)) got.push(`${l.line} ${l.text}`);
      const want = all.flatMap((l, i) =>
        l.trim() !== '' && spoolPartition(l, 3) === p ? [`${i + 1} ${l}`] : [],
      );
      expect(got).toEqual(want);
      expect(s.lines).toBe(want.length);
    }
    // The jobs run with the input gone: they read their spool file only (the task names no input).
    rmSync(join(dir, 'in.jsonl'));
    const t = { ...task(spool[1] as SpoolFile, 1, 3, join(dir, 'run'), '', 10) };
    delete t.ledger;
    expect(Object.keys(t)).not.toContain('input');
    const r = await runCarbonTask(t);
    const results = readFileSync(r.results, 'utf8').split('\n').filter(Boolean);
    expect(results).toHaveLength((spool[1] as SpoolFile).lines);
    // A spool reused by a resumed run when intact, written again when a file changed.
    writeFileSync(join(dir, 'in.jsonl'), `${all.join('\r\n')}\r\n`);
    expect(await spoolInput(join(dir, 'in.jsonl'), 3, join(dir, 'run'))).toEqual(spool);
    writeFileSync((spool[2] as SpoolFile).path, 'changed\n');
    const changed = { ...t, spool: spool[2] as SpoolFile, partition: 2 };
    const e = await runCarbonTask(changed).catch((x: unknown) => x);
    expect((e as GepError).code).toBe('QUEUE_SPOOL_INVALID');
    expect(await spoolInput(join(dir, 'in.jsonl'), 3, join(dir, 'run'))).toEqual(spool);
  }, 60_000);
});
