import { describe, expect, it } from 'vitest';
import { VepBatch } from '../../src/vep/batch';
import { prepareContext } from '../../src/vep/context';
import { exampleContext, parcel } from './helpers';

// The example context values on 2024-03-31.
const prepared = prepareContext(exampleContext());
const area = { shrub: ['1', 'hm2'] as [string, string] };

describe('rights and encumbrances against the valuation date', () => {
  it('an expired right is warned and the parcel still valued; a live one is not', () => {
    const b = new VepBatch(prepared);
    const r = b.process(
      parcel('P1', 'hills', area, {
        rights: [
          { kind: 'forest', until: '2020-12-31' },
          { kind: 'land-contract', until: '2024-03-31' }, // ends on the valuation date: still in force
        ],
      }),
      1,
    );
    expect(r?.ok).toBe(true);
    expect(r?.issues.filter((i) => i.code === 'VEP_RIGHT_EXPIRED').map((i) => i.path)).toEqual([
      ['line', 1, 'rights', 0, 'until'],
    ]);
  });

  it('one certificate under two holders or two packages is refused; under the same ones it is accepted', () => {
    const b = new VepBatch(prepared);
    const right = (holder: string) => [{ kind: 'forest', certificate: 'LQ-1', holder }];
    const ok1 = b.process(parcel('P1', 'hills', area, { package: 'A', rights: right('Wang') }), 1);
    // the same certificate, package and holder: one certificate covering two parcels
    const ok2 = b.process(parcel('P2', 'hills', area, { package: 'A', rights: right('Wang') }), 2);
    const holder = b.process(parcel('P3', 'hills', area, { package: 'A', rights: right('Li') }), 3);
    const pkg = b.process(parcel('P4', 'hills', area, { package: 'B', rights: right('Wang') }), 4);
    expect([ok1?.ok, ok2?.ok, holder?.ok, pkg?.ok]).toEqual([true, true, false, false]);
    expect(holder?.issues[0]).toMatchObject({
      code: 'VEP_CERTIFICATE_DUPLICATE',
      path: ['line', 3, 'rights', 0, 'certificate'],
      params: { certificate: 'LQ-1', first: 'P1: package A, holder Wang', id: 'P3' },
    });
    expect(b.summary().refused).toBe(2);
  });

  it('encumbrances: in force only between from and until; dates beyond the rights are warned', () => {
    const b = new VepBatch(prepared);
    // the example's placeholder coefficients add GRADE_BELOW_THRESHOLD warnings: only this module's codes here
    const codes = (extra: object, line: number) =>
      b
        .process(parcel(`E${line}`, 'hills', area, extra), line)
        ?.issues.map((i) => i.code)
        .filter((c) => c.startsWith('VEP_'));
    // a mortgage starting after the valuation date is not in force on it
    expect(codes({ encumbrances: [{ kind: 'mortgage', from: '2024-04-01' }] }, 1)).toEqual([]);
    // … one starting before and never released is
    expect(codes({ encumbrances: [{ kind: 'mortgage', from: '2023-01-01' }] }, 2)).toEqual([
      'VEP_PARCEL_ENCUMBERED',
    ]);
    // a pledge running past the right's end (2030-12-31) is warned, and in force
    expect(
      codes(
        {
          rights: [{ kind: 'forest', until: '2030-12-31' }],
          encumbrances: [{ kind: 'pledge', until: '2035-12-31' }],
        },
        3,
      ),
    ).toEqual(['VEP_ENCUMBRANCE_DATES', 'VEP_PARCEL_ENCUMBERED']);
  });
});
