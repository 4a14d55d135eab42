// CI guard for test strength (docs/testing.md): mutation-tests the modules a change touches, one Stryker run per
// module, each failing below its recorded score (stryker.scores.json) minus the allowance there (2 points).
//
//   node scripts/mutation-ci.mjs --base origin/main     modules changed since the merge base with origin/main
//   node scripts/mutation-ci.mjs --mutate src/core/money.ts,src/core/units.ts
//   node scripts/mutation-ci.mjs --all                  every module with a recorded score
//   add --record to write the scores measured into stryker.scores.json (after raising a module's score),
//   or --list to print the modules, thresholds and test files without running anything;
//   node scripts/mutation-ci.mjs --adopt-digests     gives a digest to each record made before digests existed whose
//   files are those of the commit that recorded its score (git: unchanged since), and names the others to run again
//   --enforced-only skips changed modules that have no recorded score (what .ci/run uses: it runs since the commit
//   that last recorded the scores, and an unrecorded module would be run for nothing but a report)
//
// Each module is tested against its own test files (`tests` in stryker.scores.json; for a module without a record,
// the `x.test.ts` beside `x.ts`, or every related test when there is none): the score says how well the module's
// own tests catch wrong programs, and a run costs minutes, not the whole suite per mutant.
// A changed `x.test.ts` beside the code counts as a change of `x.ts`; a changed test file listed under a module's
// `tests` counts as a change of that module. With --base, a module whose record keeps a `digest` (written by
// --record: sha256 of its source and test files) is run too when its files no longer match it, so a commit that
// records other modules' scores does not hide a change made before it. A module in the mutation scope without a recorded score is run and
// reported, not enforced, until its score is recorded. Runs are incremental (reports/incremental/<module>.json), so
// a rerun on the same machine tests only what changed.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import config from '../stryker.config.mjs';
import { moduleOf, readMutants, scores, table } from './mutation-scores.mjs';

const SCORES_FILE = 'stryker.scores.json';

function globToRegExp(glob) {
  const re = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\//g, '@@')
    .replace(/\*/g, '[^/]*')
    .replace(/@@/g, '(?:.*/)?');
  return new RegExp(`^${re}$`);
}

const include = config.mutate.filter((g) => !g.startsWith('!')).map(globToRegExp);
const exclude = config.mutate.filter((g) => g.startsWith('!')).map((g) => globToRegExp(g.slice(1)));
const inScope = (f) => include.some((r) => r.test(f)) && !exclude.some((r) => r.test(f));

function changedSince(base, recorded) {
  const mergeBase = execFileSync('git', ['merge-base', base, 'HEAD'], { encoding: 'utf8' }).trim();
  const out = execFileSync('git', ['diff', '--name-only', '--diff-filter=d', mergeBase], {
    encoding: 'utf8',
  });
  const changed = out.split('\n').filter(Boolean);
  const byTests = Object.entries(recorded.modules)
    .filter(([, r]) => (r.tests ?? []).some((t) => changed.includes(t)))
    .map(([mod]) => `src/${mod}.ts`);
  return [...changed.map((f) => f.replace(/\.test\.ts$/, '.ts')), ...byTests].filter((f) => existsSync(f));
}

/**
 * A digest of a module's source and test files, as a record keeps it (`digest`, written by --record): a module
 * whose digest no longer matches has changed since its score was measured, whatever commit recorded it.
 */
function digestOf(file, tests) {
  const h = createHash('sha256');
  for (const f of [file, ...tests]) {
    h.update(`${f}\0`);
    h.update(existsSync(f) ? readFileSync(f) : '');
    h.update('\0');
  }
  return h.digest('hex');
}

/** Recorded modules whose digest differs from their files' (records without a digest are judged by --base alone). */
function changedByDigest(recorded) {
  return Object.entries(recorded.modules)
    .filter(
      ([mod, r]) =>
        r.digest !== undefined && r.digest !== digestOf(`src/${mod}.ts`, testsOf(`src/${mod}.ts`, r)),
    )
    .map(([mod]) => `src/${mod}.ts`);
}

/** The test files a module is run against (see the header). */
function testsOf(file, record) {
  if (record?.tests !== undefined) return record.tests;
  const beside = file.replace(/\.ts$/, '.test.ts');
  return existsSync(beside) ? [beside] : [];
}

/** The stored scores file at a commit (undefined where the commit has none). */
function scoresAt(commit) {
  try {
    return JSON.parse(execFileSync('git', ['show', `${commit}:${SCORES_FILE}`], { encoding: 'utf8' }));
  } catch {
    return undefined;
  }
}

/**
 * The commit that recorded a module's score and tests as they stand in `record`: the oldest of the newest run of
 * commits of the scores file whose record of the module is the same (undefined when the record is not committed).
 */
function recordedAt(mod, record, history) {
  const same = (r) =>
    r !== undefined && r.score === record.score && JSON.stringify(r.tests) === JSON.stringify(record.tests);
  let at;
  for (const commit of history) {
    if (!same(scoresAt(commit)?.modules?.[mod])) break;
    at = commit;
  }
  return at;
}

