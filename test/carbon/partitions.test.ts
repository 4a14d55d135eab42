import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { CarbonBatch, type BatchSummary, type LineResult } from '../../src/carbon/batch';
import { PartitionedVerifier, headsOf } from '../../src/carbon/ledger/partitioned';
import { partitionOf, rootHash } from '../../src/carbon/ledger/partition';
import { type LedgerStore, MemoryLedgerStore, storePartitions } from '../../src/carbon/store';
import { StoredBatch } from '../../src/carbon/stored-batch';
import { openPostgresStore } from '../../src/carbon/store-postgres-node';
import { verifyStore } from '../../src/carbon/verify-store';
import { ownLines, pgSchemaUrl, storeTestRules, testPostgres } from './store-helpers';

/** The stream in one batch of n partitions: the reference every split must equal. */
function single(lines: readonly string[], n: number): { results: LineResult[]; batch: CarbonBatch } {
  const batch = new CarbonBatch({ rules: storeTestRules(), reductions: 'when-available', partitions: n });
  const results: LineResult[] = [];
  lines.forEach((l, i) => {
    const r = batch.process(l, i + 1);
    if (r !== undefined) results.push(r);
  });
  return { results, batch };
}

/** One run over `store` holding the partitions `only`, in chunks: its results and summary. */
async function runPartitions(
  store: LedgerStore,
  lines: readonly string[],
  only: readonly number[],
  chunk: number,
  attempts = 5,
): Promise<{ results: LineResult[]; summary: BatchSummary }> {
  const run = await StoredBatch.open(store, {
    rules: storeTestRules(),
    reductions: 'when-available',
    only,
    chunk,
    attempts,
  });
  const results: LineResult[] = [];
  for (let i = 0; i < lines.length; i += chunk)
    results.push(...(await run.processChunk(lines.slice(i, i + chunk), i + 1)));
  return { results, summary: run.summary() };
}

const byLine = (a: LineResult, b: LineResult): number => a.line - b.line;

describe('a ledger of several partitions', () => {
  it('puts each user in one partition: every entry of a user is in its partition and chain', () => {
    const lines = ownLines(150, 3);
    const { results, batch } = single(lines, 4);
    expect(batch.ledgers).toHaveLength(4);
    for (const r of results)
      for (const e of r.entries) {
        expect(e.partition).toBe(partitionOf(r.user as string, 4));
        expect(e.to ?? e.from).toBe(`user:${r.user as string}`);
      }
    // The per-user rules read one partition: a user's remainders and holdings are in its partition's state only.
    batch.ledgers.forEach((l, p) => {
      for (const account of l.state.balances.keys()) expect(partitionOf(account.slice(5), 4)).toBe(p);
      for (const account of l.state.remainders.keys()) expect(partitionOf(account.slice(5), 4)).toBe(p);
    });
    const s = batch.summary();
    expect(s.ledger.partitions).toHaveLength(4);
    expect(s.ledger.head).toBe(rootHash(headsOf(batch.ledgers)));
    expect(s.ledger.count).toBe(s.ledger.partitions!.reduce((n, x) => n + x.count, 0));
  });

  it('split by partition and run partition by partition, in any order, equals one run', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 1, max: 40 }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        async (seed, n, chunk, random) => {
          // The first line once more at the end: a repeated id, refused in every run, so that the stream has a
          // refusal whatever the seed (some seeds give none of their own).
          const own = ownLines(120, seed);
          const lines = [...own, own[0] as string];
          const ref = single(lines, n);
          const order = Array.from({ length: n }, (_, p) => p);
          // Shuffled (Fisher–Yates on the generated stream).
          const it = random[Symbol.iterator]();
          for (let i = order.length - 1; i > 0; i--) {
            const j = Math.floor((it.next().value as number) * (i + 1)) % (i + 1);
            [order[i], order[j]] = [order[j] as number, order[i] as number];
          }
          const store = new MemoryLedgerStore({ partitions: n });
          const results: LineResult[] = [];
          const sums = { lines: 0, accepted: 0, refused: 0, grams: 0n, points: 0n };
          for (const p of order) {
            const r = await runPartitions(store, lines, [p], chunk);
            results.push(...r.results);
            sums.lines += r.summary.lines;
            sums.accepted += r.summary.accepted;
            sums.refused += r.summary.refused;
            sums.grams += BigInt(r.summary.grams);
            sums.points += BigInt(r.summary.points);
          }
          expect(results.sort(byLine)).toEqual(ref.results);
          // The stream is not trivial: lines refused (repeated ids, claims out of window) and entries in every run.
          expect(ref.results.some((r) => !r.ok)).toBe(true);
          const s = ref.batch.summary();
          expect(sums).toEqual({
            lines: s.lines,
            accepted: s.accepted,
            refused: s.refused,
            grams: BigInt(s.grams),
            points: BigInt(s.points),
          });
          expect(await store.heads()).toEqual(headsOf(ref.batch.ledgers));
          expect(await store.head()).toMatchObject({ seq: s.ledger.count, head: s.ledger.head });
          expect(await store.balances()).toEqual(s.balances);
          const v = await verifyStore(store);
          expect(v.issues).toEqual([]);
          expect(v.head).toBe(s.ledger.head);
        },
      ),
      { numRuns: 15 },
    );
  }, 60_000);

  it('refuses an entry outside its partition chain on verification', async () => {
    const store = new MemoryLedgerStore({ partitions: 3 });
    await runPartitions(store, ownLines(40, 5), [0, 1, 2], 40);
    // The same entries read as a ledger of 2 partitions: entries of partition 2 belong to none.
    const entries = [];
    for await (const e of store.entries()) entries.push(e);
    expect(entries.some((e) => e.partition === 2)).toBe(true);
    const v = new PartitionedVerifier(2);
    for (const e of entries) v.push(e);
    expect(v.finish().issues.map((i) => i.code)).toContain('LEDGER_ENTRY_INVALID');
  });
});

