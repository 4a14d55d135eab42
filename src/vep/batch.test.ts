import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../core/errors';
import { exampleContext, parcel, TYPES } from '../../test/vep/helpers';
import { GepError } from '../core/errors';
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

describe('a key given twice in one line', () => {
  it('is refused at the line and the key (VEP_LINE_NOT_JSON); the batch goes on', () => {
    const b = new VepBatch(exampleContext());
    // JSON.parse keeps the last "id" (P4), a reader keeping the first sees P3: the line is ambiguous.
    const twice = JSON.stringify(parcel('P4', 'hills', { shrub: ['1', 'hm2'] })).replace(
      '{"id":',
      '{"id":"P3","id":',
    );
    // The area's "value" twice, the second with white space around its colon.
    const nested = JSON.stringify(parcel('P5', 'hills', { shrub: ['1', 'hm2'] })).replace(
      '"unit":"hm2"',
      '"unit":"hm2", "value" : "9"',
    );
    const results = [twice, nested, JSON.stringify(parcel('P6', 'hills', { shrub: ['1', 'hm2'] }))].map(
      (l, i) => b.process(l, i + 1) as ParcelResult,
    );
    expect(results.map((r) => [r.line, r.ok, r.issues[0]?.code, r.issues[0]?.path])).toEqual([
      [1, false, 'VEP_LINE_NOT_JSON', ['line', 1, 'id']],
      [2, false, 'VEP_LINE_NOT_JSON', ['line', 2, 'areas', 'shrub', 'value']],
      [3, true, 'GRADE_BELOW_THRESHOLD', ['line', 3]],
    ]);
    expect(results[0]?.issues).toHaveLength(1);
    expect(results[0]?.issues[0]?.params).toEqual({
      detail: 'the key "id" appears twice in one object (JSON readers disagree on which one wins)',
    });
    expect(b.summary()).toMatchObject({ lines: 3, valued: 1, refused: 2 });
    // The other refusals of a line read: text that is not JSON, and a record (not text) that is no parcel; each
    // line counted once: 3 + 2 = 5.
    const notJson = b.process('{"id":', 4) as ParcelResult;
    expect([notJson.ok, notJson.issues[0]?.code, notJson.issues[0]?.path]).toEqual([
      false,
      'VEP_LINE_NOT_JSON',
      ['line', 4],
    ]);
    expect(notJson.issues[0]?.params?.detail).toMatch(/JSON/);
    const noKey = b.process({ id: 'P7', areas: { shrub: { value: '1', unit: 'hm2' } } }, 5) as ParcelResult;
    expect([noKey.ok, noKey.issues[0]?.code]).toEqual([false, 'VEP_KEY_MISSING']);
    expect(b.summary()).toMatchObject({ lines: 5, valued: 1, refused: 4 });
  });
});

describe('a line longer than the splitter passes (LINE_TOO_LONG)', () => {
  // '\uDC00' + the limit: what splitLines yields in place of a longer line (src/io/jsonl.test.ts).
  const long = '\uDC0010';

  it('is refused at the line, counted as one line read, and the batch goes on (JSON Lines and CSV rows)', () => {
    const b = new VepBatch(exampleContext());
    const ok = JSON.stringify(parcel('P1', 'hills', { shrub: ['1', 'hm2'] }));
    const results = [ok, long, ok.replace('P1', 'P2')].map((l, i) => b.process(l, i + 1) as ParcelResult);
    expect(results.map((r) => [r.line, r.ok])).toEqual([
      [1, true],
      [2, false],
      [3, true],
    ]);
    expect(results[1]?.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['LINE_TOO_LONG', ['line', 2], { limit: 10 }],
    ]);
    expect(b.summary()).toMatchObject({ lines: 3, valued: 2, refused: 1 });
    // CSV: header on line 1, a long row on line 2, a row valued on line 3.
    const c = new VepBatch(exampleContext(), { format: 'csv' });
    expect(c.process('id,key,unit,area:shrub', 1)).toBeUndefined();
    const row = c.process(long, 2) as ParcelResult;
    expect([row.ok, row.issues[0]?.code, row.issues[0]?.path]).toEqual([false, 'LINE_TOO_LONG', ['line', 2]]);
    expect((c.process('P3,hills,hm2,1', 3) as ParcelResult).ok).toBe(true);
    expect(c.summary()).toMatchObject({ lines: 2, valued: 1, refused: 1 });
  });

  it('a CSV row giving a certificate, in a file without a right column: refused naming the column (CsvParcels.named)', () => {
    const c = new VepBatch(exampleContext(), { format: 'csv' });
    c.process('id,key,unit,area:shrub,certificate', 1);
    const r = c.process('P1,hills,hm2,1,C-1', 2) as ParcelResult;
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['VEP_PARCEL_INVALID', ['line', 2, 'rights', 0, 'kind']],
    ]);
    expect(r.issues[0]?.params?.detail).toMatch(/^no "right" column: the row gives a right/);
    // The same parcel as JSON Lines, a right without its kind: the schema's own words.
    const j = new VepBatch(exampleContext());
    const line = JSON.stringify({
      ...parcel('P1', 'hills', { shrub: ['1', 'hm2'] }),
      rights: [{ certificate: 'C-1' }],
    });
    const jr = j.process(line, 1) as ParcelResult;
    expect(jr.issues.map((i) => [i.code, i.path])).toEqual([
      ['VEP_PARCEL_INVALID', ['line', 1, 'rights', 0, 'kind']],
    ]);
    expect(jr.issues[0]?.params?.detail).not.toMatch(/column/);
  });

  it('a CSV header that long stops the batch: no row could be read', () => {
    const c = new VepBatch(exampleContext(), { format: 'csv' });
    expect(c.process('', 1)).toBeUndefined();
    let e: unknown;
    try {
      c.process(long, 2);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(GepError);
    expect((e as GepError).issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['LINE_TOO_LONG', ['line', 2], { limit: 10 }],
    ]);
  });
});
