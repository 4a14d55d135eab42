import { GepError } from '../core/errors';
import { rasterFail } from './errors';
import { flowAccumulation } from './flow';
import { type ModelName, type NegativeRule, type OutputName, QUANTITIES, type QuantityName } from './models';
import type { LayerName } from './config';
import { LAYER_RANGES, type OutOfRange, outOfRange, toFormulaOf } from './ranges';
import { QUANTA_PER_UNIT, addExact, quantise, tileSumInRange } from './sum';
import { type LsVariant, hornSlope, lsGrid } from './terrain';
import type { Tile } from './tiles';

/**
 * The per-tile function: pure, synchronous, and serialisable in and out (plain objects, arrays and typed
 * arrays), so any job runner can run tiles anywhere and ship the partials back for ./merge.ts.
 */

/** Per land-cover class (index into `codes`), the values the models need; NaN = the class is not modelled. */
export interface TileParams {
  /** land-cover code → class index (−1: not in the crosswalk). */
  classOf: number[];
  classCount: number;
  /** zone raster value → zone index (−1: undeclared); null when there is no zone layer (one zone). */
  zoneOf: number[] | null;
  zoneCount: number;
  models: ModelName[];
  /** The summed quantities, in slot order (models' quantities concatenated). */
  quantities: QuantityName[];
  /** `negative`: the R1 rule for a negative water balance, applied per pixel (./models.ts NegativeRule). */
  water?: { alpha: number[]; pToMm: number; etToMm: number; negative: NegativeRule };
  soil?: {
    modelled: number[];
    /** C and P per class when they come from a coefficient table (reclassified), else null (layers). */
    c: number[] | null;
    p: number[] | null;
    ls: { from: 'layer' } | { from: 'dem'; variant: LsVariant; lMax: number | null; cellSize: number };
  };
  /** CO₂ and O₂ factors per class, each NaN outside its indicator's groups (R6, R7); NPP is summed on either. */
  productivity?: { co2: number[]; o2: number[]; nppToTDmPerHm2: number };
  outputs: OutputName[];
}

/** The pixel values of one tile (row-major, tile.width × tile.height); NaN / −1 = NoData. */
export interface TileData {
  /** Land-cover class codes, −1 where NoData (an Int32Array holds no NaN). */
  landcover: Int32Array;
  /** Zone codes, −1 where NoData. */
  zones?: Int32Array;
  precipitation?: Float64Array;
  evapotranspiration?: Float64Array;
  erosivity?: Float64Array;
  erodibility?: Float64Array;
  ls?: Float64Array;
  cover?: Float64Array;
  practice?: Float64Array;
  npp?: Float64Array;
  /** DEM with a 1-pixel halo, and the inflow seeds from ./flow.ts, when LS comes from the DEM. */
  dem?: Float64Array;
  seed?: Float64Array;
}

export interface TilePartial {
  tile: number;
  /**
   * Pixels accounted (land cover and zone not NoData: in the areas), left outside (land cover or zone NoData), and
   * of the accounted ones those left out of at least one model (NoData in a layer the model needs there).
   */
  pixels: { accounted: number; outside: number; excluded: number };
  /** NoData pixels inside the accounted area, per layer. */
  nodata: Record<string, number>;
  /** Pixel count per group (zone × class). */
  counts: Float64Array;
  /** Kahan–Neumaier sum and compensation per group and quantity (slot = group × quantities + q), in quanta. */
  s: Float64Array;
  c: Float64Array;
  /**
   * Per group and model (slot = group × 3 + model: water, soil, productivity), the pixels the model covers that it
   * left out for NoData in one of its layers; they still count in `counts` (the areas).
   */
  skipped: Float64Array;
  /** Per group, the pixels whose water balance was negative (zeroed, kept or refused by params.water.negative). */
  negative: Float64Array;
  /** The first such pixel of the tile (row-major; raster column and row), with its value in mm. */
  firstNegative: NegativePixel | null;
  /** Per layer, its values outside the layer's range (./ranges.ts), where the tile has any. */
  outOfRange?: Record<string, OutOfRange>;
  outputs: Partial<Record<OutputName, Float32Array>>;
}

export interface NegativePixel {
  col: number;
  row: number;
  value: number;
}

/** What a land-cover and zone scan of one tile finds: pixel counts per code and per zone value. */
export interface ScanPartial {
  tile: number;
  landcover: Record<number, number>;
  zones: Record<number, number>;
  invalid: { layer: string; value: number; pixels: number }[];
  pixels: number;
  /** Pixels with a land cover whose zone is NoData (left outside the account). */
  zoneless: number;
}

/** Count land-cover codes (and zone values) in a tile: the pre-computation report. */
export function scanTile(tile: Tile, landcover: Float64Array, zones?: Float64Array): ScanPartial {
  const lc: Record<number, number> = {};
  const zn: Record<number, number> = {};
  const invalid: ScanPartial['invalid'] = [];
  const bad = { landcover: { value: 0, pixels: 0 }, zones: { value: 0, pixels: 0 } };
  let pixels = 0;
  let zoneless = 0;
  for (let i = 0; i < landcover.length; i++) {
    const v = landcover[i] as number;
    if (Number.isNaN(v)) continue;
    const z = zones ? (zones[i] as number) : 0;
    if (Number.isNaN(z)) {
      zoneless++;
      continue;
    }
    pixels++;
    if (!(Number.isInteger(v) && v >= 0 && v < 2 ** 20)) {
      if (bad.landcover.pixels++ === 0) bad.landcover.value = v;
      continue;
    }
    lc[v] = (lc[v] ?? 0) + 1;
    if (zones) {
      if (!(Number.isInteger(z) && z >= 0 && z < 2 ** 20)) {
        if (bad.zones.pixels++ === 0) bad.zones.value = z;
        continue;
      }
      zn[z] = (zn[z] ?? 0) + 1;
    }
  }
  for (const layer of ['landcover', 'zones'] as const)
    if (bad[layer].pixels > 0) invalid.push({ layer, ...bad[layer] });
  return { tile: tile.index, landcover: lc, zones: zn, invalid, pixels, zoneless };
}

