import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GeoTags } from '../../src/raster/reader-node';
import { tileLayout } from '../../src/raster/tiles';
import { createTiff, writeTile } from '../../src/raster/writer-node';

export const tmp = () => mkdtempSync(join(tmpdir(), 'gepkit-raster-'));

export interface TiffOptions {
  nodata?: number | null;
  epsg?: number;
  geographic?: boolean;
  pixel?: [number, number];
  origin?: [number, number];
}

/** Geo tags of a north-up grid in EPSG:`epsg` (default 4547, CGCS2000 / 3-degree Gauss-Kruger CM 114E). */
export function geoTags(o: TiffOptions = {}): GeoTags {
  const [dx, dy] = o.pixel ?? [30, 30];
  const [x, y] = o.origin ?? [500000, 3000000];
  const keys = o.geographic
    ? [1024, 0, 1, 2, 1025, 0, 1, 1, 2048, 0, 1, o.epsg ?? 4490]
    : [1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, o.epsg ?? 4547];
  return {
    ModelPixelScale: [dx, dy, 0],
    ModelTiepoint: [0, 0, 0, x, y, 0],
    GeoKeyDirectory: [1, 1, 0, keys.length / 4, ...keys],
  };
}

/** Write a small single-band float32 GeoTIFF (tiled 16 × 16) from row-major values. */
export function writeTestTiff(
  path: string,
  width: number,
  height: number,
  values: number[],
  o: TiffOptions = {},
): string {
  const nodata = o.nodata === undefined ? -9999 : o.nodata;
  const layout = createTiff(
    path,
    'test',
    width,
    height,
    16,
    geoTags(o),
    nodata === null ? 'nan' : String(nodata),
  );
  for (const t of tileLayout(width, height, 16)) {
    const v = new Float32Array(t.width * t.height);
    for (let y = 0; y < t.height; y++)
      for (let x = 0; x < t.width; x++) v[y * t.width + x] = values[(t.y0 + y) * width + t.x0 + x] as number;
    writeTile(path, layout, t, v);
  }
  return path;
}
