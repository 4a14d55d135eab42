import { describe, expect, it } from 'vitest';
import { VepBatch } from '../../src/vep/batch';
import { prepareContext } from '../../src/vep/context';
import { ParcelValuer } from '../../src/vep/valuer';
import { exampleContext, parcel } from './helpers';

const prepared = prepareContext(exampleContext());
const codes = (is: readonly { code: string }[]) => is.map((i) => i.code as string);

/** Broadleaf forest with an ion concentration of 1 /cm³: below the threshold, a NEGATIVE_TERM warning. */
const lowIons = {
  airIons: [
    {
      ecosystem: 'forest.broadleaf',
      concentration: { value: '1', unit: 'ions_per_cm3' },
      standHeight: { value: '12', unit: 'm' },
    },
  ],
};

function valueBoth(raw: unknown, line: number) {
  const fast = new VepBatch(new ParcelValuer(prepared)).process(raw, line);
  const slow = new VepBatch(new ParcelValuer(prepared, { fastPath: false })).process(raw, line);
  if (!fast?.ok || !slow?.ok) throw new Error(JSON.stringify([fast, slow]));
  return { fast, slow };
}

describe('engine warnings reach the parcel result, located at its line', () => {
  it('fast path: the reference run warnings (placeholder coefficients) are on the parcel, at its line', () => {
    const { fast, slow } = valueBoth(parcel('P', 'hills', { 'forest.broadleaf': ['15', 'mu'] }), 7);
    expect(fast.path).toBe('fast');
    expect(slow.path).toBe('decimal');
    const grade = fast.issues.filter((i) => i.code === 'GRADE_BELOW_THRESHOLD');
    // example-local@1.0.0 grades soil.bulk_density, runoff.storm_coefficient [forest.broadleaf] and
    // ions.lifetime `assumed`: three warnings, each naming its item, each at the parcel's line
    expect(grade.map((i) => i.message.en)).toEqual([
      'Evidence grade below secondary: ions.lifetime @ example-local@1.0.0 is assumed',
      'Evidence grade below secondary: runoff.storm_coefficient [forest.broadleaf] @ example-local@1.0.0 is assumed',
      'Evidence grade below secondary: soil.bulk_density @ example-local@1.0.0 is assumed',
    ]);
    expect(grade.every((i) => i.severity === 'warning' && i.path.join('/') === 'line/7')).toBe(true);
    // the decimal path (the parcel's own engine run) gives the same warnings, in the same order
    expect(slow.issues).toEqual(fast.issues);
  });

  it('a warning about an input is re-pointed at the parcel: an area-independent NEGATIVE_TERM, both paths', () => {
    const raw = parcel(
      'P',
      'hills',
      { 'forest.broadleaf': ['2', 'hm2'], shrub: ['3', 'mu'] },
      { context: lowIons },
    );
    const { fast, slow } = valueBoth(raw, 4);
    const neg = fast.issues.filter((i) => i.code === 'NEGATIVE_TERM');
    expect(neg).toHaveLength(1);
    expect(neg[0]?.path.slice(0, 4)).toEqual(['line', 4, 'areas', 'forest.broadleaf']);
    expect(slow.issues).toEqual(fast.issues);
  });

  it('warnings are counted in the summary and listed once per key and type in referenceWarnings', () => {
    const b = new VepBatch(new ParcelValuer(prepared));
    const r1 = b.process(parcel('A', 'hills', { shrub: ['1', 'hm2'] }), 1);
    const r2 = b.process(
      parcel('B', 'hills', { shrub: ['2', 'hm2'] }, { encumbrances: [{ kind: 'seizure' }] }),
      2,
    );
    // the second parcel reuses the cached reference and still gets its warnings, at its own line
    expect(codes(r1?.issues ?? [])).toEqual(['GRADE_BELOW_THRESHOLD', 'GRADE_BELOW_THRESHOLD']);
    expect(codes(r2?.issues ?? [])).toEqual([
      'VEP_PARCEL_ENCUMBERED',
      'GRADE_BELOW_THRESHOLD',
      'GRADE_BELOW_THRESHOLD',
    ]);
    expect(r2?.issues.every((i) => i.path[1] === 2)).toBe(true);
    const s = b.summary();
    expect(s.warnings).toBe(5);
    expect(codes(s.referenceWarnings)).toEqual(['GRADE_BELOW_THRESHOLD', 'GRADE_BELOW_THRESHOLD']);
  });
});
