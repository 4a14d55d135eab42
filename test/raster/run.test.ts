import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fromFile } from 'geotiff';
import { describe, expect, it } from 'vitest';
import { account } from '../../src/account/account';
import { GepError } from '../../src/core/errors';
import { runRaster } from '../../src/raster/run-node';
import { closeLayers, runTask } from '../../src/raster/tasks-node';
import { LOCAL_TABLE, userTable } from '../helpers';
import { county, LC, OTHERS, ZONES } from './fixture';
import { tmp, writeTestTiff } from './helpers';

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

/**
 * A 3 × 3 forest (forest.broadleaf, α 0.0267), one zone, 30 m pixels (900 m²), water only. P 1000 mm; ET 500 mm
 * except the centre pixel, 1500 mm:
 *   W = 1000 − 26.7 − 500 = 473.3 mm on 8 pixels;  centre 1000 − 26.7 − 1500 = −526.7 mm.
 * The per-type mean is (8 × 473.3 − 526.7) / 9 > 0, so clamping the mean alone would change nothing.
 */
function negativeForest(negativeTerms?: 'zero' | 'keep' | 'refuse') {
  const dir = tmp();
  const w = (name: string, values: number[]) => writeTestTiff(join(dir, `${name}.tif`), 3, 3, values);
  w('lc', new Array(9).fill(11));
  w('p', new Array(9).fill(1000));
  w('et', [500, 500, 500, 500, 1500, 500, 500, 500, 500]);
  const config = {
    region: { name: '测试县', code: '361099', level: 'county' },
    year: 2020,
    layers: {
      landcover: { file: 'lc.tif' },
      precipitation: { file: 'p.tif', unit: 'mm' },
      evapotranspiration: { file: 'et.tif', unit: 'mm' },
    },
    landcover: { crosswalk: { '11': 'forest.broadleaf' } },
    models: { water: {} },
    tables: [LOCAL_TABLE],
    workers: 0,
    account: {
      options: {
        rounding: 'exact',
        exclude: [...OTHERS, 'R2', 'R6', 'R7'],
        ...(negativeTerms ? { switches: { R1: { negativeTerms } } } : {}),
      },
    },
  };
  return { dir, config };
}

describe('negative water balance: the R1 negativeTerms rule applied per pixel', () => {
  const q = 2 ** -20; // one quantum (mm)
  const forest = (r: Awaited<ReturnType<typeof runRaster>>) =>
    r.zonal.byType.find((x) => x.type === 'forest.broadleaf')?.quantities.waterConservation;
  const r1 = (r: Awaited<ReturnType<typeof runRaster>>) =>
    r.account?.indicators.find((i) => i.code === 'R1')?.physical?.value;

  it('zero (every bundled profile): each negative pixel counts 0, warned with the count and a pixel', async () => {
    const { dir, config } = negativeForest();
    const r = await runRaster(config, { baseDir: dir });
    // 8 × 473.3 mm × 900 m² / 1000 = 3407.76 m³ (the centre pixel counts 0, not −526.7)
    expect(Math.abs(Number(forest(r)?.total) - 3407.76)).toBeLessThan(9 * q);
    expect(Math.abs(Number(forest(r)?.mean) - (8 * 473.3) / 9)).toBeLessThan(q);
    const w = r.warnings.find((i) => i.code === ('RASTER_WATER_NEGATIVE_ZEROED' as string));
    expect(w?.params).toMatchObject({ pixels: 1, row: 1, col: 1 });
    expect(Number(w?.params?.value)).toBeCloseTo(-526.7, 6);
    // The account reproduces the raster total: A × (P̄ − P̄α − ET') = Σ max(0, W) × a
    expect(Math.abs(Number(r1(r)) - Number(forest(r)?.total))).toBeLessThan(1e-9);
    expect(r.account?.warnings.some((i) => i.code === 'NEGATIVE_TERM')).toBe(false);
  });

  it('keep: pixels summed signed, no raster warning; the account equals the same signed sum', async () => {
    const { dir, config } = negativeForest('keep');
    const r = await runRaster(config, { baseDir: dir });
    // (8 × 473.3 − 526.7) mm × 900 m² / 1000 = 2933.73 m³
    expect(Math.abs(Number(forest(r)?.total) - 2933.73)).toBeLessThan(9 * q);
    expect(r.warnings.some((i) => i.code.startsWith('RASTER_WATER_NEGATIVE'))).toBe(false);
    expect(Math.abs(Number(r1(r)) - Number(forest(r)?.total))).toBeLessThan(9 * q * 0.9);
  });

  it('refuse: a structured error with the count and the first negative pixel', async () => {
    const { dir, config } = negativeForest('refuse');
    const err = await runRaster(config, { baseDir: dir }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GepError);
    const i = (err as GepError).issues[0];
    expect(i?.code).toBe('RASTER_WATER_NEGATIVE');
    expect(i?.params).toMatchObject({ pixels: 1, row: 1, col: 1, indicator: 'R1' });
  });

  it('without a negative pixel nothing changes: ET passed to the account is the plain mean', async () => {
    const { dir, config } = negativeForest();
    writeTestTiff(join(dir, 'et.tif'), 3, 3, new Array(9).fill(500));
    const r = await runRaster(config, { baseDir: dir });
    expect(r.warnings).toEqual([]);
    const climate = r.input.climate as { evapotranspiration: { value: string } }[];
    expect(climate[0]?.evapotranspiration.value).toBe('500');
  });
});

