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
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const k = (y + 1) * W + (x + 1);
      const e = dem[k] as number;
      const o = y * w + x;
      if (Number.isNaN(e)) {
        slopePct[o] = Number.NaN;
        aspectX[o] = Number.NaN;
        continue;
      }
      const v = (j: number) => {
        const z = dem[j] as number;
        return Number.isNaN(z) ? e : z;
      };
      const a = v(k - W - 1);
      const b = v(k - W);
      const c = v(k - W + 1);
      const d = v(k - 1);
      const f = v(k + 1);
      const g = v(k + W - 1);
      const hh = v(k + W);
      const i = v(k + W + 1);
      const gx = (c + 2 * f + i - (a + 2 * d + g)) / (8 * dx);
      const gy = (g + 2 * hh + i - (a + 2 * b + c)) / (8 * dy);
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
  const inv = [1 / dx, 1 / diag, 1 / dy, 1 / diag, 1 / dx, 1 / diag, 1 / dy, 1 / diag];
  const off = D8_DX.map((ox, n) => (D8_DY[n] as number) * W + ox);
  const dir = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const k = (y + 1) * W + (x + 1);
      const z = dem[k] as number;
      let best = D8_NONE;
      let bestDrop = 0;
      if (!Number.isNaN(z)) {
        for (let n = 0; n < 8; n++) {
          const zn = dem[k + (off[n] as number)] as number;
          if (Number.isNaN(zn)) continue;
          const drop = (z - zn) * (inv[n] as number);
          if (drop > bestDrop) {
            bestDrop = drop;
            best = n;
          }
        }
      }
      dir[y * w + x] = best;
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
  const n = w * h;
  const indeg = new Uint8Array(n);
  const down = new Int32Array(n).fill(-1);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = y * w + x;
      const d = dir[c] as number;
      if (d === D8_NONE) continue;
      const tx = x + (D8_DX[d] as number);
      const ty = y + (D8_DY[d] as number);
      if (tx < 0 || ty < 0 || tx >= w || ty >= h) continue;
      const t = ty * w + tx;
      down[c] = t;
      indeg[t] = (indeg[t] as number) + 1;
    }
  }
  const acc = new Float64Array(n);
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let c = 0; c < n; c++) {
    if (valid[c]) acc[c] = 1 + (seed ? (seed[c] as number) : 0);
    else acc[c] = Number.NaN;
    if (indeg[c] === 0) order[tail++] = c;
  }
  while (head < tail) {
    const c = order[head++] as number;
    const t = down[c] as number;
    if (t < 0) continue;
    acc[t] = (acc[t] as number) + (acc[c] as number);
    indeg[t] = (indeg[t] as number) - 1;
    if (indeg[t] === 0) order[tail++] = t;
  }
  return { acc, order };
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
  const beta = sin / 0.0896 / (3 * sin ** 0.8 + 0.56);
  let m: number;
  let x: number;
  if (variant === 'invest') {
    m =
      slopePct <= 1
        ? 0.2
        : slopePct <= 3.5
          ? 0.3
          : slopePct <= 5
            ? 0.4
            : slopePct <= 9
              ? 0.5
              : beta / (1 + beta);
    x = Math.abs(sin) + Math.abs(Math.cos(theta));
  } else {
    m = beta / (1 + beta);
    x = aspectX;
  }
  const area = Math.sqrt((fa - 1) * cellSize * cellSize);
  const cellArea = cellSize * cellSize;
  let l = ((area + cellArea) ** (m + 1) - area ** (m + 1)) / (cellSize ** (m + 2) * x ** m * 22.13 ** m);
  if (lMax !== null && l > lMax) l = lMax;
  return l * s;
}
