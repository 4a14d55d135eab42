// Raster bench: cells/s per per-pixel model (single thread and the worker pool), D8 + LS, an end-to-end
// GeoTIFF run, peak memory, and the numpy peer (bench/peer/raster_peer.py) with the ratio when python3 has numpy.
// One-thread figures are cells per CPU-second of this process (process.cpuUsage), the peer's per CPU-second of
// its own (time.process_time), so the ratio holds on a machine shared with other jobs; wall-clock figures are
// printed beside them. Pool figures are wall-clock (the pool's point is the elapsed time).
//   node bench/raster.bench.mjs                 10^7 cells
//   GEPKIT_BENCH_1E8=1 node bench/raster.bench.mjs   also 10^8 cells (minutes on 2 cores)
//   GEPKIT_BENCH_E2E=0 ...                      skip the end-to-end GeoTIFF run
// Builds src/raster with esbuild into node_modules/.cache (no dist needed).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';

const cache = join(process.cwd(), 'node_modules', '.cache', 'gepkit-raster-bench');
mkdirSync(cache, { recursive: true });
const build = (entry, out) =>
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: join(cache, out),
    logLevel: 'error',
  });
build('src/raster/index.ts', 'raster.mjs');
build('src/raster/index-node.ts', 'raster-node.mjs');
build('src/raster/worker-node.ts', 'worker.mjs');
build('bench/raster-kernel.mjs', 'kernel.mjs');
const R = await import(pathToFileURL(join(cache, 'raster.mjs')).href);
const K = await import(pathToFileURL(join(cache, 'kernel.mjs')).href);

