// Start-up cost of the CLI: `gepkit --version` against a bare `node -e 0`, each run N times, alternating.
// Prints the median wall time and CPU time (user + system, from /usr/bin/time where present) and the ratios.
// Goal: `gepkit --version` under 3× a bare node. Run: npm run bench:startup  (builds first).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const N = Number(process.env.N ?? 15);
const bin = fileURLToPath(new URL('../dist/cli/gepkit.js', import.meta.url));
const TIME = '/usr/bin/time';
const haveTime = existsSync(TIME);

/** One run: wall seconds, and CPU seconds (user + system) when /usr/bin/time is there. */
function once(args) {
  const t0 = process.hrtime.bigint();
  const r = haveTime
    ? spawnSync(TIME, ['-f', '%U %S', process.execPath, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, args, { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  const [u, s] = last.split(' ').map(Number);
  return { wall, cpu: haveTime ? u + s : NaN };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cases = {
  'node -e 0': ['-e', '0'],
  'gepkit --version': [bin, '--version'],
  'gepkit --help': [bin, '--help'],
};
const runs = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i < N; i++) for (const [name, args] of Object.entries(cases)) runs[name].push(once(args));

const base = runs['node -e 0'];
const baseWall = median(base.map((r) => r.wall));
const baseCpu = median(base.map((r) => r.cpu));
for (const [name, rs] of Object.entries(runs)) {
  const wall = median(rs.map((r) => r.wall));
  const cpu = median(rs.map((r) => r.cpu));
  const cpuText = haveTime ? `, CPU ${(cpu * 1000).toFixed(0)} ms (${(cpu / baseCpu).toFixed(2)}×)` : '';
  console.log(
    `${name.padEnd(18)} wall ${(wall * 1000).toFixed(0)} ms (${(wall / baseWall).toFixed(2)}× node -e 0)${cpuText}`,
  );
}
