import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLines } from '../io/jsonl';
import { readSpoolLine, spoolLine } from './spool-node';

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('spool lines', () => {
  it('give back every line (carriage returns, tabs, quotes included) with its number, read as lines', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 1e9 }), fc.string({ unit: 'binary' })), {
          maxLength: 20,
        }),
        async (items) => {
          const lines = items.map(([n, t]) => [n, t.replace(/\n/g, ' ')] as const);
          const text = lines.map(([n, t]) => spoolLine(n, t)).join('');
          const back: [number, string][] = [];
          for await (const l of splitLines([text])) {
            const r = readSpoolLine(l);
            back.push([r.line, r.text]);
          }
          expect(back).toEqual(lines);
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);

  it('keep a line as it is unless it holds a carriage return', () => {
    expect(spoolLine(12, '{"a":1}')).toBe('12\t{"a":1}\n');
    expect(spoolLine(3, 'x\r')).toBe('-3\t"x\\r"\n');
  });

  it('keep the mark of a line too long through the UTF-8 of the file (JSON escapes its lone surrogate)', async () => {
    // splitLines yields '\uDC00' + the limit for a line past it; UTF-8 would write the lone surrogate as U+FFFD.
    const [mark] = await all(splitLines(['abcd\n'], 3));
    expect(mark).toBe('\uDC003');
    const written = spoolLine(5, mark as string);
    expect(written).toBe('-5\t"\\udc003"\n');
    const [read] = await all(splitLines([Buffer.from(written, 'utf8').toString('utf8')]));
    expect(readSpoolLine(read as string)).toEqual({ line: 5, text: '\uDC003' });
  });
});
