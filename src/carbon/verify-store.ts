import { canonicalJson } from '../core/canonical';
import type { Issue } from '../core/errors';
import { carbonIssue } from './errors';
import type { Hasher } from './ledger/entry';
import {
  type CreditStore,
  type HoldingRecord,
  type PendingRecord,
  holdingRecords,
  pendingRecord,
} from './ledger/state';
import { Verifier, type Verification } from './ledger/verify';
import type { Checkpoint, LedgerStore } from './store';

export interface StoreVerifyOptions {
  hash?: Hasher;
  /** The replay's double-credit guard (default an in-memory Map; `openSqliteIdStore(file).credited` keeps it on disk). */
  credited?: CreditStore;
  /** Checks a checkpoint's signature (Node: `checkpointSignatureValid`); without it signatures are not checked. */
  signatureValid?: (c: Checkpoint) => boolean;
  /** Checkpoints published elsewhere (a checkpoint file), checked as the stored ones are. */
  anchors?: readonly Checkpoint[];
}

export interface StoreVerification extends Verification {
  /** The signed checkpoints checked (their count). */
  checkpoints: number;
}

const key = (h: HoldingRecord): string => `${h.account}\u0000${h.unit}`;

/** The differences between stored records and those the replay derives, as issues (at most 10 listed). */
function compare<T>(
  what: string,
  stored: readonly T[],
  replayed: readonly T[],
  keyOf: (r: T) => string,
  issues: Issue[],
): void {
  const a = new Map(stored.map((r) => [keyOf(r), canonicalJson(r)]));
  const b = new Map(replayed.map((r) => [keyOf(r), canonicalJson(r)]));
  const diff: string[] = [];
  for (const [k, v] of b) if (a.get(k) !== v) diff.push(k);
  for (const k of a.keys()) if (!b.has(k)) diff.push(k);
  if (diff.length > 0)
    issues.push(
      carbonIssue('LEDGER_STORE_INVALID', [], {
        detail: `${diff.length} stored ${what} differ from the replay of the entries (${diff
          .slice(0, 10)
          .map((k) => k.replace('\u0000', ' '))
          .join(', ')})`,
      }),
    );
}

/**
 * Verify a stored ledger: replay its entries (hashes, chain, legality, as `verifyLedger`), check each signed
 * checkpoint's signature and that the chain passed through its head at its count, and compare the state the
 * store keeps (head, holdings with their lots, pending claims, the number of credited refs) with the replay's.
 * Caps, point day totals and carried remainders are not determined by the entries and are not compared.
 */
export async function verifyStore(
  store: LedgerStore,
  opts: StoreVerifyOptions = {},
): Promise<StoreVerification> {
  const verifier = new Verifier(opts.hash, opts.credited);
  const checkpoints = [...(await store.checkpoints()), ...(opts.anchors ?? [])];
  const heads = new Map<number, string>();
  for (const c of checkpoints) heads.set(c.count, '');
  let count = 0;
  for await (const e of store.entries()) {
    verifier.push(e);
    count += 1;
    if (heads.has(count)) heads.set(count, e.hash);
  }
  const derived = await store.derived();
  const v = verifier.finish({ count: derived.head.seq, head: derived.head.head });
  const issues = v.issues;
  for (const c of checkpoints) {
    const at = c.count === 0 ? '0'.repeat(64) : heads.get(c.count);
    const detail =
      c.count > count
        ? `the ledger has ${count} entries`
        : at !== c.head
          ? `the ledger's head there is ${at ?? '?'}, the checkpoint says ${c.head}`
          : opts.signatureValid !== undefined && !opts.signatureValid(c)
            ? 'the signature does not verify with the public key'
            : undefined;
    if (detail !== undefined)
      issues.push(carbonIssue('LEDGER_SIGNATURE_INVALID', [], { count: c.count, detail }));
  }
  const state = verifier.replayed();
  const holdings: HoldingRecord[] = [...state.balances.keys()].flatMap((a) => holdingRecords(state, a));
  const pending = [...state.pending.keys()].map((k) => pendingRecord(state, k) as PendingRecord);
  compare('holdings', derived.holdings, holdings, key, issues);
  compare('pending claims', derived.pending, pending, (p) => p.key, issues);
  if (state.credited instanceof Map) {
    let credited = 0;
    for (const units of state.credited.values()) if (units !== 0) credited += 1;
    if (credited !== derived.credited)
      issues.push(
        carbonIssue('LEDGER_STORE_INVALID', [], {
          detail: `the store lists ${derived.credited} credited refs, the entries credit ${credited}`,
        }),
      );
  }
  return { ...v, ok: issues.length === 0, issues, checkpoints: checkpoints.length };
}
