import * as z from 'zod';

/**
 * GeoJSON Polygon or MultiPolygon in CGCS2000 longitude/latitude (EPSG:4490), as parcels (gepkit/vep) and zones
 * of an account input carry it: positions [longitude, latitude] within range, rings of at least four positions and
 * closed.
 */
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z
  .array(position)
  .min(4)
  .refine((r) => r[0]?.[0] === r.at(-1)?.[0] && r[0]?.[1] === r.at(-1)?.[1], {
    message: 'a ring must be closed',
  });
export const geometrySchema = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }).strict(),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }).strict(),
]);
export type Geometry = z.output<typeof geometrySchema>;
