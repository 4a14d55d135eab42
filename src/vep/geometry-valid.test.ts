import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { squareRing as sq } from '../../test/vep/helpers';
import { type Geometry, geodesicArea } from './geometry';
import { firstBoxPairForTest, geometryValidity, predicatesForTest } from './geometry-valid';

type Pt = [number, number];
const poly = (...rings: Pt[][]) => ({ type: 'Polygon', coordinates: rings }) as Geometry;
const multi = (...parts: Pt[][][]) => ({ type: 'MultiPolygon', coordinates: parts }) as Geometry;
/** The cells of 0.001° from (120° E, 30° N): (i, j) → (120 + 0.001 i, 30 + 0.001 j). */
const c = (i: number, j: number): Pt => [120 + i / 1000, 30 + j / 1000];
const check = (g: Geometry) => {
  const i = geometryValidity(g, ['line', 1, 'geometry']);
  return i === undefined ? undefined : { path: i.path, ...i.params };
};

// Areas, A = R² Δλ (sin φ₂ − sin φ₁), R = 6 371 008.8 m, angles in radians:
//   0.01° square at 30° N:            1 070 729.81 m²; its half (Δλ = 0.005°): 535 364.90 m²
//   0.002° × 0.004° from 30.002° N:   85 659.25 m²;    0.001° cell from 30.002° N: 10 707.57 m²