/** PostgreSQL (GEPKIT_TEST_PG_URL): skipped without a server outside CI. */
const PG_URL = testPostgres('partitions.test.ts');
const pgUrl = (): Promise<string> => pgSchemaUrl(PG_URL as string, 'p');

describe.runIf(PG_URL !== undefined)('PostgreSQL writers of different partitions', () => {
  it('append side by side (no conflict, no wait on each other) and give the single run', async () => {
    const url = await pgUrl();
    const lines = ownLines(200, 11);
    const ref = single(lines, 4);
    const [a, b] = [await openPostgresStore(url, { partitions: 4 }), await openPostgresStore(url)];
    expect(b.partitions).toBe(4);
    // A third connection holds partition 0's append lock in an open transaction: the writer of partitions 2
    // and 3 appends all its chunks meanwhile; the writer of 0 and 1 waits until the lock is released.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock($1, 0)', [0x6765706b]);
    let firstDone = false;
    // attempts 1: a LEDGER_STORE_CONFLICT would fail the run (writers of different partitions never conflict).
    const first = runPartitions(a, lines, [0, 1], 25, 1).then((r) => {
      firstDone = true;
      return r;
    });
    const second = await runPartitions(b, lines, [2, 3], 25, 1);
    expect(firstDone).toBe(false);
    await holder.query('COMMIT');
    await holder.end();
    const firstResult = await first;
    expect([...firstResult.results, ...second.results].sort(byLine)).toEqual(ref.results);
    const s = ref.batch.summary();
    expect(await a.heads()).toEqual(headsOf(ref.batch.ledgers));
    expect(await a.head()).toMatchObject({
      seq: s.ledger.count,
      head: s.ledger.head,
      partitions: s.ledger.partitions,
    });
    expect(await a.balances()).toEqual(s.balances);
    const v = await verifyStore(a);
    expect(v.issues).toEqual([]);
    await a.close();
    await b.close();
  }, 60_000);

  it('refuses to open the ledger with another number of partitions (LEDGER_PARTITIONS_MISMATCH)', async () => {
    const url = await pgUrl();
    await (await openPostgresStore(url, { partitions: 8 })).close();
    await expect(openPostgresStore(url, { partitions: 16 })).rejects.toMatchObject({
      code: 'LEDGER_PARTITIONS_MISMATCH',
    });
  });
});

describe('the stored number of partitions', () => {
  it('is read back, checked against the one asked for, and refused when damaged (LEDGER_STORE_INVALID)', () => {
    expect(storePartitions(undefined, undefined)).toBe(1);
    expect(storePartitions(undefined, 8)).toBe(8);
    expect(storePartitions('8', undefined)).toBe(8);
    expect(storePartitions('8', 8)).toBe(8);
    expect(() => storePartitions('8', 16)).toThrow(
      expect.objectContaining({ code: 'LEDGER_PARTITIONS_MISMATCH' }),
    );
    for (const damaged of ['', 'abc', '0', '-2', '2.5', '08', '4097'])
      expect(() => storePartitions(damaged, undefined), damaged).toThrow(
        expect.objectContaining({ code: 'LEDGER_STORE_INVALID' }),
      );
  });
});
