import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamedJson } from './streamed-json';

const joined = async (g: AsyncIterable<string>) => {
  let s = '';
  for await (const p of g) s += p;
  return s;
};

/** Keys an object keeps in insertion order (no integer-like keys), as account names are. */
const name = fc.string().filter((s) => !/^(0|[1-9]\d*)$/.test(s) && s !== '__proto__');
const json = fc.jsonValue();

describe('streamedJson', () => {
  it('is JSON.stringify of the object with the entries in their place, compact and indented', async () => {
    // By hand: {"a":1,"m":{"x":{"n":1},"y":[]},"z":"2"}, and indented by two, the member's entries at depth 2.
    const value = { a: 1, m: {}, z: '2' };
    const entries: [string, unknown][] = [
      ['x', { n: 1 }],
      ['y', []],
    ];
    expect(await joined(streamedJson(value, 'm', entries, 0))).toBe(
      '{"a":1,"m":{"x":{"n":1},"y":[]},"z":"2"}',
    );
    expect(await joined(streamedJson(value, 'm', entries, 2))).toBe(
      '{\n  "a": 1,\n  "m": {\n    "x": {\n      "n": 1\n    },\n    "y": []\n  },\n  "z": "2"\n}',
    );
    // No entries: an empty object, as JSON.stringify writes it; undefined members left out.
    expect(await joined(streamedJson({ m: {}, u: undefined }, 'm', [], 2))).toBe('{\n  "m": {}\n}');
  });

  it('equals JSON.stringify for any members, entries and indent (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(name, json), { selector: (e) => e[0], maxLength: 6 }),
        fc.uniqueArray(fc.tuple(name, json), { selector: (e) => e[0], maxLength: 8 }),
        fc.nat(),
        fc.constantFrom(0, 2, 4),
        async (members, entries, at, indent) => {
          const key = 'streamed';
          const before = members.filter(([k]) => k !== key);
          const cut = before.length === 0 ? 0 : at % (before.length + 1);
          const value: Record<string, unknown> = {};
          for (const [k, v] of before.slice(0, cut)) value[k] = v;
          value[key] = {};
          for (const [k, v] of before.slice(cut)) value[k] = v;
          const whole = { ...value, [key]: Object.fromEntries(entries) };
          expect(await joined(streamedJson(value, key, entries, indent))).toBe(
            JSON.stringify(whole, null, indent),
          );
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);

  it('gives its text in pieces of about 64 KiB: a long member is never one string', async () => {
    const entries = Array.from(
      { length: 5000 },
      (_, i) => [`user:${i}`, { amount: 'x'.repeat(40) }] as const,
    );
    const pieces: string[] = [];
    for await (const p of streamedJson({ b: {} }, 'b', entries, 2)) pieces.push(p);
    expect(pieces.length).toBeGreaterThan(3);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan((1 << 16) + 200);
    expect(pieces.join('')).toBe(JSON.stringify({ b: Object.fromEntries(entries) }, null, 2));
  });
});
