import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BloomFilter } from './bloom';

describe('BloomFilter', () => {
  it('never forgets a key it was given', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { maxLength: 200 }), (keys) => {
        const f = new BloomFilter(1 << 12);
        for (const k of keys) f.add(k);
        for (const k of keys) expect(f.has(k)).toBe(true);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('gives the 32-bit FNV-1a hash of the key it adds, after a has of that key or of another', () => {
    const f = new BloomFilter(1 << 12);
    // FNV-1a of '' is the offset basis 2,166,136,261; of 'a': (2,166,136,261 ^ 97) × 16,777,619 mod 2³² = 3,826,002,220.
    expect(f.add('')).toBe(2_166_136_261);
    expect(f.has('a')).toBe(false);
    expect(f.add('a')).toBe(3_826_002_220);
    expect(f.has('b')).toBe(false);
    expect(f.add('a')).toBe(3_826_002_220);
    expect(f.has('a')).toBe(true);
  });

  it('answers "never added" for almost every other key, near the rate the formula gives', () => {
    // m = 2^16 bits, n = 4,096 keys, k = 4: (1 − e^(−4·4096/65536))^4 = (1 − e^(−0.25))^4 = 0.2212^4 ≈ 0.0024,
    // i.e. about 24 of 10,000 keys never added; the test allows up to 60 (well above the formula, far below a
    // filter that does not spread its probes).
    const f = new BloomFilter(1 << 16);
    for (let i = 0; i < 4096; i++) f.add(`赣(2024)示例县不动产权第${i}号`);
    let maybe = 0;
    for (let i = 0; i < 10_000; i++) if (f.has(`P${i}`)) maybe += 1;
    expect(maybe).toBeLessThanOrEqual(60);
    expect(f.has('')).toBe(false);
  });

  it('refuses a size that is not a power of two', () => {
    expect(() => new BloomFilter(1000)).toThrow(RangeError);
    expect(() => new BloomFilter(16)).toThrow(RangeError);
  });
});
