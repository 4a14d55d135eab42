import * as z from 'zod/mini';
import { canonicalJson } from '../core/canonical';
import { type OptionsShape, anObject, callback, checkOptions, optionsSchema } from '../core/options';
import { loadedRuleSet } from './batch';
import type { Issue } from '../core/errors';
import { CAPS_NOT_CHECKED, CapCheck, type CapCheckResult } from './cap-check';
import { carbonIssue } from './errors';
import { type Entry, GENESIS, type Hasher, type LedgerUnit, sha256Hex } from './ledger/entry';
import { rootHash } from './ledger/partition';
import { type PartitionedVerification, PartitionedVerifier } from './ledger/partitioned';
import { type RegistryPolicy, registryPolicies, registrySnapshot } from './ledger/registry';
import {
  type CreditStore,
  LedgerState,
  RECORD_BIT,
  UNIQUE_REF_TYPES,
  UNIT_BIT,
  recordRefKey,
  type HoldingRecord,
  type PendingRecord,
  holdingRecords,
  pendingRecord,
} from './ledger/state';
import type { RuleSet } from './rules/rules';
import {
  type Checkpoint,
  type DerivedState,
  type InPartition,
  type LedgerStore,
  type RegistryRecord,
  type StoredEntryRow,
  checkStoreArgument,
  columnsDiffering,
  ledgerHead,
  ruleSetChange,
} from './store';

export interface StoreVerifyOptions {
  hash?: Hasher;
  /**
   * The registry policy the ledger was written under (`registryPolicy(ruleSet)`; default: that of `rules`, else the
   * policy without a rule set).
   */
  policy?: RegistryPolicy;
  /**
   * The rule set the ledger was written under, or each version of it the ledger was written under (a version bump
   * between runs): with it the caps, the stored point and reduction counters and the carried remainders are checked
   * against the entries (`CapCheck`), each entry naming a version judged by that version; without it they are not
   * (`caps.checked` false).
   */
  rules?: RuleSet | readonly RuleSet[];
  /** The ledger account of a user, for the rule checks (default `user:<id>`, the batch's default). */
  account?: (user: string) => string;
  /** The replay's double-credit guard (default an in-memory Map; `openSqliteIdStore(file).credited` keeps it on disk). */
  credited?: CreditStore;
  /** Checks a checkpoint's signature (Node: `checkpointSignatureValid`); without it signatures are not checked. */
  signatureValid?: (c: Checkpoint) => boolean;
  /**
   * The public key the caller trusts (base64 SPKI DER, as `publicKeyFromPem` gives), or each key it trusts (a
   * ledger signed before and after a change of key): a checkpoint signed with another key is refused as such, before
   * its signature is checked.
   */
  publicKey?: string | readonly string[];
  /**
   * Checkpoints published elsewhere (a checkpoint file), checked as the stored ones are; an anchor without a
   * signature (`{ count, head, partitions? }`, a run's summary's `ledger`) is checked for the head alone
   * (LEDGER_HEAD_MISMATCH when the chain did not pass through it) and counts as no signed checkpoint.
   */
  anchors?: readonly (Checkpoint | UnsignedAnchor)[];
  /**
   * A signed checkpoint must be there (a caller that names the public key it trusts): without one, stored or given
   * in `anchors`, nothing was checked by that key and the verification fails with `LEDGER_CHECKPOINT_MISSING`.
   */
  signed?: boolean;
}

/** A ledger's count and head at some point, unsigned: a run's summary's `ledger` member. */
export type UnsignedAnchor = Pick<Checkpoint, 'count' | 'head' | 'partitions'>;

/** Whether an anchor claims a signature (a member of one, even a malformed one, makes it a signed checkpoint). */
export const isSigned = (c: Checkpoint | UnsignedAnchor): c is Checkpoint =>
  'signature' in c || 'publicKey' in c;

export interface StoreVerification extends PartitionedVerification {
  /** The signed checkpoints checked (their count): the store's and the anchors given (`--anchor`) together. */
  checkpoints: number;
  /** What was checked of the caps, point and reduction counters and remainders (only with `rules`). */
  caps: CapCheckResult;
}

