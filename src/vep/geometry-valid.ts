import Flatbush from 'flatbush';
import type { Issue, Path } from '../core/errors';
import { vepIssue } from './errors';
import { type Geometry, OVERLAP_MIN_M2, fanArea, overlapArea } from './geometry';

/**
 * Validity of a parcel outline (GeoJSON Polygon or MultiPolygon, EPSG:4490), checked before its area and its
 * overlaps are measured; the first problem found refuses the parcel (VEP_GEOMETRY_INVALID), naming the ring or
 * part by its GeoJSON index (`coordinates[1]`, `coordinates[2][0]`); positions are compared by longitude and latitude
 * (an altitude is not read):
 *
 *   1. each ring is simple: at least 3 distinct positions (a position repeated next to itself counts once), no two
 *      edges meet except neighbours at their common position, and neighbours do not fold back along each other
 *      (a spike). Edge pairs are tested in the order (i, j), i < j, and the first that meets is named.
 *   2. each hole lies inside its outer ring: area(hole) − area(hole ∩ outer ring) < 0.01 m²;
 *   3. the holes of a polygon do not overlap each other: area(hᵢ ∩ hⱼ) < 0.01 m²;
 *   4. the parts of a MultiPolygon do not overlap each other: area(Pᵢ ∩ Pⱼ) < 0.01 m², each part its outer ring less
 *      its holes (a part on an island inside another part's hole does not overlap it).
 *
 * 2–4 use the exact areas of the overlap check (geometry.ts: signed fan triangles, valid for simple rings, which
 * 1 has established) with its threshold of 0.01 m², so rings that only touch (a hole touching its outer ring at a
 * position or along an edge, parts sharing an edge) are valid: they count no area twice and leave none out.
 *
 * Cost: candidate pairs (of edges in 1, of holes in 3, of parts in 4) are those whose bounding boxes meet; up to
 * BRUTE_MAX = 128 boxes every pair is compared (at most 8 128 box tests, about 25 µs), above it a Flatbush index
 * finds them in O(n log n + k) for n boxes and k meeting pairs (k ≈ 2n along a drawn outline, whose edges meet only
 * their neighbours' boxes; k reaches n²/2 only for rings whose edges' boxes all overlap). 128 is where the two
 * cost the same (measured on circles of 16 to 1 000 positions: the index costs 7 µs at 33 edges and 0.3 ms at 1 000,
 * every pair 2 µs and 1.3 ms). 2–4 cost what the overlap check costs: (positions of one ring) × (positions of the
 * other) fan-triangle pairs, each rejected by its bounding box first, for each hole and each pair of meeting holes
 * or parts; a polygon of one part without holes pays for 1 only.
 */

/** A position: longitude, latitude (and an altitude, not read). */
type Pt = readonly [number, number, number?];
type Box = readonly [number, number, number, number];

/** Up to this many boxes every pair is compared; above it, a Flatbush index finds the pairs whose boxes meet (above). */
const BRUTE_MAX = 128;

const meet = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/**
 * Visits the pairs (i, j), i < j, of boxes that meet (closed boxes: touching counts) in the order (i, j), until
 * `visit` returns true; returns that pair, or undefined.
 */
function firstBoxPair(
  boxes: readonly Box[],
  visit: (i: number, j: number) => boolean,
): [number, number] | undefined {
  const n = boxes.length;
  if (n <= BRUTE_MAX) {
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++)
        if (meet(boxes[i] as Box, boxes[j] as Box) && visit(i, j)) return [i, j];
    return undefined;
  }
  const index = new Flatbush(n);
  for (const b of boxes) index.add(b[0], b[1], b[2], b[3]);
  index.finish();
  for (let i = 0; i < n; i++) {
    const b = boxes[i] as Box;
    const js = index.search(b[0], b[1], b[2], b[3], (j) => j > i);
    if (js.length > 1) js.sort((x, y) => x - y);
    for (const j of js) if (visit(i, j)) return [i, j];
  }
  return undefined;
}

const orient = (o: Pt, a: Pt, b: Pt) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
const sgn = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0);

/** Whether p, collinear with segment ab, lies on it (ends included). */
const within = (a: Pt, b: Pt, p: Pt) =>
  Math.min(a[0], b[0]) <= p[0] &&
  p[0] <= Math.max(a[0], b[0]) &&
  Math.min(a[1], b[1]) <= p[1] &&
  p[1] <= Math.max(a[1], b[1]);

/** Whether the closed segments ab and cd have a point in common (crossing, touching or overlapping). */
function segmentsMeet(a: Pt, b: Pt, c: Pt, d: Pt): boolean {
  const d1 = sgn(orient(c, d, a));
  const d2 = sgn(orient(c, d, b));
  const d3 = sgn(orient(a, b, c));
  const d4 = sgn(orient(a, b, d));
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (
    (d1 === 0 && within(c, d, a)) ||
    (d2 === 0 && within(c, d, b)) ||
    (d3 === 0 && within(a, b, c)) ||
    (d4 === 0 && within(a, b, d))
  );
}

/** Whether neighbouring edges s→u and s→v (from their common position s) fold back along each other. */
const foldBack = (s: Pt, u: Pt, v: Pt) =>
  orient(s, u, v) === 0 && (u[0] - s[0]) * (v[0] - s[0]) + (u[1] - s[1]) * (v[1] - s[1]) > 0;

type RingProblem =
  { problem: 'too-few'; a: number; b: '' } | { problem: 'self-intersection'; a: string; b: string };

