import { describe, expect, it } from 'vitest';
import type { LineResult } from '../../src/carbon/batch';
import { MemoryLedgerStore } from '../../src/carbon/store';
import { StoredBatch } from '../../src/carbon/stored-batch';
import { verifyStore } from '../../src/carbon/verify-store';
import { GepError } from '../../src/core/errors';
import { busRide, cappedBusRules, mayAt, ruleSetWith } from './helpers';

/** Each result as [whole grams credited, points, first issue code]. */
const brief = (r: LineResult) => [
  r.reduction?.grams ?? null,
  r.points?.points ?? null,
  r.issues[0]?.code ?? null,
];

/** A rule set of another id paying 1 point a bus ride, without reduction caps. */
const uncapped = () =>
  ruleSetWith({
    id: 'no-caps',
    rules: [
      {
        id: 'bus',
        scenario: 'bus',
        basis: 'event',
        points: '1',
        source: { document: 'test' },
        grade: 'assumed',
      },
    ],
  });

describe('a stored ledger run under another rule set, or none', () => {
  it('a run without a rule set on a ledger that booked under one is refused, nothing booked (LEDGER_RULES_REQUIRED)', async () => {
    const store = new MemoryLedgerStore();
    const rules = cappedBusRules();
    await (await StoredBatch.open(store, { rules })).processChunk([busRide('a1', mayAt(1))], 1);
    const head = await store.head();
    const refusal = await StoredBatch.open(store, {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(GepError);
    expect((refusal as GepError).issues.map((i) => [i.code, i.params])).toEqual([
      ['LEDGER_RULES_REQUIRED', { recorded: rules.ref }],
    ]);
    expect(await store.head()).toEqual(head);
    // A ledger that never booked under a rule set runs without one.
    const plain = new MemoryLedgerStore();
    await (await StoredBatch.open(plain, {})).processChunk([busRide('b1', mayAt(1))], 1);
    await (await StoredBatch.open(plain, {})).processChunk([busRide('b2', mayAt(1, 9))], 2);
    expect((await plain.head()).seq).toBe(2);
  });

  it('a rule set without reduction caps goes on counting the stored cap counters: the capped rule set finds the days counted', async () => {
    // Daily cap 200 g; a bus ride is 150 g. Run 1 (capped, 05-01): 150 g. Run 2 (no caps, 05-02): 150 g.
    // Run 3 (capped, 05-01 again, within the late window): 200 − 150 = 50 g counted, not 150. A verification of the
    // entries under both rule sets agrees with the counters (05-02's 150 g counted under the rule set without caps).
    const store = new MemoryLedgerStore();
    const capped = cappedBusRules();
    const r1 = await (
      await StoredBatch.open(store, { rules: capped })
    ).processChunk([busRide('a1', mayAt(1))], 1);
    const r2 = await (
      await StoredBatch.open(store, { rules: uncapped() })
    ).processChunk([busRide('a2', mayAt(2))], 2);
    const r3 = await (
      await StoredBatch.open(store, { rules: capped })
    ).processChunk([busRide('a3', mayAt(1, 20))], 3);
    expect([...r1, ...r2, ...r3].map(brief)).toEqual([
      ['150', '2', null],
      ['150', '1', null],
      ['50', '1', 'CARBON_REDUCTION_CAPPED'],
    ]);
    // The same three lines in one store under the capped rule set alone: the third is capped alike.
    const one = new MemoryLedgerStore();
    const all = await (
      await StoredBatch.open(one, { rules: capped })
    ).processChunk([busRide('a1', mayAt(1)), busRide('a2', mayAt(2)), busRide('a3', mayAt(1, 20))], 1);
    expect(all.map((r) => r.reduction?.grams)).toEqual(['150', '150', '50']);
    expect((await verifyStore(store, { rules: [capped, uncapped()] })).issues).toEqual([]);
  });
});
