import { describe, expect, it } from 'vitest';
import { VepBatch } from '../../src/vep/batch';
import { prepareContext } from '../../src/vep/context';
import { fanArea, findOverlaps, geodesicArea, overlapArea, type Geometry } from '../../src/vep/geometry';
import { geometryValidity } from '../../src/vep/geometry-valid';
import { exampleContext, parcel, square } from './helpers';

const prepared = prepareContext(exampleContext());

describe('parcel geometry (EPSG:4490)', () => {
  it('geodesic area of a 0.01° square at 30° N', () => {
    // A = R² × Δλ × (sin φ₂ − sin φ₁), R = 6 371 008.8 m, Δλ = 0.01° = 1.745329…e-4 rad,
    // sin 30.01° − sin 30° = 1.5113…e-4 → A = 1 070 729.81 m² = 107.0730 hm²
    expect(geodesicArea(square(120, 30, 0.01))).toBeCloseTo(1_070_729.81, 1);
  });

  it('VEP_AREA_MISMATCH beyond 5 % of the outline’s geodesic area; within it, none', () => {
    const b = new VepBatch(prepared);
    const codes = (hm2: string, line: number) =>
      b
        .process(
          parcel(`G${line}`, 'hills', { shrub: [hm2, 'hm2'] }, { geometry: square(120, 30, 0.01) }),
          line,
        )
        ?.issues.filter((i) => i.code.startsWith('VEP_'));
    expect(codes('107.07', 1)).toEqual([]); // |107.07 − 107.0730| / 107.0730 = 0.003 %
    expect(codes('105', 2)).toEqual([]); // 1.94 % off
    const off = codes('120', 3); // (120 − 107.073) / 107.073 = 12.1 %
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

  describe('positions with an altitude (RFC 7946 §3.1.1: [longitude, latitude, altitude])', () => {
    /** The outline with an altitude added to each position: `z(k)` for the k-th position written. */
    const withZ = (g: Geometry, z: (k: number) => number): Geometry => {
      let k = 0;
      const walk = (v: unknown): unknown =>
        typeof (v as unknown[])[0] === 'number' ? [...(v as number[]), z(k++)] : (v as unknown[]).map(walk);
      return { type: g.type, coordinates: walk(g.coordinates) } as Geometry;
    };
    // Heights as a GIS export writes them: varying along a ring, negative below the datum, the closing position's
    // altitude other than the first's (a ring is closed by its longitude and latitude).
    const z = (k: number) => (k % 3 === 2 ? -12.5 : 40 + 7 * k);
    const holed = {
      type: 'Polygon',
      coordinates: [...square(120, 30, 0.01).coordinates, ...square(120.002, 30.002, 0.004).coordinates],
    } as Geometry;
    const multi = {
      type: 'MultiPolygon',
      coordinates: [square(121, 30, 0.01).coordinates, square(121.01, 30, 0.01).coordinates],
    } as Geometry;
    const over = square(120.005, 30, 0.01); // the east half of holed's square, its hole partly in it

    it('a Polygon and a MultiPolygon give the areas, validity and overlaps they give without altitudes', () => {
      for (const g of [holed, multi, over]) {
        const g3 = withZ(g, z);
        expect(geodesicArea(g3)).toBe(geodesicArea(g));
        expect(fanArea(g3)).toBe(fanArea(g));
        expect(geometryValidity(g3, [])).toBeUndefined();
      }
      expect(overlapArea(withZ(holed, z), withZ(over, z))).toBe(overlapArea(holed, over));
      expect(overlapArea(withZ(holed, z), over)).toBe(overlapArea(holed, over));
      const ps = (lift: (g: Geometry) => Geometry) =>
        [holed, multi, over].map((g, i) => ({ id: `P${i}`, geometry: lift(g) }));
      const flat = findOverlaps(ps((g) => g));
      expect(flat.map((o) => [o.a, o.b])).toEqual([['P0', 'P2']]);
      expect(findOverlaps(ps((g) => withZ(g, z)))).toEqual(flat);
    });

    it('a batch values and warns parcels with altitudes as it does without, overlaps included', () => {
      const run = (lift: (g: Geometry) => Geometry) => {
        const b = new VepBatch(prepared);
        const lines = [
          parcel('H', 'hills', { shrub: ['89.94', 'hm2'] }, { geometry: lift(holed) }),
          parcel('M', 'hills', { shrub: ['214.15', 'hm2'] }, { geometry: lift(multi) }),
          parcel('O', 'hills', { shrub: ['90', 'hm2'] }, { geometry: lift(over) }), // VEP_AREA_MISMATCH
        ].map((p, i) => b.process(JSON.stringify(p), i + 1));
        return { lines, summary: b.summary() };
      };
      const flat = run((g) => g);
      expect(flat.lines.map((r) => r?.ok)).toEqual([true, true, true]);
      expect(flat.lines[2]?.issues.map((i) => i.code)).toContain('VEP_AREA_MISMATCH');
      expect(flat.summary.overlaps.map((i) => [i.params?.a, i.params?.b])).toEqual([['H', 'O']]);
      expect(run((g) => withZ(g, z))).toEqual(flat);
    });

    it('checks of the outline name positions by longitude and latitude', () => {
      // a hole outside its ring: the position named without its altitude
      const outside = withZ(
        {
          type: 'Polygon',
          coordinates: [...square(120, 30, 0.01).coordinates, ...square(120.02, 30, 0.01).coordinates],
        } as Geometry,
        () => 55,
      );
      expect(geometryValidity(outside, [])?.params).toEqual({
        ring: 'coordinates[1]',
        problem: 'hole-outside',
        a: 0,
        b: '[120.02, 30]',
      });
      // Xinjiang written [lat, lon, altitude]: swapped, as without the altitude
      const b = new VepBatch(prepared);
      const swapped = withZ(square(40, 80, 0.01), () => 1200);
      const r = b.process(parcel('S', 'hills', { shrub: ['1', 'hm2'] }, { geometry: swapped }), 1);
      expect(r?.issues.map((i) => [i.code, i.params?.look, i.params?.position])).toEqual([
        ['VEP_GEOMETRY_EXTENT', 'swapped', '[40, 80]'],
      ]);
    });

    it('a position of four or more elements, or an altitude that is no number, is refused once per outline, naming the cause', () => {
      const b = new VepBatch(prepared);
      const refused = (geometry: unknown, line: number) => {
        const r = b.process(
          JSON.stringify(parcel(`Z${line}`, 'hills', { shrub: ['107.07', 'hm2'] }, { geometry })),
          line,
        );
        expect(r?.ok).toBe(false);
        return r?.issues.map((i) => [i.code, i.path, i.message.en, i.message.zh]);
      };
      // [x, y, z, m] (a measure after the altitude): one issue, at the first position, not one per position
      const zm = {
        type: 'MultiPolygon',
        coordinates: [withZ(withZ(square(120, 30, 0.01), z), () => 0).coordinates],
      };
      expect(refused(zm, 1)).toEqual([
        [
          'VEP_PARCEL_INVALID',
          ['line', 1, 'geometry', 'coordinates', 0, 0, 0],
          'Invalid parcel record: a position is [longitude, latitude] or [longitude, latitude, altitude]: 4 elements given',
          '地块记录格式错误：坐标点应为 [经度, 纬度] 或 [经度, 纬度, 高程]：给出了 4 个元素',
        ],
      ]);
      // an altitude as text, as a spreadsheet may export it
      const text = {
        type: 'Polygon',
        coordinates: [square(120, 30, 0.01).coordinates[0]?.map(([x, y]) => [x, y, '35.0'])],
      };
      expect(refused(text, 2)).toEqual([
        [
          'VEP_PARCEL_INVALID',
          ['line', 2, 'geometry', 'coordinates', 0, 0, 2],
          "Invalid parcel record: an altitude (a position's third element) is a number, not string",
          '地块记录格式错误：高程（坐标点的第三个元素）应为数值，实际为字符串',
        ],
      ]);
      // a position of one number
      const one = { type: 'Polygon', coordinates: [[[120], [120.01, 30], [120.01, 30.01], [120, 30]]] };
      expect(refused(one, 3)?.map((i) => i[2])).toEqual([
        'Invalid parcel record: a position is [longitude, latitude] or [longitude, latitude, altitude]: 1 element given',
      ]);
      // a type of neither form is named at `type`, not as a geometry that matches no form
      expect(refused({ type: 'Point', coordinates: [120, 30, 0] }, 4)).toEqual([
        [
          'VEP_PARCEL_INVALID',
          ['line', 4, 'geometry', 'type'],
          'Invalid parcel record: Invalid option: expected one of "Polygon"|"MultiPolygon"',
          '地块记录格式错误：无效选项：应为 "Polygon"|"MultiPolygon" 之一',
        ],
      ]);
    });
  });
});
