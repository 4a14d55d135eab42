// A/B of two builds of gepkit/vep on VepBatch.process alone (CSV lines already in memory, no duplicate checks, no
// serialisation), in one process, alternated round by round, CPU time: the valuation's own cost, without the noise
// of the index and the writer. Prints each round's µs per parcel and the medians.
// Run: node --expose-gc bench/vep-process-ab.mjs <old/vep/index.js> <new/vep/index.js>   (N=100000, ROUNDS=6)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [a, b] = process.argv.slice(2);
if (a === undefined || b === undefined)
  throw new Error('usage: node bench/vep-process-ab.mjs <old module> <new module>');
const mods = [await import(a), await import(b)];
const here = new URL('.', import.meta.url).pathname;
const context = JSON.parse(readFileSync(join(here, '..', 'examples', 'vep', 'context.json'), 'utf8'));
const N = Number(process.env.N ?? 100_000);
const ROUNDS = Number(process.env.ROUNDS ?? 6);

// The input of bench/vep.bench.mjs: 1–3 types in 亩, hm² or m², two keys, a right with a certificate.
const TYPES = ['forest.broadleaf', 'forest.coniferous', 'shrub', 'cropland.paddy'];
const UNITS = ['mu', 'hm2', 'm2'];
const header = `id,package,key,unit,${TYPES.map((t) => `area:${t}`).join(',')},right,certificate`;
const lines = [];
for (let i = 0; i < N; i++) {
  const u = UNITS[i % 3];
  const x = ((i * 7919) % 100000) / 100;
  const v = u === 'm2' ? (x * 100).toFixed(0) : x.toFixed(2);
  const cells = TYPES.map((_, k) => (k < 1 + (i % 3) ? v : ''));
  lines.push(
    `P${i},PKG-${i % 50},${i % 2 === 0 ? 'hills' : 'valley'},${u},${cells.join(',')},forest,赣(2024)示例县不动产权第${i}号`,
  );
}

const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e3;
};
const res = [[], []];
for (let round = 0; round < ROUNDS; round++)
  for (const k of round % 2 === 0 ? [0, 1] : [1, 0]) {
    const batch = new mods[k].VepBatch(context, { format: 'csv', warnings: 'refs', checkDuplicates: false });
    batch.process(header, 1);
    global.gc?.();
    const t = cpu();
    for (let i = 0; i < N; i++) batch.process(lines[i], i + 2);
    res[k].push(((cpu() - t) * 1000) / N);
  }
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
for (const [k, name] of [
  [0, 'old'],
  [1, 'new'],
])
  console.log(
    `${name} ${res[k].map((x) => x.toFixed(2)).join(' ')} µs per parcel; median ${median(res[k]).toFixed(2)}`,
  );
console.log(`new/old ${(median(res[1]) / median(res[0])).toFixed(2)} (CPU time per parcel)`);
