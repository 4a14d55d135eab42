// Reconciles N parcel results (the JSON Lines of `gepkit vep value`, default 1,000,000, each with 13 cells) with a
// county account, streamed as `gepkit vep reconcile` does (ParcelSums), and prints the time and the heap along the
// way: it stays flat in N (the sums are kept per indicator × type, not per parcel).
// Run: npm run build && node --expose-gc bench/vep-reconcile.bench.mjs   (N=...; VEP_MODULE=path; HOLD=1 keeps
// every result in a list and reconciles the list, for comparison)
import { createReadStream, createWriteStream, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const mod = await import(process.env.VEP_MODULE ?? '../dist/vep/index.js');
const { ParcelSums, reconcile, splitLines } = mod;
const N = Number(process.env.N ?? 1_000_000);
const HOLD = process.env.HOLD === '1';
const held = [];
const here = new URL('.', import.meta.url).pathname;
const county = JSON.parse(readFileSync(join(here, '..', 'examples', 'vep', 'account-2023.json'), 'utf8'));

const TYPES = ['forest.broadleaf', 'shrub'];
const CODES = ['R1', 'R2', 'R3', 'R6', 'R7', 'R8', 'R9'];
const file = join(tmpdir(), `gepkit-vep-reconcile-${process.pid}.jsonl`);
{
  const w = createWriteStream(file, { encoding: 'utf8' });
  let buf = '';
  for (let i = 0; i < N; i++) {
    const cells = [];
    for (const t of TYPES)
      for (const c of CODES)
        if (!(t === 'shrub' && c === 'R9'))
          cells.push({
            indicator: c,
            type: t,
            value: `${(i % 9973) + 1}.${String(i % 100).padStart(2, '0')}`,
          });
    buf += `${JSON.stringify({ line: i + 2, ok: true, id: `P${i}`, cells, issues: [] })}\n`;
    if (buf.length > 1 << 16) {
      if (!w.write(buf)) await once(w, 'drain');
      buf = '';
    }
  }
  w.end(`${buf}${JSON.stringify({ summary: { basis: { priceYear: county.prices.currentYear } } })}\n`);
  await once(w, 'finish');
}

const mb = (b) => (b / 1024 / 1024).toFixed(1);
global.gc?.();
const t0 = process.hrtime.bigint();
const sums = new ParcelSums();
let priceYear;
let n = 0;
const samples = [];
for await (const line of splitLines(createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 }))) {
  if (line.trim() === '') continue;
  const o = JSON.parse(line);
  if (o.summary !== undefined) priceYear = o.summary.basis.priceYear;
  else if (HOLD) held.push({ ok: o.ok, cells: o.cells });
  else sums.add(o);
  if (++n % Math.max(1, Math.floor(N / 5)) === 0) {
    global.gc?.();
    samples.push([n, process.memoryUsage().heapUsed]);
  }
}
const r = reconcile(HOLD ? held : sums, county, priceYear);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
rmSync(file);
console.log(
  `gepkit/vep reconcile: ${N.toLocaleString('en')} parcel results, ${HOLD ? `${held.length} results held` : `${sums.size} cells held`}`,
);
console.log(
  `  ${seconds.toFixed(2)} s, ${Math.round(N / seconds).toLocaleString('en')} results/s; ${r.rows.length} rows`,
);
for (const [i, heap] of samples)
  console.log(`    ${String(i).padStart(9)}  heap ${mb(heap).padStart(7)} MB (after gc)`);
