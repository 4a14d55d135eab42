import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_LENGTH, longLineLimit, madeWhenRead, splitLineBlocks, splitLines } from './jsonl';

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

  it('property: with a limit, each line longer than it (its "\\r" not counted) is the long-line mark, however cut', async () => {
    // The reference as above, then every line of more than `max` characters replaced by the mark naming `max`.
    const reference = (chunks: string[], max: number) => {
      const text = chunks.join('').slice(chunks[0]?.startsWith('\uFEFF') ? 1 : 0);
      const lines = text.split('\n');
      if (lines.at(-1) === '') lines.pop();
      return lines
        .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
        .map((l) => (l.length > max ? `\uDC00${max}` : l));
    };
    const text = fc.array(fc.constantFrom('a', 'b', '中', '\n', '\r', '\r\n', ' '), { maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(40), { maxLength: 6 }), fc.nat(6), async (parts, cuts, max) => {
        const s = parts.join('');
        const at = [...new Set(cuts.map((c) => Math.min(c, s.length)))].sort((a, b) => a - b);
        const chunks = [0, ...at].map((from, i) => s.slice(from, at[i] ?? s.length));
        expect(await all(splitLines(chunks, max))).toEqual(reference(chunks, max));
        expect((await all(splitLineBlocks(chunks, max))).flat()).toEqual(reference(chunks, max));
      }),
      { numRuns: 300 },
    );
  });

  it('a line longer than the limit is marked in its place, the lines after it are read', async () => {
    // Limit 3: "abc" (3) is kept, "abcd" (4) is not; "abc\r" is 3 characters and its "\r"; a line of 4 over
    // two chunks, and a last line of 5 without a line end, are marked too.
    const lines = await all(splitLines(['abc\nabcd\nabc\r\nab', 'cd\nx\nhello'], 3));
    expect(lines).toEqual(['abc', '\uDC003', 'abc', '\uDC003', 'x', '\uDC003']);
    expect(lines.map(longLineLimit)).toEqual([undefined, 3, undefined, 3, undefined, 3]);
    // The default limit is 2²⁰ = 1,048,576 characters: a line of exactly that many is read, one more is not.
    expect(MAX_LINE_LENGTH).toBe(1_048_576);
    const fits = 'x'.repeat(MAX_LINE_LENGTH);
    expect(await all(splitLines([`${fits}\r\n`, `${fits}y\n`, 'z']))).toEqual([fits, '\uDC001048576', 'z']);
  });

  it('a line of 200,000,000 characters in 200 chunks is marked, and the line after it read', async () => {
    // 200 chunks of 1,000,000 characters with no line end, then "\nok" (the splitter drops each piece once the
    // line has passed the limit of 1,000, instead of joining 200,000,000 characters). The chunks are one string
    // given 200 times, so the test itself holds 1 MB.
    const piece = 'x'.repeat(1_000_000);
    let given = 0;
    function* chunks() {
      for (let k = 0; k < 200; k++) {
        given += piece.length;
        yield piece;
      }
      yield '\nok';
    }
    expect(await all(splitLines(chunks(), 1000))).toEqual(['\uDC001000', 'ok']);
    expect(given).toBe(200_000_000);
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

describe('the long-line mark', () => {
  it('names the limit; a line of a file never carries it', () => {
    expect(longLineLimit('\uDC001048576')).toBe(1_048_576);
    expect(longLineLimit('{"id":"P1"}')).toBeUndefined();
    expect(longLineLimit('')).toBeUndefined();
    // A strict UTF-8 decoder refuses the bytes of a lone surrogate (ED B0 80); a lenient one gives U+FFFD.
    const bytes = new Uint8Array([0xed, 0xb0, 0x80, 0x31]);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(longLineLimit(new TextDecoder('utf-8').decode(bytes))).toBeUndefined();
  });
});

describe('madeWhenRead', () => {
  async function* count(n: number) {
    for (let i = 1; i <= n; i++) yield i;
  }
  it('makes its generator at the first next(), then hands every step to it', async () => {
    let made = 0;
    const g = madeWhenRead(() => (made++, count(2)));
    expect(made).toBe(0);
    expect(await g.next()).toEqual({ done: false, value: 1 });
    expect(made).toBe(1);
    const rest: number[] = [];
    for await (const v of g) rest.push(v);
    expect(rest).toEqual([2]);
    expect(made).toBe(1);
  });
  it('return() or throw() before the first next() ends it without making anything', async () => {
    let made = 0;
    const a = madeWhenRead(() => (made++, count(2)));
    expect(await a.return(undefined)).toEqual({ done: true, value: undefined });
    expect(await a.next()).toEqual({ done: true, value: undefined });
    const b = madeWhenRead(() => (made++, count(2)));
    await expect(b.throw(new Error('stop'))).rejects.toThrow('stop');
    expect(await b.next()).toEqual({ done: true, value: undefined });
    expect(made).toBe(0);
  });
  it('return() after a step ends the made generator (its finally runs)', async () => {
    let closed = false;
    async function* guarded() {
      try {
        yield 1;
        yield 2;
      } finally {
        closed = true;
      }
    }
    const g = madeWhenRead(guarded);
    await g.next();
    expect(await g.return(undefined)).toEqual({ done: true, value: undefined });
    expect(closed).toBe(true);
  });
});
