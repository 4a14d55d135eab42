import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GepError } from '../../src/core/errors';
import {
  OUTPUTS,
  type ModelName,
  type OutputName,
  QUANTITIES,
  type QuantityName,
} from '../../src/raster/models';
import { type TileData, type TileParams, computeTile, computeTileReference } from '../../src/raster/tile';
import type { Tile } from '../../src/raster/tiles';

/**
 * computeTile (a loop written for the model when one model runs alone, else the fused loop) against
 * computeTileReference (the fused loop only): the same partial, Float64 and Float32 bits included, or the same error, on random tiles with
 * NoData in every layer, unmapped classes and zones, negative water balances, values past the plain-sum bound
 * (the exact path), tables or layers for C and P, LS from a layer or from a DEM, and any set of outputs.
 */

/** The partial with every typed array replaced by the hex of its bytes (so NaN, −0 and payloads count). */
function bits(x: unknown): unknown {
  return JSON.parse(
    JSON.stringify(x, (_, v: unknown) =>
      ArrayBuffer.isView(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') : v,
    ),
  );
}

function run(f: typeof computeTile, tile: Tile, p: TileParams, d: TileData): unknown {
  try {
    return bits(f(tile, p, d));
  } catch (e) {
    if (e instanceof GepError) return { error: e.issues };
    throw e;
  }
}

// Pixel values: ordinary, NoData, negative, past the plain-sum bound (2^51 / 2^20 units), infinite.
const value = fc.oneof(
  { weight: 12, arbitrary: fc.double({ min: 0, max: 3000, noNaN: true }) },
  { weight: 2, arbitrary: fc.constant(Number.NaN) },
  { weight: 1, arbitrary: fc.double({ min: -500, max: 0, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(3e9, -3e9, 1e300, Number.POSITIVE_INFINITY, -0) },
);
const factor = fc.oneof(
  { weight: 5, arbitrary: fc.double({ min: 0, max: 2, noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
);

const tileCase = fc
  .record({
    w: fc.integer({ min: 1, max: 9 }),
    h: fc.integer({ min: 1, max: 9 }),
    x0: fc.integer({ min: 0, max: 600 }),
    y0: fc.integer({ min: 0, max: 600 }),
    classCount: fc.integer({ min: 1, max: 3 }),
    zoneCount: fc.integer({ min: 1, max: 3 }),
    zones: fc.boolean(),
    unmapped: fc.integer({ min: 0, max: 9 }), // 0: one land-cover code maps to no class (an error if present)
    models: fc.subarray(['water', 'soil', 'productivity'] as ModelName[], { minLength: 1 }),
    negative: fc.constantFrom('refuse', 'zero', 'keep' as const),
    tables: fc.boolean(),
    dem: fc.integer({ min: 0, max: 3 }), // 0: LS from the DEM
    outputs: fc.subarray([...OUTPUTS]),
    seed: fc.integer(),
  })
  .chain((c) => {
    const n = c.w * c.h;
    const layer = fc.array(value, { minLength: n, maxLength: n });
    return fc.record({
      c: fc.constant(c),
      alpha: fc.array(factor, { minLength: c.classCount, maxLength: c.classCount }),
      modelled: fc.array(fc.constantFrom(0, 1), { minLength: c.classCount, maxLength: c.classCount }),
      cTab: fc.array(factor, { minLength: c.classCount, maxLength: c.classCount }),
      pTab: fc.array(factor, { minLength: c.classCount, maxLength: c.classCount }),
      co2: fc.array(factor, { minLength: c.classCount, maxLength: c.classCount }),
      o2: fc.array(factor, { minLength: c.classCount, maxLength: c.classCount }),
      units: fc.tuple(fc.constantFrom(1, 0.1, 1000), fc.constantFrom(1, 0.1), fc.constantFrom(1, 100)),
      landcover: fc.array(fc.integer({ min: -1, max: c.classCount + 1 }), { minLength: n, maxLength: n }),
      zones: fc.array(fc.integer({ min: -1, max: c.zoneCount }), { minLength: n, maxLength: n }),
      layers: fc.array(layer, { minLength: 8, maxLength: 8 }),
      dem: fc.array(
        fc.oneof(
          { weight: 8, arbitrary: fc.double({ min: 0, max: 50, noNaN: true }) },
          { weight: 1, arbitrary: fc.constant(Number.NaN) },
        ),
        { minLength: (c.w + 2) * (c.h + 2), maxLength: (c.w + 2) * (c.h + 2) },
      ),
    });
  })
  .map((r) => {
    const { c } = r;
    const n = c.w * c.h;
    const tile: Tile = { index: 3, x0: c.x0, y0: c.y0, width: c.w, height: c.h };
    // Land-cover codes 0 … classCount + 1: code j → class j mod classCount, one code unmapped when `unmapped` = 0.
    const classOf = Array.from({ length: c.classCount + 1 }, (_, j) =>
      c.unmapped === 0 && j === 1 ? -1 : j % c.classCount,
    );
    // Zone values 0 … zoneCount − 1 declared; the value zoneCount is past the table (an error if present).
    const zoneOf = Array.from({ length: c.zoneCount }, (_, j) => j);
    const models = (['water', 'soil', 'productivity'] as const).filter((m) => c.models.includes(m));
    const quantities: QuantityName[] = models.flatMap((m) => [...QUANTITIES[m]]);
    const fromDem = c.dem === 0;
    const outputs = c.outputs.filter(
      (o: OutputName) => fromDem || !['ls', 'slope', 'flowAccumulation'].includes(o),
    );
    const p: TileParams = {
      classOf,
      classCount: c.classCount,
      zoneOf: c.zones ? zoneOf : null,
      zoneCount: c.zones ? c.zoneCount : 1,
      models,
      quantities,
      outputs,
      ...(models.includes('water')
        ? { water: { alpha: r.alpha, pToMm: r.units[0], etToMm: r.units[1], negative: c.negative } }
        : {}),
      ...(models.includes('soil')
        ? {
            soil: {
              modelled: r.modelled,
              c: c.tables ? r.cTab : null,
              p: c.tables ? r.pTab : null,
              ls: fromDem
                ? { from: 'dem' as const, variant: 'invest' as const, lMax: 122, cellSize: 30 }
                : { from: 'layer' as const },
            },
          }
        : {}),
      ...(models.includes('productivity')
        ? { productivity: { co2: r.co2, o2: r.o2, nppToTDmPerHm2: r.units[2] } }
        : {}),
    };
    // Land cover −1 and code classCount + 1 (past the crosswalk: unmapped) are both possible.
    const L = (j: number) => Float64Array.from(r.layers[j] as number[]);
    const d: TileData = {
      landcover: Int32Array.from(r.landcover),
      ...(c.zones ? { zones: Int32Array.from(r.zones) } : {}),
      precipitation: L(0),
      evapotranspiration: L(1),
      erosivity: L(2),
      erodibility: L(3),
      ls: L(4),
      cover: L(5),
      practice: L(6),
      npp: L(7),
      ...(fromDem
        ? {
            dem: Float64Array.from(r.dem),
            seed: Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 3 : 0)),
          }
        : {}),
    };
    return { tile, p, d };
  });

/** The case with one model only (its own loop in computeTile: soloWater, soloSoil or soloNpp). */
function alone(p: TileParams, model: ModelName): TileParams {
  const { water, soil, productivity, ...rest } = p;
  const keep = { water, soil, productivity }[model];
  return keep === undefined
    ? p
    : {
        ...rest,
        models: [model],
        quantities: [...QUANTITIES[model]],
        [model]: keep,
      };
}

describe('computeTile = computeTileReference, bit for bit', () => {
  it(
    'property: one model alone (its own loop) on tiles up to 9 × 45 pixels with NoData, negative water and the exact path',
    { timeout: 60_000 },
    () => {
      const big = tileCase.chain((t) =>
        fc.record({
          t: fc.constant(t),
          model: fc.constantFrom(...t.p.models),
          rows: fc.integer({ min: 1, max: 5 }),
        }),
      );
      fc.assert(
        fc.property(big, ({ t, model, rows }) => {
          // The tile's rows repeated 1–5 times (up to 45 rows), the DEM's values cycled over the taller halo.
          const { tile, d } = t;
          const p = alone(t.p, model);
          const h = tile.height * rows;
          const n = tile.width * h;
          const rep = <A extends Float64Array | Int32Array>(x: A): A => {
            const y = new (x.constructor as new (n: number) => A)(x.length * rows);
            for (let r = 0; r < rows; r++) y.set(x, r * x.length);
            return y;
          };
          const W = tile.width + 2;
          const dem =
            d.dem && Float64Array.from({ length: W * (h + 2) }, (_, i) => d.dem?.[i % d.dem.length] ?? 0);
          const tall: TileData = {
            landcover: rep(d.landcover),
            ...(d.zones ? { zones: rep(d.zones) } : {}),
            ...Object.fromEntries(
              (
                [
                  'precipitation',
                  'evapotranspiration',
                  'erosivity',
                  'erodibility',
                  'ls',
                  'cover',
                  'practice',
                  'npp',
                ] as const
              ).map((k) => [k, rep(d[k] as Float64Array)]),
            ),
            ...(dem ? { dem, seed: Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 3 : 0)) } : {}),
          };
          const tt = { ...tile, height: h };
          expect(run(computeTile, tt, p, tall)).toEqual(run(computeTileReference, tt, p, tall));
        }),
        { numRuns: 300 },
      );
    },
  );

  it(
    'property: random tiles (NoData, unmapped codes, negative water, exact path, every output)',
    { timeout: 60_000 },
    () => {
      fc.assert(
        fc.property(tileCase, ({ tile, p, d }) => {
          expect(run(computeTile, tile, p, d)).toEqual(run(computeTileReference, tile, p, d));
        }),
        { numRuns: 400 },
      );
    },
  );

  it(
    'property: the same on tiles where every pixel is valid (no error thrown, sums compared)',
    { timeout: 60_000 },
    () => {
      fc.assert(
        fc.property(tileCase, ({ tile, p, d }) => {
          const lc = Int32Array.from(d.landcover, (v) =>
            v < 0 || v > p.classCount || p.classOf[v] === -1 ? 0 : v,
          );
          const zones = d.zones ? Int32Array.from(d.zones, (v) => (v >= p.zoneCount ? 0 : v)) : undefined;
          // Layers whose products stay within a tile's sum range (Σ|k| < 2^78 quanta): 1e300 and ∞ become 7,
          // ±3e9 becomes ±1e3, C and P become fractions (R × K × LS up to 2.7e10 still takes the exact path).
          const finite = (x?: Float64Array) =>
            x &&
            Float64Array.from(x, (v) =>
              Math.abs(v) > 1e12 ? 7 : Math.abs(v) >= 1e9 ? Math.sign(v) * 1e3 : v,
            );
          const fraction = (x?: Float64Array) =>
            x && Float64Array.from(x, (v) => (Math.abs(v) > 1 ? 1 / Math.abs(v) : v));
          const ok: TileData = {
            ...d,
            landcover: lc,
            ...(zones ? { zones } : {}),
            precipitation: finite(d.precipitation),
            evapotranspiration: finite(d.evapotranspiration),
            erosivity: finite(d.erosivity),
            erodibility: finite(d.erodibility),
            ls: finite(d.ls),
            cover: fraction(d.cover),
            practice: fraction(d.practice),
            npp: finite(d.npp),
          };
          const got = run(computeTile, tile, p, ok);
          expect(got).toEqual(run(computeTileReference, tile, p, ok));
          expect(got).not.toHaveProperty('error');
        }),
        { numRuns: 300 },
      );
    },
  );
});
