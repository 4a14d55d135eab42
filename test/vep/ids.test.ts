import { describe, expect, it } from 'vitest';
import { type ParcelResult, VepBatch } from '../../src/vep/batch';
import { exampleContext, parcel } from './helpers';

const HEADER = 'id,package,key,unit,area:shrub';

describe('parcel ids by the id rule (trim, NFKC; case kept)', () => {
  it('full-width and padded ids are one id with the plain one: a duplicate, and a warning where rewritten', () => {
    const b = new VepBatch(exampleContext(), { format: 'csv' });
    b.process(HEADER, 1);
    const first = b.process('ｂ1,PKG,hills,hm2,1', 2) as ParcelResult; // U+FF42 → b
    expect(first).toMatchObject({ ok: true, id: 'b1' });
    expect(first.issues.map((i) => i.code)).toContain('VEP_ID_NORMALISED');
    expect(first.issues.find((i) => i.code === 'VEP_ID_NORMALISED')?.path).toEqual(['line', 2, 'id']);
    // "b1" written plainly is the same id: refused as a duplicate of line 2
    expect(b.process('b1,PKG,hills,hm2,1', 3)?.issues.map((i) => i.code)).toEqual(['VEP_PARCEL_DUPLICATE']);
    // case is kept: B1 is another parcel, valued without the warning
    const upper = b.process('B1,PKG,hills,hm2,1', 4) as ParcelResult;
    expect(upper.ok).toBe(true);
    expect(upper.issues.map((i) => i.code)).not.toContain('VEP_ID_NORMALISED');
  });

  it('an id in scientific notation (a spreadsheet showing a long number) is refused, not valued under it', () => {
    // 123456789012 and 123456789099 typed into a General cell both show, and export, as 1.23457E+11: the digits
    // after the sixth are gone, so the line cannot be matched to its parcel. Valued under "1.23457E+11", the first
    // would carry a wrong id and the second be refused as its duplicate.
    const b = new VepBatch(exampleContext(), { format: 'csv' });
    b.process(HEADER, 1);
    for (const [text, n] of [
      ['1.23457E+11', 2],
      ['1.23E+11', 3],
      ['１.２３Ｅ＋１１', 4], // full-width, read by the id rule first
      ['1e+15', 5],
    ] as const) {
      const r = b.process(`${text},PKG,hills,hm2,1`, n) as ParcelResult;
      expect(r.ok, text).toBe(false);
      expect(r.issues.map((i) => [i.code, i.path])).toEqual([['VEP_ID_SCIENTIFIC', ['line', n, 'id']]]);
    }
    // the refused lines claim no id; ids that merely contain an E, or a number written out, are ids
    for (const [text, n] of [
      ['123456789012', 6],
      ['1E3-07', 7],
      ['E+11', 8],
      ['2.5E-3', 9],
    ] as const)
      expect((b.process(`${text},PKG,hills,hm2,1`, n) as ParcelResult).ok, text).toBe(true);
    // JSON Lines alike
    const j = new VepBatch(exampleContext()).process(
      parcel('1.23457E+11', 'hills', { shrub: ['1', 'hm2'] }),
      1,
    );
    expect(j?.issues.map((i) => i.code)).toEqual(['VEP_ID_SCIENTIFIC']);
  });

  it('JSON records: a padded id is trimmed (warned); an id of white space only is refused', () => {
    const b = new VepBatch(exampleContext());
    const padded = b.process(parcel(' 东山-0001 ', 'hills', { shrub: ['1', 'hm2'] }), 1) as ParcelResult;
    expect(padded).toMatchObject({ ok: true, id: '东山-0001' });
    expect(padded.issues.map((i) => i.code)).toContain('VEP_ID_NORMALISED');
    const blank = b.process(parcel('\u3000 ', 'hills', { shrub: ['1', 'hm2'] }), 2) as ParcelResult;
    expect(blank.ok).toBe(false);
    expect(blank.issues[0]).toMatchObject({ code: 'VEP_PARCEL_INVALID', path: ['line', 2, 'id'] });
    // the value does not depend on how the id was written
    const plain = new VepBatch(exampleContext()).process(
      parcel('东山-0001', 'hills', { shrub: ['1', 'hm2'] }),
      1,
    );
    expect(padded.value).toBe(plain?.value);
  });
});