/** The first reason a closed ring (as GeoJSON writes it, first position repeated last) is not simple, or none. */
function ringProblem(ring: readonly Pt[]): RingProblem | undefined {
  // The distinct positions in order, each with its index as written (a repeat of the one before is skipped).
  const pts: Pt[] = [];
  const idx: number[] = [];
  for (let k = 0; k < ring.length - 1; k++) {
    const p = ring[k] as Pt;
    const last = pts.at(-1);
    if (last !== undefined && last[0] === p[0] && last[1] === p[1]) continue;
    pts.push(p);
    idx.push(k);
  }
  const first = pts[0] as Pt;
  while (pts.length > 1 && (pts.at(-1) as Pt)[0] === first[0] && (pts.at(-1) as Pt)[1] === first[1]) {
    pts.pop();
    idx.pop();
  }
  const m = pts.length;
  if (m < 3) return { problem: 'too-few', a: m, b: '' };
  // Edge k runs from pts[k] to pts[k + 1] (the last back to pts[0], the closing position as written).
  const end = (k: number) => pts[(k + 1) % m] as Pt;
  const name = (k: number) => `${idx[k]}–${k + 1 < m ? idx[k + 1] : ring.length - 1}`;
  const boxes: Box[] = pts.map((p, k) => {
    const q = end(k);
    return [Math.min(p[0], q[0]), Math.min(p[1], q[1]), Math.max(p[0], q[0]), Math.max(p[1], q[1])];
  });
  const bad = firstBoxPair(boxes, (i, j) => {
    const a = pts[i] as Pt;
    const c = pts[j] as Pt;
    if (j === i + 1) return foldBack(c, a, end(j)); // common position pts[j]
    if (i === 0 && j === m - 1) return foldBack(a, end(i), c); // common position pts[0]
    return segmentsMeet(a, end(i), c, end(j));
  });
  return bad === undefined ? undefined : { problem: 'self-intersection', a: name(bad[0]), b: name(bad[1]) };
}

/** Where p lies against a simple ring (open or closed): 1 inside, 0 on its boundary, −1 outside (even–odd rule). */
function side(p: Pt, ring: readonly Pt[]): 1 | 0 | -1 {
  let inside = false;
  for (let k = 0, l = ring.length - 1; k < ring.length; l = k++) {
    const a = ring[l] as Pt;
    const b = ring[k] as Pt;
    if (orient(a, b, p) === 0 && within(a, b, p)) return 0;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0])
      inside = !inside;
  }
  return inside ? 1 : -1;
}

const ringBox = (ring: readonly Pt[]): Box => {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return [x0, y0, x1, y1];
};

const m2 = (a: number) => a.toFixed(1);

/**
 * VEP_GEOMETRY_INVALID for the first problem of an outline (see above), located at the ring or part under `at`
 * (the parcel's geometry), or undefined for a valid outline.
 */
export function geometryValidity(g: Geometry, at: Path): Issue | undefined {
  const multi = g.type === 'MultiPolygon';
  const polys = (multi ? g.coordinates : [g.coordinates]) as (readonly Pt[])[][];
  const where = (p: number, r?: number): (string | number)[] =>
    multi ? (r === undefined ? [p] : [p, r]) : [r ?? 0];
  const label = (w: readonly (string | number)[]) => `coordinates${w.map((k) => `[${k}]`).join('')}`;
  const invalid = (w: (string | number)[], problem: string, a: string | number, b: string | number) =>
    vepIssue('VEP_GEOMETRY_INVALID', [...at, 'coordinates', ...w], { ring: label(w), problem, a, b });

  for (let p = 0; p < polys.length; p++)
    for (let r = 0; r < (polys[p] as Pt[][]).length; r++) {
      const bad = ringProblem((polys[p] as Pt[][])[r] as Pt[]);
      if (bad !== undefined) return invalid(where(p, r), bad.problem, bad.a, bad.b);
    }

  const polygon = (...rings: (readonly Pt[])[]): Geometry =>
    ({ type: 'Polygon', coordinates: rings }) as unknown as Geometry;
  for (let p = 0; p < polys.length; p++) {
    const [shell, ...holes] = polys[p] as Pt[][];
    const outer = polygon(shell as Pt[]);
    for (let h = 0; h < holes.length; h++) {
      const hole = holes[h] as Pt[];
      const hg = polygon(hole);
      const out = fanArea(hg) - overlapArea(hg, outer);
      if (out < OVERLAP_MIN_M2) continue;
      const k = hole.findIndex((q) => side(q, shell as Pt[]) === -1);
      const w = where(p, h + 1);
      if (k >= 0) return invalid(w, 'hole-outside', k, `[${(hole[k] as Pt)[0]}, ${(hole[k] as Pt)[1]}]`);
      return invalid(w, 'hole-crosses', m2(out), '');
    }
    let area = 0;
    const pair = firstBoxPair(holes.map(ringBox), (i, j) => {
      area = overlapArea(polygon(holes[i] as Pt[]), polygon(holes[j] as Pt[]));
      return area >= OVERLAP_MIN_M2;
    });
    if (pair !== undefined)
      return invalid(where(p, pair[1] + 1), 'holes-overlap', label(where(p, pair[0] + 1)), m2(area));
  }
  if (!multi) return undefined;
  let area = 0;
  const parts = polys.map((rings) => polygon(...rings));
  const pair = firstBoxPair(
    polys.map((rings) => ringBox(rings[0] as Pt[])),
    (i, j) => (area = overlapArea(parts[i] as Geometry, parts[j] as Geometry)) >= OVERLAP_MIN_M2,
  );
  return pair === undefined
    ? undefined
    : invalid(where(pair[1]), 'parts-overlap', label(where(pair[0])), m2(area));
}

/** Exported for the property test only (the indexed pairs against every pair compared). */
export const firstBoxPairForTest = firstBoxPair;

/** Exported for the unit tests only (each predicate against an independent reference). */
export const predicatesForTest = { segmentsMeet, foldBack, side };