describe('model groups from the profile, passed explicitly to account()', () => {
  const gbtExclude = ['R1', 'R4', 'R2', 'R14', 'R15', 'R9', 'R5', 'R16'];
  const productivityOnly = (config: any, profile?: string) => {
    delete config.layers.precipitation;
    delete config.layers.evapotranspiration;
    delete config.layers.erosivity;
    delete config.layers.erodibility;
    delete config.layers.ls;
    config.models = { productivity: {} };
    config.account.options.exclude = [...OTHERS, 'R1', 'R2'];
    if (profile) {
      config.profile = profile;
      config.account.options.exclude = gbtExclude;
      // gbt's R6 (forestry) prices carbon by LY/T 1721; the NPP method replacing it needs the key stated.
      config.account.options.switches = { R6: { priceKey: 'price.carbon.lyt-1721' } };
    }
    return config;
  };

  it('gbt-38582-2020: R6/R7 groups are forest only, in the rasters and in the account', async () => {
    const { dir, config } = county();
    const r = await runRaster(productivityOnly(config, 'gbt-38582-2020'), { baseDir: dir });
    const shrub = r.zonal.byType.filter((x) => x.type === 'shrub');
    expect(shrub.every((x) => x.quantities.co2 === undefined && x.quantities.o2 === undefined)).toBe(true);
    expect(r.options.switches?.R6?.groups).toEqual(['forest']);
    expect(r.options.switches?.R7?.groups).toEqual(['forest']);
    // 11 forest pixels × 0.09 hm² × 10 t d.m. × 1.63 = 16.137 t CO₂; no shrub carbon added
    const co2 = r.zonal.byType
      .filter((x) => x.type === 'forest.broadleaf')
      .reduce((s, x) => s + Number(x.quantities.co2?.total), 0);
    expect(co2).toBeCloseTo(16.137, 5);
    const R6 = r.account?.indicators.find((i) => i.code === 'R6');
    expect(Number(R6?.physical?.value)).toBeCloseTo(16.137, 5);
    expect(R6?.byEcosystem.map((e) => e.key)).toEqual(['forest.broadleaf']);
  });

  it('the default profile: R6 groups forest, shrub, grassland; R7 (molar on R6) the same', async () => {
    const { dir, config } = county();
    const r = await runRaster(productivityOnly(config), { baseDir: dir });
    expect(r.options.switches?.R6?.groups).toEqual(['forest', 'shrub', 'grassland']);
    expect(r.options.switches?.R7?.groups).toEqual(['forest', 'shrub', 'grassland']);
    expect(r.options.switches?.R1).toBeUndefined();
    // forest 16.137 + shrub 10 pixels × 0.09 × 6 × 1.63 = 8.802 → 24.939 t CO₂
    const R6 = r.account?.indicators.find((i) => i.code === 'R6');
    expect(Number(R6?.physical?.value)).toBeCloseTo(24.939, 5);
  });

  it('the default profile: R1 and R2 groups as the profile lists them', async () => {
    const { dir } = county();
    const r = await runRaster(join(dir, 'config.json'), { account: false });
    expect(r.options.switches?.R1?.groups).toEqual(['forest', 'shrub', 'grassland', 'wetland']);
    expect(r.options.switches?.R2).toMatchObject({
      groups: ['forest', 'shrub', 'grassland', 'cropland'],
      source: 'totals',
    });
  });
});

