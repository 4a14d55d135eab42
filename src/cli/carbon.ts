import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BatchOptions, processActivitiesAsync } from '../carbon/batch';
import { type FactorSet, loadFactorSet } from '../carbon/factors/registry';
import { nodeSha256 } from '../carbon/hash-node';
import { JsonlWriter, fileLines } from '../io/jsonl-node';
import { toJsonLine } from '../io/jsonl';
import { type RefStore, openRefStore } from '../carbon/ref-store-node';
import type { Entry } from '../carbon/ledger/entry';
import { registryPolicy } from '../carbon/ledger/registry';
import { type Verification, verifyLedgerAsync } from '../carbon/ledger/verify';
import { bundledRuleSet } from '../carbon/rules/bundled';
import { type RuleSet, loadRuleSet } from '../carbon/rules/rules';
import { GepError, fail, formatIssue } from '../core/errors';
import { carbonIssue } from '../carbon/errors';
import { parseInstant } from '../carbon/time';
import { makeOutputDir } from '../io/output-dir-node';
import { inputLines, parseCommandArgs, readJson, reported } from './shared';

/**
 * `gepkit carbon <activities.jsonl> [--rules file|id] [--factors file]... [--out-dir dir]
 *  [--reductions required|when-available] [--strict]` and `gepkit carbon verify <ledger.jsonl> [--anchor summary.json]`.
 * Streams the activities; a bad line is printed with its line number and the others go on. Exit code 1 when
 * any line was refused (outputs are still complete for the valid lines), 0 otherwise.
 */
export const CARBON_HELP = `Usage:
  gepkit carbon <activities.jsonl> [--rules FILE|ID] [--factors FILE]... [--out-dir DIR]
                [--methodology FILE]... [--reductions required|when-available] [--strict] [--id-store DIR]
                [--now TIME]
  gepkit carbon verify <ledger.jsonl> [--anchor summary.json] [--id-store DIR] [--rules FILE|ID]

Without --out-dir, one result per line is written to stdout as JSON Lines (ledger entries included),
then {"summary": ...}. With --out-dir: results.jsonl, ledger.jsonl and summary.json.
--id-store DIR keeps the ids already credited on disk in DIR (a new or empty directory) instead of in
memory, so memory stays flat however long the stream or the ledger verified is.
verify --rules replays the ledger under that rule set's registry rules (transfers, redemptions, offsets):
give the rule set the ledger was written under.
--methodology FILE adds a methodology declared in data (its formula runs in the formula sandbox).
--strict refuses a line whose factor is of an earlier data year than the activity (no factor published for
its year yet) instead of using the latest earlier year with a warning.
--now TIME (ISO 8601 with offset; default the clock): a line dated more than a day after it is refused
(CARBON_TIMESTAMP_FUTURE) and later lines go on.
Bundled rule sets: jx-lvbao-example, evidence-paths-demo.`;

export interface CarbonIo {
  out(s: string): void;
  err(s: string): void;
}

function rulesFrom(arg: string): RuleSet {
  if (!existsSync(arg) && /^[a-z0-9][a-z0-9-]*(@[\d.]+)?$/.test(arg)) return bundledRuleSet(arg);
  return loadRuleSet(readJson(arg), [arg]);
}

export async function carbonCommand(args: string[], io: CarbonIo): Promise<number> {
  return reported(io, () => run(args, io));
}

