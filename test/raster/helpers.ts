import { mkdtempSync, writeFileSync } from 'node:fs';
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
  /** GeoKey entries (id, location, count, value) in place of the EPSG ones, for user-defined CRSs. */
  geoKeys?: number[];
  /** A ModelTransformation (16 values, row-major) in place of the pixel scale and tie point. */
  transformation?: number[];
}

/** Geo tags of a north-up grid in EPSG:`epsg` (default 4547, CGCS2000 / 3-degree Gauss-Kruger CM 114E). */
export function geoTags(o: TiffOptions = {}): GeoTags {
  const [dx, dy] = o.pixel ?? [30, 30];
  const [x, y] = o.origin ?? [500000, 3000000];
  const keys = o.geoKeys
    ? o.geoKeys
    : o.geographic
      ? [1024, 0, 1, 2, 1025, 0, 1, 1, 2048, 0, 1, o.epsg ?? 4490]
      : [1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, o.epsg ?? 4547];
  const GeoKeyDirectory = [1, 1, 0, keys.length / 4, ...keys];
  if (o.transformation) return { ModelTransformation: o.transformation, GeoKeyDirectory };
  return { ModelPixelScale: [dx, dy, 0], ModelTiepoint: [0, 0, 0, x, y, 0], GeoKeyDirectory };
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

/**
 * A hand-made little-endian TIFF from raw tags (ASCII/SHORT/LONG/DOUBLE arrays), strip layout, with `data` appended
 * after the directory: for headers that lie (60000 × 60000 in a few hundred bytes) and damaged blocks. The tags
 * StripOffsets (273) may use the placeholder -1 for "the offset of `data`".
 */
export function rawTiff(
  path: string,
  tags: Record<number, { type: 2 | 3 | 4 | 12; values: number[] }>,
  data: Uint8Array,
) {
  const ids = Object.keys(tags)
    .map(Number)
    .sort((a, b) => a - b);
  const width = (t: number) => (t === 2 ? 1 : t === 3 ? 2 : t === 4 ? 4 : 8);
  const ifd = 8;
  let extra = ifd + 2 + ids.length * 12 + 4;
  const extraAt = new Map<number, number>();
  for (const id of ids) {
    const t = tags[id] as { type: 2 | 3 | 4 | 12; values: number[] };
    const n = t.values.length * width(t.type);
    if (n > 4) {
      extraAt.set(id, extra);
      extra += n;
    }
  }
  const dataAt = extra;
  const buf = Buffer.alloc(dataAt + data.length);
  buf.write('II', 0, 'latin1');
  buf.writeUInt16LE(42, 2);
  buf.writeUInt32LE(ifd, 4);
  buf.writeUInt16LE(ids.length, ifd);
  ids.forEach((id, i) => {
    const t = tags[id] as { type: 2 | 3 | 4 | 12; values: number[] };
    const at = ifd + 2 + i * 12;
    buf.writeUInt16LE(id, at);
    buf.writeUInt16LE(t.type, at + 2);
    buf.writeUInt32LE(t.values.length, at + 4);
    const where = extraAt.get(id) ?? at + 8;
    t.values.forEach((v0, j) => {
      const v = v0 === -1 ? dataAt : v0;
      if (t.type === 2) buf.writeUInt8(v, where + j);
      else if (t.type === 3) buf.writeUInt16LE(v, where + j * 2);
      else if (t.type === 4) buf.writeUInt32LE(v, where + j * 4);
      else buf.writeDoubleLE(v, where + j * 8);
    });
    if (extraAt.has(id)) buf.writeUInt32LE(where, at + 8);
  });
  buf.set(data, dataAt);
  writeFileSync(path, buf);
  return buf.length;
}

/** An ASCII tag's value (NUL-terminated) for rawTiff. */
export const asciiTag = (text: string) => ({
  type: 2 as const,
  values: [...Buffer.from(`${text}\0`, 'latin1')],
});

/** Tags of a single-strip float32 GeoTIFF of width × height in EPSG:4547 (30 m pixels). */
export function stripTags(width: number, height: number, byteCount: number, compression = 1) {
  const g = geoTags();
  return {
    256: { type: 4 as const, values: [width] },
    257: { type: 4 as const, values: [height] },
    258: { type: 3 as const, values: [32] },
    259: { type: 3 as const, values: [compression] },
    262: { type: 3 as const, values: [1] },
    273: { type: 4 as const, values: [-1] },
    277: { type: 3 as const, values: [1] },
    278: { type: 4 as const, values: [height] },
    279: { type: 4 as const, values: [byteCount] },
    339: { type: 3 as const, values: [3] },
    33550: { type: 12 as const, values: g.ModelPixelScale as number[] },
    33922: { type: 12 as const, values: g.ModelTiepoint as number[] },
    34735: { type: 3 as const, values: g.GeoKeyDirectory as number[] },
  };
}
