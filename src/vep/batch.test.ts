import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GepError, type Issue } from '../core/errors';
import { SQUARE_001, exampleContext, parcel, square, TYPES } from '../../test/vep/helpers';
import {
  type BatchOptions,
  type BatchSummary,
  type CertificateSeen,
  type DuplicateIndex,
  MEMORY_KEYS,
  type ParcelResult,
  VepBatch,
  indexOptions,
  valueParcels,
  valueParcelsAsync,
} from './batch';
import { openDiskIndex } from './disk-index-node';
import type { Parcel } from './schema';
import { ParcelValuer, type ParcelValue } from './valuer';

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
    // The id of a line refused for a key given twice: the line's own where it writes "id" once (P5: its area's
    // value twice), none where it writes two (P3 or P4).
    expect(results.map((r) => r.id)).toEqual([undefined, 'P5', 'P6']);
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
    expect(notJson.id).toBeUndefined();
    const noKey = b.process({ id: 'P7', areas: { shrub: { value: '1', unit: 'hm2' } } }, 5) as ParcelResult;
    expect([noKey.ok, noKey.issues[0]?.code, noKey.id]).toEqual([false, 'VEP_KEY_MISSING', 'P7']);
    expect(b.summary()).toMatchObject({ lines: 5, valued: 1, refused: 4 });
    // The first problem named is the area's value twice; "id" comes twice after it: P8 or P9, no id given. An id
    // that is no string is none either.
    const both = `${nested.replace('"id":"P5"', '"id":"P8"').slice(0, -1)},"id":"P9"}`;
    const later = b.process(both, 6) as ParcelResult;
    expect([later.issues[0]?.path, later.id]).toEqual([['line', 6, 'areas', 'shrub', 'value'], undefined]);
    const numbered = b.process(nested.replace('"id":"P5"', '"id":5'), 7) as ParcelResult;
    expect([numbered.ok, numbered.id]).toEqual([false, undefined]);
  });
});

describe('a number no double holds in a line', () => {
  it('is refused at the line and the field (NUMBER_OUT_OF_RANGE, as written); the batch goes on', () => {
    const b = new VepBatch(exampleContext());
    // JSON.parse reads 1e-400 as 0 (a silent zero area) and 1e309 as Infinity; 0.000…0001 with 400 zeros after
    // the point is 10⁻⁴⁰¹, read as 0 too.
    const tiny = `0.${'0'.repeat(400)}1`;
    const lines = [
      '{"id":"N1","key":"hills","areas":{"shrub":{"value":1e-400,"unit":"hm2"}}}',
      '{"id":"N2","key":"hills","areas":{"shrub":{"value":1e309,"unit":"hm2"}}}',
      `{"id":"N3","key":"hills","areas":{"shrub":{"value":"1","unit":"hm2"},"forest.broadleaf":{"value":${tiny},"unit":"mu"}}}`,
      JSON.stringify(parcel('N4', 'hills', { shrub: ['1', 'hm2'] })),
    ];
    const results = lines.map((l, i) => b.process(l, i + 1) as ParcelResult);
    const outcome = (r: ParcelResult) => [r.line, r.id, r.ok ? 'valued' : r.issues.map((i) => i.code)];
    expect(results.map((r) => [...outcome(r), r.issues[0]?.path])).toEqual([
      [1, 'N1', ['NUMBER_OUT_OF_RANGE'], ['line', 1, 'areas', 'shrub', 'value']],
      [2, 'N2', ['NUMBER_OUT_OF_RANGE'], ['line', 2, 'areas', 'shrub', 'value']],
      [3, 'N3', ['NUMBER_OUT_OF_RANGE'], ['line', 3, 'areas', 'forest.broadleaf', 'value']],
      [4, 'N4', 'valued', ['line', 4]],
    ]);
    // The limits of docs/limits.md: magnitude below 1e21 and, unless zero, at least 1e-30.
    expect(results[0]?.issues[0]?.params).toEqual({ value: '1e-400', max: '1e21', min: '1e-30' });
    expect(results[1]?.issues[0]?.params?.value).toBe('1e309');
    expect(b.summary()).toMatchObject({ lines: 4, valued: 1, refused: 3 });
    // A line with such a number and "id" twice (after the number): neither N6 nor N7 is its id.
    const twice = b.process(lines[0]?.replace('}}}', '}},"id":"N7"}').replace('N1', 'N6') as string, 6);
    expect([twice?.issues[0]?.code, twice?.id]).toEqual(['NUMBER_OUT_OF_RANGE', undefined]);
    // A zero area written as 0 is no such number: it is read (and refused by the parcel's own checks or not) as
    // before, never as NUMBER_OUT_OF_RANGE.
    const zero = b.process('{"id":"N5","key":"hills","areas":{"shrub":{"value":0,"unit":"hm2"}}}', 5);
    expect(zero?.issues.map((i) => i.code)).not.toContain('NUMBER_OUT_OF_RANGE');
  });
});

describe('a record nested deeper than 100 levels', () => {
  it('given as a value: INPUT_TOO_DEEP at level 101; as a line: refused by the schema, not walked for depth', () => {
    const b = new VepBatch(exampleContext());
    // {x: {x: … 150 levels}} under "note": the record is level 1, "note" level 2, the 101st level opens under
    // "note" and 99 "x" (100 steps from the record).
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 150; i++) deep = { x: deep };
    const record = { ...parcel('D1', 'hills', { shrub: ['1', 'hm2'] }), note: deep };
    const asValue = b.process(record, 1) as ParcelResult;
    expect(asValue.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'INPUT_TOO_DEEP',
        ['line', 1, 'note', ...Array.from({ length: 99 }, () => 'x')],
        { file: 'the parcel', limit: 100 },
      ],
    ]);
    // A line is bounded by the line limit and read by JSON.parse: the schema refuses the note that is no string.
    const asLine = b.process(JSON.stringify(record), 2) as ParcelResult;
    expect(asLine.issues.map((i) => [i.code, i.path])).toEqual([['VEP_PARCEL_INVALID', ['line', 2, 'note']]]);
    expect(b.summary()).toMatchObject({ lines: 2, valued: 0, refused: 2 });
  });
});