describe('geometryValidity', () => {
  it('a bowtie: edge 0–1 crosses edge 2–3 at (120.005, 30.005)', () => {
    const bowtie = poly([
      [120, 30],
      [120.01, 30.01],
      [120.01, 30],
      [120, 30.01],
      [120, 30],
    ]);
    // its two triangles (each ½ × 535 364.90 × 2 ≈ 267 682 m²) have opposite orientations: @turf/area nets them
    expect(geodesicArea(bowtie)).toBeLessThan(100);
    expect(check(bowtie)).toEqual({
      path: ['line', 1, 'geometry', 'coordinates', 0],
      ring: 'coordinates[0]',
      problem: 'self-intersection',
      a: '0–1',
      b: '2–3',
    });
  });

  it('a spike (edges running back along each other), a figure-of-eight through a position, too few positions', () => {
    // edge 0–1 runs east to 120.01, edge 1–2 back west to 120.005: they share [120.005, 120.01] × {30}
    const spike = poly([
      [120, 30],
      [120.01, 30],
      [120.005, 30],
      [120, 30.01],
      [120, 30],
    ]);
    expect(check(spike)).toMatchObject({ problem: 'self-intersection', a: '0–1', b: '1–2' });
    // two squares' corners meeting at c(10, 10), positions 2 and 6: edges 1–2 and 5–6 both end there and are not
    // neighbours (the first pair that meets: edge 1 meets none of edges 3 and 4)
    const eight = poly([
      c(0, 0),
      c(10, 0),
      c(10, 10),
      c(20, 10),
      c(20, 20),
      c(10, 20),
      c(10, 10),
      c(0, 10),
      c(0, 0),
    ]);
    expect(check(eight)).toMatchObject({ problem: 'self-intersection', a: '1–2', b: '5–6' });
    // a position repeated next to itself counts once: 2 distinct positions
    const flat = poly([
      [120, 30],
      [120.01, 30],
      [120.01, 30],
      [120, 30],
    ]);
    expect(check(flat)).toMatchObject({ problem: 'too-few', a: 2, b: '' });
  });

  it('a hole outside its outer ring; a hole crossing it with no position outside; holes overlapping', () => {
    const out = poly(sq(120, 30, 0.01), sq(120.02, 30, 0.01));
    // 1 070 729.81 − 1 070 729.81 = 0 (same latitudes): the area @turf/area gives
    expect(geodesicArea(out)).toBeCloseTo(0, 3);
    expect(check(out)).toEqual({
      path: ['line', 1, 'geometry', 'coordinates', 1],
      ring: 'coordinates[1]',
      problem: 'hole-outside',
      a: 0,
      b: '[120.02, 30]',
    });
    // a U of 0.001° cells (x 0–3, y 0–3, the notch x 1–2, y 1–3 open to the north) and a trapezoid hole whose
    // positions lie inside or on it, but which covers the cell x 1–2, y 2–3 of the notch: 10 707.57 m² outside
    const U = [c(0, 0), c(3, 0), c(3, 3), c(2, 3), c(2, 1), c(1, 1), c(1, 3), c(0, 3), c(0, 0)];
    const trapezoid = [c(0.5, 2), c(2.5, 2), c(2, 3), c(1, 3), c(0.5, 2)];
    expect(check(poly(U, trapezoid))).toMatchObject({ problem: 'hole-crosses', a: '10707.6', b: '' });
    // holes x 2–6 and x 4–8 (y 2–6): they share x 4–6, y 2–6: 0.002° × 0.004° = 85 659.25 m²
    const holes = poly(sq(120, 30, 0.01), sq(120.002, 30.002, 0.004), sq(120.004, 30.002, 0.004));
    expect(check(holes)).toEqual({
      path: ['line', 1, 'geometry', 'coordinates', 2],
      ring: 'coordinates[2]',
      problem: 'holes-overlap',
      a: 'coordinates[1]',
      b: '85659.2',
    });
  });

  it('parts of a MultiPolygon overlapping', () => {
    // the square and the square shifted east by half of it: they share 535 364.90 m², which a sum counts twice
    // (2 × 1 070 729.81 = 2 141 459.62 m², the union 1 606 094.71 m²)
    const g = multi([sq(120, 30, 0.01)], [sq(120.005, 30, 0.01)]);
    expect(geodesicArea(g)).toBeCloseTo(2_141_459.61, 1);
    expect(check(g)).toEqual({
      path: ['line', 1, 'geometry', 'coordinates', 1],
      ring: 'coordinates[1]',
      problem: 'parts-overlap',
      a: 'coordinates[0]',
      b: '535364.9',
    });
  });

  it('valid outlines stay valid with their area unchanged', () => {
    // a square with a hole x 2–6, y 2–6 of 0.001°: 1 070 729.81 − 171 318.50 = 899 411.31 m²
    const holed = poly(sq(120, 30, 0.01), sq(120.002, 30.002, 0.004));
    expect(check(holed)).toBeUndefined();
    expect(geodesicArea(holed)).toBeCloseTo(899_411.31, 1);
    // two squares side by side (sharing the edge x = 120.01) and an island in the first one's hole: nothing
    // counted twice; 2 × 1 070 729.81 − 171 318.50 + 10 707.57 (the cell x 3–4, y 3–4 from 30.003° N: 10 707.57)
    const parts = multi(
      [sq(120, 30, 0.01), sq(120.002, 30.002, 0.004)],
      [sq(120.01, 30, 0.01)],
      [sq(120.003, 30.003, 0.001)],
    );
    expect(check(parts)).toBeUndefined();
    expect(geodesicArea(parts)).toBeCloseTo(2 * 1_070_729.807 - 171_318.496 + 10_707.4, 0);
    // a hole touching its outer ring along an edge (x 0–4, y 0–4 in the south-west corner) stays valid
    expect(check(poly(sq(120, 30, 0.01), sq(120, 30, 0.004)))).toBeUndefined();
    // a ring written clockwise, with a position repeated: valid
    expect(check(poly([c(0, 0), c(0, 10), c(0, 10), c(10, 10), c(10, 0), c(0, 0)]))).toBeUndefined();
  });

  it('rings of more than 128 edges (the indexed path): a circle of 1 000 positions, and with one crossing', () => {
    const circle: Pt[] = [];
    for (let k = 0; k < 1000; k++) {
      const t = (2 * Math.PI * k) / 1000;
      circle.push([120 + 0.01 * Math.cos(t), 30 + 0.01 * Math.sin(t)]);
    }
    circle.push(circle[0] as Pt);
    expect(check(poly(circle))).toBeUndefined();
    // positions 500 and 501 swapped: edges 499–500 and 501–502 now cross
    const crossed = circle.map((p) => [...p] as Pt);
    [crossed[500], crossed[501]] = [crossed[501] as Pt, crossed[500] as Pt];
    expect(check(poly(crossed))).toMatchObject({ problem: 'self-intersection', a: '499–500', b: '501–502' });
  });

  it('the indexed candidate pairs equal every pair compared (property)', () => {
    const box = fc
      .tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.nat(10), fc.nat(10))
      .map(([x, y, w, h]) => [x, y, x + w, y + h] as [number, number, number, number]);
    fc.assert(
      fc.property(fc.array(box, { minLength: 129, maxLength: 300 }), (boxes) => {
        const brute: [number, number][] = [];
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const [a, b] = [boxes[i], boxes[j]] as [number[], number[]];
            if (a[0]! <= b[2]! && b[0]! <= a[2]! && a[1]! <= b[3]! && b[1]! <= a[3]!) brute.push([i, j]);
          }
        const visited: [number, number][] = [];
        expect(firstBoxPairForTest(boxes, (i, j) => visited.push([i, j]) < 0)).toBeUndefined();
        expect(visited).toEqual(brute);
        // stopping at a pair returns it
        const stop = brute[Math.floor(brute.length / 2)];
        if (stop !== undefined)
          expect(firstBoxPairForTest(boxes, (i, j) => i === stop[0] && j === stop[1])).toEqual(stop);
      }),
      { numRuns: 100 },
    );
  });
});

