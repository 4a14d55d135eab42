/**
 * Terrain on a DEM window with a one-pixel halo: slope (Horn 1981), D8 flow directions and flow
 * accumulation, and the LS factor (Desmet & Govers 1996, in InVEST SDR's and SAGA's forms).
 *
 * Windows are row-major; a window of w × h cells comes with its halo as (w + 2) × (h + 2) values, NaN for
 * NoData and for cells outside the raster. Elevations and cell sizes are in metres.
 */

/** D8 neighbour offsets, 0 = east then counter-clockwise (pygeoprocessing's convention). */
export const D8_DX = [1, 1, 0, -1, -1, -1, 0, 1] as const;
export const D8_DY = [0, -1, -1, -1, 0, 1, 1, 1] as const;
/** No downslope neighbour (a pit or a flat), or NoData. */
export const D8_NONE = 255;

export interface SlopeResult {
  /** Slope in percent (100 × rise/run); NaN where the DEM is NoData. */
  slopePct: Float64Array;
  /** |sin α| + |cos α| of the aspect α (1 on flat cells), Desmet & Govers's x. */
  aspectX: Float64Array;
}

/**
 * Horn's (1981) third-order finite difference on the 3 × 3 neighbourhood
 *   a b c
 *   d e f      dz/dx = ((c + 2f + i) − (a + 2d + g)) / (8 Δx),  dz/dy = ((g + 2h + i) − (a + 2b + c)) / (8 Δy)
 *   g h i      slope% = 100 × √((dz/dx)² + (dz/dy)²)
 * A NoData or off-raster neighbour takes the centre's elevation (as GDAL and pygeoprocessing do at edges).
 * x = |sin α| + |cos α| = (|dz/dx| + |dz/dy|) / √((dz/dx)² + (dz/dy)²), and 1 where the gradient is zero.
 */
export function hornSlope(dem: Float64Array, w: number, h: number, dx: number, dy: number): SlopeResult {
  const W = w + 2;
  const slopePct = new Float64Array(w * h);
  const aspectX = new Float64Array(w * h);
  // The divisors are hoisted but the arithmetic (and its order) is the formula's, so results are bit-identical.
  const dx8 = 8 * dx;
  const dy8 = 8 * dy;
  for (let y = 0; y < h; y++) {
    let k = (y + 1) * W + 1; // halo index of (x, y), advanced with x
    let o = y * w;
    for (let x = 0; x < w; x++, k++, o++) {
      const e = dem[k] as number;
      if (e !== e) {
        slopePct[o] = Number.NaN;
        aspectX[o] = Number.NaN;
        continue;
      }
      // Neighbours read inline (no per-cell closure); `z !== z` is the NaN test: NoData takes the centre value.
      let a = dem[k - W - 1] as number;
      if (a !== a) a = e;
      let b = dem[k - W] as number;
      if (b !== b) b = e;
      let c = dem[k - W + 1] as number;
      if (c !== c) c = e;
      let d = dem[k - 1] as number;
      if (d !== d) d = e;
      let f = dem[k + 1] as number;
      if (f !== f) f = e;
      let g = dem[k + W - 1] as number;
      if (g !== g) g = e;
      let hh = dem[k + W] as number;
      if (hh !== hh) hh = e;
      let i = dem[k + W + 1] as number;
      if (i !== i) i = e;
      const gx = (c + 2 * f + i - (a + 2 * d + g)) / dx8;
      const gy = (g + 2 * hh + i - (a + 2 * b + c)) / dy8;
      const norm = Math.sqrt(gx * gx + gy * gy);
      slopePct[o] = 100 * norm;
      aspectX[o] = norm === 0 ? 1 : (Math.abs(gx) + Math.abs(gy)) / norm;
    }
  }
  return { slopePct, aspectX };
}

