import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateFen, allocatePackage } from '../../src/vep/dividends';

describe('dividends', () => {
  it('hand-computed largest remainder', () => {
    // 100.00 元 = 10 000 fen by weights 1:1:1 → quotas 3333.33… each; floors 3333 × 3 = 9999; 1 fen left.
    // Remainders equal, weights equal → the smaller id first: "a".
    const m = allocateFen(10_000n, [
      { id: 'c', weight: 1n },
      { id: 'a', weight: 1n },
      { id: 'b', weight: 1n },
    ]);
    expect([m.get('a'), m.get('b'), m.get('c')]).toEqual([3334n, 3333n, 3333n]);
    // 10 fen by 5:3:2 → 5, 3, 2 exactly. 7 fen by 5:3:2 → quotas 3.5, 2.1, 1.4 → floors 3, 2, 1 (6); remainders
    // 0.5, 0.1, 0.4 → the 1 fen left goes to the first.
    const w = [
      { id: 'x', weight: 5n },
      { id: 'y', weight: 3n },
      { id: 'z', weight: 2n },
    ];
    expect([...allocateFen(7n, w).values()].reduce((a, b) => a + b)).toBe(7n);
    expect(allocateFen(7n, w).get('x')).toBe(4n);
  });

  it('a package by area: 亩 and hm² weighed exactly', () => {
    // 15 亩 = 1 hm²: weights 1 : 1 → 1 000.01 元 = 100 001 fen → 50 000.5 each → tie; equal weights → id "A" first
    const r = allocatePackage({
      package: 'PKG',
      revenue: { value: '1000.01', unit: 'yuan', priceYear: 2024 },
      basis: 'area',
      depositors: [
        { id: 'B', area: { value: '1', unit: 'hm2' } },
        { id: 'A', area: { value: '15', unit: 'mu' } },
      ],
    });
    expect(r.parts.map((p) => [p.id, p.amount])).toEqual([
      ['B', '500.00'],
      ['A', '500.01'],
    ]);
  });

  it('property: parts sum to the total to the fen, for any weights; order of depositors is irrelevant', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.uniqueArray(
          fc.record({
            id: fc.string({ minLength: 1, maxLength: 4 }),
            weight: fc.bigInt({ min: 0n, max: 10n ** 12n }),
          }),
          {
            selector: (w) => w.id,
            minLength: 1,
            maxLength: 30,
          },
        ),
        (total, weights) => {
          fc.pre(weights.some((w) => w.weight > 0n));
          const m = allocateFen(total, weights);
          expect([...m.values()].reduce((a, b) => a + b, 0n)).toBe(total);
          for (const w of weights) if (w.weight === 0n) expect(m.get(w.id)).toBe(0n);
          const r = allocateFen(total, [...weights].reverse());
          for (const w of weights) expect(r.get(w.id)).toBe(m.get(w.id));
        },
      ),
      { numRuns: 500 },
    );
  });
});