/** Number of (zone, class) groups. */
export function groupCount(p: TileParams): number {
  return p.zoneCount * p.classCount;
}

/**
 * Compute one tile: per-pixel models, exact sums per (zone, class) in whole quanta (./sum.ts), and the
 * requested per-pixel outputs. Land-cover or zone NoData leaves a pixel outside the account; NoData in a
 * layer a model needs for the pixel's class is counted per layer and leaves the pixel out of that model only
 * (`skipped`; the run then refuses or warns, by its NoData policy): it still counts in the areas and in the other
 * models. Nothing is filled in.
 *
 * One loop over the pixels with every array and constant hoisted into a local: written for the model when one
 * model runs alone (soloKernel), else the fused loop of all models (kernel). Sums: the
 * quantised values are added in plain float64 per (group, quantity), exact while every |k| stays below
 * min(2^53 / pixels, 2^51) (checked per value: 2^53 / pixels keeps the plain sum exact, 2^51 keeps the
 * magic-number rounding exact — it matters for tiles of 1–3 pixels); a tile that breaks the bound is
 * recomputed value by value with Kahan–Neumaier and the canonical `quantise` (`exact` mode). Both give the
 * same integers, so the result never depends on the path nor on the tile size.
 *
 * Water balance: under params.water.negative "zero" a negative W is counted as 0 per pixel (sums and output),
 * so the totals are Σ max(0, W); every negative pixel is counted per group (`negative`) with the tile's first
 * one (`firstNegative`), for the warning or, under "refuse", the error (./merge.ts negativeWaterIssues).
 */
export function computeTile(tile: Tile, p: TileParams, d: TileData): TilePartial {
  const terrain = p.soil?.ls.from === 'dem' ? demTerrain(tile, p, d) : undefined;
  return naming(tile, d, () => {
    const solo = soloKernel(tile, p, d, terrain);
    const fast = solo === undefined ? kernel(tile, p, d, terrain, false) : solo;
    return withRanges(tile, p, d, fast ?? (kernel(tile, p, d, terrain, true) as TilePartial));
  });
}

/**
 * `compute`'s partial, or its RASTER_SUM_RANGE said with the value that broke the sum: the tile's largest value
 * in magnitude, its layer, row and column (most often a NoData value the file does not declare, ±3.4 × 10³⁸), at
 * that layer. The sum's own words named the tile alone.
 */
function naming(tile: Tile, d: TileData, compute: () => TilePartial): TilePartial {
  try {
    return compute();
  } catch (e) {
    if (!(e instanceof GepError) || e.code !== 'RASTER_SUM_RANGE') throw e;
    const at = largestValue(tile, d);
    if (at === undefined) throw e;
    return rasterFail('RASTER_SUM_RANGE', ['layers', at.layer], {
      tile: tile.index,
      detail: `${String(e.issues[0]?.params?.detail)}; the largest value: ${at.layer}, row ${at.row}, column ${at.col}: ${at.value}`,
    });
  }
}

/** The value of largest magnitude among a tile's layers (land cover and zones aside), on the tile's own pixels. */
function largestValue(
  tile: Tile,
  d: TileData,
): { layer: string; row: number; col: number; value: number } | undefined {
  let best: { layer: string; row: number; col: number; value: number } | undefined;
  const { width, height } = tile;
  for (const [layer, values] of Object.entries(d)) {
    if (layer === 'landcover' || layer === 'zones' || !(values instanceof Float64Array)) continue;
    // a DEM window carries a halo of one pixel around the tile
    const halo = values.length === width * height ? 0 : 1;
    const stride = width + 2 * halo;
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const v = values[(y + halo) * stride + halo + x] as number;
        if (v === v && (best === undefined || Math.abs(v) > Math.abs(best.value)))
          best = { layer, row: tile.y0 + y, col: tile.x0 + x, value: v };
      }
  }
  return best;
}

/**
 * The tile's values outside their layer's range (./ranges.ts), on the pixels in the account (land cover and zone
 * not NoData); the DEM's on every pixel of the tile (every height shapes its neighbours' slopes and flow). Part of
 * the tile function, so that any runner reports them; the merge refuses them (./merge.ts checkMerged).
 */
function withRanges(tile: Tile, p: TileParams, d: TileData, partial: TilePartial): TilePartial {
  const lc = d.landcover;
  const zones = d.zones;
  const inside = (i: number) => (lc[i] as number) >= 0 && (zones === undefined || (zones[i] as number) >= 0);
  const bad: Record<string, OutOfRange> = {};
  for (const name of Object.keys(LAYER_RANGES) as LayerName[]) {
    const values = d[name as keyof TileData];
    if (!(values instanceof Float64Array)) continue;
    const o =
      name === 'dem'
        ? outOfRange(tile, 'dem', values, 1)
        : outOfRange(tile, name, values, 0, inside, toFormulaOf(name, p));
    if (o !== null) bad[name] = o;
  }
  return Object.keys(bad).length > 0 ? { ...partial, outOfRange: bad } : partial;
}