const key = (h: InPartition<HoldingRecord>): string => `${h.partition} ${h.account} ${h.unit}`;

/** How many differing keys an issue names. */
const NAMED = 10;

/**
 * The keys of the records that differ between `stored` and `derived` (compared as canonical JSON): a key on one
 * side only is marked so.
 */
export function recordDifferences<T>(
  stored: readonly T[],
  derived: readonly T[],
  keyOf: (r: T) => string,
): string[] {
  const a = new Map(stored.map((r) => [keyOf(r), canonicalJson(r)]));
  const b = new Map(derived.map((r) => [keyOf(r), canonicalJson(r)]));
  const diff: string[] = [];
  for (const [k, v] of b) if (a.get(k) !== v) diff.push(a.has(k) ? k : `${k} (not stored)`);
  for (const k of a.keys()) if (!b.has(k)) diff.push(`${k} (stored only)`);
  return diff;
}

/** The first NAMED keys of `diff`, with how many more there are. */
export function namedKeys(diff: readonly string[]): string {
  const more = diff.length > NAMED ? ` and ${diff.length - NAMED} more` : '';
  return `${diff.slice(0, NAMED).join(', ')}${more}`;
}

/** The differences between stored records and those the replay derives, as an issue. */
function compare<T>(
  what: string,
  stored: readonly T[],
  replayed: readonly T[],
  keyOf: (r: T) => string,
  issues: Issue[],
): void {
  const diff = recordDifferences(stored, replayed, keyOf);
  if (diff.length > 0)
    issues.push(
      carbonIssue('LEDGER_STORE_INVALID', [], {
        detail: `${diff.length} stored ${what} differ from the replay of the entries (${namedKeys(diff)})`,
      }),
    );
}

const storeVerifyShape: OptionsShape<StoreVerifyOptions> = {
  hash: callback,
  policy: anObject,
  rules: z.union([loadedRuleSet, z.array(loadedRuleSet)]),
  account: callback,
  credited: anObject,
  signatureValid: callback,
  publicKey: z.union([z.string(), z.array(z.string())]),
  anchors: z.array(anObject),
  signed: z.boolean(),
};
const storeVerifyOptions = optionsSchema(storeVerifyShape);

/**
 * Verify a stored ledger: replay its entries (hashes, each partition's chain, legality, as `verifyLedger`), check
 * the root over the partition heads, each signed checkpoint's signature and that the chains passed through its
 * heads at its counts, and compare the state the store keeps (partition heads and their last entry times, holdings with their lots, pending
 * claims, each partition's registry state, the number of credited refs) with the replay's. With `rules`, the
 * entries are also checked against the rule set's caps and late window, and the stored user records and remainders
 * against what the entries determine of them (`CapCheck`, src/carbon/cap-check.ts); the entries do not determine
 * them exactly (0-point awards and 0-gram lines leave no entry), so re-executing the inputs (`auditStore`) is the
 * exact check. Options it cannot read (a misspelt key, a value of another type) are OPTIONS_INVALID; a store of
 * another kind is ARGUMENT_INVALID at `store`.
 */
