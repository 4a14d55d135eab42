/** Node adapter: single-band GeoTIFF layers read window by window with the `geotiff` package. */
import type { GeoTIFF, GeoTIFFImage } from 'geotiff';
import { type HeaderProblem, checkBlocks, checkHeader } from './blocks';
import { importOptional } from '../core/optional-node';
import { rasterFail } from './errors';
import type { GridSpec } from './grid';

/**
 * The parts of geotiff's file and image that gepkit uses. Declared here so that the package's declarations do not
 * import geotiff's, which fail to type check in a NodeNext ESM project with skipLibCheck false (TS2835).
 */
export interface TiffFile {
  close(): unknown;
}
export interface TiffImage {
  readonly fileDirectory: unknown;
  getWidth(): number;
  getHeight(): number;
  getSamplesPerPixel(): number;
  getGDALMetadata(sample?: number | null): Record<string, string> | null;
  readRasters(options: { window: number[]; samples: number[]; interleave: true }): Promise<unknown>;
}

export interface OpenLayer {
  name: string;
  file: string;
  tiff: TiffFile;
  image: TiffImage;
  grid: GridSpec;
  /** NoData value (the config's, else the file's GDAL_NODATA tag), or null when none is declared. */
  nodata: number | null;
  /**
   * The band's scale and offset (GDAL's SCALE and OFFSET metadata, tag 42112): a pixel's value is the stored value ×
   * scale + offset (1 and 0 when the file gives none). NoData is compared with the stored value.
   */
  scale: number;
  offset: number;
  /** The georeferencing tags, copied into written outputs. */
  geoTags: GeoTags;
}

export interface GeoTags {
  ModelPixelScale?: number[];
  ModelTiepoint?: number[];
  ModelTransformation?: number[];
  GeoKeyDirectory?: number[];
  GeoDoubleParams?: number[];
  GeoAsciiParams?: string;
}

const KEY = {
  model: 1024,
  rasterType: 1025,
  geographic: 2048,
  projected: 3072,
  coordTransform: 3075,
  linearUnits: 3076,
};

/**
 * Projected CRSs whose scale grows with latitude without bound, so that grid areas are not ground areas
 * (GridSpec.areaDistortion): by EPSG code (ProjectedCSTypeGeoKey) and, for a user-defined CRS, by the GeoTIFF
 * coordinate transformation code (ProjCoordTransGeoKey: 7 CT_Mercator, 17 CT_Equirectangular).
 * Mercator: 3857 WGS 84 / Pseudo-Mercator, 3785 and 900913 (its former codes), 3395 WGS 84 / World Mercator,
 * 3832 WGS 84 / PDC Mercator, 3994 and 3752 WGS 84 / Mercator 41, 41001 WGS 84 / Simple Mercator.
 * Equirectangular: 4087 WGS 84 / World Equidistant Cylindrical, 4088 (its sphere variant), 32662 and 32663
 * (Plate Carrée, deprecated codes).
 */
/**
 * Projected CRSs by EPSG code whose unit is the metre, for files that give the code without ProjLinearUnitsGeoKey
 * (the GeoTIFF specification lets the code imply the unit): CGCS2000 / Gauss–Kruger 4491–4554, Xian 1980 /
 * Gauss–Kruger 2327–2390, Beijing 1954 / Gauss–Kruger 2391–2442 and 21413–21483, WGS 84 / UTM 32601–32660 and
 * 32701–32760, and the Mercator and equirectangular codes below (refused for their areas). Any other code without
 * the key is not read as metres: EPSG:2249 (US survey feet) read so gave a pixel of 30 ft 10.8 times its area.
 */
const METRE_EPSG_RANGES: readonly (readonly [number, number])[] = [
  [4491, 4554],
  [2327, 2442],
  [21413, 21483],
  [32601, 32660],
  [32701, 32760],
];

