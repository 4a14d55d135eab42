import { D8_DX, D8_DY, D8_NONE, accumulateDown, d8Directions } from './terrain';
import type { Tile } from './tiles';

/**
 * Exact D8 flow accumulation over tiles with bounded memory (after Barnes 2017, "Parallel non-divergent flow
 * accumulation for trillion cell digital elevation models"):
 *   pass A  per tile (DEM + 1-pixel halo): local accumulation; for each cell draining out of the tile (an
 *           exit) its local count and target; for each perimeter cell the exit its flow leaves the tile by.
 *   solve   on the perimeter graph only (a few cells per tile side): exits pass their totals to the exit
 *           their target cell drains through, in topological order; the result is the inflow into each
 *           perimeter cell.
 *   pass B  per tile: local accumulation again, seeded with those inflows = the global accumulation.
 * Counts are whole numbers, so every order of addition gives the same result.
 */
export interface FlowSummary {
  tile: number;
  /** Triples [cell, target, local count] (global cell index y × width + x) for cells draining out. */
  exits: Float64Array;
  /** Pairs [cell, exit cell or −1] for each perimeter cell with an elevation (−1: ends in a pit inside). */
  perimeter: Float64Array;
}

/** Pass A for one tile; `dem` is the tile with its halo ((w + 2) × (h + 2), NaN for NoData/outside). */
export function flowSummary(
  tile: Tile,
  dem: Float64Array,
  rasterWidth: number,
  dx: number,
  dy: number,
): FlowSummary {
  const { width: w, height: h, x0, y0 } = tile;
  const dir = d8Directions(dem, w, h, dx, dy);
  const valid = validMask(dem, w, h);
  const { acc, order, down } = accumulateDown(dir, valid, w, h);
  const exitOf = new Int32Array(w * h).fill(-1);
  const exits: number[] = [];
  // Reverse topological order: a cell's downstream neighbour is resolved before the cell.
  for (let i = order.length - 1; i >= 0; i--) {
    const c = order[i] as number;
    const t = down[c] as number;
    // In-window target (the common case): inherit its exit, no coordinate arithmetic.
    if (t >= 0) {
      exitOf[c] = exitOf[t] as number;
      continue;
    }
    const d = dir[c] as number;
    if (d === D8_NONE) continue;
    // down = −1 with a direction: the target is outside the window, so c is an exit.
    const x = c % w;
    const y = (c - x) / w;
    const tx = x + (D8_DX[d] as number);
    const ty = y + (D8_DY[d] as number);
    exitOf[c] = c;
    exits.push((y0 + y) * rasterWidth + x0 + x, (y0 + ty) * rasterWidth + x0 + tx, acc[c] as number);
  }
  const perimeter: number[] = [];
  forPerimeter(w, h, (c) => {
    if (!valid[c]) return;
    const x = c % w;
    const y = (c - x) / w;
    const e = exitOf[c] as number;
    const ex = e % w;
    const ey = (e - ex) / w;
    perimeter.push((y0 + y) * rasterWidth + x0 + x, e < 0 ? -1 : (y0 + ey) * rasterWidth + x0 + ex);
  });
  return { tile: tile.index, exits: Float64Array.from(exits), perimeter: Float64Array.from(perimeter) };
}

/**
 * Solve the perimeter graph: the inflow (cells from outside the tile) into each perimeter cell that receives
 * any, as pairs [cell, inflow] per tile index. Pure and deterministic.
 */
export function solveFlow(summaries: readonly FlowSummary[]): Map<number, number> {
  const exitOfPerimeter = new Map<number, number>();
  for (const s of summaries)
    for (let i = 0; i < s.perimeter.length; i += 2)
      exitOfPerimeter.set(s.perimeter[i] as number, s.perimeter[i + 1] as number);
  const total = new Map<number, number>(); // exit cell → cells draining through it
  const target = new Map<number, number>();
  const next = new Map<number, number>(); // exit → the exit its target drains through (absent: ends inside)
  const indeg = new Map<number, number>();
  for (const s of summaries) {
    for (let i = 0; i < s.exits.length; i += 3) {
      const cell = s.exits[i] as number;
      total.set(cell, s.exits[i + 2] as number);
      target.set(cell, s.exits[i + 1] as number);
      if (!indeg.has(cell)) indeg.set(cell, 0);
    }
  }
  for (const [cell, t] of target) {
    const e = exitOfPerimeter.get(t);
    if (e === undefined || e < 0) continue;
    next.set(cell, e);
    indeg.set(e, (indeg.get(e) ?? 0) + 1);
  }
  const queue: number[] = [];
  for (const [cell, d] of indeg) if (d === 0) queue.push(cell);
  for (let q = 0; q < queue.length; q++) {
    const cell = queue[q] as number;
    const e = next.get(cell);
    if (e === undefined) continue;
    total.set(e, (total.get(e) as number) + (total.get(cell) as number));
    const d = (indeg.get(e) as number) - 1;
    indeg.set(e, d);
    if (d === 0) queue.push(e);
  }
  const inflow = new Map<number, number>();
  for (const [cell, t] of target) inflow.set(t, (inflow.get(t) ?? 0) + (total.get(cell) as number));
  return inflow;
}

