import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromFile } from 'geotiff';
import { describe, expect, it } from 'vitest';
import { account } from '../../src/account/account';
import { runRaster } from '../../src/raster/run-node';
import { LOCAL_TABLE } from '../helpers';
import { county, LC, OTHERS, ZONES } from './fixture';

describe('a 5 × 5 county through the raster path', () => {
  it('zonal tables by class and type, per zone', async () => {
    const { dir } = county();
    const r = await runRaster(join(dir, 'config.json'));
    expect(r.pixels).toEqual({ accounted: 24, outside: 1, excluded: 0 });
    expect(r.landcover).toEqual([
      { code: 11, pixels: 11 },
      { code: 21, pixels: 10 },
      { code: 51, pixels: 3 },
    ]);
    const z2shrub = r.zonal.byType.find((x) => x.zone === 'z2' && x.type === 'shrub');
    // z2 shrub: cells (2,0) (3,0) (4,0) (2,1) (3,1) (3,4) (4,4) = 7 pixels = 6300 m²
    expect(z2shrub?.pixels).toBe(7);
    expect(z2shrub?.area).toBe('6300');
    // water: 7 × 900 m² × (1800 − 1800 × 0.0426 − 700) mm = 6300 × 1.02332 m = 6446.916 m³ (± 7 quanta × 900 m² /1000)
    expect(Math.abs(Number(z2shrub?.quantities.waterConservation?.total) - 6446.916)).toBeLessThan(1e-5);
    // soil: 9000 × 0.03125 × 2 × (1 − 0.05) = 534.375 t/(hm²·a) × 0.63 hm² = 336.65625 t
    expect(Math.abs(Number(z2shrub?.quantities.soilRetention?.total) - 336.65625)).toBeLessThan(1e-6);
    // NPP 6 × 1.63 = 9.78 t CO₂/(hm²·a) × 0.63 hm² = 6.1614 t CO₂
    expect(Math.abs(Number(z2shrub?.quantities.co2?.total) - 6.1614)).toBeLessThan(1e-6);
    // urban is in no model group: area only
    expect(r.zonal.byType.find((x) => x.type === 'urban')?.quantities).toEqual({});
    expect(r.coefficients.map((c) => `${c.key}|${c.type}|${c.value}`)).toContain(
      'runoff.coefficient|shrub|0.0426',
    );
  });

  it('gives the same account as the tabular path for the same data', async () => {
    const { dir } = county();
    const r = await runRaster(join(dir, 'config.json'));
    // The tabular input written by hand from the same data: areas from pixel counts, per-type factors.
    const count = (zone: number, code: number) => LC.filter((c, i) => c === code && ZONES[i] === zone).length;
    const area = (zone: number, code: number) => ({ value: String(count(zone, code) * 900), unit: 'm2' });
    const soil = (type: string, LS: string, C: string) => ({
      ecosystem: type,
      R: { value: '9000', unit: 'MJ_mm_per_hm2_h_a' },
      K: { value: '0.03125', unit: 't_hm2_h_per_hm2_MJ_mm' },
      LS,
      C,
    });
    const tabular = {
      region: { name: '测试县', code: '361099', level: 'county' },
      year: 2020,
      zones: [
        { id: 'z1', name: '一镇' },
        { id: 'z2', name: '二镇' },
      ],
      ecosystems: [
        { type: 'forest.broadleaf', zone: 'z1', area: area(10, 11) },
        { type: 'shrub', zone: 'z1', area: area(10, 21) },
        { type: 'forest.broadleaf', zone: 'z2', area: area(20, 11) },
        { type: 'shrub', zone: 'z2', area: area(20, 21) },
        { type: 'urban', zone: 'z2', area: area(20, 51) },
      ],
      climate: [
        { precipitation: { value: '1800', unit: 'mm' } },
        { ecosystem: 'forest.broadleaf', evapotranspiration: { value: '800', unit: 'mm' } },
        { ecosystem: 'shrub', evapotranspiration: { value: '700', unit: 'mm' } },
      ],
      soilFactors: [soil('forest.broadleaf', '4', '0.01'), soil('shrub', '2', '0.05')],
      productivity: [
        { ecosystem: 'forest.broadleaf', npp: { value: '10', unit: 't_DM_per_hm2_a' } },
        { ecosystem: 'shrub', npp: { value: '6', unit: 't_DM_per_hm2_a' } },
      ],
      overrides: { tables: [LOCAL_TABLE] },
    };
    const expected = account(tabular, {
      exclude: OTHERS,
      methods: { R6: 'carbon-sequestration/npp-stoichiometry@1', R7: 'oxygen-release/npp@1' },
      switches: { R6: { priceKey: 'price.carbon.cea-average-2021' } },
    });
    const got = r.account;
    if (got === undefined) throw new Error('no account');
    const pick = (a: typeof expected) =>
      a.indicators.map((i) => ({
        code: i.code,
        physical: i.physical,
        value: i.value,
        byZone: i.byZone.map((z) => [z.key, z.physical?.value, z.value.current]),
        byEcosystem: i.byEcosystem.map((z) => [z.key, z.physical?.value, z.value.current]),
      }));
    expect(pick(got)).toEqual(pick(expected));
    expect(got.indicators.map((i) => i.code)).toEqual(['R1', 'R2', 'R6', 'R7']);
  });

  it('writes per-pixel outputs as GeoTIFFs on the input grid', async () => {
    const { dir, config } = county();
    const r = await runRaster(
      { ...config, outputs: { dir: 'out', layers: ['waterConservation', 'co2'] } },
      { baseDir: dir },
    );
    expect(r.outputs.map((o) => o.layer)).toEqual(['waterConservation', 'co2']);
    const tiff = await fromFile(join(dir, 'out', 'waterConservation.tif'));
    const img = await tiff.getImage();
    expect([img.getWidth(), img.getHeight()]).toEqual([5, 5]);
    expect(img.getOrigin().slice(0, 2)).toEqual([500000, 3000000]);
    expect(img.getResolution().slice(0, 2)).toEqual([30, -30]);
    expect(img.getGeoKeys().ProjectedCSTypeGeoKey).toBe(4547);
    const [band] = (await img.readRasters()) as unknown as Float32Array[];
    // pixel 0 forest: 1800 − 48.06 − 800 = 951.94 mm; pixel 9 urban (not modelled) and pixel 20 (NoData) → NaN
    expect(band?.[0]).toBeCloseTo(951.94, 3);
    expect(Number.isNaN(band?.[9] as number)).toBe(true);
    expect(Number.isNaN(band?.[20] as number)).toBe(true);
    (tiff as { close?: () => void }).close?.();
  });

  it('reports progress per pass', async () => {
    const { dir } = county();
    const seen: string[] = [];
    await runRaster(join(dir, 'config.json'), {
      account: false,
      onProgress: (p) => seen.push(`${p.pass} ${p.done}/${p.total}`),
    });
    expect(seen).toEqual(['scan 0/1', 'scan 1/1', 'compute 0/1', 'compute 1/1']);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toContain('landcover');
  });
});
