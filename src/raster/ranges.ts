import type { LayerName } from './config';
import type { Tile } from './tiles';

/**
 * The values a layer can hold, in the units the formulas use (mm for depths; layerRange gives them in the layer's
 * own unit): a value outside them is no measurement of the quantity — most often a NoData value the file does not
 * declare (−9999, −3.4 × 10³⁸, 65535), which would otherwise be summed as data (an erosivity of −9999 subtracts soil
 * retention; a DEM of −9999 makes cliffs at a boundary; a precipitation of 65535 mm adds a lake's worth of water).
 * Depths, erosivity, erodibility and LS are not negative; C and P are shares; a height lies between the lowest
 * dry land (the Dead Sea shore, about −430 m) and the highest summit (8,849 m), rounded out to −500 and 9,000 m.
 * Annual precipitation is at most 30,000 mm: the greatest 12-month rainfall on record is 26.47 m (Cherrapunji,
 * August 1860 – July 1861; WMO World Weather and Climate Extremes Archive, wmo.asu.edu), rounded out — gepkit's
 * level, not a standard's. NPP is not bounded: a pixel's annual net primary productivity may be negative (MOD17A3
 * allows it), and a group's negative sum is refused by the account.
 */
export const LAYER_RANGES: Partial<Record<LayerName, { min: number; max: number }>> = {
  precipitation: { min: 0, max: 30_000 },
  evapotranspiration: { min: 0, max: Infinity },
  erosivity: { min: 0, max: Infinity },
  erodibility: { min: 0, max: Infinity },
  ls: { min: 0, max: Infinity },
  cover: { min: 0, max: 1 },
  practice: { min: 0, max: 1 },
  dem: { min: -500, max: 9000 },
};

/**
 * A layer's range in its own unit: LAYER_RANGES over `toFormula`, the factor that brings the layer's values to the
 * formulas' unit (a precipitation layer in m, factor 1000: 0 to 30 m). Undefined for a layer without a range.
 */
export function layerRange(name: LayerName, toFormula = 1): { min: number; max: number } | undefined {
  const r = LAYER_RANGES[name];
  return r === undefined ? undefined : { min: r.min / toFormula, max: r.max / toFormula };
}

/** The factor that brings a layer's values to the formulas' unit, as a run's parameters hold it (1 if none). */
export function toFormulaOf(name: LayerName, p: { water?: { pToMm: number } | undefined }): number {
  return name === 'precipitation' ? (p.water?.pToMm ?? 1) : 1;
}

/** A layer's values outside its range in one tile (or merged): how many, and the first in raster order. */
export interface OutOfRange {
  pixels: number;
  value: number;
  col: number;
  row: number;
}

/**
 * The values of one layer's tile window outside the layer's range (NaN, the NoData, is not counted), on the
 * tile's own pixels (a window with a halo is read without it) where `inside` holds — the pixels in the account
 * (land cover and zone not NoData); every pixel of the tile when `inside` is undefined (the DEM, whose every
 * value shapes its neighbours' slopes and flow). `toFormula`: as layerRange's.
 */
export function outOfRange(
  tile: Tile,
  name: LayerName,
  values: Float64Array,
  halo: number,
  inside?: (i: number) => boolean,
  toFormula = 1,
): OutOfRange | null {
  const range = layerRange(name, toFormula);
  if (range === undefined) return null;
  const { min, max } = range;
  const { width, height } = tile;
  const stride = width + 2 * halo;
  let found: OutOfRange | null = null;
  for (let y = 0; y < height; y++) {
    const row = (y + halo) * stride + halo;
    for (let x = 0; x < width; x++) {
      const v = values[row + x] as number;
      if (v >= min && v <= max) continue;
      if (v !== v || (inside !== undefined && !inside(y * width + x))) continue;
      if (found === null) found = { pixels: 1, value: v, col: tile.x0 + x, row: tile.y0 + y };
      else found.pixels += 1;
    }
  }
  return found;
}

/** Adds one tile's values outside their ranges to the merged ones: counts add; the first pixel is the earliest (row, then column). */
export function mergeOutOfRange(
  into: Record<string, OutOfRange>,
  more: Readonly<Record<string, OutOfRange>> | undefined,
): void {
  for (const [layer, o] of Object.entries(more ?? {})) {
    const had = into[layer];
    if (had === undefined) into[layer] = { ...o };
    else into[layer] = { ...(comesBefore(o, had) ? o : had), pixels: had.pixels + o.pixels };
  }
}

/** Whether pixel `a` comes before pixel `b` in raster order (row, then column). */
export const comesBefore = (a: { row: number; col: number }, b: { row: number; col: number }): boolean =>
  a.row < b.row || (a.row === b.row && a.col < b.col);
