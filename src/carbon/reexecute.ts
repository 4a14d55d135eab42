import * as z from 'zod/mini';
import type { Issue } from '../core/errors';
import { anyIterable, checkArgument } from '../core/options';
import { carbonIssue } from './errors';
import type { Entry } from './ledger/entry';
import { type LedgerStore, MemoryLedgerStore, checkStoreArgument } from './store';
import { StoredBatch, type StoredBatchOptions } from './stored-batch';
import { namedKeys, recordDifferences as differences } from './verify-store';

/** Options of a re-execution: those of the runs that wrote the ledger (rule set, factor sets, methodologies, now…). */
export type ReexecuteOptions = Omit<StoredBatchOptions, 'only' | 'counters' | 'beforeAppend' | 'attempts'>;

export interface Reexecution {
  ok: boolean;
  issues: Issue[];
  /** The runs re-executed and their lines (blank ones included). */
  runs: number;
  lines: number;
  /** Entries of the re-executed ledger. */
  count: number;
}

/** The runs of reexecuteStore: a list of iterables of lines (a run given as a text would be walked by character). */
const runsOutline = z.array(anyIterable);

/**
 * Re-execute the inputs of a stored ledger and compare: each run's lines (one iterable per run, in the order the
 * runs were made) go through the stored-batch engine, one `StoredBatch` per run as the runs resumed, into a
 * `MemoryLedgerStore` of the ledger's number of partitions; then the partition heads (the first partition and entry
 * that differ are named), the user records (caps and point counters), the carried remainders, the holdings, the
 * pending claims, the registry states and the number of credited refs must equal the stored ones (canonical JSON).
 * This is the exact check of what the entries do not determine (ADR 0033). It holds the re-executed ledger in
 * memory (entries included): memory grows with the ledger. A store or runs of another kind are ARGUMENT_INVALID at
 * `store` or `runs` (and the run), before any is read.
 *
 * @example
 * const r = await reexecuteStore(store, [fileLines('day1.jsonl'), fileLines('day2.jsonl')], { rules, now });
 * r.ok; // false when any stored record differs from what the inputs give
 */
export async function reexecuteStore(
  store: LedgerStore,
  runs: readonly (AsyncIterable<string> | Iterable<string>)[],
  opts: ReexecuteOptions = {},
): Promise<Reexecution> {
  checkStoreArgument(store);
  // the runs (a few days' files), each an iterable of lines, before any is read
  checkArgument(runsOutline, runs, ['runs']);
  const mem = new MemoryLedgerStore({ partitions: store.partitions });
  let lines = 0;
  for (const input of runs) {
    const run = await StoredBatch.open(mem, opts);
    let chunk: string[] = [];
    let first = 1;
    for await (const line of input) {
      chunk.push(line);
      lines += 1;
      if (chunk.length >= run.chunkSize) {
        await run.processChunk(chunk, first);
        first += chunk.length;
        chunk = [];
      }
    }
    if (chunk.length > 0) await run.processChunk(chunk, first);
  }
  const issues: Issue[] = [];
  const head = await firstDifference(store, mem);
  if (head !== undefined) issues.push(carbonIssue('LEDGER_AUDIT_MISMATCH', [], { detail: head }));
  const [stored, again] = [await store.load(), await mem.load()];
  const named = (what: string, diff: string[]): void => {
    if (diff.length === 0) return;
    issues.push(
      carbonIssue('LEDGER_AUDIT_MISMATCH', [], {
        detail: `${diff.length} stored ${what} differ from the re-execution (${namedKeys(diff)})`,
      }),
    );
  };
  named(
    'user records',
    differences(stored.users, again.users, (r) => `${r.user} (partition ${r.partition})`),
  );
  named(
    'remainders',
    differences(stored.remainders, again.remainders, (r) => r.account),
  );
  named(
    'holdings',
    differences(stored.holdings, again.holdings, (r) => `${r.partition} ${r.account} ${r.unit}`),
  );
  named(
    'pending claims',
    differences(stored.pending, again.pending, (r) => r.key),
  );
  named(
    'registry states',
    differences(stored.registry, again.registry, (r) => `partition ${r.partition}`),
  );
  const [a, b] = [await store.derived(), await mem.derived()];
  if (a.credited !== b.credited)
    issues.push(
      carbonIssue('LEDGER_AUDIT_MISMATCH', [], {
        detail: `the store lists ${a.credited} credited refs, the re-execution ${b.credited}`,
      }),
    );
  const count = (await mem.head()).seq;
  await mem.close();
  return { ok: issues.length === 0, issues, runs: runs.length, lines, count };
}

/** The first partition whose head differs and its first entry that differs, or undefined when every head is equal. */
async function firstDifference(store: LedgerStore, mem: LedgerStore): Promise<string | undefined> {
  const [a, b] = [await store.heads(), await mem.heads()];
  const p = a.findIndex((h, i) => h.seq !== b[i]?.seq || h.head !== b[i]?.head);
  if (p < 0) return undefined;
  const ofPartition = (e: Entry): boolean => (e.partition ?? 0) === p;
  const again: Entry[] = [];
  for await (const e of mem.entries()) if (ofPartition(e)) again.push(e);
  let k = 0;
  for await (const e of store.entries()) {
    if (!ofPartition(e)) continue;
    const r = again[k];
    if (r === undefined)
      return `partition ${p}: the store has ${a[p]?.seq} entries, the re-execution ${again.length}; the first extra stored entry is seq ${e.seq}`;
    if (r.hash !== e.hash)
      return `partition ${p}: the first entry that differs is seq ${e.seq} (stored ${e.type} ${e.unit} ${e.amount} ref ${e.ref}, re-executed ${r.type} ${r.unit} ${r.amount} ref ${r.ref})`;
    k += 1;
  }
  return `partition ${p}: the store has ${a[p]?.seq} entries, the re-execution ${again.length}; the first missing entry is seq ${again[k]?.seq ?? '?'} (${again[k]?.type ?? ''} ${again[k]?.unit ?? ''} ref ${again[k]?.ref ?? ''})`;
}
