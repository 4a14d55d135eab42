/**
 * Node adapter: per-pixel outputs as tiled float32 GeoTIFFs (uncompressed, NaN = NoData), written tile by
 * tile at fixed offsets, so workers write their own tiles in any order and memory stays one tile per output.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { rasterFail } from './errors';
import type { GeoTags } from './reader-node';
import type { Tile } from './tiles';

export interface TiffLayout {
  width: number;
  height: number;
  tileSize: number;
  /** Byte offset of tile 0; tile i starts at dataStart + i × tileBytes. */
  dataStart: number;
  tileBytes: number;
  tileColumns: number;
}

const SHORT = 3;
const LONG = 4;
const DOUBLE = 12;
const ASCII = 2;

interface Tag {
  id: number;
  type: number;
  values: number[] | string;
}

/** Plan the file: header, one IFD, tag values, then fixed-size tiles. Refuses files beyond 4 GiB. */
export function planTiff(
  layer: string,
  width: number,
  height: number,
  tileSize: number,
  geo: GeoTags,
  nodata = 'nan',
) {
  const cols = Math.ceil(width / tileSize);
  const rows = Math.ceil(height / tileSize);
  const n = cols * rows;
  const tileBytes = tileSize * tileSize * 4;
  const tags: Tag[] = [
    { id: 256, type: LONG, values: [width] },
    { id: 257, type: LONG, values: [height] },
    { id: 258, type: SHORT, values: [32] },
    { id: 259, type: SHORT, values: [1] },
    { id: 262, type: SHORT, values: [1] },
    { id: 277, type: SHORT, values: [1] },
    { id: 284, type: SHORT, values: [1] },
    { id: 322, type: LONG, values: [tileSize] },
    { id: 323, type: LONG, values: [tileSize] },
    { id: 324, type: LONG, values: new Array<number>(n).fill(0) },
    { id: 325, type: LONG, values: new Array<number>(n).fill(tileBytes) },
    { id: 339, type: SHORT, values: [3] },
  ];
  if (geo.ModelPixelScale) tags.push({ id: 33550, type: DOUBLE, values: geo.ModelPixelScale });
  if (geo.ModelTiepoint) tags.push({ id: 33922, type: DOUBLE, values: geo.ModelTiepoint });
  if (geo.ModelTransformation) tags.push({ id: 34264, type: DOUBLE, values: geo.ModelTransformation });
  if (geo.GeoKeyDirectory) tags.push({ id: 34735, type: SHORT, values: geo.GeoKeyDirectory });
  if (geo.GeoDoubleParams) tags.push({ id: 34736, type: DOUBLE, values: geo.GeoDoubleParams });
  if (geo.GeoAsciiParams) tags.push({ id: 34737, type: ASCII, values: geo.GeoAsciiParams });
  tags.push({ id: 42113, type: ASCII, values: nodata });
  const size = (t: Tag) =>
    t.type === ASCII
      ? (t.values as string).length + 1
      : (t.values as number[]).length * (t.type === SHORT ? 2 : t.type === LONG ? 4 : 8);
  const ifdBytes = 2 + tags.length * 12 + 4;
  let extra = 8 + ifdBytes;
  const offsets = new Map<number, number>();
  for (const t of tags) {
    if (size(t) > 4) {
      offsets.set(t.id, extra);
      extra += size(t) + (size(t) % 2);
    }
  }
  const dataStart = Math.ceil(extra / 16) * 16;
  const total = dataStart + n * tileBytes;
  if (total >= 2 ** 32) rasterFail('RASTER_OUTPUT_TOO_LARGE', ['outputs', 'layers'], { layer, bytes: total });
  (tags.find((t) => t.id === 324) as Tag).values = Array.from(
    { length: n },
    (_, i) => dataStart + i * tileBytes,
  );
  const header = Buffer.alloc(dataStart);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  header.writeUInt32LE(8, 4);
  header.writeUInt16LE(tags.length, 8);
  tags.forEach((t, i) => {
    const at = 10 + i * 12;
    const count = t.type === ASCII ? (t.values as string).length + 1 : (t.values as number[]).length;
    header.writeUInt16LE(t.id, at);
    header.writeUInt16LE(t.type, at + 2);
    header.writeUInt32LE(count, at + 4);
    const where = size(t) > 4 ? (offsets.get(t.id) as number) : at + 8;
    if (size(t) > 4) header.writeUInt32LE(where, at + 8);
    if (t.type === ASCII) header.write(`${t.values as string}\0`, where, 'latin1');
    else
      (t.values as number[]).forEach((v, j) => {
        if (t.type === SHORT) header.writeUInt16LE(v, where + j * 2);
        else if (t.type === LONG) header.writeUInt32LE(v, where + j * 4);
        else header.writeDoubleLE(v, where + j * 8);
      });
  });
  header.writeUInt32LE(0, 10 + tags.length * 12);
  const layout: TiffLayout = { width, height, tileSize, dataStart, tileBytes, tileColumns: cols };
  return { layout, header, total };
}

/** Create the file with its header, sized for all its tiles. */
export function createTiff(
  path: string,
  layer: string,
  width: number,
  height: number,
  tileSize: number,
  geo: GeoTags,
  nodata = 'nan',
): TiffLayout {
  const { layout, header, total } = planTiff(layer, width, height, tileSize, geo, nodata);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header, 0, header.length, 0);
    ftruncateSync(fd, total);
  } finally {
    closeSync(fd);
  }
  return layout;
}

/**
 * The layout of a file that `createTiff` made with the same arguments, kept as it is (its tiles written so far
 * stay); undefined when the file is missing, not of the planned size or not of the planned header. It never
 * creates the file: a resumed run whose output is gone must write every tile again (run-node.ts), and a file made
 * here would hold zeros where the tiles of its finished tasks were.
 */
export function reopenTiff(
  path: string,
  layer: string,
  width: number,
  height: number,
  tileSize: number,
  geo: GeoTags,
  nodata = 'nan',
): TiffLayout | undefined {
  const { layout, header, total } = planTiff(layer, width, height, tileSize, geo, nodata);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    if (fstatSync(fd).size !== total) return undefined;
    const found = Buffer.alloc(header.length);
    readSync(fd, found, 0, found.length, 0);
    return found.equals(header) ? layout : undefined;
  } finally {
    closeSync(fd);
  }
}

/** Write one processing tile (same size as the TIFF tiles) at its offset; edge tiles are padded with NaN. */
export function writeTile(path: string, layout: TiffLayout, tile: Tile, values: Float32Array): void {
  const s = layout.tileSize;
  const block = new Float32Array(s * s).fill(Number.NaN);
  for (let y = 0; y < tile.height; y++)
    block.set(values.subarray(y * tile.width, (y + 1) * tile.width), y * s);
  const col = tile.x0 / s;
  const row = tile.y0 / s;
  const fd = openSync(path, 'r+');
  try {
    const buf = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
    writeSync(fd, buf, 0, buf.length, layout.dataStart + (row * layout.tileColumns + col) * layout.tileBytes);
  } finally {
    closeSync(fd);
  }
}
