import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeId } from '../../core/ids';
import { errorOf } from '../../../test/carbon/helpers';
import { GENESIS, sha256Hex } from './entry';
import {
  MAX_PARTITIONS,
  accountPartition,
  checkPartitions,
  emptyHead,
  firstSerial,
  partitionOf,
  partitionsOption,
  rootHash,
  rootText,
} from './partition';

describe('accountPartition', () => {
  it('a user’s account is in the user’s partition; every other account in partition 0', () => {
    // FNV-1a-32("a") = 3,826,002,220, mod 1000 = 220: user:a is user a's partition (the id after "user:")
    expect(accountPartition('user:a', 1000)).toBe(220);
    expect(accountPartition('user:a', 1000)).toBe(partitionOf('a', 1000));
    // "org:ent" is no user's account: partition 0, not FNV-1a of "" (2,166,136,261 mod 1000 = 261) nor of any id
    expect(accountPartition('org:ent', 1000)).toBe(0);
    // "user:" must lead: an account that merely ends in it is no user's
    expect(accountPartition('org:user:', 1000)).toBe(0);
    // one partition: everything in 0
    expect(accountPartition('user:a', 1)).toBe(0);
    expect(accountPartition('org:ent', 1)).toBe(0);
  });
});

describe('partitionOf', () => {
  it('is FNV-1a (32 bits) of the UTF-8 bytes of the normalised id, mod n', () => {
    // FNV-1a-32("a") = 0xe40c292c = 3,826,002,220 (the published test vector); mod 1000 = 220.
    expect(partitionOf('a', 1000)).toBe(220);
    // Full-width "ａ" with spaces normalises (NFKC, trimmed) to "a": the same partition.
    expect(partitionOf(' ａ ', 1000)).toBe(220);
    // "é" is the two UTF-8 bytes C3 A9: FNV-1a-32 = 513,665,217 = 7 × 73,380,745 + 2.
    expect(partitionOf('é', 7)).toBe(2);
    // "😀" (a surrogate pair in UTF-16) is the four bytes F0 9F 98 80: FNV-1a-32 = 866,293,256 = 7 × 123,756,179 + 3.
    expect(partitionOf('😀', 7)).toBe(3);
    // "u1": FNV-1a-32 = 71,477,235 = 16 × 4,467,327 + 3.
    expect(partitionOf('u1', 16)).toBe(3);
    expect(partitionOf('u1', 1)).toBe(0);
  });

  /** FNV-1a-32 of bytes, the definition: h = (h XOR b) × 16777619 mod 2³², from 2166136261. */
  const fnv = (bytes: Iterable<number>): number => {
    let h = 2166136261;
    for (const b of bytes) h = Number((BigInt((h ^ b) >>> 0) * 16777619n) % 2n ** 32n);
    return h;
  };

  it('agrees with FNV-1a over TextEncoder’s UTF-8 for any well-formed id (property), at every byte-length edge', () => {
    const utf8 = new TextEncoder();
    const check = (id: string) => {
      const n = normalizeId(id);
      fc.pre(n.length > 0);
      expect(partitionOf(id, MAX_PARTITIONS)).toBe(fnv(utf8.encode(n)) % MAX_PARTITIONS);
    };
    // U+007F/U+0080 (1 → 2 bytes), U+07FF/U+0800 (2 → 3), U+FFFF/U+10000 (3 → 4), U+10FFFF, around the surrogates
    for (const cp of [0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0x10000, 0x10ffff])
      for (const id of [`x${String.fromCodePoint(cp)}`, `${String.fromCodePoint(cp)}y`]) check(id);
    fc.assert(fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), check), {
      numRuns: 400,
    });
  });

  it('encodes a lone surrogate as its own three bytes (the id is read as written, never replaced)', () => {
    // U+D800 alone: ED A0 80; U+DC00 alone: ED B0 80; "x" is 78
    expect(partitionOf('x\ud800', MAX_PARTITIONS)).toBe(fnv([0x78, 0xed, 0xa0, 0x80]) % MAX_PARTITIONS);
    expect(partitionOf('\ud800x', MAX_PARTITIONS)).toBe(fnv([0xed, 0xa0, 0x80, 0x78]) % MAX_PARTITIONS);
    expect(partitionOf('x\udc00', MAX_PARTITIONS)).toBe(fnv([0x78, 0xed, 0xb0, 0x80]) % MAX_PARTITIONS);
    // a high surrogate before a low one is one code point: U+D83D U+DE00 = U+1F600, F0 9F 98 80
    expect(partitionOf('\ud83d\ude00', MAX_PARTITIONS)).toBe(fnv([0xf0, 0x9f, 0x98, 0x80]) % MAX_PARTITIONS);
    // two low surrogates: each alone, ED B0 80 twice; a high one before U+E000 (EE 80 80): alone too
    expect(partitionOf('\udc00\udc00', MAX_PARTITIONS)).toBe(
      fnv([0xed, 0xb0, 0x80, 0xed, 0xb0, 0x80]) % MAX_PARTITIONS,
    );
    expect(partitionOf('\ud800\ue000', MAX_PARTITIONS)).toBe(
      fnv([0xed, 0xa0, 0x80, 0xee, 0x80, 0x80]) % MAX_PARTITIONS,
    );
    // a high surrogate last: alone (nothing after it to pair with), ED A0 BD
    expect(partitionOf('x\ud83d', MAX_PARTITIONS)).toBe(fnv([0x78, 0xed, 0xa0, 0xbd]) % MAX_PARTITIONS);
    // two high surrogates: each alone, ED A0 BD twice
    expect(partitionOf('\ud83d\ud83d', MAX_PARTITIONS)).toBe(
      fnv([0xed, 0xa0, 0xbd, 0xed, 0xa0, 0xbd]) % MAX_PARTITIONS,
    );
  });

  it('a ledger has 1 to 4096 partitions, whole', () => {
    expect([checkPartitions(1), checkPartitions(MAX_PARTITIONS)]).toEqual([1, 4096]);
    for (const n of [0, 1.5, 4097, Number.NaN]) {
      const e = errorOf(() => checkPartitions(n));
      expect(e.issues[0]).toMatchObject({
        code: 'LEDGER_PARTITIONS_INVALID',
        path: [],
        params: { detail: `a ledger has a whole number of partitions from 1 to 4096, got ${n}` },
      });
    }
  });

  it('a number of partitions from the command line: decimal digits only, then 1 to 4096', () => {
    expect([partitionsOption('1'), partitionsOption('16'), partitionsOption('4096')]).toEqual([1, 16, 4096]);
    // Number() would read "1e3" as 1000, "0x10" as 16, "" as 0 and " 2" as 2
    for (const [text, got] of [
      ['1e3', '1e3'],
      ['0x10', '0x10'],
      ['', '""'],
      [' 2', ' 2'],
      ['-1', '-1'],
      ['0', '0'],
      ['4097', '4097'],
    ]) {
      const e = errorOf(() => partitionsOption(text as string));
      expect(e.issues[0]).toMatchObject({
        code: 'LEDGER_PARTITIONS_INVALID',
        path: [],
        params: { detail: `a ledger has a whole number of partitions from 1 to 4096, got ${got}` },
      });
    }
  });

  it('spreads users over the partitions', () => {
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 16_000; i++) counts[partitionOf(`user-${i}`, 16)]! += 1;
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });
});

describe('the root over partition heads', () => {
  it('hashes the documented layout, and is the head itself for one partition', () => {
    const heads = [
      { seq: 2, head: 'a'.repeat(64) },
      { seq: 0, head: GENESIS },
    ];
    expect(rootText(heads)).toBe(`gepkit-ledger-root:2\n0:2:${'a'.repeat(64)}\n1:0:${GENESIS}`);
    expect(rootHash(heads)).toBe(sha256Hex(rootText(heads)));
    expect(rootHash([{ seq: 5, head: 'b'.repeat(64) }])).toBe('b'.repeat(64));
  });

  it('an empty partition: no entries, the genesis hash, no time', () => {
    expect(emptyHead(3)).toEqual({ partition: 3, seq: 0, head: GENESIS, lastTs: null });
  });

  it('numbers serials per partition from p × 10¹² + 1', () => {
    expect(firstSerial(0)).toBe(1n);
    expect(firstSerial(3)).toBe(3_000_000_000_001n);
  });
});
