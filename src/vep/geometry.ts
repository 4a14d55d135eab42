import { area as turfArea } from '@turf/area';
import Flatbush from 'flatbush';
import type { Issue, Path } from '../core/errors';
import { type Geometry, geometrySchema } from '../input/geometry';
import { vepIssue } from './errors';

/**
 * Parcel geometry: GeoJSON Polygon or MultiPolygon in CGCS2000 longitude/latitude (EPSG:4490; within the
 * centimetres that matter here it coincides with WGS 84, which @turf/area assumes).
 *
 *   geodesic area  A_g = @turf/area(geometry)  (m², on the sphere of radius 6 371 008.8 m)
 *   declared area  A_d = Σ areas of the parcel (m²)
 *   VEP_AREA_MISMATCH when |A_g − A_d| / A_d > tolerance (default 5 %, gepkit's choice: survey areas and
 *   digitised outlines commonly differ by a few per cent)
 *
 * Overlaps within a batch: candidates by bounding box (flatbush), then the intersection of the two outlines by
 * Sutherland–Hodgman clipping against a convex outline (exact for a convex clip polygon; the area is geodesic,
 * of the clipped ring). Where neither outline is a convex single ring the overlap is reported with `area: null`
 * (bounding boxes overlap; the area needs a general polygon clipper). Holes of the clipped outline are not
 * subtracted (an overlap with a hole is overstated, never missed).
 */
export { geometrySchema, type Geometry };

/** Default relative tolerance between geodesic and declared area. */
export const AREA_TOLERANCE = 0.05;

/** Geodesic area of a geometry in m². */
export function geodesicArea(g: Geometry): number {
  return turfArea(g as never);
}

/** VEP_AREA_MISMATCH when the outline's geodesic area and the declared area differ beyond `tolerance`. */
export function areaCheck(id: string, g: Geometry, declaredM2: number, tolerance: number, at: Path): Issue[] {
  const geo = geodesicArea(g);
  const rel = declaredM2 === 0 ? Infinity : Math.abs(geo - declaredM2) / declaredM2;
  if (rel <= tolerance) return [];
  return [
    vepIssue('VEP_AREA_MISMATCH', [...at, 'geometry'], {
      id,
      geodesic: geo.toFixed(1),
      declared: declaredM2.toFixed(1),
      tolerance: `${tolerance * 100} %`,
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

/** The single ring of a convex polygon without holes, counter-clockwise, or undefined. */
function convexRing(g: Geometry): Ring | undefined {
  const polys = rings(g);
  if (polys.length !== 1 || (polys[0] as Ring[]).length !== 1) return undefined;
  const r = ((polys[0] as Ring[])[0] as Ring).slice(0, -1);
  let sign = 0;
  for (let i = 0; i < r.length; i++) {
    const c = cross(
      r[i] as [number, number],
      r[(i + 1) % r.length] as [number, number],
      r[(i + 2) % r.length] as [number, number],
    );
    if (c === 0) continue;
    if (sign === 0) sign = Math.sign(c);
    else if (Math.sign(c) !== sign) return undefined;
  }
  return sign < 0 ? [...r].reverse() : r;
}

/** Sutherland–Hodgman: the part of `subject` inside the convex counter-clockwise `clip`. */
function clipRing(subject: Ring, clip: Ring): Ring {
  let out = subject.slice(0, -1);
  for (let i = 0; i < clip.length && out.length > 0; i++) {
    const a = clip[i] as [number, number];
    const b = clip[(i + 1) % clip.length] as [number, number];
    const input = out;
    out = [];
    for (let j = 0; j < input.length; j++) {
      const p = input[j] as [number, number];
      const q = input[(j + 1) % input.length] as [number, number];
      const pin = cross(a, b, p) >= 0;
      const qin = cross(a, b, q) >= 0;
      if (pin) out.push(p);
      if (pin !== qin) {
        const t = cross(a, b, p) / (cross(a, b, p) - cross(a, b, q));
        out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
  }
  return out;
}

export interface Overlap {
  a: string;
  b: string;
  /** Overlapping area in m², or null when neither outline is a convex single ring. */
  area: number | null;
}

/** Overlaps between the outlines of a batch (ids unique), each pair once, in input order. */
export function findOverlaps(parcels: readonly { id: string; geometry: Geometry }[]): Overlap[] {
  if (parcels.length < 2) return [];
  const index = new Flatbush(parcels.length);
  const boxes = parcels.map((p) => bbox(p.geometry));
  for (const b of boxes) index.add(b[0], b[1], b[2], b[3]);
  index.finish();
  const out: Overlap[] = [];
  parcels.forEach((p, i) => {
    const b = boxes[i] as [number, number, number, number];
    for (const j of index.search(b[0], b[1], b[2], b[3]).sort((x, y) => x - y)) {
      if (j <= i) continue;
      const q = parcels[j] as (typeof parcels)[number];
      const area = overlapArea(p.geometry, q.geometry);
      if (area === null || area > 0) out.push({ a: p.id, b: q.id, area });
    }
  });
  return out;
}

/** The overlap of two outlines: each outer ring of one clipped by the other when that one is convex. */
function overlapArea(g: Geometry, h: Geometry): number | null {
  const ch = convexRing(h);
  const clip = ch ?? convexRing(g);
  if (clip === undefined) return null;
  const subject = ch !== undefined ? g : h;
  let total = 0;
  for (const poly of rings(subject)) {
    const part = clipRing(poly[0] as Ring, clip);
    if (part.length >= 3)
      total += geodesicArea({ type: 'Polygon', coordinates: [[...part, part[0] as [number, number]]] });
  }
  return total;
}