export async function verifyStore(
  store: LedgerStore,
  opts: StoreVerifyOptions = {},
): Promise<StoreVerification> {
  checkStoreArgument(store);
  // An option it cannot read is refused: `rule` for `rules` would leave the caps unchecked and the result ok.
  checkOptions(storeVerifyOptions, opts);
  const n = store.partitions;
  const hash = opts.hash ?? sha256Hex;
  const ruleSets: readonly RuleSet[] =
    opts.rules === undefined ? [] : Array.isArray(opts.rules) ? opts.rules : [opts.rules as RuleSet];
  const policy = opts.policy ?? (ruleSets.length > 0 ? registryPolicies(ruleSets) : undefined);
  const verifier = new PartitionedVerifier(n, hash, opts.credited, policy);
  const caps =
    ruleSets.length > 0
      ? new CapCheck(ruleSets, opts.account !== undefined ? { account: opts.account } : {})
      : undefined;
  const checkpoints = [...(await store.checkpoints()), ...(opts.anchors ?? [])];
  // The (partition, count) pairs whose hash a checkpoint names: one partition's count is the whole count.
  const marks = new Map<string, string>();
  const mark = (p: number, count: number): string => `${p}:${count}`;
  for (const c of checkpoints)
    if (n === 1) marks.set(mark(0, c.count), '');
    else c.partitions?.forEach((x, p) => marks.set(mark(p, x.count), ''));
  const counts = new Array<number>(n).fill(0);
  // The ts of each partition's last entry: what its stored head's lastTs must say (a batch resumes its clock there).
  const lastTs = new Array<string | null>(n).fill(null);
  const credited = verifier.replayed(0).credited;
  // The refs the entries credit, counted as each first gets a mask (the guard is one across the partitions).
  let creditedCount = 0;
  // A column copied beside an entry's body (an index's key) that its body does not give: edited outside gepkit.
  const columnIssues: Issue[] = [];
  let position = 0;
  const columns = (stored: StoredEntryRow, e: Entry): void => {
    const differ = columnsDiffering(stored, e);
    if (differ.length > 0)
      columnIssues.push(
        carbonIssue('LEDGER_STORE_INVALID', [], {
          detail: `the stored entry ${position} (partition ${e.partition ?? 0}, seq ${e.seq}) has ${differ.join('; ')}`,
        }),
      );
    position += 1;
  };
  for await (const e of store.entries(0, columns)) {
    const ref = guardKey(e)?.[0];
    const before = ref !== undefined ? (credited.get(ref) ?? 0) : 0;
    verifier.push(e);
    if (ref !== undefined && before === 0 && (credited.get(ref) ?? 0) !== 0) creditedCount += 1;
    caps?.push(e);
    const p = n === 1 ? 0 : e.partition;
    if (typeof p !== 'number' || p < 0 || p >= n) continue;
    counts[p] = (counts[p] as number) + 1;
    lastTs[p] = typeof e.ts === 'string' ? e.ts : null;
    const k = mark(p, counts[p] as number);
    if (marks.has(k)) marks.set(k, e.hash);
  }
  const derived = await store.derived();
  const stored = ledgerHead(derived.heads, hash);
  const v = verifier.finish({ count: stored.seq, head: stored.head });
  const issues = [...v.issues, ...columnIssues];
  // With several partitions, the partition whose stored head differs is named too.
  derived.heads.forEach((h, p) => {
    const got = v.partitions[p];
    if (n > 1 && got !== undefined && (got.count !== h.seq || got.head !== h.head))
      issues.push(
        carbonIssue('LEDGER_HEAD_MISMATCH', [], {
          detail: `partition ${p}: the store's head is ${h.seq} entries / ${h.head}, its entries end at ${got.count} / ${got.head}`,
        }),
      );
  });
  // A head's last entry time that is not its last entry's ts: a batch resuming would book late lines at that time
  // and refuse claims and records before it.
  derived.heads.forEach((h, p) => {
    const last = lastTs[p] ?? null;
    if (h.lastTs !== last)
      issues.push(
        carbonIssue('LEDGER_STORE_INVALID', [], {
          detail: `partition ${p}: the store's head gives the last entry time ${h.lastTs ?? 'none'}, its last entry is dated ${last ?? '(no entry)'}`,
        }),
      );
  });
  const trusted = typeof opts.publicKey === 'string' ? [opts.publicKey] : opts.publicKey;
  const signed = checkpoints.filter(isSigned);
  if (opts.signed === true && signed.length === 0)
    issues.push(carbonIssue('LEDGER_CHECKPOINT_MISSING', [], { count: stored.seq }));
  for (const c of checkpoints) {
    if (isSigned(c)) {
      const detail = checkpointProblem(c, n, marks, counts, hash, opts.signatureValid, trusted);
      if (detail !== undefined)
        issues.push(carbonIssue('LEDGER_SIGNATURE_INVALID', [], { count: c.count, detail }));
    } else {
      const detail = checkpointProblem(c, n, marks, counts, hash, undefined, undefined);
      // (the head alone: an anchor without a signature has none to check)
      if (detail !== undefined)
        issues.push(
          carbonIssue('LEDGER_HEAD_MISMATCH', [], {
            detail: `anchor ${c.count} entries / ${c.head}: ${detail}`,
          }),
        );
    }
  }
  // Entries written under a rule set the verification was not given (LEDGER_RULES_MISMATCH) were not replayed as
  // they were booked (a redemption or transfer that rule set allows): the store's holdings, refs and registry
  // states cannot be judged against such a replay, and are compared only when every entry was judged.
  if (!issues.some((i) => i.code === 'LEDGER_RULES_MISMATCH')) {
    compareDerived(verifier, derived, n, issues);
    if (creditedCount !== derived.credited)
      issues.push(
        carbonIssue('LEDGER_STORE_INVALID', [], {
          detail: `the store lists ${derived.credited} credited refs, the entries credit ${creditedCount}`,
        }),
      );
    await compareRefs(store, credited, issues);
  }
  let checked = CAPS_NOT_CHECKED;
  if (caps !== undefined) {
    const state = await store.load();
    for (const rules of ruleSets) {
      const change = ruleSetChange(state.ruleSets.find((r) => r.ref === rules.ref)?.hash, rules);
      if (change !== undefined) issues.push(change);
    }
    const c = caps.finish(state.users, state.remainders);
    issues.push(...c.issues);
    checked = c.caps;
  }
  return { ...v, ok: issues.length === 0, issues, checkpoints: signed.length, caps: checked };
}