/**
 * Each record without a digest gets one when its source and test files are those of the commit that recorded its
 * score: the score was measured on these files, so the digest states what it states for a record made today.
 * A record whose files changed since is named, to be run again with --record. Writes the scores file.
 */
function adoptDigests(recorded) {
  const history = execFileSync('git', ['log', '--format=%H', '--', SCORES_FILE], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const stale = [];
  let adopted = 0;
  for (const [mod, r] of Object.entries(recorded.modules)) {
    if (r.digest !== undefined) continue;
    const file = `src/${mod}.ts`;
    const tests = testsOf(file, r);
    const at = recordedAt(mod, r, history);
    const unchanged =
      at !== undefined &&
      spawnSync('git', ['diff', '--quiet', at, '--', file, ...tests]).status === 0 &&
      spawnSync('git', ['diff', '--quiet', '--', file, ...tests]).status === 0;
    if (!unchanged) {
      stale.push(`${file} (score of ${at?.slice(0, 7) ?? 'an uncommitted record'})`);
      continue;
    }
    r.digest = digestOf(file, tests);
    adopted += 1;
  }
  writeFileSync(SCORES_FILE, `${JSON.stringify(recorded, null, 2)}\n`);
  console.log(`digests adopted: ${adopted}; changed since their score was measured: ${stale.length}`);
  for (const s of stale) console.log(`  run again: ${s}`);
}

function parseArgs(argv) {
  const value = (flag) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  return {
    base: value('--base'),
    mutate: value('--mutate'),
    all: argv.includes('--all'),
    record: argv.includes('--record'),
    list: argv.includes('--list'),
    enforcedOnly: argv.includes('--enforced-only'),
    adoptDigests: argv.includes('--adopt-digests'),
  };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const recorded = JSON.parse(readFileSync(SCORES_FILE, 'utf8'));
  if (args.adoptDigests) {
    adoptDigests(recorded);
    return;
  }
  let files;
  if (args.mutate !== undefined) files = args.mutate.split(',').filter(Boolean);
  else if (args.all) files = Object.keys(recorded.modules).map((m) => `src/${m}.ts`);
  else if (args.base !== undefined)
    files = [...changedSince(args.base, recorded), ...changedByDigest(recorded)];
  else {
    console.error(
      'usage: node scripts/mutation-ci.mjs (--base <ref> | --mutate a.ts,b.ts | --all) [--record]',
    );
    process.exit(2);
  }
  files = [...new Set(files)].filter(inScope).sort();
  if (args.enforcedOnly) files = files.filter((f) => recorded.modules[moduleOf(f)] !== undefined);
  if (files.length === 0) {
    console.log('mutation: no module of the mutation scope changed');
    return;
  }
  const failed = [];
  const reports = [];
  for (const file of files) {
    const mod = moduleOf(file);
    const record = recorded.modules[mod];
    const breakAt =
      record === undefined
        ? undefined
        : Math.max(0, Math.round(10 * (record.score - recorded.allowance)) / 10);
    const tests = testsOf(file, record);
    if (args.list) {
      console.log(`${file}\tbreak ${breakAt ?? 'none'}\ttests ${tests.join(',') || '(all related)'}`);
      continue;
    }
    const reportDir = join('reports/modules', mod);
    console.log(
      `\n== mutation ${file}: ${breakAt === undefined ? 'no recorded score, not enforced' : `break below ${breakAt.toFixed(1)} %`}`,
    );
    const env = { ...process.env, STRYKER_REPORT_DIR: reportDir };
    if (breakAt !== undefined) env.STRYKER_BREAK = String(breakAt);
    else delete env.STRYKER_BREAK;
    const run = spawnSync(
      'npx',
      [
        'stryker',
        'run',
        '--mutate',
        file,
        '--incrementalFile',
        join('reports/incremental', `${mod}.json`),
        '--reporters',
        'clear-text,json',
        ...(tests.length > 0 ? ['--testFiles', tests.join(',')] : []),
      ],
      { stdio: 'inherit', env },
    );
    const report = join(reportDir, 'mutation.json');
    if (existsSync(report)) reports.push(report);
    if (run.status !== 0) failed.push(`${mod} (exit ${run.status})`);
  }
  if (args.list) return;
  const measured = scores(readMutants(reports));
  console.log(`\n${table(measured)}`);
  if (args.record) {
    for (const [mod, s] of measured) {
      if (s.score === null) continue;
      const tests = testsOf(`src/${mod}.ts`, recorded.modules[mod]);
      recorded.modules[mod] = { score: s.score, tests, digest: digestOf(`src/${mod}.ts`, tests) };
    }
    recorded.modules = Object.fromEntries(
      Object.entries(recorded.modules).sort(([a], [b]) => a.localeCompare(b)),
    );
    writeFileSync(SCORES_FILE, `${JSON.stringify(recorded, null, 2)}\n`);
    console.log(`recorded ${measured.size} score(s) in ${SCORES_FILE}`);
  }
  if (failed.length > 0) {
    console.error(
      `\nmutation run failed (a score below its recorded score minus ${recorded.allowance}, or an error): ${failed.join(', ')}`,
    );
    process.exit(1);
  }
}

main();