describe('assumptions are recorded', () => {
  it('P = 1 without a practice layer or key: listed among the coefficients and warned', async () => {
    const { dir } = county();
    const r = await runRaster(join(dir, 'config.json'), { account: false });
    const assumed = r.coefficients.filter((c) => c.table === '(assumption)');
    expect(assumed.map((c) => `${c.key}|${c.type}|${c.value}`)).toEqual([
      'rusle.p|forest.broadleaf|1',
      'rusle.p|shrub|1',
    ]);
    expect(assumed[0]?.assumption).toContain('P = 1');
    // forest 11 + shrub 10 pixels (urban is outside R2's groups)
    const w = r.warnings.find((i) => i.code === ('RASTER_PRACTICE_ASSUMED' as string));
    expect(w?.params).toEqual({ pixels: 21 });
  });
  it('a practice key states P: no assumption, no warning', async () => {
    const { dir, config } = county();
    const P = userTable('test-rusle-p', [{ key: 'rusle.p', value: '1', unit: 'one' }]);
    const r = await runRaster(
      {
        ...config,
        models: { ...config.models, soil: { cover: 'rusle.c', practice: 'rusle.p' } },
        tables: [...config.tables, P],
      },
      { baseDir: dir, account: false },
    );
    expect(r.coefficients.some((c) => c.table === '(assumption)')).toBe(false);
    expect(r.warnings).toEqual([]);
  });
});

describe('the soil retention switch practice "c-only"', () => {
  it('takes P = 1 on every pixel, as the account rows under it do: a practice key is not read, and said so', async () => {
    const { dir, config } = county();
    const half = userTable('test-rusle-p-half', [{ key: 'rusle.p', value: '0.5', unit: 'one' }]);
    const withP = (switches: Record<string, unknown>) =>
      runRaster(
        {
          ...config,
          models: { ...config.models, soil: { cover: 'rusle.c', practice: 'rusle.p' } },
          tables: [...config.tables, half],
          account: { options: { switches } },
        },
        { baseDir: dir, account: false },
      );
    const retained = (r: Awaited<ReturnType<typeof runRaster>>) =>
      r.zonal.byType.reduce((s, x) => s + Number(x.quantities.soilRetention?.total ?? 0), 0);
    const cp = await withP({});
    const cOnly = await withP({ R2: { practice: 'c-only' } });
    // P = 1 (no key, the assumption): the c-only figure; P = 0.5 keeps more soil, R·K·LS·(1 − C·0.5)
    const one = await runRaster(join(dir, 'config.json'), { account: false });
    expect(retained(cOnly)).toBeCloseTo(retained(one), 9);
    expect(retained(cp)).toBeGreaterThan(retained(one));
    expect(cOnly.options.switches?.R2).toMatchObject({ practice: 'c-only', source: 'totals' });
    // the key is said to be ignored, with the account's words; nothing is assumed or recorded for P
    expect(cOnly.warnings.map((w) => [w.code, w.path, w.params])).toEqual([
      [
        'INPUT_IGNORED',
        ['models', 'soil', 'practice'],
        { field: 'models.soil.practice', reason: 'practice "c-only" takes P = 1' },
      ],
    ]);
    expect(cOnly.warnings[0]?.message.zh).toContain('措施 "c-only" 取 P = 1');
    expect(cOnly.coefficients.some((c) => c.key === 'rusle.p')).toBe(false);
    expect(cp.coefficients.some((c) => c.key === 'rusle.p' && c.value === '0.5')).toBe(true);
  });

  it('a practice layer is not read under it: RASTER_LAYER_UNUSED names the switch', async () => {
    const { dir, config } = county();
    writeTestTiff(join(dir, 'practice.tif'), 5, 5, new Array(25).fill(0.5));
    const layered = (switches: Record<string, unknown>) =>
      runRaster(
        {
          ...config,
          layers: { ...config.layers, practice: { file: 'practice.tif' } },
          account: { options: { switches } },
        },
        { baseDir: dir, account: false },
      );
    const retained = (r: Awaited<ReturnType<typeof runRaster>>) =>
      r.zonal.byType.reduce((s, x) => s + Number(x.quantities.soilRetention?.total ?? 0), 0);
    const one = await runRaster(join(dir, 'config.json'), { account: false });
    const cOnly = await layered({ R2: { practice: 'c-only' } });
    expect(retained(cOnly)).toBeCloseTo(retained(one), 9);
    expect(retained(await layered({}))).toBeGreaterThan(retained(one)); // the layer's P = 0.5, read under "cp"
    const unused = cOnly.warnings.find((w) => w.code === 'RASTER_LAYER_UNUSED');
    expect(unused?.params).toEqual({
      layer: 'practice',
      reason: 'the R2 switch practice "c-only" takes P = 1',
    });
    expect(unused?.message.zh).toBe(
      '图层 practice 已配置但没有模型使用它（R2 的开关 practice 为 "c-only"，取 P = 1），其数值未参与计算',
    );
    expect(cOnly.warnings.map((w) => w.code)).not.toContain('RASTER_PRACTICE_ASSUMED');
  });
});

