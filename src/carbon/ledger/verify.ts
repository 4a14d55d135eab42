import * as z from 'zod/mini';
import { GepError, type Issue, type Path } from '../../core/errors';
import {
  type OptionsShape,
  anIterable,
  anObject,
  anyIterable,
  callback,
  checkArgument,
  checkOptions,
  optionsSchema,
  wholeFrom,
} from '../../core/options';
import { carbonFail, carbonIssue } from '../errors';
import { type Entry, GENESIS, type Hasher, bodyOf, entryHash, sha256Hex } from './entry';
import { type Anchor, type Draft, instantMemo, shapeEntry } from './ledger';
import type { RegistryPolicy } from './registry';
import { type Balances, type CreditStore, LedgerState, applyEntry, balancesOf } from './state';

/**
 * Verify a ledger: every entry's hash, its link to the previous one (seq and prev: a dropped, inserted or
 * reordered entry breaks the link), its shape, and its legality in the replayed state (no double credit, no
 * overdraft, no use of retired or expired amounts). Optionally against a published anchor (count + head
 * hash), which also catches entries dropped from the end. The replayed balances are returned: replaying a
 * verified ledger gives the balances it was written with.
 */
export interface Verification {
  ok: boolean;
  count: number;
  head: string;
  issues: Issue[];
  balances: Balances;
}

/**
 * The members of an entry a writer drafts (a record line's, `Ledger.append`'s): a Draft without those the ledger
 * writes itself for a partition's chain and a crossing's legs (partition, leg, pair, lots).
 */
export const DRAFT_MEMBERS: ReadonlySet<string> = new Set([
  'type',
  'ts',
  'amount',
  'unit',
  'from',
  'to',
  'ref',
  'availableFrom',
  'claimBy',
  'expiresAt',
  'meta',
]);

/** The members of a written entry: its draft's, its place in the chain's and its legs'. */
const ENTRY_KEYS = new Set([...DRAFT_MEMBERS, 'seq', 'partition', 'leg', 'pair', 'lots', 'prev', 'hash']);

/** Options of a verification: the published anchor, the hash function, and where the replay keeps credited refs. */
export interface VerifyOptions {
  anchor?: Anchor;
  hash?: Hasher;
  /** The replay's double-credit guard (default an in-memory Map; `openSqliteIdStore(file).credited` keeps it on disk). */
  credited?: CreditStore;
  /** The registry policy the ledger was written under (`registryPolicy(ruleSet)`; default without a rule set). */
  policy?: RegistryPolicy;
}

const verifyShape: OptionsShape<VerifyOptions> = {
  // A checkpoint or a summary's ledger member may be given as it is: what it holds besides count and head is not read.
  anchor: z.object({ count: wholeFrom(0), head: z.string() }),
  hash: callback,
  credited: anObject,
  policy: anObject,
};
const verifyOptions = optionsSchema(verifyShape);

export class Verifier {
  private readonly state: LedgerState;
  private readonly issues: Issue[] = [];
  private index = 0;
  private head = GENESIS;
  private readonly instants = instantMemo();

  /**
   * Set at an entry written under a rule set the verification was not given (LEDGER_RULES_MISMATCH): it was not
   * replayed, so the replay no longer follows the chain, and the entries after it are checked for their chain and
   * hashes only (their balances, serials and claims judged against a state without it would be reported as
   * alterations they are not). The balances returned are those before it.
   */
  private unjudged = false;

  /**
   * `partition`: the partition of a ledger of several partitions whose chain this verifier replays; its issues are
   * then at `[at, "partition", partition]` and a hash or chain issue names the partition.
   */
  constructor(
    private readonly hash: Hasher = sha256Hex,
    credited?: CreditStore,
    policy?: RegistryPolicy,
    private readonly partition?: number,
  ) {
    this.state = new LedgerState(credited, policy, partition);
  }

