import { rasterFail } from './errors';

/**
 * The grid of a raster layer: size, affine transform and CRS. Every layer of a run must have the same grid
 * (gepkit never resamples). `transform` is GDAL's order: [originX, pixelWidth, rowRotation, originY,
 * columnRotation, pixelHeight] (pixelHeight negative for north-up rasters).
 */
export interface GridSpec {
  width: number;
  height: number;
  transform: readonly [number, number, number, number, number, number];
  /** A comparable CRS identity: "EPSG:4547", or the GeoKey directory when user-defined. */
  crs: string;
  /** True when the CRS is projected with linear unit metre (pixel areas and slopes are in metres). */
  projectedMetres: boolean;
  /**
   * Set when the projection's scale grows with latitude without bound, so that a pixel's area in the CRS is not
   * its area on the ground: `mercator` (Web/World Mercator: the grid area is 1/cos²φ times the ground area,
   * × 1.28 at 28° N) or `equirectangular` (Plate Carrée in metres: 1/cos φ). Refused by checkProjected.
   */
  areaDistortion?: 'mercator' | 'equirectangular';
}

/**
 * Pixel width and height in metres: the lengths of the transform's column vector (a, d) = (transform[1],
 * transform[4]) and row vector (b, e) = (transform[2], transform[5]), so that a rotated grid has its pixels' sides
 * (a grid turned 90°, a = e = 0 and b = d = 30, has 30 m × 30 m pixels, not 0 m × 0 m).
 */
export function pixelSize(g: GridSpec): { dx: number; dy: number } {
  const [, a, b, , d, e] = g.transform;
  return { dx: Math.hypot(a, d), dy: Math.hypot(b, e) };
}

/** Refuse a layer whose grid differs from the reference's; the message names the layer and the mismatch. */
export function checkSameGrid(layer: string, g: GridSpec, reference: string, ref: GridSpec): void {
  const fail = (what: string, actual: string, expected: string) =>
    rasterFail('RASTER_GRID_MISMATCH', ['layers', layer], { layer, reference, what, actual, expected });
  if (g.width !== ref.width || g.height !== ref.height)
    fail('size', `${g.width}×${g.height}`, `${ref.width}×${ref.height}`);
  if (g.crs !== ref.crs) fail('CRS', g.crs, ref.crs);
  for (let i = 0; i < 6; i++) {
    const x = g.transform[i] as number;
    const y = ref.transform[i] as number;
    // Transforms are compared to 1e-9 of a pixel: files written by different tools print the same grid
    // with different last digits; anything larger is a different grid.
    const scale = i === 0 || i === 3 ? pixelSize(ref).dx : Math.max(Math.abs(y), 1e-300);
    if (Math.abs(x - y) > 1e-9 * scale)
      fail('transform', `[${g.transform.join(', ')}]`, `[${ref.transform.join(', ')}]`);
  }
}

/** The smallest pixel side accepted, in metres: below it a "metre" grid is a grid in another unit (degrees). */
export const MIN_PIXEL_SIDE = 0.01;

/**
 * Refuse a grid that is not in a projected CRS in metres, whose projection does not keep areas near the ground's
 * (Mercator, equirectangular: `areaDistortion`), or whose pixels are not at least MIN_PIXEL_SIDE on each side
 * (a scale of 0, or of degrees tagged as metres), since pixel areas are taken from the grid.
 */
export function checkProjected(layer: string, g: GridSpec): void {
  if (!g.projectedMetres) rasterFail('RASTER_CRS_NOT_PROJECTED', ['layers', layer], { layer, crs: g.crs });
  const { dx, dy } = pixelSize(g);
  if (!(dx >= MIN_PIXEL_SIDE && dy >= MIN_PIXEL_SIDE && Number.isFinite(dx * dy)))
    rasterFail('RASTER_PIXEL_SIZE_INVALID', ['layers', layer], { layer, size: `${dx} m × ${dy} m` });
  if (g.areaDistortion !== undefined)
    rasterFail('RASTER_CRS_AREA_DISTORTED', ['layers', layer], {
      layer,
      crs: g.crs,
      projection: g.areaDistortion,
    });
}
