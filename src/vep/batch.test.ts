import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../core/errors';
import { exampleContext, parcel, TYPES } from '../../test/vep/helpers';
import { type ParcelResult, VepBatch } from './batch';

/** The ref key as its definition states it: code, path after the line, parameters other than the parcel id. */
const refKey = (w: Issue) => {
  const { id: _id, ...params } = w.params ?? {};
  return JSON.stringify([w.code, w.path.slice(2), params]);
};

describe('warning refs', () => {
  // The batch keeps the text of each warning's parameters per params object and skips building the key when the
  // entry is known (VepBatch.entryOf). Reference: the same parcels with inline warnings, keyed by refKey, refs
  // numbered in order of first appearance.
  it('match the inline warnings keyed by definition, with the same counts', () => {
    const ctx = exampleContext();
    const arb = fc.array(
      fc.record({
        key: fc.constantFrom('hills', 'valley'),
        types: fc.subarray([...TYPES], { minLength: 1 }),
        area: fc.integer({ min: 1, max: 99_999 }),
        encumbered: fc.boolean(),
        encumbrances: fc.boolean(),
      }),
      { minLength: 1, maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, (specs) => {
        const recs = specs.map((s, i) =>
          parcel(
            `P${i}`,
            s.key,
            Object.fromEntries(s.types.map((t) => [t, [(s.area / 100).toFixed(2), 'mu']])),
            s.encumbrances
              ? { encumbrances: [{ kind: s.encumbered ? 'mortgage' : 'lease', until: '2030-12-31' }] }
              : {},
          ),
        );
        const inline = new VepBatch(ctx, { warnings: 'inline' });
        const refs = new VepBatch(ctx, { warnings: 'refs' });
        const expected = new Map<string, { ref: string; count: number }>();
        recs.forEach((r, i) => {
          const a = inline.process(r, i + 1) as ParcelResult;
          const b = refs.process(r, i + 1) as ParcelResult;
          expect(b.ok).toBe(a.ok);
          const want = a.issues.map((w) => {
            let e = expected.get(refKey(w));
            if (e === undefined) expected.set(refKey(w), (e = { ref: `W${expected.size + 1}`, count: 0 }));
            e.count += 1;
            return e.ref;
          });
          expect(b.warnings).toEqual(want);
        });
        const catalogue = refs.summary().warningCatalogue ?? [];
        expect(catalogue.map((e) => [e.ref, e.count])).toEqual(
          [...expected.values()].map((e) => [e.ref, e.count]),
        );
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});

describe('cell order', () => {
  // ParcelValuer.value sorts only when a neighbouring pair is out of order: cells by type, then profile order.
  it('cells come by type, then in the profile order of indicators', () => {
    const b = new VepBatch(exampleContext());
    const r = b.process(
      parcel('P1', 'hills', { shrub: ['5', 'mu'], 'forest.broadleaf': ['12.34', 'mu'] }),
      1,
    ) as ParcelResult;
    const cells = r.cells ?? [];
    const order = b.valuer.basis.indicators.map((e) => e.code);
    for (let i = 1; i < cells.length; i++) {
      const x = cells[i - 1] as (typeof cells)[number];
      const y = cells[i] as (typeof cells)[number];
      const ok =
        (x.type as string) < (y.type as string) ||
        (x.type === y.type && order.indexOf(x.indicator) < order.indexOf(y.indicator));
      expect(ok).toBe(true);
    }
    expect(cells[0]?.type).toBe('forest.broadleaf');
  });
});