  /** Check and replay the next entry of the chain; `at`: its place in the input, for the issues' paths (default its seq). */
  push(e: Entry, at?: number): void {
    const i = this.index++;
    const p = this.partition;
    const path = p === undefined ? [at ?? i] : [at ?? i, 'partition', p];
    // The entry's place named in a hash or chain issue: its seq, and its partition's number when there are several.
    const where = { seq: i, partition: p === undefined ? '' : p };
    const expectedPrev = this.head;
    this.head = typeof e?.hash === 'string' ? e.hash : '';
    try {
      if (typeof e !== 'object' || e === null || Array.isArray(e))
        carbonFail('LEDGER_ENTRY_INVALID', path, {
          detail: `an entry is an object, not ${e === null ? 'null' : Array.isArray(e) ? 'an array' : typeof e}`,
        });
      const extra = Object.keys(e).filter((k) => !ENTRY_KEYS.has(k));
      if (extra.length > 0)
        this.issues.push(
          carbonIssue('LEDGER_ENTRY_INVALID', path, { detail: `unknown member(s) ${extra.join(', ')}` }),
        );
      const body = shapeEntry(bodyOf(e) as unknown as Draft, e.seq, path, this.instants);
      if (e.seq !== i)
        this.issues.push(
          carbonIssue('LEDGER_CHAIN_BROKEN', path, { ...where, detail: `seq is ${e.seq}, expected ${i}` }),
        );
      else if (e.prev !== expectedPrev)
        this.issues.push(
          carbonIssue('LEDGER_CHAIN_BROKEN', path, { ...where, detail: 'prev is not the previous hash' }),
        );
      if (body.ts !== e.ts || entryHash(bodyOf(e), e.prev, this.hash) !== e.hash)
        this.issues.push(carbonIssue('LEDGER_HASH_MISMATCH', path, where));
      // A leg pairs with one of another partition (PartitionedVerifier checks the pairs): never in one chain alone.
      if (body.leg !== undefined && p === undefined)
        carbonFail('LEDGER_ENTRY_INVALID', path, { detail: 'a leg in a ledger of one partition' });
      if (!this.unjudged) applyEntry(this.state, body, path);
    } catch (err) {
      if (!(err instanceof GepError)) throw err;
      this.issues.push(...err.issues);
      if (err.issues.some((x) => x.code === 'LEDGER_RULES_MISMATCH')) this.unjudged = true;
    }
  }

  /** The state the replay has reached (read only: for comparing a store's derived state with it). */
  replayed(): LedgerState {
    return this.state;
  }

  finish(anchor?: Anchor): Verification {
    if (anchor !== undefined && (anchor.count !== this.index || anchor.head !== this.head))
      this.issues.push(
        carbonIssue('LEDGER_HEAD_MISMATCH', [], {
          detail: `anchor ${anchor.count} entries / ${anchor.head}, ledger ${this.index} entries / ${this.head}`,
        }),
      );
    return {
      ok: this.issues.length === 0,
      count: this.index,
      head: this.head,
      issues: this.issues,
      balances: balancesOf(this.state),
    };
  }
}

/** Entries that are no list (null, a number, a text, an object): LEDGER_ENTRY_INVALID at `entries`, not a TypeError. */
const entriesInvalid = (path: Path, detail: string) => carbonIssue('LEDGER_ENTRY_INVALID', path, { detail });

/**
 * Verify the entries of a ledger of one partition (see Verification). Entries that are no iterable are
 * LEDGER_ENTRY_INVALID at `entries`; options it cannot read (a misspelt `anchr`, an anchor without its head) are
 * OPTIONS_INVALID: an anchor ignored would verify nothing.
 */
export function verifyLedger(entries: Iterable<Entry>, opts: VerifyOptions = {}): Verification {
  checkArgument(anIterable, entries, ['entries'], entriesInvalid);
  checkOptions(verifyOptions, opts);
  const v = new Verifier(opts.hash, opts.credited, opts.policy);
  for (const e of entries) v.push(e);
  return v.finish(opts.anchor);
}

export async function verifyLedgerAsync(
  entries: AsyncIterable<Entry> | Iterable<Entry>,
  opts: VerifyOptions = {},
): Promise<Verification> {
  checkArgument(anyIterable, entries, ['entries'], entriesInvalid);
  checkOptions(verifyOptions, opts);
  const v = new Verifier(opts.hash, opts.credited, opts.policy);
  for await (const e of entries) v.push(e);
  return v.finish(opts.anchor);
}

/**
 * Balances as a pure fold over entries (no hash check: verify first when the entries are not trusted). Entries that
 * are no iterable are LEDGER_ENTRY_INVALID at `entries`.
 */
export function foldBalances(
  entries: Iterable<Entry | Parameters<typeof applyEntry>[1]>,
  policy?: RegistryPolicy,
): Balances {
  checkArgument(anIterable, entries, ['entries'], entriesInvalid);
  const s = new LedgerState(undefined, policy);
  for (const e of entries) applyEntry(s, bodyOf(e));
  return balancesOf(s);
}