describe('the coefficient records a run reads per pixel', () => {
  it('are told to the account, which does not call them unread (the example’s C factors and P)', async () => {
    const r = await runRaster(join(__dirname, '../../examples/raster/config.json'), { workers: 0 });
    expect(r.options.readElsewhere).toEqual(
      expect.arrayContaining([
        { table: 'example-raster-local@1.0.0', key: 'rusle.c', ecosystem: 'forest', region: null },
        { table: 'example-raster-local@1.0.0', key: 'rusle.p', ecosystem: null, region: null },
      ]),
    );
    expect(r.account?.warnings.map((w) => w.code)).not.toContain('COEFFICIENT_RECORDS_UNREAD');
  });
});

describe('the layers a thread keeps open', () => {
  it('a run that ends closes its files only once the tasks still reading them have ended', async () => {
    // Two runs in one thread (two runRaster calls at once, a queue worker taking jobs of two runs) share the
    // thread's open files: a run that ends must not close them under the other run's task reading a window.
    const { dir } = county();
    const landcover = { name: 'landcover' as const, file: join(dir, 'lc.tif'), nodata: null };
    const tile = { index: 0, x0: 0, y0: 0, width: 5, height: 5 };
    const alone = await runTask({ kind: 'scan', tile, landcover });
    await closeLayers();
    const reading = runTask({ kind: 'scan', tile, landcover });
    await closeLayers(); // the other run ends while this task reads
    expect(await reading).toEqual(alone);
    // a task after the close opens the file again
    expect(await runTask({ kind: 'scan', tile, landcover })).toEqual(alone);
    await closeLayers();
  });

  it('a layer that could not be opened is tried again by the next task, not kept failed until the set closes', async () => {
    // A queue worker keeps a run's layers from job to job and a resumed run keeps its id: a file missing for a
    // moment must not fail the run's later jobs on this worker once it is back.
    const { dir } = county();
    const landcover = { name: 'landcover' as const, file: join(dir, 'lc.tif'), nodata: null };
    const tile = { index: 0, x0: 0, y0: 0, width: 5, height: 5 };
    const alone = await runTask({ kind: 'scan', tile, landcover });
    await closeLayers();
    renameSync(join(dir, 'lc.tif'), join(dir, 'lc.moved'));
    const missing = await runTask({ kind: 'scan', tile, landcover }).catch((e: unknown) => e);
    expect((missing as GepError).issues[0]?.code).toBe('RASTER_FILE_UNREADABLE');
    renameSync(join(dir, 'lc.moved'), join(dir, 'lc.tif'));
    expect(await runTask({ kind: 'scan', tile, landcover })).toEqual(alone);
    await closeLayers();
  });
});

