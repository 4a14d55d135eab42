/**
 * Checks of a GeoTIFF's declared layout before any of its data is trusted (docs/raster.md, docs/limits.md): every
 * strip or tile the image needs is listed, lies inside the file, and (uncompressed) holds all its bytes; no block
 * and no grid is larger than the memory budget. A TIFF library reads a block past the end of a cut file as
 * zeros or garbage and allocates whatever a header declares; these checks run first, on the header alone.
 */

/** The memory budget of one layer (docs/limits.md). */
export const RASTER_LIMITS = {
  /** Largest decoded strip or tile: the reader holds one whole block in memory. */
  blockBytes: 256 * 2 ** 20,
  /** Largest grid, in pixels (2³⁴ ≈ 1.7 × 10¹⁰, a 131 072 × 131 072 grid). */
  pixels: 2 ** 34,
  /** Most processing tiles in one run (the tile list is held in memory; a larger tileSize gives fewer). */
  tiles: 2 ** 20,
} as const;

/** The TIFF tags the checks read, as a TIFF library's parsed file directory gives them. */
export interface BlockTags {
  ImageWidth?: number;
  ImageLength?: number;
  BitsPerSample?: ArrayLike<number> | number;
  SamplesPerPixel?: number;
  PlanarConfiguration?: number;
  Compression?: number;
  RowsPerStrip?: number;
  StripOffsets?: ArrayLike<number>;
  StripByteCounts?: ArrayLike<number>;
  TileWidth?: number;
  TileLength?: number;
  TileOffsets?: ArrayLike<number>;
  TileByteCounts?: ArrayLike<number>;
}

export type BlockProblem =
  { kind: 'truncated'; detail: string } | { kind: 'too-large'; what: string; bytes: number; max: number };

const positiveInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;

/**
 * A tag's value as a detail says it: a damaged directory may give a size as a list of millions of values, which
 * String() would join into a string longer than the engine allows (a RangeError instead of the refusal).
 */
const tagText = (v: unknown): string =>
  typeof v === 'object' && v !== null && 'length' in v ? `a list of ${String(v.length)} values` : String(v);

/**
 * The first problem of a directory's block layout against the file's size, or undefined when every block the
 * image needs lies within the file and the budget.
 *
 * @example
 * ```ts
 * checkBlocks({ ImageWidth: 60000, ImageLength: 60000, BitsPerSample: [32], RowsPerStrip: 60000,
 *   StripOffsets: [8], StripByteCounts: [4] }, 352); // { kind: 'too-large', what: 'block', … }
 * ```
 */
export function checkBlocks(d: BlockTags, fileSize: number): BlockProblem | undefined {
  const width = d.ImageWidth;
  const height = d.ImageLength;
  if (!positiveInt(width) || !positiveInt(height))
    return { kind: 'truncated', detail: `image size ${tagText(width)} × ${tagText(height)}` };
  const bits = typeof d.BitsPerSample === 'number' ? [d.BitsPerSample] : Array.from(d.BitsPerSample ?? [1]);
  const samples = positiveInt(d.SamplesPerPixel) ? d.SamplesPerPixel : 1;
  const planar = d.PlanarConfiguration === 2;
  const pixelBits = planar ? bits.reduce((a, b) => Math.max(a, b), 0) : bits.reduce((a, b) => a + b, 0);
  const gridBytes = Math.ceil((width * height * bits.reduce((a, b) => a + b, 0)) / 8);
  if (width * height > RASTER_LIMITS.pixels)
    return { kind: 'too-large', what: 'grid', bytes: gridBytes, max: RASTER_LIMITS.pixels };
  const tiled = d.TileOffsets !== undefined || d.TileWidth !== undefined;
  const bw = tiled ? d.TileWidth : width;
  const bh = tiled ? d.TileLength : Math.min(d.RowsPerStrip ?? height, height);
  if (!positiveInt(bw) || !positiveInt(bh))
    return { kind: 'truncated', detail: `block size ${tagText(bw)} × ${tagText(bh)}` };
  const rowBytes = Math.ceil((bw * pixelBits) / 8);
  const blockBytes = rowBytes * bh;
  if (blockBytes > RASTER_LIMITS.blockBytes)
    return { kind: 'too-large', what: 'block', bytes: blockBytes, max: RASTER_LIMITS.blockBytes };
  const across = tiled ? Math.ceil(width / bw) : 1;
  const down = Math.ceil(height / bh);
  const perPlane = across * down;
  const expected = perPlane * (planar ? samples : 1);
  const offsets = tiled ? d.TileOffsets : d.StripOffsets;
  const counts = tiled ? d.TileByteCounts : d.StripByteCounts;
  const kind = tiled ? 'tile' : 'strip';
  if (offsets === undefined || counts === undefined)
    return { kind: 'truncated', detail: `no ${kind} offsets or byte counts` };
  if (offsets.length < expected || counts.length < expected)
    return {
      kind: 'truncated',
      detail: `${expected} ${kind}s needed, ${Math.min(offsets.length, counts.length)} listed`,
    };
  const uncompressed = d.Compression === undefined || d.Compression === 1;
  for (let i = 0; i < expected; i++) {
    const at = offsets[i] as number;
    const n = counts[i] as number;
    if (!Number.isInteger(at) || !Number.isInteger(n) || at < 0 || n < 0 || at + n > fileSize)
      return {
        kind: 'truncated',
        detail: `${kind} ${i} declares bytes ${at}–${at + n}, the file has ${fileSize}`,
      };
    // The last strip of a plane holds only the rows left; tiles are always whole (padded).
    const rows = tiled ? bh : Math.min(bh, height - (i % perPlane) * bh);
    if (uncompressed && n < rowBytes * rows)
      return { kind: 'truncated', detail: `${kind} ${i} holds ${n} bytes, ${rowBytes * rows} needed` };
  }
  return undefined;
}