/**
 * The example context with R6 (carbon sequestration, NEP) and R7 (oxygen release, molar) only, so that every value
 * can be worked by hand. Prices move to the accounting year 2023 by the CPI (cn-cpi-1978: 2021 692.7, 2010 536.1,
 * 2023 708.0):
 *   carbon  42.85 yuan/t CO₂ (2021) × 708.0 / 692.7 = 43.79644867… yuan/t CO₂
 *   oxygen  727 yuan/t O₂ (2010, rcees-2013-reference) × 708.0 / 536.1 = 960.11191941… yuan/t O₂
 * Per hm² of a type with NEP n t C/hm²: CO₂ = n × 44/12 t, O₂ = n × 32/12 t; each cell rounded to fen, half to
 * even. Rights, encumbrances and outlines carry no coefficient, so the only warnings are the parcels' own.
 */
const handContext = () => ({ ...exampleContext(), exclude: ['R1', 'R2', 'R3', 'R8', 'R9'] });

/** Run a whole batch (valueParcels): its results and its summary. */
function runAll(items: unknown[], context: unknown, opts: BatchOptions = {}) {
  const results: (ParcelResult | undefined)[] = [];
  const gen = valueParcels(items, context, opts);
  let s = gen.next();
  while (s.done !== true) {
    results.push(s.value);
    s = gen.next();
  }
  return { results, summary: s.value };
}

const mortgage = { encumbrances: [{ kind: 'mortgage', until: '2030-12-31' }] };

/** The lines of the hand-computed batch (blank line 3, bad JSON on line 4, P1 again on line 6). */
const handLines = [
  JSON.stringify(parcel('P1', 'hills', { shrub: ['1', 'hm2'] }, { package: 'A', ...mortgage })),
  JSON.stringify(
    parcel('P2', 'hills', { 'forest.broadleaf': ['15', 'mu'], shrub: ['1.5', 'hm2'] }, { package: 'B' }),
  ),
  '  ',
  '{"id":',
  JSON.stringify(
    parcel(
      'P3',
      'valley',
      { shrub: ['1', 'hm2'] },
      { ...mortgage, rights: [{ kind: 'forest', until: '2020-01-01' }] },
    ),
  ),
  JSON.stringify(parcel('P1', 'hills', { shrub: ['1', 'hm2'] })),
  JSON.stringify(parcel('P4', 'hills', { 'cropland.paddy': ['1', 'hm2'] }, { package: 'A' })),
];

