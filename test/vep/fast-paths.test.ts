import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Issue, Path } from '../../src/core/errors';
import { prepareContext } from '../../src/vep/context';
import { splitCsv } from '../../src/io/csv';
import { CsvParcels } from '../../src/vep/csv';
import { vepIssue } from '../../src/vep/errors';
import { parseParcel } from '../../src/vep/parse-parcel';
import type { Parcel } from '../../src/vep/schema';
import { ParcelValuer } from '../../src/vep/valuer';
import { TYPES, exampleContext, parcel } from './helpers';

const prepared = prepareContext(exampleContext());

describe('fast-path warnings: templates re-located by line give what computing them afresh gives', () => {
  const UNITS = ['mu', 'hm2', 'm2'];
  const arbParcel = fc.record({
    key: fc.constantFrom('hills', 'valley'),
    types: fc.subarray([...TYPES], { minLength: 1 }),
    area: fc.integer({ min: 1, max: 99_999 }),
    unit: fc.constantFrom(...UNITS),
    encumbered: fc.boolean(),
  });
  it('same warnings (and values) at line n2 whether the template was made at n1 or at n2', () => {
    fc.assert(
      fc.property(arbParcel, fc.nat(1e6), fc.nat(1e6), (q, n1, n2) => {
        const rec = parcel(
          'P',
          q.key,
          Object.fromEntries(q.types.map((t) => [t, [(q.area / 100).toFixed(2), q.unit]])),
          q.encumbered ? { encumbrances: [{ kind: 'mortgage' }] } : {},
        );
        const p = parseParcel(rec, []) as Parcel;
        const reused = new ParcelValuer(prepared);
        reused.value(p, ['line', n1]);
        const again = reused.value(p, ['line', n2]);
        const fresh = new ParcelValuer(prepared).value(p, ['line', n2]);
        // not a line location: never cached
        const elsewhere = new ParcelValuer(prepared).value(p, ['parcels', n2]) as { warnings: Issue[] };
        expect(again).toEqual(fresh);
        expect(elsewhere.warnings.map((w) => w.path.slice(2))).toEqual(
          (fresh as { warnings: Issue[] }).warnings.map((w) => w.path.slice(2)),
        );
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});

/** The row reader as it was (Map of pairs, Object.fromEntries): the reference for the plain loop. */
function referenceRow(columns: { kind: string; name: string }[], text: string, line: number) {
  const fields = splitCsv(text);
  const path: Path = ['line', line];
  if (typeof fields === 'string') return [vepIssue('VEP_CSV_INVALID', path, { detail: fields })];
  if (fields.length !== columns.length)
    return [
      vepIssue('VEP_CSV_INVALID', path, {
        detail: `${fields.length} fields, the header has ${columns.length}`,
      }),
    ];
  const s: Record<string, string> = {};
  const areas: [string, string][] = [];
  const climate: Record<string, { value: string; unit: 'mm' }> = {};
  columns.forEach((c, i) => {
    const v = (fields[i] as string).trim();
    if (v === '') return;
    if (c.kind === 'scalar') s[c.name] = v;
    else if (c.kind === 'area') areas.push([c.name, v]);
    else climate[c.name] = { value: v, unit: 'mm' };
  });
  const rec: Record<string, unknown> = { id: s.id ?? '' };
  if (s.package !== undefined) rec.package = s.package;
  if (s.key !== undefined) rec.key = s.key;
  const unit = s.unit ?? '';
  if (unit === '' && areas.length > 0)
    return [expect.objectContaining({ code: 'VEP_PARCEL_INVALID', path: [...path, 'unit'] })];
  rec.areas = Object.fromEntries(areas.map(([t, v]) => [t, { value: v, unit }]));
  if (Object.keys(climate).length > 0) rec.context = { climate: [climate] };
  if (['right', 'certificate', 'holder', 'right_until'].some((k) => s[k] !== undefined)) {
    const r: Record<string, string> = {};
    if (s.right !== undefined) r.kind = s.right;
    if (s.certificate !== undefined) r.certificate = s.certificate;
    if (s.holder !== undefined) r.holder = s.holder;
    if (s.right_until !== undefined) r.until = s.right_until;
    rec.rights = [r];
  }
  if (s.encumbrances !== undefined) {
    const entries = s.encumbrances.split(';').map((e) => e.split('@').map((x) => x.trim()));
    if (entries.some((parts) => parts.length > 2 || parts.includes('')))
      return [expect.objectContaining({ code: 'VEP_CSV_INVALID', path: [...path, 'encumbrances'] })];
    rec.encumbrances = entries.map(([kind, until]) => (until === undefined ? { kind } : { kind, until }));
  }
  if (s.note !== undefined) rec.note = s.note;
  return rec;
}

describe('CSV rows: the plain loop gives exactly the record the reference reader gives', () => {
  const NAMES = [
    'id',
    'package',
    'key',
    'unit',
    'right',
    'certificate',
    'holder',
    'right_until',
    'encumbrances',
    'note',
    'precipitation_mm',
    'evapotranspiration_mm',
    'area:forest.broadleaf',
    'area:shrub',
    'area:__proto__',
    'area:toString',
  ];
  const cell = fc.oneof(
    fc.constantFrom(
      '',
      ' ',
      '12.5',
      ' 3 ',
      'mu',
      'hm2',
      'hills',
      'forest',
      'mortgage@2030-01-01;pledge',
      'mortgage@2030-01-01@2031-01-01',
      'lease@;pledge',
      '2024-12-31',
      '"a,b"',
      '"x""y"',
      'a"b',
      '"open',
    ),
    fc.string({ maxLength: 6 }),
  );
  it('same record (key order included) or the same issues', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(NAMES, { minLength: 1 }),
        fc.array(cell, { maxLength: 18 }),
        fc.nat(1000),
        (names, cells, line) => {
          const header = [
            'id',
            'unit',
            'area:cropland.paddy',
            ...names.filter((n) => n !== 'id' && n !== 'unit'),
          ];
          const csv = new CsvParcels(header.join(','));
          const columns = (csv as unknown as { columns: { kind: string; name: string }[] }).columns;
          const text = cells.slice(0, header.length + (line % 3) - 1).join(',');
          const got = csv.row(text, line);
          const want = referenceRow(columns, text, line);
          expect(got).toEqual(want);
          if (!Array.isArray(got)) {
            expect(JSON.stringify(got)).toBe(JSON.stringify(want));
            expect(Object.getPrototypeOf(got.areas)).toBe(Object.prototype);
            expect(Object.keys(got.areas as object)).toEqual(Object.keys((want as { areas: object }).areas));
          }
        },
      ),
      { numRuns: 2000 },
    );
  }, 60_000);
});