describe('certificates and holders by the id rule, alike in CSV and JSON Lines', () => {
  // B1 CERT-1 under H1; B2 CERT-1 under "H1 "; B3 "CERT-1 " under H2. Read as ids are (trimmed, NFKC), B2 is
  // B1's holder (valued) and B3 names B1's certificate under another holder (refused), in both formats; JSON Lines
  // compared the strings as written, and refused B2 and valued B3.
  const rights = [
    ['B1', 'CERT-1', 'H1'],
    ['B2', 'CERT-1', 'H1 '],
    ['B3', 'CERT-1 ', 'H2'],
  ] as const;
  const outcome = (rs: (ParcelResult | undefined)[]) =>
    rs.map((r) => [
      r?.id,
      r?.ok,
      r?.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.params]),
    ]);
  const expected = [
    ['B1', true, []],
    ['B2', true, []],
    [
      'B3',
      false,
      [
        [
          'VEP_CERTIFICATE_DUPLICATE',
          { certificate: 'CERT-1', first: 'B1: package (none), holder H1', id: 'B3' },
        ],
      ],
    ],
  ];

  it('CSV', () => {
    const b = new VepBatch(exampleContext(), { format: 'csv' });
    b.process('id,unit,key,area:shrub,right,certificate,holder', 1);
    const rs = rights.map(([id, certificate, holder], i) =>
      b.process(`${id},hm2,hills,1,forest,"${certificate}","${holder}"`, i + 2),
    );
    // the same refusals, said at the certificate column
    expect(outcome(rs)).toEqual(expected);
    expect(rs[2]?.issues[0]?.path).toEqual(['line', 4, 'certificate']);
  });

  it('JSON Lines', () => {
    const b = new VepBatch(exampleContext());
    const rs = rights.map(([id, certificate, holder], i) =>
      b.process(
        JSON.stringify(
          parcel(id, 'hills', { shrub: ['1', 'hm2'] }, { rights: [{ kind: 'forest', certificate, holder }] }),
        ),
        i + 1,
      ),
    );
    expect(outcome(rs)).toEqual(expected);
    expect(rs[2]?.issues[0]?.path).toEqual(['line', 3, 'rights', 0, 'certificate']);
  });
});

/**
 * Packages, certificates and holders by the id rule, with R6 and R7 of the example context only (as
 * src/vep/batch.test.ts values by hand): hills shrub, 1 hm²: R6 5.5 t CO₂ × 43.79644867… 元/t = 240.88, R7 4 t O₂ ×
 * 960.11191941… 元/t = 3840.45, 4081.33 元 a parcel, with no warning of its own. The same rows in both formats:
 *   Q1 package " P1", CERT-7 under H      package as read P1 (JSON Lines: warned; a CSV cell is trimmed)
 *   Q2 package  P1,  "ＣＥＲＴ－７" under H  certificate as read CERT-7, not warned (full-width, as registers write
 *                                          certificates): Q1's certificate, package and holder
 *   Q3 package "Ｐ1"                       package as read P1, warned (full-width: in CSV too)
 *   Q4 package "P2 ", CERT-7 under H      CERT-7 under another package: refused, naming Q1's package as read
 *   Q5 package  P1,  CERT-8 under " H"     holder as read H (JSON Lines: warned; a CSV cell is trimmed)
 *   Q6 package  P1,  CERT-8 under H       Q5's certificate, package and holder
 * So P1 holds Q1, Q2, Q3, Q5, Q6: 5 × 4081.33 = 20406.65 元; Q4 claims nothing.
 */
