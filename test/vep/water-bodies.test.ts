import { describe, expect, it } from 'vitest';
import { VepBatch } from '../../src/vep/batch';
import { prepareContext } from '../../src/vep/context';
import { exampleContext, parcel } from './helpers';

const prepared = prepareContext(exampleContext());
const reservoir = (m3: string) => ({
  waterBodies: {
    reservoirs: [
      {
        name: '东山水库',
        totalStorage: { value: '5000000', unit: 'm3' },
        floodStorage: { value: m3, unit: 'm3' },
      },
    ],
  },
});
const value = (extra: object) => {
  const r = new VepBatch(prepared).process(parcel('W1', 'hills', { shrub: ['10', 'hm2'] }, extra), 1);
  if (r?.ok !== true) throw new Error(JSON.stringify(r?.issues));
  return r;
};
const fen = (s: string) => BigInt(s.replace('.', ''));

describe('water bodies in parcel context', () => {
  it('a parcel holding a reservoir gets its flood regulation (R3); the parcel goes through the engine', () => {
    const dry = value({});
    const wet = value(reservoir('1000000'));
    const r3 = (r: typeof dry) => r.cells?.filter((c) => c.indicator === 'R3' && c.type === null) ?? [];
    expect(r3(dry)).toEqual([]);
    expect(wet.path).toBe('decimal');
    const [cell] = r3(wet);
    expect(fen(cell?.value ?? '0')).toBeGreaterThan(0n);
    // R3 of a reservoir = flood-control storage × the reservoir storage price: doubling the storage doubles it
    // (within the one fen of rounding each), and the shrub's own cells are unchanged by the reservoir
    const twice = r3(value(reservoir('2000000')))[0];
    const d = fen(twice?.value ?? '0') - 2n * fen(cell?.value ?? '0');
    expect(d >= -1n && d <= 1n).toBe(true);
    const shrub = (r: typeof dry) => r.cells?.filter((c) => c.type === 'shrub');
    expect(shrub(wet)).toEqual(shrub(dry));
    // the parcel's value is the dry value plus the reservoir's
    expect(fen(wet.value ?? '0')).toBe(fen(dry.value ?? '0') + fen(cell?.value ?? '0'));
  });

  it('a water body belongs to no ecosystem type: byType sums to the value less its cells (type null)', () => {
    const wet = value(reservoir('1000000'));
    const byType = (wet.byType ?? []).reduce((s, t) => s + fen(t.value), 0n);
    const untyped = (wet.cells ?? []).filter((c) => c.type === null).reduce((s, c) => s + fen(c.value), 0n);
    expect(untyped).toBeGreaterThan(0n);
    expect(byType + untyped).toBe(fen(wet.value ?? '0'));
    // the batch's summary likewise: byType holds the shrub only, byIndicator and the total hold the reservoir too
    const b = new VepBatch(prepared);
    b.process(parcel('W1', 'hills', { shrub: ['10', 'hm2'] }, reservoir('1000000')), 1);
    const s = b.summary();
    expect(s.byType.map((t) => t.type)).toEqual(['shrub']);
    expect(fen(s.byType[0]?.value ?? '0') + untyped).toBe(fen(s.value));
  });

  it('methods that cannot apply to parcels are warned once per batch (VEP_METHOD_NOT_PARCEL)', () => {
    const w = prepared.warnings;
    expect(w.length).toBe(
      prepared.basis.excluded.filter((e) => e.reason.startsWith('not parcel-level')).length,
    );
    expect(w.length).toBeGreaterThan(0);
    expect(w[0]).toMatchObject({
      code: 'VEP_METHOD_NOT_PARCEL',
      severity: 'warning',
      path: ['context', 'profile'],
    });
    const b = new VepBatch(prepared);
    expect(b.summary().contextWarnings).toEqual(w);
  });
});