/**
 * {@link computeTile} through the one-loop reference kernel only (its plain-sum path, then its exact path):
 * what the tests hold the per-model passes of computeTile to, bit for bit.
 */
export function computeTileReference(tile: Tile, p: TileParams, d: TileData): TilePartial {
  const terrain = p.soil?.ls.from === 'dem' ? demTerrain(tile, p, d) : undefined;
  return naming(tile, d, () => {
    const fast = kernel(tile, p, d, terrain, false);
    return withRanges(tile, p, d, fast ?? (kernel(tile, p, d, terrain, true) as TilePartial));
  });
}

const MAGIC = 2 ** 52 + 2 ** 51;

/**
 * 2^20 and the magic-number rounding constant 1.5 × 2^52, for the kernels to hold in locals: a bundler turns
 * module-level `const` into `var` (esbuild, tsup), which TurboFan cannot treat as a constant and keeps reading
 * inside the loop (for MAGIC, a boxed double); read into locals once per tile they stay in registers (× 1.1–1.25
 * cells per CPU-second for the per-pixel kernels, docs/raster.md). Same values, same bits.
 */
function loopConstants(): { quanta: number; magic: number } {
  return { quanta: QUANTA_PER_UNIT, magic: MAGIC };
}
type Terrain = ReturnType<typeof demTerrain>;

/**
 * The reference kernel: one fused loop over the pixels, every model's arithmetic in its body. `exact` false:
 * plain sums of quanta (null when a value breaks the bound); true: Kahan–Neumaier value by value. computeTile
 * runs its exact path, and its plain-sum path when several models run ({@link soloKernel} when one runs).
 */
