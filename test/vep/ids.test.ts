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
