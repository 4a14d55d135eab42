// Streams N generated activities (default 1,000,000) through gepkit/carbon's batch engine with the built
// library and prints activities/s and memory. Each activity yields a reduction, points by the bundled 绿宝
// rules and ledger entries (sha256 chain); results and entries are serialised as the CLI would write them.
// Run: npm run bench:carbon  (builds first).  N=... HASH=noble|node  SERIALISE=0|1  IDS=memory|disk
// VARIETY=low|high  CARBON_DIST=<a build's dist directory> (default ../dist; bench/carbon-ab.mjs compares two builds)
// IDS=disk keeps the credited and seen ids in an on-disk store (openSqliteIdStore, in a temporary directory):
// memory then stays flat in the number of activities; IDS=memory (default) keeps them in Maps.
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { activities } from './carbon-activities.mjs';
import { tmpdir } from 'node:os';

const dist = process.env.CARBON_DIST ?? new URL('../dist', import.meta.url).pathname;
const load = (file) => import(pathToFileURL(resolve(dist, 'carbon', file)).href);
const { CarbonBatch, bundledRuleSet, toJsonLine } = await load('index.js');
const nodeExports = await load('node.js');
const { nodeSha256 } = nodeExports;
// An older build names the on-disk id store openRefStore (a directory) instead of openSqliteIdStore (a file).
const openIdStore = (dir) =>
  nodeExports.openSqliteIdStore !== undefined
    ? nodeExports.openSqliteIdStore(join(dir, 'ids.sqlite'))
    : nodeExports.openRefStore(dir);

const N = Number(process.env.N ?? 1_000_000);
const USERS = Number(process.env.USERS ?? 10_000);
const HASH = process.env.HASH ?? 'node';
const SERIALISE = process.env.SERIALISE !== '0';
const IDS = process.env.IDS ?? 'memory';
const VARIETY = process.env.VARIETY ?? 'low';
const storeDir = IDS === 'disk' ? mkdtempSync(join(tmpdir(), 'gepkit-bench-ids-')) : undefined;
const store = storeDir !== undefined ? openIdStore(storeDir) : undefined;

const mb = (b) => (b / 1024 / 1024).toFixed(1);
let peakRss = 0;
const samples = [];
const sample = (i) => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  if (i !== undefined) samples.push([i, m.heapUsed, m.rss]);
};

const batch = new CarbonBatch({
  rules: bundledRuleSet('jx-lvbao-example'),
  ...(HASH === 'node' ? { hash: nodeSha256 } : {}),
  ...(store !== undefined ? { credited: store.credited, seen: store.seen } : {}),
});
let bytes = 0;
let refused = 0;
let entries = 0;
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
let line = 0;
for (const text of activities(N)) {
  const r = batch.process(text, ++line);
  if (!r.ok) refused++;
  entries += r.entries.length;
  if (SERIALISE) {
    for (const e of r.entries) bytes += toJsonLine(e).length;
    bytes += toJsonLine({ ...r, entries: r.entries.map((e) => e.hash) }).length;
  }
  if (line % 100_000 === 0) sample(line);
}
store?.flush(); // the last buffered ids reach the disk inside the timed run
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
store?.close();
if (storeDir !== undefined) rmSync(storeDir, { recursive: true, force: true });
sample();
const s = batch.summary();
console.log(
  `gepkit/carbon batch: ${N} activities (${USERS} users; bus, shared bike, metro), hash ${HASH}, serialise ${SERIALISE}, ids in ${IDS}, quantity variety ${VARIETY}`,
);
console.log(
  `  ${(N / seconds).toFixed(0)} activities/s on one core (${seconds.toFixed(2)} s), ${entries} ledger entries, ${refused} refused`,
);
// CPU time of the timed loop (user + system, this process, GC threads included): on a shared machine the
// wall-clock figure above also counts the time spent waiting for a core.
console.log(
  `  ${(N / cpuSeconds).toFixed(0)} activities per CPU second (${cpuSeconds.toFixed(2)} s user + system)`,
);
console.log(`  peak RSS ${mb(peakRss)} MiB`);
console.log(
  `  heap used ${globalThis.gc ? 'after GC' : '(run with --expose-gc to see it after GC)'} by activities processed: ${samples.map(([i, h]) => `${i / 1000}k ${mb(h)}`).join(', ')} MiB`,
);
console.log(
  `  ${s.grams} g CO₂, ${s.points} points, ledger head ${s.ledger.head.slice(0, 16)}… (sanity); ${mb(bytes)} MiB of JSON Lines`,
);

// The floor: what every activity costs before any gepkit logic — generating its line, JSON.parse, and the sha256
// digests of its ledger entries (1.65 per activity here, each over a ≈ 250-byte canonical entry + prev hash).
if (process.env.FLOOR !== '0' && HASH === 'node') {
  const n = Math.min(N, 200_000);
  const body =
    '{"amount":"150","meta":{"activity":"a1","factors":"wuhan-travel-2023@1.1.0","methodology":"travel/per-trip@1"},"ref":"a1","seq":0,"to":"user:u1","ts":"2024-05-01T00:00:00.000Z","type":"issue","unit":"g_CO2"}';
  let chars = 0; // read the parsed value so the parse is used
  let t = process.hrtime.bigint();
  for (const text of activities(n)) chars += JSON.parse(text).id.length;
  const parse = Number(process.hrtime.bigint() - t) / n;
  if (chars === 0) throw new Error('no activity parsed');
  t = process.hrtime.bigint();
  let prev = '0'.repeat(64);
  const perActivity = entries / N;
  for (let i = 0; i < n * perActivity; i++) prev = nodeSha256(body + i + prev);
  const hashing = Number(process.hrtime.bigint() - t) / n;
  console.log(
    `  floor: line + JSON.parse ${(parse / 1000).toFixed(2)} µs, ${perActivity.toFixed(2)} sha256 ${(hashing / 1000).toFixed(2)} µs → at most ${(1e9 / (parse + hashing)).toFixed(0)} activities/s with no gepkit logic`,
  );
}
