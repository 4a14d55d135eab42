import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Geometry } from '../../src/vep/geometry';

export const EXAMPLES = join(__dirname, '..', '..', 'examples', 'vep');

/** The example valuation context (two keys, hills and valley; a local table of placeholders). */
export function exampleContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(EXAMPLES, 'context.json'), 'utf8')) as Record<string, unknown>;
}

export const TYPES = ['forest.broadleaf', 'forest.coniferous', 'shrub', 'cropland.paddy'] as const;

/** A parcel record with the given areas (type → [value, unit]). */
export function parcel(id: string, key: string, areas: Record<string, [string, string]>, extra = {}) {
  return {
    id,
    key,
    areas: Object.fromEntries(Object.entries(areas).map(([t, [value, unit]]) => [t, { value, unit }])),
    ...extra,
  };
}

/** The closed ring of the square `d` degrees wide with its south-west corner at (x0, y0), as GeoJSON positions. */
export const squareRing = (x0: number, y0: number, d: number): [number, number][] => [
  [x0, y0],
  [x0 + d, y0],
  [x0 + d, y0 + d],
  [x0, y0 + d],
  [x0, y0],
];

/** A GeoJSON square `d` degrees wide with its south-west corner at (x0, y0), as a parcel's outline. */
export const square = (x0: number, y0: number, d: number): Geometry => ({
  type: 'Polygon',
  coordinates: [squareRing(x0, y0, d)],
});

/**
 * The 0.01° square at (120° E, 30° N): 1 070 729.81 m² = 107.0730 hm² (test/vep/geometry.test.ts gives the
 * arithmetic).
 */
export const SQUARE_001 = square(120, 30, 0.01);
