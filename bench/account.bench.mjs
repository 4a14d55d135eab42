// Accounts the example county N times with the built library and prints throughput and peak memory.
// Run: npm run bench:account  (builds first; LIB=/path/to/index.js measures another build of the library;
// CACHE=1 shares one AccountCache between the accounts).
// Goal (exact path speed): ≥ 300 accounts per CPU second on the example. Wall-clock throughput depends on what else
// the machine runs; the CPU time per account (user + system, from process.cpuUsage) is the steadier figure on a
// shared machine, and the one compared with the goal.
import { readFileSync } from 'node:fs';

const GOAL_PER_CPU_S = 300;
const lib = await import(process.env.LIB ?? '../dist/index.js');
const { account } = lib;
// CACHE=1: the accounts share an AccountCache (src/account/cache.ts), as a caller accounting many inputs holds one;
// without it each account reads its coefficient tables and switches from scratch.
const cache = process.env.CACHE === '1' && lib.AccountCache ? new lib.AccountCache() : undefined;
const options = { baseYear: 2015, ...(cache ? { cache } : {}) };

const N = Number(process.env.N ?? 1000);
const input = JSON.parse(
  readFileSync(new URL('../examples/jiangxi-county/input.json', import.meta.url), 'utf8'),
);

let peakRss = process.memoryUsage().rss;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

// Warm up the JIT and the bundled-table cache, then measure.
for (let i = 0; i < 20; i++) account(input, options);
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
let gep = '';
let indicators = 0;
for (let i = 0; i < N; i++) {
  const r = account(input, options);
  gep = r.totals.gep.current;
  indicators = r.indicators.length;
  if (i % 50 === 0) sample();
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const used = process.cpuUsage(cpu0);
const cpuSeconds = (used.user + used.system) / 1e6;
sample();

const mb = (b) => (b / 1024 / 1024).toFixed(1);
console.log(
  `example county (${input.ecosystems.length} ecosystem rows, ${indicators} indicators), ${N} accounts` +
    (cache ? ', one AccountCache' : ', no cache'),
);
console.log(
  `  ${(N / seconds).toFixed(0)} accounts/s on one core (${((seconds / N) * 1000).toFixed(3)} ms each)`,
);
const perCpu = N / cpuSeconds;
console.log(
  `  ${perCpu.toFixed(0)} accounts per CPU second (${((cpuSeconds / N) * 1000).toFixed(3)} ms CPU each, GC included); ` +
    `goal ≥ ${GOAL_PER_CPU_S}: ${perCpu >= GOAL_PER_CPU_S ? 'met' : `${(GOAL_PER_CPU_S / perCpu).toFixed(1)}× short`}`,
);
console.log(`  peak RSS ${mb(peakRss)} MiB; GEP ${gep} 元 (sanity)`);