/** The seeds of one tile from the solved inflows: a window-sized array (zero where nothing flows in). */
export function tileSeeds(
  tile: Tile,
  inflow: ReadonlyMap<number, number>,
  rasterWidth: number,
): Float64Array {
  const { width: w, height: h, x0, y0 } = tile;
  const seed = new Float64Array(w * h);
  forPerimeter(w, h, (c) => {
    const x = c % w;
    const y = (c - x) / w;
    const v = inflow.get((y0 + y) * rasterWidth + x0 + x);
    if (v !== undefined) seed[c] = v;
  });
  return seed;
}

/** The inflows that concern one tile, as pairs [local cell, inflow] (what a job runner ships with the tile). */
export function tileSeedPairs(
  tile: Tile,
  inflow: ReadonlyMap<number, number>,
  rasterWidth: number,
): Float64Array {
  const seed = tileSeeds(tile, inflow, rasterWidth);
  const pairs: number[] = [];
  seed.forEach((v, i) => {
    if (v !== 0) pairs.push(i, v);
  });
  return Float64Array.from(pairs);
}

/** Pass B: the global flow accumulation of one tile (cells, itself included; NaN on NoData). */
export function flowAccumulation(
  tile: Tile,
  dem: Float64Array,
  seed: Float64Array,
  dx: number,
  dy: number,
): Float64Array {
  const { width: w, height: h } = tile;
  const dir = d8Directions(dem, w, h, dx, dy);
  return accumulateChains(dir, dem, w, h, seed);
}

/**
 * accumulate(dir, valid, w, h, seed).acc without the topological order (pass B needs only the counts): each
 * source cell (in-degree 0) is followed downstream while the cell it reaches has no other pending inflow, so
 * the walk stays on one flow path (cache-friendly) and needs no queue. The additions happen in another order
 * than Kahn's, which gives the same sums: counts and seeds are whole numbers (exact in float64 below 2^53).
 */
function accumulateChains(
  dir: Uint8Array,
  dem: Float64Array,
  w: number,
  h: number,
  seed: Float64Array,
): Float64Array {
  const n = w * h;
  const W = w + 2;
  const indeg = new Uint8Array(n);
  const down = new Int32Array(n);
  const off = new Int32Array(8); // window offset of each direction's target
  for (let d = 0; d < 8; d++) off[d] = (D8_DY[d] as number) * w + (D8_DX[d] as number);
  const acc = new Float64Array(n);
  for (let y = 0, c = 0; y < h; y++) {
    let k = (y + 1) * W + 1;
    for (let x = 0; x < w; x++, c++, k++) {
      const z = dem[k] as number;
      acc[c] = z !== z ? Number.NaN : 1 + (seed[c] as number); // z !== z: NoData
      down[c] = -1;
      const d = dir[c] as number;
      if (d === D8_NONE) continue;
      const tx = x + (D8_DX[d] as number);
      const ty = y + (D8_DY[d] as number);
      if (tx < 0 || ty < 0 || tx >= w || ty >= h) continue;
      const t = c + (off[d] as number);
      down[c] = t;
      indeg[t] = (indeg[t] as number) + 1;
    }
  }
  for (let c0 = 0; c0 < n; c0++) {
    if (indeg[c0] !== 0) continue;
    indeg[c0] = 1; // mark visited: a cell whose in-degree reaches 0 is walked from here, not again
    let c = c0;
    let t = down[c] as number;
    while (t >= 0) {
      acc[t] = (acc[t] as number) + (acc[c] as number);
      const k = (indeg[t] as number) - 1;
      indeg[t] = k;
      if (k !== 0) break; // t still waits for another inflow: that walk will continue it
      // t is complete; mark it (so the outer scan skips it) and continue downstream.
      indeg[t] = 1;
      c = t;
      t = down[c] as number;
    }
  }
  return acc;
}

function validMask(dem: Float64Array, w: number, h: number): Uint8Array {
  const W = w + 2;
  const valid = new Uint8Array(w * h);
  for (let y = 0, o = 0; y < h; y++) {
    let k = (y + 1) * W + 1;
    for (let x = 0; x < w; x++, k++, o++) {
      const z = dem[k] as number;
      valid[o] = z !== z ? 0 : 1; // z !== z: NaN (NoData)
    }
  }
  return valid;
}

function forPerimeter(w: number, h: number, f: (c: number) => void): void {
  for (let x = 0; x < w; x++) {
    f(x);
    if (h > 1) f((h - 1) * w + x);
  }
  for (let y = 1; y < h - 1; y++) {
    f(y * w);
    if (w > 1) f(y * w + w - 1);
  }
}
