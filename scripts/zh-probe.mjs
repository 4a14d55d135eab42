// The Chinese-message probe: runs the test suite (or the test files given) with test/zh-probe.setup.ts, which logs
// every issue whose Chinese message holds three English words in a row, then lists them by code and phrase (digits
// as N), most frequent first, with one message of each. A row is a place to look: a sentence gepkit writes that the
// catalogue does not translate yet, or a detail kept as written on purpose (a library's or system's message, user
// data, a test's form with text around it).
//
//   node scripts/zh-probe.mjs                      the whole suite (the CLI's child processes are not seen)
//   node scripts/zh-probe.mjs test/carbon src/vep  some test files or folders
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'gepkit-zh-probe-'));
const log = join(dir, 'zh.jsonl');
const run = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, GEPKIT_ZH_PROBE: log },
});
const rows = new Map();
if (existsSync(log)) {
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    if (line === '') continue;
    const { code, zh, english } = JSON.parse(line);
    const key = `${code} | ${english.replace(/\d+/g, 'N').slice(0, 60)}`;
    const row = rows.get(key) ?? { n: 0, zh };
    row.n += 1;
    rows.set(key, row);
  }
}
rmSync(dir, { recursive: true, force: true });
const sorted = [...rows.entries()].sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0]));
for (const [key, { n, zh }] of sorted)
  console.log(`${String(n).padStart(5)}  ${key}\n       ${zh.slice(0, 160)}`);
console.log(
  `${sorted.length} kinds of Chinese message with English in them; tests exited with ${run.status}`,
);
