import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../core/decimal';
import { GepError } from '../core/errors';
import { mergePartials, negativeWaterIssues } from './merge';
import {
  QUANTITIES,
  nppProducts,
  nppProductsDecimal,
  rusle,
  rusleDecimal,
  waterBalance,
  waterBalanceDecimal,
} from './models';
import { QUANTA_PER_UNIT, addQuantised, quantaOf, quantaToDecimal, quantised } from './sum';
import { type TileData, type TileParams, computeTile } from './tile';
import { type Tile, tileLayout } from './tiles';

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
  water: { alpha: [0.0267, 0.0426], pToMm: 1, etToMm: 1, negative: 'keep' },
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
  it('NoData in a model layer leaves the pixel out of that model only, counted per layer and per model', () => {
    const data = data33();
    (data.evapotranspiration as Float64Array)[0] = Number.NaN; // zone 1 forest
    (data.npp as Float64Array)[1] = Number.NaN; // zone 1 forest
    const p = computeTile(tile33, params, data);
    // both pixels stay in the areas (8 accounted); each is left out of one model
    expect(p.pixels).toEqual({ accounted: 8, outside: 1, excluded: 2 });
    expect(p.nodata).toEqual({ evapotranspiration: 1, npp: 1 });
    const m = mergePartials([p], params);
    const forest = m.groups.find((g) => g.zone === 0 && g.cls === 0);
    expect(forest?.pixels).toBe(2);
    expect(forest?.excluded).toEqual({ water: 1, productivity: 1 });
    expect(m.excluded).toEqual({ water: 1, productivity: 1 });
    // water counts pixel 1 only: 951.94 mm (± 2⁻²¹); NPP pixel 0 only: 10; RUSLE both: 2 × 1069.2 = 2138.4
    expect(
      (forest?.sums.waterConservation as Decimal).minus(d('951.94')).abs().lte(d(1).div(QUANTA_PER_UNIT)),
    ).toBe(true);
    expect((forest?.sums.npp as Decimal).toFixed()).toBe('10');
    expect(
      (forest?.sums.soilRetention as Decimal).minus(d('2138.4')).abs().lte(d(2).div(QUANTA_PER_UNIT)),
    ).toBe(true);
    // the same sums as a run of each model alone on the same data
    for (const model of ['water', 'productivity'] as const) {
      const alone: TileParams = {
        ...params,
        models: [model],
        quantities: model === 'water' ? [...QUANTITIES.water] : [...QUANTITIES.productivity],
        soil: undefined,
        ...(model === 'water' ? { productivity: undefined } : { water: undefined }),
      };
      const one = mergePartials([computeTile(tile33, alone, data)], alone).groups.find(
        (g) => g.zone === 0 && g.cls === 0,
      );
      for (const q of alone.quantities) expect(one?.sums[q]?.toFixed()).toBe(forest?.sums[q]?.toFixed());
    }
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
      { numRuns: 100 },
    );
  }, 60_000);
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
  }, 60_000);
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
      { numRuns: 100 },
    );
  }, 60_000);
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

/**
 * The documented tolerance of the float64 fast path against the decimal path (docs/raster.md): a sum over n
 * pixels agrees within n × 2^-21 + 1e-12 × (|Σ| + n × max|x|). Each model: the pixel formula in decimal on the
 * exact decimal values of the float inputs, summed exactly, against computeTile + mergePartials.
 */