function kernel(
  tile: Tile,
  p: TileParams,
  d: TileData,
  terrain: Terrain | undefined,
  exact: boolean,
): TilePartial | null {
  const n = tile.width * tile.height;
  const nq = p.quantities.length;
  const C = p.classCount;
  const groups = groupCount(p);
  const counts = new Float64Array(groups);
  const B = new Float64Array(groups * nq); // fast path: plain sums of quanta
  const s = new Float64Array(groups * nq);
  const c = new Float64Array(groups * nq);
  const a = new Float64Array(groups * nq);
  // |value| bound (units) of the fast path: plain sums of n quanta exact (2^53 / n) and the magic-number
  // rounding exact (|x × 2^20| ≤ 2^51: x × 2^20 + 1.5 × 2^52 must stay below 2^53, where the ulp is 1).
  const LIM = Math.min(2 ** 53 / Math.max(n, 1), 2 ** 51) / QUANTA_PER_UNIT;
  const { quanta, magic } = loopConstants();
  const classOf = Int32Array.from(p.classOf);
  const zoneOf = p.zoneOf === null ? null : Int32Array.from(p.zoneOf);
  const LC = d.landcover;
  const Z = d.zones;
  const slot = (q: QuantityName) => p.quantities.indexOf(q);
  // Per-class model switches and coefficients (0 where a model does not apply).
  const w = p.water;
  const so = p.soil;
  const pr = p.productivity;
  const lookup = (xs: number[] | undefined | null) =>
    Float64Array.from(xs ?? new Array<number>(C).fill(Number.NaN));
  const alpha = lookup(w?.alpha);
  const wOn = Uint8Array.from(alpha, (x) => (Number.isNaN(x) ? 0 : 1));
  const sOn = Uint8Array.from({ length: C }, (_, k) => (so?.modelled[k] === 1 ? 1 : 0));
  const co2f = lookup(pr?.co2);
  const o2f = lookup(pr?.o2);
  const cOn = Uint8Array.from(co2f, (x) => (Number.isNaN(x) ? 0 : 1));
  const oOn = Uint8Array.from(o2f, (x) => (Number.isNaN(x) ? 0 : 1));
  const pOn = Uint8Array.from(cOn, (x, k) => x | (oOn[k] as number));
  const zeroNegative = w?.negative === 'zero';
  const negative = new Float64Array(groups);
  const skipped = new Float64Array(groups * 3);
  let firstNegative: NegativePixel | null = null;
  const cTab = so?.c ? Float64Array.from(so.c) : null;
  const pTab = so?.p ? Float64Array.from(so.p) : null;
  const P = d.precipitation;
  const ET = d.evapotranspiration;
  const R = d.erosivity;
  const K = d.erodibility;
  const LS = terrain ? terrain.ls : d.ls;
  const CL = d.cover;
  const PL = d.practice;
  const NPP = d.npp;
  const pToMm = w?.pToMm ?? 1;
  const etToMm = w?.etToMm ?? 1;
  const nppF = pr?.nppToTDmPerHm2 ?? 1;
  const need = (layer: string, x: Float64Array | undefined, on: boolean) => {
    if (on && x === undefined) throw new TypeError(`computeTile: layer ${layer} missing from the tile data`);
    return x ?? new Float64Array(0);
  };
  const hasW = w !== undefined;
  const hasS = so !== undefined;
  const hasP = pr !== undefined;
  const aP = need('precipitation', P, hasW);
  const aET = need('evapotranspiration', ET, hasW);
  const aR = need('erosivity', R, hasS);
  const aK = need('erodibility', K, hasS);
  const aLS = need(terrain ? 'dem' : 'ls', LS, hasS);
  const aC = need('cover', CL, hasS && cTab === null);
  const aPL = need('practice', PL, hasS && pTab === null);
  const aNPP = need('npp', NPP, hasP);
  const [sP, sET, sRo, sW] = QUANTITIES.water.map(slot) as [number, number, number, number];
  const [sPot, sAct, sRet] = QUANTITIES.soil.map(slot) as [number, number, number];
  const [sNpp, sCo2, sO2] = QUANTITIES.productivity.map(slot) as [number, number, number];
  const missing = new Float64Array(8); // P, ET, R, K, LS, C, P(practice), NPP
  const outs = p.outputs;
  const out = (o: OutputName) => (outs.includes(o) ? new Float32Array(n).fill(Number.NaN) : null);
  const oP = out('precipitation');
  const oET = out('evapotranspiration');
  const oRo = out('runoff');
  const oW = out('waterConservation');
  const oPot = out('soilPotential');
  const oAct = out('soilActual');
  const oRet = out('soilRetention');
  const oNpp = out('npp');
  const oCo2 = out('co2');
  const oO2 = out('o2');
  let outside = 0;
  let excluded = 0;
  let big = false;

  for (let i = 0; i < n; i++) {
    const lc = LC[i] as number;
    let zi = 0;
    if (zoneOf !== null) {
      const z = (Z as Int32Array)[i] as number;
      if (z < 0) {
        outside++;
        continue;
      }
      zi = z < zoneOf.length ? (zoneOf[z] as number) : -1;
      if (zi < 0) rasterFail('RASTER_ZONE_UNDECLARED', ['layers', 'zones'], { value: z, pixels: 1 });
    }
    if (lc < 0) {
      outside++;
      continue;
    }
    const k = lc < classOf.length ? (classOf[lc] as number) : -1;
    if (k < 0) rasterFail('RASTER_CLASS_UNMAPPED', ['layers', 'landcover'], { code: lc, pixels: 1 });
    // Inputs of the models that cover this class; NoData in one leaves the pixel out of that model only.
    const won = hasW && wOn[k] === 1;
    const son = hasS && sOn[k] === 1;
    const pon = hasP && pOn[k] === 1;
    let pv = 0;
    let et = 0;
    let r = 0;
    let kk = 0;
    let ls = 0;
    let cf = 0;
    let pf = 0;
    let npp = 0;
    let wBad = false;
    let sBad = false;
    let pBad = false;
    if (won) {
      pv = (aP[i] as number) * pToMm;
      et = (aET[i] as number) * etToMm;
      if (pv !== pv) {
        missing[0] = (missing[0] as number) + 1;
        wBad = true;
      }
      if (et !== et) {
        missing[1] = (missing[1] as number) + 1;
        wBad = true;
      }
    }
    if (son) {
      r = aR[i] as number;
      kk = aK[i] as number;
      ls = aLS[i] as number;
      cf = cTab !== null ? (cTab[k] as number) : (aC[i] as number);
      pf = pTab !== null ? (pTab[k] as number) : (aPL[i] as number);
      if (r !== r) {
        missing[2] = (missing[2] as number) + 1;
        sBad = true;
      }
      if (kk !== kk) {
        missing[3] = (missing[3] as number) + 1;
        sBad = true;
      }
      if (ls !== ls) {
        missing[4] = (missing[4] as number) + 1;
        sBad = true;
      }
      if (cf !== cf) {
        missing[5] = (missing[5] as number) + 1;
        sBad = true;
      }
      if (pf !== pf) {
        missing[6] = (missing[6] as number) + 1;
        sBad = true;
      }
    }
    if (pon) {
      npp = (aNPP[i] as number) * nppF;
      if (npp !== npp) {
        missing[7] = (missing[7] as number) + 1;
        pBad = true;
      }
    }
    // The pixel is in the areas whatever its layers hold; NoData in a model's layer leaves it out of that model
    // only (counted per group and model in `skipped`, the first slot of three: water, soil, productivity).
    const g = zi * C + k;
    counts[g] = (counts[g] as number) + 1;
    if (wBad || sBad || pBad) {
      excluded++;
      if (wBad) skipped[g * 3] = (skipped[g * 3] as number) + 1;
      if (sBad) skipped[g * 3 + 1] = (skipped[g * 3 + 1] as number) + 1;
      if (pBad) skipped[g * 3 + 2] = (skipped[g * 3 + 2] as number) + 1;
    }
    const base = g * nq;
    if (won && !wBad) {
      const runoff = pv * (alpha[k] as number);
      let wc = pv - runoff - et; // = P − P × α − ET (models.waterBalance)
      if (wc < 0) {
        negative[g] = (negative[g] as number) + 1;
        firstNegative ??= {
          col: tile.x0 + (i % tile.width),
          row: tile.y0 + Math.floor(i / tile.width),
          value: wc,
        };
        if (zeroNegative) wc = 0;
      }
      if (exact) {
        addExact(s, c, a, base + sP, quantise(pv));
        addExact(s, c, a, base + sET, quantise(et));
        addExact(s, c, a, base + sRo, quantise(runoff));
        addExact(s, c, a, base + sW, quantise(wc));
      } else {
        if (pv > LIM || pv < -LIM || et > LIM || et < -LIM || wc > LIM || wc < -LIM) big = true;
        B[base + sP] = (B[base + sP] as number) + (pv * quanta + magic - magic);
        B[base + sET] = (B[base + sET] as number) + (et * quanta + magic - magic);
        B[base + sRo] = (B[base + sRo] as number) + (runoff * quanta + magic - magic);
        B[base + sW] = (B[base + sW] as number) + (wc * quanta + magic - magic);
      }
      if (oP !== null) oP[i] = pv;
      if (oET !== null) oET[i] = et;
      if (oRo !== null) oRo[i] = runoff;
      if (oW !== null) oW[i] = wc;
    }
    if (son && !sBad) {
      const pot = r * kk * ls;
      const cp = cf * pf;
      const act = pot * cp;
      const ret = pot * (1 - cp); // models.rusle
      if (exact) {
        addExact(s, c, a, base + sPot, quantise(pot));
        addExact(s, c, a, base + sAct, quantise(act));
        addExact(s, c, a, base + sRet, quantise(ret));
      } else {
        if (pot > LIM || pot < -LIM || act > LIM || act < -LIM || ret > LIM || ret < -LIM) big = true;
        B[base + sPot] = (B[base + sPot] as number) + (pot * quanta + magic - magic);
        B[base + sAct] = (B[base + sAct] as number) + (act * quanta + magic - magic);
        B[base + sRet] = (B[base + sRet] as number) + (ret * quanta + magic - magic);
      }
      if (oPot !== null) oPot[i] = pot;
      if (oAct !== null) oAct[i] = act;
      if (oRet !== null) oRet[i] = ret;
    }
    if (pon && !pBad) {
      // 0 where the class is outside R6's (or R7's) groups: those sums are dropped by the merge (modelApplies).
      const con = cOn[k] === 1;
      const oon = oOn[k] === 1;
      const co2 = con ? npp * (co2f[k] as number) : 0;
      const o2 = oon ? npp * (o2f[k] as number) : 0;
      if (exact) {
        addExact(s, c, a, base + sNpp, quantise(npp));
        addExact(s, c, a, base + sCo2, quantise(co2));
        addExact(s, c, a, base + sO2, quantise(o2));
      } else {
        if (npp > LIM || npp < -LIM || co2 > LIM || co2 < -LIM || o2 > LIM || o2 < -LIM) big = true;
        B[base + sNpp] = (B[base + sNpp] as number) + (npp * quanta + magic - magic);
        B[base + sCo2] = (B[base + sCo2] as number) + (co2 * quanta + magic - magic);
        B[base + sO2] = (B[base + sO2] as number) + (o2 * quanta + magic - magic);
      }
      if (oNpp !== null) oNpp[i] = npp;
      if (oCo2 !== null && con) oCo2[i] = co2;
      if (oO2 !== null && oon) oO2[i] = o2;
    }
  }
  if (big) return null; // some |value| beyond the plain-sum bound: redo the tile value by value
  if (!exact) for (let i = 0; i < B.length; i++) if (B[i] !== 0) addExact(s, c, a, i, B[i] as number);
  const outputs = { oP, oET, oRo, oW, oPot, oAct, oRet, oNpp, oCo2, oO2 };
  return finishTile(
    tile,
    p,
    terrain,
    { counts, s, c, a, negative, skipped, firstNegative, missing, outside, excluded },
    outputs,
  );
}

