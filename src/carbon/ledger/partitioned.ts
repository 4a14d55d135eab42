import type { Issue } from '../../core/errors';
import { canonicalJson } from '../../core/canonical';
import { anArray, checkArgument } from '../../core/options';
import { carbonIssue } from '../errors';
import { type Entry, type Hasher, sha256Hex } from './entry';
import type { Ledger } from './ledger';
import { type PartitionHead, checkPartitions, rootHash } from './partition';
import type { RegistryPolicy } from './registry';
import { type Balances, type CreditStore, type LedgerState, balancesOf } from './state';
import { type Verification, Verifier } from './verify';

/**
 * Balances of several partitions as one: account → unit → amounts, accounts and units sorted. An account held in
 * several partitions (a ledger written before ADR 0054 may hold one) has its amounts added. Parts that are no list
 * are ARGUMENT_INVALID at `parts`.
 */
export function mergeBalances(parts: readonly Balances[]): Balances {
  checkArgument(anArray, parts, ['parts']);
  if (parts.length === 1) return parts[0] as Balances;
  const all = new Map<string, Map<string, Record<string, bigint>>>();
  for (const b of parts)
    for (const [account, units] of Object.entries(b)) {
      const a = all.get(account) ?? new Map<string, Record<string, bigint>>();
      all.set(account, a);
      for (const [unit, amounts] of Object.entries(units)) {
        const t = a.get(unit) ?? {};
        a.set(unit, t);
        for (const [k, v] of Object.entries(amounts)) t[k] = (t[k] ?? 0n) + BigInt(v);
      }
    }
  const out: Balances = {};
  for (const account of [...all.keys()].sort()) {
    const units = all.get(account) as Map<string, Record<string, bigint>>;
    const o: Balances[string] = {};
    for (const unit of [...units.keys()].sort()) {
      const t = units.get(unit) as Record<string, bigint>;
      o[unit] = {
        available: String(t.available ?? 0n),
        pending: String(t.pending ?? 0n),
        expired: String(t.expired ?? 0n),
        redeemed: String(t.redeemed ?? 0n),
        retired: String(t.retired ?? 0n),
      };
    }
    out[account] = o;
  }
  return out;
}

/** The head of each partition's ledger, in partition order; ledgers that are no list are ARGUMENT_INVALID at `ledgers`. */
export function headsOf(ledgers: readonly Ledger[]): PartitionHead[] {
  checkArgument(anArray, ledgers, ['ledgers']);
  return ledgers.map((l, partition) => ({
    partition,
    seq: l.state.seq,
    head: l.state.head,
    lastTs: l.state.seq === 0 ? null : l.state.lastTsIso,
  }));
}

/** The verification of a partitioned ledger: that of `verifyLedger`, the head being the root, with each partition's head. */
export interface PartitionedVerification extends Verification {
  /** Each partition's entries and last hash, in partition order. */
  partitions: { count: number; head: string }[];
}

/** A leg seen, waiting for its other leg: its place in the input and in its partition. */
interface WaitingLeg {
  at: number;
  p: number;
  e: Entry;
}

/** The members both legs of a pair carry alike (every member but seq, partition, leg, pair, prev and hash). */
const LEG_MEMBERS = ['type', 'ts', 'amount', 'unit', 'from', 'to', 'ref', 'lots', 'meta'] as const;
const legValue = (e: Entry, k: (typeof LEG_MEMBERS)[number]): string =>
  k === 'meta' ? canonicalJson(e.meta ?? null) : String(e[k]);

/**
 * Verify a ledger of `n` partitions whose entries come interleaved (in the order a store appended them): each
 * entry is checked in its partition's chain (seq and prev in the partition, hash, legality in the partition's
 * replayed state); the refs credited are one guard across the partitions, and a certification reference used in
 * two partitions is refused at the later entry (LEDGER_CERTIFICATION_DUPLICATE). An entry without a partition in a
 * ledger of several, or with one in a ledger of one, or of a partition beyond n, is refused (LEDGER_ENTRY_INVALID).
 */
export class PartitionedVerifier {
  private readonly parts: Verifier[];
  private readonly issues: Issue[] = [];
  private index = 0;
  /** Certification reference → the partition that used it first: a reference is unique in the whole ledger. */
  private readonly certifications = new Map<string, number>();
  /** Legs whose other leg has not come yet, by the place (`p:seq`) they name: memory holds the open pairs only. */
  private readonly legs = new Map<string, WaitingLeg>();

  constructor(
    readonly n: number,
    private readonly hash: Hasher = sha256Hex,
    credited: CreditStore = new Map<string, number>(),
    policy?: RegistryPolicy,
  ) {
    checkPartitions(n);
    this.parts = Array.from(
      { length: n },
      (_, p) => new Verifier(hash, credited, policy, n > 1 ? p : undefined),
    );
  }

