import type { Issue, Path } from '../core/errors';
import { vepIssue } from './errors';

/**
 * The extent a parcel outline's positions must lie in: China, in CGCS2000 longitude/latitude (EPSG:4490), as a
 * box of whole degrees around the country's four extreme points (中国领土四至: west about 73°30′ E in the Pamirs,
 * east about 135°05′ E at the confluence of the Heilong Jiang and the Wusuli Jiang, south about 3°51′ N at Zengmu
 * Ansha, north about 53°33′ N north of Mohe; sources give them to within a few minutes), rounded outward:
 *
 *   73 ≤ longitude ≤ 136,  3 ≤ latitude ≤ 54  (degrees)
 *
 * EPSG:4490's registered area of use ("China - onshore and offshore", bounding box 73.62–134.77° E,
 * 16.70–53.56° N, EPSG registry) is narrower: it leaves out the Nansha Islands and the eastern end, so it is not
 * used. Every latitude of the box (≤ 54) is below every longitude of it (≥ 73), so no position lies in it both as
 * written and swapped.
 */
export const CHINA_EXTENT = { west: 73, east: 136, south: 3, north: 54 } as const;

const inChina = (x: number, y: number) =>
  x >= CHINA_EXTENT.west && x <= CHINA_EXTENT.east && y >= CHINA_EXTENT.south && y <= CHINA_EXTENT.north;

/**
 * VEP_GEOMETRY_EXTENT, once for the outline, when any of its positions lies outside CHINA_EXTENT, or undefined.
 * The outline is read as written (it may have failed its schema: positions out of the degree range, as projected
 * metres are), taking every array in `coordinates` that starts with two numbers as a position (an altitude after
 * them is not read). The issue names the first position outside, counts them, and says how they look:
 * `projected` when any number is beyond ±180 (x) or ±90 (y), which degrees cannot be (metres of a Gauss–Krüger
 * projection); `swapped` when every position is outside and every one, swapped, is inside ([40, 80] for
 * longitude 80, latitude 40); `outside` otherwise.
 */
export function geometryExtent(geometry: unknown, at: Path): Issue | undefined {
  const coordinates = (geometry as { coordinates?: unknown } | null)?.coordinates;
  let total = 0;
  let outside = 0;
  let first: { x: number; y: number; where: (string | number)[] } | undefined;
  let projected = false;
  let swapIn = true;
  const walk = (v: unknown, where: number[]) => {
    if (!Array.isArray(v)) return;
    const [x, y] = v as unknown[];
    if (typeof x === 'number' && typeof y === 'number') {
      total += 1;
      if (inChina(x, y)) {
        swapIn = false;
        return;
      }
      outside += 1;
      first ??= { x, y, where };
      if (Math.abs(x) > 180 || Math.abs(y) > 90) projected = true;
      if (!inChina(y, x)) swapIn = false;
      return;
    }
    v.forEach((w, i) => walk(w, [...where, i]));
  };
  walk(coordinates, []);
  if (first === undefined) return undefined;
  const look = projected ? 'projected' : swapIn ? 'swapped' : 'outside';
  return vepIssue('VEP_GEOMETRY_EXTENT', at, {
    position: `[${first.x}, ${first.y}]`,
    at: `coordinates${first.where.map((k) => `[${k}]`).join('')}`,
    outside,
    total,
    look,
    swapped: look === 'swapped' ? `[${first.y}, ${first.x}]` : '',
  });
}
