// Per-module mutation scores from Stryker JSON reports (docs/testing.md).
//
//   node scripts/mutation-scores.mjs [report.json ...] [--by file|dir] [--survivors]
//
// Without a report argument it reads reports/mutation/mutation.json and every reports/modules/**/mutation.json.
// A module is a source file under src/ without its extension ("indicators/purification"); `--by dir` groups by
// directory ("indicators"). Score = (killed + timeout) / (killed + timeout + survived + no coverage), in %, rounded
// down to one decimal: the "% total" column of Stryker's clear-text table (static mutants are ignored, not counted).
// `--survivors` also lists each surviving or uncovered mutant with its line, mutator and replacement.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** Module name of a source path: `src/indicators/purification.ts` → `indicators/purification`. */
export function moduleOf(file) {
  return file
    .replace(/\\/g, '/')
    .replace(/^(\.\/)?src\//, '')
    .replace(/\.[cm]?[jt]s$/, '');
}

/** Every mutation.json under a directory (the per-module reports of scripts/mutation-ci.mjs). */
function reportsUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return reportsUnder(p);
    return name === 'mutation.json' ? [p] : [];
  });
}

export function defaultReports(root = process.cwd()) {
  const all = [join(root, 'reports/mutation/mutation.json'), ...reportsUnder(join(root, 'reports/modules'))];
  return all.filter((p) => existsSync(p));
}

/** Mutants by source file, the newest report winning for a file present in several. */
export function readMutants(reportPaths) {
  const byFile = new Map();
  const dated = reportPaths.map((p) => ({ p, t: statSync(p).mtimeMs })).sort((a, b) => a.t - b.t);
  for (const { p } of dated) {
    const report = JSON.parse(readFileSync(p, 'utf8'));
    for (const [file, data] of Object.entries(report.files ?? {})) {
      byFile.set(file.startsWith('/') ? relative(process.cwd(), file) : file, data.mutants ?? []);
    }
  }
  return byFile;
}

/** Counts and score per module (file) or per directory. */
export function scores(byFile, by = 'file') {
  const out = new Map();
  for (const [file, mutants] of byFile) {
    const mod = moduleOf(file);
    const key = by === 'dir' ? mod.split('/').slice(0, -1).join('/') || '.' : mod;
    const s = out.get(key) ?? { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0 };
    for (const m of mutants) {
      if (m.status === 'Killed') s.killed++;
      else if (m.status === 'Timeout') s.timeout++;
      else if (m.status === 'Survived') s.survived++;
      else if (m.status === 'NoCoverage') s.noCoverage++;
      else if (m.status === 'Ignored') s.ignored++;
      else s.errors++;
    }
    out.set(key, s);
  }
  for (const s of out.values()) {
    const detected = s.killed + s.timeout;
    const valid = detected + s.survived + s.noCoverage;
    s.score = valid === 0 ? null : Math.floor((1000 * detected) / valid) / 10; // one decimal, rounded down
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

export function table(rows) {
  const head = ['module', 'score %', 'killed', 'timeout', 'survived', 'no cov', 'ignored'];
  const body = [...rows].map(([k, s]) => [
    k,
    s.score === null ? 'n/a' : s.score.toFixed(1),
    s.killed,
    s.timeout,
    s.survived,
    s.noCoverage,
    s.ignored,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => String(r[i]).length)));
  const fmt = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])));
  return [fmt(head), widths.map((w) => '-'.repeat(w)), ...body.map(fmt)].map((r) => r.join(' | ')).join('\n');
}

function survivors(byFile) {
  const lines = [];
  for (const [file, mutants] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    for (const m of mutants.filter((x) => UNDETECTED.has(x.status))) {
      const at = `${file}:${m.location.start.line}:${m.location.start.column}`;
      const repl = (m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 100);
      lines.push(`${at}  ${m.status}  ${m.mutatorName}  → ${repl}`);
    }
  }
  return lines.join('\n');
}

function main(argv) {
  const by = argv.includes('--by') ? argv[argv.indexOf('--by') + 1] : 'file';
  const files = argv.filter((a, i) => a.endsWith('.json') && argv[i - 1] !== '--by');
  const reports = files.length > 0 ? files : defaultReports();
  if (reports.length === 0) {
    console.error('no mutation report found: run `npm run test:mutation` first');
    process.exit(2);
  }
  const byFile = readMutants(reports);
  console.log(table(scores(byFile, by)));
  if (argv.includes('--survivors')) console.log(`\n${survivors(byFile)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
