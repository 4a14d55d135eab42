/**
 * The balances of a run's partitions merged one account at a time, for summary.json: the partitions' balances
 * (each in account order, as a job writes them) merged by a k-way merge (./merge.ts), an account held in several
 * partitions (a ledger written before ADR 0054 may hold one) with its amounts added. The entries and their order
 * are those of `mergeBalances` (src/carbon/ledger/partitioned.ts), which a local run's summary holds, and memory
 * holds one account per partition whatever the number of accounts. Pure.
 */
import type { Balances } from '../carbon/ledger/state';
import { queueFail } from './errors';
import { mergeByKey } from './merge';

/** One account's balances: unit → amounts (integer strings). */
export type AccountBalances = Balances[string];
/** An account and its balances, as a partition's balances file holds them (one a line). */
export type BalanceEntry = readonly [string, AccountBalances];

const AMOUNTS = ['available', 'pending', 'expired', 'redeemed', 'retired'] as const;

/** One account's balances over the partitions that hold it: units sorted, each amount added, as mergeBalances does. */
function mergeAccount(held: readonly AccountBalances[]): AccountBalances {
  const units = new Map<string, Record<string, bigint>>();
  for (const b of held)
    for (const [unit, amounts] of Object.entries(b)) {
      const t = units.get(unit) ?? {};
      units.set(unit, t);
      for (const [k, v] of Object.entries(amounts)) t[k] = (t[k] ?? 0n) + BigInt(v);
    }
  const out: AccountBalances = {};
  for (const unit of [...units.keys()].sort()) {
    const t = units.get(unit) as Record<string, bigint>;
    out[unit] = Object.fromEntries(AMOUNTS.map((k) => [k, String(t[k] ?? 0n)])) as AccountBalances[string];
  }
  return out;
}

/** A partition's entries, refused (QUEUE_SPOOL_INVALID, naming `file`) where an account is not after the one before. */
async function* inOrder(entries: AsyncIterable<BalanceEntry>, file: string): AsyncGenerator<BalanceEntry> {
  let last: string | undefined;
  let n = 0;
  for await (const e of entries) {
    n += 1;
    if (last !== undefined && !(last < e[0]))
      queueFail('QUEUE_SPOOL_INVALID', [], {
        file,
        detail: `line ${n}: account ${JSON.stringify(e[0])} is not after ${JSON.stringify(last)}`,
      });
    last = e[0];
    yield e;
  }
}

/**
 * The partitions' balances (`parts`, in partition order, each with the file it comes from) as one stream of
 * accounts in the order of `mergeBalances`: one partition's as they are, several merged in account order.
 */
export async function* mergedBalances(
  parts: readonly { file: string; entries: AsyncIterable<BalanceEntry> }[],
): AsyncGenerator<BalanceEntry> {
  if (parts.length === 1) {
    yield* (parts[0] as (typeof parts)[number]).entries;
    return;
  }
  let account: string | undefined;
  let held: AccountBalances[] = [];
  for await (const [a, units] of mergeByKey(
    parts.map((p) => inOrder(p.entries, p.file)),
    (e) => e[0],
  )) {
    if (a !== account && account !== undefined) {
      yield [account, mergeAccount(held)];
      held = [];
    }
    account = a;
    held.push(units);
  }
  if (account !== undefined) yield [account, mergeAccount(held)];
}
