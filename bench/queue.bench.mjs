// Queue bench: a synthetic raster (5 layers: land cover, zones, precipitation, ET, NPP; water + productivity)
// through `gepkit raster --queue` with 1 and then 2 worker processes on one Redis server, against the local run
// in one thread. Prints, per setting and run, wall time, cells/s, the workers' CPU seconds (user + sys, from
// /proc, so Linux only) and cells per worker CPU-second; then the medians and the 2-vs-1 throughput ratio, and
// whether every output was identical to the local run's.
//   node bench/queue.bench.mjs                                  10^8 cells (2 GB of layers in a temp folder)
//   GEPKIT_QUEUE_BENCH_CELLS=1e7 GEPKIT_QUEUE_BENCH_RUNS=5 node bench/queue.bench.mjs
//   GEPKIT_BENCH_REDIS_URL=redis://127.0.0.1:6379/5 ...        an existing server (else a throwaway
//                                                               redis-server on a free loopback port)
// Builds src with esbuild into node_modules/.cache (no dist needed).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { writeSynthetic } from './raster-kernel.mjs';

const cache = join(process.cwd(), 'node_modules', '.cache', 'gepkit-queue-bench');
mkdirSync(cache, { recursive: true });
const build = (entry, out) =>
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: join(cache, out),
    logLevel: 'error',
  });
build('src/cli/bin.ts', 'cli.mjs');
build('src/raster/index-node.ts', 'raster-node.mjs');
build('src/queue/raster-node.ts', 'queue-raster.mjs');
const N = await import(pathToFileURL(join(cache, 'raster-node.mjs')).href);
const Q = await import(pathToFileURL(join(cache, 'queue-raster.mjs')).href);

const cells = Number(process.env.GEPKIT_QUEUE_BENCH_CELLS ?? 1e8);
const runs = Number(process.env.GEPKIT_QUEUE_BENCH_RUNS ?? 1);
const side = Math.round(Math.sqrt(cells));
const fmt = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${(x / 1e3).toFixed(0)}k`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function redis() {
  if (process.env.GEPKIT_BENCH_REDIS_URL) return { url: process.env.GEPKIT_BENCH_REDIS_URL, stop() {} };
  const port = await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 100; i++) {
    try {
      execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'ignore' });
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url: `redis://127.0.0.1:${port}/0`, stop: () => server.kill('SIGTERM') };
}

/** User + system CPU seconds of a process so far, from /proc/PID/stat (fields 14 and 15, in clock ticks). */
function cpuOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString());
  return (Number(fields[11]) + Number(fields[12])) / ticks;
}

async function withWorkers(n, url, work) {
  const procs = Array.from({ length: n }, () => {
    const child = spawn(process.execPath, [join(cache, 'cli.mjs'), 'worker', '--queue', url], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr.on('data', (b) => (log += b));
    return { child, log: () => log };
  });
  while (!procs.every((p) => p.log().includes('waiting for jobs')))
    await new Promise((r) => setTimeout(r, 50));
  const cpu0 = procs.map((p) => cpuOf(p.child.pid));
  const out = await work();
  const cpu = procs.reduce((s, p, i) => s + cpuOf(p.child.pid) - cpu0[i], 0);
  for (const p of procs) p.child.kill('SIGTERM');
  await Promise.all(
    procs.map((p) => new Promise((r) => (p.child.exitCode !== null ? r() : p.child.on('exit', r)))),
  );
  return { ...out, cpu };
}

const server = await redis();
const dir = mkdtempSync(join(tmpdir(), 'gepkit-queue-bench-'));
try {
  const t0 = performance.now();
  const config = { ...(await writeSynthetic(dir, side, side, N)), tileSize: 512 };
  const tiles = Math.ceil(side / 512) ** 2;
  console.log(
    `gepkit queue bench — ${side}×${side} = ${fmt(side * side)} cells, 5 layers, water + productivity, tile 512, ${tiles} tiles × 2 passes = ${2 * tiles} jobs; node ${process.version}; inputs written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const timed = async (f) => {
    const c0 = process.cpuUsage();
    const t = performance.now();
    const r = await f();
    const c = process.cpuUsage(c0);
    return { json: JSON.stringify(r), s: (performance.now() - t) / 1000, self: (c.user + c.system) / 1e6 };
  };
  const rows = { local: [], 1: [], 2: [] };
  const sizes = {};
  const onJob = (j) => {
    sizes[j.kind] ??= { n: 0, data: 0, result: 0 };
    sizes[j.kind].n++;
    sizes[j.kind].data += j.dataBytes;
    sizes[j.kind].result += j.resultBytes;
  };
  let identical = true;
  for (let run = 1; run <= runs; run++) {
    const local = await timed(() => N.runRaster(config, { baseDir: dir, workers: 0, account: false }));
    rows.local.push({ s: local.s, cpu: local.self });
    for (const n of [1, 2]) {
      const q = await withWorkers(n, server.url, () =>
        timed(() => Q.runRasterOnQueue(config, { url: server.url, baseDir: dir, account: false, onJob })),
      );
      identical &&= q.json === local.json;
      rows[n].push({ s: q.s, cpu: q.cpu, coordinator: q.self });
      console.log(
        `run ${run}: ${n} worker${n > 1 ? 's' : ' '}  ${q.s.toFixed(1)} s wall = ${fmt((side * side) / q.s)} cells/s; workers' CPU ${q.cpu.toFixed(1)} s = ${fmt((side * side) / q.cpu)} cells per CPU-s; coordinator CPU ${q.self.toFixed(1)} s`,
      );
    }
    console.log(
      `run ${run}: local, 1 thread  ${local.s.toFixed(1)} s wall = ${fmt((side * side) / local.s)} cells/s; CPU ${local.self.toFixed(1)} s = ${fmt((side * side) / local.self)} cells per CPU-s`,
    );
  }
  const med = (n, k) => median(rows[n].map((r) => r[k]));
  console.log(`\nmedians over ${runs} run(s):`);
  for (const n of ['local', 1, 2])
    console.log(
      `  ${String(n === 'local' ? 'local (1 thread)' : `${n} worker process${n > 1 ? 'es' : ''}`).padEnd(20)} ${fmt((side * side) / med(n, 's'))} cells/s wall, ${fmt((side * side) / med(n, 'cpu'))} cells per CPU-s`,
    );
  console.log(`  2-vs-1 throughput ratio (wall): ${(med(1, 's') / med(2, 's')).toFixed(2)}`);
  console.log(`  queue (1 worker) vs local, wall: ${(med('local', 's') / med(1, 's')).toFixed(2)}`);
  console.log(`  outputs identical to the local run: ${identical ? 'yes' : 'NO'}`);
  for (const [kind, z] of Object.entries(sizes))
    console.log(
      `  ${kind} jobs: data ${(z.data / z.n / 1024).toFixed(1)} KiB, result ${(z.result / z.n / 1024).toFixed(1)} KiB on average (JSON characters)`,
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
  server.stop();
}
