import * as z from 'zod/mini';
import { normalizeId } from '../../core/ids';
import { anArray, callback, checkArgument } from '../../core/options';
import { carbonFail } from '../errors';
import { GENESIS, type Hasher, sha256Hex } from './entry';
import { wholeNumberText } from '../../core/options';

/**
 * Partitions of a ledger. A ledger of N partitions is N hash chains: every entry of a user's activities and
 * claims goes to the user's partition
 *
 * ```
 * partitionOf(user, N) = FNV-1a-32(UTF-8(normalizeId(user))) mod N
 * ```
 *
 * (FNV-1a, 32 bits: offset basis 2166136261, prime 16777619; a lone surrogate, which UTF-8 cannot encode, is
 * hashed as its own three bytes, as WTF-8 writes it, so such an id is read as written, never replaced), and carries `partition` and its `seq` in that
 * partition's chain, `prev` being the previous hash of the same partition. A user is in one partition, so every
 * per-user rule (reduction caps, point day totals and caps, carried remainders, holdings and lots, claim windows,
 * expiries) reads and writes one partition only: the partitions can be processed in any order, by different
 * processes, with the same result. N is fixed when the ledger is created (docs/adr/0023-ledger-partitions.md).
 *
 * The root of the ledger covers the heads of all partitions, in partition order:
 *
 * ```
 * N = 1:  root = head of partition 0 (nothing to combine)
 * N > 1:  root = hex(sha256(UTF-8("gepkit-ledger-root:" N ("\n" p ":" count_p ":" head_p) for p = 0 … N−1)))
 * ```
 *
 * with N, p and count_p in decimal without leading zeros and head_p the 64 hex digits of the partition's last hash
 * (GENESIS, 64 zeros, for an empty partition).
 */

/** The number of partitions of a ledger created without saying (ADR 0023): one chain. */
export const DEFAULT_PARTITIONS = 1;
/** The most partitions a ledger may have. */
export const MAX_PARTITIONS = 4096;

/** LEDGER_PARTITIONS_INVALID unless n is a whole number of partitions from 1 to MAX_PARTITIONS. */
export function checkPartitions(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_PARTITIONS) partitionsInvalid(String(n));
  return n;
}

/**
 * A number of partitions as the command line gives it (`--partitions`): decimal digits only (Number() would read
 * "1e3" as 1000, "0x10" as 16 and "" as 0), then checkPartitions; LEDGER_PARTITIONS_INVALID names the text given.
 */
export function partitionsOption(text: string): number {
  return checkPartitions(wholeNumberText(text) ?? partitionsInvalid(text === '' ? '""' : text));
}

function partitionsInvalid(got: string): never {
  return carbonFail('LEDGER_PARTITIONS_INVALID', [], {
    detail: `a ledger has a whole number of partitions from 1 to ${MAX_PARTITIONS}, got ${got}`,
  });
}

/**
 * The partition of a user (its id normalised as the activity schema normalises ids) in a ledger of `n` partitions.
 *
 * @example
 * partitionOf('u1', 1); // 0
 * partitionOf('u1', 16); // the same number on every machine and every run
 */
export function partitionOf(userId: string, n: number): number {
  if (n === 1) return 0;
  const id = normalizeId(userId);
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    let c = id.charCodeAt(i);
    // UTF-8 bytes of the code point (a surrogate pair is one four-byte code point). A high surrogate last in the
    // id reads NaN after it (charCodeAt past the end), which is no low surrogate: it stays a lone one.
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = id.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i += 1;
      }
    }
    const bytes =
      c < 0x80
        ? [c]
        : c < 0x800
          ? [0xc0 | (c >> 6), 0x80 | (c & 63)]
          : c < 0x10000
            ? [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)]
            : [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  }
  return h % n;
}

/**
 * The partition whose state holds an account in a ledger of `n` partitions (ADR 0054): a user's account
 * `user:<id>` is in the user's partition, `partitionOf(id, n)`; every other account (an enterprise's, a platform's,
 * a project pool's) is in partition 0, the registry partition, with the emissions and offsets of the enterprises.
 * A line of a batch touches the accounts of its own partition only (LEDGER_PARTITION_CROSSING), so every account,
 * every enterprise's emissions and offset cap, and every pending claim live in one partition.
 *
 * @example
 * accountPartition('user:u1', 2); // partitionOf('u1', 2), 1
 * accountPartition('org:ent', 2); // 0
 */
export function accountPartition(account: string, n: number): number {
  // (n = 1: partitionOf is 0.)
  if (!account.startsWith(USER_PREFIX)) return 0;
  return partitionOf(account.slice(USER_PREFIX.length), n);
}
const USER_PREFIX = 'user:';

/** One partition's chain: its entries so far and its last hash. */
export interface PartitionHead {
  partition: number;
  /** Entries in the partition (the next entry's seq). */
  seq: number;
  /** The partition's last hash (GENESIS when empty). */
  head: string;
  /** The time of the partition's last entry, or null when empty. */
  lastTs: string | null;
}

export const emptyHead = (partition: number): PartitionHead => ({
  partition,
  seq: 0,
  head: GENESIS,
  lastTs: null,
});

/**
 * Refuse heads that are no list, or a hasher that is no function: ARGUMENT_INVALID at `heads` or `hash` (a TypeError,
 * or a root over the characters of a text, before). Constant time: the heads themselves are read as before.
 */
export function checkHeads(heads: unknown, hash?: unknown): void {
  checkArgument(anArray, heads, ['heads']);
  checkArgument(optionalHasher, hash, ['hash']);
}
const optionalHasher = z.optional(callback);

/**
 * The bytes (as a string, hashed as UTF-8) the root of N > 1 partition heads covers, in partition order. Heads that
 * are no list are ARGUMENT_INVALID at `heads`.
 */
export function rootText(heads: readonly Pick<PartitionHead, 'seq' | 'head'>[]): string {
  checkHeads(heads);
  return textOf(heads);
}

function textOf(heads: readonly Pick<PartitionHead, 'seq' | 'head'>[]): string {
  let s = `gepkit-ledger-root:${heads.length}`;
  heads.forEach((h, p) => {
    s += `\n${p}:${h.seq}:${h.head}`;
  });
  return s;
}

/**
 * The root hash over the heads of every partition, in partition order (the head itself for one partition). Heads
 * that are no list, or a hash that is no function, are ARGUMENT_INVALID at `heads` or `hash`.
 */
export function rootHash(
  heads: readonly Pick<PartitionHead, 'seq' | 'head'>[],
  hash: Hasher = sha256Hex,
): string {
  checkHeads(heads, hash);
  return rootOf(heads, hash);
}

/** rootHash of heads already checked (ledgerHead's). */
export function rootOf(heads: readonly Pick<PartitionHead, 'seq' | 'head'>[], hash: Hasher): string {
  if (heads.length === 1) return (heads[0] as PartitionHead).head;
  return hash(textOf(heads));
}

/**
 * Serial numbers of partition p start at p × 10¹² + 1 (partition 0, and a one-partition ledger, at 1): each
 * partition numbers its certified tonnes by itself, and the serials of different partitions never meet while a
 * partition certifies fewer than 10¹² t CO₂.
 */
export const SERIALS_PER_PARTITION = 1_000_000_000_000n;
export const firstSerial = (partition: number): bigint => BigInt(partition) * SERIALS_PER_PARTITION + 1n;