/**
 * The plain-sum path of computeTile when one model runs alone (water balance, RUSLE or NPP): a loop written for
 * that model (its layers, its formulas, its sums), which V8 compiles to tighter code than {@link kernel}'s loop
 * carrying all three models (docs/raster.md, Performance). Pixel by pixel it performs the
 * reference's checks and floating-point operations in the same order (zone, land cover, NoData of the model's
 * layers for the classes it covers, then the formula), and each sum slot receives its values in the same
 * row-major order, so the partial is bit-identical to the reference's plain-sum path, errors included
 * (test/raster/kernels.test.ts). undefined when several models run (the reference kernel runs them); null when
 * a value breaks the plain-sum bound (the reference's exact path follows).
 */
function soloKernel(
  tile: Tile,
  p: TileParams,
  d: TileData,
  terrain: Terrain | undefined,
): TilePartial | null | undefined {
  const models = (p.water ? 1 : 0) + (p.soil ? 1 : 0) + (p.productivity ? 1 : 0);
  if (models !== 1) return undefined;
  const t = soloSetup(tile, p);
  const big = p.water ? soloWater(tile, p, d, t) : p.soil ? soloSoil(p, d, terrain, t) : soloNpp(p, d, t);
  if (big) return null; // some |value| beyond the plain-sum bound: the reference's exact path
  const { B, sums } = t;
  for (let i = 0; i < B.length; i++) if (B[i] !== 0) addExact(sums.s, sums.c, sums.a, i, B[i] as number);
  return finishTile(tile, p, terrain, sums, t.o);
}

