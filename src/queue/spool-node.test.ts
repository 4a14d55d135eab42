import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLines } from '../io/jsonl';
import { readSpoolLine, spoolLine } from './spool-node';

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
});
