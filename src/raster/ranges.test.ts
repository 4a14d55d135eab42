import { describe, expect, it } from 'vitest';
import { type OutOfRange, layerRange, mergeOutOfRange, outOfRange, toFormulaOf } from './ranges';

describe('values outside a layer’s range', () => {
  const tile = { index: 1, x0: 10, y0: 20, width: 3, height: 2 };
  it('are counted on the tile’s own pixels where inside holds, first in raster order; NaN is NoData', () => {
    // a 3 × 2 tile at column 10, row 20: −1 at (0, 1) and (1, 0); NaN at (0, 0); pixel (1, 2) not inside
    const values = Float64Array.from([Number.NaN, 5, 0, -1, 7, -3]);
    const inside = (i: number) => i !== 5;
    expect(outOfRange(tile, 'precipitation', values, 0, inside)).toEqual({
      pixels: 1,
      value: -1,
      col: 10,
      row: 21,
    });
    expect(outOfRange(tile, 'precipitation', values, 0)).toEqual({ pixels: 2, value: -1, col: 10, row: 21 });
    // C is a share: 1 is in, 1.0001 out
    expect(outOfRange(tile, 'cover', Float64Array.from([1, 0, 0, 0, 1.0001, 0]), 0)).toEqual({
      pixels: 1,
      value: 1.0001,
      col: 11,
      row: 21,
    });
    // a layer without a range (NPP, land cover) is not checked
    expect(outOfRange(tile, 'npp', values, 0)).toBeNull();
  });
  it('annual precipitation: at most 30,000 mm, in the layer’s own unit (toFormula: 1000 for m)', () => {
    const v = Float64Array.from([30_000, 30_000.5, 65_535, 0, 1, 2]);
    expect(outOfRange(tile, 'precipitation', v, 0)).toEqual({ pixels: 2, value: 30_000.5, col: 11, row: 20 });
    const m = Float64Array.from([30, 30.001, 1.8, 0, 65.535, 2]);
    expect(outOfRange(tile, 'precipitation', m, 0, undefined, 1000)).toEqual({
      pixels: 2,
      value: 30.001,
      col: 11,
      row: 20,
    });
    expect(layerRange('precipitation', 1000)).toEqual({ min: 0, max: 30 });
    expect(layerRange('precipitation')).toEqual({ min: 0, max: 30_000 });
    expect(layerRange('npp')).toBeUndefined();
    expect(toFormulaOf('precipitation', { water: { pToMm: 1000 } })).toBe(1000);
    expect(toFormulaOf('precipitation', {})).toBe(1);
    expect(toFormulaOf('dem', { water: { pToMm: 1000 } })).toBe(1);
  });
  it('a window with a halo is read without it', () => {
    // 5 × 4 window around the 3 × 2 tile: the halo holds −9999 everywhere, the tile 100 but one 9001 m
    const w = new Float64Array(20).fill(-9999);
    for (let y = 1; y <= 2; y++) for (let x = 1; x <= 3; x++) w[y * 5 + x] = 100;
    w[2 * 5 + 3] = 9001; // tile pixel (1, 2): column 12, row 21
    expect(outOfRange(tile, 'dem', w, 1)).toEqual({ pixels: 1, value: 9001, col: 12, row: 21 });
  });
  it('merge: counts add, the first pixel is the earliest row, then column', () => {
    const into: Record<string, OutOfRange> = {};
    mergeOutOfRange(into, { dem: { pixels: 2, value: -9999, col: 5, row: 3 } });
    mergeOutOfRange(into, undefined);
    mergeOutOfRange(into, {
      dem: { pixels: 3, value: -1000, col: 9, row: 2 },
      ls: { pixels: 1, value: -1, col: 0, row: 0 },
    });
    mergeOutOfRange(into, { dem: { pixels: 1, value: -600, col: 4, row: 3 } });
    // 2 + 3 + 1 = 6; row 2 comes before row 3
    expect(into).toEqual({
      dem: { pixels: 6, value: -1000, col: 9, row: 2 },
      ls: { pixels: 1, value: -1, col: 0, row: 0 },
    });
  });
});