let peak = process.memoryUsage().rss;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const MB = (b) => `${(b / 2 ** 20).toFixed(0)} MB`;
const fmt = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(1)}M` : `${(x / 1e3).toFixed(0)}k`);
/** CPU seconds (user + system) of this process so far. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
/** Cells per CPU-second and per wall-clock second of `run`. */
function rates(cells, run) {
  const c = cpu();
  const t = performance.now();
  run();
  return { cpu: cells / (cpu() - c), wall: cells / ((performance.now() - t) / 1000) };
}

const sizes = [1e7, ...(process.env.GEPKIT_BENCH_1E8 === '1' ? [1e8] : [])];
const cores = availableParallelism();
console.log(`gepkit raster bench — ${cores} cores, node ${process.version}, tile 512×512`);

function inThread(model, cells) {
  const { tile, params, data } = K.synthetic(model, 512);
  const reps = Math.ceil(cells / (512 * 512));
  R.computeTile(tile, params, data); // warm-up
  return rates(reps * 512 * 512, () => {
    for (let i = 0; i < reps; i++) R.computeTile({ ...tile, index: i }, params, data);
  });
}

async function pooled(model, cells) {
  const reps = Math.ceil(cells / (512 * 512));
  const per = Math.ceil(reps / cores);
  const workers = Array.from(
    { length: cores },
    () =>
      new Worker(join(cache, 'kernel.mjs'), {
        workerData: { model, reps: per, raster: pathToFileURL(join(cache, 'raster.mjs')).href },
      }),
  );
  const next = (w) =>
    new Promise((res, rej) => {
      w.once('message', res);
      w.once('error', rej);
    });
  await Promise.all(workers.map(next)); // data generated and warmed up
  const t = performance.now();
  const done = workers.map(next);
  for (const w of workers) w.postMessage('go');
  await Promise.all(done);
  const s = (performance.now() - t) / 1000;
  await Promise.all(workers.map((w) => w.terminate()));
  return (per * cores * 512 * 512) / s;
}

function d8ls(cells) {
  const { tiles, dem, width } = K.demTiles(512, Math.ceil(cells / (512 * 512)));
  return rates(tiles.length * 512 * 512, () => {
    const summaries = tiles.map((tile) => R.flowSummary(tile, dem, width, 30, 30));
    const inflow = R.solveFlow(summaries);
    for (const tile of tiles) {
      const fa = R.flowAccumulation(tile, dem, R.tileSeeds(tile, inflow, width), 30, 30);
      const { slopePct } = R.hornSlope(dem, 512, 512, 30, 30);
      const ls = R.lsGrid(slopePct, fa, 30, 122, 'invest'); // = R.lsFactor per cell, as computeTile runs it
      let s = 0;
      for (let i = 0; i < ls.length; i++) s += ls[i];
      if (!(s > 0)) throw new Error('LS');
    }
  });
}

async function d8lsPooled(cells) {
  const count = Math.ceil(cells / (512 * 512));
  const { tiles, width } = K.demTiles(512, count);
  const share = Array.from({ length: cores }, (_, k) => tiles.filter((t) => t.index % cores === k));
  const workers = share.map(
    () =>
      new Worker(join(cache, 'kernel.mjs'), {
        workerData: { d8: true, count, raster: pathToFileURL(join(cache, 'raster.mjs')).href },
      }),
  );
  const next = (w) =>
    new Promise((res, rej) => {
      w.once('message', res);
      w.once('error', rej);
    });
  await Promise.all(workers.map(next));
  const t = performance.now();
  const parts = workers.map(next);
  workers.forEach((w, k) => w.postMessage({ phase: 'A', ids: share[k].map((tile) => tile.index) }));
  const inflow = R.solveFlow((await Promise.all(parts)).flat());
  const done = workers.map(next);
  workers.forEach((w, k) =>
    w.postMessage({
      phase: 'B',
      seeds: share[k].map((tile) => [tile.index, R.tileSeedPairs(tile, inflow, width)]),
    }),
  );
  await Promise.all(done);
  const s = (performance.now() - t) / 1000;
  await Promise.all(workers.map((w) => w.terminate()));
  return (count * 512 * 512) / s;
}

let peer = null;
try {
  execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
  peer = (cells) =>
    JSON.parse(execFileSync('python3', ['bench/peer/raster_peer.py', String(cells)], { encoding: 'utf8' }));
} catch {
  console.log(
    'numpy peer ABSENT: python3 with numpy is not available (python3 -c "import numpy" failed), so no ratio is printed; on Debian: apt-get install python3-numpy',
  );
}

for (const cells of sizes) {
  console.log(`\n${cells.toExponential(0)} cells`);
  const np = peer ? peer(cells) : null;
  for (const model of ['water', 'soil', 'productivity']) {
    const one = inThread(model, cells);
    const pool = await pooled(model, cells);
    const ratio = np
      ? `  numpy ${fmt(np.cpu[model])}/CPU-s → ratio ${(one.cpu / np.cpu[model]).toFixed(2)} (1 thread, CPU), ${(pool / np[model]).toFixed(2)} (pool wall / numpy wall)`
      : '';
    console.log(
      `  ${model.padEnd(13)} 1 thread ${fmt(one.cpu)} cells/CPU-s (wall ${fmt(one.wall)}/s)   pool(${cores}) ${fmt(pool)} cells/s${ratio}`,
    );
  }
  const d8 = d8ls(Math.min(cells, 2e7));
  console.log(
    `  D8 + LS       1 thread ${fmt(d8.cpu)} cells/CPU-s (wall ${fmt(d8.wall)}/s)   pool(${cores}) ${fmt(await d8lsPooled(Math.min(cells, 2e7)))} cells/s (tiled: pass A, solve, pass B, Horn, LS)`,
  );
  if (np) console.log(`  numpy ${np.numpy}`);
}

if (process.env.GEPKIT_BENCH_E2E !== '0') {
  const dir = mkdtempSync(join(tmpdir(), 'gepkit-bench-'));
  const side = Math.round(Math.sqrt(1e7));
  const t0 = performance.now();
  const N = await import(pathToFileURL(join(cache, 'raster-node.mjs')).href);
  const config = await K.writeSynthetic(dir, side, side, N);
  const tw = (performance.now() - t0) / 1000;
  const t = performance.now();
  const r = await N.runRaster(config, {
    baseDir: dir,
    workers: cores,
    workerFile: join(cache, 'worker.mjs'),
    account: false,
  });
  const s = (performance.now() - t) / 1000;
  console.log(
    `\nend to end (GeoTIFF ${side}×${side} = ${fmt(side * side)} cells, 5 layers, water + productivity, ${cores} workers): ${s.toFixed(1)} s = ${fmt((side * side) / s)} cells/s (writing the inputs took ${tw.toFixed(1)} s); ${r.grid.tiles} tiles`,
  );
  rmSync(dir, { recursive: true, force: true });
}
clearInterval(sample);
console.log(
  `\npeak RSS of the main thread's process: ${MB(Math.max(peak, process.resourceUsage().maxRSS * 1024))}`,
);