describe('geometryValidity: where edges meet and where they only come close', () => {
  const ring = (...pts: [number, number][]) => poly([...pts.map(([i, j]) => c(i, j)), c(...(pts[0] as Pt))]);
  it('concave outlines whose edges’ boxes overlap without the edges meeting are valid (a comb, a C, a triangle)', () => {
    // a C: the inner edges' boxes lie inside the outer ones', no two edges meet
    expect(check(ring([0, 0], [6, 0], [6, 2], [2, 2], [2, 4], [6, 4], [6, 6], [0, 6]))).toBeUndefined();
    // a comb of three teeth
    expect(
      check(
        ring([0, 0], [7, 0], [7, 5], [6, 5], [6, 1], [4, 1], [4, 5], [3, 5], [3, 1], [1, 1], [1, 5], [0, 5]),
      ),
    ).toBeUndefined();
    // a slanted concave quadrilateral: edge 2–3's box holds position 0, which is off its line
    expect(check(ring([0, 0], [4, 4], [8, 0], [4, 8]))).toBeUndefined();
    // three positions are enough
    expect(check(ring([0, 0], [4, 0], [0, 3]))).toBeUndefined();
  });
  it('a position on another edge (a T) and an edge lying along another are self-intersections, named by edges', () => {
    // position 4 (3, 0) lies on edge 0–1 from (0, 0) to (6, 0)
    expect(check(ring([0, 0], [6, 0], [6, 4], [4, 4], [3, 0], [0, 4]))).toMatchObject({
      problem: 'self-intersection',
      a: '0–1',
      b: '3–4',
    });
    // edge 3–4 runs back along edge 0–1 between x = 2 and x = 4 (collinear overlap, no crossing)
    expect(check(ring([0, 0], [6, 0], [6, 3], [4, 0], [2, 0], [0, 3]))).toMatchObject({
      problem: 'self-intersection',
      a: '0–1',
    });
    // edge 3–4 from (0, 4) to (6, 2) crosses edge 1–2 (x = 4) at y = 2.67, before the closing edge does at y = 1.33
    expect(check(ring([0, 0], [4, 0], [4, 4], [0, 4], [6, 2]))).toMatchObject({ a: '1–2', b: '3–4' });
    // the closing edge alone crosses: from (8, 2) back to (0, 0), named 4–5 (position 5 the closing one as written)
    expect(check(ring([0, 0], [4, 0], [4, 4], [6, 4], [8, 2]))).toMatchObject({
      problem: 'self-intersection',
      a: '1–2',
      b: '4–5',
    });
  });
  it('a ring written with its closing position repeated is read as the ring', () => {
    const square = sq(120, 30, 0.01);
    expect(check(poly([...square, square[0] as Pt]))).toBeUndefined();
    expect(check(poly([square[0] as Pt, ...square]))).toBeUndefined();
    // two distinct positions, however often written, are too few
    expect(check(poly([c(0, 0), c(1, 0), c(1, 0), c(0, 0), c(0, 0)]))).toMatchObject({
      problem: 'too-few',
      a: 2,
    });
  });
  it('a hole with a position on its outer ring and the rest inside is valid; one position outside is named', () => {
    const shell = sq(120, 30, 0.01);
    // the hole touches the shell's south edge at (120.005, 30)
    const touching: Pt[] = [c(5, 0), c(7, 3), c(3, 3), c(5, 0)];
    expect(check(poly(shell, touching))).toBeUndefined();
    // its position 1 pushed past the east edge (x = 120.01): outside, and named with its coordinates
    const out: Pt[] = [c(5, 2), c(12, 3), c(3, 3), c(5, 2)];
    expect(check(poly(shell, out))).toMatchObject({ problem: 'hole-outside', a: 1, b: '[120.012, 30.003]' });
  });
});

