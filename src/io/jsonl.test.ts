import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLineBlocks, splitLines } from './jsonl';

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('lines in blocks', () => {
  it('property: the lines of the text, however it is cut into chunks; the blocks hold them in order', async () => {
    // The reference: the BOM of the first chunk removed, the text split at "\n", a trailing "\r" trimmed from
    // each line, and no line after a final "\n".
    const reference = (chunks: string[]) => {
      const text = chunks.join('').slice(chunks[0]?.startsWith('\uFEFF') ? 1 : 0);
      const lines = text.split('\n');
      if (lines.at(-1) === '') lines.pop();
      return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    };
    const text = fc.array(fc.constantFrom('a', 'b', '中', '\n', '\r', '\r\n', '\uFEFF', ' '), {
      maxLength: 40,
    });
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(40), { maxLength: 6 }), async (parts, cuts) => {
        const s = parts.join('');
        const at = [...new Set(cuts.map((c) => Math.min(c, s.length)))].sort((a, b) => a - b);
        const chunks = [0, ...at].map((from, i) => s.slice(from, at[i] ?? s.length));
        const blocks = await all(splitLineBlocks(chunks));
        expect(await all(splitLines(chunks))).toEqual(reference(chunks));
        expect(blocks.flat()).toEqual(reference(chunks));
        expect(blocks.every((b) => b.length > 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a block per chunk: its complete lines; the rest waits for the next chunk', async () => {
    // "\uFEFFa\nb" → block [a] (the BOM removed; b incomplete); "c\r\nd" → [bc] (the \r trimmed); end → [d].
    expect(await all(splitLineBlocks(['\uFEFFa\nb', 'c\r\nd']))).toEqual([['a'], ['bc'], ['d']]);
    // A line over four chunks (one empty, its "\r" ending one chunk and its "\n" starting the next) is one line;
    // chunks without a line end give no block.
    expect(await all(splitLineBlocks(['ab', '', 'c\r', '\nd', 'e']))).toEqual([['abc'], ['de']]);
    // A line of 1,000,000 characters in 1,000 chunks, then a short one.
    const long = Array.from({ length: 1000 }, (_, k) => String(k % 10).repeat(1000));
    const blocks = await all(splitLineBlocks([...long, '\nz']));
    expect(blocks).toEqual([[long.join('')], ['z']]);
  });
});
