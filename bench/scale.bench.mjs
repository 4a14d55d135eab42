// Cost of one exact account as its input grows: the example county's three townships copied K times (K × 40
// ecosystem rows), each size accounted a few times with the built library. Prints rows, CPU time per account,
// ecosystem rows per CPU second and the heap growth per row; linear cost keeps rows/s flat as K grows.
// Run: npm run build && node --expose-gc bench/scale.bench.mjs   (SIZES=1,10,50 REPS=3 to choose)
import { readFileSync } from 'node:fs';
import { account } from '../dist/index.js';

const base = JSON.parse(
  readFileSync(new URL('../examples/jiangxi-county/input.json', import.meta.url), 'utf8'),
);
const SIZES = (process.env.SIZES ?? '1,10,50').split(',').map(Number);
const REPS = Number(process.env.REPS ?? 3);

/** The example with its zones (and their ecosystem rows) copied k times; copy 0 keeps the original ids. */
function scaled(k) {
  const id = (z, c) => (c === 0 ? z : `${z}-${c}`);
  const copies = Array.from({ length: k }, (_, c) => c);
  return {
    ...base,
    totalArea: { value: String(Number(base.totalArea.value) * k), unit: base.totalArea.unit },
    zones: copies.flatMap((c) => base.zones.map((z) => ({ ...z, id: id(z.id, c), name: `${z.name} ${c}` }))),
    ecosystems: copies.flatMap((c) => base.ecosystems.map((e) => ({ ...e, zone: id(e.zone, c) }))),
  };
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
account(scaled(1), { rounding: 'exact' }); // warm up
console.log('rows\tCPU s/account\trows/CPU s\twall s/account\theap MiB after');
for (const k of SIZES) {
  const input = scaled(k);
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let result;
  const c0 = cpu();
  const w0 = process.hrtime.bigint();
  for (let i = 0; i < REPS; i++) result = account(input, { rounding: 'exact' });
  const wall = Number(process.hrtime.bigint() - w0) / 1e9 / REPS;
  const c = (cpu() - c0) / REPS;
  const heap = (process.memoryUsage().heapUsed - heap0) / 1024 / 1024;
  const rows = input.ecosystems.length;
  console.log(
    `${rows}\t${c.toFixed(3)}\t${(rows / c).toFixed(0)}\t${wall.toFixed(3)}\t${heap.toFixed(1)} (result kept)`,
  );
  if (result.indicators.length === 0) throw new Error('no indicators');
}
