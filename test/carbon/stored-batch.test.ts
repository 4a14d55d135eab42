import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LineResult } from '../../src/carbon/batch';
import type { Entry } from '../../src/carbon/ledger/entry';
import { verifyLedgerAsync } from '../../src/carbon/ledger/verify';
import { MemoryLedgerStore, type StoreCommit } from '../../src/carbon/store';
import { DEFAULT_ATTEMPTS, StoredBatch, processStored, retryWait } from '../../src/carbon/stored-batch';
import { carbonFail } from '../../src/carbon/errors';
import type { GepError } from '../../src/core/errors';
import { reference, storeTestLines, storeTestRules, stored } from './store-helpers';

describe('StoredBatch over the memory store', () => {
  it('gives the one-batch results however the stream is cut into runs and chunks', async () => {
    const rules = storeTestRules();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(fc.integer({ min: 0, max: 120 }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 17 }),
        async (seed, cuts, chunk) => {
          const lines = storeTestLines(120, seed);
          const ref = reference(lines, rules);
          const store = new MemoryLedgerStore();
          const got = await stored(store, lines, cuts, chunk, rules);
          expect(got).toEqual(ref.results);
          const head = await store.head();
          expect(head.seq).toBe(ref.batch.ledger.anchor().count);
          expect(head.head).toBe(ref.batch.ledger.anchor().head);
          expect(await store.balances()).toEqual(ref.batch.ledger.balances());
          const v = await verifyLedgerAsync(store.entries());
          expect(v.ok).toBe(true);
          expect(v.balances).toEqual(ref.batch.ledger.balances());
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);

  it('refuses every line of a second run of the same input as credited already, and credits nothing', async () => {
    const rules = storeTestRules();
    const lines = storeTestLines(60, 7);
    const store = new MemoryLedgerStore();
    await stored(store, lines, [], 10, rules);
    const before = await store.head();
    const run = await StoredBatch.open(store, { rules, reductions: 'when-available', chunk: 25 });
    const gen = processStored(lines, run);
    let step = await gen.next();
    const again: LineResult[] = [];
    while (step.done !== true) {
      again.push(step.value);
      step = await gen.next();
    }
    const activities = again.filter((r) => r.kind === 'activity');
    expect(activities.length).toBeGreaterThan(40);
    // Each activity line is refused: its id (or behaviour) was credited or seen by the first run.
    for (const r of activities) {
      expect(r.ok).toBe(false);
      expect(['LEDGER_DOUBLE_CREDIT', 'CARBON_EVIDENCE_EXCLUSIVE', 'CARBON_TIMESTAMP_ORDER']).toContain(
        r.issues[0]?.code,
      );
    }
    expect(activities.some((r) => r.issues[0]?.code === 'LEDGER_DOUBLE_CREDIT')).toBe(true);
    expect(step.value.grams).toBe('0');
    expect(step.value.points).toBe('0');
    expect((await store.head()).head).toBe(before.head);
  });

  it('carries the daily reduction cap and the remainder into the next run', async () => {
    // Daily cap 300 g: three metro trips of one user on one day, each run by a new process. Each trip is
    // 20 km; the cap leaves room for 300 g in total that day, whatever the split into runs.
    const rules = storeTestRules();
    const trip = (i: number): string =>
      JSON.stringify({
        id: `m${i}`,
        user: 'u1',
        ts: `2024-05-01T0${i}:00:00+08:00`,
        scenario: 'metro',
        region: '440305',
        evidence: 'upload',
        distance: { value: '20', unit: 'km' },
      });
    const lines = [trip(1), trip(2), trip(3)];
    const ref = reference(lines, rules);
    const store = new MemoryLedgerStore();
    const got = await stored(store, lines, [1, 2], 1, rules);
    expect(got).toEqual(ref.results);
    const grams = got.map((r) => BigInt(r.reduction?.grams ?? '0')).reduce((a, b) => a + b, 0n);
    expect(grams).toBe(300n);
    expect(got.some((r) => r.issues.some((i) => i.code === 'CARBON_REDUCTION_CAPPED'))).toBe(true);
  });
});

describe('StoredBatch commits', () => {
  it('write the pending keys of issues with a claim window, claims and expiries only', async () => {
    const commits: StoreCommit[] = [];
    const store = new MemoryLedgerStore();
    const append = store.append.bind(store);
    store.append = (c) => {
      commits.push(c);
      return append(c);
    };
    const rules = storeTestRules();
    const lines = storeTestLines(120, 21);
    await stored(store, lines, [], 30, rules);
    const changes = (e: Entry): boolean =>
      e.type === 'claim' || e.type === 'expire' || (e.type === 'issue' && e.claimBy !== undefined);
    const entries = commits.flatMap((c) => c.entries);
    // The stream has both kinds: issues without a claim window, whose keys are not written, and the others.
    expect(entries.filter(changes).length).toBeGreaterThan(0);
    expect(entries.filter(changes).length).toBeLessThan(entries.length);
    for (const c of commits) {
      const keys = c.entries.filter(changes).map((e) => `${e.unit}|${e.ref}`);
      expect(c.pending.map(([k]) => k).sort()).toEqual([...new Set(keys)].sort());
    }
    // The store holds what one batch over the stream holds.
    const ref = reference(lines, rules);
    const pending = (await store.load()).pending.map((p) => p.key).sort();
    expect(pending).toEqual([...ref.batch.ledger.state.pending.keys()].sort());
  });
});

describe('StoredBatch with two writers on one store', () => {
  it('redoes a chunk on the reloaded state when the other writer appended first: nothing credited twice', async () => {
    const rules = storeTestRules();
    const lines = storeTestLines(40, 3);
    const store = new MemoryLedgerStore();
    const a = await StoredBatch.open(store, { rules, reductions: 'when-available' });
    const b = await StoredBatch.open(store, { rules, reductions: 'when-available' });
    await a.processChunk(lines.slice(0, 20), 1);
    // b was opened at the empty head: its append is refused as a conflict, it reloads and redoes the chunk,
    // so lines a already stored are refused as duplicates.
    const again = await b.processChunk(lines.slice(10, 40), 11);
    const ref = reference(lines, rules);
    expect((await store.head()).head).toBe(ref.batch.ledger.anchor().head);
    expect(again.slice(0, 10).every((r) => r.kind !== 'activity' || !r.ok)).toBe(true);
    expect(again.slice(10)).toEqual(ref.results.slice(20));
  });

  it('keeps the factor sets its credited lines used across a reload: the summary names exactly them', async () => {
    const act = (id: string, extra: object) => ({ id, user: id, ts: '2024-05-01T08:00:00+08:00', ...extra });
    const store = new MemoryLedgerStore();
    const a = await StoredBatch.open(store, {});
    const b = await StoredBatch.open(store, {});
    // b credits a Wuhan bus ride (wuhan-travel-2023), a appends, and b's next chunk (a Guangzhou metro trip,
    // guangzhou-metro-2015) meets the moved head: b reloads and redoes that chunk.
    await b.processChunk([act('b1', { scenario: 'bus', region: '4201', rides: '1' })], 1);
    await a.processChunk([act('a1', { scenario: 'bus', region: '4201', rides: '1' })], 1);
    const [metro] = await b.processChunk([act('b2', { scenario: 'metro', region: '4401', rides: '1' })], 2);
    expect(metro?.issues).toEqual([]);
    expect(metro?.reduction?.factors.map((f) => f.set)).toEqual(['guangzhou-metro-2015@1.1.0']);
    expect(b.summary().factorSets).toEqual(['guangzhou-metro-2015@1.1.0', 'wuhan-travel-2023@1.1.0']);
    expect(b.summary().accepted).toBe(2);
  });

  it('waits out another writer between attempts (retryWait): six refusals in a row, then stored', async () => {
    const rules = storeTestRules();
    const lines = storeTestLines(10, 5);
    const store = new MemoryLedgerStore();
    // a store whose appends are refused six times as if another writer had appended first, then taken
    let refusals = 6;
    const append = store.append.bind(store);
    store.append = async (commit: StoreCommit) => {
      if (refusals > 0) {
        refusals -= 1;
        carbonFail('LEDGER_STORE_CONFLICT', [], { detail: 'partition 0 moved' });
      }
      return append(commit);
    };
    const writer = await StoredBatch.open(store, { rules });
    const t0 = Date.now();
    const results = await writer.processChunk(lines, 1);
    // waits after conflicts 1–6 are at least half of 25, 50, 100, 200, 400 and 800 ms: 787.5 ms
    expect(Date.now() - t0).toBeGreaterThanOrEqual(787);
    expect(refusals).toBe(0);
    expect(results).toEqual(reference(lines, rules).results);
  });

  it('retryWait: 25 ms doubled per conflict up to 2 s, times a draw in [0.5, 1.5)', () => {
    // attempt 1: 25 × (0.5 + 0) = 12.5; attempt 3: 100 × (0.5 + 0.5) = 100; attempt 8: 25 × 2⁷ = 3,200, capped at
    // 2,000, × 1.499 = 2,998; attempt 40: still 2,000 × 0.5 = 1,000
    expect(retryWait(1, 0)).toBe(12.5);
    expect(retryWait(3, 0.5)).toBe(100);
    expect(retryWait(8, 0.999)).toBeCloseTo(2_998, 9);
    expect(retryWait(40, 0)).toBe(1_000);
    expect(DEFAULT_ATTEMPTS).toBe(12);
  });

  it('stops after the attempts when the head keeps moving (LEDGER_STORE_CONFLICT)', async () => {
    const rules = storeTestRules();
    const store = new MemoryLedgerStore();
    const lines = storeTestLines(10, 5);
    const writer = await StoredBatch.open(store, { rules, attempts: 1 });
    await (await StoredBatch.open(store, { rules })).processChunk(lines.slice(0, 5), 1);
    const e = await writer.processChunk(lines.slice(5), 6).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'LEDGER_STORE_CONFLICT' });
    // the store's reason, and that the batch gave up
    expect((e as Error).message).toMatch(
      /The ledger store refused the append: .*; one attempt at this chunk, another writer appending to the same partitions each time/,
    );
    // in Chinese, the store's detail translated as before, then the attempts
    expect((e as GepError).zh).toMatch(
      /^账本存储拒绝写入：分区 0 现为 \d+ 条 \/ \S+，而本批是按 0 条 \/ \S+ 计算的；本批已尝试 1 次，每次都有另一写入者先向相同分区追加了条目$/,
    );
  });
});
