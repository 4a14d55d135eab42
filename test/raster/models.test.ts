import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/core/decimal';
import { mergePartials } from '../../src/raster/merge';
import { nppProducts, rusle, rusleDecimal, waterBalance, waterBalanceDecimal } from '../../src/raster/models';
import { QUANTA_PER_UNIT, addQuantised, quantaOf, quantaToDecimal, quantised } from '../../src/raster/sum';
import { type TileData, type TileParams, computeTile } from '../../src/raster/tile';
import { type Tile, tileLayout } from '../../src/raster/tiles';

const d = (x: number | string) => new Decimal(x);

describe('per-pixel formulas (hand-computed)', () => {
  it('water balance W = P − P × α − ET', () => {
    // 1800 − 1800 × 0.0267 − 800 = 1800 − 48.06 − 800 = 951.94 mm
    expect(waterBalanceDecimal(d(1800), d('0.0267'), d(800)).toFixed()).toBe('951.94');
    expect(waterBalance(1800, 0.0267, 800)).toBeCloseTo(951.94, 10);
  });
  it('RUSLE: potential R × K × LS, actual × C × P, retention × (1 − C × P)', () => {
    // 9000 × 0.03 × 4 = 1080 t/(hm²·a); C × P = 0.05 × 0.5 = 0.025; actual 27; retention 1080 × 0.975 = 1053
    const r = rusleDecimal(d(9000), d('0.03'), d(4), d('0.05'), d('0.5'));
    expect([r.potential, r.actual, r.retention].map((x) => x.toFixed())).toEqual(['1080', '27', '1053']);
    const f = rusle(9000, 0.03, 4, 0.05, 0.5);
    expect(f.retention).toBeCloseTo(1053, 9);
  });
  it('NPP → CO₂ (× 1.63) and O₂ (× 1.19)', () => {
    // 10 t d.m./(hm²·a) → 16.3 t CO₂ and 11.9 t O₂ per hm² and year
    const p = nppProducts(10, 1.63, 1.19);
    expect(p.co2).toBeCloseTo(16.3, 12);
    expect(p.o2).toBeCloseTo(11.9, 12);
  });
});

/** A 3 × 3 tile: two classes (0 = forest, α 0.0267; 1 = shrub, α 0.0426), two zones. */
const params: TileParams = {
  classOf: [-1, 0, 1],
  classCount: 2,
  zoneOf: [-1, 0, 1],
  zoneCount: 2,
  models: ['water', 'soil', 'productivity'],
  quantities: [
    'precipitation',
    'evapotranspiration',
    'runoff',
    'waterConservation',
    'soilPotential',
    'soilActual',
    'soilRetention',
    'npp',
    'co2',
    'o2',
  ],
  water: { alpha: [0.0267, 0.0426], pToMm: 1, etToMm: 1 },
  soil: { modelled: [1, 1], c: [0.01, 0.05], p: [1, 0.5], ls: { from: 'layer' } },
  productivity: { co2: [1.63, 1.63], o2: [1.19, 1.19], nppToTDmPerHm2: 1 },
  outputs: ['waterConservation', 'soilRetention', 'co2'],
};
const tile33: Tile = { index: 0, x0: 0, y0: 0, width: 3, height: 3 };
const data33 = (): TileData => ({
  // land cover (−1 = NoData):  1 1 2 / 1 2 2 / −1 1 2
  landcover: Int32Array.from([1, 1, 2, 1, 2, 2, -1, 1, 2]),
  // zones:                     1 1 1 / 2 2 2 / 2 2 2
  zones: Int32Array.from([1, 1, 1, 2, 2, 2, 2, 2, 2]),
  precipitation: new Float64Array(9).fill(1800),
  evapotranspiration: Float64Array.from([800, 800, 700, 800, 700, 700, 0, 800, 700]),
  erosivity: new Float64Array(9).fill(9000),
  erodibility: new Float64Array(9).fill(0.03),
  ls: Float64Array.from([4, 4, 2, 4, 2, 2, 0, 4, 2]),
  npp: new Float64Array(9).fill(10),
});

