import { describe, expect, it } from 'vitest';
import { GepError } from '../../src/core/errors';
import {
  buildParams,
  checkMerged,
  computeTile,
  mergePartials,
  mergeScans,
  parseRasterConfig,
  pixelArea,
  scanTile,
  tileLayout,
} from '../../src/raster';

/**
 * The Scale-out recipe of docs/raster.md, as a job runner's coordinator runs it with gepkit/raster alone: the range
 * check and the NoData refusal the Node runner makes are the recipe's too (computeTile reports values out of range,
 * checkMerged refuses them and the NoData), so a library user gets the same refusals.
 */
function recipe(json: unknown, precipitation: number[]) {
  const width = 2;
  const height = 2;
  const transform = [500000, 30, 0, 3000000, 0, -30]; // 30 m pixels, 900 m²
  const landcover = () => Float64Array.from([11, 11, 11, 11]);
  const config = parseRasterConfig(json);
  const tiles = tileLayout(width, height, 16);
  const scans = tiles.map((t) => scanTile(t, landcover()));
  const { params, plan } = buildParams(config, mergeScans(scans), 30);
  const partials = tiles.map((t) =>
    computeTile(t, params, {
      landcover: Int32Array.from(landcover()),
      precipitation: Float64Array.from(precipitation),
      evapotranspiration: Float64Array.from([300, 300, 300, 300]),
    }),
  );
  const merged = mergePartials(partials, params);
  const warnings = checkMerged(merged, params, {
    nodata: config.nodata,
    pixelArea: pixelArea(transform),
    indicator: plan.water?.indicator,
  });
  return { merged, warnings };
}

const config = (nodata: 'refuse' | 'exclude') => ({
  region: { name: '测试县', level: 'county' },
  year: 2020,
  layers: {
    landcover: { file: 'lc.tif' },
    precipitation: { file: 'p.tif', unit: 'mm' },
    evapotranspiration: { file: 'et.tif', unit: 'mm' },
  },
  landcover: { crosswalk: { '11': 'forest.broadleaf' } },
  models: { water: {} },
  nodata,
});

describe('the Scale-out recipe refuses what the Node runner refuses', () => {
  it('a 2 × 2 raster with a NaN and an undeclared −9999 in precipitation, nodata "refuse"', () => {
    // Before, the NaN was silently left out and −9999 summed: W = −9999 − (−9999 × 0.0267) − 300 < 0, counted 0.
    const err = (() => {
      try {
        recipe(config('refuse'), [1000, Number.NaN, -9999, 1000]);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(GepError);
    expect((err as GepError).issues.map((i) => [i.code, i.params])).toEqual([
      [
        'RASTER_VALUE_OUT_OF_RANGE',
        { layer: 'precipitation', min: 0, max: 30000, pixels: 1, value: -9999, col: 0, row: 1 },
      ],
      ['RASTER_NODATA_INSIDE', { layer: 'precipitation', pixels: 1, model: 'water' }],
    ]);
  });
  it('under "exclude" the NaN pixel is left out of the water model with a warning; −9999 is still refused', () => {
    const { merged, warnings } = recipe(config('exclude'), [1000, Number.NaN, 1000, 1000]);
    // 3 pixels counted: 3 × (1000 − 26.7 − 300) = 2019.9 mm summed; the 4th in the area only
    expect(merged.groups[0]?.pixels).toBe(4);
    expect(Number(merged.groups[0]?.sums.waterConservation)).toBeCloseTo(2019.9, 5);
    expect(warnings.map((w) => [w.code, w.params])).toEqual([
      ['RASTER_PIXELS_EXCLUDED', { model: 'water', pixels: 1, area: '900', layers: 'precipitation' }],
    ]);
    expect(() => recipe(config('exclude'), [1000, Number.NaN, -9999, 1000])).toThrow(GepError);
  });
});