/** Compare the stored holdings, registry states, pending claims and credited refs with the replay's. */
function compareDerived(
  verifier: PartitionedVerifier,
  derived: DerivedState,
  n: number,
  issues: Issue[],
): void {
  const holdings: InPartition<HoldingRecord>[] = [];
  const pending: InPartition<PendingRecord>[] = [];
  for (let p = 0; p < n; p++) {
    const state = verifier.replayed(p);
    for (const a of state.balances.keys())
      for (const h of holdingRecords(state, a)) holdings.push({ ...h, partition: p });
    for (const k of state.pending.keys())
      pending.push({ ...(pendingRecord(state, k) as PendingRecord), partition: p });
  }
  const registry: RegistryRecord[] = [];
  for (let p = 0; p < n; p++) {
    const snapshot = registrySnapshot(verifier.replayed(p).registry);
    const fresh = registrySnapshot(new LedgerState(undefined, undefined, n > 1 ? p : undefined).registry);
    // A partition's registry state is stored once a record was appended to it (even one that changed nothing).
    const stored = derived.registry.some((r) => r.partition === p);
    if (stored || canonicalJson(snapshot) !== canonicalJson(fresh)) registry.push({ partition: p, snapshot });
  }
  compare('holdings', derived.holdings, holdings, key, issues);
  compare('registry states', derived.registry, registry, (r) => `partition ${r.partition}`, issues);
  compare('pending claims', derived.pending, pending, (r) => `${r.partition} ${r.key}`, issues);
}

/**
 * The key an entry sets in the ref guard and the bit it sets: an issue's ref and its unit's bit, a unique-ref
 * record's key (`recordRefKey`) and RECORD_BIT; undefined for other entries.
 */
function guardKey(e: Entry): [string, number] | undefined {
  const x = e as Partial<Entry> | null;
  if (x === null || typeof x !== 'object' || typeof x.ref !== 'string' || typeof x.type !== 'string')
    return undefined;
  if (x.type === 'issue') {
    const bit = UNIT_BIT[x.unit as LedgerUnit];
    return bit !== undefined ? [x.ref, bit] : undefined;
  }
  return UNIQUE_REF_TYPES.has(x.type) ? [recordRefKey(x as Entry), RECORD_BIT] : undefined;
}