/** Two forest pixels (forest.broadleaf) and one shrub pixel in a row, one zone, 30 m pixels (900 m²). */
function forestRow(models: Record<string, unknown>) {
  const dir = tmp();
  const w = (name: string, values: number[]) => writeTestTiff(join(dir, `${name}.tif`), 3, 1, values);
  w('lc', [11, 11, 21]);
  w('p', [1000, 1000, 1000]);
  w('et', [300, 300, 300]);
  w('npp', [10, 10, 10]);
  const config: Record<string, any> = {
    region: { name: '测试县', code: '361099', level: 'county' },
    year: 2020,
    layers: {
      landcover: { file: 'lc.tif' },
      precipitation: { file: 'p.tif', unit: 'mm' },
      evapotranspiration: { file: 'et.tif', unit: 'mm' },
      npp: { file: 'npp.tif', unit: 't_DM_per_hm2_a' },
    },
    landcover: { crosswalk: { '11': 'forest.broadleaf', '21': 'shrub' } },
    models,
    tables: [LOCAL_TABLE],
    workers: 0,
    account: { options: { rounding: 'exact', exclude: [...OTHERS, 'R2', 'R6', 'R7'] } },
  };
  return { dir, config };
}

describe('the per-pixel models read the profile and tables the account gets', () => {
  const q = 2 ** -20;
  it('a runoff coefficient given in account.options.tables is the one the pixels use', async () => {
    const { dir, config } = forestRow({ water: {} });
    config.account.options.tables = [
      userTable('test-alpha', [
        { key: 'runoff.coefficient', value: '0.5', unit: 'one', applies: { ecosystem: 'forest.broadleaf' } },
      ]),
    ];
    const r = await runRaster(config, { baseDir: dir });
    expect(r.coefficients.map((c) => `${c.key}|${c.type}|${c.value}|${c.table}`)).toContain(
      'runoff.coefficient|forest.broadleaf|0.5|test-alpha@1.0.0',
    );
    // W = 1000 − 1000 × 0.5 − 300 = 200 mm; 2 pixels × 900 m² × 0.2 m = 360 m³ (the bundled α 0.0267 gave
    // 1000 − 26.7 − 300 = 673.3 mm, 1211.94 m³, in the zonal table beside an account of 360 m³)
    const forest = r.zonal.byType.find((x) => x.type === 'forest.broadleaf')?.quantities.waterConservation;
    expect(Math.abs(Number(forest?.total) - 360)).toBeLessThan(2 * 900 * q);
    // the account's R1 is the raster's: forest 360 + shrub 1000 − 42.6 − 300 = 657.4 mm × 900 m² = 591.66 m³
    const shrub = r.zonal.byType.find((x) => x.type === 'shrub')?.quantities.waterConservation;
    const r1 = r.account?.indicators.find((i) => i.code === 'R1')?.physical?.value;
    // (to the quantisation: 3 pixels × 900 m² × 2⁻²⁰ mm = 2.6 × 10⁻⁶ m³)
    expect(Math.abs(Number(r1) - Number(forest?.total) - Number(shrub?.total))).toBeLessThan(
      (3 * 900 * q) / 1000,
    );
    expect(Math.abs(Number(r1) - 951.66)).toBeLessThan(3 * 900 * q);
  });
  it('a profile given in account.options is the one whose groups the pixels follow', async () => {
    // gbt-38582-2020 counts R6 and R7 on forest only: the shrub pixel gets no CO₂ (the default profile's
    // forest, shrub and grassland gave it 10 × 1.63 = 16.3 t CO₂/(hm²·a))
    const { dir, config } = forestRow({ productivity: {} });
    config.account.options = { profile: 'gbt-38582-2020' };
    const r = await runRaster(config, { baseDir: dir, account: false });
    expect(r.zonal.byType.find((x) => x.type === 'shrub')?.quantities.co2).toBeUndefined();
    // 2 forest pixels × 10 × 1.63 = 32.6 t CO₂/(hm²·a) summed × 0.09 hm² = 2.934 t CO₂
    const co2 = r.zonal.byType.find((x) => x.type === 'forest.broadleaf')?.quantities.co2;
    expect(Math.abs(Number(co2?.total) - 2.934)).toBeLessThan(1e-6);
    expect(r.options.switches?.R6?.groups).toEqual(['forest']);
    expect(r.options.profile).toBe('gbt-38582-2020');
  });
  it('a profile given twice, differently, is refused at account.options.profile', async () => {
    const { dir, config } = forestRow({ productivity: {} });
    config.profile = 'jx-db36-1402-2021';
    config.account.options = { profile: 'gbt-38582-2020' };
    const err = await runRaster(config, { baseDir: dir, account: false }).catch((e: unknown) => e);
    const [issue] = (err as GepError).issues;
    expect([issue?.code, issue?.path]).toEqual(['RASTER_CONFIG_INVALID', ['account', 'options', 'profile']]);
    expect(issue?.message.zh).toBe(
      '栅格核算配置错误：account.options.profile 与 profile（jx-db36-1402-2021）不一致：请只在 "profile" 中给出一次核算方案',
    );
  });
});