  push(e: Entry): void {
    const i = this.index++;
    const p: unknown = (e as { partition?: unknown } | null)?.partition;
    const part =
      this.n === 1
        ? p === undefined
          ? this.parts[0]
          : undefined
        : // a number not a whole one in 0 … n − 1 indexes no partition (parts[0.5], parts[NaN] are undefined)
          typeof p === 'number'
          ? this.parts[p]
          : undefined;
    if (part !== undefined) {
      part.push(e, i);
      // (One partition: the chain's verifier refuses a leg.)
      if (this.n > 1 && e.leg !== undefined) this.pairLeg(e, p as number, i);
      if (e.type === 'certify' && typeof e.ref === 'string') {
        const first = this.certifications.get(e.ref);
        // A reference reused in its own partition is that partition's replay's to refuse. (With n = 1, p is
        // undefined, so `first` is always undefined and nothing is ever refused here.)
        if (first === undefined) this.certifications.set(e.ref, p as number);
        else if (first !== p)
          this.issues.push(
            carbonIssue('LEDGER_CERTIFICATION_DUPLICATE', [i, 'partition', p as number], { ref: e.ref }),
          );
      }
    } else
      this.issues.push(
        carbonIssue('LEDGER_ENTRY_INVALID', [i], {
          detail: `partition ${String(p)} in a ledger of ${this.n} partition${this.n === 1 ? '' : 's'}`,
        }),
      );
  }

  /**
   * Match a leg with its other leg (whichever comes first waits, keyed by the place it names): the pair must name
   * each other, be one debit and one credit, and agree in every member but their places (LEDGER_LEG_UNMATCHED).
   */
  private pairLeg(e: Entry, p: number, i: number): void {
    const [q, qSeq] = String(e.pair).split(':').map(Number) as [number, number];
    if (!(q >= 0 && q < this.n && q !== p)) {
      this.issues.push(
        carbonIssue('LEDGER_ENTRY_INVALID', [i, 'partition', p], {
          detail: `the leg's pair names partition ${q} in a ledger of ${this.n} partitions`,
        }),
      );
      return;
    }
    const self = `${p}:${e.seq}`;
    const other = this.legs.get(self);
    if (other === undefined) {
      const taken = this.legs.get(`${q}:${qSeq}`);
      // Two legs naming one place: the earlier waits on, the later is unmatched.
      if (taken !== undefined) this.issues.push(this.unmatched({ at: i, p, e }, ''));
      else this.legs.set(`${q}:${qSeq}`, { at: i, p, e });
      return;
    }
    this.legs.delete(self);
    const members =
      // `other` named this place; this one must name it back, and be the other side.
      e.pair !== `${other.p}:${other.e.seq}` || other.e.leg === e.leg
        ? ['leg', 'pair']
        : LEG_MEMBERS.filter((k) => legValue(other.e, k) !== legValue(e, k));
    // The credit leg, which comes second, is named: it is where the pair fails.
    if (members.length > 0) this.issues.push(this.unmatched({ at: i, p, e }, members.join(', ')));
  }

  private unmatched(w: WaitingLeg, members: string): Issue {
    const [q, qSeq] = String(w.e.pair).split(':');
    return carbonIssue('LEDGER_LEG_UNMATCHED', [w.at, 'partition', w.p], {
      leg: String(w.e.leg),
      members,
      otherPartition: q as string,
      otherSeq: qSeq as string,
      partition: w.p,
      seq: w.e.seq,
    });
  }

  /** The state partition `p`'s replay has reached (read only). */
  replayed(p: number): LedgerState {
    return (this.parts[p] as Verifier).replayed();
  }

  /**
   * The result: every partition's issues (in partition order, after the misplaced entries), the root over the
   * partition heads, and the merged balances. `anchor`: the published count and root.
   */
  finish(anchor?: { count: number; head: string }): PartitionedVerification {
    // A leg still waiting names a place where no leg named it back: its other leg is missing.
    for (const w of [...this.legs.values()].sort((a, b) => a.at - b.at))
      this.issues.push(this.unmatched(w, ''));
    this.legs.clear();
    const done = this.parts.map((v) => v.finish());
    const partitions = done.map((v) => ({ count: v.count, head: v.head }));
    const issues = [...this.issues, ...done.flatMap((v) => v.issues)];
    const count = this.index;
    const head = rootHash(
      partitions.map((x) => ({ seq: x.count, head: x.head })),
      this.hash,
    );
    if (anchor !== undefined && (anchor.count !== count || anchor.head !== head))
      issues.push(
        carbonIssue('LEDGER_HEAD_MISMATCH', [], {
          detail: `anchor ${anchor.count} entries / ${anchor.head}, ledger ${count} entries / ${head}`,
        }),
      );
    return {
      ok: issues.length === 0,
      count,
      head,
      issues,
      balances: mergeBalances(done.map((v) => v.balances)),
      partitions,
    };
  }
}

/** Balances of the ledgers of a partitioned ledger, merged. */
export const ledgersBalances = (ledgers: readonly Ledger[]): Balances =>
  mergeBalances(ledgers.map((l) => balancesOf(l.state)));
