import { describe, expect, it } from 'vitest';
import { GENESIS, sha256Hex } from './entry';
import { firstSerial, partitionOf, rootHash, rootText } from './partition';

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

  it('numbers serials per partition from p × 10¹² + 1', () => {
    expect(firstSerial(0)).toBe(1n);
    expect(firstSerial(3)).toBe(3_000_000_000_001n);
  });
});
