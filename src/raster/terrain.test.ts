import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flowAccumulation, flowSummary, solveFlow, tileSeeds } from './flow';
import { D8_NONE, accumulate, d8Directions, hornSlope, lsFactor, lsGrid } from './terrain';
import { tileLayout } from './tiles';

/** A w × h grid with a 1-pixel NaN halo (cells outside the raster). */
function halo(values: number[], w: number, h: number, x0 = 0, y0 = 0, tw = w, th = h): Float64Array {
  const out = new Float64Array((tw + 2) * (th + 2)).fill(Number.NaN);
  for (let y = -1; y <= th; y++)
    for (let x = -1; x <= tw; x++) {
      const gx = x0 + x;
      const gy = y0 + y;
      if (gx >= 0 && gy >= 0 && gx < w && gy < h)
        out[(y + 1) * (tw + 2) + x + 1] = values[gy * w + gx] as number;
    }
  return out;
}
const valid = (n: number) => new Uint8Array(n).fill(1);

describe('Horn slope (3 × 3, hand-computed)', () => {
  // Rows north → south: 10 / 20 / 30 m, cells 10 m.
  const dem = halo([10, 10, 10, 20, 20, 20, 30, 30, 30], 3, 3);
  const { slopePct, aspectX } = hornSlope(dem, 3, 3, 10, 10);
  it('interior cell', () => {
    // a b c = 10 10 10, d f = 20 20, g h i = 30 30 30
    // dz/dx = ((10 + 2×20 + 30) − (10 + 2×20 + 30)) / 80 = 0
    // dz/dy = ((30 + 2×30 + 30) − (10 + 2×10 + 10)) / 80 = (120 − 40) / 80 = 1 → slope 100 %, x = (0 + 1)/1 = 1
    expect(slopePct[4]).toBeCloseTo(100, 12);
    expect(aspectX[4]).toBe(1);
  });
  it('corner cell: off-raster neighbours take the centre value', () => {
    // (0,0) = 10: a b c d g outside → 10; f = 10, h = 20, i = 20
    // dz/dx = ((10 + 2×10 + 20) − (10 + 2×10 + 10)) / 80 = (50 − 40)/80 = 0.125
    // dz/dy = ((10 + 2×20 + 20) − (10 + 2×10 + 10)) / 80 = (70 − 40)/80 = 0.375
    // slope = 100 × √(0.125² + 0.375²) = 100 × √0.15625 = 39.528470752…; x = 0.5 / 0.395284… = 1.264911…
    expect(slopePct[0]).toBeCloseTo(39.528470752104745, 12);
    expect(aspectX[0]).toBeCloseTo(0.5 / Math.sqrt(0.15625), 12);
  });
  it('NoData centre stays NoData, NoData neighbours take the centre value', () => {
    const d = halo([10, 10, 10, 20, Number.NaN, 20, 30, 30, 30], 3, 3);
    const r = hornSlope(d, 3, 3, 10, 10);
    expect(Number.isNaN(r.slopePct[4] as number)).toBe(true);
    // (1,0) = 10: h (below) is NaN → 10. dz/dy = ((20 + 2×10 + 20) − (10 + 2×10 + 10))/80 = (60 − 40)/80 = 0.25
    expect(r.slopePct[1]).toBeCloseTo(25, 12);
  });
});

describe('D8 and flow accumulation (3 × 3, hand-computed)', () => {
  //  9 8 7
  //  8 5 4      cells 1 m; diagonal drops divide by √2
  //  7 4 1
  const z = [9, 8, 7, 8, 5, 4, 7, 4, 1];
  const dir = d8Directions(halo(z, 3, 3), 3, 3, 1, 1);
  it('directions (0 = E, counter-clockwise; 7 = SE, 6 = S)', () => {
    // (0,0) 9: E 1, S 1, SE 4/√2 = 2.83 → SE      (1,0) 8: S 3, SE 4/√2 = 2.83 → S      (2,0) 7: S 3, SW 2/√2 → S
    // (0,1) 8: E 3, SE 4/√2 = 2.83 → E            (1,1) 5: E 1, S 1, SE 4/√2 = 2.83 → SE (2,1) 4: S 3 → S
    // (0,2) 7: E 3 → E                            (1,2) 4: E 3 → E                       (2,2) 1: no lower → none
    expect([...dir]).toEqual([7, 6, 6, 0, 7, 6, 0, 0, D8_NONE]);
  });
  it('accumulation counts every cell draining through, itself included', () => {
    // (1,1) = 1 + (0,0) + (1,0) + (0,1) = 4; (2,1) = 1 + (2,0) = 2; (1,2) = 1 + (0,2) = 2;
    // (2,2) = 1 + 4 + 2 + 2 = 9 (the whole grid drains to the pit)
    expect([...accumulate(dir, valid(9), 3, 3).acc]).toEqual([1, 1, 1, 1, 4, 2, 1, 2, 9]);
  });
  it('flats and pits drain nowhere (strictly lower neighbours only)', () => {
    const flat = d8Directions(halo(new Array(9).fill(5), 3, 3), 3, 3, 1, 1);
    expect([...flat].every((d) => d === D8_NONE)).toBe(true);
  });
});

