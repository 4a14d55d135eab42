// Streams N generated activities (default 1,000,000; bench/carbon-activities.mjs) into a ledger store through
// StoredBatch (chunks of CHUNK lines, default 10,000, each one atomic append) with the built library, and prints
// activities/s, peak RSS and the bytes the store holds per activity.
// Run: npm run build && node --expose-gc bench/ledger-store.bench.mjs
//   STORE=sqlite (default: a temporary directory) | memory | postgres (needs PG_URL=postgres://…; the bench works in
//   a schema of its own and drops it afterwards) | none (the in-memory CarbonBatch alone, the baseline).
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CarbonBatch, MemoryLedgerStore, StoredBatch, bundledRuleSet } from '../dist/carbon/index.js';
import { nodeSha256, openLedgerStore } from '../dist/carbon/node.js';
import { activities } from './carbon-activities.mjs';

const N = Number(process.env.N ?? 1_000_000);
const STORE = process.env.STORE ?? 'sqlite';
const CHUNK = Number(process.env.CHUNK ?? 10_000);
const mb = (b) => (b / 1024 / 1024).toFixed(1);
let peakRss = 0;
const heap = [];
const sample = (i) => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  if (i !== undefined) heap.push(`${i / 1000}k ${mb(m.heapUsed)}`);
};
const opts = { rules: bundledRuleSet('jx-lvbao-example'), hash: nodeSha256 };

let dir;
let schema;
let store;
if (STORE === 'sqlite') {
  dir = mkdtempSync(join(tmpdir(), 'gepkit-bench-ledger-'));
  store = await openLedgerStore(dir);
} else if (STORE === 'memory') store = new MemoryLedgerStore();
else if (STORE === 'postgres') {
  if (process.env.PG_URL === undefined) throw new Error('STORE=postgres needs PG_URL');
  schema = `bench_${process.pid}`;
  const c = new pg.Client({ connectionString: process.env.PG_URL });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  const u = new URL(process.env.PG_URL);
  u.searchParams.set('options', `-c search_path=${schema}`);
  store = await openLedgerStore(u.toString());
}

let refused = 0;
let entries = 0;
const t0 = process.hrtime.bigint();
if (store === undefined) {
  const batch = new CarbonBatch(opts);
  let line = 0;
  for (const text of activities(N)) {
    const r = batch.process(text, ++line);
    if (!r.ok) refused++;
    entries += r.entries.length;
    if (line % 100_000 === 0) sample(line);
  }
} else {
  const run = await StoredBatch.open(store, { ...opts, chunk: CHUNK });
  let chunk = [];
  let first = 1;
  let line = 0;
  const flush = async () => {
    for (const r of await run.processChunk(chunk, first)) {
      if (!r.ok) refused++;
      entries += r.entries.length;
    }
    first += chunk.length;
    chunk = [];
  };
  for (const text of activities(N)) {
    chunk.push(text);
    if (++line % 100_000 === 0) sample(line);
    if (chunk.length === CHUNK) await flush();
  }
  if (chunk.length > 0) await flush();
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
sample();

let bytes;
if (dir !== undefined) {
  await store.close();
  bytes = readdirSync(dir).reduce((s, f) => s + statSync(join(dir, f)).size, 0);
  rmSync(dir, { recursive: true, force: true });
} else if (schema !== undefined) {
  await store.close();
  const c = new pg.Client({ connectionString: process.env.PG_URL });
  await c.connect();
  const r = await c.query(
    `SELECT sum(pg_total_relation_size(format('%I.%I', schemaname, tablename)))::bigint AS b FROM pg_tables WHERE schemaname = $1`,
    [schema],
  );
  bytes = Number(r.rows[0].b);
  await c.query(`DROP SCHEMA ${schema} CASCADE`);
  await c.end();
}
console.log(`gepkit ledger store bench: ${N} activities, store ${STORE}, chunks of ${CHUNK}`);
console.log(
  `  ${(N / seconds).toFixed(0)} activities/s (${seconds.toFixed(2)} s), ${entries} ledger entries, ${refused} refused`,
);
console.log(`  peak RSS ${mb(peakRss)} MiB; heap after GC by activities: ${heap.join(', ')} MiB`);
if (bytes !== undefined)
  console.log(`  on disk ${mb(bytes)} MiB, ${(bytes / N).toFixed(0)} bytes per activity`);
