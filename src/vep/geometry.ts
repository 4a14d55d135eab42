import { area as turfArea } from '@turf/area';
import Flatbush from 'flatbush';
import { dec, toPlain } from '../core/decimal';
import type { Issue, Path } from '../core/errors';
import { anArray, checkArgument, failArgument } from '../core/options';
import { type Geometry, geometrySchema } from '../input/geometry';
import { vepIssue } from './errors';

/**
 * Parcel geometry: GeoJSON Polygon or MultiPolygon in CGCS2000 longitude/latitude (EPSG:4490; within the
 * centimetres that matter here it coincides with WGS 84, which @turf/area assumes). A position's altitude (its
 * third element, when it has one) is not read: areas and overlaps are those of the outline in longitude and latitude.
 *
 *   geodesic area  A_g = @turf/area(geometry)  (m², on the sphere of radius 6 371 008.8 m)
 *   declared area  A_d = Σ areas of the parcel (m²)
 *   VEP_AREA_MISMATCH when |A_g − A_d| / A_g > tolerance (default 5 %, gepkit's choice: survey areas and
 *   digitised outlines commonly differ by a few per cent)
 *
 * A batch's outlines reach these functions checked (geometry-extent.ts, geometry-valid.ts: within China, rings
 * simple, holes inside their ring and apart, parts apart); called directly, they assume as much.
 *
 * Overlaps within a batch: candidates by bounding box (flatbush), then the area of the intersection of the two
 * outlines, for any simple polygons (concave, with holes, multi-part), by signed triangle fans:
 *
 *   each ring r = (v₀ … v_{n−1}) is the signed sum of its fan triangles T_k = (v₀, v_k, v_{k+1}), k = 1 … n−2:
 *   1_r(x) = Σ_k sgn(T_k) 1_{T_k}(x) almost everywhere (the winding number of r around x); a polygon is its
 *   outer ring counted +1 and its holes −1 whatever their orientation, parts added; hence
 *   1_{A∩B} = 1_A · 1_B = Σ_{t ∈ fan(A)} Σ_{u ∈ fan(B)} w_t w_u 1_{t∩u}, and area(A ∩ B) = Σ w_t w_u area(t ∩ u),
 *   where t ∩ u is convex (Sutherland–Hodgman of two triangles) — no general clipper needed.
 *
 *   area of a region with straight edges in (λ, φ), on the sphere of radius R = 6 371 008.8 m (@turf/area's):
 *   A = R² ∬ cos φ dλ dφ = −R² ∮ sin φ dλ (Green), exactly per edge: Δλ · sin φ_m · sin h / h,
 *   φ_m = (φ₁ + φ₂)/2, h = (φ₂ − φ₁)/2 (→ Δλ sin φ₁ as h → 0). The integral is additive, so the sum of the
 *   pieces is the area of the intersection itself; for edges along meridians and parallels it equals
 *   @turf/area's value (R² Δλ (sin φ₁ − sin φ₀) for a lon/lat rectangle); for slanted edges @turf/area's
 *   trapezoid rule (sin φ₁ + sin φ₂)/2 in place of sin φ_m · sin h / h differs from it by a few 10⁻⁶ of a
 *   parcel-sized area (under 10⁻⁵ in the property test).
 *
 * Cost: (vertices of A) × (vertices of B) triangle pairs per candidate pair, each rejected by its bounding box
 * first. Overlaps below 0.01 m² are not reported: outlines that share an edge give a sum of that order from
 * floating-point rounding (far below any survey's precision).
 */
export { geometrySchema, type Geometry };

/** Default relative tolerance between geodesic and declared area. */
export const AREA_TOLERANCE = 0.05;

/** Geodesic area of a geometry in m². */
export function geodesicArea(g: Geometry): number {
  return turfArea(g as never);
}

/**
 * VEP_AREA_MISMATCH when the declared area differs from the outline's geodesic area (the survey, the reference)
 * by more than `tolerance` of the geodesic area: |declared − geodesic| / geodesic > tolerance, so a declared area
 * 5 % above the outline's and one 5 % below are judged alike. A declared area of 0 (or an outline of none) is
 * always warned.
 */