describe('hand-computed batch (R6 and R7 of the example context)', () => {
  // Run in each test (not once for the block), so that the mutation tests see the batch run under each mutant.
  const hand = () => {
    const { results, summary } = runAll(handLines, handContext());
    const ok = (line: number) => results.find((r) => r?.line === line) as ParcelResult;
    return { results, summary, ok };
  };

  it('values each parcel cell by cell', () => {
    const { results, summary, ok } = hand();
    // P1, hills shrub (NEP 1.5), 1 hm²: CO₂ 1.5 × 44/12 = 5.5 t × 43.79644867… = 240.8804… → 240.88;
    // O₂ 1.5 × 32/12 = 4 t × 960.11191941… = 3840.4477… → 3840.45; total 4081.33.
    expect(ok(1)).toMatchObject({
      line: 1,
      ok: true,
      id: 'P1',
      package: 'A',
      key: 'hills',
      path: 'fast',
      value: '4081.33',
      byType: [{ type: 'shrub', area: { value: '1', unit: 'hm2' }, value: '4081.33' }],
      cells: [
        { indicator: 'R6', type: 'shrub', value: '240.88' },
        { indicator: 'R7', type: 'shrub', value: '3840.45' },
      ],
    });
    // P2, hills: broadleaf (NEP 3) 15 亩 = 1 hm²: CO₂ 11 t → 481.7609… → 481.76; O₂ 8 t → 7680.8953… → 7680.90;
    // the type 481.76 + 7680.90 = 8162.66. Shrub 1.5 hm²: CO₂ 8.25 t → 361.3207… → 361.32; O₂ 6 t →
    // 5760.6715… → 5760.67; the type 6121.99. Total 8162.66 + 6121.99 = 14284.65.
    expect(ok(2)).toMatchObject({
      id: 'P2',
      package: 'B',
      value: '14284.65',
      byType: [
        { type: 'forest.broadleaf', area: { value: '15', unit: 'mu' }, value: '8162.66' },
        { type: 'shrub', area: { value: '1.5', unit: 'hm2' }, value: '6121.99' },
      ],
      cells: [
        { indicator: 'R6', type: 'forest.broadleaf', value: '481.76' },
        { indicator: 'R7', type: 'forest.broadleaf', value: '7680.90' },
        { indicator: 'R6', type: 'shrub', value: '361.32' },
        { indicator: 'R7', type: 'shrub', value: '5760.67' },
      ],
      issues: [],
    });
    // P3, valley shrub (NEP 1.6), 1 hm², no package: CO₂ 1.6 × 44/12 = 5.8667 t → 256.9392… → 256.94;
    // O₂ 1.6 × 32/12 = 4.2667 t → 4096.4775… → 4096.48; total 4353.42.
    expect(ok(5)).toMatchObject({ id: 'P3', package: null, key: 'valley', value: '4353.42' });
    // P4, paddy: NEP is given for forest and shrub only, so no cell and 0.00 (the type still listed).
    expect(ok(7)).toMatchObject({
      id: 'P4',
      value: '0.00',
      cells: [],
      byType: [{ type: 'cropland.paddy', area: { value: '1', unit: 'hm2' }, value: '0.00' }],
    });
    for (const r of results.filter((x) => x?.ok === true)) expect(r?.basis).toBe(summary.basis.hash);
  });

  it('reports each refused line by number; the blank line gives no result', () => {
    const { results, ok } = hand();
    expect(results.map((r) => r?.line)).toEqual([1, 2, 4, 5, 6, 7]);
    expect(ok(4)).toEqual({
      line: 4,
      ok: false,
      issues: [
        expect.objectContaining({
          code: 'VEP_LINE_NOT_JSON',
          path: ['line', 4],
          params: { detail: expect.any(String) },
        }),
      ],
    });
    // The copy of P1 names the line P1 was valued on, and carries the id of its record.
    expect(ok(6)).toEqual({
      line: 6,
      ok: false,
      id: 'P1',
      issues: [
        expect.objectContaining({
          code: 'VEP_PARCEL_DUPLICATE',
          path: ['line', 6, 'id'],
          params: { id: 'P1', first: 1 },
        }),
      ],
    });
  });

  it('sums the summary by package, type and indicator, sorted by key', () => {
    const { summary } = hand();
    // Lines: 7 given, the blank one not counted → 6; valued P1 P2 P3 P4 → 4; refused lines 4 and 6 → 2.
    // Warnings: P1 its mortgage (1), P3 its mortgage, its expired right and the mortgage running past the
    // right (3) → 4.
    expect(summary).toMatchObject({
      lines: 6,
      valued: 4,
      refused: 2,
      warnings: 4,
      paths: { fast: 4, decimal: 0 },
    });
    // 4081.33 + 14284.65 + 4353.42 + 0.00 = 22719.40
    expect(summary.value).toBe('22719.40');
    // No package (sorted as '') first: P3 alone, 4353.42. A: P1 4081.33 + P4 0.00 = 4081.33 (2 parcels);
    // B: P2 14284.65.
    expect(summary.byPackage).toEqual([
      { package: null, parcels: 1, value: '4353.42' },
      { package: 'A', parcels: 2, value: '4081.33' },
      { package: 'B', parcels: 1, value: '14284.65' },
    ]);
    // shrub: 1 + 1.5 + 1 = 3.5 hm², 4081.33 + 6121.99 + 4353.42 = 14556.74; broadleaf 15 亩 = 1 hm², 8162.66.
    expect(summary.byType).toStrictEqual([
      { type: 'cropland.paddy', parcels: 1, area: { value: '1', unit: 'hm2' }, value: '0.00' },
      { type: 'forest.broadleaf', parcels: 1, area: { value: '1', unit: 'hm2' }, value: '8162.66' },
      { type: 'shrub', parcels: 3, area: { value: '3.5', unit: 'hm2' }, value: '14556.74' },
    ]);
    // R6: 240.88 + 481.76 + 361.32 + 256.94 = 1340.90; R7: 3840.45 + 7680.90 + 5760.67 + 4096.48 = 21378.50;
    // 1340.90 + 21378.50 = 22719.40.
    expect(summary.byIndicator).toEqual([
      { indicator: 'R6', value: '1340.90' },
      { indicator: 'R7', value: '21378.50' },
    ]);
    expect(summary.overlaps).toEqual([]);
    expect(summary.referenceWarnings).toEqual([]);
    expect(summary.warningCatalogue).toBeUndefined();
    // The 10 indicators of the base profile that are not parcel-level (M1–M6, R4, R5, C1, C2), once per batch.
    expect(summary.contextWarnings.map((w) => [w.code, w.params?.indicator])).toEqual(
      ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'R4', 'R5', 'C1', 'C2'].map((c) => ['VEP_METHOD_NOT_PARCEL', c]),
    );
  });

  it('lists parcels without a package first however the batch meets them', () => {
    // The summary sorts by key, no package as ''; here the parcel without one comes first, then B, then A.
    const { summary } = runAll(
      [
        parcel('N1', 'hills', { shrub: ['1', 'hm2'] }),
        parcel('N2', 'hills', { shrub: ['1', 'hm2'] }, { package: 'B' }),
        parcel('N3', 'valley', { shrub: ['1', 'hm2'] }, { package: 'A' }),
      ],
      handContext(),
    );
    expect(summary.byPackage).toEqual([
      { package: null, parcels: 1, value: '4081.33' },
      { package: 'A', parcels: 1, value: '4353.42' },
      { package: 'B', parcels: 1, value: '4081.33' },
    ]);
  });

  it('gives a type area that is no finite decimal in hm² as a fraction too', () => {
    // 1 亩 + 0.1 hm² = 1/15 + 1/10 = 2/30 + 3/30 = 1/6 hm² = 0.1666666666|67 → 0.1666666667 (10 places).
    const { summary: s } = runAll(
      [parcel('M1', 'hills', { shrub: ['1', 'mu'] }), parcel('M2', 'hills', { shrub: ['0.1', 'hm2'] })],
      handContext(),
    );
    expect(s.byType).toEqual([
      {
        type: 'shrub',
        parcels: 2,
        area: { value: '0.1666666667', unit: 'hm2', fraction: '1/6' },
        // 1/15 hm²: R6 16.0587 → 16.06, R7 256.0298 → 256.03; 0.1 hm²: R6 24.0880 → 24.09, R7 384.0448 → 384.04.
        // 16.06 + 256.03 + 24.09 + 384.04 = 680.22
        value: '680.22',
      },
    ]);
  });

  it('carries the warnings inline by default', () => {
    const { ok } = hand();
    expect(ok(1).issues.map((i) => [i.code, i.path])).toEqual([
      ['VEP_PARCEL_ENCUMBERED', ['line', 1, 'encumbrances']],
    ]);
    expect(ok(1).warnings).toBeUndefined();
  });

  it('the decimal path gives the same values and is counted as such', () => {
    const { results } = hand();
    const slow = runAll(handLines, handContext(), { fastPath: false });
    expect(slow.summary.paths).toEqual({ fast: 0, decimal: 4 });
    expect(slow.summary.value).toBe('22719.40');
    expect(slow.results.map((r) => r?.value)).toEqual(results.map((r) => r?.value));
  });
});

