import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteMap } from './sqlite-map-node';

const parent = mkdtempSync(join(tmpdir(), 'gepkit-sqlite-map-test-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

let files = 0;
/** A map of two value columns with a small write buffer, so that a few hundred sets make several flushes. */
const open = (file = join(parent, `m${++files}.sqlite`), buffer = 150) => ({
  file,
  map: openSqliteMap<{ owner: string; line: number }>(file, {
    table: 'keys',
    key: 'key',
    columns: { owner: 'TEXT NOT NULL', line: 'INTEGER NOT NULL' },
    buffer,
    cacheKiB: 1024,
    filterBits: 2 ** 12,
  }),
});

describe('openSqliteMap', () => {
  it('reads back every key set, across flushes of 64-row statements and single rows, and after reopening', () => {
    const { file, map } = open();
    // 1,000 keys in scattered order with a buffer of 150: six flushes of 150 (two statements of 64 rows, then 22
    // single rows) and 100 written by close(): every path of the write is taken.
    for (let i = 0; i < 1000; i++) map.set(`K${(i * 7919) % 1000}`, { owner: `O${i % 7}`, line: i });
    map.close();
    const again = open(file).map;
    for (let i = 0; i < 1000; i++)
      expect(again.get(`K${(i * 7919) % 1000}`)).toEqual({ owner: `O${i % 7}`, line: i });
    expect(again.get('K1000')).toBeUndefined();
    again.close();
  });

  it('closes the file when the last flush fails (a full disk), and a second close does nothing', () => {
    // A NULL in a NOT NULL column makes the last flush fail as a full disk would (the map writes what it is given).
    const fds = () => (existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : 0);
    const before = fds();
    const { map } = open();
    map.set('K', { owner: null as unknown as string, line: 1 });
    expect(() => map.close()).toThrow('NOT NULL constraint failed: keys.owner');
    expect(fds()).toBe(before);
    expect(() => map.close()).not.toThrow();
  });

  it('property: after any sequence of sets (repeated keys, any text), get gives what a Map gives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.nat(1_000_000)), {
          minLength: 1,
          maxLength: 600,
        }),
        fc.integer({ min: 1, max: 200 }),
        (sets, buffer) => {
          const { file, map } = open(undefined, buffer);
          const expected = new Map<string, { owner: string; line: number }>();
          for (const [k, line] of sets) {
            map.set(k, { owner: k.slice(0, 3), line });
            expected.set(k, { owner: k.slice(0, 3), line });
          }
          for (const [k, v] of expected) expect(map.get(k)).toEqual(v);
          map.close();
          // what was written to the file, read without the buffer
          const disk = open(file).map;
          for (const [k, v] of expected) expect(disk.get(k)).toEqual(v);
          disk.close();
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});