describe('fast path vs decimal path, per model (property)', () => {
  const one = (
    models: TileParams['models'],
    quantities: TileParams['quantities'],
    extra: Partial<TileParams>,
  ) =>
    ({
      classOf: [0],
      classCount: 1,
      zoneOf: null,
      zoneCount: 1,
      models,
      quantities,
      outputs: [],
      ...extra,
    }) as TileParams;
  const within = (fast: Decimal, exact: Decimal, n: number, maxAbs: Decimal) =>
    fast
      .minus(exact)
      .abs()
      .lte(
        d(n)
          .times(d(2).pow(-21))
          .plus(exact.abs().plus(maxAbs.times(n)).times('1e-12')),
      );
  const tileOf = (n: number): Tile => ({ index: 0, x0: 0, y0: 0, width: n, height: 1 });

  it('RUSLE: potential, actual and retention (C and P per pixel from layers)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 20000, noNaN: true }), // R, MJ·mm/(hm²·h·a)
            fc.double({ min: 0, max: 0.1, noNaN: true }), // K
            fc.double({ min: 0, max: 50, noNaN: true }), // LS
            fc.double({ min: 0, max: 1, noNaN: true }), // C
            fc.double({ min: 0, max: 1, noNaN: true }), // P
          ),
          { minLength: 1, maxLength: 40 },
        ),
        (pixels) => {
          const n = pixels.length;
          const p = one(['soil'], ['soilPotential', 'soilActual', 'soilRetention'], {
            soil: { modelled: [1], c: null, p: null, ls: { from: 'layer' } },
          });
          const col = (j: number) => Float64Array.from(pixels.map((x) => x[j] as number));
          const part = computeTile(tileOf(n), p, {
            landcover: new Int32Array(n),
            erosivity: col(0),
            erodibility: col(1),
            ls: col(2),
            cover: col(3),
            practice: col(4),
          });
          const sums = mergePartials([part], p).groups[0]?.sums;
          const exact = { potential: d(0), actual: d(0), retention: d(0) };
          let max = d(0);
          for (const [r, k, ls, c, pf] of pixels) {
            const x = rusleDecimal(d(r), d(k), d(ls), d(c), d(pf));
            exact.potential = exact.potential.plus(x.potential);
            exact.actual = exact.actual.plus(x.actual);
            exact.retention = exact.retention.plus(x.retention);
            if (x.potential.gt(max)) max = x.potential; // |actual|, |retention| ≤ potential
          }
          expect(within(sums?.soilPotential as Decimal, exact.potential, n, max)).toBe(true);
          expect(within(sums?.soilActual as Decimal, exact.actual, n, max)).toBe(true);
          expect(within(sums?.soilRetention as Decimal, exact.retention, n, max)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);

  it('NPP → CO₂ and O₂ (any factors)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 40, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (fc2, fo2, npp) => {
          const n = npp.length;
          const p = one(['productivity'], ['npp', 'co2', 'o2'], {
            productivity: { co2: [fc2], o2: [fo2], nppToTDmPerHm2: 1 },
          });
          const part = computeTile(tileOf(n), p, {
            landcover: new Int32Array(n),
            npp: Float64Array.from(npp),
          });
          const sums = mergePartials([part], p).groups[0]?.sums;
          const exact = { npp: d(0), co2: d(0), o2: d(0) };
          for (const x of npp) {
            const r = nppProductsDecimal(d(x), d(fc2), d(fo2));
            exact.npp = exact.npp.plus(d(x));
            exact.co2 = exact.co2.plus(r.co2);
            exact.o2 = exact.o2.plus(r.o2);
          }
          const max = d(40 * 3);
          expect(within(sums?.npp as Decimal, exact.npp, n, max)).toBe(true);
          expect(within(sums?.co2 as Decimal, exact.co2, n, max)).toBe(true);
          expect(within(sums?.o2 as Decimal, exact.o2, n, max)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);

  it('water balance under negativeTerms "zero": Σ max(0, W), per pixel', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 3000, noNaN: true }),
            fc.double({ min: 0, max: 3000, noNaN: true }),
          ),
          { minLength: 1, maxLength: 40 },
        ),
        (pixels) => {
          const n = pixels.length;
          const p = one(['water'], ['precipitation', 'evapotranspiration', 'runoff', 'waterConservation'], {
            water: { alpha: [0.0267], pToMm: 1, etToMm: 1, negative: 'zero' },
          });
          const part = computeTile(tileOf(n), p, {
            landcover: new Int32Array(n),
            precipitation: Float64Array.from(pixels.map((x) => x[0])),
            evapotranspiration: Float64Array.from(pixels.map((x) => x[1])),
          });
          const merged = mergePartials([part], p);
          let exact = d(0);
          let negatives = 0;
          for (const [pv, et] of pixels) {
            const w = waterBalanceDecimal(d(pv), d(0.0267), d(et));
            if (w.isNegative()) negatives++;
            else exact = exact.plus(w);
          }
          expect(within(merged.groups[0]?.sums.waterConservation as Decimal, exact, n, d(3000))).toBe(true);
          // a pixel within float rounding of 0 may fall either side; the count is exact otherwise
          expect(Math.abs(merged.negative.pixels - negatives)).toBeLessThanOrEqual(
            pixels.filter(([pv, et]) => Math.abs(pv - pv * 0.0267 - et) < 1e-9).length,
          );
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);
});