/** Refs looked up in the store per query by `compareRefs`. */
const REFS_PER_LOOKUP = 10_000;

/**
 * The stored refs against the replay's guard, a second pass over the entries: each ref the entries credit must be
 * stored with the mask the replay gave it (with the count compared before, a stored ref the entries do not credit
 * is found too). A ref is checked once, at the entry that sets the lowest bit of its mask. Memory holds one page of
 * refs and the first differing ones named, whether the replay's guard is a Map or on disk.
 */
async function compareRefs(store: LedgerStore, credited: CreditStore, issues: Issue[]): Promise<void> {
  const named: string[] = [];
  let differing = 0;
  let page = new Map<string, number>();
  const check = async (): Promise<void> => {
    const bits = page;
    page = new Map();
    const stored = await store.refs([...bits.keys()]);
    for (const [ref, set] of bits) {
      const want = credited.get(ref) ?? 0;
      // want & −want: the mask's lowest bit (the entry owning the check); a refused entry set none.
      if (want === 0 || (set & want & -want) === 0) continue;
      const got = stored.get(ref)?.units;
      if (got === want) continue;
      differing += 1;
      if (named.length < NAMED)
        named.push(
          got === undefined ? `${ref} (not stored)` : `${ref} (stored mask ${got}, entries ${want})`,
        );
    }
  };
  for await (const e of store.entries()) {
    const k = guardKey(e);
    if (k === undefined) continue;
    page.set(k[0], (page.get(k[0]) ?? 0) | k[1]);
    if (page.size >= REFS_PER_LOOKUP) await check();
  }
  if (page.size > 0) await check();
  if (differing > 0) {
    const more = differing > NAMED ? ` and ${differing - NAMED} more` : '';
    issues.push(
      carbonIssue('LEDGER_STORE_INVALID', [], {
        detail: `${differing} stored refs differ from the replay of the entries (${named.join(', ')}${more})`,
      }),
    );
  }
}

/** Why a checkpoint does not hold, or undefined when it does. */
function checkpointProblem(
  c: Checkpoint | UnsignedAnchor,
  n: number,
  marks: ReadonlyMap<string, string>,
  counts: readonly number[],
  hash: Hasher,
  signatureValid: ((c: Checkpoint) => boolean) | undefined,
  trusted: readonly string[] | undefined,
): string | undefined {
  const total = counts.reduce((a, b) => a + b, 0);
  if (c.count > total) return `the ledger has ${total} entries`;
  if (n === 1) {
    const at = c.count === 0 ? GENESIS : marks.get(`0:${c.count}`);
    if (at !== c.head) return `the ledger's head there is ${at ?? '?'}, the checkpoint says ${c.head}`;
  } else {
    const parts = c.partitions;
    if (parts === undefined || parts.length !== n)
      return `it lists ${parts?.length ?? 0} partition heads, the ledger has ${n} partitions`;
    if (parts.reduce((a, x) => a + x.count, 0) !== c.count)
      return 'its partition counts do not add up to its count';
    if (
      rootHash(
        parts.map((x) => ({ seq: x.count, head: x.head })),
        hash,
      ) !== c.head
    )
      return 'its root is not the hash of its partition heads';
    for (const [p, x] of parts.entries()) {
      if (x.count > (counts[p] as number)) return `partition ${p} has ${counts[p]} entries`;
      const at = x.count === 0 ? GENESIS : marks.get(`${p}:${x.count}`);
      if (at !== x.head) return `partition ${p}'s head there is ${at ?? '?'}, the checkpoint says ${x.head}`;
    }
  }
  if (!isSigned(c)) return undefined;
  if (trusted !== undefined && !trusted.includes(c.publicKey))
    return `it was signed with another key (…${c.publicKey.slice(-12)}) than the public key${trusted.length === 1 ? '' : 's'} given (${trusted.map((k) => `…${k.slice(-12)}`).join(', ')})`;
  if (signatureValid !== undefined && !signatureValid(c))
    return 'the signature does not verify with the public key';
  return undefined;
}