/** What the one-model loops share: lookups, accumulators and outputs of one tile. */
function soloSetup(tile: Tile, p: TileParams) {
  const n = tile.width * tile.height;
  const nq = p.quantities.length;
  const groups = groupCount(p);
  const outs = p.outputs;
  const out = (o: OutputName) => (outs.includes(o) ? new Float32Array(n).fill(Number.NaN) : null);
  const sums: Sums = {
    counts: new Float64Array(groups),
    s: new Float64Array(groups * nq),
    c: new Float64Array(groups * nq),
    a: new Float64Array(groups * nq),
    negative: new Float64Array(groups),
    skipped: new Float64Array(groups * 3),
    firstNegative: null,
    missing: new Float64Array(8), // P, ET, R, K, LS, C, P(practice), NPP
    outside: 0,
    excluded: 0,
  };
  const o: Outs = {
    oP: out('precipitation'),
    oET: out('evapotranspiration'),
    oRo: out('runoff'),
    oW: out('waterConservation'),
    oPot: out('soilPotential'),
    oAct: out('soilActual'),
    oRet: out('soilRetention'),
    oNpp: out('npp'),
    oCo2: out('co2'),
    oO2: out('o2'),
  };
  return {
    n,
    nq,
    C: p.classCount,
    B: new Float64Array(groups * nq),
    // |value| bound of the plain sums (see kernel).
    LIM: Math.min(2 ** 53 / Math.max(n, 1), 2 ** 51) / QUANTA_PER_UNIT,
    classOf: Int32Array.from(p.classOf),
    zoneOf: p.zoneOf === null ? null : Int32Array.from(p.zoneOf),
    slot: (q: QuantityName) => p.quantities.indexOf(q),
    sums,
    o,
  };
}
type Solo = ReturnType<typeof soloSetup>;

/** A per-class coefficient as a Float64Array of classCount values, NaN past the given ones (not modelled). */
function perClass(xs: readonly number[], C: number): Float64Array {
  return Float64Array.from({ length: C }, (_, k) => xs[k] ?? Number.NaN);
}

function layer(name: string, x: Float64Array | undefined): Float64Array {
  if (x === undefined) throw new TypeError(`computeTile: layer ${name} missing from the tile data`);
  return x;
}

/** Water balance alone; true when a value breaks the plain-sum bound. */
function soloWater(tile: Tile, p: TileParams, d: TileData, t: Solo): boolean {
  const w = p.water as NonNullable<TileParams['water']>;
  const aP = layer('precipitation', d.precipitation);
  const aET = layer('evapotranspiration', d.evapotranspiration);
  const { n, nq, C, B, LIM, classOf, zoneOf, sums } = t;
  const { counts, missing, negative, skipped } = sums;
  const { oP, oET, oRo, oW } = t.o;
  const alpha = perClass(w.alpha, C);
  const [sP, sET, sRo, sW] = QUANTITIES.water.map(t.slot) as [number, number, number, number];
  const LC = d.landcover;
  const Z = d.zones;
  const pToMm = w.pToMm;
  const etToMm = w.etToMm;
  const zeroNegative = w.negative === 'zero';
  const { quanta, magic } = loopConstants();
  let firstNegative: NegativePixel | null = null;
  let outside = 0;
  let excluded = 0;
  let big = false;
  for (let i = 0; i < n; i++) {
    const lc = LC[i] as number;
    let zi = 0;
    if (zoneOf !== null) {
      const z = (Z as Int32Array)[i] as number;
      if (z < 0) {
        outside++;
        continue;
      }
      zi = z < zoneOf.length ? (zoneOf[z] as number) : -1;
      if (zi < 0) rasterFail('RASTER_ZONE_UNDECLARED', ['layers', 'zones'], { value: z, pixels: 1 });
    }
    if (lc < 0) {
      outside++;
      continue;
    }
    const k = lc < classOf.length ? (classOf[lc] as number) : -1;
    if (k < 0) rasterFail('RASTER_CLASS_UNMAPPED', ['layers', 'landcover'], { code: lc, pixels: 1 });
    const al = alpha[k] as number;
    const g = zi * C + k;
    if (al !== al) {
      counts[g] = (counts[g] as number) + 1; // a class water does not model: counted, no sums
      continue;
    }
    const pv = (aP[i] as number) * pToMm;
    const et = (aET[i] as number) * etToMm;
    if (pv !== pv || et !== et) {
      if (pv !== pv) missing[0] = (missing[0] as number) + 1;
      if (et !== et) missing[1] = (missing[1] as number) + 1;
      excluded++;
      counts[g] = (counts[g] as number) + 1;
      skipped[g * 3] = (skipped[g * 3] as number) + 1;
      continue;
    }
    counts[g] = (counts[g] as number) + 1;
    const runoff = pv * al;
    let wc = pv - runoff - et; // = P − P × α − ET (models.waterBalance)
    if (wc < 0) {
      negative[g] = (negative[g] as number) + 1;
      firstNegative ??= {
        col: tile.x0 + (i % tile.width),
        row: tile.y0 + Math.floor(i / tile.width),
        value: wc,
      };
      if (zeroNegative) wc = 0;
    }
    if (pv > LIM || pv < -LIM || et > LIM || et < -LIM || wc > LIM || wc < -LIM) big = true;
    const base = g * nq;
    B[base + sP] = (B[base + sP] as number) + (pv * quanta + magic - magic);
    B[base + sET] = (B[base + sET] as number) + (et * quanta + magic - magic);
    B[base + sRo] = (B[base + sRo] as number) + (runoff * quanta + magic - magic);
    B[base + sW] = (B[base + sW] as number) + (wc * quanta + magic - magic);
    if (oP !== null) oP[i] = pv;
    if (oET !== null) oET[i] = et;
    if (oRo !== null) oRo[i] = runoff;
    if (oW !== null) oW[i] = wc;
  }
  sums.firstNegative = firstNegative;
  sums.outside = outside;
  sums.excluded = excluded;
  return big;
}