describe('geometryValidity: places and thresholds', () => {
  it('a ring of one position written four times has one distinct position', () => {
    expect(check(poly([c(1, 1), c(1, 1), c(1, 1), c(1, 1)]))).toMatchObject({ problem: 'too-few', a: 1 });
  });

  it('a problem of a MultiPolygon’s ring is named by part and ring', () => {
    // part 1's hole (ring 1) is a bowtie
    const bowtie: Pt[] = [c(12, 2), c(16, 6), c(16, 2), c(12, 6), c(12, 2)];
    expect(check(multi([sq(120, 30, 0.01)], [sq(120.01, 30, 0.01), bowtie]))).toEqual({
      path: ['line', 1, 'geometry', 'coordinates', 1, 1],
      ring: 'coordinates[1][1]',
      problem: 'self-intersection',
      a: '0–1',
      b: '2–3',
    });
  });

  it('holes whose boxes meet along an edge, sharing no area, are valid', () => {
    // holes x 2–4 and x 4–6 (y 2–4): they share the edge x = 4, area 0
    // (positions from c(), so both holes' x = 4 is the same number: 120.002 + 0.002 is not 120.004 in float64)
    const h1: Pt[] = [c(2, 2), c(4, 2), c(4, 4), c(2, 4), c(2, 2)];
    const h2: Pt[] = [c(4, 2), c(6, 2), c(6, 4), c(4, 4), c(4, 2)];
    expect(check(poly(sq(120, 30, 0.01), h1, h2))).toBeUndefined();
  });
});

