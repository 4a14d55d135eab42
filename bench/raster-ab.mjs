// A/B of two source trees' raster kernels, run alternately in one session so that the load of a shared machine
// falls on both alike: one-thread cells per CPU-second (process.cpuUsage) of computeTile on synthetic 512 × 512
// tiles (bench/raster-kernel.mjs) per model, and of D8 + LS (pass A, solve, pass B, Horn, lsGrid).
// Run: node bench/raster-ab.mjs <old tree> <new tree>   (ROUNDS=5, TILES=38, MODELS=water,soil,productivity,d8)
// PEER=1 also runs the numpy peer (bench/peer/raster_peer.py, its CPU-second rates) once per round, between the
// builds, and prints its medians and the ratios new / numpy: numpy's rate on a shared machine varies more than
// gepkit's (its large temporaries fault ≈ 23 k or ≈ 114 k pages per run, by the machine's state), so the ratio
// is taken over rounds that alternate the two.
// A tree is a checkout holding src/, coefficients/ and profiles/ (e.g. `git worktree add /tmp/old HEAD~1`).
// Prints each run, the medians and the ratio new/old. A ratio within ±15 % is run-to-run noise.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

// Child mode: one measurement of one model on one build.
if (process.argv[2] === '--child') {
  const [, , , raster, model, count] = process.argv;
  const R = await import(raster);
  const K = await import(pathToFileURL(resolve('bench/raster-kernel.mjs')).href);
  const tiles = Number(count);
  let rate;
  if (model === 'd8') {
    const { tiles: ts, dem, width } = K.demTiles(512, tiles);
    const run = (list) => {
      const inflow = R.solveFlow(list.map((t) => R.flowSummary(t, dem, width, 30, 30)));
      let s = 0;
      for (const t of list) {
        const fa = R.flowAccumulation(t, dem, R.tileSeeds(t, inflow, width), 30, 30);
        const ls = R.lsGrid(R.hornSlope(dem, 512, 512, 30, 30).slopePct, fa, 30, 122, 'invest');
        for (let i = 0; i < ls.length; i++) s += ls[i];
      }
      if (!(s > 0)) throw new Error('LS');
    };
    run(ts.slice(0, 2)); // warm-up
    const c = cpu();
    run(ts);
    rate = (tiles * 512 * 512) / (cpu() - c);
  } else {
    const { tile, params, data } = K.synthetic(model, 512);
    R.computeTile(tile, params, data); // warm-up
    const c = cpu();
    for (let i = 0; i < tiles; i++) R.computeTile({ ...tile, index: i }, params, data);
    rate = (tiles * 512 * 512) / (cpu() - c);
  }
  console.log(rate);
  process.exit(0);
}

const [a, b] = process.argv.slice(2);
if (a === undefined || b === undefined)
  throw new Error('usage: node bench/raster-ab.mjs <old tree> <new tree>');
const rounds = Number(process.env.ROUNDS ?? 5);
const count = process.env.TILES ?? '38';
const models = (process.env.MODELS ?? 'water,soil,productivity,d8').split(',');
const cache = join(process.cwd(), 'node_modules', '.cache', 'gepkit-raster-ab');
mkdirSync(cache, { recursive: true });
const built = Object.fromEntries(
  [
    ['old', a],
    ['new', b],
  ].map(([k, tree]) => {
    const outfile = join(cache, `${k}.mjs`);
    buildSync({
      entryPoints: [join(resolve(tree), 'src/raster/index.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      nodePaths: [join(process.cwd(), 'node_modules')],
      outfile,
      logLevel: 'error',
    });
    return [k, pathToFileURL(outfile).href];
  }),
);
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const M = (x) => `${(x / 1e6).toFixed(1)} M`;
const peer = process.env.PEER === '1';
const numpy = [];
for (const model of models) {
  const res = { old: [], new: [] };
  for (let i = 0; i < rounds; i++)
    for (const k of i % 2 === 0 ? ['old', 'numpy', 'new'] : ['new', 'numpy', 'old']) {
      if (k === 'numpy') {
        if (peer && model !== 'd8') {
          const out = execFileSync('python3', ['bench/peer/raster_peer.py', '1e7'], { encoding: 'utf8' });
          (numpy[models.indexOf(model)] ??= []).push(JSON.parse(out).cpu[model]);
        }
        continue;
      }
      const out = execFileSync(
        process.execPath,
        [new URL(import.meta.url).pathname, '--child', built[k], model, count],
        {
          encoding: 'utf8',
        },
      );
      res[k].push(Number(out.trim()));
    }
  console.log(
    `${model.padEnd(13)} old ${res.old.map(M).join(', ')}   new ${res.new.map(M).join(', ')} cells/CPU-s` +
      `   medians ${M(median(res.old))} → ${M(median(res.new))} (× ${(median(res.new) / median(res.old)).toFixed(2)})`,
  );
  const np = numpy[models.indexOf(model)];
  if (np)
    console.log(
      `${''.padEnd(13)} numpy ${np.map(M).join(', ')} cells/CPU-s   median ${M(median(np))}   ratio old ${(median(res.old) / median(np)).toFixed(2)}, new ${(median(res.new) / median(np)).toFixed(2)}`,
    );
}
