import * as z from 'zod/mini';

/**
 * GeoJSON Polygon or MultiPolygon in CGCS2000 longitude/latitude (EPSG:4490), as parcels (gepkit/vep) and zones
 * of an account input carry it: positions [longitude, latitude] within range, rings of at least four positions and
 * closed.
 */
const position = z.tuple([
  z.number().check(z.gte(-180), z.lte(180)),
  z.number().check(z.gte(-90), z.lte(90)),
]);
const ring = z.array(position).check(
  z.minLength(4),
  z.refine((r) => r[0]?.[0] === r.at(-1)?.[0] && r[0]?.[1] === r.at(-1)?.[1], {
    message: 'a ring must be closed',
  }),
);
export const geometrySchema = z.union([
  z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(ring).check(z.minLength(1)) }),
  z.strictObject({
    type: z.literal('MultiPolygon'),
    coordinates: z.array(z.array(ring).check(z.minLength(1))).check(z.minLength(1)),
  }),
]);
export type Geometry = z.output<typeof geometrySchema>;
