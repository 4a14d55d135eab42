// Cost of one exact account as its input grows: the example county's three townships copied K times (K × 40
// ecosystem rows), with every zone-specific record (climate of a township, a reservoir, …) copied for each copy of its
// zone, as a real input by township or village has them. Each size runs in a child process of its own, so its peak
// resident memory is its own: the bench prints rows, CPU seconds per account, ecosystem rows per CPU second and
// resident KB per row (peak RSS of the child minus its RSS before the input was built, over the rows), against the
// goals. Linear cost keeps rows/s flat as K grows.
// Run: npm run bench:scale   (SIZES=1,150,1200 REPS=1 to choose; 150 copies = 6,000 rows, 1,200 = 48,000 rows;
// LIB=/path/to/index.js to measure another build of the library)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const GOAL_ROWS_PER_S = 10_000;
const GOAL_KB_PER_ROW = 24;

/** The example with its zones, ecosystem rows and zone-specific records copied k times (copy 0 keeps the ids). */
function scaled(base, k) {
  const id = (z, c) => (c === 0 ? z : `${z}-${c}`);
  const copies = Array.from({ length: k }, (_, c) => c);
  // A section's records without a zone stay once; each record of a zone is copied with its zone.
  const spread = (records) =>
    records.flatMap((r) =>
      r !== null && typeof r === 'object' && typeof r.zone === 'string'
        ? copies.map((c) => ({ ...r, zone: id(r.zone, c), ...(r.name ? { name: `${r.name} ${c}` } : {}) }))
        : [r],
    );
  const out = { ...base };
  for (const [key, v] of Object.entries(base)) {
    if (key === 'zones' || key === 'ecosystems') continue;
    if (Array.isArray(v)) out[key] = spread(v);
    else if (v !== null && typeof v === 'object' && Object.values(v).some(Array.isArray))
      out[key] = Object.fromEntries(Object.entries(v).map(([s, w]) => [s, Array.isArray(w) ? spread(w) : w]));
  }
  return {
    ...out,
    totalArea: { value: String(Number(base.totalArea.value) * k), unit: base.totalArea.unit },
    zones: copies.flatMap((c) => base.zones.map((z) => ({ ...z, id: id(z.id, c), name: `${z.name} ${c}` }))),
    ecosystems: copies.flatMap((c) => base.ecosystems.map((e) => ({ ...e, zone: id(e.zone, c) }))),
  };
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** One size, in this process: prints one JSON line {rows, cpu, rssKb}. */
async function child(k, reps) {
  const { account } = await import(process.env.LIB ?? '../dist/index.js');
  const base = JSON.parse(
    readFileSync(new URL('../examples/jiangxi-county/input.json', import.meta.url), 'utf8'),
  );
  account(scaled(base, 1), { rounding: 'exact' }); // warm up
  globalThis.gc?.();
  const rss0 = process.memoryUsage().rss;
  const input = scaled(base, k);
  let result;
  const c0 = cpu();
  for (let i = 0; i < reps; i++) result = account(input, { rounding: 'exact' });
  const c = (cpu() - c0) / reps;
  if (result.indicators.length === 0) throw new Error('no indicators');
  const peakKb = process.resourceUsage().maxRSS; // KiB
  const jsonKb = JSON.stringify(result).length / 1024;
  console.log(JSON.stringify({ rows: input.ecosystems.length, cpu: c, rssKb: peakKb - rss0 / 1024, jsonKb }));
}

if (process.argv[2] === '--child') {
  await child(Number(process.argv[3]), Number(process.argv[4]));
} else {
  const SIZES = (process.env.SIZES ?? '1,25,150').split(',').map(Number);
  const REPS = Number(process.env.REPS ?? 1);
  const self = fileURLToPath(import.meta.url);
  console.log(
    `goals: ≥ ${GOAL_ROWS_PER_S} ecosystem rows per CPU second, ≤ ${GOAL_KB_PER_ROW} KB resident per row`,
  );
  console.log('rows\tCPU s/account\trows/CPU s\tresident KB/row\tJSON KB/row');
  const perRow = []; // CPU µs per row at each size, for the linearity line
  for (const k of SIZES) {
    const out = execFileSync(process.execPath, ['--expose-gc', self, '--child', String(k), String(REPS)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const r = JSON.parse(out.trim().split('\n').pop());
    const perS = r.rows / r.cpu;
    perRow.push({ rows: r.rows, us: (r.cpu / r.rows) * 1e6 });
    const kbRow = r.rssKb / r.rows;
    const mark = (ok) => (ok ? 'ok' : 'below goal');
    console.log(
      `${r.rows}\t${r.cpu.toFixed(3)}\t${perS.toFixed(0)} (${mark(perS >= GOAL_ROWS_PER_S)})\t` +
        `${kbRow.toFixed(1)} (${mark(kbRow <= GOAL_KB_PER_ROW)})\t${(r.jsonKb / r.rows).toFixed(1)}`,
    );
  }
  // Linear cost: the CPU time per row of the largest size is no more than that of the smaller ones (beyond noise).
  const big = perRow.at(-1);
  const small = perRow.filter((p) => p.rows >= 1000 && p !== big);
  if (big !== undefined && small.length > 0) {
    const least = Math.min(...small.map((p) => p.us));
    console.log(
      `CPU per row: ${big.us.toFixed(0)} µs at ${big.rows} rows, ${least.toFixed(0)} µs at least below; ` +
        `ratio ${(big.us / least).toFixed(2)} (linear: about 1 or less)`,
    );
  }
}
