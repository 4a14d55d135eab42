import * as z from 'zod/mini';
import { parsedType } from '../core/zod-issues';

/**
 * GeoJSON Polygon or MultiPolygon in CGCS2000 longitude/latitude (EPSG:4490), as parcels (gepkit/vep) and zones
 * of an account input carry it: positions [longitude, latitude] within range, or [longitude, latitude, altitude]
 * (RFC 7946 §3.1.1: an optional third element, as GIS exports with Z values write it; any number, read and
 * ignored: areas, validity, overlaps and extents use longitude and latitude alone); rings of at least four
 * positions, closed (first and last position at the same longitude and latitude).
 * The form is told by `type`, so a problem inside the coordinates is reported where it is, not as a geometry that
 * matches neither form.
 */
const position = z.tuple(
  [
    z.number().check(z.gte(-180), z.lte(180)),
    z.number().check(z.gte(-90), z.lte(90)),
    z.optional(
      z
        .number({
          error: (iss) =>
            iss.code === 'invalid_type'
              ? `an altitude (a position's third element) is a number, not ${parsedType(iss.input)}`
              : undefined,
        })
        .check(z.meta({ description: 'Altitude (RFC 7946 §3.1.1): any number, read and ignored.' })),
    ),
  ],
  {
    error: (iss) =>
      iss.code === 'too_big' || iss.code === 'too_small'
        ? `a position is [longitude, latitude] or [longitude, latitude, altitude]: ${count(iss.input)} given`
        : undefined,
  },
);
const ring = z.array(position).check(
  z.minLength(4),
  z.refine((r) => r[0]?.[0] === r.at(-1)?.[0] && r[0]?.[1] === r.at(-1)?.[1], {
    message: 'a ring must be closed',
  }),
);
export const geometrySchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(ring).check(z.minLength(1)) }),
    z.strictObject({
      type: z.literal('MultiPolygon'),
      coordinates: z.array(z.array(ring).check(z.minLength(1))).check(z.minLength(1)),
    }),
  ],
  {
    // A `type` of neither form (or none): said as zod says a value outside a list of literals.
    error: (iss) =>
      iss.code === 'invalid_union' ? 'Invalid option: expected one of "Polygon"|"MultiPolygon"' : undefined,
  },
);
export type Geometry = z.output<typeof geometrySchema>;

/** "1 element", "4 elements": how many a position of the wrong length has. */
const count = (input: unknown) => {
  const n = Array.isArray(input) ? input.length : 0;
  return `${n} ${n === 1 ? 'element' : 'elements'}`;
};
