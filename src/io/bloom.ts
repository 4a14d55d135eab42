/**
 * A Bloom filter over strings, of fixed size: `has(key)` is false only for a key never added (no false
 * negatives), and true for a key not added with a probability that grows with the keys added:
 * (1 − e^(−k·n/m))^k for n keys, m bits and k = 4 probes (2^26 bits and 2,000,000 keys: about 1.6·10⁻⁴).
 * It lets a store on disk answer "never seen" without reading the disk; a "maybe" is decided by the store.
 *
 * Probes: double hashing (Kirsch–Mitzenmacher) h1 + i·h2 of two 32-bit hashes of the UTF-16 code units
 * (FNV-1a, and FNV-1a with another offset basis finished by a murmur3 mix).
 *
 * @example
 * const f = new BloomFilter(1 << 20);
 * f.add('P1');
 * f.has('P1'); // true
 * f.has('P2'); // false (or, rarely, true)
 */
export class BloomFilter {
  private readonly words: Uint32Array;
  private readonly mask: number;
  private h1 = 0;
  private h2 = 0;
  /** The key h1 and h2 were computed for (a `has` then an `add` of one key hash it once). */
  private hashed: string | undefined;

  /** `bits`: a power of two from 32 to 2^31 (the memory: bits / 8 bytes). */
  constructor(bits: number) {
    if (!Number.isInteger(Math.log2(bits)) || bits < 32 || bits > 2 ** 31)
      throw new RangeError(`bits must be a power of two from 32 to 2^31, got ${bits}`);
    this.words = new Uint32Array(bits / 32);
    this.mask = bits - 1;
  }

  /**
   * Add `key`; gives its 32-bit FNV-1a hash over the UTF-16 code units (unsigned), the first hash of the probes,
   * for a caller that orders keys by it (io/run-map-node).
   */
  add(key: string): number {
    this.hash(key);
    for (let i = 0; i < PROBES; i++) {
      const b = (this.h1 + Math.imul(i, this.h2)) & this.mask;
      this.words[b >>> 5] = (this.words[b >>> 5] as number) | (1 << (b & 31));
    }
    return this.h1 >>> 0;
  }

  has(key: string): boolean {
    this.hash(key);
    for (let i = 0; i < PROBES; i++) {
      const b = (this.h1 + Math.imul(i, this.h2)) & this.mask;
      if (((this.words[b >>> 5] as number) & (1 << (b & 31))) === 0) return false;
    }
    return true;
  }

  /** The two hashes of the probes of `key`, into h1 and h2 (fields, so that no pair is allocated per key). */
  private hash(key: string): void {
    if (key === this.hashed) return;
    this.hashed = key;
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    this.h1 = h1;
    this.h2 = mix(h2) | 1;
  }
}

const PROBES = 4;

/** murmur3's 32-bit finaliser: spreads every input bit over the word. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
