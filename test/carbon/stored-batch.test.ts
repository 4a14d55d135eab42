import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/core/decimal';
import { CarbonBatch, type LineResult } from '../../src/carbon/batch';
import { verifyLedgerAsync } from '../../src/carbon/ledger/verify';
import { bundledRuleSet } from '../../src/carbon/rules/bundled';
import type { RuleSet } from '../../src/carbon/rules/rules';
import { type LedgerStore, MemoryLedgerStore } from '../../src/carbon/store';
import { StoredBatch, processStored } from '../../src/carbon/stored-batch';

/** Evidence paths, claim windows, monthly ride caps (the bundled demo) plus a daily reduction cap of 300 g. */
export const storeTestRules = (): RuleSet => ({
  ...bundledRuleSet('evidence-paths-demo'),
  reductionCaps: { daily: new Decimal('300'), source: { document: 'test fixture' }, grade: 'assumed' },
});

/**
 * A stream that exercises what a resumed ledger must carry: repeated ids and behaviours (refused as double
 * credit), evidence paths, claims of pending points inside and outside their window, expiries across days,
 * and a daily reduction cap on three users.
 */
export function storeTestLines(n: number, seed: number): string[] {
  const lines: string[] = [];
  const t0 = Date.parse('2024-05-01T00:00:00Z');
  let x = seed;
  const next = (m: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % m;
  };
  for (let i = 0; i < n; i++) {
    const ts = new Date(t0 + i * 3 * 3600_000).toISOString();
    const user = `u${next(3)}`;
    const r = next(10);
    if (r === 0 && i > 20) {
      const back = i - 16 - next(8);
      lines.push(JSON.stringify({ claim: `a${back}`, user: `u${next(3)}`, ts }));
      continue;
    }
    const id = r === 1 && i > 0 ? `a${i - 1 - next(Math.min(i, 5))}` : `a${i}`;
    const scenario = next(2) === 0 ? 'bus' : 'metro';
    const evidence = ['upload', 'checkin'][next(2)] as string;
    const region = scenario === 'bus' ? '420102' : '440305';
    const a: Record<string, unknown> = { id, user, ts, scenario, region, evidence };
    if (scenario === 'bus') a.rides = '1';
    else a.distance = { value: `${5 + next(20)}.${next(10)}`, unit: 'km' };
    if (next(6) === 0) a.behaviour = `b${Math.max(0, i - next(4))}`;
    lines.push(JSON.stringify(a));
  }
  return lines;
}

/** The stream in one in-memory batch: the reference a stored run must equal. */
function reference(lines: readonly string[], rules: RuleSet): { results: LineResult[]; batch: CarbonBatch } {
  const batch = new CarbonBatch({ rules, reductions: 'when-available' });
  const results: LineResult[] = [];
  lines.forEach((l, i) => {
    const r = batch.process(l, i + 1);
    if (r !== undefined) results.push(r);
  });
  return { results, batch };
}

/** The stream over a store, reopened at each cut (a new process resuming), in chunks of `chunk` lines. */
async function stored(
  store: LedgerStore,
  lines: readonly string[],
  cuts: readonly number[],
  chunk: number,
  rules: RuleSet,
): Promise<LineResult[]> {
  const results: LineResult[] = [];
  const bounds = [0, ...[...new Set(cuts)].sort((a, b) => a - b), lines.length];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const run = await StoredBatch.open(store, { rules, reductions: 'when-available', chunk });
    const part = lines.slice(bounds[k], bounds[k + 1]);
    for (let i = 0; i < part.length; i += chunk)
      results.push(...(await run.processChunk(part.slice(i, i + chunk), (bounds[k] as number) + i + 1)));
  }
  return results;
}

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

  it('stops after the attempts when the head keeps moving (LEDGER_STORE_CONFLICT)', async () => {
    const rules = storeTestRules();
    const store = new MemoryLedgerStore();
    const lines = storeTestLines(10, 5);
    const writer = await StoredBatch.open(store, { rules, attempts: 1 });
    await (await StoredBatch.open(store, { rules })).processChunk(lines.slice(0, 5), 1);
    await expect(writer.processChunk(lines.slice(5), 6)).rejects.toMatchObject({
      code: 'LEDGER_STORE_CONFLICT',
    });
  });
});