/**
 * D8 (O'Callaghan & Mark 1984): each cell drains to the neighbour of steepest descent, drop = (z − z_n) / d
 * with d = Δx, Δy or the diagonal. Only strictly lower neighbours count (as SAGA's LS tool does), so pits and
 * flats drain nowhere (D8_NONE): condition the DEM first (fill pits, resolve flats). Ties go to the first
 * neighbour in the order east, north-east, north, … (counter-clockwise).
 */
export function d8Directions(dem: Float64Array, w: number, h: number, dx: number, dy: number): Uint8Array {
  const W = w + 2;
  const diag = Math.sqrt(dx * dx + dy * dy);
  // Reciprocal distances and halo offsets of the 8 neighbours as locals (the loop below is unrolled).
  const iX = 1 / dx;
  const iY = 1 / dy;
  const iD = 1 / diag;
  const dir = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    let k = (y + 1) * W + 1;
    let o = y * w;
    for (let x = 0; x < w; x++, k++, o++) {
      const z = dem[k] as number;
      // No NaN tests needed: a NaN centre or neighbour gives a NaN drop, and `NaN > bestDrop` is false, so
      // NoData never wins and a NoData centre keeps D8_NONE. Strict `>` in the order E, NE, N, NW, W, SW, S,
      // SE keeps the first neighbour on ties.
      let best = D8_NONE;
      let bestDrop = 0;
      let drop = (z - (dem[k + 1] as number)) * iX;
      if (drop > bestDrop) {
        bestDrop = drop;
        best = 0;
      }
      drop = (z - (dem[k - W + 1] as number)) * iD;
      if (drop > bestDrop) {
        bestDrop = drop;
        best = 1;
      }
      drop = (z - (dem[k - W] as number)) * iY;
      if (drop > bestDrop) {
        bestDrop = drop;
        best = 2;
      }
      drop = (z - (dem[k - W - 1] as number)) * iD;
      if (drop > bestDrop) {
        bestDrop = drop;
        best = 3;
      }
      drop = (z - (dem[k - 1] as number)) * iX;
      if (drop > bestDrop) {
        bestDrop = drop;
        best = 4;
      }
      drop = (z - (dem[k + W - 1] as number)) * iD;
      if (drop > bestDrop) {
        bestDrop = drop;
        best = 5;
      }
      drop = (z - (dem[k + W] as number)) * iY;
      if (drop > bestDrop) {
        bestDrop = drop;
        best = 6;
      }
      drop = (z - (dem[k + W + 1] as number)) * iD;
      if (drop > bestDrop) best = 7;
      dir[o] = best;
    }
  }
  return dir;
}

export interface Accumulation {
  /** Cells draining through each cell, itself included, plus the seeded inflow; NaN on NoData. */
  acc: Float64Array;
  /** The cells in topological order (every cell after all cells draining into it). */
  order: Int32Array;
}

/**
 * D8 flow accumulation inside a w × h window: acc(c) = 1 + seed(c) + Σ acc(u) over the cells u of the
 * window draining into c. Cells draining out of the window pass nothing on here (./flow.ts routes them).
 * `valid` marks cells with an elevation; `seed` carries inflow from outside the window.
 */
export function accumulate(
  dir: Uint8Array,
  valid: Uint8Array,
  w: number,
  h: number,
  seed?: Float64Array,
): Accumulation {
  const { acc, order } = accumulateDown(dir, valid, w, h, seed);
  return { acc, order };
}

/**
 * {@link accumulate}, also returning `down`: the in-window cell each cell drains to (−1: none, or out of the
 * window), which ./flow.ts reuses instead of decoding directions again. Kahn's topological order with an
 * array queue (no recursion, no per-cell allocation).
 */