describe('warnings as refs', () => {
  it('each distinct warning once in the catalogue, with its first line and count; parcels carry refs', () => {
    const b = new VepBatch(handContext(), { warnings: 'refs' });
    const rs = handLines.map((l, i) => b.process(l, i + 1));
    // P1's mortgage is W1; P3 (line 5) brings its expired right (W2), the mortgage past the right's end (W3)
    // and a mortgage like P1's: the same entry W1 (the params differ only by the parcel id). Its warnings are
    // in the valuer's order: the right, the encumbrance dates, the mortgage.
    expect(rs.map((r) => r && [r.line, r.ok, r.warnings, r.issues.length])).toEqual([
      [1, true, ['W1'], 0],
      [2, true, [], 0],
      undefined,
      [4, false, undefined, 1],
      [5, true, ['W2', 'W3', 'W1'], 0],
      [6, false, undefined, 1],
      [7, true, [], 0],
    ]);
    const s = b.summary();
    // 1 + 3 warnings, counted alike whether inline or as refs.
    expect(s.warnings).toBe(4);
    expect(s.warningCatalogue?.map((e) => [e.ref, e.count, e.firstLine, e.issue.code, e.issue.path])).toEqual(
      [
        ['W1', 2, 1, 'VEP_PARCEL_ENCUMBERED', ['line', 1, 'encumbrances']],
        ['W2', 1, 5, 'VEP_RIGHT_EXPIRED', ['line', 5, 'rights', 0, 'until']],
        ['W3', 1, 5, 'VEP_ENCUMBRANCE_DATES', ['line', 5, 'encumbrances', 0]],
      ],
    );
    // The first sighting's parameters are kept (P1's id).
    expect(s.warningCatalogue?.[0]?.issue.params).toEqual({ id: 'P1', kinds: 'mortgage' });
    expect([...(b.catalogue()?.values() ?? [])]).toEqual(s.warningCatalogue);
  });

  it('refs given to accept (a pool worker) replace the warnings and enter no catalogue', () => {
    const b = new VepBatch(handContext(), { warnings: 'refs' });
    const read = b.read(handLines[0], 1) as { parcel: Parcel };
    const v = b.valuer.value(read.parcel, ['line', 1]) as ParcelValue;
    const r = b.accept(1, v, ['W7']);
    expect([r.ok, r.value, r.issues, r.warnings]).toEqual([true, '4081.33', [], ['W7']]);
    expect(b.summary().warningCatalogue).toEqual([]);
    // A batch with inline warnings has no catalogue; given refs, accept still writes them in place of issues.
    const inline = new VepBatch(handContext());
    expect(inline.catalogue()).toBeUndefined();
    expect(inline.accept(1, v, ['W1'])).toMatchObject({ issues: [], warnings: ['W1'] });
  });
});