describe('the predicates, on integer positions (exact in float64), against independent references', () => {
  const { segmentsMeet, foldBack, side } = predicatesForTest;
  type P = [number, number];
  const cross = (o: P, a: P, b: P) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const dot = (o: P, a: P, b: P) => (a[0] - o[0]) * (b[0] - o[0]) + (a[1] - o[1]) * (b[1] - o[1]);
  /** p on the closed segment ab: collinear, and (p − a)·(p − b) ≤ 0. */
  const onSegment = (a: P, b: P, p: P) => cross(a, b, p) === 0 && dot(p, a, b) <= 0;
  /**
   * Reference: ab and cd (each of positive length) meet when the parameters t, u of the lines' crossing are both
   * in [0, 1] — t = ((c − a) × (d − c)) / r, u = ((c − a) × (b − a)) / r, r = (b − a) × (d − c), compared as
   * fractions without dividing — or, parallel (r = 0), when one segment holds an end of the other.
   */
  const meetsRef = (a: P, b: P, c: P, d: P) => {
    const r = (b[0] - a[0]) * (d[1] - c[1]) - (b[1] - a[1]) * (d[0] - c[0]);
    if (r === 0) return onSegment(a, b, c) || onSegment(a, b, d) || onSegment(c, d, a) || onSegment(c, d, b);
    const t = (c[0] - a[0]) * (d[1] - c[1]) - (c[1] - a[1]) * (d[0] - c[0]);
    const u = (c[0] - a[0]) * (b[1] - a[1]) - (c[1] - a[1]) * (b[0] - a[0]);
    const within = (x: number) => (r > 0 ? x >= 0 && x <= r : x <= 0 && x >= r);
    return within(t) && within(u);
  };
  const pt = fc.tuple(fc.integer({ min: -4, max: 4 }), fc.integer({ min: -4, max: 4 }));
  const seg = fc.tuple(pt, pt).filter(([a, b]) => a[0] !== b[0] || a[1] !== b[1]);

  it('segmentsMeet: crossing, touching, collinear overlap and apart, by hand', () => {
    // the diagonals of a square cross at (1, 1)
    expect(segmentsMeet([0, 0], [2, 2], [0, 2], [2, 0])).toBe(true);
    // (3, 0) − (1, 2) on the line x + y = 3 ends on y = 0 at x = 3, past (2, 0): apart, though a lies on cd's line
    expect(segmentsMeet([3, 0], [1, 2], [0, 0], [2, 0])).toBe(false);
    // (−1, 0) − (1, 2) starts on y = 0 before (0, 0): apart
    expect(segmentsMeet([-1, 0], [1, 2], [0, 0], [2, 0])).toBe(false);
    // the same on a vertical line x = 0 between y = 0 and y = 2: (0, 3) and (0, −1) lie on its line, beyond its ends
    expect(segmentsMeet([0, 3], [2, 1], [0, 0], [0, 2])).toBe(false);
    expect(segmentsMeet([0, -1], [2, 1], [0, 0], [0, 2])).toBe(false);
    // c (and d) on ab's line, beyond b: apart; c on ab: they meet
    expect(segmentsMeet([0, 0], [2, 0], [3, 0], [4, 2])).toBe(false);
    expect(segmentsMeet([0, 0], [2, 0], [-1, 0], [-2, 2])).toBe(false);
    expect(segmentsMeet([0, 0], [2, 0], [4, 2], [3, 0])).toBe(false);
    expect(segmentsMeet([0, 0], [2, 0], [1, 0], [4, 2])).toBe(true);
    expect(segmentsMeet([0, 0], [2, 0], [4, 2], [1, 0])).toBe(true);
    // a and b straddle cd's line, but cd lies wholly on one side of ab: apart
    expect(segmentsMeet([0, -1], [0, 1], [1, 0], [3, 0])).toBe(false);
    // each end of ab on cd in turn (a T)
    expect(segmentsMeet([1, 0], [1, 2], [0, 0], [2, 0])).toBe(true);
    expect(segmentsMeet([1, 2], [1, 0], [0, 0], [2, 0])).toBe(true);
    // collinear: overlapping, touching end to end, apart
    expect(segmentsMeet([0, 0], [2, 0], [1, 0], [3, 0])).toBe(true);
    expect(segmentsMeet([0, 0], [2, 0], [2, 0], [3, 0])).toBe(true);
    expect(segmentsMeet([0, 0], [2, 0], [3, 0], [5, 0])).toBe(false);
  });

  it('segmentsMeet equals the reference on every pair of small integer segments (property)', () => {
    fc.assert(
      fc.property(seg, seg, ([a, b], [c, d]) => {
        expect(segmentsMeet(a, b, c, d)).toBe(meetsRef(a, b, c, d));
      }),
      { numRuns: 3000 },
    );
  });

  it('foldBack: neighbours running back along each other, by hand', () => {
    // from s = (0, 0): u east, v east and shorter — a spike; v west — a straight run on; v north — a corner
    expect(foldBack([0, 0], [2, 0], [1, 0])).toBe(true);
    expect(foldBack([0, 0], [2, 0], [-1, 0])).toBe(false);
    expect(foldBack([0, 0], [2, 0], [0, 1])).toBe(false);
    // vertical and diagonal spikes: (0, 2)·(0, 1) = 2 > 0; (2, 2)·(1, 1) = 2 + 2 = 4 > 0
    expect(foldBack([0, 0], [0, 2], [0, 1])).toBe(true);
    expect(foldBack([0, 0], [2, 2], [1, 1])).toBe(true);
    // from s = (0, −5): u − s = (2, 2), v − s = (−1, −1), dot −2 − 2 = −4: no fold (with ys added, +6)
    expect(foldBack([0, -5], [2, -3], [-1, -6])).toBe(false);
    expect(foldBack([0, -5], [2, -3], [1, -4])).toBe(true);
  });

  it('foldBack equals "collinear and pointing the same way" on small integer positions (property)', () => {
    fc.assert(
      fc.property(pt, pt, pt, (s, u, v) => {
        fc.pre((u[0] !== s[0] || u[1] !== s[1]) && (v[0] !== s[0] || v[1] !== s[1]));
        expect(foldBack(s, u, v)).toBe(cross(s, u, v) === 0 && dot(s, u, v) > 0);
      }),
      { numRuns: 2000 },
    );
  });

  // Rings (open: side reads each edge from the last position to the first too), convex and concave, with
  // slanted edges.
  const rings: P[][] = [
    [
      [0, 0],
      [4, 0],
      [0, 3],
    ],
    [
      [2, 0],
      [4, 2],
      [2, 4],
      [0, 2],
    ],
    // an arrow: concave at (2, 2)
    [
      [0, 0],
      [2, 2],
      [4, 0],
      [2, 5],
    ],
    // an L of slanted feet
    [
      [0, 0],
      [5, 1],
      [5, 2],
      [2, 2],
      [1, 5],
      [0, 5],
    ],
  ];
  /**
   * Reference: 0 on an edge; else the winding number (an edge crossing the point's horizontal upwards with the
   * point on its left counts +1, downwards with the point on its right −1), inside when not 0 — a rule of its own,
   * with no division, where side() counts crossings left of the point by dividing.
   */
  const sideRef = (p: P, ring: P[]): 1 | 0 | -1 => {
    let w = 0;
    for (let k = 0; k < ring.length; k++) {
      const a = ring[k] as P;
      const b = ring[(k + 1) % ring.length] as P;
      if (onSegment(a, b, p)) return 0;
      if (a[1] <= p[1]) {
        if (b[1] > p[1] && cross(a, b, p) > 0) w += 1;
      } else if (b[1] <= p[1] && cross(a, b, p) < 0) w -= 1;
    }
    return w === 0 ? -1 : 1;
  };

  it('side: inside, on an edge or at a position, outside, by hand', () => {
    const triangle = rings[0] as P[];
    expect(side([1, 1], triangle)).toBe(1);
    expect(side([2, 0], triangle)).toBe(0); // on the edge (0, 0) − (4, 0)
    expect(side([4, 0], triangle)).toBe(0); // a position
    expect(side([2, 1.5], triangle)).toBe(0); // on the slanted edge: 3·2 + 4·1.5 = 12
    expect(side([3, 1], triangle)).toBe(-1); // 3·3 + 4·1 = 13 > 12: beyond the slanted edge
    expect(side([1, 2], triangle)).toBe(1); // 3 + 8 = 11 < 12
    expect(side([5, 0], triangle)).toBe(-1); // on the edge's line, past its end
    const arrow = rings[2] as P[];
    expect(side([2, 1], arrow)).toBe(-1); // in the notch below (2, 2)
    expect(side([2, 3], arrow)).toBe(1);
    expect(side([1, 1], arrow)).toBe(0); // on the edge (0, 0) − (2, 2), y = x
    expect(side([1, 0.5], arrow)).toBe(-1); // below that edge, in the notch
  });

  it('side equals the winding-number reference on a grid of half units around each ring (property)', () => {
    for (const ring of rings)
      for (let x = -1; x <= 6; x += 0.5)
        for (let y = -1; y <= 6; y += 0.5)
          expect([x, y, side([x, y], ring)]).toEqual([x, y, sideRef([x, y], ring)]);
  });
});