/** Whole-raster accumulation through the tiled algorithm (pass A, solve, pass B) with square tiles of `size`. */
function tiledAccumulation(z: number[], w: number, h: number, size: number): number[] {
  const tiles = tileLayout(w, h, size);
  const dem = (t: (typeof tiles)[number]) => halo(z, w, h, t.x0, t.y0, t.width, t.height);
  const inflow = solveFlow(tiles.map((t) => flowSummary(t, dem(t), w, 1, 1)));
  const out = new Array<number>(w * h);
  for (const t of tiles) {
    const fa = flowAccumulation(t, dem(t), tileSeeds(t, inflow, w), 1, 1);
    for (let y = 0; y < t.height; y++)
      for (let x = 0; x < t.width; x++) out[(t.y0 + y) * w + t.x0 + x] = fa[y * t.width + x] as number;
  }
  return out;
}

describe('tiled D8 accumulation (5 × 5)', () => {
  it('a plane sloping south: row y accumulates y + 1 cells, whatever the tiles', () => {
    // z = 10 × (4 − y): each cell drains south (drop 10 > diagonal 10/√2); the last row has no lower neighbour.
    const z = Array.from({ length: 25 }, (_, i) => 10 * (4 - Math.floor(i / 5)));
    const expected = Array.from({ length: 25 }, (_, i) => Math.floor(i / 5) + 1);
    for (const size of [1, 2, 3, 5]) expect(tiledAccumulation(z, 5, 5, size)).toEqual(expected);
  });
  it('a cone draining to the centre: the centre collects all 25 cells', () => {
    // z = max(|x − 2|, |y − 2|) + Euclidean tie-break; every cell drains inward to (2,2).
    const z = Array.from({ length: 25 }, (_, i) => Math.hypot((i % 5) - 2, Math.floor(i / 5) - 2));
    for (const size of [1, 2, 4, 5]) expect(tiledAccumulation(z, 5, 5, size)[12]).toBe(25);
  });
  it('property: any DEM, any tile size gives the untiled accumulation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 144, maxLength: 144 }),
        (w, h, size, zs) => {
          const z = zs.slice(0, w * h).map((v, i) => (i % 11 === 3 ? Number.NaN : v));
          expect(tiledAccumulation(z, w, h, size)).toEqual(tiledAccumulation(z, w, h, Math.max(w, h)));
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);
});

describe('LS factor', () => {
  it("matches InVEST SDR's published test configuration (test_sdr.py test_ls_factor)", () => {
    // slope % [1.5, 4, 8, 10, 15], flow accumulation [100, 100, 100, 100, 1e7] pixels, 30 m pixels, l_max 25;
    // InVEST expects [0.253996, 0.657229, 1.345856, 1.776729, 49.802994] (rtol 1e-6, computed in float32).
    const slope = [1.5, 4, 8, 10, 15];
    const fa = [100, 100, 100, 100, 1e7];
    const expected = [0.253996, 0.657229, 1.345856, 1.776729, 49.802994];
    slope.forEach((s, i) => {
      const ls = lsFactor(s, fa[i] as number, 30, 25, 'invest');
      expect(Math.abs(ls / (expected[i] as number) - 1)).toBeLessThan(1e-6);
    });
  });
  it('hand-computed: a single cell on a 100 % slope, 10 m pixels', () => {
    // FA = 1 → A = 0; θ = 45°, sin θ = √2/2; slope ≥ 9 % → S = 16.8 × 0.707107 − 0.5 = 11.379394
    // β = (0.707107 / 0.0896) / (3 × 0.707107^0.8 + 0.56) = 7.891821 / 2.833577 = 2.785108;  m = β/(1+β) = 0.735806
    // L = (0 + 10²)^(m+1) / (10^(m+2) × x^m × 22.13^m) = (10 / (x × 22.13))^m
    //   invest: x = sin θ + cos θ = √2 → (10 / 31.2968)^0.735806 = 0.319521^0.735806 = 0.431925
    //   saga with aspect x = 1 (slope along an axis) → (10 / 22.13)^0.735806 = 0.451875^0.735806 = 0.557…
    const s = 16.8 * Math.SQRT1_2 - 0.5;
    const sin = Math.SQRT1_2;
    const beta = sin / 0.0896 / (3 * sin ** 0.8 + 0.56);
    const m = beta / (1 + beta);
    expect(m).toBeCloseTo(0.735806, 5);
    expect(lsFactor(100, 1, 10, 122, 'invest')).toBeCloseTo((10 / (Math.SQRT2 * 22.13)) ** m * s, 10);
    expect(lsFactor(100, 1, 10, 122, 'invest') / s).toBeCloseTo(0.431925, 5);
    expect(lsFactor(100, 1, 10, 122, 'saga', 1)).toBeCloseTo((10 / 22.13) ** m * s, 10);
  });
  it('l_max caps L; null leaves it uncapped', () => {
    // FA = 1e7 on 15 %: uncapped L is far above 25 (LS 49.802990 = 25 × S when capped)
    expect(lsFactor(15, 1e7, 30, 25, 'invest')).toBeCloseTo(
      25 * (16.8 * Math.sin(Math.atan(0.15)) - 0.5),
      10,
    );
    expect(lsFactor(15, 1e7, 30, null, 'invest')).toBeGreaterThan(49.81);
  });
  it('low slopes use the InVEST m table: m = 0.2 up to 1 %', () => {
    // slope 0.5 %: θ = atan(0.005), m = 0.2, S = 10.8 sin θ + 0.03; FA = 1 → L = (D²)^(1.2) / (D^2.2 × x^0.2 × 22.13^0.2)
    //   = (D / (x × 22.13))^0.2 with D = 30
    const t = Math.atan(0.005);
    const x = Math.sin(t) + Math.cos(t);
    expect(lsFactor(0.5, 1, 30, 122, 'invest')).toBeCloseTo(
      (30 / (x * 22.13)) ** 0.2 * (10.8 * Math.sin(t) + 0.03),
      12,
    );
  });
});

describe('fast paths are bit-identical to the per-cell definitions', () => {
  // A synthetic DEM (plane + waves, some NoData) with a NaN halo.
  const w = 61;
  const h = 47;
  const z = Array.from({ length: w * h }, (_, i) => {
    const x = i % w;
    const y = Math.floor(i / w);
    return i % 97 === 5 ? Number.NaN : 500 - y * 2.3 - x * 0.7 + 4 * Math.sin(x / 9) * Math.cos(y / 7);
  });
  const dem = halo(z, w, h);
  it('lsGrid = lsFactor per cell (both variants, with and without l_max, small and large FA)', () => {
    const { slopePct, aspectX } = hornSlope(dem, w, h, 30, 30);
    const seed = Float64Array.from({ length: w * h }, (_, i) => (i % 13 === 0 ? 2000 + i : 0));
    const fa = flowAccumulation({ index: 0, x0: 0, y0: 0, width: w, height: h }, dem, seed, 30, 30);
    // Also every slope class and whole FA around the memo table's bound (1024), and fractional FA.
    const s2 = Float64Array.from({ length: 4000 }, (_, i) => (i % 37 === 0 ? Number.NaN : (i % 200) * 0.07));
    const f2 = Float64Array.from({ length: 4000 }, (_, i) => (i % 3 === 0 ? 1 + (i % 1100) : 1 + i * 0.37));
    for (const [sp, f, ax] of [
      [slopePct, fa, aspectX],
      [s2, f2, undefined],
    ] as const)
      for (const variant of ['invest', 'saga'] as const)
        for (const lMax of [122, 25, null]) {
          const got = lsGrid(sp, f, 30, lMax, variant, ax);
          const want = Array.from(sp, (s, i) =>
            Number.isNaN(s) || Number.isNaN(f[i] as number)
              ? Number.NaN
              : lsFactor(s, f[i] as number, 30, lMax, variant, ax ? (ax[i] as number) : 1),
          );
          expect([...got]).toEqual(want); // toEqual on numbers is Object.is: bit-level, NaN included
        }
  });
  it('flowAccumulation (chain walk) = accumulate (Kahn order) with the same seeds', () => {
    const tile = { index: 0, x0: 0, y0: 0, width: w, height: h };
    const seed = Float64Array.from({ length: w * h }, (_, i) => (i % 7 === 0 ? i : 0));
    const dir = d8Directions(dem, w, h, 30, 30);
    const ok = Uint8Array.from(z, (v) => (Number.isNaN(v) ? 0 : 1));
    expect([...flowAccumulation(tile, dem, seed, 30, 30)]).toEqual([...accumulate(dir, ok, w, h, seed).acc]);
  });
});