describe('CSV lines', () => {
  it('the header (after blank lines) is no line of the summary; a bad row is refused by line, with its id cell', () => {
    const b = new VepBatch(handContext(), { format: 'csv' });
    const rows = [
      '',
      'id,package,key,unit,area:forest.broadleaf,right,encumbrances',
      'C1,A,hills,mu,15,forest,',
      'C2,A,hills,mu,15,forest,mortgage@',
      'C3,A,nowhere,mu,15,forest,',
    ];
    const rs = rows.map((l, i) => b.process(l, i + 1));
    expect(rs.slice(0, 2)).toEqual([undefined, undefined]);
    // C1: 15 亩 of broadleaf = 1 hm², 481.76 + 7680.90 = 8162.66 (as P2's broadleaf above).
    expect(rs[2]).toMatchObject({ line: 3, ok: true, id: 'C1', package: 'A', value: '8162.66' });
    // The row's encumbrances cell is refused before a record exists: the result names the line and the id cell.
    expect(rs[3]).toEqual({
      line: 4,
      ok: false,
      id: 'C2',
      issues: [expect.objectContaining({ code: 'VEP_CSV_INVALID', path: ['line', 4, 'encumbrances'] })],
    });
    expect(rs[4]).toMatchObject({ line: 5, ok: false, id: 'C3', issues: [{ code: 'VEP_KEY_UNKNOWN' }] });
    // Lines 3, 4, 5: three rows, one valued, two refused.
    expect(b.summary()).toMatchObject({ lines: 3, valued: 1, refused: 2, value: '8162.66' });
    // Rows of empty cells below the table (a spreadsheet's export) are blank lines: no result, not counted.
    expect([',,,,,,', ' , ,\t,', ','].map((l, i) => b.process(l, 6 + i))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(b.summary()).toMatchObject({ lines: 3, valued: 1, refused: 2 });
    // A row with one cell given is a row: refused for what it lacks; its id cell is empty, an empty id.
    expect(b.process(',,,,,,x', 9)).toMatchObject({ line: 9, ok: false, id: '' });
  });

  it('a row whose cells cannot all be read gives its id cell when the id column is first (CsvParcels.idOf)', () => {
    const b = new VepBatch(handContext(), { format: 'csv' });
    b.process('id,package,key,unit,area:forest.broadleaf,right,note', 1);
    const refused = (row: string, line: number) => {
      const r = b.process(row, line) as ParcelResult;
      return [r.ok, r.issues[0]?.code, r.id];
    };
    // a note with an unquoted comma: 8 cells for 7 columns
    expect(refused('D1,A,hills,mu,15,forest,north, by the river', 2)).toEqual([
      false,
      'VEP_CSV_INVALID',
      'D1',
    ]);
    // a quote inside an unquoted cell, and a quote left open
    expect(refused(' D2 ,A,hills,mu,15,forest,the "old" pine', 3)).toEqual([false, 'VEP_CSV_INVALID', 'D2']);
    expect(refused('"D,3",A,hills,mu,15,forest,"open', 4)).toEqual([false, 'VEP_CSV_INVALID', 'D,3']);
    // the id cell itself broken: none
    expect(refused('D"4,A,hills,mu,15,forest,', 5)).toEqual([false, 'VEP_CSV_INVALID', undefined]);
    // a row too long for the splitter: none (its text is not read)
    expect(refused('\uDC0010', 6)).toEqual([false, 'LINE_TOO_LONG', undefined]);
    // The id column second: a row of the wrong width gives none, one that reads gives its cell.
    const c = new VepBatch(handContext(), { format: 'csv' });
    c.process('package,id,key,unit,area:forest.broadleaf', 1);
    expect((c.process('A,E1,hills,mu', 2) as ParcelResult).id).toBeUndefined();
    expect((c.process('A,E1,hills,mu,15,x', 3) as ParcelResult).id).toBeUndefined();
    expect(c.process('A,E2,hills,mu,-15', 4)).toMatchObject({ ok: false, id: 'E2' });
  });

  it('climate cells merge over the climate of the row key; an unknown key has none', () => {
    // The full example context: R1 reads the precipitation. A cell giving the key's own 1800 mm leaves the row
    // valued as the row without it (every other climate field comes from the key); for an unknown key the row is
    // refused for its key.
    const b = new VepBatch(exampleContext(), { format: 'csv' });
    b.process('id,key,unit,area:shrub,precipitation_mm', 1);
    const own = b.process('S1,hills,hm2,1,1800', 2) as ParcelResult;
    const plain = b.process('S2,hills,hm2,1,', 3) as ParcelResult;
    expect([own.ok, own.value]).toEqual([true, plain.value]);
    expect(b.process('S3,nowhere,hm2,1,1800', 4)).toMatchObject({
      ok: false,
      issues: [{ code: 'VEP_KEY_UNKNOWN' }],
    });
  });

  it('a CSV batch without a header line has no summary (VEP_CSV_HEADER at line 1)', () => {
    const b = new VepBatch(handContext(), { format: 'csv' });
    expect(b.process('   ', 1)).toBeUndefined();
    let e: unknown;
    try {
      b.summary();
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(GepError);
    expect((e as GepError).issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['VEP_CSV_HEADER', ['line', 1], { detail: 'no header line' }],
    ]);
    // A JSON Lines batch of blank lines sums to nothing.
    const j = new VepBatch(handContext());
    expect(j.process('', 1)).toBeUndefined();
    expect(j.summary()).toMatchObject({
      lines: 0,
      valued: 0,
      refused: 0,
      value: '0.00',
      byPackage: [],
      byType: [],
    });
  });

  it('records (not text) are counted and read as parcels', () => {
    const b = new VepBatch(handContext());
    // A record with a numeric id: refused by the schema, and its id (not a string) is not echoed.
    const bad = b.process(
      { id: 7, key: 'hills', areas: { shrub: { value: '1', unit: 'hm2' } } },
      1,
    ) as ParcelResult;
    expect([bad.ok, 'id' in bad]).toEqual([false, false]);
    expect(b.process(parcel('R1', 'hills', { shrub: ['1', 'hm2'] }), 2)).toMatchObject({
      ok: true,
      value: '4081.33',
    });
    expect(b.summary()).toMatchObject({ lines: 2, valued: 1, refused: 1 });
  });
});

describe('duplicate checks and their disk index', () => {
  const area = { shrub: ['1', 'hm2'] as [string, string] };
  const right = (pkg: string, certificate: string, holder: string) => ({
    package: pkg,
    rights: [{ kind: 'forest', certificate, holder }],
  });
  const outcome = (rs: (ParcelResult | undefined)[]) =>
    rs.map((r) => [
      r?.line,
      r?.id,
      r?.ok ? 'valued' : r?.issues[0]?.code,
      r?.ok ? undefined : r?.issues[0]?.params,
    ]);
  const lines = [
    parcel('K1', 'hills', area, right('A', 'C-1', '甲')),
    parcel('K2', 'hills', area, { package: 'A' }),
    parcel('K1', 'hills', area),
    parcel('K3', 'hills', area, right('B', 'C-1', '乙')),
    parcel('K2', 'hills', area),
  ];
  const expected = [
    [1, 'K1', 'valued', undefined],
    [2, 'K2', 'valued', undefined],
    [3, 'K1', 'VEP_PARCEL_DUPLICATE', { id: 'K1', first: 1 }],
    [
      4,
      'K3',
      'VEP_CERTIFICATE_DUPLICATE',
      { certificate: 'C-1', first: 'K1: package A, holder 甲', id: 'K3' },
    ],
    [5, 'K2', 'VEP_PARCEL_DUPLICATE', { id: 'K2', first: 2 }],
  ];

  it('memoryKeys: the keys move to the disk index past that many, and the checks read them there', () => {
    const parent = mkdtempSync(join(tmpdir(), 'gepkit-batch-test-'));
    try {
      const b = new VepBatch(handContext(), { memoryKeys: 2, diskIndex: () => openDiskIndex(parent) });
      const rs: (ParcelResult | undefined)[] = [];
      // K1 sets 2 keys (its id and C-1): still in memory, no index yet.
      rs.push(b.process(lines[0], 1));
      expect(readdirSync(parent)).toEqual([]);
      // K2's id is the third key: all three move to a new index folder.
      rs.push(b.process(lines[1], 2));
      expect(readdirSync(parent)).toHaveLength(1);
      for (let i = 2; i < lines.length; i++) rs.push(b.process(lines[i], i + 1));
      expect(outcome(rs)).toEqual(expected);
      b.close();
      expect(readdirSync(parent)).toEqual([]);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('without memoryKeys the keys stay in memory (MEMORY_KEYS = 100,000)', () => {
    let opened = 0;
    const b = new VepBatch(handContext(), { diskIndex: () => (opened++, memoryIndex()) });
    expect(outcome(lines.map((p, i) => b.process(p, i + 1)))).toEqual(expected);
    expect(opened).toBe(0);
    expect(MEMORY_KEYS).toBe(100_000);
  });

  it('checkDuplicates: false values every copy', () => {
    const { results, summary } = runAll(lines, handContext(), { checkDuplicates: false });
    expect(results.map((r) => [r?.id, r?.ok])).toEqual([
      ['K1', true],
      ['K2', true],
      ['K1', true],
      ['K3', true],
      ['K2', true],
    ]);
    // 5 parcels of 1 hm² of hills shrub: 5 × 4081.33 = 20406.65
    expect(summary).toMatchObject({ valued: 5, refused: 0, value: '20406.65' });
  });

  it('valueParcels and valueParcelsAsync close the index, also when the caller stops early', async () => {
    const closed: string[] = [];
    const index = (name: string) => () => ({ ...memoryIndex(), close: () => closed.push(name) });
    runAll(lines, handContext(), { memoryKeys: 0, diskIndex: index('sync') });
    const gen = valueParcels(lines, handContext(), { memoryKeys: 0, diskIndex: index('stopped') });
    expect(gen.next().value).toMatchObject({ line: 1, ok: true });
    gen.return(undefined as never);
    const agen = valueParcelsAsync(
      (async function* () {
        yield* lines;
      })(),
      handContext(),
      { memoryKeys: 0, diskIndex: index('async') },
    );
    const out: ParcelResult[] = [];
    let s = await agen.next();
    while (s.done !== true) {
      out.push(s.value);
      s = await agen.next();
    }
    expect(outcome(out)).toEqual(expected);
    // K1 and K2 valued; the copies of K1 and K2 and K3 (C-1 under another package) refused.
    expect(s.value).toMatchObject({ lines: 5, valued: 2, refused: 3 });
    expect(closed).toEqual(['sync', 'stopped', 'async']);
  });

  it('valueParcels and valueParcelsAsync number every line, blank ones too, and yield none for those', async () => {
    const items = ['', JSON.stringify(lines[0]), '  ', JSON.stringify(lines[2])];
    const sync = runAll(items, handContext());
    expect(sync.results.map((r) => [r?.line, r?.ok])).toEqual([
      [2, true],
      [4, false],
    ]);
    const agen = valueParcelsAsync(items, handContext());
    const lines2: [number, boolean][] = [];
    let s = await agen.next();
    while (s.done !== true) {
      lines2.push([s.value.line, s.value.ok]);
      s = await agen.next();
    }
    expect(lines2).toEqual([
      [2, true],
      [4, false],
    ]);
    expect(s.value).toEqual(sync.summary);
  });
});

describe('indexOptions', () => {
  it('memory: no index; disk: from the first key; auto: past MEMORY_KEYS', () => {
    const open = () => memoryIndex();
    expect(indexOptions('memory', open)).toEqual({});
    expect(indexOptions('disk', open)).toEqual({ diskIndex: expect.any(Function), memoryKeys: 0 });
    expect(indexOptions('auto', open)).toEqual({ diskIndex: expect.any(Function), memoryKeys: 100_000 });
  });

  it('the index it opens is guarded: a failure to open is VEP_INDEX_FAILED with the detail', () => {
    const { diskIndex } = indexOptions('disk', () => {
      throw new Error('no room on the device');
    });
    const b = new VepBatch(handContext(), { memoryKeys: 0, diskIndex });
    let e: unknown;
    try {
      b.process(parcel('X1', 'hills', { shrub: ['1', 'hm2'] }), 1);
    } catch (err) {
      e = err;
    }
    expect((e as GepError).issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ['VEP_INDEX_FAILED', [], { detail: 'no room on the device' }],
    ]);
  });
});

/** A DuplicateIndex over plain Maps (what a disk index keeps, without the files). */
function memoryIndex(): DuplicateIndex {
  return { ids: new Map<string, number>(), certificates: new Map<string, CertificateSeen>(), close() {} };
}

describe('outlines, overlaps and the totals of a pool', () => {
  // G1 and G3 have the same outline (the 0.01° square at 120° E, 30° N, 1 070 729.81 m²: test/vep/helpers.ts);
  // G4's is a square far away; G2 has none. An outline of about 107 hm² against a declared 1 hm² is warned
  // (VEP_AREA_MISMATCH, one warning per outlined parcel); the value rests on the declared areas.
  const lines = [
    parcel('G1', 'hills', { shrub: ['1', 'hm2'] }, { package: 'A', geometry: SQUARE_001 }),
    parcel('G2', 'hills', { shrub: ['1', 'hm2'] }, { package: 'B' }),
    parcel('G3', 'hills', { 'forest.broadleaf': ['15', 'mu'] }, { package: 'A', geometry: SQUARE_001 }),
    parcel('G4', 'valley', { shrub: ['1', 'hm2'] }, { package: 'C', geometry: square(121, 31, 0.01) }),
  ];

  it('the overlap of two valued outlines is reported once, with its area to 0.1 m², at the later line', () => {
    const { summary } = runAll(lines, handContext());
    // G1 (line 1) and G3 (line 3) share their whole outline: 1 070 729.81 m². The warning is at G3's outline
    // (line 3, where the overlap shows) and names both lines; G2 (no outline) and G4 (far away) are not in it.
    expect(summary.overlaps.map((o) => [o.code, o.path, o.params])).toEqual([
      [
        'VEP_PARCEL_OVERLAP',
        ['line', 3, 'geometry'],
        { a: 'G1', b: 'G3', area: '1070729.8 m²', lineA: 1, lineB: 3 },
      ],
    ]);
    expect(summary.overlaps[0]?.message.en).toBe(
      'The outlines of parcels "G1" (line 1) and "G3" (line 3) overlap (overlapping area 1070729.8 m²)',
    );
    expect(summary.overlaps[0]?.message.zh).toBe(
      '地块“G1”（第 1 行）与“G3”（第 3 行）的图形重叠（重叠面积 1070729.8 m²）',
    );
  });

  it('an overlap names the lines of its parcels, not their places among the outlines', () => {
    // Lines 2 and 5 overlap; lines 1, 3 and 4 give no outline or a refused line, so the outlines are the second
    // and third of the batch's list but the warning names lines 2 and 5. Three pairs in a batch of four outlines
    // (A at line 2, B at line 5, C at line 7 overlapping B, D at line 8 far away) come by the earlier line, then
    // the later: (2, 5), (2, 7), (5, 7).
    const b = new VepBatch(handContext());
    b.process(lines[1], 1); // G2: no outline
    b.process(parcel('A', 'hills', { shrub: ['1', 'hm2'] }, { geometry: SQUARE_001 }), 2);
    b.process('{"id":', 3); // refused: not JSON
    b.process(parcel('N', 'hills', { shrub: ['1', 'hm2'] }), 4);
    b.process(parcel('B', 'hills', { shrub: ['1', 'hm2'] }, { geometry: square(120.005, 30, 0.01) }), 5);
    b.process(parcel('C', 'hills', { shrub: ['1', 'hm2'] }, { geometry: square(120.005, 30.005, 0.01) }), 7);
    b.process(parcel('D', 'hills', { shrub: ['1', 'hm2'] }, { geometry: square(121, 31, 0.01) }), 8);
    expect(b.summary().overlaps.map((o) => [o.path, o.params?.a, o.params?.b, o.params?.lineA])).toEqual([
      [['line', 5, 'geometry'], 'A', 'B', 2],
      [['line', 7, 'geometry'], 'A', 'C', 2],
      [['line', 7, 'geometry'], 'B', 'C', 5],
    ]);
  });

  it('Totals.data: the counts and sums as plain data (fen, outlines by line)', () => {
    const y = new VepBatch(handContext());
    y.process(lines[0], 1);
    y.process(lines[1], 2);
    const d = y.sums.data();
    // Two parcels of 1 hm² of hills shrub: 2 × 408 133 fen = 816 266; R6 2 × 24 088, R7 2 × 384 045; G1's
    // area mismatch is the one warning.
    expect(d.stats).toEqual({
      lines: 2,
      valued: 2,
      refused: 0,
      warnings: 1,
      fast: 2,
      decimal: 0,
      fen: 816_266n,
    });
    expect(d.byPackage).toEqual([
      ['A', 1, 408_133n],
      ['B', 1, 408_133n],
    ]);
    expect(d.byType.map(([t, n, fen]) => [t, n, fen])).toEqual([['shrub', 2, 816_266n]]);
    expect(d.byIndicator).toEqual([
      ['R6', 48_176n],
      ['R7', 768_090n],
    ]);
    expect(d.outlines).toEqual([{ line: 1, id: 'G1', geometry: SQUARE_001 }]);
    // A copy: counting on does not change the data taken.
    y.process(lines[2], 3);
    expect(d.stats.lines).toBe(2);
  });

  it('a coordinator adding a worker’s totals sums as one batch, outlines back in line order', () => {
    const whole = runAll(lines, handContext()).summary;
    // The worker read lines 1 and 2, the coordinator lines 3 and 4 (and some of its own before: lines after 2).
    const worker = new VepBatch(handContext());
    worker.process(lines[0], 1);
    worker.process(lines[1], 2);
    const coordinator = new VepBatch(handContext());
    coordinator.process(lines[2], 3);
    coordinator.process(lines[3], 4);
    coordinator.addTotals({ ...worker.sums.data(), referenceWarnings: [] });
    expect(coordinator.sums.outlines.map((o) => o.line)).toEqual([1, 3, 4]);
    const merged = coordinator.summary();
    expect(merged).toEqual(whole);
    // 2 × 4081.33 (G1, G2) + 8162.66 (G3) + 4353.42 (G4) = 20678.74; A: G1 + G3 = 12243.99.
    expect(merged).toMatchObject({ lines: 4, valued: 4, value: '20678.74' });
    expect(merged.byPackage.map((p) => [p.package, p.parcels, p.value])).toEqual([
      ['A', 2, '12243.99'],
      ['B', 1, '4081.33'],
      ['C', 1, '4353.42'],
    ]);
    // shrub: 1 + 1 + 1 = 3 hm² (G1, G2, G4); broadleaf 1 hm².
    expect(merged.byType.map((t) => [t.type, t.parcels, t.area.value])).toEqual([
      ['forest.broadleaf', 1, '1'],
      ['shrub', 3, '3'],
    ]);
    // Totals from later lines append: no reordering needed.
    const later = new VepBatch(handContext());
    later.process(lines[3], 4);
    const first = new VepBatch(handContext());
    first.process(lines[0], 1);
    first.addTotals({ ...later.sums.data(), referenceWarnings: [] });
    first.addTotals({ ...new VepBatch(handContext()).sums.data(), referenceWarnings: [] });
    expect(first.sums.outlines.map((o) => o.line)).toEqual([1, 4]);
    expect(first.summary()).toMatchObject({ lines: 2, valued: 2, value: '8434.75' });
    // One outline (line 4), then a worker's from line 1: back in line order. A coordinator without outlines
    // takes the worker's as they come.
    const worker1 = new VepBatch(handContext());
    worker1.process(lines[0], 1);
    const one = new VepBatch(handContext());
    one.process(lines[3], 4);
    one.addTotals({ ...worker1.sums.data(), referenceWarnings: [] });
    expect(one.sums.outlines.map((o) => o.line)).toEqual([1, 4]);
    const none = new VepBatch(handContext());
    none.process(lines[1], 2);
    none.addTotals({ ...worker1.sums.data(), referenceWarnings: [] });
    expect(none.sums.outlines.map((o) => o.line)).toEqual([1]);
  });

  it('Totals.merge adds every count: refused lines and parcels of the decimal path too', () => {
    const worker = new VepBatch(handContext(), { fastPath: false });
    worker.process(lines[1], 2);
    worker.process('{"id":', 3);
    worker.process(lines[3], 5);
    const coordinator = new VepBatch(handContext());
    coordinator.process(lines[0], 1);
    coordinator.process('{"id":', 4);
    coordinator.addTotals({ ...worker.sums.data(), referenceWarnings: [] });
    // Lines 1–5; G1 (fast), G2 and G4 (decimal) valued, lines 3 and 4 refused; G1's and G4's area mismatch;
    // 4081.33 + 4081.33 + 4353.42 = 12516.08.
    expect(coordinator.summary()).toMatchObject({
      lines: 5,
      valued: 3,
      refused: 2,
      warnings: 2,
      paths: { fast: 1, decimal: 2 },
      value: '12516.08',
    });
  });

  it('reference warnings: each once, sorted; a worker’s join the coordinator’s', () => {
    // The full example context: the reference runs warn of its assumed placeholders (GRADE_BELOW_THRESHOLD).
    const ctx = exampleContext();
    const worker = new VepBatch(ctx);
    worker.process(parcel('S1', 'hills', { shrub: ['1', 'hm2'] }), 1);
    const coordinator = new VepBatch(ctx);
    coordinator.process(parcel('F1', 'hills', { 'forest.broadleaf': ['1', 'hm2'] }), 2);
    // Broadleaf's run reads the bulk density, its runoff coefficient and the ion lifetime (in that order);
    // shrub's its own runoff coefficient and the bulk density again: four in all, ordered by their text.
    const items = (s: BatchSummary) => s.referenceWarnings.map((w) => w.params?.item);
    expect(items(coordinator.summary())).toEqual([
      'ions.lifetime @ example-local@1.0.0',
      'runoff.storm_coefficient [forest.broadleaf] @ example-local@1.0.0',
      'soil.bulk_density @ example-local@1.0.0',
    ]);
    coordinator.addTotals({ ...worker.sums.data(), referenceWarnings: [...worker.valuer.referenceWarnings] });
    const s = coordinator.summary();
    expect(s.referenceWarnings.map((w) => [w.code, w.path, w.params?.item])).toEqual(
      [
        'ions.lifetime @ example-local@1.0.0',
        'runoff.storm_coefficient [forest.broadleaf] @ example-local@1.0.0',
        'runoff.storm_coefficient [shrub] @ example-local@1.0.0',
        'soil.bulk_density @ example-local@1.0.0',
      ].map((i) => ['GRADE_BELOW_THRESHOLD', [], i]),
    );
    expect(s.valued).toBe(2);
  });

  it('a batch over a ParcelValuer values with it', () => {
    const valuer = new ParcelValuer(handContext());
    const b = new VepBatch(valuer);
    expect(b.valuer).toBe(valuer);
    expect(b.process(lines[1], 1)).toMatchObject({ ok: true, value: '4081.33' });
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
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([['VEP_PARCEL_INVALID', ['line', 2, 'right']]]);
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

  it('a CSV row is said at its columns: a refusal of its valuation, and a valued row’s warnings', () => {
    const c = new VepBatch(exampleContext(), { format: 'csv' });
    c.process('id,key,unit,area:shrub,right,right_until', 1);
    // a right that ended before the valuation date (2024-03-31): warned at right_until, the parcel valued
    const expired = c.process('P1,hills,hm2,1,forest,2020-01-01', 2) as ParcelResult;
    expect(expired.ok).toBe(true);
    const warned = expired.issues.find((i) => i.code === 'VEP_RIGHT_EXPIRED');
    expect(warned?.path).toEqual(['line', 2, 'right_until']);
    // warnings of the row as a whole (grades of the coefficients read) keep their path
    const plain = c.process('P2,hills,hm2,1,forest,2030-01-01', 3) as ParcelResult;
    expect(plain.issues.every((i) => i.path.length === 2)).toBe(true);
    // refused by the valuation (an undeclared key): at the key column
    const c2 = new VepBatch(exampleContext(), { format: 'csv' });
    c2.process('id,key,unit,area:shrub', 1);
    expect((c2.process('P3,coast,hm2,1', 2) as ParcelResult).issues.map((i) => [i.code, i.path])).toEqual([
      ['VEP_KEY_UNKNOWN', ['line', 2, 'key']],
    ]);
    // the same expired right in JSON Lines: the record's path
    const j = new VepBatch(exampleContext());
    const line = JSON.stringify({
      ...parcel('P1', 'hills', { shrub: ['1', 'hm2'] }),
      rights: [{ kind: 'forest', until: '2020-01-01' }],
    });
    const jr = j.process(line, 1) as ParcelResult;
    expect(jr.issues.find((i) => i.code === 'VEP_RIGHT_EXPIRED')?.path).toEqual([
      'line',
      1,
      'rights',
      0,
      'until',
    ]);
  });

  it('a refused line names its package, read by the id rule; none where it gives none or none as text', () => {
    const b = new VepBatch(exampleContext());
    const refused = (pkg: unknown, n: number) => {
      const r = b.process(
        JSON.stringify({ ...parcel(`R${n}`, 'coast', { shrub: ['1', 'hm2'] }), package: pkg }),
        n,
      ) as ParcelResult;
      expect(r.ok).toBe(false); // the key "coast" is not declared
      return r;
    };
    // " Ｐ１ " read as P1, as summary.byPackage reads a valued parcel's package; the key order of a valued line
    expect(Object.keys(refused(' Ｐ１ ', 1))).toEqual(['line', 'ok', 'id', 'package', 'issues']);
    expect(refused(' Ｐ１ ', 2).package).toBe('P1');
    expect('package' in refused('   ', 3)).toBe(false);
    expect('package' in refused(null, 4)).toBe(false);
    // a package of another type is refused by the schema: no package named
    expect('package' in refused(7, 5)).toBe(false);
    // a line that is no record: no id, no package
    expect(b.process('{"id":', 6)).toEqual({ line: 6, ok: false, issues: expect.any(Array) });
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

describe('VepBatch options', () => {
  const refusal = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof GepError)) throw e;
      return e.issues.map((i) => [i.code, i.path.join('.'), i.params?.detail]);
    }
    return [];
  };
  it('a ParcelValuer given as context values by its own options: the batch refuses valuer options beside it', () => {
    const valuer = new ParcelValuer(exampleContext(), { fastPath: false });
    const batch = new VepBatch(valuer, { format: 'csv', checkDuplicates: false });
    expect(batch.valuer).toBe(valuer);
    expect(refusal(() => new VepBatch(valuer, { fastPath: true, cacheSize: 5 }))).toEqual([
      [
        'OPTIONS_INVALID',
        'options.fastPath',
        'fastPath, cacheSize: the ParcelValuer given as the context values by its own options; give them to it',
      ],
    ]);
    expect(refusal(() => new VepBatch(valuer, { onReference: () => {} }))[0]?.[1]).toBe(
      'options.onReference',
    );
    // a context that is no valuer takes them: the batch's valuer is built with them
    const own = new VepBatch(exampleContext(), { fastPath: false, cacheSize: 5 });
    expect(own.valuer).toBeInstanceOf(ParcelValuer);
    expect(own.valuer).not.toBe(valuer);
  });
  it('refuses options it cannot read, at their path', () => {
    expect(refusal(() => new VepBatch(exampleContext(), { fromat: 'csv' } as never))[0]?.slice(0, 2)).toEqual(
      ['OPTIONS_INVALID', 'options'],
    );
    expect(refusal(() => new VepBatch(exampleContext(), { memoryKeys: -1 }))[0]?.slice(0, 2)).toEqual([
      'OPTIONS_INVALID',
      'options.memoryKeys',
    ]);
  });
});
