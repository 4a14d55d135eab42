// Streams N generated activities (default 1,000,000; bench/carbon-activities.mjs) into a ledger store through
// StoredBatch (chunks of CHUNK lines, default StoredBatch's, each one atomic append) with the built library, and prints
// activities per second of wall-clock time and per second of this process's CPU time (user + system,
// process.cpuUsage: on a shared machine the figure to compare), peak RSS, the heap after GC every 100,000
// activities (flat memory), and the bytes the store holds per activity.
// Run: npm run bench:ledger (every store, each in its own process), or N=100000 npm run bench:ledger for a quick run.
//   STORE=sqlite (a temporary directory) | memory | postgres | none (the in-memory CarbonBatch alone, the baseline)
//   runs one store in this process. PostgreSQL runs when PG_URL or GEPKIT_TEST_PG_URL names a server (the bench
//   works in a schema of its own and drops it afterwards); its CPU figure is the client's, and when the server runs
//   on this machine the server's CPU time (its processes' in /proc) is printed beside it, with activities per CPU-second
//   of client and server together. PARTITIONS=n creates the ledger with n partitions (default 1).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CarbonBatch, MemoryLedgerStore, StoredBatch, bundledRuleSet } from '../dist/carbon/index.js';
import { nodeSha256, openLedgerStore } from '../dist/carbon/node.js';
import { activities } from './carbon-activities.mjs';

const N = Number(process.env.N ?? 1_000_000);
const STORE = process.env.STORE;
const CHUNK = process.env.CHUNK !== undefined ? { chunk: Number(process.env.CHUNK) } : {};
const PG_URL = process.env.PG_URL ?? process.env.GEPKIT_TEST_PG_URL;
const PARTITIONS = process.env.PARTITIONS !== undefined ? { partitions: Number(process.env.PARTITIONS) } : {};

if (STORE === undefined) {
  // Every store, each in a child process of its own (its peak RSS is its own).
  const stores = ['memory', 'sqlite', ...(PG_URL !== undefined ? ['postgres'] : [])];
  if (PG_URL === undefined)
    console.log(
      '(PostgreSQL skipped: set PG_URL or GEPKIT_TEST_PG_URL to a server, e.g. scripts/pg-test-cluster.sh)',
    );
  for (const store of stores) {
    const r = spawnSync(process.execPath, ['--expose-gc', new URL(import.meta.url).pathname], {
      env: { ...process.env, STORE: store },
      stdio: 'inherit',
    });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  process.exit(0);
}
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
  store = await openLedgerStore(dir, PARTITIONS);
} else if (STORE === 'memory') store = new MemoryLedgerStore(PARTITIONS);
else if (STORE === 'postgres') {
  if (PG_URL === undefined) throw new Error('STORE=postgres needs PG_URL or GEPKIT_TEST_PG_URL');
  schema = `bench_${process.pid}`;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  const u = new URL(PG_URL);
  u.searchParams.set('options', `-c search_path=${schema}`);
  store = await openLedgerStore(u.toString(), PARTITIONS);
}

// The PostgreSQL server's CPU time (user + system of the postmaster and its children: the backends, the WAL
// writer, the checkpointer, autovacuum), read from /proc when the server runs on this machine and the bench's
// user may read its data directory's name; null otherwise. A child that exits between two readings (an autovacuum
// worker) takes its time with it, so the figure is a lower bound.
async function serverCpuSeconds() {
  if (schema === undefined) return null;
  try {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    const dirRow = await c.query('SHOW data_directory');
    await c.end();
    const pid = Number(
      readFileSync(join(dirRow.rows[0].data_directory, 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    let ticks = 0;
    for (const d of readdirSync('/proc')) {
      if (!/^[0-9]+$/.test(d)) continue;
      let stat;
      try {
        stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      } catch {
        continue;
      }
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields after the command: state (3), ppid (4), …, utime (14), stime (15), numbered as in proc(5).
      if (Number(d) === pid || Number(f[1]) === pid) ticks += Number(f[11]) + Number(f[12]);
    }
    return ticks / 100; // USER_HZ, 100 on Linux
  } catch {
    return null;
  }
}
const server0 = await serverCpuSeconds();

let chunkSize = '-';
let refused = 0;
let entries = 0;
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
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
  const run = await StoredBatch.open(store, { ...opts, ...CHUNK });
  chunkSize = run.chunkSize;
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
    if (chunk.length === run.chunkSize) await flush();
  }
  if (chunk.length > 0) await flush();
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const server1 = await serverCpuSeconds();
const serverSeconds = server0 !== null && server1 !== null ? server1 - server0 : null;
sample();

let bytes;
if (dir !== undefined) {
  await store.close();
  bytes = readdirSync(dir).reduce((s, f) => s + statSync(join(dir, f)).size, 0);
  rmSync(dir, { recursive: true, force: true });
} else if (schema !== undefined) {
  await store.close();
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  const r = await c.query(
    `SELECT sum(pg_total_relation_size(format('%I.%I', schemaname, tablename)))::bigint AS b FROM pg_tables WHERE schemaname = $1`,
    [schema],
  );
  bytes = Number(r.rows[0].b);
  await c.query(`DROP SCHEMA ${schema} CASCADE`);
  await c.end();
}
console.log(
  `gepkit ledger store bench: ${N} activities, store ${STORE}, chunks of ${chunkSize}, ${PARTITIONS.partitions ?? 1} partition(s)`,
);
console.log(
  `  ${(N / cpuSeconds).toFixed(0)} activities per CPU-second (${cpuSeconds.toFixed(2)} s user+system of this process); ` +
    `${(N / seconds).toFixed(0)} activities/s wall-clock (${seconds.toFixed(2)} s); ${entries} ledger entries, ${refused} refused`,
);
if (serverSeconds !== null)
  console.log(
    `  PostgreSQL server: ${serverSeconds.toFixed(2)} s CPU; client + server ${(N / (cpuSeconds + serverSeconds)).toFixed(0)} activities per CPU-second`,
  );
console.log(`  peak RSS ${mb(peakRss)} MiB; heap after GC by activities: ${heap.join(', ')} MiB`);
if (bytes !== undefined)
  console.log(`  on disk ${mb(bytes)} MiB, ${(bytes / N).toFixed(0)} bytes per activity`);
