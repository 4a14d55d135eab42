// Values N generated parcels (default 1,000,000) streamed from a generated file through gepkit/vep's batch
// engine with the built library, and prints parcels/s and memory. Parcels have 1–3 ecosystem types in 亩, hm²
// or m², two climate keys, rights and packages (the example context, examples/vep/context.json).
// Run: npm run build && node bench/vep.bench.mjs
//   N=...  FORMAT=csv|jsonl  SERIALISE=0|1 (each result as the CLI writes it: its line, encoded to UTF-8 bytes in
//   64 KiB blocks as gepkit's writers do, the bytes counted; default 1)
//   RESULTS=jsonl|compact|csv (how results are serialised: a JSON line each, toJsonLine, as `vep value` writes
//   them by default; a compact JSON line each, toCompactLine, as `vep value --format compact` writes them; or a
//   CSV row per valued parcel, resultCsvRow, as `vep value --format csv` writes them; default jsonl)
//   CHECK_DUPLICATES=0|1 (ids and certificates: the only state that grows with N; default 1)
//   INDEX=auto|memory|disk (where the duplicate checks keep their keys, as `vep value --index`; default auto:
//   in memory up to 100,000 keys, then in the build's disk index in the temporary directory)
//   WARNINGS=refs|inline (refs: each distinct warning once in the summary, as the CLI does; default refs)
//   IDS=sequential|scattered (parcel and certificate numbers: 0, 1, 2 … in file order, or the same numbers
//   scattered over 0 … 2³² by a fixed bijection, as ids from a register are; default sequential)
//   WORKERS=n (value with a pool of n worker threads, valueParcelsPooled of gepkit/vep/node, as `vep value
//   --workers n` does; default 0: one batch in this thread), CHUNK=lines (lines per chunk of the pool, default 64)
//   COMPACT_BYTES=0|1 (with RESULTS=compact: compact lines as text, toCompactLine, or written as bytes from each
//   valued parcel, VepBatch.take and CompactLineWriter, as the CLI does; default 1 where the build has them)
//   VEP_MODULE=path (default ../dist/vep/index.js), VEP_NODE_MODULE=path (default ../dist/vep/node.js)
// Memory: peak RSS over the run (sampled every 10,000 lines) beside the RSS before the first parcel; with the
// keys on disk it stays flat in N (compare N=100000 and N=1000000).
import { createReadStream, readFileSync, rmSync } from 'node:fs';
import { writeParcels } from './vep-parcels.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const mod = await import(process.env.VEP_MODULE ?? '../dist/vep/index.js');
const { VepBatch, splitLines } = mod;
// Builds older than indexOptions (bench/vep-ab.mjs compares builds) keep the keys in memory.
const { toJsonLine } = mod;
const RESULTS = process.env.RESULTS ?? 'jsonl';

const N = Number(process.env.N ?? 1_000_000);
const WORKERS = Number(process.env.WORKERS ?? 0);
const FORMAT = process.env.FORMAT ?? 'csv';
const SERIALISE = process.env.SERIALISE !== '0';
const CHECK = process.env.CHECK_DUPLICATES !== '0';
const WARNINGS = process.env.WARNINGS ?? 'refs';
const INDEX = process.env.INDEX ?? 'auto';
const IDS = process.env.IDS ?? 'sequential';
const index =
  INDEX === 'memory' || mod.indexOptions === undefined
    ? {}
    : mod.indexOptions(
        INDEX,
        (await import(process.env.VEP_NODE_MODULE ?? '../dist/vep/node.js')).openDiskIndex,
      );
const here = new URL('.', import.meta.url).pathname;
const context = JSON.parse(readFileSync(join(here, '..', 'examples', 'vep', 'context.json'), 'utf8'));

// 1. Generate the file (not timed).
const file = join(tmpdir(), `gepkit-vep-bench-${process.pid}.${FORMAT}`);
await writeParcels(file, N, { format: FORMAT, ids: IDS });

// 2. Value it, streamed.
const mb = (b) => (b / 1024 / 1024).toFixed(1);
let peakRss = 0;
const samples = [];
const batch = new VepBatch(context, {
  format: FORMAT,
  checkDuplicates: CHECK,
  warnings: WARNINGS,
  ...index,
});
const indicators = batch.valuer.basis.indicators.map((i) => i.code);
// A refused parcel has no CSV row (its issues are reported apart, as the CLI does).
const serialise =
  RESULTS === 'csv'
    ? (r) => (r.ok ? mod.resultCsvRow(r, indicators) : '')
    : RESULTS === 'compact'
      ? (r) => mod.toCompactLine(r)
      : (r) => toJsonLine(r);
