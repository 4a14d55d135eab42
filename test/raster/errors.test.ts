import { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CatalogueEntry } from '../../src/core/catalogue';
import { GepError, type Issue } from '../../src/core/errors';
import { RASTER_ERRORS, type RasterErrorCode } from '../../src/raster/errors';
import { rasterCommand } from '../../src/cli/raster';
import { runRaster } from '../../src/raster/run-node';
import { computeTile, computeTileReference } from '../../src/raster/tile';
import { planTiff } from '../../src/raster/writer-node';
import { LC, NPP, county } from './fixture';
import { asciiTag, geoTags, rawTiff, stripTags, writeTestTiff } from './helpers';

/** Every RASTER_ code is produced by a bad input; the last test checks none is left untriggered. */
const triggered = new Set<string>();

async function issuesOf(f: () => Promise<unknown> | unknown): Promise<readonly Issue[]> {
  try {
    await f();
  } catch (e) {
    if (e instanceof GepError) return e.issues;
    throw e;
  }
  throw new Error('expected a GepError');
}
function expectCode(issues: readonly Issue[], code: RasterErrorCode, params: Record<string, unknown> = {}) {
  const found = issues.find((i) => i.code === (code as string));
  expect(found, `${code} among ${issues.map((i) => i.code).join(', ')}`).toBeDefined();
  expect(found?.params).toMatchObject(params);
  expect(found?.message.zh.length).toBeGreaterThan(0);
  expect(found?.message.en.length).toBeGreaterThan(0);
  expect(found?.hint.length).toBeGreaterThan(0);
  triggered.add(code);
  return found as Issue;
}
const run = (mutate: (c: any, dir: string) => void, options = {}) => {
  const { dir, config } = county();
  mutate(config, dir);
  return issuesOf(() => runRaster(config, { baseDir: dir, ...options }));
};