function inMetres(projected: number | string | undefined, units: number | string | undefined): boolean {
  if (units !== undefined) return units === 9001;
  if (typeof projected !== 'number' || projected === 32767) return false;
  return (
    METRE_EPSG_RANGES.some(([lo, hi]) => projected >= lo && projected <= hi) ||
    MERCATOR_EPSG.has(projected) ||
    EQUIRECTANGULAR_EPSG.has(projected)
  );
}

const MERCATOR_EPSG = new Set([3857, 3785, 900913, 3395, 3832, 3994, 3752, 41001]);
const EQUIRECTANGULAR_EPSG = new Set([4087, 4088, 32662, 32663]);
const CT = { mercator: 7, equirectangular: 17 };

function areaDistortionOf(
  projected: number | string | undefined,
  transform: number | string | undefined,
): GridSpec['areaDistortion'] {
  if (typeof projected === 'number' && projected !== 32767) {
    if (MERCATOR_EPSG.has(projected)) return 'mercator';
    if (EQUIRECTANGULAR_EPSG.has(projected)) return 'equirectangular';
    return undefined;
  }
  if (transform === CT.mercator) return 'mercator';
  if (transform === CT.equirectangular) return 'equirectangular';
  return undefined;
}

/**
 * Open a layer; refuses a missing file, a non-TIFF, a TIFF without georeferencing, a multi-band raster, and a
 * file whose declared blocks lie past its end or beyond the memory budget (checkBlocks, before any data is read).
 * A refused file is closed before the refusal is thrown: a batch that refuses many files keeps no descriptor open.
 */