describe('computeTile on a 3 × 3 tile (hand-computed)', () => {
  const part = computeTile(tile33, params, data33());
  const merged = mergePartials([part], params);
  const group = (zone: number, cls: number) => merged.groups.find((g) => g.zone === zone && g.cls === cls);
  it('counts: 8 pixels accounted, 1 outside (land-cover NoData)', () => {
    expect(part.pixels).toEqual({ accounted: 8, outside: 1, excluded: 0 });
    // zone 1 (index 0): forest 2 (cells 0,1), shrub 1 (cell 2); zone 2 (index 1): forest 2 (cells 3,7), shrub 3 (4,5,8)
    expect([group(0, 0)?.pixels, group(0, 1)?.pixels, group(1, 0)?.pixels, group(1, 1)?.pixels]).toEqual([
      2, 1, 2, 3,
    ]);
  });
  it('water: forest pixel 1800 − 48.06 − 800 = 951.94 mm; shrub 1800 − 76.68 − 700 = 1023.32 mm', () => {
    // sums are of quantised values: round(x × 2^20) / 2^20, each within 2^-21 mm of x
    const f = group(0, 0)?.sums.waterConservation as Decimal;
    expect(f.minus(d('1903.88')).abs().lte(d(2).div(QUANTA_PER_UNIT))).toBe(true); // 2 × 951.94
    const s = group(1, 1)?.sums.waterConservation as Decimal;
    expect(s.minus(d('3069.96')).abs().lte(d(3).div(QUANTA_PER_UNIT))).toBe(true); // 3 × 1023.32
    expect(part.outputs.waterConservation?.[0]).toBeCloseTo(951.94, 3);
    expect(Number.isNaN(part.outputs.waterConservation?.[6] as number)).toBe(true);
  });
  it('soil: forest 1080 × (1 − 0.01) = 1069.2; shrub 9000 × 0.03 × 2 × (1 − 0.025) = 526.5 t/(hm²·a)', () => {
    expect(
      (group(0, 0)?.sums.soilRetention as Decimal).minus(d('2138.4')).abs().lte(d(2).div(QUANTA_PER_UNIT)),
    ).toBe(true);
    expect(
      (group(1, 1)?.sums.soilRetention as Decimal).minus(d('1579.5')).abs().lte(d(3).div(QUANTA_PER_UNIT)),
    ).toBe(true);
    expect((group(1, 1)?.sums.soilPotential as Decimal).toFixed()).toBe('1620'); // 3 × 540, exact in float
  });
  it('productivity: 10 × 1.63 = 16.3 t CO₂, 10 × 1.19 = 11.9 t O₂ per hm²', () => {
    expect((group(1, 1)?.sums.co2 as Decimal).minus(d('48.9')).abs().lte(d(3).div(QUANTA_PER_UNIT))).toBe(
      true,
    );
    expect((group(1, 1)?.sums.npp as Decimal).toFixed()).toBe('30');
  });
  it('NoData in a model layer excludes the pixel and is counted per layer', () => {
    const data = data33();
    (data.evapotranspiration as Float64Array)[0] = Number.NaN;
    (data.npp as Float64Array)[1] = Number.NaN;
    const p = computeTile(tile33, params, data);
    expect(p.pixels).toEqual({ accounted: 6, outside: 1, excluded: 2 });
    expect(p.nodata).toEqual({ evapotranspiration: 1, npp: 1 });
  });
});

