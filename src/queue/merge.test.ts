import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeByKey } from './merge';

async function* from<T>(xs: readonly T[]): AsyncGenerator<T> {
  yield* xs;
}

async function all<T>(g: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of g) out.push(x);
  return out;
}

describe('mergeByKey', () => {
  it('merges sorted sources into one sorted stream: every item once, equal keys in source order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 30 }), { maxLength: 12 }),
        async (lists) => {
          const sources = lists.map((l, s) => [...l].sort((a, b) => a - b).map((k, i) => ({ k, s, i })));
          const got = await all(
            mergeByKey(
              sources.map((x) => from(x)),
              (x) => x.k,
            ),
          );
          // The reference: all items sorted by (key, source, position), a stable order.
          const want = sources.flat().sort((a, b) => a.k - b.k || a.s - b.s || a.i - b.i);
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  it('gives nothing for no sources or empty ones', async () => {
    expect(await all(mergeByKey([], (x: number) => x))).toEqual([]);
    expect(await all(mergeByKey([from<number>([]), from([2, 5])], (x) => x))).toEqual([2, 5]);
  });
});
