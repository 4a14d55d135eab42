import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScopeIndex, ScopeIndices, mostSpecific } from './scope';

type Rec = { zone?: string; ecosystem?: string; v?: number };

describe('ScopeIndex', () => {
  it('finds the most specific record: zone + type > type > zone > region-wide, first of equals', () => {
    const records: Rec[] = [
      { v: 0 }, // region-wide
      { zone: 'Z1', v: 1 },
      { ecosystem: 'forest', v: 2 },
      { zone: 'Z1', ecosystem: 'forest', v: 3 },
      { zone: 'Z1', ecosystem: 'forest', v: 4 }, // a later record of the same scope never wins
      { zone: 'Z2', ecosystem: 'lake' },
    ];
    const index = new ScopeIndex(records);
    expect(index.find('Z1', 'forest')).toEqual({ record: records[3], index: 3 });
    expect(index.find('Z2', 'forest')).toEqual({ record: records[2], index: 2 });
    expect(index.find('Z1', 'lake')).toEqual({ record: records[1], index: 1 });
    expect(index.find(null, 'lake')).toEqual({ record: records[0], index: 0 });
    // `has` skips records without the field asked for: Z1 + forest falls back past both zone + type records.
    expect(index.find('Z1', 'forest', (r) => r.v === undefined || r.v < 3)).toEqual({
      record: records[2],
      index: 2,
    });
    expect(new ScopeIndex<Rec>([{ zone: 'Z2' }]).find('Z1', 'forest')).toBeUndefined();
  });

  it('agrees with the scan of mostSpecific on random sections and lookups', () => {
    const zone = fc.option(fc.constantFrom('Z1', 'Z2', 'Z3'), { nil: undefined });
    const type = fc.option(fc.constantFrom('forest', 'lake', 'paddy'), { nil: undefined });
    const rec = fc.record({ zone, ecosystem: type, v: fc.option(fc.nat(3), { nil: undefined }) });
    fc.assert(
      fc.property(
        fc.array(rec, { maxLength: 30 }),
        fc.option(fc.constantFrom('Z1', 'Z2', 'Z4'), { nil: null }),
        fc.constantFrom('forest', 'lake', 'wetland'),
        fc.nat(3),
        (records, z, t, min) => {
          const has = (r: Rec) => r.v !== undefined && r.v >= min;
          const index = new ScopeIndex(records);
          expect(index.find(z, t)).toEqual(mostSpecific(records, z, t));
          expect(index.find(z, t, has)).toEqual(mostSpecific(records, z, t, has));
        },
      ),
      { numRuns: 500 },
    );
  }, 60_000);

  it('is built once per section array by ScopeIndices', () => {
    const indices = new ScopeIndices();
    const section: Rec[] = [{ zone: 'Z1' }];
    expect(indices.of(section)).toBe(indices.of(section));
    expect(indices.of(section)).not.toBe(indices.of([...section]));
  });
});