/** RUSLE alone; true when a value breaks the plain-sum bound. */
function soloSoil(p: TileParams, d: TileData, terrain: Terrain | undefined, t: Solo): boolean {
  const so = p.soil as NonNullable<TileParams['soil']>;
  const aR = layer('erosivity', d.erosivity);
  const aK = layer('erodibility', d.erodibility);
  const aLS = layer(terrain ? 'dem' : 'ls', terrain ? terrain.ls : d.ls);
  const cTab = so.c ? Float64Array.from(so.c) : null;
  const pTab = so.p ? Float64Array.from(so.p) : null;
  const aC = cTab === null ? layer('cover', d.cover) : new Float64Array(0);
  const aPL = pTab === null ? layer('practice', d.practice) : new Float64Array(0);
  const { n, nq, C, B, LIM, classOf, zoneOf, sums } = t;
  const { counts, missing, skipped } = sums;
  const { oPot, oAct, oRet } = t.o;
  const sOn = Uint8Array.from({ length: C }, (_, k) => (so.modelled[k] === 1 ? 1 : 0));
  const [sPot, sAct, sRet] = QUANTITIES.soil.map(t.slot) as [number, number, number];
  const LC = d.landcover;
  const Z = d.zones;
  const { quanta, magic } = loopConstants();
  let outside = 0;
  let excluded = 0;
  let big = false;
  for (let i = 0; i < n; i++) {
    const lc = LC[i] as number;
    let zi = 0;
    if (zoneOf !== null) {
      const z = (Z as Int32Array)[i] as number;
      if (z < 0) {
        outside++;
        continue;
      }
      zi = z < zoneOf.length ? (zoneOf[z] as number) : -1;
      if (zi < 0) rasterFail('RASTER_ZONE_UNDECLARED', ['layers', 'zones'], { value: z, pixels: 1 });
    }
    if (lc < 0) {
      outside++;
      continue;
    }
    const k = lc < classOf.length ? (classOf[lc] as number) : -1;
    if (k < 0) rasterFail('RASTER_CLASS_UNMAPPED', ['layers', 'landcover'], { code: lc, pixels: 1 });
    const g = zi * C + k;
    if (sOn[k] !== 1) {
      counts[g] = (counts[g] as number) + 1; // a class RUSLE does not model: counted, no sums
      continue;
    }
    const r = aR[i] as number;
    const kk = aK[i] as number;
    const ls = aLS[i] as number;
    const cf = cTab !== null ? (cTab[k] as number) : (aC[i] as number);
    const pf = pTab !== null ? (pTab[k] as number) : (aPL[i] as number);
    if (r !== r || kk !== kk || ls !== ls || cf !== cf || pf !== pf) {
      if (r !== r) missing[2] = (missing[2] as number) + 1;
      if (kk !== kk) missing[3] = (missing[3] as number) + 1;
      if (ls !== ls) missing[4] = (missing[4] as number) + 1;
      if (cf !== cf) missing[5] = (missing[5] as number) + 1;
      if (pf !== pf) missing[6] = (missing[6] as number) + 1;
      excluded++;
      counts[g] = (counts[g] as number) + 1;
      skipped[g * 3 + 1] = (skipped[g * 3 + 1] as number) + 1;
      continue;
    }
    counts[g] = (counts[g] as number) + 1;
    const pot = r * kk * ls;
    const cp = cf * pf;
    const act = pot * cp;
    const ret = pot * (1 - cp); // models.rusle
    if (pot > LIM || pot < -LIM || act > LIM || act < -LIM || ret > LIM || ret < -LIM) big = true;
    const base = g * nq;
    B[base + sPot] = (B[base + sPot] as number) + (pot * quanta + magic - magic);
    B[base + sAct] = (B[base + sAct] as number) + (act * quanta + magic - magic);
    B[base + sRet] = (B[base + sRet] as number) + (ret * quanta + magic - magic);
    if (oPot !== null) oPot[i] = pot;
    if (oAct !== null) oAct[i] = act;
    if (oRet !== null) oRet[i] = ret;
  }
  sums.outside = outside;
  sums.excluded = excluded;
  return big;
}

