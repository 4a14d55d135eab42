import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { BloomFilter } from './bloom';
import { keyHash, openRunMap } from './run-map-node';

const parent = mkdtempSync(join(tmpdir(), 'gepkit-run-map-test-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

let dirs = 0;
/**
 * A map of { owner, line } values in a new directory, with a small buffer and fan-in so that few sets make runs
 * (and blocks of `fence` records).
 */
function open(buffer: number, fanIn: number, filterBits = 2 ** 12, fence = 64) {
  const dir = mkdtempSync(join(parent, `m${++dirs}-`));
  const map = openRunMap<{ owner: string; line: number }>({
    dir,
    name: 'keys',
    encode: (v) => `${v.line}:${v.owner}`,
    decode: (t) => ({ line: Number(t.slice(0, t.indexOf(':'))), owner: t.slice(t.indexOf(':') + 1) }),
    buffer,
    fanIn,
    filterBits,
    fence,
  });
  return { dir, map };
}

describe('openRunMap', () => {
  it('reads back every key across runs and merges, and removes its files on close', () => {
    const { dir, map } = open(150, 3);
    // 1,000 keys in scattered order, 150 per run: six runs written by the buffer (merges at the 3rd and 6th: two
    // level-1 runs of 450 keys) and 100 keys still in the buffer.
    for (let i = 0; i < 1000; i++) map.set(`K${(i * 7919) % 1000}`, { owner: `O${i % 7}`, line: i });
    expect(map.runs()).toBe(2);
    expect(readdirSync(dir)).toHaveLength(2);
    for (let i = 0; i < 1000; i++)
      expect(map.get(`K${(i * 7919) % 1000}`)).toEqual({ owner: `O${i % 7}`, line: i });
    expect(map.get('K1000')).toBeUndefined();
    // Keys outside every run's range and between two keys of a run.
    expect(map.get('A')).toBeUndefined();
    expect(map.get('K5000')).toBeUndefined();
    expect(map.get('Z')).toBeUndefined();
    map.flush();
    // The seventh run: 2 level-1 runs and one level-0 run.
    expect(map.runs()).toBe(3);
    for (let i = 0; i < 1000; i += 37)
      expect(map.get(`K${(i * 7919) % 1000}`)).toEqual({ owner: `O${i % 7}`, line: i });
    map.close();
    expect(readdirSync(dir)).toEqual([]);
    map.close();
  });

  it('the newest value of a key wins, in the buffer, across runs and through a merge', () => {
    const { map } = open(2, 2);
    map.set('a', { owner: 'first', line: 1 });
    map.set('b', { owner: 'b', line: 2 }); // run 1: a, b
    map.set('a', { owner: 'second', line: 3 });
    map.set('c', { owner: 'c', line: 4 }); // run 2: a, c → merged with run 1 (level 1): a = second
    expect(map.runs()).toBe(1);
    expect(map.get('a')).toEqual({ owner: 'second', line: 3 });
    map.set('a', { owner: 'third', line: 5 }); // in the buffer
    expect(map.get('b')).toEqual({ owner: 'b', line: 2 });
    expect(map.get('a')).toEqual({ owner: 'third', line: 5 });
    map.set('d', { owner: 'd', line: 6 }); // run: a, d (level 0) beside the level-1 run
    expect(map.runs()).toBe(2);
    expect(map.get('a')).toEqual({ owner: 'third', line: 5 });
    expect(map.get('c')).toEqual({ owner: 'c', line: 4 });
    map.close();
  });

  it('keeps keys and values of any text exactly (lone surrogates, CJK, empty, longer than a write buffer)', () => {
    const { map } = open(3, 2);
    const long = '长'.repeat(40_000); // 80,000 bytes: more than one 64 KiB write buffer
    const keys = ['\ud800', '\udfff', '\uffff', '', '赣(2024)示例县不动产权第1号', 'a\u0000b', long];
    keys.forEach((k, i) => map.set(k, { owner: k, line: i }));
    map.flush();
    keys.forEach((k, i) => expect(map.get(k)).toEqual({ owner: k, line: i }));
    expect(map.get('\ud801')).toBeUndefined();
    map.close();
  });

  it('orders keys of one hash by the key: a collision of the 32-bit hash is told apart', () => {
    // FNV-1a of 'K47199' and 'K1168204' is 3,540,301,848 both; 'K47198' and 'K1168205': 3,557,079,467.
    expect(keyHash('K47199')).toBe(3_540_301_848);
    expect(keyHash('K1168204')).toBe(3_540_301_848);
    expect(keyHash('K47198')).toBe(keyHash('K1168205'));
    // The hash the map's filter gives when a key is set is the same one (the runs are ordered by it).
    expect(new BloomFilter(32).add('K47199')).toBe(keyHash('K47199'));
    const { map } = open(4, 2);
    // One run with both pairs (each pair sorted by key), then a run with one key of each pair again: the merge
    // compares keys of equal hash.
    for (const k of ['K47199', 'K1168204', 'K47198', 'K1168205']) map.set(k, { owner: k, line: 1 });
    for (const k of ['K1168204', 'K47198', 'A', 'B']) map.set(k, { owner: k, line: 2 });
    expect(map.runs()).toBe(1);
    expect(map.get('K47199')).toEqual({ owner: 'K47199', line: 1 });
    expect(map.get('K1168204')).toEqual({ owner: 'K1168204', line: 2 });
    expect(map.get('K47198')).toEqual({ owner: 'K47198', line: 2 });
    expect(map.get('K1168205')).toEqual({ owner: 'K1168205', line: 1 });
    map.close();
  });

  it('finds keys of one hash when their records straddle blocks (a block of one record each)', () => {
    // Blocks of one record: the fences of 'K47199' and 'K1168204' (one hash, 3,540,301,848) are equal, so a
    // lookup of the second starts at the block before the first hash-equal one and reads on. The filter of 32
    // bits answers "maybe" for almost anything: the runs are read.
    const { map } = open(6, 8, 32, 1);
    const keys = ['K47199', 'K1168204', 'K47198', 'K1168205', 'A', 'B'];
    keys.forEach((k, i) => map.set(k, { owner: k, line: i }));
    expect(map.runs()).toBe(1);
    keys.forEach((k, i) => expect(map.get(k)).toEqual({ owner: k, line: i }));
    // A key of the same hash never set, and keys before and after every record of the run.
    expect(keyHash('K1168204')).toBe(keyHash('K47199'));
    for (const k of ['K9', '', '\uffff\uffff', 'C']) expect(map.get(k)).toBeUndefined();
    map.close();
  });

  it('property: after any sequence of sets (repeated keys, any text), get gives what a Map gives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 8, unit: 'binary' }), fc.nat(1_000_000)), {
          minLength: 1,
          maxLength: 500,
        }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 2, max: 5 }),
        fc.constantFrom(32, 2 ** 12),
        fc.constantFrom(1, 2, 64),
        (sets, buffer, fanIn, bits, fence) => {
          const { dir, map } = open(buffer, fanIn, bits, fence);
          const expected = new Map<string, { owner: string; line: number }>();
          sets.forEach(([k, line], i) => {
            const v = { owner: `${k}/${i}`, line };
            map.set(k, v);
            expected.set(k, v);
            // Reads between the sets, of a key set and of one perhaps never set.
            if (i % 7 === 0) expect(map.get(k)).toEqual(v);
            if (i % 5 === 0) expect(map.get(`${k}x`)).toEqual(expected.get(`${k}x`));
          });
          for (const [k, v] of expected) expect(map.get(k)).toEqual(v);
          expect(map.get('never set \u0001')).toBeUndefined();
          map.close();
          expect(readdirSync(dir)).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);

  it('property: runs stay below (fanIn − 1) per level', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 2, max: 6 }), (n, fanIn) => {
        const { map } = open(4, fanIn);
        for (let i = 0; i < n; i++) map.set(`K${i}`, { owner: '', line: i });
        // Runs written: floor(n / 4), counted in base fanIn: each digit is the runs of one level.
        let written = Math.floor(n / 4);
        let expected = 0;
        while (written > 0) {
          expected += written % fanIn;
          written = Math.floor(written / fanIn);
        }
        expect(map.runs()).toBe(expected);
        map.close();
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