describe('packages, certificates and holders by the id rule, alike in CSV and JSON Lines', () => {
  const handContext = () => ({ ...exampleContext(), exclude: ['R1', 'R2', 'R3', 'R8', 'R9'] });
  const rows = [
    ['Q1', ' P1', 'CERT-7', 'H'],
    ['Q2', 'P1', 'ＣＥＲＴ－７', 'H'],
    ['Q3', 'Ｐ1', undefined, undefined],
    ['Q4', 'P2 ', 'CERT-7', 'H'],
    ['Q5', 'P1', 'CERT-8', ' H'],
    ['Q6', 'P1', 'CERT-8', 'H'],
  ] as const;
  const json = rows.map(([id, pkg, certificate, holder]) =>
    JSON.stringify(
      parcel(
        id,
        'hills',
        { shrub: ['1', 'hm2'] },
        {
          package: pkg,
          ...(certificate === undefined ? {} : { rights: [{ kind: 'forest', certificate, holder }] }),
        },
      ),
    ),
  );
  const CSV_HEADER = 'id,package,key,unit,area:shrub,right,certificate,holder';
  const csv = rows.map(([id, pkg, certificate, holder]) =>
    certificate === undefined
      ? `${id},"${pkg}",hills,hm2,1,,,`
      : `${id},"${pkg}",hills,hm2,1,forest,${certificate},${holder}`,
  );
  const run = (format: 'jsonl' | 'csv', warnings: 'inline' | 'refs' = 'inline') => {
    const b = new VepBatch(handContext(), { format, warnings });
    if (format === 'csv') b.process(CSV_HEADER, 0);
    const rs = (format === 'csv' ? csv : json).map((l, i) => b.process(l, i + 1) as ParcelResult);
    return { rs, summary: b.summary() };
  };
  const outcome = (r: ParcelResult) => [
    r.id,
    r.ok,
    r.package,
    r.value,
    r.issues.map((i) => [i.code, i.path.slice(2), i.params]),
  ];
  const normalised = (field: string, id: string, ...path: (string | number)[]) => [
    'VEP_FIELD_NORMALISED',
    path,
    { field, id },
  ];
  const refused = [
    'VEP_CERTIFICATE_DUPLICATE',
    ['rights', 0, 'certificate'],
    { certificate: 'CERT-7', first: 'Q1: package P1, holder H', id: 'Q4' },
  ];

  it('JSON Lines: " P1", "Ｐ1" and "P1" are one package; each rewritten package, padded certificate or holder warned once', () => {
    const { rs, summary } = run('jsonl');
    expect(rs.map(outcome)).toEqual([
      ['Q1', true, 'P1', '4081.33', [normalised('package', 'P1', 'package')]],
      ['Q2', true, 'P1', '4081.33', []],
      ['Q3', true, 'P1', '4081.33', [normalised('package', 'P1', 'package')]],
      ['Q4', false, 'P2', undefined, [refused]],
      ['Q5', true, 'P1', '4081.33', [normalised('holder', 'H', 'rights', 0, 'holder')]],
      ['Q6', true, 'P1', '4081.33', []],
    ]);
    expect(summary.byPackage).toEqual([{ package: 'P1', parcels: 5, value: '20406.65' }]);
    expect(summary).toMatchObject({ valued: 5, refused: 1, warnings: 3, value: '20406.65' });
    expect(rs[0]?.issues[0]?.message.en).toBe(
      'The package was read as "P1" by the id rule (white space trimmed, full-width letters and digits read as plain, NFKC)',
    );
    expect(rs[4]?.issues[0]?.message.zh).toBe(
      '权利人按编号规则读作“H”（去除首尾空白，全角字母数字等按 NFKC 转为半角）',
    );
  });

  it('CSV: the same packages and refusal; a padded cell is trimmed by the format (no warning), a full-width package is warned', () => {
    const { rs, summary } = run('csv');
    expect(rs.map(outcome)).toEqual([
      ['Q1', true, 'P1', '4081.33', []],
      ['Q2', true, 'P1', '4081.33', []],
      ['Q3', true, 'P1', '4081.33', [normalised('package', 'P1', 'package')]],
      // the same refusal, said at the certificate column
      ['Q4', false, 'P2', undefined, [[refused[0], ['certificate'], refused[2]]]],
      ['Q5', true, 'P1', '4081.33', []],
      ['Q6', true, 'P1', '4081.33', []],
    ]);
    expect(summary.byPackage).toEqual([{ package: 'P1', parcels: 5, value: '20406.65' }]);
    expect(summary).toMatchObject({ valued: 5, refused: 1, warnings: 1, value: '20406.65' });
  });

  it('warnings as refs: one catalogue entry per field and path, whatever the text read', () => {
    const { rs, summary } = run('jsonl', 'refs');
    expect(rs.map((r) => r.warnings)).toEqual([['W1'], [], ['W1'], undefined, ['W2'], []]);
    expect(summary.warningCatalogue?.map((e) => [e.ref, e.count, e.firstLine, e.issue.path])).toEqual([
      ['W1', 2, 1, ['line', 1, 'package']],
      ['W2', 1, 5, ['line', 5, 'rights', 0, 'holder']],
    ]);
    // the counts add up to the warnings, as inline
    expect(summary.warnings).toBe(3);
    // " P2" and "Ｐ3" read as two packages, but one entry (the text read is left out, as a parcel id is)
    const b = new VepBatch(handContext(), { warnings: 'refs' });
    for (const [n, pkg] of [' P2', 'Ｐ3'].entries())
      b.process(parcel(`R${n}`, 'hills', { shrub: ['1', 'hm2'] }, { package: pkg }), n + 1);
    const s = b.summary();
    expect(s.byPackage.map((g) => g.package)).toEqual(['P2', 'P3']);
    expect(s.warningCatalogue?.map((e) => [e.ref, e.count, e.issue.params])).toEqual([
      ['W1', 2, { field: 'package', id: 'P2' }],
    ]);
  });

  it('a package, certificate or holder of white space only is none, as a blank CSV cell is (warned in JSON Lines)', () => {
    const b = new VepBatch(handContext());
    const r = b.process(
      parcel(
        'S1',
        'hills',
        { shrub: ['1', 'hm2'] },
        { package: ' \u3000', rights: [{ kind: 'forest', certificate: '\t', holder: ' ' }] },
      ),
      1,
    ) as ParcelResult;
    expect([r.ok, r.package]).toEqual([true, null]);
    expect(r.issues.map((i) => [i.code, i.path.slice(2), i.params])).toEqual([
      normalised('package', '', 'package'),
      normalised('certificate', '', 'rights', 0, 'certificate'),
      normalised('holder', '', 'rights', 0, 'holder'),
    ]);
    expect(r.issues[0]?.message.en).toBe(
      'The package is white space only: read as none by the id rule, as a blank CSV cell is',
    );
    expect(b.summary().byPackage).toEqual([{ package: null, parcels: 1, value: '4081.33' }]);
    // The same row in CSV: blank cells, no package, no right, nothing to warn.
    const c = new VepBatch(handContext(), { format: 'csv' });
    c.process(CSV_HEADER, 1);
    const row = c.process('S1," \u3000",hills,hm2,1,,"\t"," "', 2) as ParcelResult;
    expect([row.ok, row.package, row.issues]).toEqual([true, null, []]);
  });
});
