// `gepkit vep value` as a user runs it: N generated parcels (default 1,000,000; bench/vep-parcels.mjs) written to a
// CSV file once, then valued by the built CLI, results to /dev/null (stdout) or to an --out-dir in the temporary
// directory, ROUNDS times (default 3); prints each run and the median, in seconds of wall time and parcels per
// second. With OLD=<dist folder of another build> both CLIs run in turn (new, old, new, old …) and the ratio of the
// medians is printed: a ratio within ±15 % is run-to-run noise. CPU time and peak memory of the whole process:
// `farm-bench -n 4 --vs '<old command>' -- <new command>` with the command this bench prints (give FILE=path to
// keep the parcels there for it; otherwise they are written to the temporary directory and removed at the end).
// Run: npm run build && node bench/vep-cli.bench.mjs   (N=…, ROUNDS=…, FORMAT=compact|json|csv (default compact),
//   OUT=stdout|dir (default stdout), WORKERS=n (--workers, default 0), OLD=path/to/dist, FILE=path)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeParcels } from './vep-parcels.mjs';

const N = Number(process.env.N ?? 1_000_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const FORMAT = process.env.FORMAT ?? 'compact';
const OUT = process.env.OUT ?? 'stdout';
const WORKERS = Number(process.env.WORKERS ?? 0);
const root = join(new URL('.', import.meta.url).pathname, '..');
const builds = [['new', join(root, 'dist')]];
if (process.env.OLD) builds.push(['old', process.env.OLD]);

const dir = mkdtempSync(join(tmpdir(), 'gepkit-vep-cli-'));
const file = process.env.FILE ?? join(dir, 'parcels.csv');
await writeParcels(file, N);
const args = (dist, out) => [
  join(dist, 'cli', 'gepkit.js'),
  'vep',
  'value',
  file,
  '--context',
  join(root, 'examples', 'vep', 'context.json'),
  '--format',
  FORMAT,
  ...(WORKERS > 0 ? ['--workers', String(WORKERS)] : []),
  ...(OUT === 'dir' ? ['--out-dir', out, '--force'] : []),
];
console.log(
  `gepkit vep value: ${N.toLocaleString('en')} parcels (CSV), ${FORMAT} results to ${OUT === 'dir' ? '--out-dir' : 'stdout (/dev/null)'}${WORKERS > 0 ? `, ${WORKERS} workers` : ''}`,
);
console.log(`  command: node ${args(builds[0][1], join(dir, 'out')).join(' ')}`);
const times = Object.fromEntries(builds.map(([name]) => [name, []]));
try {
  for (let round = 0; round < ROUNDS; round++)
    for (const [name, dist] of round % 2 === 0 ? builds : [...builds].reverse()) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, args(dist, join(dir, `out-${name}`)), {
        stdio: ['ignore', 'ignore', 'pipe'],
        maxBuffer: 1 << 26,
      });
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      if (r.status !== 0) throw new Error(`${name}: exit ${r.status}\n${r.stderr}`);
      times[name].push(s);
      console.log(`  ${name} ${s.toFixed(2)} s, ${Math.round(N / s).toLocaleString('en')} parcels/s`);
    }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
for (const [name] of builds)
  console.log(
    `  median ${name}: ${median(times[name]).toFixed(2)} s, ${Math.round(N / median(times[name])).toLocaleString('en')} parcels/s`,
  );
if (times.old) console.log(`  new/old wall time: ${(median(times.new) / median(times.old)).toFixed(2)}`);