export function areaCheck(id: string, g: Geometry, declaredM2: number, tolerance: number, at: Path): Issue[] {
  const geo = geodesicArea(g);
  const rel = declaredM2 === 0 || geo === 0 ? Infinity : Math.abs(declaredM2 - geo) / geo;
  if (rel <= tolerance) return [];
  return [
    vepIssue('VEP_AREA_MISMATCH', [...at, 'geometry'], {
      id,
      geodesic: geo.toFixed(1),
      declared: declaredM2.toFixed(1),
      // The tolerance as given, in per cent: 0.07 is 7 %, not the double 7.000000000000001.
      tolerance: `${toPlain(dec(tolerance).times(100))} %`,
    }),
  ];
}

type Ring = [number, number][];
const rings = (g: Geometry): Ring[][] =>
  g.type === 'Polygon' ? [g.coordinates as Ring[]] : (g.coordinates as Ring[][]);

function bbox(g: Geometry): [number, number, number, number] {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of rings(g))
    for (const [x, y] of poly[0] as Ring) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  return [x0, y0, x1, y1];
}

const cross = (o: [number, number], a: [number, number], b: [number, number]) =>
  (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Sutherland–Hodgman: the part of the (open) convex polygon `subject` inside the convex counter-clockwise `clip`. */
function clipConvex(subject: Ring, clip: Ring): Ring {
  let out = subject;
  for (let i = 0; i < clip.length && out.length > 0; i++) {
    const a = clip[i] as [number, number];
    const b = clip[(i + 1) % clip.length] as [number, number];
    const input = out;
    out = [];
    for (let j = 0; j < input.length; j++) {
      const p = input[j] as [number, number];
      const q = input[(j + 1) % input.length] as [number, number];
      const cp = cross(a, b, p);
      const cq = cross(a, b, q);
      if (cp >= 0) out.push(p);
      if (cp >= 0 !== cq >= 0) {
        const t = cp / (cp - cq);
        out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
  }
  return out;
}

/** Earth radius of @turf/area (m). */
const R = 6_371_008.8;
const RAD = Math.PI / 180;

/**
 * Area (m²) of an open counter-clockwise ring with straight edges in (λ, φ): −R² ∮ sin φ dλ, exact per edge.
 * Since ∮ dλ = 0 the integrand is taken as sin φ − sin φ₀ (φ₀ the first vertex's latitude), so that the terms
 * are of the size of the area rather than of Δλ · sin φ (which cancel to it); per edge
 * sin φ_m · sin h / h − sin φ₀ = 2 cos((φ_m + φ₀)/2) sin((φ_m − φ₀)/2) + sin φ_m (sin h − h) / h.
 */
function exactArea(r: Ring): number {
  const p0 = ((r[0] as [number, number])[1] * RAD) as number;
  let s = 0;
  for (let i = 0; i < r.length; i++) {
    const [l1, p1] = r[i] as [number, number];
    const [l2, p2] = r[(i + 1) % r.length] as [number, number];
    const h = ((p2 - p1) * RAD) / 2;
    const m = ((p1 + p2) * RAD) / 2;
    const mean =
      2 * Math.cos((m + p0) / 2) * Math.sin((m - p0) / 2) +
      (h === 0 ? 0 : (Math.sin(m) * (Math.sin(h) - h)) / h);
    s += (l2 - l1) * RAD * mean;
  }
  return -R * R * s;
}

/** A fan triangle, counter-clockwise, with its weight (±1) and bounding box. */
interface Tri {
  pts: Ring;
  w: number;
  box: [number, number, number, number];
}

/** Planar signed area × 2 of an open ring (positive when counter-clockwise). */
function shoelace(r: Ring): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) {
    const [x1, y1] = r[i] as [number, number];
    const [x2, y2] = r[(i + 1) % r.length] as [number, number];
    s += x1 * y2 - x2 * y1;
  }
  return s;
}

/** The signed fan triangles of a geometry: outer rings +1 inside, holes −1, whatever their orientation. */
function fan(g: Geometry): Tri[] {
  const out: Tri[] = [];
  for (const poly of rings(g))
    poly.forEach((closed, k) => {
      const r = closed.slice(0, -1);
      const orient = Math.sign(shoelace(r));
      if (orient === 0) return;
      const ring = k === 0 ? orient : -orient; // +1 for an outer ring, −1 for a hole, as written
      const o = r[0] as [number, number];
      for (let i = 1; i + 1 < r.length; i++) {
        const a = r[i] as [number, number];
        const b = r[i + 1] as [number, number];
        const c = cross(o, a, b);
        if (c === 0) continue;
        const pts: Ring = c > 0 ? [o, a, b] : [o, b, a];
        out.push({
          pts,
          w: ring * Math.sign(c),
          box: [
            Math.min(o[0], a[0], b[0]),
            Math.min(o[1], a[1], b[1]),
            Math.max(o[0], a[0], b[0]),
            Math.max(o[1], a[1], b[1]),
          ],
        });
      }
    });
  return out;
}

/** Overlaps smaller than this (m²) are rounding of shared edges, not reported. */
export const OVERLAP_MIN_M2 = 0.01;

export interface Overlap {
  a: string;
  b: string;
  /** Overlapping area in m². */
  area: number;
  /** Where `a` and `b` are in the list given (`indexA < indexB`). */
  indexA: number;
  indexB: number;
}

/**
 * Overlaps between the outlines of a batch (ids unique), each pair once, in input order. Parcels that are no list,
 * or a parcel that is no object with a geometry object, are ARGUMENT_INVALID at `parcels` (and its index).
 */
export function findOverlaps(parcels: readonly { id: string; geometry: Geometry }[]): Overlap[] {
  checkArgument(anArray, parcels, ['parcels']);
  if (parcels.length < 2) return [];
  const index = new Flatbush(parcels.length);
  const boxes = parcels.map((p, i) => {
    if (typeof p !== 'object' || p === null) failArgument(['parcels', i], 'object', p);
    if (typeof p.geometry !== 'object' || p.geometry === null)
      failArgument(['parcels', i, 'geometry'], 'object', p.geometry);
    return bbox(p.geometry);
  });
  for (const b of boxes) index.add(b[0], b[1], b[2], b[3]);
  index.finish();
  const fans = new Map<number, Tri[]>();
  const fanOf = (i: number) => {
    let f = fans.get(i);
    if (f === undefined) fans.set(i, (f = fan((parcels[i] as (typeof parcels)[number]).geometry)));
    return f;
  };
  const out: Overlap[] = [];
  parcels.forEach((p, i) => {
    const b = boxes[i] as [number, number, number, number];
    for (const j of index.search(b[0], b[1], b[2], b[3]).sort((x, y) => x - y)) {
      if (j <= i) continue;
      const q = parcels[j] as (typeof parcels)[number];
      const area = intersectionArea(fanOf(i), fanOf(j));
      if (area >= OVERLAP_MIN_M2) out.push({ a: p.id, b: q.id, area, indexA: i, indexB: j });
    }
  });
  return out;
}

/** Area (m²) of the intersection of two outlines given as signed fans: Σ w_t w_u area(t ∩ u). */
function intersectionArea(f: readonly Tri[], g: readonly Tri[]): number {
  let total = 0;
  for (const t of f)
    for (const u of g) {
      if (t.box[0] > u.box[2] || u.box[0] > t.box[2] || t.box[1] > u.box[3] || u.box[1] > t.box[3]) continue;
      const piece = clipConvex(t.pts, u.pts);
      if (piece.length >= 3) total += t.w * u.w * exactArea(piece);
    }
  return total;
}

/**
 * Area (m²) of an outline as the overlaps measure it: Σ w_t area(t) over its signed fan triangles (the exact
 * integral above, not @turf/area's trapezoid rule), so that it compares with overlapArea term for term.
 */
export function fanArea(g: Geometry): number {
  let total = 0;
  for (const t of fan(g)) total += t.w * exactArea(t.pts);
  return total;
}

/** Area (m²) of the intersection of two outlines (any simple polygons, holes and parts included). */
export function overlapArea(g: Geometry, h: Geometry): number {
  return intersectionArea(fan(g), fan(h));
}
