// The VEP duplicate index alone: N parcels' ids and certificates looked up, then set when not found, as the batch
// does after its move to disk (every key new), through the `openDiskIndex` of one or more builds run alternately
// in one process; prints CPU seconds (user + system, `process.cpuUsage()`) per run and the medians, and the bytes
// the index's directory holds before it is closed.
// Run: node bench/vep-index.bench.mjs <build>/vep/node.js [<other build>/vep/node.js …]
//   N=... (default 1,000,000)  ROUNDS=... (default 3)  IDS=sequential|scattered (as in vep.bench.mjs)
import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const mods = process.argv.slice(2);
if (mods.length === 0) throw new Error('usage: node bench/vep-index.bench.mjs <build>/vep/node.js …');
const N = Number(process.env.N ?? 1_000_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const num = process.env.IDS === 'scattered' ? (i) => Math.imul(i, 2654435761) >>> 0 : (i) => i;
const opens = await Promise.all(mods.map(async (m) => (await import(m)).openDiskIndex));
const du = (dir) => readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);

function run(open) {
  const before = new Set(readdirSync(tmpdir()));
  const index = open();
  const dir = readdirSync(tmpdir()).find((d) => !before.has(d) && d.startsWith('gepkit-vep-index-'));
  const c0 = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    const id = `P${num(i)}`;
    if (index.ids.get(id) === undefined) index.ids.set(id, i + 2);
    const c = `赣(2024)示例县不动产权第${num(i)}号`;
    if (index.certificates.get(c) === undefined)
      index.certificates.set(c, { owner: { package: `PKG-${i % 50}`, holder: '甲' }, id });
  }
  const c = process.cpuUsage(c0);
  const bytes = dir === undefined ? NaN : du(join(tmpdir(), dir));
  index.close();
  return { cpu: (c.user + c.system) / 1e6, sys: c.system / 1e6, bytes };
}

const res = mods.map(() => []);
for (let r = 0; r < ROUNDS; r++)
  for (let k = 0; k < mods.length; k++) {
    const m = r % 2 === 0 ? k : mods.length - 1 - k;
    const x = run(opens[m]);
    res[m].push(x);
    console.log(
      `${mods[m]}: ${x.cpu.toFixed(2)} CPU s (${x.sys.toFixed(2)} system), ${(x.bytes / N).toFixed(0)} bytes per parcel on disk`,
    );
  }
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (let k = 0; k < mods.length; k++)
  console.log(`median ${mods[k]}: ${median(res[k].map((x) => x.cpu)).toFixed(2)} CPU s`);
