// A/B of two builds of gepkit/carbon on the batch bench (bench/carbon.bench.mjs): the same generated input run
// alternately against both builds in one session, so that the load of a shared machine falls on both alike.
// Prints each run, the medians of activities per CPU second (user + system time of the timed loop) and the
// ratio new/old. Run: node bench/carbon-ab.mjs <old dist directory> <new dist directory>
// (ROUNDS=5, N=200000; IDS, VARIETY, SERIALISE, HASH, USERS pass through to carbon.bench.mjs).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const [a, b] = process.argv.slice(2);
if (a === undefined || b === undefined)
  throw new Error('usage: node bench/carbon-ab.mjs <old dist directory> <new dist directory>');
const rounds = Number(process.env.ROUNDS ?? 5);
const bench = join(new URL('.', import.meta.url).pathname, 'carbon.bench.mjs');
const run = (dist) => {
  const out = execFileSync(process.execPath, ['--expose-gc', bench], {
    env: { ...process.env, N: process.env.N ?? '200000', FLOOR: '0', CARBON_DIST: dist },
    encoding: 'utf8',
  });
  const cpu = Number(/(\d+) activities per CPU second/.exec(out)[1]);
  const rss = Number(/peak RSS ([\d.]+) MiB/.exec(out)[1]);
  const sanity = /(\d+) g CO₂, (\d+) points/.exec(out).slice(1).join(' g, ');
  return { cpu, rss, sanity };
};
const res = { old: [], new: [] };
for (let i = 0; i < rounds; i++) {
  const order =
    i % 2 === 0
      ? [
          ['old', a],
          ['new', b],
        ]
      : [
          ['new', b],
          ['old', a],
        ];
  for (const [k, dist] of order) {
    const r = run(dist);
    res[k].push(r);
    console.log(`${k} ${r.cpu} activities per CPU second, peak RSS ${r.rss} MiB (${r.sanity} points)`);
  }
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const co = median(res.old.map((r) => r.cpu));
const cn = median(res.new.map((r) => r.cpu));
console.log(
  `median per CPU second: old ${co}, new ${cn}; new/old ${(cn / co).toFixed(3)} (${rounds} alternating runs each, N=${process.env.N ?? 200000})`,
);