describe('"nodata": "exclude" leaves a pixel out of the models whose layers are NoData there, and of those only', () => {
  const q = 2 ** -20;
  it('precipitation NoData on a forest pixel: water leaves it out; areas, RUSLE and NPP keep it', async () => {
    // pixel 0 (row 0, column 0) is forest.broadleaf in z1; z1 forest = cells 0, 1, 5, 6, 10, 21 = 6 pixels, 5400 m²
    const { dir, config } = county();
    const p = new Array(25).fill(1800);
    p[0] = Number.NaN;
    writeTestTiff(join(dir, 'p.tif'), 5, 5, p);
    const all = await runRaster({ ...config, nodata: 'exclude' }, { baseDir: dir });
    const alone = await runRaster(
      { ...config, models: { productivity: {} }, account: { options: { exclude: [...OTHERS, 'R1', 'R2'] } } },
      { baseDir: dir },
    );
    const row = (r: typeof all, type: string) =>
      r.zonal.byType.find((x) => x.zone === 'z1' && x.type === type);
    const forest = row(all, 'forest.broadleaf');
    expect([forest?.pixels, forest?.area, forest?.excluded]).toEqual([6, '5400', { water: 1 }]);
    // R6 and R7 do not depend on whether the water model runs: the same CO₂ and the same account values
    expect(forest?.quantities.co2).toEqual(row(alone, 'forest.broadleaf')?.quantities.co2);
    const value = (r: typeof all, code: string) =>
      r.account?.indicators.find((i) => i.code === code)?.physical;
    expect(value(all, 'R6')).toEqual(value(alone, 'R6'));
    expect(value(all, 'R7')).toEqual(value(alone, 'R7'));
    // water over the 5 pixels it counted: 5 × (1800 − 48.06 − 800) = 5 × 951.94 mm × 900 m² = 4283.73 m³, mean
    // 951.94 mm per counted pixel (not per pixel of the row)
    const w = forest?.quantities.waterConservation;
    expect(Math.abs(Number(w?.total) - 4283.73)).toBeLessThan((5 * 900 * q) / 1000);
    expect(Math.abs(Number(w?.mean) - 951.94)).toBeLessThan(q);
    // the account's climate row for the 6-pixel area gives P̄ = 5 × 1800 / 6 = 1500 mm, so that
    // A × (P̄ − P̄α − ĒT) is the 5 pixels' sum, never it extrapolated to the sixth
    const climate = (
      all.input.climate as { zone?: string; ecosystem: string; precipitation: { value: string } }[]
    ).find((c) => c.zone === 'z1' && c.ecosystem === 'forest.broadleaf');
    expect(climate?.precipitation.value).toBe('1500');
    const waterTotal = all.zonal.byType.reduce(
      (s, x) => s + Number(x.quantities.waterConservation?.total ?? 0),
      0,
    );
    expect(Math.abs(Number(value(all, 'R1')?.value) - waterTotal)).toBeLessThan((24 * 900 * q) / 1000);
    expect(all.warnings.filter((x) => x.code === 'RASTER_PIXELS_EXCLUDED').map((x) => x.params)).toEqual([
      { model: 'water', pixels: 1, area: '900', layers: 'precipitation' },
    ]);
  });
});
