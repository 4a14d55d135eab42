import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeId } from './ids';

describe('normalizeId', () => {
  it('trims and folds full-width forms; keeps case', () => {
    expect(normalizeId('ｂ1')).toBe('b1'); // U+FF42 FULLWIDTH LATIN SMALL LETTER B → b
    expect(normalizeId('b1 ')).toBe('b1');
    expect(normalizeId('B1')).toBe('B1');
    expect(normalizeId(' ＰＫ－０１ ')).toBe('PK-01'); // U+FF30 U+FF2B U+FF0D U+FF10 U+FF11
    expect(normalizeId('东山-0001')).toBe('东山-0001');
    expect(normalizeId('\u3000东山\u3000')).toBe('东山'); // ideographic space: NFKC makes it U+0020, then trimmed
    expect(normalizeId('   ')).toBe('');
  });

  // The ASCII shortcut skips String.prototype.normalize: ASCII is NFKC-stable, so both give the same text.
  it('equals trim + NFKC on any string, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (s) => {
        expect(normalizeId(s)).toBe(s.normalize('NFKC').trim());
        expect(normalizeId(normalizeId(s))).toBe(normalizeId(s));
      }),
      { numRuns: 500 },
    );
  });
});