export type HeaderProblem = { kind: 'not-tiff' | 'truncated'; detail: string };

/** Bytes per value of each TIFF field type (TIFF 6.0 §2, BigTIFF's LONG8, SLONG8 and IFD8). */
const FIELD_TYPE_BYTES: Readonly<Record<number, number>> = {
  1: 1, // BYTE
  2: 1, // ASCII
  3: 2, // SHORT
  4: 4, // LONG
  5: 8, // RATIONAL
  6: 1, // SBYTE
  7: 1, // UNDEFINED
  8: 2, // SSHORT
  9: 4, // SLONG
  10: 8, // SRATIONAL
  11: 4, // FLOAT
  12: 8, // DOUBLE
  13: 4, // IFD
  16: 8, // LONG8
  17: 8, // SLONG8
  18: 8, // IFD8
};

/**
 * Checks of a TIFF's header and first directory, read through `read(offset, length)` (which may return fewer bytes
 * at the end of the file): byte order II or MM, version 42 (TIFF) or 43 (BigTIFF, 8-byte offsets), the first
 * directory and its entries inside the file, and every value an entry keeps elsewhere inside the file. A TIFF
 * library allocates what an entry declares (a damaged count of 2³² − 1 DOUBLEs is 32 GiB) before any of it is read.
 * An entry of an unknown field type is left to the library, which refuses it.
 */
export function checkHeader(
  read: (offset: number, length: number) => Uint8Array,
  fileSize: number,
): HeaderProblem | undefined {
  const notTiff = (detail: string): HeaderProblem => ({ kind: 'not-tiff', detail });
  const truncated = (detail: string): HeaderProblem => ({ kind: 'truncated', detail });
  const header = read(0, 16);
  const short = (what: string, need: number) =>
    notTiff(`the file is ${header.length} bytes long, shorter than a ${what} header (${need} bytes)`);
  if (header.length < 8) return short('TIFF', 8);
  const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  const h = view(header);
  const order = h.getUint16(0, false);
  if (order !== 0x4949 && order !== 0x4d4d)
    return notTiff('the file does not begin with a TIFF byte order mark (II or MM)');
  const little = order === 0x4949;
  const version = h.getUint16(2, little);
  if (version !== 42 && version !== 43)
    return notTiff(`the TIFF version is ${version}, not 42 (TIFF) or 43 (BigTIFF)`);
  const big = version === 43;
  if (big && header.length < 16) return short('BigTIFF', 16);
  if (big && h.getUint16(4, little) !== 8)
    return notTiff(`BigTIFF offsets of ${h.getUint16(4, little)} bytes; only 8 are defined`);
  const offsetAt = (v: DataView, at: number) =>
    big ? Number(v.getBigUint64(at, little)) : v.getUint32(at, little);
  const first = offsetAt(h, big ? 8 : 4);
  const countBytes = big ? 8 : 2;
  if (first + countBytes > fileSize)
    return truncated(`the first directory lies at byte ${first}, the file has ${fileSize}`);
  const c = view(read(first, countBytes));
  const entries = big ? Number(c.getBigUint64(0, little)) : c.getUint16(0, little);
  const entryBytes = big ? 20 : 12;
  const end = first + countBytes + entries * entryBytes + (big ? 8 : 4);
  if (end > fileSize)
    return truncated(`the first directory's ${entries} entries run to byte ${end}, the file has ${fileSize}`);
  const dir = view(read(first + countBytes, entries * entryBytes));
  const inline = big ? 8 : 4;
  for (let i = 0; i < entries; i++) {
    const at = i * entryBytes;
    const size = FIELD_TYPE_BYTES[dir.getUint16(at + 2, little)];
    if (size === undefined) continue;
    const count = big ? Number(dir.getBigUint64(at + 4, little)) : dir.getUint32(at + 4, little);
    const length = size * count;
    if (length <= inline) continue;
    const from = offsetAt(dir, at + (big ? 12 : 8));
    if (from + length > fileSize)
      return truncated(
        `tag ${dir.getUint16(at, little)} declares bytes ${from}–${from + length}, the file has ${fileSize}`,
      );
  }
  return undefined;
}
