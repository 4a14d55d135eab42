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
    expect(outcome(rs)).toEqual(expected);
    expect(rs[2]?.issues[0]?.path).toEqual(['line', 4, 'rights', 0, 'certificate']);
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