export function accumulateDown(
  dir: Uint8Array,
  valid: Uint8Array,
  w: number,
  h: number,
  seed?: Float64Array,
): Accumulation & { down: Int32Array } {
  const n = w * h;
  const indeg = new Uint8Array(n);
  const down = new Int32Array(n);
  // Window offset of each direction's target (index D8_NONE is never read).
  const off = new Int32Array(8);
  for (let d = 0; d < 8; d++) off[d] = (D8_DY[d] as number) * w + (D8_DX[d] as number);
  const acc = new Float64Array(n);
  const order = new Int32Array(n);
  for (let y = 0, c = 0; y < h; y++) {
    for (let x = 0; x < w; x++, c++) {
      const d = dir[c] as number;
      // One pass fills down, in-degrees and the initial counts (1 + seed, NaN on NoData).
      acc[c] = valid[c] ? 1 + (seed ? (seed[c] as number) : 0) : Number.NaN;
      down[c] = -1;
      if (d === D8_NONE) continue;
      const tx = x + (D8_DX[d] as number);
      const ty = y + (D8_DY[d] as number);
      if (tx < 0 || ty < 0 || tx >= w || ty >= h) continue;
      const t = c + (off[d] as number);
      down[c] = t;
      indeg[t] = (indeg[t] as number) + 1;
    }
  }
  let head = 0;
  let tail = 0;
  for (let c = 0; c < n; c++) if (indeg[c] === 0) order[tail++] = c;
  while (head < tail) {
    const c = order[head++] as number;
    const t = down[c] as number;
    if (t < 0) continue;
    acc[t] = (acc[t] as number) + (acc[c] as number);
    const k = (indeg[t] as number) - 1;
    indeg[t] = k;
    if (k === 0) order[tail++] = t;
  }
  return { acc, order, down };
}

/** The LS variants: InVEST SDR ≥ 3.14 (sdr.py `_calculate_ls_factor`) and SAGA's Desmet & Govers. */
export type LsVariant = 'invest' | 'saga';

/**
 * RUSLE LS after Desmet & Govers (1996), with the square root of the upslope area as InVEST ≥ 3.14 and SAGA
 * ("square root of catchment area") take it:
 *   A = √((FA − 1) × D²)           FA upslope cells including the cell itself, D cell size (m)
 *   L = ((A + D²)^(m+1) − A^(m+1)) / (D^(m+2) × x^m × 22.13^m),  L capped at l_max (when given)
 *   S = 10.8 sin θ + 0.03 where slope < 9 %, 16.8 sin θ − 0.5 otherwise (McCool et al. 1987)
 *   β = (sin θ / 0.0896) / (3 sin(θ)^0.8 + 0.56)
 * invest: m = 0.2 (slope ≤ 1 %), 0.3 (≤ 3.5 %), 0.4 (≤ 5 %), 0.5 (≤ 9 %), β/(1+β) above; x = |sin θ| + |cos θ|
 *         of the slope angle θ, as InVEST's code computes it.
 * saga:   m = β/(1+β) everywhere; x = |sin α| + |cos α| of the aspect α (`aspectX`).
 */
export function lsFactor(
  slopePct: number,
  fa: number,
  cellSize: number,
  lMax: number | null,
  variant: LsVariant,
  aspectX = 1,
): number {
  const theta = Math.atan(slopePct / 100);
  const sin = Math.sin(theta);
  const s = slopePct < 9 ? 10.8 * sin + 0.03 : 16.8 * sin - 0.5;
  let m: number;
  let x: number;
  if (variant === 'invest') {
    // β only where it is used (slope > 9 %): skipping an unused pow changes no result.
    m = slopePct <= 1 ? 0.2 : slopePct <= 3.5 ? 0.3 : slopePct <= 5 ? 0.4 : slopePct <= 9 ? 0.5 : betaM(sin);
    x = Math.abs(sin) + Math.abs(Math.cos(theta));
  } else {
    m = betaM(sin);
    x = aspectX;
  }
  const area = Math.sqrt((fa - 1) * cellSize * cellSize);
  const cellArea = cellSize * cellSize;
  let l = ((area + cellArea) ** (m + 1) - area ** (m + 1)) / (cellSize ** (m + 2) * x ** m * 22.13 ** m);
  if (lMax !== null && l > lMax) l = lMax;
  return l * s;
}