describe('negativeTerms per pixel in computeTile', () => {
  // 3 × 3, one class, P 1000, α 0.0267; ET 1500 on the centre pixel (W −526.7), 500 elsewhere (W 473.3)
  const tile: Tile = { index: 0, x0: 0, y0: 0, width: 3, height: 3 };
  const p = (negative: 'zero' | 'keep' | 'refuse'): TileParams => ({
    classOf: [0],
    classCount: 1,
    zoneOf: null,
    zoneCount: 1,
    models: ['water'],
    quantities: ['precipitation', 'evapotranspiration', 'runoff', 'waterConservation'],
    water: { alpha: [0.0267], pToMm: 1, etToMm: 1, negative },
    outputs: ['waterConservation'],
  });
  const data = (): TileData => ({
    landcover: new Int32Array(9),
    precipitation: new Float64Array(9).fill(1000),
    evapotranspiration: Float64Array.from([500, 500, 500, 500, 1500, 500, 500, 500, 500]),
  });
  const run = (rule: 'zero' | 'keep' | 'refuse') => {
    const part = computeTile(tile, p(rule), data());
    return { part, merged: mergePartials([part], p(rule)) };
  };
  const q = d(2).pow(-20);
  it('zero: the pixel and its output are 0; one pixel reported', () => {
    const { part, merged } = run('zero');
    const w = merged.groups[0]?.sums.waterConservation as Decimal;
    expect(w.minus(d('3786.4')).abs().lte(q.times(8))).toBe(true); // 8 × 473.3
    expect(part.outputs.waterConservation?.[4]).toBe(0);
    expect(merged.negative).toMatchObject({ pixels: 1, first: { row: 1, col: 1 } });
    expect(merged.groups[0]?.negative).toBe(1);
    const [warning] = negativeWaterIssues(merged, p('zero'));
    expect(warning?.code).toBe('RASTER_WATER_NEGATIVE_ZEROED');
    expect(warning?.params).toMatchObject({ pixels: 1, row: 1, col: 1 });
  });
  it('keep: summed signed, no issue', () => {
    const { part, merged } = run('keep');
    const w = merged.groups[0]?.sums.waterConservation as Decimal;
    expect(w.minus(d('3259.7')).abs().lte(q.times(9))).toBe(true); // 8 × 473.3 − 526.7
    expect(part.outputs.waterConservation?.[4]).toBeCloseTo(-526.7, 3);
    expect(negativeWaterIssues(merged, p('keep'))).toEqual([]);
  });
  it('refuse: an error with the count and the pixel', () => {
    const { merged } = run('refuse');
    try {
      negativeWaterIssues(merged, p('refuse'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GepError);
      expect((e as GepError).issues[0]?.params).toMatchObject({ pixels: 1, row: 1, col: 1, indicator: 'R1' });
    }
  });
  it('the first negative pixel is the first in raster order, whatever the tiling', () => {
    const big = {
      ...data(),
      evapotranspiration: Float64Array.from([500, 500, 1500, 1500, 500, 500, 500, 500, 500]),
    };
    const whole = mergePartials([computeTile(tile, p('zero'), big)], p('zero'));
    const parts = tileLayout(3, 3, 1).map((t) =>
      computeTile(t, p('zero'), {
        landcover: new Int32Array(1),
        precipitation: Float64Array.of(1000),
        evapotranspiration: Float64Array.of(big.evapotranspiration?.[t.y0 * 3 + t.x0] as number),
      }),
    );
    const tiled = mergePartials(parts.reverse(), p('zero'));
    expect(whole.negative).toEqual({
      pixels: 2,
      first: { row: 0, col: 2, value: whole.negative.first?.value },
    });
    expect(tiled.negative).toEqual(whole.negative);
    expect(JSON.stringify(tiled.groups)).toBe(JSON.stringify(whole.groups));
  });
});

describe('fast-path bound for tiles of 1–3 pixels', () => {
  it('1-pixel tiles and one 8-pixel tile of 3e9 + 2^-20 give the same exact sum', () => {
    // x × 2^20 = 3e9 × 2^20 + 1 ≈ 2^51.5: odd, beyond 2^51, where the magic-number rounding (ulp 2 above
    // 2^53) would round it to even. With 1 pixel, 2^53 / n alone would have allowed the fast path.
    const x = 3e9 + 2 ** -20;
    expect(x * 2 ** 20).toBe(3e9 * 2 ** 20 + 1);
    const p: TileParams = {
      classOf: [0],
      classCount: 1,
      zoneOf: null,
      zoneCount: 1,
      models: ['productivity'],
      quantities: ['npp', 'co2', 'o2'],
      productivity: { co2: [1], o2: [1], nppToTDmPerHm2: 1 },
      outputs: [],
    };
    const data = (n: number): TileData => ({
      landcover: new Int32Array(n),
      npp: new Float64Array(n).fill(x),
    });
    const whole = mergePartials(
      [computeTile({ index: 0, x0: 0, y0: 0, width: 8, height: 1 }, p, data(8))],
      p,
    );
    const ones = mergePartials(
      tileLayout(8, 1, 1).map((t) => computeTile(t, p, data(1))),
      p,
    );
    const expected = d(3e9).plus(d(2).pow(-20)).times(8).toFixed(); // x is whole quanta: exact sum
    expect(whole.groups[0]?.sums.npp?.toFixed()).toBe(expected);
    expect(ones.groups[0]?.sums.npp?.toFixed()).toBe(expected);
    expect(ones.groups[0]?.sums.co2?.toFixed()).toBe(expected);
  });
});