describe('raster errors', () => {
  it('RASTER_CONFIG_INVALID: no land cover, a tile size not a multiple of 16, an unknown type', async () => {
    expectCode(await run((c) => delete c.layers.landcover), 'RASTER_CONFIG_INVALID');
    expectCode(await run((c) => (c.tileSize = 20)), 'RASTER_CONFIG_INVALID');
    expectCode(await run((c) => (c.landcover.crosswalk['51'] = 'city')), 'RASTER_CONFIG_INVALID');
    // a value of the wrong type is named as such, a field left out as missing
    const wrong = await run((c) => (c.layers.landcover.nodata = null));
    expect(wrong[0]?.message.en).toContain(
      'layers.landcover.nodata: Invalid input: expected number, received null',
    );
    const left = await run((c) => delete c.layers.landcover.file);
    expect(left[0]?.message.en).toContain('layers.landcover.file: Invalid input: missing (expected string)');
  });
  it("RASTER_CONFIG_INVALID: a tile size or worker count given beside the file is held to the file's bounds", async () => {
    // --tile-size 0 gave "Infinity tiles of 0 pixels", --workers 1000 started a thousand threads on 1,200 pixels.
    for (const [options, field, detail] of [
      [{ tileSize: 0 }, 'tileSize', 'expected number to be >=16'],
      [{ tileSize: 100_000 }, 'tileSize', 'expected number to be <=8192'],
      [{ tileSize: 40 }, 'tileSize', 'multiple of 16'],
      [{ workers: 1000 }, 'workers', 'expected number to be <=256'],
    ] as const) {
      const issues = await run(() => undefined, options);
      expectCode(issues, 'RASTER_CONFIG_INVALID');
      expect(issues[0]?.path).toEqual([field]);
      expect(issues[0]?.message.en).toContain(detail);
    }
  });
  it('RASTER_CONFIG_INVALID and RASTER_FILE_UNREADABLE give their details in Chinese in the Chinese message', async () => {
    const [small] = await run(() => undefined, { tileSize: 0 });
    expect(small?.message.zh).toBe('栅格核算配置错误：tileSize：过小：数值应不小于 16');
    const [big] = await run(() => undefined, { workers: 1000 });
    expect(big?.message.zh).toBe('栅格核算配置错误：workers：过大：数值应不大于 256');
    const [missing] = await run((c) => (c.layers.npp.file = 'nope.tif'));
    expect(missing?.code).toBe('RASTER_FILE_UNREADABLE');
    expect(missing?.message.zh).toBe(`无法读取栅格图层 npp（${String(missing?.params?.file)}）：文件不存在`);
  });
  it('RASTER_CONFIG_INVALID gives the details the raster module writes itself in Chinese', async () => {
    const zhOf = async (mutate: (c: any) => void, options = {}) => {
      const [first] = await run(mutate, options);
      expect(first?.code).toBe('RASTER_CONFIG_INVALID');
      return { path: first?.path, zh: first?.message.zh };
    };
    const Z = '栅格核算配置错误：';
    // the schema's own refinements, and zod's multiple of
    expect(await zhOf((c) => delete c.layers.landcover)).toEqual({
      path: ['layers'],
      zh: `${Z}layers：缺少 layers.landcover`,
    });
    expect(await zhOf(() => undefined, { tileSize: 40 })).toEqual({
      path: ['tileSize'],
      zh: `${Z}tileSize：无效数值：应为 16 的倍数`,
    });
    // zones[0] is value 10, id z1 (test/raster/fixture.ts)
    expect(await zhOf((c) => c.zones.push({ ...c.zones[0], id: 'again', name: 'again' }))).toEqual({
      path: ['zones', 2, 'value'],
      zh: `${Z}zones.2.value：分区的 value 10 出现了两次（zones[0] 与 zones[2]）`,
    });
    expect((await zhOf((c) => c.zones.push({ ...c.zones[0], value: 77 }))).zh).toBe(
      `${Z}zones.2.id：分区的 id z1 出现了两次（zones[0] 与 zones[2]）`,
    );
    // the checks of params.ts
    expect(await zhOf((c) => (c.landcover.crosswalk['51'] = 'city'))).toEqual({
      path: ['landcover', 'crosswalk', '51'],
      zh: `${Z}生态系统类型“city”不在分类 jx-ecosystem-types@1.0.0 中（forest.broadleaf, forest.coniferous, forest.mixed, forest.bamboo, shrub, grassland, wetland.lake, wetland.reservoir, wetland.river, wetland.marsh, cropland.paddy, cropland.dry, cropland.orchard, urban, other）`,
    });
    expect(await zhOf((c) => delete c.layers.zones)).toEqual({
      path: ['zones'],
      zh: `${Z}声明了 "zones"，但没有分区图层（layers.zones）`,
    });
    expect(await zhOf((c) => (c.models = {}))).toEqual({
      path: ['models'],
      zh: `${Z}未选择任何模型（water、soil、productivity）`,
    });
    expect(
      await zhOf((c) => {
        c.models.water = { groups: ['forest'] };
        c.account.options.switches = { R1: { groups: ['shrub'] } };
      }),
    ).toEqual({
      path: ['models', 'water', 'groups'],
      zh: `${Z}models.water.groups（forest）与 account.options.switches.R1.groups（shrub）不一致`,
    });
    expect(await zhOf((c) => (c.account.options.methods = { R1: 'nope@1' }))).toEqual({
      path: ['account', 'options', 'methods', 'R1'],
      zh: `${Z}R1 的方法 nope@1 不存在`,
    });
    expect(
      await zhOf((c) => (c.account.options.switches = { R1: { negativeTerms: 'maybe', groups: 3 } })),
    ).toEqual({
      path: ['account', 'options', 'switches', 'R1'],
      zh: `${Z}R1 (water-conservation/water-balance@1): groups 应为数组，实际为数值；negativeTerms 无效选项：应为 "refuse"|"zero"|"keep" 之一`,
    });
  });
  it('RASTER_CONFIG_INVALID: the command line’s options, in Chinese', async () => {
    const { dir, config } = county();
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify(config));
    for (const [args, at, zh] of [
      [['--workers', 'two', file], 'workers', '--workers 必须是非负整数，实际为 two'],
      [['--tile-size=-16', file], 'tile-size', '--tile-size 必须是非负整数，实际为 -16'],
      // Number() read "0x10" as 16 and "" as 0 (every core): decimal digits only
      [['--tile-size', '0x10', file], 'tile-size', '--tile-size 必须是非负整数，实际为 0x10'],
      [['--workers', '', file], 'workers', '--workers 必须是非负整数，实际为 '],
      [['--workers', '1e1', file], 'workers', '--workers 必须是非负整数，实际为 1e1'],
      [['--run-id', 'r1', file], 'run-id', '--run-id 需要与 --queue 一起使用'],
      // The usage gives them as alternatives: --workers was ignored by a run on the queue (refused before it is
      // reached: nothing listens on port 1)
      [
        ['--queue', 'redis://127.0.0.1:1', '--workers', '2', file],
        'workers',
        '--workers 设置本地运行的线程数：使用 --queue 时由 gepkit worker 进程计算图块；两者只能给出其一',
      ],
    ] as const) {
      const err: string[] = [];
      const code = await rasterCommand([...args], { out: () => undefined, err: (t) => err.push(t) });
      expect(code).toBe(1);
      expect(err.join('')).toContain(`error RASTER_CONFIG_INVALID\n  at ${at}\n  栅格核算配置错误：${zh}\n`);
    }
  });
  it('RASTER_CONFIG_INVALID: two zones of one pixel value, or of one id', async () => {
    // A second zone of value 1 took every value-1 pixel and left the first with an area of 0.
    const twice = await run((c) => c.zones.push({ ...c.zones[0], id: 'again', name: 'again' }));
    expectCode(twice, 'RASTER_CONFIG_INVALID');
    expect(twice[0]?.path).toEqual(['zones', 2, 'value']);
    expect(twice[0]?.message.en).toContain('is given twice (zones[0] and zones[2])');
    const id = await run((c) => c.zones.push({ ...c.zones[0], value: 77 }));
    expect(id[0]?.path).toEqual(['zones', 2, 'id']);
  });
  it('RASTER_CONFIG_INVALID: two crosswalk keys of one code ("11" and "011"), or a code of 2^20 or more, at the key', async () => {
    // "11" and "011" both name code 11: one of them was silently dropped
    const twice = await run((c) => (c.landcover.crosswalk['011'] = 'shrub'));
    const dup = expectCode(twice, 'RASTER_CONFIG_INVALID');
    expect(dup.path).toEqual(['landcover', 'crosswalk', '011']);
    expect(dup.message.en).toContain('crosswalk keys "11" and "011" are both land-cover code 11');
    expect(dup.message.zh).toBe(
      '栅格核算配置错误：landcover.crosswalk.011：对照表的键 "11" 与 "011" 是同一个土地覆被代码 11',
    );
    // 2^32 crashed with a RangeError (an array of 2^32 + 1 entries); 200000000 took 1.6 GB. Raster codes are
    // below 2^20 = 1048576.
    for (const key of ['4294967296', '1048576', '200000000']) {
      const big = await run((c) => (c.landcover.crosswalk[key] = 'urban'));
      const issue = expectCode(big, 'RASTER_CONFIG_INVALID');
      expect(issue.path).toEqual(['landcover', 'crosswalk', key]);
      expect(issue.message.zh).toBe(
        `栅格核算配置错误：landcover.crosswalk.${key}：土地覆被代码 ${key} 不小于 2^20（1048576），超出栅格代码的上限`,
      );
    }
  });
  it('crosswalk keys with leading zeros are the codes they write ("0011" is code 11, as GB/T 21010 writes "0101")', async () => {
    const { dir, config } = county() as { dir: string; config: any };
    const plain = await runRaster(config, { baseDir: dir, account: false });
    config.landcover.crosswalk = { '0011': 'forest.broadleaf', '021': 'shrub', '51': 'urban' };
    const zeros = await runRaster(config, { baseDir: dir, account: false });
    expect(zeros.zonal).toEqual(plain.zonal);
    // and an issue about such a class names the key as written
    config.landcover.crosswalk['021'] = 'forest.bamboo';
    const missing = await issuesOf(() => runRaster(config, { baseDir: dir, account: false }));
    expect(missing.find((i) => i.code === 'RASTER_COEFFICIENT_MISSING')?.path).toEqual([
      'landcover',
      'crosswalk',
      '021',
    ]);
    config.landcover.crosswalk['021'] = 'city';
    const unknown = await issuesOf(() => runRaster(config, { baseDir: dir, account: false }));
    expect(unknown[0]?.path).toEqual(['landcover', 'crosswalk', '021']);
    expect(unknown[0]?.message.en).toContain('ecosystem type "city" is not in the classification');
  });
  it('RASTER_FILE_UNREADABLE: a missing file', async () => {
    expectCode(await run((c) => (c.layers.npp.file = 'nope.tif')), 'RASTER_FILE_UNREADABLE', {
      layer: 'npp',
    });
  });
  it('RASTER_NOT_GEOTIFF: a text file, and a TIFF without georeferencing', async () => {
    expectCode(
      await run((c, d) => {
        writeFileSync(join(d, 'npp.txt'), 'not a tiff');
        c.layers.npp.file = 'npp.txt';
      }),
      'RASTER_NOT_GEOTIFF',
      { layer: 'npp' },
    );
    const noGeo = expectCode(
      await run((_c, d) => {
        const f = join(d, 'npp.tif');
        writeTestTiff(f, 5, 5, new Array(25).fill(1));
        // drop the georeferencing: rename the GeoTIFF tags (33550, 33922, 34735) to private ones
        const b = readFileSync(f);
        for (let i = 10; i < 400; i += 12)
          if ([33550, 33922, 34735].includes(b.readUInt16LE(i))) b.writeUInt16LE(65000 + (i % 500), i);
        writeFileSync(f, b);
      }),
      'RASTER_NOT_GEOTIFF',
    );
    expect(noGeo.message.zh).toBe(
      `图层 npp（${String(noGeo.params?.file)}）不是 GeoTIFF 文件：该 TIFF 没有地理参考信息`,
    );
  });
  it('RASTER_NOT_GEOTIFF: a header that is short, not II/MM, not version 42 or 43, or a BigTIFF with 4-byte offsets', async () => {
    const LE = (...words: number[]) => {
      const b = Buffer.alloc(words.length * 2);
      words.forEach((w, i) => b.writeUInt16LE(w, 2 * i));
      return b;
    };
    for (const [bytes, detail] of [
      [Buffer.from('II*'), 'the file is 3 bytes long, shorter than a TIFF header (8 bytes)'],
      [
        Buffer.from('PK\u0003\u0004 a zip file'),
        'the file does not begin with a TIFF byte order mark (II or MM)',
      ],
      [LE(0x4949, 41, 8, 0, 0, 0), 'the TIFF version is 41, not 42 (TIFF) or 43 (BigTIFF)'],
      [LE(0x4949, 43, 8, 0, 16, 0), 'the file is 12 bytes long, shorter than a BigTIFF header (16 bytes)'],
      [LE(0x4949, 43, 4, 0, 16, 0, 0, 0), 'BigTIFF offsets of 4 bytes; only 8 are defined'],
    ] as const) {
      const issue = expectCode(
        await run((c, d) => {
          writeFileSync(join(d, 'bad.tif'), bytes);
          c.layers.npp.file = 'bad.tif';
        }),
        'RASTER_NOT_GEOTIFF',
        { layer: 'npp', detail },
      );
      expect(issue.path).toEqual(['layers', 'npp', 'file']);
    }
    // a big-endian (MM) header whose first directory lies past the file's end: truncated, named as such
    const mm = Buffer.alloc(16);
    mm.write('MM', 0, 'latin1');
    mm.writeUInt16BE(42, 2);
    mm.writeUInt32BE(15, 4); // the directory's 2-byte count would need bytes 15–16 of a 16-byte file
    const cut = expectCode(
      await run((c, d) => {
        writeFileSync(join(d, 'bad.tif'), mm);
        c.layers.npp.file = 'bad.tif';
      }),
      'RASTER_FILE_TRUNCATED',
      { layer: 'npp', detail: 'the first directory lies at byte 15, the file has 16' },
    );
    expect(cut.message.zh).toContain('第一个目录位于第 15 字节，而文件只有 16 字节');
    // a directory of 3 entries at byte 8 needs 2 + 3 × 12 + 4 = 42 bytes: to byte 50 of a 20-byte file
    const fewBytes = Buffer.alloc(20);
    fewBytes.write('II', 0, 'latin1');
    fewBytes.writeUInt16LE(42, 2);
    fewBytes.writeUInt32LE(8, 4);
    fewBytes.writeUInt16LE(3, 8);
    const entries = expectCode(
      await run((c, d) => {
        writeFileSync(join(d, 'bad.tif'), fewBytes);
        c.layers.npp.file = 'bad.tif';
      }),
      'RASTER_FILE_TRUNCATED',
      { detail: "the first directory's 3 entries run to byte 50, the file has 20" },
    );
    expect(entries.message.zh).toContain('第一个目录的 3 个条目延伸到第 50 字节，而文件只有 20 字节');
    // the test GeoTIFF with its samples-per-pixel entry (tag 277, SHORT, count 1) given a count of 2³² − 1: its
    // values would lie elsewhere, at the offset the entry's value field now reads (1 → byte 1), and need
    // 2 × (2³² − 1) = 8,589,934,590 bytes, to byte 8,589,934,591. checkHeader refuses them before geotiff would allocate them.
    const huge = expectCode(
      await run((_c, d) => {
        const f = join(d, 'npp.tif');
        const b = readFileSync(f);
        for (let i = 10; i < 400; i += 12) if (b.readUInt16LE(i) === 277) b.writeUInt32LE(2 ** 32 - 1, i + 4);
        writeFileSync(f, b);
      }),
      'RASTER_FILE_TRUNCATED',
    );
    const size = statSync(String(huge.params?.file)).size;
    expect(huge.params?.detail).toBe(`tag 277 declares bytes 1–8589934591, the file has ${size}`);
    expect(huge.message.zh).toContain(`标签 277 声明的字节范围为 1–8589934591，而文件只有 ${size} 字节`);
  });
  it('a refused layer leaves no file open, nor do the layers opened before it', async () => {
    // /proc/self/fd lists this process's open descriptors (Linux). Each refusal below would keep files open if
    // geotiff were given a header it refuses (it keeps the file it opened), or if a refused layer, or the layers
    // opened before it, were left unclosed.
    const { readdirSync } = await import('node:fs');
    if (!statSync('/proc/self/fd', { throwIfNoEntry: false }))
      return expect(process.platform).not.toBe('linux');
    const open = () => readdirSync('/proc/self/fd').length;
    const damaged: ((c: any, d: string) => void)[] = [
      (c, d) => {
        writeFileSync(join(d, 'bad.tif'), 'not a tiff');
        c.layers.npp.file = 'bad.tif';
      },
      (c, d) => {
        writeFileSync(join(d, 'bad.tif'), Buffer.from([0x49, 0x49, 42, 0, 0xff, 0xff, 0xff, 0x0f]));
        c.layers.npp.file = 'bad.tif';
      },
      (_c, d) => truncateSync(join(d, 'npp.tif'), Math.floor(statSync(join(d, 'npp.tif')).size / 2)),
      (_c, d) => rawTiff(join(d, 'npp.tif'), stripTags(60000, 60000, 4), new Uint8Array(4)),
      (_c, d) => {
        const f = join(d, 'npp.tif');
        const b = readFileSync(f);
        for (let i = 10; i < 400; i += 12) if (b.readUInt16LE(i) === 277) b.writeUInt16LE(2, i + 8);
        writeFileSync(f, b);
      },
    ];
    // warm up: the first run loads modules and may open files it keeps (worker code, caches)
    await run(damaged[0] as (c: any, d: string) => void, { workers: 0 });
    const before = open();
    for (let round = 0; round < 3; round++)
      for (const damage of damaged) {
        const issues = await run(damage, { workers: 0 });
        expect(issues.length).toBeGreaterThan(0);
      }
    expect(open()).toBe(before);
  });
  it('RASTER_NOT_SINGLE_BAND: two samples per pixel', async () => {
    expectCode(
      await run((_c, d) => {
        const f = join(d, 'npp.tif');
        const b = readFileSync(f);
        for (let i = 10; i < 400; i += 12) if (b.readUInt16LE(i) === 277) b.writeUInt16LE(2, i + 8);
        writeFileSync(f, b);
      }),
      'RASTER_NOT_SINGLE_BAND',
      { layer: 'npp', bands: 2 },
    );
  });
  it('RASTER_GRID_MISMATCH: size, transform and CRS, naming the layer', async () => {
    expectCode(
      await run((_c, d) => writeTestTiff(join(d, 'p.tif'), 4, 5, new Array(20).fill(1800))),
      'RASTER_GRID_MISMATCH',
      {
        layer: 'precipitation',
        what: 'size',
        actual: '4×5',
        expected: '5×5',
      },
    );
    expectCode(
      await run((_c, d) =>
        writeTestTiff(join(d, 'et.tif'), 5, 5, new Array(25).fill(800), { origin: [500030, 3000000] }),
      ),
      'RASTER_GRID_MISMATCH',
      { layer: 'evapotranspiration', what: 'transform' },
    );
    expectCode(
      await run((_c, d) => writeTestTiff(join(d, 'r.tif'), 5, 5, new Array(25).fill(9000), { epsg: 32650 })),
      'RASTER_GRID_MISMATCH',
      { layer: 'erosivity', what: 'CRS', actual: 'EPSG:32650', expected: 'EPSG:4547' },
    );
  });
  it('RASTER_CRS_NOT_PROJECTED: geographic coordinates', async () => {
    const { dir, config } = county(undefined, {
      geographic: true,
      pixel: [0.0003, 0.0003],
      origin: [114, 28],
    });
    expectCode(await issuesOf(() => runRaster(config, { baseDir: dir })), 'RASTER_CRS_NOT_PROJECTED', {
      layer: 'landcover',
    });
  });
  it('RASTER_CRS_NOT_PROJECTED: an EPSG code whose unit gepkit cannot tell, without the linear-unit key', async () => {
    // EPSG:2249 (NAD83 / Massachusetts, US survey feet) given by its code alone: a 30-unit pixel is 30 ft = 9.144 m,
    // (30 × 0.3048006)² = 83.6 m², not 900 m². Read as metres every area was 10.8 times too large: refused.
    const feet = county(undefined, { epsg: 2249 });
    expectCode(
      await issuesOf(() => runRaster(feet.config, { baseDir: feet.dir })),
      'RASTER_CRS_NOT_PROJECTED',
      {
        layer: 'landcover',
        crs: 'EPSG:2249',
      },
    );
    // the same code with ProjLinearUnitsGeoKey 9001 (metre) says its unit: accepted
    const metre = county(undefined, {
      geoKeys: [1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, 2249, 3076, 0, 1, 9001],
    });
    const r = await runRaster(metre.config, { baseDir: metre.dir, account: false });
    expect(r.grid.crs).toBe('EPSG:2249');
    // a projected model that names only a geographic CRS (0.25° pixels): not read as metres
    const geo = county(undefined, { geoKeys: [1024, 0, 1, 1, 1025, 0, 1, 1, 2048, 0, 1, 4490] });
    expectCode(
      await issuesOf(() => runRaster(geo.config, { baseDir: geo.dir })),
      'RASTER_CRS_NOT_PROJECTED',
      {
        layer: 'landcover',
      },
    );
    // CGCS2000 / 3-degree Gauss–Kruger zones (4491–4554) and UTM (326xx, 327xx) by their code alone: metres
    for (const epsg of [4491, 4554, 32650, 32750]) {
      const ok = county(undefined, { epsg });
      expect((await runRaster(ok.config, { baseDir: ok.dir, account: false })).grid.crs).toBe(`EPSG:${epsg}`);
    }
  });
  it('RASTER_CRS_AREA_DISTORTED: Web Mercator metres are not ground metres', async () => {
    // EPSG:3857 at northing 3 252 000 m is latitude φ = 2 atan(e^(y/R)) − π/2 = 28.024° (R = 6 378 137 m): a
    // 30 m pixel there is 30 cos φ = 26.48 m on the ground, 900 × cos² φ = 900 / 1.2833 = 701.3 m² rather than the
    // 900 m² of the grid, so every area-driven figure would be 28 % too large. Refused, not accepted as
    // "projected in metres".
    const { dir, config } = county(undefined, { epsg: 3857, origin: [12800000, 3252000] });
    expectCode(await issuesOf(() => runRaster(config, { baseDir: dir })), 'RASTER_CRS_AREA_DISTORTED', {
      layer: 'landcover',
      crs: 'EPSG:3857',
      projection: 'mercator',
    });
    // World Mercator, and a user-defined CRS by its coordinate transformation (ProjCoordTransGeoKey 3075:
    // 7 CT_Mercator, 17 CT_Equirectangular), are refused alike
    const userDefined = (ct: number) => {
      const key = (id: number, value: number) => [id, 0, 1, value];
      const geoKeys = [
        [1024, 1],
        [1025, 1],
        [3072, 32767],
        [3074, 32767],
        [3075, ct],
        [3076, 9001],
      ];
      return county(undefined, { geoKeys: geoKeys.flatMap(([id, v]) => key(id as number, v as number)) });
    };
    for (const [c, projection] of [
      [county(undefined, { epsg: 3395 }), 'mercator'],
      [userDefined(7), 'mercator'],
      [userDefined(17), 'equirectangular'],
    ] as const) {
      const issues = await issuesOf(() => runRaster(c.config, { baseDir: c.dir }));
      expectCode(issues, 'RASTER_CRS_AREA_DISTORTED', { projection });
    }
    // a user-defined transverse Mercator (CT 1, Gauss–Kruger's family) is accepted
    const tm = userDefined(1);
    await expect(runRaster(tm.config, { baseDir: tm.dir })).resolves.toBeDefined();
  });
  it('RASTER_PIXEL_NOT_SQUARE: LS from a DEM on 30 × 20 m pixels', async () => {
    const { dir, config } = county(undefined, { pixel: [30, 20] }) as { dir: string; config: any };
    writeTestTiff(join(dir, 'dem.tif'), 5, 5, new Array(25).fill(100), { pixel: [30, 20] });
    delete config.layers.ls;
    config.layers.dem = { file: 'dem.tif', unit: 'm' };
    config.models.soil.ls = 'dem';
    expectCode(await issuesOf(() => runRaster(config, { baseDir: dir })), 'RASTER_PIXEL_NOT_SQUARE');
  });
  it('RASTER_PIXEL_SIZE_INVALID: pixels of 0.0003 "m" (a grid in degrees tagged as metres)', async () => {
    const { dir, config } = county(undefined, { pixel: [0.0003, 0.0003] });
    const bad = expectCode(
      await issuesOf(() => runRaster(config, { baseDir: dir })),
      'RASTER_PIXEL_SIZE_INVALID',
      {
        layer: 'landcover',
        size: '0.0003 m × 0.0003 m',
      },
    );
    expect(bad.message.zh).toBe(
      '图层 landcover 的像元大小 0.0003 m × 0.0003 m 不可用：像元边长须为不小于 0.01 m 的有限正数',
    );
  });
  it('a grid turned 90° (a = e = 0, b = d = 30) has 30 m × 30 m pixels of 900 m², not "0 m × 0 m"', async () => {
    // x = 30 × row + 500000, y = 30 × column + 3000000: pixel size from the lengths of the column vector (a, d) =
    // (0, 30) and of the row vector (b, e) = (30, 0), 30 m each; area |a × e − b × d| = |0 − 900| = 900 m²
    const transformation = [0, 30, 0, 500000, 30, 0, 0, 3000000, 0, 0, 0, 0, 0, 0, 0, 1];
    const turned = county(undefined, { transformation });
    const plain = county();
    const r = await runRaster(turned.config, { baseDir: turned.dir, account: false });
    expect(r.grid.pixelArea).toBe('900');
    expect(r.zonal).toEqual((await runRaster(plain.config, { baseDir: plain.dir, account: false })).zonal);
  });
  it('RASTER_VALUE_OUT_OF_RANGE: an erosivity of −9999 the file does not declare NoData, inside the region', async () => {
    // pixels 7 (row 1, column 2) and 13 (row 2, column 3) are in the region; pixel 20 (row 4, column 0) is NoData
    // in the land cover, outside the account: its −5 is not counted
    const r = new Array(25).fill(9000);
    r[7] = -9999;
    r[13] = -9999;
    r[20] = -5;
    const issues = await run((_c, d) => writeTestTiff(join(d, 'r.tif'), 5, 5, r, { nodata: null }));
    const bad = expectCode(issues, 'RASTER_VALUE_OUT_OF_RANGE', {
      layer: 'erosivity',
      pixels: 2,
      value: -9999,
      row: 1,
      col: 2,
      min: 0,
      max: 'none',
    });
    expect(bad.path).toEqual(['layers', 'erosivity']);
    expect(bad.message.en).toBe(
      'Layer erosivity has 2 pixels below 0 (e.g. row 1, column 2: -9999); such values are no measurement',
    );
    expect(bad.message.zh).toBe(
      '图层 erosivity 有 2 个像元的值小于 0（如第 1 行第 2 列：-9999），这些值不是测量值',
    );
    // a C factor above 1 from a layer: outside 0 to 1
    const c = new Array(25).fill(0.02);
    c[0] = 1.5;
    const cover = await run((cfg, d) => {
      writeTestTiff(join(d, 'c.tif'), 5, 5, c);
      cfg.layers.cover = { file: 'c.tif' };
      cfg.models.soil = { ...cfg.models.soil, cover: undefined };
      cfg.tables = cfg.tables.filter((t: { id?: string }) => t.id !== 'test-rusle-c');
    });
    expect(cover.find((i) => i.code === 'RASTER_VALUE_OUT_OF_RANGE')?.message.en).toBe(
      'Layer cover has 1 pixels outside 0 to 1 (e.g. row 0, column 0: 1.5); such values are no measurement',
    );
  });
  it('RASTER_VALUE_OUT_OF_RANGE: a precipitation of 65535 (an undeclared uint16 NoData) is above 30,000 mm, in the layer’s unit', async () => {
    // pixel 7 (row 1, column 2) is in the region: summed, its 65535 mm would add 44 % to R1 in a reviewer's run
    const p = new Array(25).fill(1800);
    p[7] = 65535;
    const mm = await run((_c, d) => writeTestTiff(join(d, 'p.tif'), 5, 5, p, { nodata: null }));
    const bad = expectCode(mm, 'RASTER_VALUE_OUT_OF_RANGE', {
      layer: 'precipitation',
      pixels: 1,
      value: 65535,
      row: 1,
      col: 2,
      min: 0,
      max: 30000,
    });
    expect(bad.message.en).toBe(
      'Layer precipitation has 1 pixels outside 0 to 30000 (e.g. row 1, column 2: 65535); such values are no measurement',
    );
    // the greatest annual rainfall on record (26.47 m) and the bound itself are read
    p[7] = 30_000;
    const ok = county();
    writeTestTiff(join(ok.dir, 'p.tif'), 5, 5, p, { nodata: null });
    const read = await runRaster(ok.config, { baseDir: ok.dir, account: false });
    expect(read.zonal.byType.length).toBeGreaterThan(0);
    // a layer in m: its bound is 30 m; 1.8 m is read, 65.5 m refused and said in m
    const m = new Array(25).fill(1.8);
    m[7] = 65.5; // exact in the file's float32
    const metres = await run((cfg, d) => {
      writeTestTiff(join(d, 'p.tif'), 5, 5, m, { nodata: null });
      cfg.layers.precipitation = { file: 'p.tif', unit: 'm' };
    });
    expectCode(metres, 'RASTER_VALUE_OUT_OF_RANGE', { layer: 'precipitation', value: 65.5, max: 30 });
  });
  it('RASTER_VALUE_OUT_OF_RANGE: a DEM value of −9999 counts even outside the region (it shapes its neighbours’ slopes)', async () => {
    const { dir, config } = county() as { dir: string; config: any };
    const dem = Array.from({ length: 25 }, (_, i) => 100 + i);
    dem[20] = -9999; // land cover NoData there
    writeTestTiff(join(dir, 'dem.tif'), 5, 5, dem, { nodata: null });
    delete config.layers.ls;
    config.layers.dem = { file: 'dem.tif', unit: 'm' };
    config.models.soil.ls = 'dem';
    expectCode(await issuesOf(() => runRaster(config, { baseDir: dir })), 'RASTER_VALUE_OUT_OF_RANGE', {
      layer: 'dem',
      pixels: 1,
      row: 4,
      col: 0,
      min: -500,
      max: 9000,
    });
  });
  it('RASTER_ZONE_NODATA_ON_LAND: land-cover pixels in no zone are counted outside and warned with their area', async () => {
    const { dir, config } = county();
    const zones: number[] = Array.from({ length: 25 }, (_, i) => (i % 5 < 2 ? 10 : 20));
    zones[0] = -9999; // forest
    zones[1] = -9999; // forest
    zones[20] = -9999; // land cover NoData too: not land, not warned
    writeTestTiff(join(dir, 'zones.tif'), 5, 5, zones);
    const r = await runRaster(config, { baseDir: dir, account: false });
    // outside: the land-cover NoData pixel (20) and the two zoneless forest pixels; 2 × 900 m² = 1800 m²
    expect(r.pixels).toEqual({ accounted: 22, outside: 3, excluded: 0 });
    expectCode(r.warnings, 'RASTER_ZONE_NODATA_ON_LAND', { pixels: 2, area: '1800' });
  });
  it('RASTER_LAYER_MISSING: soil without erosivity', async () => {
    expectCode(await run((c) => delete c.layers.erosivity), 'RASTER_LAYER_MISSING', {
      model: 'soil',
      layer: 'erosivity',
    });
  });
  it('RASTER_UNIT_INVALID: no unit on precipitation; NPP in carbon', async () => {
    const none = expectCode(await run((c) => delete c.layers.precipitation.unit), 'RASTER_UNIT_INVALID', {
      layer: 'precipitation',
      unit: '(none)',
    });
    expect(none.message.zh).toBe('图层 precipitation 未声明单位，需要以 mm 或 m 计的深度');
    const carbon = expectCode(await run((c) => (c.layers.npp.unit = 'g_C_per_m2_a')), 'RASTER_UNIT_INVALID', {
      layer: 'npp',
    });
    expect(carbon.message.zh).toBe(
      '图层 npp 的单位“g_C_per_m2_a”不可用，需要干物质单位（t_DM_per_hm2_a 或 g_DM_per_m2_a）；碳换算为干物质需乘以 162/72，请先显式换算',
    );
  });
  it('RASTER_CLASS_INVALID: a land-cover value of 2^21 is named by the range of codes a raster may hold', async () => {
    const lc = [2 ** 21, ...new Array(24).fill(11)];
    const issues = await run((_c, d) => writeTestTiff(join(d, 'lc.tif'), 5, 5, lc));
    const i = expectCode(issues, 'RASTER_CLASS_INVALID', { layer: 'landcover', value: 2097152, pixels: 1 });
    expect(i.message.en).toBe(
      'Layer landcover holds class values that are not whole numbers from 0 to 1048575 (2^20 − 1) (e.g. 2097152; 1 pixels)',
    );
  });
  it('RASTER_CLASS_INVALID: a land-cover value 1.5', async () => {
    const lc = [1.5, ...new Array(24).fill(11)];
    expectCode(await run((_c, d) => writeTestTiff(join(d, 'lc.tif'), 5, 5, lc)), 'RASTER_CLASS_INVALID', {
      layer: 'landcover',
      value: 1.5,
      pixels: 1,
    });
  });
  it('RASTER_CLASS_UNMAPPED: codes without a crosswalk entry, with pixel counts, before computing', async () => {
    expectCode(await run((c) => delete c.landcover.crosswalk['51']), 'RASTER_CLASS_UNMAPPED', {
      code: 51,
      pixels: 3,
    });
  });
  it('RASTER_ZONE_UNDECLARED: a zone value not in "zones"', async () => {
    expectCode(await run((c) => c.zones.pop()), 'RASTER_ZONE_UNDECLARED', { value: 20, pixels: 15 });
  });
  it('RASTER_ZONE_EMPTY: a declared zone with no pixel, or whose value is the zone raster’s NoData', async () => {
    const { dir, config } = county() as { dir: string; config: any };
    config.zones.push({ value: 30, id: 'z3', name: '三镇' }, { value: 99, id: 'z9', name: '九镇' });
    config.layers.zones.nodata = 99; // the fixture's zones are 10 and 20: value 30 holds no pixel, 99 is NoData
    const r = await runRaster(config, { baseDir: dir, account: false });
    const empty = r.warnings.filter((w) => w.code === 'RASTER_ZONE_EMPTY');
    expect(empty.map((w) => [w.path, w.params])).toEqual([
      [['zones', 2, 'value'], { id: 'z3', value: 30 }],
      [['zones', 3, 'value'], { id: 'z9', value: 99 }],
    ]);
    const w = expectCode(empty, 'RASTER_ZONE_EMPTY', { id: 'z3', value: 30 });
    expect(w.message.zh).toBe('分区 z3（栅格值 30）在分区栅格中没有任何有土地覆被的像元：其核算结果为空');
    // the zones with pixels are not warned
    const { dir: d2, config: c2 } = county();
    const plain = await runRaster(c2, { baseDir: d2, account: false });
    expect(plain.warnings.map((x) => x.code)).not.toContain('RASTER_ZONE_EMPTY');
  });
  it('RASTER_CLASS_IS_NODATA: a crosswalk code that is the land cover’s NoData value, whose pixels are never accounted', async () => {
    // the land cover written with NoData 0 at the fixture's NoData pixel, and the crosswalk mapping code 0 to
    // forest (as a classification whose class 0 is real would): no pixel can ever be code 0
    const { dir, config } = county() as { dir: string; config: any };
    writeTestTiff(join(dir, 'lc.tif'), 5, 5, LC, { nodata: 0 });
    config.landcover.crosswalk['0'] = 'forest.broadleaf';
    const r = await runRaster(config, { baseDir: dir, account: false });
    const w = expectCode(r.warnings, 'RASTER_CLASS_IS_NODATA', {
      code: '0',
      nodata: '0',
      type: 'forest.broadleaf',
    });
    expect(w.path).toEqual(['landcover', 'crosswalk', '0']);
    expect(w.message.en).toBe(
      "Land-cover code 0 of the crosswalk (forest.broadleaf) is the land-cover raster's NoData value 0: its pixels are read as NoData and left out of the account",
    );
    // without it, no warning
    const { dir: d2, config: c2 } = county();
    const plain = await runRaster(c2, { baseDir: d2, account: false });
    expect(plain.warnings.map((x) => x.code)).not.toContain('RASTER_CLASS_IS_NODATA');
  });
  it('RASTER_COEFFICIENT_MISSING: bamboo has no runoff coefficient in the bundled tables', async () => {
    // code 21 (10 pixels) mapped to forest.bamboo: runoff.coefficient and rusle.c missing, reported with counts
    const issues = await run((c) => (c.landcover.crosswalk['21'] = 'forest.bamboo'));
    expectCode(issues, 'RASTER_COEFFICIENT_MISSING', {
      key: 'runoff.coefficient',
      type: 'forest.bamboo',
      code: 21,
      pixels: 10,
    });
    expect(issues.some((i) => i.params?.key === 'rusle.c')).toBe(true);
  });
  it('RASTER_NODATA_EVERYWHERE: land cover NoData on every pixel', async () => {
    const nodata = expectCode(
      await run((_c, d) => writeTestTiff(join(d, 'lc.tif'), 5, 5, new Array(25).fill(-9999))),
      'RASTER_NODATA_EVERYWHERE',
    );
    expect(nodata.message.zh).toBe('没有可核算的像元：土地覆被或分区图层在每个像元上都是无数据');
  });
  it('RASTER_NODATA_INSIDE (refuse) and RASTER_PIXELS_EXCLUDED (exclude)', async () => {
    const et = [-9999, ...new Array(24).fill(800)];
    expectCode(await run((_c, d) => writeTestTiff(join(d, 'et.tif'), 5, 5, et)), 'RASTER_NODATA_INSIDE', {
      layer: 'evapotranspiration',
      pixels: 1,
      model: 'water',
    });
    const { dir, config } = county();
    writeTestTiff(join(dir, 'et.tif'), 5, 5, et);
    const r = await runRaster({ ...config, nodata: 'exclude' }, { baseDir: dir, account: false });
    // the pixel stays in the areas (24 accounted), left out of the water model only
    expect(r.pixels).toEqual({ accounted: 24, outside: 1, excluded: 1 });
    const w = expectCode(r.warnings, 'RASTER_PIXELS_EXCLUDED', {
      model: 'water',
      layers: 'evapotranspiration',
      pixels: 1,
      area: '900',
    });
    expect(w.path).toEqual(['models', 'water']);
    expect(w.message.zh).toBe(
      '1 个像元因 evapotranspiration 无数据未计入模型 water（面积 900 m²），但仍计入生态系统面积和其他模型',
    );
    // every pixel a model covers left out: RASTER_NODATA_EVERYWHERE names the model
    const none = await run((c, d) => {
      writeTestTiff(join(d, 'npp.tif'), 5, 5, new Array(25).fill(-9999));
      c.nodata = 'exclude';
    });
    const all = expectCode(none, 'RASTER_NODATA_EVERYWHERE', {
      detail: 'every pixel model productivity covers has NoData in a layer it needs',
    });
    expect(all.message.zh).toBe(
      '没有可核算的像元：模型 productivity 覆盖的每个像元在其所需的某个图层中都是无数据',
    );
  });
  it('RASTER_SUM_RANGE: values beyond the exact range of a tile sum', async () => {
    const tile = { index: 3, x0: 0, y0: 0, width: 1, height: 1 };
    const params = {
      classOf: [0],
      classCount: 1,
      zoneOf: null,
      zoneCount: 1,
      models: ['productivity' as const],
      quantities: ['npp' as const, 'co2' as const, 'o2' as const],
      productivity: { co2: [1.63], o2: [1.19], nppToTDmPerHm2: 1 },
      outputs: [],
    };
    const issues = await issuesOf(() =>
      computeTile(tile, params, { landcover: Int32Array.from([0]), npp: Float64Array.from([1e30]) }),
    );
    // the value that broke the sum is named, at its layer: the tile alone said nothing of where to look
    const bad = expectCode(issues, 'RASTER_SUM_RANGE', {
      tile: 3,
      detail: '1 pixels, Σ|k| ≥ 2^78 quanta or > 2^26 pixels; the largest value: npp, row 0, column 0: 1e+30',
    });
    expect(bad.path).toEqual(['layers', 'npp']);
    expect(bad.message.zh).toBe(
      '瓦片 3 的精确求和超出范围（1 个像元；Σ|k| ≥ 2^78 个量化单位，或像元数超过 2^26；绝对值最大的值：图层 npp 第 0 行第 0 列：1e+30）',
    );
    expect(bad.hint).toMatch(/^A value as large as the one named is most often a NoData value/);
    // through the reference kernel alike; of two layers, the larger in magnitude, negative or not (NaN is NoData)
    const two = await issuesOf(() =>
      computeTileReference(
        { ...tile, x0: 4, y0: 7, width: 2 },
        { ...params, classOf: [0], zoneCount: 1 },
        {
          landcover: Int32Array.from([0, 0]),
          npp: Float64Array.from([Number.NaN, -3.4e38]),
        },
      ),
    );
    expect(two.find((i) => i.code === 'RASTER_SUM_RANGE')?.params?.detail).toMatch(
      /; the largest value: npp, row 7, column 5: -3\.4e\+38$/,
    );
  });
  it('RASTER_OUTPUT_TOO_LARGE: a 40 000 × 40 000 float32 output', async () => {
    expectCode(
      await issuesOf(() => planTiff('co2', 40000, 40000, 512, geoTags())),
      'RASTER_OUTPUT_TOO_LARGE',
      { layer: 'co2' },
    );
  });
  it('RASTER_WORKER_FAILED: a worker that cannot start', async () => {
    const { dir, config } = county();
    const bad = join(dir, 'bad-worker.mjs');
    writeFileSync(bad, 'throw new Error("boom");\n');
    expectCode(
      await issuesOf(() => runRaster(config, { baseDir: dir, workers: 1, workerFile: bad })),
      'RASTER_WORKER_FAILED',
    );
  });
  it('RASTER_PROFILE_GROUPS_MISSING: water on gbt-38582-2020 (no water-conservation indicator)', async () => {
    const groups = expectCode(
      await run((c) => {
        c.profile = 'gbt-38582-2020';
        c.models = { water: {} };
      }),
      'RASTER_PROFILE_GROUPS_MISSING',
      { model: 'water', profile: 'gbt-38582-2020' },
    );
    expect(groups.message.zh).toBe(
      '无法确定模型 water 适用的生态系统组：核算方案 gbt-38582-2020 没有水源涵养指标（R1）',
    );
    // and models.<m>.groups that contradict account.options.switches.<code>.groups
    expectCode(
      await run((c) => {
        c.models.water = { groups: ['forest'] };
        c.account.options.switches = { R1: { groups: ['shrub'] } };
      }),
      'RASTER_CONFIG_INVALID',
    );
  });
  it('RASTER_WATER_NEGATIVE (refuse) and RASTER_WATER_NEGATIVE_ZEROED (zero)', async () => {
    // pixel (row 0, col 1), forest: 1800 − 48.06 − 5000 < 0
    const et = (d: string) => writeTestTiff(join(d, 'et.tif'), 5, 5, [800, 5000, ...new Array(23).fill(700)]);
    expectCode(
      await run((c, d) => {
        et(d);
        c.account.options.switches = { R1: { negativeTerms: 'refuse' } };
      }),
      'RASTER_WATER_NEGATIVE',
      { pixels: 1, row: 0, col: 1, indicator: 'R1' },
    );
    const { dir, config } = county();
    et(dir);
    const r = await runRaster(config, { baseDir: dir, account: false });
    expectCode(r.warnings, 'RASTER_WATER_NEGATIVE_ZEROED', { pixels: 1, row: 0, col: 1 });
  });
  it('RASTER_PRACTICE_ASSUMED: soil without a practice layer or key', async () => {
    const { dir, config } = county();
    const r = await runRaster(config, { baseDir: dir, account: false });
    expectCode(r.warnings, 'RASTER_PRACTICE_ASSUMED', { pixels: 21 });
  });
  it('RASTER_VALUES_SCALED: NPP stored ×10 with GDAL SCALE 0.1 gives the run of the values as they are', async () => {
    const { dir, config } = county();
    const plain = await runRaster(config, { baseDir: dir, account: false });
    // The same grid as the fixture's (5 × 5, 30 m, EPSG:4547), one strip; −9999 stays NoData (compared as stored).
    const stored = NPP.map((v) => (v === -9999 ? -9999 : v * 10));
    rawTiff(
      join(dir, 'npp.tif'),
      {
        ...stripTags(5, 5, 100),
        42112: asciiTag('<GDALMetadata><Item name="SCALE" sample="0" role="scale">0.1</Item></GDALMetadata>'),
        42113: asciiTag('-9999'),
      },
      new Uint8Array(new Float32Array(stored).buffer),
    );
    const scaled = await runRaster(config, { baseDir: dir, account: false });
    const w = expectCode(scaled.warnings, 'RASTER_VALUES_SCALED', { layer: 'npp', scale: 0.1, offset: 0 });
    expect(w.path).toEqual(['layers', 'npp', 'file']);
    expect(scaled.zonal).toEqual(plain.zonal);
    expect(plain.warnings.map((x) => x.code)).not.toContain('RASTER_VALUES_SCALED');
  });
  it('RASTER_LAYER_UNUSED: NPP without the productivity model; a cover layer beside a cover key', async () => {
    const { dir, config } = county() as { dir: string; config: any };
    delete config.models.productivity;
    writeTestTiff(join(dir, 'c.tif'), 5, 5, new Array(25).fill(0.1));
    config.layers.cover = { file: 'c.tif' };
    const r = await runRaster(config, { baseDir: dir, account: false });
    const unused = (layer: string) => r.warnings.filter((w) => w.params?.layer === layer);
    const npp = expectCode(unused('npp'), 'RASTER_LAYER_UNUSED', {
      layer: 'npp',
      reason: 'model productivity is not in "models"',
    });
    expect(npp.message.zh).toBe(
      '图层 npp 已配置但没有模型使用它（模型 productivity 不在 "models" 中），其数值未参与计算',
    );
    expectCode(unused('cover'), 'RASTER_LAYER_UNUSED', { layer: 'cover' });
    expect(r.warnings.find((w) => w.params?.layer === 'cover')?.message.zh).toBe(
      '图层 cover 已配置但没有模型使用它（models.soil.cover = "rusle.c" 已按土地覆被给出 C 因子），其数值未参与计算',
    );
    // the cover layer's values (0.1) were not used: C came from the table (forest 0.01)
    const forest = r.zonal.byType.find((x) => x.zone === 'z1' && x.type === 'forest.broadleaf');
    const perPixel = Number(forest?.quantities.soilRetention?.mean);
    expect(perPixel).toBeCloseTo(9000 * 0.03125 * 4 * (1 - 0.01), 4);
  });
  it('RASTER_FILE_TRUNCATED, RASTER_TOO_LARGE, RASTER_DECODE_FAILED: files that cannot be trusted', async () => {
    const cut = expectCode(
      await run((_c, d) =>
        truncateSync(join(d, 'npp.tif'), Math.floor(statSync(join(d, 'npp.tif')).size / 2)),
      ),
      'RASTER_FILE_TRUNCATED',
      { layer: 'npp' },
    );
    const [, at, end, size] = /^tile 0 declares bytes (\d+)–(\d+), the file has (\d+)$/.exec(
      String(cut.params?.detail),
    ) as RegExpExecArray;
    expect(cut.message.zh).toBe(
      `栅格图层 npp（${String(cut.params?.file)}）不完整或已损坏：瓦片 0 声明的字节范围为 ${at}–${end}，而文件只有 ${size} 字节`,
    );
    expectCode(
      await run((_c, d) => rawTiff(join(d, 'npp.tif'), stripTags(60000, 60000, 4), new Uint8Array(4))),
      'RASTER_TOO_LARGE',
      { layer: 'npp', what: 'block' },
    );
    const inflate = expectCode(
      await run((_c, d) => rawTiff(join(d, 'npp.tif'), stripTags(5, 5, 8, 8), new Uint8Array(8).fill(1)), {
        workers: 0,
      }),
      'RASTER_DECODE_FAILED',
      { layer: 'npp', detail: 'window 0,0–5,5: incorrect header check' },
    );
    // zlib's message is kept as written
    expect(inflate.message.zh).toBe(
      `栅格图层 npp（${String(inflate.params?.file)}）的数据块无法解码：窗口 0,0–5,5：incorrect header check`,
    );
  });
  it('the details, reasons and units the raster module writes itself are in Chinese in the Chinese message', () => {
    const zh = (code: RasterErrorCode, p: Record<string, string | number>) =>
      (RASTER_ERRORS[code] as CatalogueEntry).zh(p);
    const L = { layer: 'npp', file: 'npp.tif' };
    const T = '栅格图层 npp（npp.tif）不完整或已损坏：';
    for (const [detail, want] of [
      [
        'tile 0 declares bytes 352–1376, the file has 448',
        '瓦片 0 声明的字节范围为 352–1376，而文件只有 448 字节',
      ],
      ['strip 3 declares bytes -5–3, the file has 448', '条带 3 声明的字节范围为 -5–3，而文件只有 448 字节'],
      ['image size undefined × undefined', '图像尺寸 未声明 × 未声明 无效'],
      ['image size a list of 10747905 values × 20', '图像尺寸 含 10747905 个值的列表 × 20 无效'],
      ['block size 0 × 16', '数据块尺寸 0 × 16 无效'],
      ['no strip offsets or byte counts', '没有条带的偏移量或字节数'],
      ['4 tiles needed, 1 listed', '需要 4 个瓦片，只列出了 1 个'],
      ['strip 0 holds 31 bytes, 32 needed', '条带 0 只有 31 字节，需要 32 字节'],
    ] as const)
      expect(zh('RASTER_FILE_TRUNCATED', { ...L, detail })).toBe(`${T}${want}`);
    const D = '栅格图层 npp（npp.tif）的数据块无法解码：';
    for (const [detail, want] of [
      ['the GDAL_NODATA tag is not text (a damaged tag type)', 'GDAL_NODATA 标签不是文本（标签类型已损坏）'],
      // zlib's and geotiff's messages are kept as written; gepkit's count of the values decoded is not
      ['window 0,0–5,5: incorrect header check', '窗口 0,0–5,5：incorrect header check'],
      ['window 0,0–5,5: Invalid field type: 0', '窗口 0,0–5,5：Invalid field type: 0'],
      ['window 16,0–20,5: 3 values decoded, 20 needed', '窗口 16,0–20,5：解码出 3 个值，需要 20 个'],
    ] as const)
      expect(zh('RASTER_DECODE_FAILED', { ...L, detail })).toBe(`${D}${want}`);
    expect(zh('RASTER_NOT_GEOTIFF', { ...L, detail: 'a TIFF without georeferencing' })).toBe(
      '图层 npp（npp.tif）不是 GeoTIFF 文件：该 TIFF 没有地理参考信息',
    );
    for (const [detail, want] of [
      [
        'the file is 3 bytes long, shorter than a TIFF header (8 bytes)',
        '文件只有 3 字节，短于 TIFF 文件头（8 字节）',
      ],
      [
        'the file is 12 bytes long, shorter than a BigTIFF header (16 bytes)',
        '文件只有 12 字节，短于 BigTIFF 文件头（16 字节）',
      ],
      [
        'the file does not begin with a TIFF byte order mark (II or MM)',
        '文件开头不是 TIFF 字节序标记（II 或 MM）',
      ],
      [
        'the TIFF version is 41, not 42 (TIFF) or 43 (BigTIFF)',
        'TIFF 版本号为 41，不是 42（TIFF）或 43（BigTIFF）',
      ],
      ['BigTIFF offsets of 4 bytes; only 8 are defined', 'BigTIFF 偏移量为 4 字节，规范只定义了 8 字节'],
      // the TIFF library's own messages are kept as written
      ['Offset is outside the bounds of the DataView', 'Offset is outside the bounds of the DataView'],
    ] as const)
      expect(zh('RASTER_NOT_GEOTIFF', { ...L, detail })).toBe(
        `图层 npp（npp.tif）不是 GeoTIFF 文件：${want}`,
      );
    const U = (reason: string) => zh('RASTER_LAYER_UNUSED', { layer: 'cover', reason });
    expect(U('models.soil.cover = "rusle.c" gives C by land cover')).toBe(
      '图层 cover 已配置但没有模型使用它（models.soil.cover = "rusle.c" 已按土地覆被给出 C 因子），其数值未参与计算',
    );
    expect(U('models.soil.practice = "rusle.p" gives P by land cover')).toBe(
      '图层 cover 已配置但没有模型使用它（models.soil.practice = "rusle.p" 已按土地覆被给出 P 因子），其数值未参与计算',
    );
    expect(U('models.soil.ls is "layer"')).toBe(
      '图层 cover 已配置但没有模型使用它（models.soil.ls 为 "layer"），其数值未参与计算',
    );
    expect(U('models.soil.ls is "dem"')).toBe(
      '图层 cover 已配置但没有模型使用它（models.soil.ls 为 "dem"），其数值未参与计算',
    );
    expect(U('model productivity is not in "models"')).toBe(
      '图层 cover 已配置但没有模型使用它（模型 productivity 不在 "models" 中），其数值未参与计算',
    );
    for (const [detail, want] of [
      ['land cover or zones are NoData on every pixel', '土地覆被或分区图层在每个像元上都是无数据'],
      ['land cover is NoData on every pixel', '土地覆被图层在每个像元上都是无数据'],
      [
        'every pixel model water covers has NoData in a layer it needs',
        '模型 water 覆盖的每个像元在其所需的某个图层中都是无数据',
      ],
    ] as const)
      expect(zh('RASTER_NODATA_EVERYWHERE', { detail })).toBe(`没有可核算的像元：${want}`);
    const G = (model: string, detail: string) =>
      zh('RASTER_PROFILE_GROUPS_MISSING', { model, indicator: 'R1', profile: 'gbt-38582-2020', detail });
    const GZ = (model: string) => `无法确定模型 ${model} 适用的生态系统组：核算方案 gbt-38582-2020 `;
    for (const [model, detail, want] of [
      ['water', 'has no water-conservation indicator (R1)', '没有水源涵养指标（R1）'],
      ['soil', 'has no soil-retention indicator (R2)', '没有土壤保持指标（R2）'],
      ['productivity', 'has no carbon-sequestration indicator (R6)', '没有固碳指标（R6）'],
      ['productivity', 'has no oxygen-release indicator (R7)', '没有释氧指标（R7）'],
      [
        'water',
        'lists R1 (water-conservation/water-balance@1) without groups or negativeTerms',
        '列出了 R1（water-conservation/water-balance@1），但未给出 groups 或 negativeTerms',
      ],
      [
        'soil',
        'lists R2 (soil-retention/rusle@1) without groups',
        '列出了 R2（soil-retention/rusle@1），但未给出 groups',
      ],
    ] as const)
      expect(G(model, detail)).toBe(`${GZ(model)}${want}`);
    const unit = (layer: string, u: string, expected: string) =>
      zh('RASTER_UNIT_INVALID', { layer, unit: u, expected });
    expect(unit('precipitation', '(none)', 'a depth in mm or m')).toBe(
      '图层 precipitation 未声明单位，需要以 mm 或 m 计的深度',
    );
    expect(unit('dem', 'ft', 'metres (m), like the grid')).toBe(
      '图层 dem 的单位“ft”不可用，需要米（m），与栅格网格的单位一致',
    );
    expect(unit('erosivity', 'x', 'MJ_mm_per_hm2_h_a (MJ·mm/(hm²·h·a))')).toBe(
      '图层 erosivity 的单位“x”不可用，需要单位 MJ_mm_per_hm2_h_a（MJ·mm/(hm²·h·a)）',
    );
    expect(unit('erodibility', 'x', 't_hm2_h_per_hm2_MJ_mm (t·hm²·h/(hm²·MJ·mm))')).toBe(
      '图层 erodibility 的单位“x”不可用，需要单位 t_hm2_h_per_hm2_MJ_mm（t·hm²·h/(hm²·MJ·mm)）',
    );
    expect(
      unit(
        'npp',
        'g_C_per_m2_a',
        'dry matter (t_DM_per_hm2_a or g_DM_per_m2_a); carbon → dry matter is × 162/72, convert explicitly',
      ),
    ).toBe(
      '图层 npp 的单位“g_C_per_m2_a”不可用，需要干物质单位（t_DM_per_hm2_a 或 g_DM_per_m2_a）；碳换算为干物质需乘以 162/72，请先显式换算',
    );
    expect(unit('npp', 'm', 't_DM_per_hm2_a or g_DM_per_m2_a')).toBe(
      '图层 npp 的单位“m”不可用，需要单位 t_DM_per_hm2_a 或 g_DM_per_m2_a',
    );
    expect(unit('cover', 'm', 'no unit (a dimensionless factor)')).toBe(
      '图层 cover 的单位“m”不可用，需要无单位（无量纲因子）',
    );
    const big = (what: string) => zh('RASTER_TOO_LARGE', { ...L, what, bytes: 9, max: 8 });
    expect(big('grid')).toBe('栅格图层 npp（npp.tif）声明的栅格需要 9 字节，超过上限 8');
    expect(big('block')).toBe('栅格图层 npp（npp.tif）声明的数据块需要 9 字节，超过上限 8');
    expect(big('tile list (2000000 tiles of 16 pixels)')).toBe(
      '栅格图层 npp（npp.tif）声明的瓦片列表（2000000 个边长 16 像元的瓦片）需要 9 字节，超过上限 8',
    );
    const grid = (what: string) =>
      zh('RASTER_GRID_MISMATCH', { layer: 'dem', reference: 'landcover', what, actual: 'a', expected: 'b' });
    expect(grid('size')).toBe('图层 dem 的尺寸与参考图层 landcover 不一致：a，应为 b');
    expect(grid('CRS')).toBe('图层 dem 的坐标系与参考图层 landcover 不一致：a，应为 b');
    expect(grid('transform')).toBe('图层 dem 的仿射变换参数与参考图层 landcover 不一致：a，应为 b');
    // A word the table lacks is kept, also one named like a property every object inherits.
    expect(grid('constructor')).toBe('图层 dem 的constructor与参考图层 landcover 不一致：a，应为 b');
    expect(zh('RASTER_PIXEL_NOT_SQUARE', { size: 'not square' })).toBe(
      '坡度坡长因子需要正方形像元，当前像元不是正方形',
    );
    expect(zh('RASTER_SUM_RANGE', { tile: 3, detail: '1 pixels, Σ|k| ≥ 2^78 quanta or > 2^26 pixels' })).toBe(
      '瓦片 3 的精确求和超出范围（1 个像元；Σ|k| ≥ 2^78 个量化单位，或像元数超过 2^26）',
    );
    expect(
      zh('RASTER_WORKER_FAILED', {
        detail:
          'no worker file (looked for /a/worker.js, /b/worker.js); pass workerFile or run with workers 0',
      }),
    ).toBe(
      '栅格工作线程失败：找不到工作线程文件（查找了 /a/worker.js, /b/worker.js）；请传入 workerFile，或以 workers 0 运行',
    );
    expect(zh('RASTER_WORKER_FAILED', { detail: 'Error: boom' })).toBe('栅格工作线程失败：Error: boom');
  });
  it('a detail, reason or unit with extra text around a known form is kept as written', () => {
    const zh = (code: RasterErrorCode, p: Record<string, string | number>) =>
      (RASTER_ERRORS[code] as CatalogueEntry).zh(p);
    const L = { layer: 'npp', file: 'npp.tif' };
    expect(zh('RASTER_NOT_GEOTIFF', { ...L, detail: 'a TIFF without georeferencing (really)' })).toBe(
      '图层 npp（npp.tif）不是 GeoTIFF 文件：a TIFF without georeferencing (really)',
    );
    expect(
      zh('RASTER_FILE_TRUNCATED', { ...L, detail: 'tile 0 declares bytes 352–1376, the file has 448 bytes' }),
    ).toBe('栅格图层 npp（npp.tif）不完整或已损坏：tile 0 declares bytes 352–1376, the file has 448 bytes');
    expect(zh('RASTER_DECODE_FAILED', { ...L, detail: 'at window 0,0–5,5: oops' })).toBe(
      '栅格图层 npp（npp.tif）的数据块无法解码：at window 0,0–5,5: oops',
    );
    expect(zh('RASTER_NODATA_EVERYWHERE', { detail: 'land cover is NoData on every pixel!' })).toBe(
      '没有可核算的像元：land cover is NoData on every pixel!',
    );
    expect(
      zh('RASTER_LAYER_UNUSED', { layer: 'npp', reason: 'model productivity is not in "models" yet' }),
    ).toBe('图层 npp 已配置但没有模型使用它（model productivity is not in "models" yet），其数值未参与计算');
    expect(zh('RASTER_UNIT_INVALID', { layer: 'p', unit: 'x', expected: 'a depth in mm or m, or cm' })).toBe(
      '图层 p 的单位“x”不可用，需要a depth in mm or m, or cm',
    );
  });
  it('RASTER_OUTPUT_UNPRODUCED: an output no chosen model makes, refused before any layer is read', async () => {
    // co2 with the water model alone, and ls when LS is a layer (read, not made): each would be all NaN
    const issues = await run((c) => {
      c.models = { water: {}, soil: { cover: 'rusle.c' } };
      c.outputs = { dir: 'out', layers: ['waterConservation', 'co2', 'ls'] };
    });
    expect(issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['RASTER_OUTPUT_UNPRODUCED', 'outputs.layers.1'],
      ['RASTER_OUTPUT_UNPRODUCED', 'outputs.layers.2'],
    ]);
    const co2 = expectCode(issues, 'RASTER_OUTPUT_UNPRODUCED', {
      output: 'co2',
      producer: 'model productivity',
    });
    expect(co2.message.zh).toBe(
      '输出图层 co2 只能由以下模型生成：模型 productivity；本配置未运行它，该图层将全部为无数据',
    );
    const ls = issues[1] as Issue;
    expect(ls.params).toEqual({ output: 'ls', producer: 'model soil with models.soil.ls "dem"' });
    expect(ls.message.zh).toBe(
      '输出图层 ls 只能由以下模型生成：土壤保持模型（models.soil.ls 为 "dem"）；本配置未运行它，该图层将全部为无数据',
    );
  });
  it('RASTER_OUTPUT_OUTSIDE: outputs.dir "../x"', async () => {
    expectCode(
      await run((c) => (c.outputs = { dir: '../x', layers: ['waterConservation'] })),
      'RASTER_OUTPUT_OUTSIDE',
      { dir: '../x' },
    );
  });
  it('every RASTER_ code was triggered', () => {
    expect(Object.keys(RASTER_ERRORS).filter((c) => !triggered.has(c))).toEqual([]);
  });
});