/** m = β/(1+β), β = (sin θ / 0.0896) / (3 sin(θ)^0.8 + 0.56). */
function betaM(sin: number): number {
  const beta = sin / 0.0896 / (3 * sin ** 0.8 + 0.56);
  return beta / (1 + beta);
}

/** Flow accumulations below this (whole cells) take L's numerator from a per-tile table (see lsGrid). */
const LS_TABLE = 1024;
/** InVEST's fixed exponents m for slope ≤ 1, 3.5, 5, 9 %. */
const INVEST_M: readonly number[] = [0.2, 0.3, 0.4, 0.5];

/**
 * {@link lsFactor} over a tile: out[i] = lsFactor(slopePct[i], fa[i], cellSize, lMax, variant, aspectX[i]),
 * NaN where the slope or the flow accumulation is NaN. Bit-identical to the per-cell function: the same
 * floating-point operations in the same order, only with values that do not depend on the cell computed once.
 *   - cellSize^(m+2) and 22.13^m for InVEST's four fixed m are computed once per call;
 *   - the numerator (A + D²)^(m+1) − A^(m+1) depends only on (m, FA): for the fixed m and whole FA below
 *     LS_TABLE it is memoised in a table filled on first use (most cells have a small upslope area).
 */
export function lsGrid(
  slopePct: Float64Array,
  fa: Float64Array,
  cellSize: number,
  lMax: number | null,
  variant: LsVariant,
  aspectX?: Float64Array,
  out: Float64Array = new Float64Array(fa.length),
): Float64Array {
  const cellArea = cellSize * cellSize;
  const invest = variant === 'invest';
  const cap = lMax ?? Number.POSITIVE_INFINITY; // `l > Infinity` is never true: the same as no cap
  const denomD = INVEST_M.map((m) => cellSize ** (m + 2));
  const denom22 = INVEST_M.map((m) => 22.13 ** m);
  const table = new Float64Array(4 * LS_TABLE).fill(Number.NaN); // NaN = not computed yet
  for (let i = 0; i < fa.length; i++) {
    const slope = slopePct[i] as number;
    const f = fa[i] as number;
    if (slope !== slope || f !== f) {
      out[i] = Number.NaN;
      continue;
    }
    const theta = Math.atan(slope / 100);
    const sin = Math.sin(theta);
    const s = slope < 9 ? 10.8 * sin + 0.03 : 16.8 * sin - 0.5;
    // mi: index into INVEST_M, or −1 when m = β/(1+β) varies with the slope.
    const mi = !invest ? -1 : slope <= 1 ? 0 : slope <= 3.5 ? 1 : slope <= 5 ? 2 : slope <= 9 ? 3 : -1;
    const m = mi >= 0 ? (INVEST_M[mi] as number) : betaM(sin);
    const x = invest ? Math.abs(sin) + Math.abs(Math.cos(theta)) : aspectX ? (aspectX[i] as number) : 1;
    let num: number;
    const j = f - 1;
    if (mi >= 0 && j >= 0 && j < LS_TABLE && j === Math.floor(j)) {
      const t = mi * LS_TABLE + j;
      num = table[t] as number;
      if (num !== num) {
        const area = Math.sqrt((f - 1) * cellSize * cellSize);
        num = table[t] = (area + cellArea) ** (m + 1) - area ** (m + 1);
      }
    } else {
      const area = Math.sqrt((f - 1) * cellSize * cellSize);
      num = (area + cellArea) ** (m + 1) - area ** (m + 1);
    }
    const dD = mi >= 0 ? (denomD[mi] as number) : cellSize ** (m + 2);
    const d22 = mi >= 0 ? (denom22[mi] as number) : 22.13 ** m;
    let l = num / (dD * x ** m * d22);
    if (l > cap) l = cap;
    out[i] = l * s;
  }
  return out;
}
