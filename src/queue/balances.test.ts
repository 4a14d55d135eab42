import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeBalances } from '../carbon/ledger/partitioned';
import type { Balances } from '../carbon/ledger/state';
import { type BalanceEntry, mergedBalances } from './balances';

async function* of(b: Balances): AsyncGenerator<BalanceEntry> {
  for (const [a, units] of Object.entries(b)) yield [a, units];
}

const collect = async (g: AsyncIterable<BalanceEntry>) => {
  const out: BalanceEntry[] = [];
  for await (const e of g) out.push(e);
  return out;
};

const amounts = (a: string, p = '0', e = '0', r = '0', t = '0') => ({
  available: a,
  pending: p,
  expired: e,
  redeemed: r,
  retired: t,
});

/** A partition's balances as its job writes them: accounts and units sorted (what mergeBalances gives for N > 1). */
const written = (b: Balances): Balances => mergeBalances([b, {}]);

describe('mergedBalances', () => {
  it('merges partitions in account order, adding the amounts of an account held in two', async () => {
    const p0 = { 'registry:pool': { point: amounts('5') }, 'user:b': { g_CO2: amounts('10', '1') } };
    const p1 = {
      'registry:pool': { g_CO2: amounts('7'), point: amounts('3', '2') },
      'user:a': { point: amounts('4') },
    };
    const out = await collect(
      mergedBalances([
        { file: 'p0', entries: of(p0) },
        { file: 'p1', entries: of(p1) },
      ]),
    );
    // registry:pool: g_CO2 7 (p1 only); point 5 + 3 = 8 available, 0 + 2 = 2 pending. Accounts sorted.
    expect(out).toEqual([
      ['registry:pool', { g_CO2: amounts('7'), point: amounts('8', '2') }],
      ['user:a', { point: amounts('4') }],
      ['user:b', { g_CO2: amounts('10', '1') }],
    ]);
  });

  it('one partition: its entries as they are (mergeBalances keeps a single part unchanged)', async () => {
    const only = { 'user:z': { point: amounts('1') }, 'user:a': { point: amounts('2') } } as Balances;
    expect(await collect(mergedBalances([{ file: 'p0', entries: of(only) }]))).toEqual(Object.entries(only));
  });

  it('a partition whose accounts are out of order: QUEUE_SPOOL_INVALID naming the file and the line', async () => {
    const bad = { 'user:b': { point: amounts('1') }, 'user:a': { point: amounts('2') } };
    const e = await collect(
      mergedBalances([
        { file: 'p0.balances.jsonl', entries: of(bad) },
        { file: 'p1.balances.jsonl', entries: of({}) },
      ]),
    ).catch((x: unknown) => x);
    expect(e).toMatchObject({ issues: [{ code: 'QUEUE_SPOOL_INVALID' }] });
    expect((e as { issues: { message: { en: string } }[] }).issues[0]?.message.en).toBe(
      'The spool file p0.balances.jsonl is missing or changed: line 2: account "user:a" is not after "user:b"',
    );
  });

  it('gives mergeBalances’ entries in its order for any partitions (property)', async () => {
    const amount = fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String);
    const units = fc.dictionary(
      fc.constantFrom('g_CO2', 'point', 'x'),
      fc.tuple(amount, amount, amount, amount, amount).map((a) => amounts(...a)),
      { minKeys: 1 },
    );
    const account = fc.oneof(
      fc.constantFrom('registry:pool', 'registry:a', 'user:ä', 'user:😀', 'user:Z'),
      fc.string({ minLength: 1 }).map((s) => `user:${s}`),
    );
    const part = fc.dictionary(account, units, { maxKeys: 12 });
    await fc.assert(
      fc.asyncProperty(fc.array(part, { minLength: 2, maxLength: 5 }), async (raw) => {
        const parts = raw.map(written);
        const streamed = await collect(
          mergedBalances(parts.map((b, p) => ({ file: `p${p}`, entries: of(b) }))),
        );
        expect(JSON.stringify(streamed)).toBe(JSON.stringify(Object.entries(mergeBalances(parts))));
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
