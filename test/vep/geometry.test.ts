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
    expect(b.summary().overlaps.map((i) => [i.code, i.path, i.params])).toEqual([
      [
        'VEP_PARCEL_OVERLAP',
        ['line', 2, 'geometry'],
        { a: 'A', b: 'B', area: '535364.9 m²', lineA: 1, lineB: 2 },
      ],
    ]);
  });

  describe('outlines checked before area and overlaps (VEP_GEOMETRY_INVALID, VEP_GEOMETRY_EXTENT)', () => {
    const bowtie: Geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [120, 30],
          [120.01, 30.01],
          [120.01, 30],
          [120, 30.01],
          [120, 30],
        ],
      ],
    };
    const refusal = (b: VepBatch, geometry: unknown, line: number, hm2 = '107.07') => {
      const r = b.process(parcel(`G${line}`, 'hills', { shrub: [hm2, 'hm2'] }, { geometry }), line);
      // the example's placeholder coefficients give GRADE_BELOW_THRESHOLD on every line: left out
      const issues = r?.issues.filter((i) => i.code.startsWith('VEP_'));
      return { ok: r?.ok, issues: issues?.map((i) => [i.code, i.path, i.params]) };
    };

    it('a bowtie is refused, and the parcel covering it is valued alone, with no overlap', () => {
      const b = new VepBatch(prepared);
      // edges 0–1 ([120, 30]–[120.01, 30.01]) and 2–3 ([120.01, 30]–[120, 30.01]) cross at (120.005, 30.005); its
      // @turf/area is about 0 (two triangles of opposite orientation), so it used to be valued with VEP_AREA_MISMATCH
      expect(refusal(b, bowtie, 1, '53.5')).toEqual({
        ok: false,
        issues: [
          [
            'VEP_GEOMETRY_INVALID',
            ['line', 1, 'geometry', 'coordinates', 0],
            { ring: 'coordinates[0]', problem: 'self-intersection', a: '0–1', b: '2–3' },
          ],
        ],
      });
      expect(refusal(b, square(120, 30, 0.01), 2)).toEqual({ ok: true, issues: [] });
      expect(b.summary().overlaps).toEqual([]);
    });

    it('a hole outside its outer ring and overlapping parts are refused, each once at the ring or part', () => {
      const b = new VepBatch(prepared);
      const hole = {
        type: 'Polygon',
        coordinates: [...square(120, 30, 0.01).coordinates, ...square(120.02, 30, 0.01).coordinates],
      };
      expect(refusal(b, hole, 1).issues).toEqual([
        [
          'VEP_GEOMETRY_INVALID',
          ['line', 1, 'geometry', 'coordinates', 1],
          { ring: 'coordinates[1]', problem: 'hole-outside', a: 0, b: '[120.02, 30]' },
        ],
      ]);
      // 2 × 1 070 729.81 = 2 141 459.62 m² summed; the parts share 535 364.90 m² (the union is 1 606 094.71 m²)
      const parts = {
        type: 'MultiPolygon',
        coordinates: [square(120, 30, 0.01).coordinates, square(120.005, 30, 0.01).coordinates],
      };
      expect(refusal(b, parts, 2, '160.61').issues).toEqual([
        [
          'VEP_GEOMETRY_INVALID',
          ['line', 2, 'geometry', 'coordinates', 1],
          { ring: 'coordinates[1]', problem: 'parts-overlap', a: 'coordinates[0]', b: '535364.9' },
        ],
      ]);
    });

    it('swapped and projected coordinates: one VEP_GEOMETRY_EXTENT per parcel, its hint naming the cause', () => {
      const b = new VepBatch(prepared);
      // Xinjiang, longitude 80, latitude 40, written [40, 80]: within ±180/±90, so the schema takes it
      const swapped = b.process(
        parcel('S', 'hills', { shrub: ['1', 'hm2'] }, { geometry: square(40, 80, 0.01) }),
        1,
      );
      expect(swapped?.ok).toBe(false);
      expect(swapped?.issues.map((i) => [i.code, i.path, i.params?.look])).toEqual([
        ['VEP_GEOMETRY_EXTENT', ['line', 1, 'geometry'], 'swapped'],
      ]);
      expect(swapped?.issues[0]?.hint).toContain('[40, 80] → [80, 40]');
      // Gauss–Krüger metres (zone 39): 5 positions × 2 axes beyond the degree range, once, with the parcel's other
      // problem (no area) still reported
      const gk = b.process(
        { id: 'G', key: 'hills', areas: {}, geometry: square(39_500_000, 3_300_000, 100) },
        2,
      );
      expect(gk?.issues.map((i) => [i.code, i.path, i.params?.look ?? null])).toEqual([
        ['VEP_PARCEL_INVALID', ['line', 2, 'areas'], null],
        ['VEP_GEOMETRY_EXTENT', ['line', 2, 'geometry'], 'projected'],
      ]);
      expect(gk?.issues[1]?.message.en).toBe(
        "Position [39500000, 3300000] (coordinates[0][0]) of the outline lies outside China's extent for EPSG:4490 (longitude 73–136° E, latitude 3–54° N); 5 of its 5 positions do; this line was not valued",
      );
      expect(gk?.issues[1]?.hint).toContain('projected metres');
    });

    it('a polygon with a hole and a MultiPolygon that are valid are valued as before', () => {
      const b = new VepBatch(prepared);
      // 1 070 729.81 − 171 318.50 (the hole, 0.004° square from 30.002° N) = 899 411.31 m² = 89.94 hm²
      const holed = {
        type: 'Polygon',
        coordinates: [...square(120, 30, 0.01).coordinates, ...square(120.002, 30.002, 0.004).coordinates],
      };
      expect(geodesicArea(holed as Geometry)).toBeCloseTo(899_411.31, 1);
      expect(refusal(b, holed, 1, '89.94')).toEqual({ ok: true, issues: [] });
      // two squares sharing the edge x = 120.01 (nothing counted twice): 2 × 1 070 729.81 = 214.15 hm²
      const two = {
        type: 'MultiPolygon',
        coordinates: [square(121, 30, 0.01).coordinates, square(121.01, 30, 0.01).coordinates],
      };
      expect(geodesicArea(two as Geometry)).toBeCloseTo(2_141_459.61, 1);
      expect(refusal(b, two, 2, '214.15')).toEqual({ ok: true, issues: [] });
    });
  });
});
