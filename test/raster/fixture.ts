import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_TABLE, userTable } from '../helpers';
import { type TiffOptions, tmp, writeTestTiff } from './helpers';

/**
 * A 5 × 5 county, 30 m pixels (900 m² = 0.09 hm²). Zones: columns 0–1 = value 10 ("z1"), columns 2–4 = value
 * 20 ("z2"). Land cover: 11 forest.broadleaf, 21 shrub, 51 urban, 0 = NoData (one pixel).
 *   11 11 21 21 21
 *   11 11 21 21 51
 *   11 21 11 11 51
 *   21 21 11 11 51
 *    0 11 11 21 21
 * P 1800 mm everywhere; ET 800 (forest), 700 (shrub), 500 (urban); R 9000, K 0.03125 (exact in float32); LS 4 (forest), 2 (shrub),
 * 1 (urban); C by land cover from a table (rusle.c: forest 0.01, shrub 0.05); NPP 10 (forest), 6 (shrub),
 * 0 (urban) t d.m./(hm²·a).
 */
export const LC = [
  11, 11, 21, 21, 21, 11, 11, 21, 21, 51, 11, 21, 11, 11, 51, 21, 21, 11, 11, 51, 0, 11, 11, 21, 21,
];
export const ZONES = Array.from({ length: 25 }, (_, i) => (i % 5 < 2 ? 10 : 20));
const byType = (f: number, s: number, u: number) =>
  LC.map((c) => (c === 11 ? f : c === 21 ? s : c === 51 ? u : -9999));

/** The NPP layer's values (t d.m./(hm²·a)): forest 10, shrub 6, urban 0, NoData elsewhere. */
export const NPP = byType(10, 6, 0);

export const C_TABLE = userTable('test-rusle-c', [
  { key: 'rusle.c', value: '0.01', unit: 'one', applies: { ecosystem: 'forest.broadleaf' } },
  { key: 'rusle.c', value: '0.05', unit: 'one', applies: { ecosystem: 'shrub' } },
]);

export const OTHERS = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'R3', 'R4', 'R5', 'R8', 'R9', 'C1', 'C2'];

export function county(dir = tmp(), o: TiffOptions = {}) {
  const w = (name: string, values: number[], opts: TiffOptions = o) =>
    writeTestTiff(join(dir, `${name}.tif`), 5, 5, values, opts);
  w(
    'lc',
    LC.map((c) => (c === 0 ? -9999 : c)),
  );
  w('zones', ZONES);
  w('p', new Array(25).fill(1800));
  w('et', byType(800, 700, 500));
  w('r', new Array(25).fill(9000));
  w('k', new Array(25).fill(0.03125));
  w('ls', byType(4, 2, 1));
  w('npp', NPP);
  const config = {
    region: { name: '测试县', code: '361099', level: 'county' },
    year: 2020,
    layers: {
      landcover: { file: 'lc.tif' },
      zones: { file: 'zones.tif' },
      precipitation: { file: 'p.tif', unit: 'mm' },
      evapotranspiration: { file: 'et.tif', unit: 'mm' },
      erosivity: { file: 'r.tif', unit: 'MJ_mm_per_hm2_h_a' },
      erodibility: { file: 'k.tif', unit: 't_hm2_h_per_hm2_MJ_mm' },
      ls: { file: 'ls.tif' },
      npp: { file: 'npp.tif', unit: 't_DM_per_hm2_a' },
    },
    landcover: { crosswalk: { '11': 'forest.broadleaf', '21': 'shrub', '51': 'urban' } },
    zones: [
      { value: 10, id: 'z1', name: '一镇' },
      { value: 20, id: 'z2', name: '二镇' },
    ],
    models: { water: {}, soil: { cover: 'rusle.c' }, productivity: {} },
    tables: [LOCAL_TABLE, C_TABLE],
    workers: 0,
    account: { options: { exclude: OTHERS } },
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  return { dir, config };
}
