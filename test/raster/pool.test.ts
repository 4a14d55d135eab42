import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rasterCommand } from '../../src/cli/raster';
import { runRaster } from '../../src/raster/run-node';
import { county } from './fixture';
import { tmp, writeTestTiff } from './helpers';
import { bundledWorker } from '../worker-bundle';

/** A 45 × 37 synthetic county with a DEM (a tilted, wavy surface): LS from the DEM across many tiles. */
function synthetic() {
  const dir = tmp();
  const w = 45;
  const h = 37;
  const n = w * h;
  const at = (f: (x: number, y: number) => number) =>
    Array.from({ length: n }, (_, i) => f(i % w, Math.floor(i / w)));
  writeTestTiff(
    join(dir, 'lc.tif'),
    w,
    h,
    at((x, y) => ((x * 7 + y * 3) % 5 === 0 ? 21 : (x + y) % 11 === 0 ? -9999 : 11)),
  );
  writeTestTiff(
    join(dir, 'zones.tif'),
    w,
    h,
    at((x) => (x < 20 ? 10 : 20)),
  );
  writeTestTiff(
    join(dir, 'p.tif'),
    w,
    h,
    at((x, y) => 1500 + x * 3.3 + y * 1.7),
  );
  writeTestTiff(
    join(dir, 'et.tif'),
    w,
    h,
    at((x, y) => 700 + ((x * y) % 13) * 9.1),
  );
  writeTestTiff(
    join(dir, 'r.tif'),
    w,
    h,
    at((x) => 8000 + x * 21.5),
  );
  writeTestTiff(
    join(dir, 'k.tif'),
    w,
    h,
    at((_x, y) => 0.02 + y * 0.0004),
  );
  writeTestTiff(
    join(dir, 'dem.tif'),
    w,
    h,
    at((x, y) => 400 - y * 3.1 - x * 1.3 + 6 * Math.sin(x / 3) * Math.cos(y / 4)),
  );
  writeTestTiff(
    join(dir, 'npp.tif'),
    w,
    h,
    at((x, y) => 5 + ((x + 2 * y) % 9) * 0.7),
  );
  const { config } = county(); // the configuration only; its 5 × 5 files stay in their own folder
  return {
    dir,
    config: {
      ...config,
      layers: {
        ...config.layers,
        ls: undefined,
        dem: { file: 'dem.tif', unit: 'm' },
      },
      models: { ...config.models, soil: { cover: 'rusle.c', ls: 'dem' } },
      tileSize: 16,
      account: undefined,
      outputs: { dir: 'out', layers: ['ls', 'flowAccumulation', 'soilRetention'] },
    },
  };
}

describe('worker pool and tiling', () => {
  it('the same zonal tables with 0 or 2 workers and with 16- or 512-pixel tiles (LS from the DEM)', async () => {
    const { dir, config } = synthetic();
    const file = bundledWorker('src/raster/worker-node.ts', 'raster-worker');
    const inline = await runRaster(config, { baseDir: dir, workers: 0 });
    const pooled = await runRaster(config, { baseDir: dir, workers: 2, workerFile: file });
    const big = await runRaster(
      { ...config, outputs: undefined },
      { baseDir: dir, workers: 2, workerFile: file, tileSize: 512 },
    );
    expect(inline.grid.tiles).toBe(9); // ⌈45/16⌉ × ⌈37/16⌉ = 3 × 3
    expect(big.grid.tiles).toBe(1);
    expect(JSON.stringify(pooled.zonal)).toBe(JSON.stringify(inline.zonal));
    expect(JSON.stringify(big.zonal)).toBe(JSON.stringify(inline.zonal));
    expect(inline.zonal.byType.some((r) => Number(r.quantities.soilRetention?.total) > 0)).toBe(true);
  }, 60_000);
});

describe('gepkit raster (CLI)', () => {
  it('prints the zonal tables and the account; progress on stderr', async () => {
    const { dir } = county();
    const out: string[] = [];
    const err: string[] = [];
    const code = await rasterCommand([join(dir, 'config.json')], {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
    });
    expect(code).toBe(0);
    const r = JSON.parse(out.join(''));
    expect(r.account.indicators.map((i: { code: string }) => i.code)).toEqual(['R1', 'R2', 'R6', 'R7']);
    expect(err.join('')).toContain('compute [');
  });
  it('structured errors and usage, exit code 1', async () => {
    const err: string[] = [];
    const io = { out: () => {}, err: (s: string) => err.push(s) };
    expect(await rasterCommand([], io)).toBe(1);
    expect(await rasterCommand(['--workers', 'x', 'c.json'], io)).toBe(1);
    const { dir, config } = county();
    expect(await rasterCommand([join(dir, 'missing.json')], io).catch(() => 1)).toBe(1);
    void config;
    expect(err.join('')).toContain('CLI_USAGE');
    expect(err.join('')).toContain('RASTER_CONFIG_INVALID');
  });
});
