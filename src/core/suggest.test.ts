import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedDistance, closest } from './suggest';

describe('closest (did you mean)', () => {
  it('finds one slip: a substitution, a missing or extra character, two swapped neighbours', () => {
    // R99 → R9: one deletion; R1 and C1 are two edits away
    expect(closest('R99', ['R1', 'R9', 'C1'])).toBe('R9');
    // --base-yaer → --base-year: one swap of neighbours (e↔a)
    expect(closest('--base-yaer', ['--base-year', '--profile'])).toBe('--base-year');
    // --formt → --format: one missing character
    expect(closest('--formt', ['--format', '--out'])).toBe('--format');
    // case is ignored: r9 → R9
    expect(closest('r9', ['R1', 'R9'])).toBe('R9');
  });

  it('suggests nothing for a word no candidate is close to', () => {
    expect(closest('xyz', ['R1', 'R9'])).toBeUndefined();
    // two edits in a three-letter word is more than a slip: 2 × 2 ≥ 3
    expect(closest('M77', ['M1'])).toBeUndefined();
    expect(closest('R1', [])).toBeUndefined();
  });

  it('takes the first of equally close candidates', () => {
    // R22 is one deletion from R2 and one substitution from R12
    expect(closest('R22', ['R2', 'R12'])).toBe('R2');
    expect(closest('R22', ['R12', 'R2'])).toBe('R12');
    // in a two-letter code one substitution is half the word: not a slip (R3 suggests neither R2 nor R4)
    expect(closest('R3', ['R2', 'R4'])).toBeUndefined();
  });
});

/** Optimal string alignment distance, the textbook recurrence with a full table (the reference). */
function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min(
        (up[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (up[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  return (d[a.length] as number[])[b.length] as number;
}

describe('closest against the textbook distance (property)', () => {
  // words over a small alphabet, so that near misses (and swaps) are common
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 0, maxLength: 7 });
  it('suggests the first candidate at the least distance, when at most 2 and under half the longer word', () => {
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 4 }), (g, cs) => {
        let best: string | undefined;
        let bd = Infinity;
        for (const c of cs) {
          const x = osa(g, c);
          if (x < bd) [best, bd] = [c, x];
        }
        const want =
          best !== undefined && bd <= 2 && bd * 2 < Math.max(g.length, best.length) ? best : undefined;
        expect(closest(g, cs)).toBe(want);
      }),
      { numRuns: 1000 },
    );
  }, 60_000);
  it('counts a swap of neighbours as one edit, and only neighbours', () => {
    // abcde → abdce: one swap (1 edit); abcde → adcbe: b and d are not neighbours (2 substitutions)
    expect(osa('abcde', 'abdce')).toBe(1);
    expect(closest('abcde', ['abdce'])).toBe('abdce');
    expect(osa('abcdef', 'adcbef')).toBe(2);
    expect(closest('ab', ['ba'])).toBeUndefined(); // 1 edit in a 2-letter word is half of it
  });
});

describe('boundedDistance: the textbook distance up to k, k + 1 past it (property)', () => {
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), minLength: 0, maxLength: 12 });
  it('equals min(osa, k + 1) for k from 0 to 4', () => {
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, k) => {
        expect(boundedDistance(a, b, k)).toBe(Math.min(osa(a, b), k + 1));
      }),
      { numRuns: 3000 },
    );
  }, 60_000);
  it('a value far longer than every candidate is no candidate’s slip (its length alone says so)', () => {
    const long = 'forest.broadleaf'.repeat(12_500); // 200,000 characters
    expect(boundedDistance(long, 'forest.broadleaf', 2)).toBe(3);
    expect(closest(long, ['forest.broadleaf', 'shrub'])).toBeUndefined();
    // one character more or less than a candidate is still a slip
    expect(closest('forest.broadleaff', ['forest.broadleaf'])).toBe('forest.broadleaf');
  });
});