/** NPP, CO₂ and O₂ alone; true when a value breaks the plain-sum bound. */
function soloNpp(p: TileParams, d: TileData, t: Solo): boolean {
  const pr = p.productivity as NonNullable<TileParams['productivity']>;
  const aNPP = layer('npp', d.npp);
  const { n, nq, C, B, LIM, classOf, zoneOf, sums } = t;
  const { counts, missing, skipped } = sums;
  const { oNpp, oCo2, oO2 } = t.o;
  const co2f = perClass(pr.co2, C);
  const o2f = perClass(pr.o2, C);
  const [sNpp, sCo2, sO2] = QUANTITIES.productivity.map(t.slot) as [number, number, number];
  const LC = d.landcover;
  const Z = d.zones;
  const nppF = pr.nppToTDmPerHm2;
  const { quanta, magic } = loopConstants();
  let outside = 0;
  let excluded = 0;
  let big = false;
  for (let i = 0; i < n; i++) {
    const lc = LC[i] as number;
    let zi = 0;
    if (zoneOf !== null) {
      const z = (Z as Int32Array)[i] as number;
      if (z < 0) {
        outside++;
        continue;
      }
      zi = z < zoneOf.length ? (zoneOf[z] as number) : -1;
      if (zi < 0) rasterFail('RASTER_ZONE_UNDECLARED', ['layers', 'zones'], { value: z, pixels: 1 });
    }
    if (lc < 0) {
      outside++;
      continue;
    }
    const k = lc < classOf.length ? (classOf[lc] as number) : -1;
    if (k < 0) rasterFail('RASTER_CLASS_UNMAPPED', ['layers', 'landcover'], { code: lc, pixels: 1 });
    const g = zi * C + k;
    const cf = co2f[k] as number;
    const of = o2f[k] as number;
    const con = cf === cf;
    const oon = of === of;
    if (!con && !oon) {
      counts[g] = (counts[g] as number) + 1; // a class neither R6 nor R7 covers: counted, no sums
      continue;
    }
    const npp = (aNPP[i] as number) * nppF;
    if (npp !== npp) {
      missing[7] = (missing[7] as number) + 1;
      excluded++;
      counts[g] = (counts[g] as number) + 1;
      skipped[g * 3 + 2] = (skipped[g * 3 + 2] as number) + 1;
      continue;
    }
    counts[g] = (counts[g] as number) + 1;
    // 0 where the class is outside R6's (or R7's) groups: those sums are dropped by the merge (modelApplies).
    const co2 = con ? npp * cf : 0;
    const o2 = oon ? npp * of : 0;
    if (npp > LIM || npp < -LIM || co2 > LIM || co2 < -LIM || o2 > LIM || o2 < -LIM) big = true;
    const base = g * nq;
    B[base + sNpp] = (B[base + sNpp] as number) + (npp * quanta + magic - magic);
    B[base + sCo2] = (B[base + sCo2] as number) + (co2 * quanta + magic - magic);
    B[base + sO2] = (B[base + sO2] as number) + (o2 * quanta + magic - magic);
    if (oNpp !== null) oNpp[i] = npp;
    if (oCo2 !== null && con) oCo2[i] = co2;
    if (oO2 !== null && oon) oO2[i] = o2;
  }
  sums.outside = outside;
  sums.excluded = excluded;
  return big;
}

interface Sums {
  counts: Float64Array;
  s: Float64Array;
  c: Float64Array;
  a: Float64Array;
  negative: Float64Array;
  skipped: Float64Array;
  firstNegative: NegativePixel | null;
  missing: Float64Array;
  outside: number;
  excluded: number;
}
type Outs = Record<
  'oP' | 'oET' | 'oRo' | 'oW' | 'oPot' | 'oAct' | 'oRet' | 'oNpp' | 'oCo2' | 'oO2',
  Float32Array | null
>;

/** The range check, NoData counts and outputs of a computed tile (shared by both kernels). */
function finishTile(tile: Tile, p: TileParams, terrain: Terrain | undefined, r: Sums, o: Outs): TilePartial {
  const n = tile.width * tile.height;
  const { counts, s, c, a, negative, skipped, firstNegative, missing, outside, excluded } = r;
  const outs = p.outputs;
  if (!tileSumInRange(a, n))
    rasterFail('RASTER_SUM_RANGE', [], {
      tile: tile.index,
      detail: `${n} pixels, Σ|k| ≥ 2^78 quanta or > 2^26 pixels`,
    });
  const nodata: Record<string, number> = {};
  const names = [
    'precipitation',
    'evapotranspiration',
    'erosivity',
    'erodibility',
    terrain ? 'dem' : 'ls',
    'cover',
    'practice',
    'npp',
  ];
  missing.forEach((m, j) => {
    if (m > 0) nodata[names[j] as string] = m;
  });
  const outputs: Partial<Record<OutputName, Float32Array>> = {};
  const set = (o: OutputName, v: Float32Array | null) => {
    if (v !== null) outputs[o] = v;
  };
  set('precipitation', o.oP);
  set('evapotranspiration', o.oET);
  set('runoff', o.oRo);
  set('waterConservation', o.oW);
  set('soilPotential', o.oPot);
  set('soilActual', o.oAct);
  set('soilRetention', o.oRet);
  set('npp', o.oNpp);
  set('co2', o.oCo2);
  set('o2', o.oO2);
  if (terrain) {
    if (outs.includes('ls')) outputs.ls = Float32Array.from(terrain.ls);
    if (outs.includes('slope')) outputs.slope = Float32Array.from(terrain.slope);
    if (outs.includes('flowAccumulation')) outputs.flowAccumulation = Float32Array.from(terrain.fa);
  }
  for (const o of outs) outputs[o] ??= new Float32Array(n).fill(Number.NaN);
  return {
    tile: tile.index,
    pixels: { accounted: n - outside, outside, excluded },
    nodata,
    counts,
    s,
    c,
    negative,
    skipped,
    firstNegative,
    outputs,
  };
}

/** Slope, flow accumulation and LS of a tile from its DEM (with halo) and inflow seeds. */
function demTerrain(tile: Tile, p: TileParams, d: TileData) {
  const ls = p.soil?.ls;
  if (ls?.from !== 'dem' || d.dem === undefined || d.seed === undefined)
    throw new TypeError('computeTile: LS from the DEM needs dem (with halo) and seed');
  const { width: w, height: h } = tile;
  const fa = flowAccumulation(tile, d.dem, d.seed, ls.cellSize, ls.cellSize);
  const { slopePct, aspectX } = hornSlope(d.dem, w, h, ls.cellSize, ls.cellSize);
  // lsGrid = lsFactor per cell (NaN where the slope or FA is NaN), with its per-tile constants hoisted.
  const out = lsGrid(slopePct, fa, ls.cellSize, ls.lMax, ls.variant, aspectX);
  return { ls: out, slope: slopePct, fa };
}
