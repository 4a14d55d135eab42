// Where the cost of a VEP result line goes: 30,000 results of the example context (1–3 types each, duplicate checks
// off) made once, then each serialised as the CLI writes it (toJsonLine and its UTF-8 length) and each field of the
// line alone, and the cells in leaner shapes a format change could give them; CPU µs per result, the best of five
// passes, and the bytes of one line. The compact line (toCompactLine, `vep value --format compact`) is measured
// beside the full one; the other shapes are not formats gepkit writes.
// Run: npm run build && node bench/vep-line.bench.mjs   (VEP_MODULE=path, default ../dist/vep/index.js)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const { VepBatch, toJsonLine, toCompactLine } = await import(
  process.env.VEP_MODULE ?? '../dist/vep/index.js'
);
const here = new URL('.', import.meta.url).pathname;
const context = JSON.parse(readFileSync(join(here, '..', 'examples', 'vep', 'context.json'), 'utf8'));
const TYPES = ['forest.broadleaf', 'forest.coniferous', 'shrub', 'cropland.paddy'];
const batch = new VepBatch(context, { format: 'csv', checkDuplicates: false, warnings: 'refs' });
batch.process(`id,package,key,unit,${TYPES.map((t) => `area:${t}`).join(',')},right,certificate`, 1);
const results = [];
for (let i = 0; i < 30_000; i++) {
  const n = 1 + (i % 3);
  const areas = TYPES.map((_, k) => (k < n ? (((i * 7919) % 100_000) / 100).toFixed(2) : ''));
  const key = i % 2 === 0 ? 'hills' : 'valley';
  results.push(batch.process(`P${i},PKG-${i % 50},${key},mu,${areas.join(',')},forest,C${i}`, i + 2));
}

function time(name, values, f) {
  let best = Infinity;
  for (let pass = 0; pass < 5; pass++) {
    const c0 = process.cpuUsage();
    let n = 0;
    for (const v of values) n += f(v);
    const c = process.cpuUsage(c0);
    if (n < 0) throw new Error('unreachable');
    best = Math.min(best, (c.user + c.system) / values.length);
  }
  console.log(`  ${name.padEnd(46)} ${best.toFixed(2)} µs`);
}

console.log(`gepkit/vep result line: ${results.length.toLocaleString('en')} results, CPU µs per result`);
time('toJsonLine + UTF-8 length (as the CLI)', results, (r) => Buffer.byteLength(toJsonLine(r)));
if (toCompactLine !== undefined)
  time('toCompactLine + UTF-8 length (--format compact)', results, (r) =>
    Buffer.byteLength(toCompactLine(r)),
  );
for (const k of Object.keys(results[0]))
  time(`field ${k}`, results, (r) => (JSON.stringify(r[k]) ?? '').length);
const shapes = {
  'cells as [indicator, type, value]': (r) => r.cells.map((c) => [c.indicator, c.type, c.value]),
  'cells as { type: { indicator: value } }': (r) => {
    const o = {};
    for (const c of r.cells) (o[c.type] ??= {})[c.indicator] = c.value;
    return o;
  },
  'cell values only (order given elsewhere)': (r) => r.cells.map((c) => c.value),
};
const sample = results[2];
console.log(
  `  bytes of one line (3 types): ${toJsonLine(sample).length}, its cells ${JSON.stringify(sample.cells).length}` +
    (toCompactLine === undefined ? '' : `; as a compact line ${toCompactLine(sample).length}`),
);
for (const [name, shape] of Object.entries(shapes)) {
  const values = results.map(shape);
  time(name, values, (v) => JSON.stringify(v).length);
  console.log(`    bytes of those cells: ${JSON.stringify(shape(sample)).length}`);
}
