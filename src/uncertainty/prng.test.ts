import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from './prng';

/** The generator's four state words (private in the class; set here to run the published definition's vector). */
type State = { a: number; b: number; c: number; d: number };
const withState = (s: State): Xoshiro128 => Object.assign(new Xoshiro128(0), s);
const stateOf = (r: Xoshiro128): State => {
  const { a, b, c, d } = r as unknown as State;
  return { a: a >>> 0, b: b >>> 0, c: c >>> 0, d: d >>> 0 };
};

describe('Xoshiro128 (xoshiro128**, Blackman and Vigna)', () => {
  it('gives the reference words from the state (1, 2, 3, 4)', () => {
    // xoshiro128**: result = rotl(s1 · 5, 7) · 9; t = s1 << 9; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
    // s3 = rotl(s3, 11).
    // Word 1: s1 = 2 → 2 · 5 = 10, rotl(10, 7) = 1280, · 9 = 11520. Then t = 2 << 9 = 1024; s2 = 3 ^ 1 = 2,
    //   s3 = 4 ^ 2 = 6, s1 = 2 ^ 2 = 0, s0 = 1 ^ 6 = 7, s2 = 2 ^ 1024 = 1026, s3 = rotl(6, 11) = 12288.
    // Word 2: s1 = 0 → 0. Then t = 0; s2 = 1026 ^ 7 = 1029, s3 = 12288 ^ 0 = 12288, s1 = 0 ^ 1029 = 1029,
    //   s0 = 7 ^ 12288 = 12295, s2 = 1029, s3 = rotl(12288, 11) = 25165824.
    // Word 3: s1 = 1029 → 5145, rotl(5145, 7) = 658560, · 9 = 5927040.
    // Words 4–6 (70819200, 2031721883, 1637235492) and the state after them from an independent implementation
    // of the published C code in Python integers masked to 32 bits (rotl(x, k) = (x << k | x >> (32 − k)) & M);
    // word 5 passes 2³¹, so the result must be unsigned.
    const r = withState({ a: 1, b: 2, c: 3, d: 4 });
    expect([1, 2, 3, 4, 5, 6].map(() => r.nextUint32())).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492,
    ]);
    expect(stateOf(r)).toEqual({ a: 1110993931, b: 286554632, c: 2431677446, d: 2165318166 });
  });

  it('seeds the state with splitmix32', () => {
    // splitmix32 (s += 0x9e3779b9; z = s; z = (z ^ z >>> 16) · 0x21f0aaad; z = (z ^ z >>> 15) · 0x735a2d97;
    // z ^ z >>> 15, all mod 2³²), four words in turn from s = seed mod 2³², computed in Python integers masked
    // to 32 bits. Seed 0: s = 0x9e3779b9, 0x3c6ef372, 0xdaa66d2b, 0x78dde6e4 give the four words below.
    expect(stateOf(new Xoshiro128(0))).toEqual({
      a: 0x64625032,
      b: 0xd9c0799c,
      c: 0xaf362e10,
      d: 0x7fa88912,
    });
    expect(stateOf(new Xoshiro128(1))).toEqual({
      a: 0x5e2d1772,
      b: 0x14e498f0,
      c: 0xd20ea1fd,
      d: 0xb382f339,
    });
    expect(stateOf(new Xoshiro128(42))).toEqual({
      a: 0x20e44818,
      b: 0x0895a923,
      c: 0x1339a01f,
      d: 0xb4e3841a,
    });
  });

  it('reads the seed modulo 2³², so −1 is 2³² − 1 and 2³² + 1 is 1', () => {
    // Seed 2³² − 1 (the same Python splitmix32): 0xeb721c8a, 0xffe8bd34, 0x4da2a8ce, 0xa4a5cc85.
    expect(stateOf(new Xoshiro128(-1))).toEqual({
      a: 0xeb721c8a,
      b: 0xffe8bd34,
      c: 0x4da2a8ce,
      d: 0xa4a5cc85,
    });
    expect(stateOf(new Xoshiro128(2 ** 32 + 1))).toEqual(stateOf(new Xoshiro128(1)));
  });

  it('gives the words of the seeded state, unsigned', () => {
    // The Python implementation above, seeded with 0 and with 1: words above 2³¹ stay positive.
    const r0 = new Xoshiro128(0);
    expect([1, 2, 3, 4, 5].map(() => r0.nextUint32())).toEqual([
      1789933344, 44971166, 2521387044, 3848737593, 1138324114,
    ]);
    const r1 = new Xoshiro128(1);
    expect([1, 2, 3, 4, 5].map(() => r1.nextUint32())).toEqual([
      393288148, 2174103013, 3814759091, 2092745082, 1865176206,
    ]);
  });

  it('makes a double of the top 27 bits of one word and the top 26 of the next', () => {
    // From the state (1, 2, 3, 4): words 11520 and 0. 11520 >>> 5 = 360, 0 >>> 6 = 0:
    //   (360 · 2²⁶ + 0) / 2⁵³ = 360 / 2²⁷ = 2.682209014892578e-6.
    // Words 5927040 and 70819200: 5927040 >>> 5 = 185220, 70819200 >>> 6 = 1106550:
    //   (185220 · 67108864 + 1106550) / 2⁵³ = 12429904896630 / 9007199254740992.
    const r = withState({ a: 1, b: 2, c: 3, d: 4 });
    expect(r.next()).toBe(360 / 2 ** 27);
    expect(r.next()).toBe(12429904896630 / 9007199254740992);
    // Seed 0: words 1789933344 and 44971166 → 1789933344 >>> 5 = 55935417, 44971166 >>> 6 = 702674:
    //   55935417 · 67108864 + 702674 = 3753762292938962; the next two words likewise (Python, as above).
    const s = new Xoshiro128(0);
    expect([s.next(), s.next(), s.next()]).toEqual([
      3753762292938962 / 2 ** 53,
      5287731933846604 / 2 ** 53,
      2387238666281374 / 2 ** 53,
    ]);
    expect(3753762292938962 / 2 ** 53).toBe(0.41675133265905573);
  });

  it('nextOpen draws again while the double is 0', () => {
    const r = new Xoshiro128(5);
    const draws = [0, 0, 0.25, 0.5];
    let i = 0;
    r.next = () => draws[i++] as number;
    expect(r.nextOpen()).toBe(0.25);
    expect(i).toBe(3);
    // A first draw above 0 is kept as it is.
    expect(r.nextOpen()).toBe(0.5);
    expect(i).toBe(4);
  });

  it('nextOpen otherwise gives the next double', () => {
    // Seed 0's first double, as above.
    expect(new Xoshiro128(0).nextOpen()).toBe(3753762292938962 / 2 ** 53);
  });
});
