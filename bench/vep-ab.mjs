// A/B of two builds of gepkit/vep on the batch bench (bench/vep.bench.mjs), run alternately in one session so
// that the load of a shared machine falls on both alike; prints each run, the medians and the ratio new/old.
// Run: node bench/vep-ab.mjs <old/vep/index.js> <new/vep/index.js>   (ROUNDS=5, N=200000; other variables
// of vep.bench.mjs pass through; each build's disk index is the node.js beside its index.js). A ratio within
// ±15 % is run-to-run noise.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';

const [a, b] = process.argv.slice(2);
if (a === undefined || b === undefined)
  throw new Error('usage: node bench/vep-ab.mjs <old module> <new module>');
const rounds = Number(process.env.ROUNDS ?? 5);
const bench = join(new URL('.', import.meta.url).pathname, 'vep.bench.mjs');
const run = (mod) => {
  const out = execFileSync(process.execPath, ['--expose-gc', bench], {
    env: {
      ...process.env,
      N: process.env.N ?? '200000',
      VEP_MODULE: mod,
      VEP_NODE_MODULE: join(dirname(mod), 'node.js'),
    },
    encoding: 'utf8',
  });
  const rate = Number(/([\d,]+) parcels\/s/.exec(out)[1].replaceAll(',', ''));
  const rss = Number(/peak RSS ([\d.]+) MB/.exec(out)[1]);
  const cpu = Number(/([\d,]+) parcels per CPU-second/.exec(out)[1].replaceAll(',', ''));
  return { rate, rss, cpu };
};
const res = { old: [], new: [] };
for (let i = 0; i < rounds; i++) {
  for (const [k, m] of i % 2 === 0
    ? [
        ['old', a],
        ['new', b],
      ]
    : [
        ['new', b],
        ['old', a],
      ]) {
    const r = run(m);
    res[k].push(r);
    console.log(`${k} ${r.rate} parcels/s, ${r.cpu} per CPU-second, peak RSS ${r.rss} MB`);
  }
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const mo = median(res.old.map((r) => r.rate));
const mn = median(res.new.map((r) => r.rate));
console.log(
  `median old ${mo} parcels/s (RSS ${median(res.old.map((r) => r.rss))} MB), new ${mn} parcels/s (RSS ${median(res.new.map((r) => r.rss))} MB); new/old ${(mn / mo).toFixed(2)}`,
);
const co = median(res.old.map((r) => r.cpu));
const cn = median(res.new.map((r) => r.cpu));
console.log(`per CPU-second: median old ${co}, new ${cn}; new/old ${(cn / co).toFixed(2)}`);