async function run(args: string[], io: CarbonIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('carbon', args, {
    rules: { type: 'string' },
    factors: { type: 'string', multiple: true },
    methodology: { type: 'string', multiple: true },
    'out-dir': { type: 'string' },
    'id-store': { type: 'string' },
    reductions: { type: 'string', default: 'required' },
    anchor: { type: 'string' },
    strict: { type: 'boolean', default: false },
    now: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.out(`${CARBON_HELP}\n`);
    return 0;
  }
  if (positionals[0] === 'verify')
    return verify(positionals[1], values.anchor, values['id-store'], values.rules, io);
  const input = positionals[0];
  if (input === undefined) fail('CLI_USAGE', [], { detail: 'missing the activities file (JSON Lines)' });
  if (positionals.length > 1) fail('CLI_USAGE', [], { detail: `unexpected argument ${positionals[1]}` });
  if (values.reductions !== 'required' && values.reductions !== 'when-available')
    fail('CLI_USAGE', [], {
      detail: `--reductions must be required or when-available, got ${values.reductions}`,
    });
  if (!existsSync(input)) fail('FILE_UNREADABLE', [], { file: input, detail: 'no such file' });
  const factorSets: FactorSet[] = (values.factors ?? []).map((f) => loadFactorSet(readJson(f), [f]));
  const opts: BatchOptions = { factorSets, hash: nodeSha256, reductions: values.reductions };
  if (values.strict) opts.strict = true;
  opts.now = values.now === undefined ? Date.now() : parseInstant(values.now);
  if (opts.now === undefined)
    fail('CLI_USAGE', [], { detail: `--now must be an ISO 8601 time with offset, got ${values.now}` });
  if (values.methodology !== undefined) {
    // The formula sandbox is loaded only when a methodology from data is given.
    const { loadMethodology } = await import('../carbon/methodologies/from-data');
    opts.methodologies = values.methodology.map((f) => loadMethodology(readJson(f), [f]));
  }
  if (values.rules !== undefined) opts.rules = rulesFrom(values.rules);
  const store = idStore(values['id-store']);
  if (store !== undefined) {
    opts.credited = store.credited;
    opts.seen = store.seen;
  }
  try {
    return await stream(input, opts, values['out-dir'], io);
  } finally {
    store?.close();
  }
}

/**
 * The on-disk id store of a run. It must start empty: ids left by another run would refuse this run's
 * activities as credited twice although this run's ledger never credited them.
 */
function idStore(dir: string | undefined): RefStore | undefined {
  if (dir === undefined) return undefined;
  if (existsSync(dir) && !statSync(dir).isDirectory())
    fail('CLI_USAGE', [], { detail: `--id-store ${dir} is a file: give a new or empty directory` });
  if (existsSync(dir) && readdirSync(dir).length > 0)
    fail('CLI_USAGE', [], {
      detail: `--id-store ${dir} is not empty: give a new or empty directory (it holds the ids of one run)`,
    });
  return openRefStore(dir);
}

async function stream(
  input: string,
  opts: BatchOptions,
  dir: string | undefined,
  io: CarbonIo,
): Promise<number> {
  let results: JsonlWriter | undefined;
  let ledger: JsonlWriter | undefined;
  if (dir !== undefined) {
    makeOutputDir(dir);
    results = new JsonlWriter(join(dir, 'results.jsonl'));
    ledger = new JsonlWriter(join(dir, 'ledger.jsonl'));
  }
  let refused = 0;
  const gen = processActivitiesAsync(inputLines(input), opts);
  let step = await gen.next();
  while (step.done !== true) {
    const r = step.value;
    if (!r.ok) {
      refused += 1;
      for (const i of r.issues) io.err(`${formatIssue(i)}\n`);
    }
    if (results !== undefined && ledger !== undefined) {
      for (const e of r.entries) await ledger.write(e);
      await results.write({ ...r, entries: r.entries.map((e) => e.hash) });
    } else io.out(toJsonLine(r));
    step = await gen.next();
  }
  const summary = step.value;
  if (dir !== undefined) {
    await results?.close();
    await ledger?.close();
    writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    io.out(
      `${summary.lines} lines: ${summary.accepted} accepted, ${summary.refused} refused, ${summary.warnings} warnings; ` +
        `${summary.grams} g CO₂, ${summary.points} points; ledger ${summary.ledger.count} entries, head ${summary.ledger.head}\n`,
    );
  } else io.out(toJsonLine({ summary }));
  return refused > 0 ? 1 : 0;
}

async function verify(
  file: string | undefined,
  anchorFile: string | undefined,
  idStoreDir: string | undefined,
  rules: string | undefined,
  io: CarbonIo,
): Promise<number> {
  if (file === undefined) fail('CLI_USAGE', [], { detail: 'missing the ledger file (JSON Lines)' });
  if (!existsSync(file)) fail('FILE_UNREADABLE', [], { file, detail: 'no such file' });
  const anchor =
    anchorFile !== undefined
      ? (readJson(anchorFile) as { ledger?: { count: number; head: string } }).ledger
      : undefined;
  async function* entries() {
    let n = 0;
    for await (const line of fileLines(file as string)) {
      n += 1;
      if (line.trim() === '') continue;
      try {
        yield JSON.parse(line) as Entry;
      } catch (e) {
        throw new GepError(
          carbonIssue('CARBON_LINE_NOT_JSON', ['line', n], { detail: (e as Error).message }),
        );
      }
    }
  }
  const store = idStore(idStoreDir);
  let v: Verification;
  try {
    v = await verifyLedgerAsync(entries(), {
      hash: nodeSha256,
      ...(anchor !== undefined ? { anchor } : {}),
      ...(store !== undefined ? { credited: store.credited } : {}),
      policy: registryPolicy(rules !== undefined ? rulesFrom(rules) : undefined),
    });
  } finally {
    store?.close();
  }
  for (const i of v.issues) io.err(`${formatIssue(i)}\n`);
  io.out(`${JSON.stringify({ ok: v.ok, count: v.count, head: v.head, balances: v.balances }, null, 2)}\n`);
  return v.ok ? 0 : 1;
}
