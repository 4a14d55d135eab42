import { describe, expect, it } from 'vitest';
import { VepBatch } from '../../src/vep/batch';
import { prepareContext } from '../../src/vep/context';
import { findOverlaps, geodesicArea, type Geometry } from '../../src/vep/geometry';
import { exampleContext, parcel, square } from './helpers';

const prepared = prepareContext(exampleContext());

describe('parcel geometry (EPSG:4490)', () => {
  it('geodesic area of a 0.01° square at 30° N', () => {
    // A = R² × Δλ × (sin φ₂ − sin φ₁), R = 6 371 008.8 m, Δλ = 0.01° = 1.745329…e-4 rad,
    // sin 30.01° − sin 30° = 1.5113…e-4 → A = 1 070 729.81 m² = 107.0730 hm²
    expect(geodesicArea(square(120, 30, 0.01))).toBeCloseTo(1_070_729.81, 1);
  });

  it('VEP_AREA_MISMATCH beyond 5 % of the declared area; within it, none', () => {
    const b = new VepBatch(prepared);
    const codes = (hm2: string, line: number) =>
      b
        .process(
          parcel(`G${line}`, 'hills', { shrub: [hm2, 'hm2'] }, { geometry: square(120, 30, 0.01) }),
          line,
        )
        ?.issues.filter((i) => i.code.startsWith('VEP_'));
    expect(codes('107.07', 1)).toEqual([]); // |107.0730 − 107.07| / 107.07 = 0.003 %
    expect(codes('105', 2)).toEqual([]); // 1.97 % off
    const off = codes('120', 3); // (120 − 107.073) / 120 = 10.8 %
    expect(off?.map((i) => [i.code, i.path, i.params?.geodesic, i.params?.declared])).toEqual([
      ['VEP_AREA_MISMATCH', ['line', 3, 'geometry'], '1070729.8', '1200000.0'],
    ]);
    // an outline not closed is refused with the parcel
    const open = square(120, 30, 0.01) as { coordinates: number[][][] };
    open.coordinates[0]?.pop();
    expect(b.process(parcel('G4', 'hills', { shrub: ['1', 'hm2'] }, { geometry: open }), 4)?.ok).toBe(false);
  });

  it('overlaps by spatial index and clipping; the batch summary reports them', () => {
    const L: Geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [119.995, 29.995],
          [120.003, 29.995],
          [120.003, 30.002],
          [120.0, 30.002],
          [120.0, 30.003],
          [119.995, 30.003],
          [119.995, 29.995],
        ],
      ],
    };
    const ps = [
      { id: 'A', geometry: square(120, 30, 0.01) },
      { id: 'B', geometry: square(120.005, 30, 0.01) }, // the east half of A: A₂ = ½ × 1 070 729.81 = 535 364.90 m²
      { id: 'C', geometry: square(121, 31, 0.01) }, // far away
      { id: 'D', geometry: square(120.01, 30, 0.01) }, // shares only an edge with A: overlap 0, not reported
      { id: 'E', geometry: L }, // clipped by A (convex): the part of E inside A
    ];
    const o = findOverlaps(ps);
    expect(o.map((x) => [x.a, x.b])).toEqual([
      ['A', 'B'],
      ['A', 'E'],
      ['B', 'D'],
    ]);
    expect(o[0]?.area).toBeCloseTo(535_364.9, 0);
    // E inside A: lon 120.000–120.003, lat 30.000–30.002 → R² × 0.003° × (sin 30.002° − sin 30°)
    expect(o[1]?.area).toBeCloseTo(
      6371008.8 ** 2 * ((0.003 * Math.PI) / 180) * (Math.sin((30.002 * Math.PI) / 180) - 0.5),
      0,
    );
    const b = new VepBatch(prepared);
    b.process(parcel('A', 'hills', { shrub: ['107.07', 'hm2'] }, { geometry: ps[0]?.geometry }), 1);
    b.process(parcel('B', 'hills', { shrub: ['107.07', 'hm2'] }, { geometry: ps[1]?.geometry }), 2);
    expect(b.summary().overlaps.map((i) => [i.code, i.params])).toEqual([
      ['VEP_PARCEL_OVERLAP', { a: 'A', b: 'B', area: '535364.9 m²' }],
    ]);
  });
});
