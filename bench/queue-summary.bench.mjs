// The coordinator's last step of a carbon run on the queue: summary.json from the partitions' balance files
// (p<k>.balances.jsonl, one [account, units] a line, accounts in order, as the jobs write them). MODE=stream (the
// default) merges them one account at a time and writes the JSON a piece at a time (mergedBalances, streamedJson);
// MODE=hold reads every file into one object, merges them with mergeBalances and writes JSON.stringify of the
// whole summary, for comparison. Prints the accounts, the CPU time of the step and the largest heap seen during it.
// Run: node --expose-gc bench/queue-summary.bench.mjs   (N=accounts, default 1,000,000; P=partitions, default 4;
// MODE=stream|hold); wrap it in /usr/bin/time -f '%U %S %M' for the process's peak resident set.
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = new URL('..', import.meta.url).pathname;
const N = Number(process.env.N ?? 1_000_000);
const P = Number(process.env.P ?? 4);
const MODE = process.env.MODE ?? 'stream';
const dir = mkdtempSync(join(tmpdir(), 'gepkit-queue-summary-'));

// The sources the coordinator runs, bundled (no build step needed) beside the packages they import.
mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
const entry = join(ROOT, 'node_modules', '.cache', `queue-summary-bench-${process.pid}.mjs`);
await build({
  stdin: {
    contents: [
      "export { mergedBalances } from './src/queue/balances';",
      "export { balanceEntries, readBalances, mergeTotals } from './src/queue/carbon-node';",
      "export { mergeBalances } from './src/carbon/ledger/partitioned';",
      "export { streamedJson } from './src/io/streamed-json';",
      "export { TextWriter } from './src/io/jsonl-node';",
    ].join('\n'),
    resolveDir: ROOT,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: entry,
  logLevel: 'silent',
});
const m = await import(entry);

// The partitions' balance files: account i in partition i mod P, in account order within each file.
const amounts = (a) => ({ available: a, pending: '0', expired: '0', redeemed: '0', retired: '0' });
const files = [];
for (let p = 0; p < P; p++) {
  const path = join(dir, `p${p}.balances.jsonl`);
  const h = createHash('sha256');
  const w = createWriteStream(path, { encoding: 'utf8' });
  let buf = '';
  for (let i = p; i < N; i += P) {
    const line = `${JSON.stringify([`user:u${String(i).padStart(9, '0')}`, { g_CO2: amounts(String(1000 + i)), point: amounts(String(i % 97)) }])}\n`;
    buf += line;
    if (buf.length >= 1 << 16) {
      h.update(buf);
      if (!w.write(buf)) await once(w, 'drain');
      buf = '';
    }
  }
  h.update(buf);
  w.end(buf);
  await once(w, 'finish');
  files.push({ path, sha256: h.digest('hex') });
}
const part = {
  lines: 0,
  accepted: 0,
  refused: 0,
  warnings: 0,
  grams: '0',
  exactGrams: '0',
  remainderGrams: '0',
  points: '0',
  ledger: {
    count: 0,
    head: '0'.repeat(64),
    partitions: files.map(() => ({ count: 0, head: '0'.repeat(64) })),
  },
  rules: null,
  factorSets: [],
};
const summary = m.mergeTotals(files.map(() => part));

globalThis.gc?.();
let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
const cpu0 = process.cpuUsage();
const out = join(dir, 'summary.json');
if (MODE === 'hold') {
  const parts = await Promise.all(files.map((f) => m.readBalances(f)));
  summary.balances = m.mergeBalances(parts);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
} else {
  const w = new m.TextWriter(out);
  const balances = m.mergedBalances(files.map((f) => ({ file: f.path, entries: m.balanceEntries(f) })));
  for await (const t of m.streamedJson(summary, 'balances', balances, 2)) await w.write(t);
  await w.write('\n');
  await w.close();
}
peak = Math.max(peak, process.memoryUsage().heapUsed);
clearInterval(sample);
const cpu = process.cpuUsage(cpu0);
const text = readFileSync(out);
const bytes = text.length;
const sha = createHash('sha256').update(text).digest('hex').slice(0, 16);
console.log(
  `${MODE}: ${N} accounts in ${P} partitions, summary.json ${(bytes / 1e6).toFixed(1)} MB (sha256 ${sha}…); ` +
    `CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s; largest heap ${(peak / 1e6).toFixed(1)} MB`,
);
rmSync(dir, { recursive: true, force: true });
rmSync(entry, { force: true });