export async function openLayer(name: string, file: string, nodataOverride?: number): Promise<OpenLayer> {
  let fileSize: number;
  let layoutProblem: HeaderProblem | undefined;
  try {
    const { statSync, openSync, readSync, closeSync } = await import('node:fs');
    fileSize = statSync(file).size;
    const fd = openSync(file, 'r');
    try {
      layoutProblem = checkHeader((offset, length) => {
        const bytes = Buffer.alloc(length);
        return bytes.subarray(0, readSync(fd, bytes, 0, length, offset));
      }, fileSize);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return rasterFail('RASTER_FILE_UNREADABLE', ['layers', name, 'file'], {
      layer: name,
      file,
      detail: (e as Error).message,
    });
  }
  // geotiff opens the file before it reads the header, keeps the descriptor when the header is refused, and
  // allocates whatever a directory entry declares: the header and the first directory are checked here first.
  if (layoutProblem !== undefined)
    return rasterFail(
      layoutProblem.kind === 'truncated' ? 'RASTER_FILE_TRUNCATED' : 'RASTER_NOT_GEOTIFF',
      ['layers', name, 'file'],
      { layer: name, file, detail: layoutProblem.detail },
    );
  const { fromFile } = await loadGeotiff();
  let tiff: GeoTIFF;
  try {
    tiff = await fromFile(file);
  } catch (e) {
    return rasterFail('RASTER_NOT_GEOTIFF', ['layers', name, 'file'], {
      layer: name,
      file,
      detail: (e as Error).message,
    });
  }
  try {
    return await describeLayer(name, file, fileSize, tiff, nodataOverride);
  } catch (e) {
    await closeTiff(tiff);
    throw e;
  }
}

/**
 * The geotiff package, loaded with the first layer read: importing gepkit/raster/node needs no geotiff, an optional
 * dependency (DEPENDENCY_MISSING without it; ADR 0059).
 */
export function loadGeotiff(): Promise<typeof import('geotiff')> {
  return importOptional(() => import('geotiff'));
}

/** Close a layer's file. A read-only descriptor that fails to close loses nothing, so that failure is not raised. */
export async function closeTiff(tiff: TiffFile): Promise<void> {
  try {
    await tiff.close();
  } catch {
    // nothing was written through this descriptor
  }
}

async function describeLayer(
  name: string,
  file: string,
  fileSize: number,
  tiff: GeoTIFF,
  nodataOverride: number | undefined,
): Promise<OpenLayer> {
  let image: GeoTIFFImage;
  try {
    image = await tiff.getImage(0);
  } catch (e) {
    return rasterFail('RASTER_NOT_GEOTIFF', ['layers', name, 'file'], {
      layer: name,
      file,
      detail: (e as Error).message,
    });
  }
  const dir = image.fileDirectory as Record<string, unknown>;
  const problem = checkBlocks(dir, fileSize);
  if (problem?.kind === 'truncated')
    rasterFail('RASTER_FILE_TRUNCATED', ['layers', name, 'file'], {
      layer: name,
      file,
      detail: problem.detail,
    });
  if (problem?.kind === 'too-large')
    rasterFail('RASTER_TOO_LARGE', ['layers', name, 'file'], {
      layer: name,
      file,
      what: problem.what,
      bytes: problem.bytes,
      max: problem.max,
    });
  // A damaged header can hold anything here (a huge array was seen): only a whole number is named as a count, anything else as ?.
  const samples: unknown = image.getSamplesPerPixel();
  if (samples !== 1)
    rasterFail('RASTER_NOT_SINGLE_BAND', ['layers', name, 'file'], {
      layer: name,
      bands: typeof samples === 'number' && Number.isSafeInteger(samples) ? samples : '?',
    });
  const geoTags: GeoTags = {};
  for (const k of [
    'ModelPixelScale',
    'ModelTiepoint',
    'ModelTransformation',
    'GeoKeyDirectory',
    'GeoDoubleParams',
  ] as const)
    if (dir[k] !== undefined) geoTags[k] = Array.from(dir[k] as ArrayLike<number>);
  if (typeof dir.GeoAsciiParams === 'string') geoTags.GeoAsciiParams = dir.GeoAsciiParams;
  if (
    geoTags.ModelTransformation === undefined &&
    (geoTags.ModelPixelScale === undefined || geoTags.ModelTiepoint === undefined)
  )
    rasterFail('RASTER_NOT_GEOTIFF', ['layers', name, 'file'], {
      layer: name,
      file,
      detail: 'a TIFF without georeferencing',
    });
  // GDAL_NODATA is an ASCII tag; a damaged type field turns it into numbers, which geotiff cannot read as text
  if (dir.GDAL_NODATA !== undefined && typeof dir.GDAL_NODATA !== 'string')
    rasterFail('RASTER_DECODE_FAILED', ['layers', name, 'file'], {
      layer: name,
      file,
      detail: 'the GDAL_NODATA tag is not text (a damaged tag type)',
    });
  return {
    name,
    file,
    tiff,
    image,
    grid: gridOf(image, geoTags),
    nodata: nodataOverride ?? fileNodata(dir.GDAL_NODATA, name, file),
    ...scaleOf(image, name, file),
    geoTags,
  };
}

/** A decimal number as GDAL writes one (no hexadecimal, no empty text), or NaN, inf and -inf in any case. */
const NODATA_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NODATA_SPECIAL = /^([+-]?)(nan|inf|infinity)$/i;

/**
 * The file's NoData value from its GDAL_NODATA tag (null without one). The tag's text is read here, not by
 * geotiff's getGDALNoData, which drops the last character whatever it is: a tag written without its closing NUL
 * ("65535") read as 6553, one with two NULs ("65535\0\0") as NaN, and the 65535 fill pixels were summed as data.
 * Trailing NULs and white space are stripped, as GDAL reads the tag; text that is still no number is
 * RASTER_DECODE_FAILED, naming the file and the text (`layers.<name>.nodata` overrides the tag, and is then read
 * instead).
 */
function fileNodata(tag: unknown, name: string, file: string): number | null {
  if (tag === undefined) return null;
  const text = String(tag)
    .replace(/[\0\s]+$/, '')
    .trim();
  const special = NODATA_SPECIAL.exec(text);
  if (special !== null)
    return (special[2] as string).toLowerCase() === 'nan'
      ? Number.NaN
      : special[1] === '-'
        ? -Infinity
        : Infinity;
  if (NODATA_NUMBER.test(text)) return Number(text);
  return rasterFail('RASTER_DECODE_FAILED', ['layers', name, 'file'], {
    layer: name,
    file,
    detail: `the GDAL_NODATA tag is ${JSON.stringify(text)}, not a number`,
  });
}

/**
 * The band's scale and offset from GDAL's metadata (items SCALE and OFFSET of sample 0, or of the dataset): a
 * product stored as integers (MOD16 ET × 0.1, MOD17 NPP × 0.0001) read raw was 10 or 10,000 times its value. A
 * scale or offset that is no finite number, or a scale of 0, is RASTER_DECODE_FAILED.
 */
function scaleOf(image: TiffImage, name: string, file: string): { scale: number; offset: number } {
  let meta: Record<string, string> | null;
  try {
    meta = { ...(image.getGDALMetadata(null) ?? {}), ...(image.getGDALMetadata(0) ?? {}) };
  } catch (e) {
    return rasterFail('RASTER_DECODE_FAILED', ['layers', name, 'file'], {
      layer: name,
      file,
      detail: `the GDAL_METADATA tag cannot be read: ${(e as Error).message}`,
    });
  }
  const read = (key: 'SCALE' | 'OFFSET', dflt: number): number => {
    const text = meta?.[key]?.trim();
    if (text === undefined || text === '') return dflt;
    const v = Number(text);
    if (!Number.isFinite(v) || (key === 'SCALE' && v === 0))
      rasterFail('RASTER_DECODE_FAILED', ['layers', name, 'file'], {
        layer: name,
        file,
        detail: `the GDAL metadata's ${key} is ${JSON.stringify(text)}, not a ${key === 'SCALE' ? 'non-zero ' : ''}number`,
      });
    return v;
  };
  return { scale: read('SCALE', 1), offset: read('OFFSET', 0) };
}

function gridOf(image: TiffImage, t: GeoTags): GridSpec {
  const keys = parseGeoKeys(t.GeoKeyDirectory ?? []);
  let transform: [number, number, number, number, number, number];
  if (t.ModelTransformation !== undefined) {
    const m = t.ModelTransformation;
    transform = [m[3] ?? 0, m[0] ?? 0, m[1] ?? 0, m[7] ?? 0, m[4] ?? 0, m[5] ?? 0];
  } else {
    const [sx = 0, sy = 0] = t.ModelPixelScale ?? [];
    const [i = 0, j = 0, , x = 0, y = 0] = t.ModelTiepoint ?? [];
    transform = [x - i * sx, sx, 0, y + j * sy, 0, -sy];
  }
  if (keys.get(KEY.rasterType) === 2) {
    // PixelIsPoint: the tie point is a pixel centre; the grid's origin is half a pixel up and left (as GDAL).
    transform[0] -= (transform[1] + transform[2]) / 2;
    transform[3] -= (transform[4] + transform[5]) / 2;
  }
  const model = keys.get(KEY.model);
  const projected = keys.get(KEY.projected);
  const geographic = keys.get(KEY.geographic);
  let crs: string;
  if (model === 1 && typeof projected === 'number' && projected !== 32767) crs = `EPSG:${projected}`;
  else if (model === 2 && typeof geographic === 'number' && geographic !== 32767)
    crs = `EPSG:${geographic} (geographic)`;
  else
    crs = `GeoKeys ${JSON.stringify([...keys].sort((a, b) => a[0] - b[0]))}${t.GeoAsciiParams ? ` ${t.GeoAsciiParams}` : ''}`;
  const units = keys.get(KEY.linearUnits);
  const areaDistortion = model === 1 ? areaDistortionOf(projected, keys.get(KEY.coordTransform)) : undefined;
  return {
    width: image.getWidth(),
    height: image.getHeight(),
    transform,
    crs,
    projectedMetres: model === 1 && inMetres(projected, units),
    ...(areaDistortion !== undefined ? { areaDistortion } : {}),
  };
}

function parseGeoKeys(d: number[]): Map<number, number | string> {
  const keys = new Map<number, number | string>();
  const n = d[3] ?? 0;
  for (let i = 0; i < n; i++) {
    const [id, loc, count, value] = d.slice(4 + i * 4, 8 + i * 4) as [number, number, number, number];
    keys.set(id, loc === 0 ? value : `${loc}:${count}:${value}`);
  }
  return keys;
}

/**
 * Read a window (x0, y0, w, h) as float64, NaN where the value is NoData, NaN or outside the raster (windows
 * may reach past the edges, for halos). Only the blocks of the file that the window touches are read; a block
 * that fails to decode is RASTER_DECODE_FAILED.
 */
export async function readWindow(
  layer: Pick<OpenLayer, 'image' | 'nodata' | 'grid'> &
    Partial<Pick<OpenLayer, 'name' | 'file' | 'scale' | 'offset'>>,
  x0: number,
  y0: number,
  w: number,
  h: number,
): Promise<Float64Array> {
  const out = new Float64Array(w * h).fill(Number.NaN);
  const cx0 = Math.max(0, x0);
  const cy0 = Math.max(0, y0);
  const cx1 = Math.min(layer.grid.width, x0 + w);
  const cy1 = Math.min(layer.grid.height, y0 + h);
  if (cx1 <= cx0 || cy1 <= cy0) return out;
  let data: ArrayLike<number>;
  const cw = cx1 - cx0;
  try {
    data = (await layer.image.readRasters({
      window: [cx0, cy0, cx1, cy1],
      samples: [0],
      interleave: true,
    })) as unknown as ArrayLike<number>;
    if (data.length < cw * (cy1 - cy0))
      throw new Error(`${data.length} values decoded, ${cw * (cy1 - cy0)} needed`);
  } catch (e) {
    return rasterFail('RASTER_DECODE_FAILED', ['layers', layer.name ?? '?', 'file'], {
      layer: layer.name ?? '?',
      file: layer.file ?? '?',
      detail: `window ${cx0},${cy0}–${cx1},${cy1}: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
  const nd = layer.nodata === null ? null : storedNodata(layer.image, layer.nodata);
  const scale = layer.scale ?? 1;
  const offset = layer.offset ?? 0;
  const scaled = scale !== 1 || offset !== 0;
  for (let y = cy0; y < cy1; y++) {
    const src = (y - cy0) * cw;
    const dst = (y - y0) * w + (cx0 - x0);
    for (let x = 0; x < cw; x++) {
      const v = data[src + x] as number;
      out[dst + x] = v === nd || !Number.isFinite(v) ? Number.NaN : scaled ? v * scale + offset : v;
    }
  }
  return out;
}

/**
 * The NoData value as a pixel of the band holds it: a float32 band stores −9999.9 as −9999.900390625, so the
 * declared value is rounded to float32 before pixels are compared with it (as GDAL does); other bands compare
 * the value as declared (an integer band holds no pixel equal to a NoData value with a fraction).
 */
export function storedNodata(image: Pick<TiffImage, 'fileDirectory'>, nodata: number): number {
  const dir = image.fileDirectory as { SampleFormat?: ArrayLike<number>; BitsPerSample?: ArrayLike<number> };
  return dir.SampleFormat?.[0] === 3 && dir.BitsPerSample?.[0] === 32 ? Math.fround(nodata) : nodata;
}

/** Class codes (land cover, zones) as int32, −1 for NoData; values were checked to be integers by the scan. */
export function toCodes(values: Float64Array): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    out[i] = v === v ? v : -1;
  }
  return out;
}