let line = 0;
let bytes = 0;
// Each result line encoded to UTF-8 into 64 KiB blocks, as gepkit's writers do (src/io/utf8-blocks.ts: TextWriter
// of --out-dir, the CLI's stdout), and counted; a full block is dropped where a writer would write it.
const encoder = new TextEncoder();
let block = new Uint8Array(1 << 16);
let used = 0;
const encode = (text) => {
  if (used + 3 * text.length > block.length) {
    bytes += used;
    used = 0;
    if (3 * text.length > block.length) block = new Uint8Array(3 * text.length);
  }
  used += encoder.encodeInto(text, block.subarray(used)).written;
};
// Compact lines written as bytes straight from each valued parcel (VepBatch.take and CompactLineWriter, as
// `vep value --format compact` does) where the build has them; COMPACT_BYTES=0 makes them as text (toCompactLine).
const writer =
  SERIALISE &&
  RESULTS === 'compact' &&
  mod.CompactLineWriter !== undefined &&
  process.env.COMPACT_BYTES !== '0'
    ? new mod.CompactLineWriter()
    : undefined;
const put = (r) => {
  let end = writer.writeInto(r, block, used);
  if (end < 0) {
    bytes += used;
    used = 0;
    end = writer.writeInto(r, block, 0);
    if (end < 0) {
      bytes += writer.bytes(r).length;
      return;
    }
  }
  used = end;
};
let refused = 0;
global.gc?.();
const startRss = process.memoryUsage().rss;
const startHeap = process.memoryUsage().heapUsed;
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
let pooled;
try {
  if (WORKERS > 0) pooled = await pool();
  else
    for await (const text of splitLines(
      createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 }),
    )) {
      const r = writer === undefined ? batch.process(text, ++line) : batch.take(text, ++line);
      if (r === undefined) continue;
      if (!('ok' in r)) put(r);
      else {
        if (!r.ok) refused += 1;
        if (SERIALISE) encode(serialise(r));
      }
      if (line % 10_000 === 0) {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        if (line % 100_000 === 0) samples.push([line, m.heapUsed, m.rss]);
      }
    }
} catch (e) {
  // The disk index's temporary folder is removed on close, also when the run fails.
  batch.close?.();
  rmSync(file);
  throw e;
}
bytes += used;
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(c0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const s = pooled ?? batch.summary();
peakRss = Math.max(peakRss, process.memoryUsage().rss);
// What the batch holds at the end (its maps of ids and certificates, or its index's buffers and filters), after a
// full collection (with --expose-gc): garbage not yet collected makes peak RSS vary from run to run.
global.gc?.();
const endHeap = process.memoryUsage().heapUsed;
batch.close?.();
rmSync(file);

console.log(
  `gepkit/vep batch: ${N.toLocaleString('en')} parcels (${WORKERS > 0 ? `${WORKERS} workers, ` : ''}${FORMAT}${SERIALISE ? `, results serialised as ${RESULTS}` : ''}, duplicate check ${CHECK ? `on, index ${INDEX}, ids ${IDS}` : 'off'}, warnings ${WARNINGS})`,
);
console.log(`  ${seconds.toFixed(2)} s, ${Math.round(N / seconds).toLocaleString('en')} parcels/s`);
// CPU time of this process (all its threads, GC included): less sensitive than wall time to other load on the machine
console.log(
  `  ${cpuSeconds.toFixed(2)} s of CPU, ${Math.round(N / cpuSeconds).toLocaleString('en')} parcels per CPU-second`,
);
console.log(
  `  valued ${s.valued}, refused ${refused}; paths fast ${s.paths.fast}, decimal ${s.paths.decimal}; total ${s.value} 元`,
);
if (SERIALISE) console.log(`  ${mb(bytes)} MB of results (${RESULTS})`);
if (global.gc !== undefined)
  console.log(
    `  heap after a full GC: ${mb(startHeap)} MB before the first parcel, ${mb(endHeap)} MB after the last`,
  );
console.log(
  `  peak RSS ${mb(peakRss)} MB (${mb(startRss)} MB before the first parcel); heap used by parcels read:`,
);
for (const [i, heap, rss] of samples.filter((_, k) => k % 2 === 1 || samples.length < 6))
  console.log(`    ${String(i).padStart(9)}  heap ${mb(heap).padStart(7)} MB  rss ${mb(rss).padStart(7)} MB`);

/** The same lines through a pool of WORKERS threads: refused results and the text of valued ones, counted. */
async function pool() {
  const { valueParcelsPooled } = await import(process.env.VEP_NODE_MODULE ?? '../dist/vep/node.js');
  const gen = valueParcelsPooled(
    mod.splitLineBlocks(createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 })),
    context,
    {
      workers: WORKERS,
      ...(process.env.CHUNK ? { chunkLines: Number(process.env.CHUNK) } : {}),
      format: FORMAT,
      checkDuplicates: CHECK,
      warnings: WARNINGS,
      ...index,
      output: RESULTS === 'csv' ? { format: 'csv', indicators } : { format: RESULTS },
    },
  );
  let seen = 0;
  for (let step = await gen.next(); ; step = await gen.next()) {
    if (step.done) return step.value;
    const item = step.value;
    if ('bytes' in item) {
      bytes += item.bytes.byteLength;
    } else {
      refused += 1;
      if (SERIALISE && RESULTS !== 'csv') encode(serialise(item));
    }
    seen += 'bytes' in item ? item.results : 1;
    if (seen - line >= 10_000) {
      line = seen;
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      if (samples.length === 0 || line - samples.at(-1)[0] >= 100_000)
        samples.push([line, m.heapUsed, m.rss]);
    }
  }
}