describe('exact sums', () => {
  it('Neumaier on quantised values is exact where plain float64 summation is not', () => {
    // 2^53 quanta + 1 quantum + 1 quantum − 2^53 quanta: plain float64 loses both ones (→ 0)
    const s = new Float64Array(1);
    const c = new Float64Array(1);
    const a = new Float64Array(1);
    for (const x of [2 ** 33, 2 ** -20, 2 ** -20, -(2 ** 33)]) addQuantised(s, c, a, 0, x);
    expect(quantaToDecimal(quantaOf(s[0] as number, c[0] as number)).toFixed()).toBe(
      d(2)
        .div(2 ** 20)
        .toFixed(),
    );
    expect(2 ** 33 + 2 ** -20 + 2 ** -20 - 2 ** 33).toBe(0); // what float64 alone gives (2^-20 < ulp(2^33)/2)
  });
  it('quantisation error per pixel ≤ 2^-21 of the unit', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (x) => {
        expect(quantised(x).minus(d(x)).abs().lte(d(2).pow(-21))).toBe(true);
      }),
    );
  });
  it('property: sums do not depend on the tile size nor on the order tiles finish in', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.double({ min: 0, max: 5000, noNaN: true }), { minLength: 81, maxLength: 81 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 81, maxLength: 81 }),
        (w, h, size, values, codes) => {
          const run = (tileSize: number, reverse: boolean) => {
            const tiles = tileLayout(w, h, tileSize);
            const parts = tiles.map((t) => computeTile(t, params, window(t, w, values, codes)));
            return mergePartials(reverse ? parts.reverse() : parts, params);
          };
          const whole = run(Math.max(w, h), false);
          const tiled = run(size, true);
          expect(JSON.stringify(tiled.groups)).toBe(JSON.stringify(whole.groups));
        },
      ),
      { numRuns: 100 },
    );
  });
  it('the float64 fast path agrees with the decimal path within n × 2^-21 + 1e-12 relative', () => {
    // Decimal reference: each pixel's formula on the exact decimal values of its float inputs, summed exactly.
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 3000, noNaN: true }),
            fc.double({ min: 0, max: 1500, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 40,
          },
        ),
        (pixels) => {
          const n = pixels.length;
          const tile: Tile = { index: 0, x0: 0, y0: 0, width: n, height: 1 };
          const p: TileParams = {
            ...params,
            zoneOf: null,
            zoneCount: 1,
            models: ['water'],
            quantities: ['precipitation', 'evapotranspiration', 'runoff', 'waterConservation'],
            soil: undefined as never,
            productivity: undefined as never,
            outputs: [],
          };
          delete (p as Partial<TileParams>).soil;
          delete (p as Partial<TileParams>).productivity;
          const part = computeTile(tile, p, {
            landcover: new Int32Array(n).fill(1),
            precipitation: Float64Array.from(pixels.map((x) => x[0])),
            evapotranspiration: Float64Array.from(pixels.map((x) => x[1])),
          });
          const fast = mergePartials([part], p).groups[0]?.sums.waterConservation as Decimal;
          let exact = d(0);
          for (const [pv, et] of pixels) exact = exact.plus(waterBalanceDecimal(d(pv), d(0.0267), d(et)));
          const tol = d(n)
            .times(d(2).pow(-21))
            .plus(exact.abs().plus(d(n).times(3000)).times('1e-12'));
          expect(fast.minus(exact).abs().lte(tol)).toBe(true);
        },
      ),
    );
  });
});

function window(t: Tile, w: number, values: number[], codes: number[]): TileData {
  const n = t.width * t.height;
  const pick = <T extends Float64Array | Int32Array>(arr: T, f: (i: number) => number) => {
    for (let y = 0; y < t.height; y++)
      for (let x = 0; x < t.width; x++) arr[y * t.width + x] = f((t.y0 + y) * w + t.x0 + x);
    return arr;
  };
  return {
    landcover: pick(new Int32Array(n), (i) => [1, 2, -1][codes[i] as number] as number),
    zones: pick(new Int32Array(n), (i) => 1 + (i % 2)),
    precipitation: pick(new Float64Array(n), (i) => values[i] as number),
    evapotranspiration: pick(new Float64Array(n), (i) => (values[(i * 7) % 81] as number) / 3),
    erosivity: pick(new Float64Array(n), (i) => (values[(i * 5) % 81] as number) * 2),
    erodibility: new Float64Array(n).fill(0.03),
    ls: pick(new Float64Array(n), (i) => (values[(i * 3) % 81] as number) / 1000),
    npp: pick(new Float64Array(n), (i) => (values[(i * 11) % 81] as number) / 300),
  };
}

describe('the exact (value-by-value) path', () => {
  it('a value beyond the plain-sum bound sends the tile through Kahan–Neumaier, with the same integers', () => {
    // 2 pixels: plain sums are exact while |value| < 2^53 / 2 / 2^20 = 2^32 ≈ 4.29e9 t/(hm²·a); 5e9 is beyond it
    const tile: Tile = { index: 0, x0: 0, y0: 0, width: 2, height: 1 };
    const p: TileParams = {
      classOf: [0],
      classCount: 1,
      zoneOf: null,
      zoneCount: 1,
      models: ['productivity'],
      quantities: ['npp', 'co2', 'o2'],
      productivity: { co2: [1.63], o2: [1.19], nppToTDmPerHm2: 1 },
      outputs: [],
    };
    const part = computeTile(tile, p, {
      landcover: Int32Array.from([0, 0]),
      npp: Float64Array.from([5e9, 0.1]),
    });
    const npp = mergePartials([part], p).groups[0]?.sums.npp as Decimal;
    // 5e9 is a whole number of quanta; 0.1 → round(0.1 × 2^20) / 2^20 = 104858 / 1048576
    expect(npp.toFixed()).toBe(d(5e9).plus(quantised(0.1)).toFixed());
    expect(quantised(0.1).toFixed()).toBe(d(104858).div(1048576).toFixed());
  });
});
