import { describe, expect, it } from 'vitest';
import { closest } from './suggest';

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
