import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type BatchOptions, type BatchSummary, CarbonBatch, type LineResult } from '../carbon/batch';
import { type FactorSet, loadFactorSet } from '../carbon/factors/registry';
import { nodeSha256 } from '../carbon/hash-node';
import { JsonlWriter, TextWriter, fileLines } from '../io/jsonl-node';
import { streamedJson } from '../io/streamed-json';
import { longLineLimit, toJsonLine } from '../io/jsonl';
import { duplicateKeyDetail, jsonLineProblem } from '../io/json';
import { valueProblemIssue } from '../core/value-problems';
import type { Entry } from '../carbon/ledger/entry';
import { registryPolicies } from '../carbon/ledger/registry';
import { type Verification, verifyLedgerAsync } from '../carbon/ledger/verify';
import { isPostgresUrl, openLedgerStore } from '../carbon/open-store-node';
import { bundledRuleSet } from '../carbon/rules/bundled';
import { type RuleSet, loadRuleSet } from '../carbon/rules/rules';
import { type SqliteIdStore, loadSqlite, openSqliteIdStore } from '../carbon/store-sqlite-node';
import { DEFAULT_CHUNK, StoredBatch } from '../carbon/stored-batch';
import { type UnsignedAnchor, isSigned, verifyStore } from '../carbon/verify-store';
import { checkpointSignatureValid, checkpointSigner, publicKeyFromPem } from '../carbon/sign-node';
import type { Checkpoint, LedgerStore, StoredHead } from '../carbon/store';
import { GepError, fail, formatIssue } from '../core/errors';
import { carbonFail, carbonIssue } from '../carbon/errors';
import { parseInstant } from '../carbon/time';
import { partitionsOption } from '../carbon/ledger/partition';
import { makeOutputDir } from '../core/output-dir-node';
import { importOptional } from '../core/optional-node';
import { stagedOutput, writeOutputFile } from './output-file';
import { writeWhole } from './whole-output';
import type { QueueSummary } from '../queue/carbon-node';
import {
  BufferedOut,
  type Io,
  PARTIAL,
  checkInputFile,
  checkInputEncoding,
  readableTwice,
  inputLines,
  onEncodingOf,
  parseCommandArgs,
  readJson,
  reported,
} from './shared';
import { COMMAND_HELP } from './help';

/**
 * `gepkit carbon <activities.jsonl> [--ledger DIR|URL] [--rules file|id] [--factors file]... [--out-dir dir]
 *  [--reductions required|when-available] [--strict] [--force]` and
 * `gepkit carbon verify <ledger.jsonl> [--anchor summary.json]` | `gepkit carbon verify --ledger DIR|URL`.
 * Streams the activities; a bad line is printed with its line number and the others go on. Exit code 1 when
 * any line was refused (outputs are still complete for the valid lines), 0 otherwise.
 */

/** A text file the command needs (a key), or FILE_UNREADABLE. */
function readText(file: string): string {
  checkInputFile(file);
  return readFileSync(file, 'utf8');
}

export type CarbonIo = Io;

/** A rule set: a bundled one by id, or a file. */
export function rulesFrom(arg: string): RuleSet {
  if (!existsSync(arg) && /^[a-z0-9][a-z0-9-]*(@[\d.]+)?$/.test(arg)) return bundledRuleSet(arg);
  return loadRuleSet(readJson(arg), [arg]);
}

export async function carbonCommand(args: string[], io: CarbonIo): Promise<number> {
  return reported(io, () => run(args, io));
}

/** The options the command parses (each is explained in its help, COMMAND_HELP). */
export const CARBON_OPTIONS = {
  rules: { type: 'string', multiple: true },
  factors: { type: 'string', multiple: true },
  methodology: { type: 'string', multiple: true },
  'out-dir': { type: 'string' },
  ledger: { type: 'string' },
  partitions: { type: 'string' },
  queue: { type: 'string' },
  'run-id': { type: 'string' },
  spool: { type: 'string' },
  force: { type: 'boolean', default: false },
  'id-store': { type: 'string' },
  chunk: { type: 'string', default: String(DEFAULT_CHUNK) },
  'sign-key': { type: 'string' },
  'public-key': { type: 'string', multiple: true },
  reductions: { type: 'string', default: 'required' },
  anchor: { type: 'string' },
  activities: { type: 'string', multiple: true },
  strict: { type: 'boolean', default: false },
  now: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type CarbonValues = ReturnType<typeof parseCommandArgs<typeof CARBON_OPTIONS>>['values'];
type CarbonOption = keyof typeof CARBON_OPTIONS;

/** The options of a run that say how activities are turned into entries (read again by `verify --activities`). */
const BATCH_OPTIONS: readonly CarbonOption[] = [
  'rules',
  'factors',
  'methodology',
  'reductions',
  'strict',
  'now',
  'chunk',
];

/**
 * The options each form of the command reads (besides --help); any other is CLI_OPTION_NOT_APPLICABLE: a run
 * (`carbon <activities>`), a ledger file verified (`carbon verify <ledger.jsonl>`), a stored ledger verified
 * (`carbon verify --ledger`), and its runs re-executed (`… --activities`).
 */
const CARBON_APPLIES = {
  run: [
    ...BATCH_OPTIONS,
    'out-dir',
    'ledger',
    'partitions',
    'queue',
    'run-id',
    'spool',
    'force',
    'id-store',
    'sign-key',
  ],
  verifyFile: ['anchor', 'id-store', 'rules'],
  verifyStored: ['ledger', 'rules', 'anchor', 'public-key', 'activities'],
  reexecute: ['ledger', 'anchor', 'public-key', 'activities', ...BATCH_OPTIONS],
} as const satisfies Record<string, readonly CarbonOption[]>;

/** CLI_OPTION_NOT_APPLICABLE for the first option given that the form of the command does not read. */
function checkApplies(
  tokens: readonly { kind: string; name?: string; rawName?: string }[],
  values: CarbonValues,
  verifying: boolean,
): void {
  const form: keyof typeof CARBON_APPLIES = !verifying
    ? 'run'
    : values.ledger === undefined
      ? 'verifyFile'
      : values.activities === undefined
        ? 'verifyStored'
        : 'reexecute';
  const applies: readonly string[] = CARBON_APPLIES[form];
  for (const t of tokens)
    if (t.kind === 'option' && t.name !== 'help' && !applies.includes(t.name as string))
      fail('CLI_OPTION_NOT_APPLICABLE', [], {
        command: verifying ? 'carbon verify' : 'carbon',
        option: t.rawName as string,
      });
}

function checkReductions(reductions: string): asserts reductions is 'required' | 'when-available' {
  if (reductions !== 'required' && reductions !== 'when-available')
    fail('CLI_USAGE', [], {
      detail: `--reductions must be required or when-available, got ${reductions}`,
    });
}

/** `--chunk`: lines per chunk, a positive integer. */
function chunkOf(values: CarbonValues): number {
  const chunk = Number(values.chunk);
  if (!Number.isInteger(chunk) || chunk < 1)
    fail('CLI_USAGE', [], { detail: `--chunk must be a positive integer, got ${values.chunk}` });
  return chunk;
}

/** The batch options of a run (and of its re-execution by `verify --activities`): factors, methodologies, rules, now. */
async function batchOptions(values: CarbonValues): Promise<BatchOptions & { now: number }> {
  const reductions = values.reductions;
  checkReductions(reductions);
  const factorSets: FactorSet[] = (values.factors ?? []).map((f) => loadFactorSet(readJson(f), [f]));
  const now = values.now === undefined ? Date.now() : parseInstant(values.now);
  if (now === undefined)
    fail('CLI_USAGE', [], { detail: `--now must be an ISO 8601 time with offset, got ${values.now}` });
  const opts: BatchOptions & { now: number } = { factorSets, hash: nodeSha256, reductions, now };
  if (values.strict) opts.strict = true;
  if (values.methodology !== undefined) {
    // The formula sandbox is loaded only when a methodology from data is given.
    const { loadMethodology } = await import('../carbon/methodologies/from-data');
    opts.methodologies = values.methodology.map((f) => loadMethodology(readJson(f), [f]));
  }
  const rules = oneRules(values);
  if (rules !== undefined) opts.rules = rulesFrom(rules);
  return opts;
}

/**
 * The rule set of a run: `--rules` once (a run writes under one rule set). `carbon verify` takes it once per
 * rule-set version the ledger was written under.
 */
function oneRules(values: CarbonValues): string | undefined {
  const given = values.rules ?? [];
  if (given.length > 1)
    fail('CLI_USAGE', [], {
      detail: `a run writes under one rule set: give --rules once, not ${given.length} times (carbon verify takes one per version the ledger was written under)`,
    });
  return given[0];
}

async function run(args: string[], io: CarbonIo): Promise<number> {
  const { values, positionals, tokens } = parseCommandArgs('carbon', args, CARBON_OPTIONS);
  if (values.help) {
    io.out(`${COMMAND_HELP.carbon}\n`);
    return 0;
  }
  if (positionals[0] === 'verify') {
    if (values.ledger === undefined && values.activities !== undefined)
      fail('CLI_USAGE', [], {
        detail: '--activities re-executes the runs of a stored ledger: give --ledger',
      });
    checkApplies(tokens, values, true);
    if (values.ledger !== undefined) return verifyStored(values.ledger, values, positionals.slice(1), io);
    return verify(positionals[1], values.anchor, values['id-store'], values.rules, io);
  }
  checkApplies(tokens, values, false);
  const input = positionals[0];
  if (input === undefined) fail('CLI_USAGE', [], { detail: 'missing the activities file (JSON Lines)' });
  if (positionals.length > 1) fail('CLI_USAGE', [], { detail: `unexpected argument ${positionals[1]}` });
  checkReductions(values.reductions);
  checkInputFile(input);
  const opts = await batchOptions(values);
  if (values.ledger !== undefined && values['id-store'] !== undefined)
    fail('CLI_USAGE', [], {
      detail: '--id-store is for a ledger in files: a --ledger store keeps its ids itself',
    });
  const chunk = chunkOf(values);
  if (values['sign-key'] !== undefined && values.ledger === undefined)
    fail('CLI_USAGE', [], { detail: '--sign-key signs the head of a stored ledger: give --ledger' });
  if (values.queue !== undefined) checkQueueOptions(values);
  else checkLocalOptions(values);
  const keyFile = values['sign-key'];
  const signer = keyFile !== undefined ? checkpointSigner(readText(keyFile)) : undefined;
  // The outputs are checked once every option has been read, and claimed (results.jsonl and ledger.jsonl made, an
  // earlier run's files cleared by --force) only when the first line is read: a run refused before then (an
  // unusable folder, OUTPUT_UNWRITABLE; a store or rule set the ledger refuses; an input whose encoding cannot be
  // told) writes nothing, and removes the folders it made (Made), so that the corrected rerun finds them as they were.
  await loadOptionalPackages(values);
  const dir = values['out-dir'];
  const made = new Made();
  const out = new Output(dir, values.ledger === undefined, values.force, chunk, io);
  try {
    if (dir !== undefined) checkOutDir(dir, values.force, values.queue !== undefined, made);
    return await runInto(input, values, opts, out, made, signer, io);
  } catch (e) {
    if (!out.claimed) made.remove();
    throw e;
  }
}

/** A run's lines processed into its claimed outputs: on a queue, into a stored ledger, or with its ledger in files. */
async function runInto(
  input: string,
  values: CarbonValues,
  opts: BatchOptions & { now: number },
  out: Output,
  made: Made,
  signer: ((head: StoredHead) => Checkpoint) | undefined,
  io: CarbonIo,
): Promise<number> {
  if (values.queue !== undefined) {
    const partitions = values.partitions !== undefined ? partitionsOption(values.partitions) : undefined;
    // The spool's folder is made now, so that one that cannot be made is refused before any output is claimed; the
    // default one (`.gepkit-spool` beside the input) is left to the run to name, which removes it once empty.
    made.folder(values.spool ?? join(dirname(input), '.gepkit-spool'));
    const { rules: _all, ...rest } = values;
    const rules = oneRules(values);
    return streamQueue(
      input,
      { ...rest, partitions, ...(rules !== undefined ? { rules } : {}) },
      opts.now,
      out,
      io,
      signer,
    );
  }
  if (values.ledger !== undefined) {
    const partitions = values.partitions !== undefined ? partitionsOption(values.partitions) : undefined;
    // A stored run keeps each chunk as it is read: a file whose text breaks part-way is refused before the ledger
    // is opened or any output claimed. A pipe is copied first, so that it too is checked whole.
    const source = await readableTwice(input);
    try {
      await checkInputEncoding(source.path, input, onEncodingOf(io, input));
      const store = await openStore(values.ledger, partitions);
      try {
        return await streamStored(source.path, input, store, opts, out, signer, io);
      } finally {
        await store.close();
      }
    } finally {
      source.done();
    }
  }
  const ids = idStore(values['id-store'], made);
  if (ids !== undefined) {
    opts.credited = ids.credited;
    opts.seen = ids.seen;
  }
  try {
    return await streamFiles(input, opts, out, io);
  } finally {
    ids?.close();
  }
}

/**
 * What a run made before its first line: folders (the out-dir, the id store, the spool, each with the parents it
 * needed) and files (the id store's database). A run refused before its first line removes them (`remove`), files
 * first, then the folders, the last made first; a folder something else has written into since is kept.
 */
class Made {
  private readonly folders: string[] = [];
  private readonly files: string[] = [];

  /** Make `dir` (makeOutputDir), noting the folders that were missing. */
  folder(dir: string): void {
    this.folders.push(...makeOutputDir(dir));
  }

  /** Note a file about to be made. */
  file(file: string): void {
    this.files.push(file);
  }

  remove(): void {
    for (const f of this.files) rmSync(f, { force: true });
    for (const d of [...this.folders].reverse()) {
      try {
        rmdirSync(d);
      } catch {
        // Not empty (another program wrote into it), or already gone: left as it is.
      }
    }
  }
}

/**
 * The optional packages a run needs (ADR 0059), loaded before any output, spool or store directory is made: without
 * one (DEPENDENCY_MISSING) nothing is left behind.
 */
async function loadOptionalPackages(values: CarbonValues): Promise<void> {
  const ledger = values.ledger;
  if (values['id-store'] !== undefined || (ledger !== undefined && !isPostgresUrl(ledger))) loadSqlite();
  if (ledger !== undefined && isPostgresUrl(ledger)) await importOptional(() => import('pg'));
  if (values.queue !== undefined) await importOptional(() => import('bullmq'));
}

/**
 * The ledger store of `--ledger DIR|URL`, opened before any output is claimed: a folder that cannot be made is
 * OUTPUT_UNWRITABLE, a store that cannot be opened its own refusal, with nothing written.
 */
function openStore(target: string, partitions: number | undefined): Promise<LedgerStore> {
  if (!isPostgresUrl(target) && !existsSync(target)) makeOutputDir(target);
  return openLedgerStore(target, partitions !== undefined ? { partitions } : {});
}

/** The options of a run on a queue that no local run refuses, refused before any output is claimed. */
function checkQueueOptions(values: CarbonValues): void {
  if (values['id-store'] !== undefined)
    fail('CLI_USAGE', [], {
      detail:
        "a run on a queue keeps its ids in its partitions' jobs or in its --ledger: --id-store is not read",
    });
  const ledger = values.ledger;
  if (ledger !== undefined && !isPostgresUrl(ledger))
    fail('CLI_USAGE', [], {
      detail: `a run on a queue appends to a ledger every worker reaches: give --ledger postgres://… (an embedded ledger, ${ledger}, is written by one process)`,
    });
}

/** The options of a local run that belong to a queue or a stored ledger, refused before any output is claimed. */
function checkLocalOptions(values: CarbonValues): void {
  for (const o of ['run-id', 'spool'] as const)
    if (values[o] !== undefined)
      fail('CLI_USAGE', [], { detail: `--${o} names a run on a queue, or its spool: give --queue` });
  if (values.partitions !== undefined && values.ledger === undefined)
    fail('CLI_USAGE', [], {
      detail:
        '--partitions sets the partitions of a stored ledger when it is created: give --ledger, or --queue',
    });
}

/**
 * The on-disk id store of a run whose ledger is in files (`ids.sqlite` in DIR). It must start empty: ids left
 * by another run would refuse this run's activities as credited twice although this run's ledger never credited
 * them (a ledger that continues across runs is a --ledger store). Its folder and files are noted in `made`, for a
 * run (or a verification) that stops before using them to remove.
 */
function idStore(dir: string | undefined, made: Made): SqliteIdStore | undefined {
  if (dir === undefined) return undefined;
  if (existsSync(dir) && !statSync(dir).isDirectory())
    fail('OUTPUT_UNWRITABLE', [], { file: dir, detail: 'it is a file, not a folder (--id-store)' });
  if (existsSync(dir) && readdirSync(dir).length > 0)
    fail('CLI_USAGE', [], {
      detail: `--id-store ${dir} is not empty: give a new or empty directory (it holds the ids of one run)`,
    });
  loadSqlite(); // before the directory: without better-sqlite3 (DEPENDENCY_MISSING) nothing is made
  made.folder(dir);
  const file = join(dir, 'ids.sqlite');
  // The database and the files SQLite keeps beside it in WAL mode.
  for (const f of [file, `${file}-wal`, `${file}-shm`]) made.file(f);
  return openSqliteIdStore(file);
}

/** The files a run writes in its out-dir (`--force` removes those of an earlier run: clearOutDir). */
const RUN_FILES = [
  'summary.json',
  `summary.json${PARTIAL}`,
  'checkpoint.json',
  'results.jsonl',
  'ledger.jsonl',
];

/**
 * Check (and make) the out-dir. One holding an earlier run's files is refused unless --force: a ledger as
 * CARBON_LEDGER_EXISTS, any other of them (the results and summary of a run whose ledger is a store) as
 * OUTPUT_DIR_NOT_EMPTY, so that a failed run never leaves an old summary beside new results. A queue run is
 * exempt from the second rule: resumed by its run id, it writes into the out-dir its first coordinator claimed (its
 * files are written whole at the end). Other files are left alone. A folder that is a file cannot be written:
 * OUTPUT_UNWRITABLE, as for every output.
 */
function checkOutDir(dir: string, force: boolean, queued: boolean, made: Made): void {
  if (existsSync(dir) && !statSync(dir).isDirectory())
    fail('OUTPUT_UNWRITABLE', [], { file: dir, detail: 'it is a file, not a folder' });
  if (!force) {
    if (existsSync(join(dir, 'ledger.jsonl'))) carbonFail('CARBON_LEDGER_EXISTS', [], { dir });
    const earlier = queued ? [] : RUN_FILES.filter((f) => existsSync(join(dir, f)));
    if (earlier.length > 0) fail('OUTPUT_DIR_NOT_EMPTY', [], { dir, files: earlier.join(', ') });
  }
  made.folder(dir);
}

/**
 * The files of an earlier run in the out-dir, removed (--force) before this run writes any: the old summary
 * first, so that a crash after that leaves no old anchor beside a new ledger.
 */
function clearOutDir(dir: string): void {
  for (const f of RUN_FILES) rmSync(join(dir, f), { force: true });
}

/**
 * Where a run's results go: stdout, or results.jsonl (and ledger.jsonl for a file ledger) in the out-dir, made when
 * the outputs are claimed (`claim`): when the first line is read, or the first results or the summary come.
 */
class Output {
  private results: JsonlWriter | undefined;
  private ledger: JsonlWriter | undefined;
  private readonly stdout: BufferedOut;
  /** Whether the outputs were claimed: a run refused before then has written nothing. */
  claimed = false;
  refused = 0;

  constructor(
    private readonly dir: string | undefined,
    private readonly fileLedger: boolean,
    /** --force: the files of an earlier run in the out-dir are removed when the outputs are claimed. */
    private readonly force: boolean,
    /** Lines per chunk: the ledger reaches the disk before the chunk's results. */
    readonly size: number,
    private readonly io: CarbonIo,
  ) {
    this.stdout = new BufferedOut(io);
  }

  /**
   * Claim the outputs, once: an earlier run's files removed (--force), then the ledger file opened, then the results
   * file (an out-dir with results always has its ledger).
   */
  claim(): void {
    if (this.claimed) return;
    this.claimed = true;
    const dir = this.dir;
    if (dir === undefined) return;
    if (this.force) clearOutDir(dir);
    if (this.fileLedger) this.ledger = new JsonlWriter(join(dir, 'ledger.jsonl'));
    this.results = new JsonlWriter(join(dir, 'results.jsonl'));
  }

  /** One chunk: its ledger entries reach the file (the OS) before its results are written. */
  async chunk(rs: readonly LineResult[]): Promise<void> {
    this.claim();
    if (this.ledger !== undefined) {
      for (const r of rs) for (const e of r.entries) await this.ledger.write(e);
      await this.ledger.sync();
    }
    for (const r of rs) {
      if (!r.ok) {
        this.refused += 1;
        for (const i of r.issues) this.io.err(`${formatIssue(i)}\n`);
      }
      if (this.results !== undefined)
        await this.results.write({ ...r, entries: r.entries.map((e) => e.hash) });
      else this.stdout.write(toJsonLine(r));
    }
    // A chunk's results on stdout go out together, after its ledger entries reached the file.
    this.stdout.flush();
    await this.results?.sync();
  }

  async finish(summary: BatchSummary & { checkpoint?: Checkpoint }, store?: string): Promise<number> {
    this.claim();
    await this.ledger?.close();
    await this.results?.close();
    if (this.dir === undefined) {
      this.io.out(toJsonLine({ summary }));
      return this.refused > 0 ? 1 : 0;
    }
    writeOutputFile(join(this.dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    return this.finished(summary, store);
  }

  /**
   * `finish` for a summary whose balances are streamed (a run on a queue): the same text, written a piece at a
   * time (streamedJson), summary.json under a .partial name renamed once complete; the summary line on stdout
   * staged in the run's folder and printed once complete (writeWhole), so that a balance file that cannot be read
   * part-way leaves no cut-off line.
   */
  async finishStreamed(
    { summary, balances, folder }: QueueSummary & { summary: BatchSummary & { checkpoint?: Checkpoint } },
    store?: string,
  ): Promise<number> {
    this.claim();
    await this.ledger?.close();
    await this.results?.close();
    if (this.dir === undefined) {
      await writeWhole(summaryLine(summary, balances), join(folder, 'summary.line'), (s) => this.io.out(s));
      return this.refused > 0 ? 1 : 0;
    }
    const staged = stagedOutput(join(this.dir, 'summary.json'));
    const out = new TextWriter(staged.path);
    try {
      for await (const t of streamedJson(summary, 'balances', balances, 2)) await out.write(t);
      await out.write('\n');
      await out.close();
    } catch (e) {
      await out.close().catch(() => undefined);
      staged.abort();
      throw e;
    }
    staged.commit();
    return this.finished(summary, store);
  }

  /** After summary.json: checkpoint.json when the run signed its head, and the one line that sums the run up. */
  private finished(summary: BatchSummary & { checkpoint?: Checkpoint }, store: string | undefined): number {
    const dir = this.dir as string;
    if (summary.checkpoint !== undefined)
      writeOutputFile(join(dir, 'checkpoint.json'), `${JSON.stringify(summary.checkpoint, null, 2)}\n`);
    const parts = summary.ledger.partitions;
    this.io.out(
      `${summary.lines} lines: ${summary.accepted} accepted, ${summary.refused} refused, ${summary.warnings} warnings; ` +
        `${summary.grams} g CO₂, ${summary.points} points; ledger ${store !== undefined ? `${store} ` : ''}${summary.ledger.count} entries, ` +
        `${parts !== undefined ? `${parts.length} partitions, root` : 'head'} ${summary.ledger.head}\n`,
    );
    return this.refused > 0 ? 1 : 0;
  }
}

/** The pieces of the line `{"summary": …}` with the balances streamed, as a local run prints it (compact). */
async function* summaryLine(
  summary: BatchSummary,
  balances: QueueSummary['balances'],
): AsyncGenerator<string> {
  yield '{"summary":';
  yield* streamedJson(summary, 'balances', balances, 0);
  yield '}\n';
}

/** A run with the ledger in files (or on stdout), a chunk of lines at a time. */
async function streamFiles(input: string, opts: BatchOptions, out: Output, io: CarbonIo): Promise<number> {
  const batch = new CarbonBatch(opts);
  let chunk: LineResult[] = [];
  let n = 0;
  for await (const line of inputLines(input, onEncodingOf(io, input))) {
    if (n === 0) out.claim();
    const r = batch.process(line, ++n);
    if (r === undefined) continue;
    chunk.push(r);
    if (chunk.length >= out.size) {
      await out.chunk(chunk);
      chunk = [];
    }
  }
  await out.chunk(chunk);
  return out.finish(batch.summary());
}

/** A rule set as a queue job carries it: a bundled one by id, or the JSON of its file. */
function rulesSpec(arg: string): { id: string } | { file: string; json: unknown } {
  if (!existsSync(arg) && /^[a-z0-9][a-z0-9-]*(@[\d.]+)?$/.test(arg)) return { id: arg };
  return { file: arg, json: readJson(arg) };
}

/**
 * A run whose partitions are jobs on a queue (docs/queue.md): the input spooled by partition, one job per partition
 * of `--partitions N` run by `gepkit worker` processes, appended to a PostgreSQL `--ledger` when given; the results
 * come back in line order with the summary of one run over every partition, and are written as a local run (with
 * its ledger in files, or stored) writes them.
 */
async function streamQueue(
  input: string,
  values: {
    queue?: string;
    partitions: number | undefined;
    'run-id'?: string;
    spool?: string;
    ledger?: string;
    rules?: string;
    factors?: string[];
    methodology?: string[];
    reductions: string;
    strict: boolean;
  },
  now: number,
  out: Output,
  io: CarbonIo,
  signer: ((head: StoredHead) => Checkpoint) | undefined,
): Promise<number> {
  const { ledger, partitions } = values;
  const json = (file: string) => ({ file, json: readJson(file) });
  const { runCarbonOnQueue } = await import('../queue/carbon-node');
  // The summary is written inside the run, while the partitions' balance files it streams from exist.
  const finish = async (s: QueueSummary): Promise<number> => {
    if (ledger === undefined) return out.finishStreamed(s);
    if (signer === undefined) return out.finishStreamed(s, 'postgres');
    const store = await openLedgerStore(ledger);
    try {
      const checkpoint = signer(await store.head());
      keptCheckpoint(checkpoint, await store.addCheckpoint(checkpoint), io);
      return await out.finishStreamed({ ...s, summary: { ...s.summary, checkpoint } }, store.kind);
    } finally {
      await store.close();
    }
  };
  return runCarbonOnQueue(
    input,
    {
      rules: values.rules !== undefined ? rulesSpec(values.rules) : null,
      factors: (values.factors ?? []).map(json),
      methodologies: (values.methodology ?? []).map(json),
      reductions: values.reductions as 'required' | 'when-available',
      strict: values.strict,
      now,
    },
    {
      url: values.queue as string,
      ...(partitions !== undefined ? { partitions } : {}),
      ...(values.spool !== undefined ? { spool: values.spool } : {}),
      ...(ledger !== undefined ? { ledger: { target: ledger, chunk: out.size } } : {}),
      ...(values['run-id'] !== undefined ? { runId: values['run-id'] } : {}),
      onRun: (r) => io.err(`run ${r.id}${r.resumed ? ' (resumed)' : ''}: resume it with --run-id ${r.id}\n`),
      onResults: (rs) => out.chunk(rs),
    },
    finish,
  );
}

/**
 * A run continuing a stored ledger (opened, and closed, by the caller): each chunk is stored before its results
 * are written.
 */
async function streamStored(
  input: string,
  name: string,
  store: LedgerStore,
  opts: BatchOptions,
  out: Output,
  signer: ((head: StoredHead) => Checkpoint) | undefined,
  io: CarbonIo,
): Promise<number> {
  const run = await StoredBatch.open(store, { ...opts, chunk: out.size });
  let lines: string[] = [];
  let first = 1;
  for await (const line of inputLines(input, undefined, name)) {
    out.claim();
    lines.push(line);
    if (lines.length >= out.size) {
      await out.chunk(await run.processChunk(lines, first));
      first += lines.length;
      lines = [];
    }
  }
  if (lines.length > 0) await out.chunk(await run.processChunk(lines, first));
  if (signer === undefined) return out.finish(run.summary(), store.kind);
  // A signed checkpoint over the head the run leaves: stored, in the summary, and as checkpoint.json to publish.
  const checkpoint = signer(await store.head());
  keptCheckpoint(checkpoint, await store.addCheckpoint(checkpoint), io);
  return out.finish({ ...run.summary(), checkpoint }, store.kind);
}

/**
 * Say when the store kept a checkpoint of another key at the count this run signed (LEDGER_CHECKPOINT_KEPT): the
 * run's own checkpoint is still in its summary and checkpoint.json. The same key signs the same head alike.
 */
function keptCheckpoint(given: Checkpoint, kept: Checkpoint | undefined, io: CarbonIo): void {
  if (kept === undefined || kept.publicKey === given.publicKey) return;
  const end = (k: string) => `…${k.slice(-12)}`;
  io.err(
    `${formatIssue(carbonIssue('LEDGER_CHECKPOINT_KEPT', [], { count: given.count, given: end(given.publicKey), kept: end(kept.publicKey) }))}\n`,
  );
}

/**
 * `verify --ledger`: the stored ledger replayed, with the replay's credited ids in a scratch database; with `--rules`
 * its caps, counters and remainders checked against the entries; with `--activities` the runs re-executed.
 */
async function verifyStored(
  target: string,
  values: CarbonValues,
  extra: readonly string[],
  io: CarbonIo,
): Promise<number> {
  // `--activities a.jsonl b.jsonl`: the files after the first come as positionals.
  const inputs = values.activities !== undefined ? [...values.activities, ...extra] : [];
  if (values.activities === undefined && extra.length > 0)
    fail('CLI_USAGE', [], { detail: `unexpected argument ${extra[0]} (--ledger names the ledger)` });
  if (!/^postgres(ql)?:\/\//.test(target) && !existsSync(join(target, 'ledger.sqlite')))
    fail('FILE_UNREADABLE', [], {
      file: join(target, 'ledger.sqlite'),
      detail: 'no ledger in this directory',
    });
  for (const f of inputs) checkInputFile(f);
  if (inputs.length > 0 && (values.rules ?? []).length > 1)
    fail('CLI_USAGE', [], {
      detail: `--activities re-executes the runs under one rule set, not ${(values.rules ?? []).length}: a ledger written under several rule-set versions is verified with --rules once per version, without --activities`,
    });
  // One rule set per version the ledger was written under: each entry is judged by the version it names.
  const rules = (values.rules ?? []).map(rulesFrom);
  const store = await openLedgerStore(target);
  const scratch = mkdtempSync(join(tmpdir(), 'gepkit-verify-'));
  const ids = openSqliteIdStore(join(scratch, 'ids.sqlite'));
  try {
    const anchor = values.anchor !== undefined ? storedAnchor(values.anchor) : undefined;
    // Each --public-key is a key the caller trusts (a ledger signed before and after a change of key names both).
    const trusted = (values['public-key'] ?? []).map((f) => publicKeyFromPem(readText(f)));
    const v = await verifyStore(store, {
      hash: nodeSha256,
      credited: ids.credited,
      policy: registryPolicies(rules),
      ...(rules.length > 0 ? { rules } : {}),
      signatureValid: (c) => checkpointSignatureValid(c),
      ...(trusted.length > 0 ? { publicKey: trusted } : {}),
      signed: trusted.length > 0,
      ...(anchor !== undefined ? { anchors: [anchor] } : {}),
    });
    const issues = [...v.issues];
    let reexecuted: { runs: number; lines: number; count: number } | undefined;
    if (inputs.length > 0) {
      const { reexecuteStore } = await import('../carbon/reexecute');
      const chunk = chunkOf(values);
      const opts = await batchOptions(values);
      const r = await reexecuteStore(
        store,
        inputs.map((f) => inputLines(f)),
        { ...opts, chunk },
      );
      issues.push(...r.issues);
      reexecuted = { runs: r.runs, lines: r.lines, count: r.count };
    }
    for (const i of issues) io.err(`${formatIssue(i)}\n`);
    const ok = issues.length === 0;
    const { count, head, checkpoints, balances, caps } = v;
    const partitions = store.partitions > 1 ? { partitions: v.partitions } : {};
    const extraOut = reexecuted !== undefined ? { reexecuted } : {};
    // The anchor compared, as the file-ledger verify names it, and whether it was a signed checkpoint.
    const anchorOut =
      anchor !== undefined ? { count: anchor.count, head: anchor.head, signed: isSigned(anchor) } : null;
    io.out(
      `${JSON.stringify({ ok, count, head, ...partitions, anchor: anchorOut, checkpoints, caps, ...extraOut, balances }, null, 2)}\n`,
    );
    return ok ? 0 : 1;
  } finally {
    ids.close();
    rmSync(scratch, { recursive: true, force: true });
    await store.close();
  }
}

async function verify(
  file: string | undefined,
  anchorFile: string | undefined,
  idStoreDir: string | undefined,
  rules: readonly string[] | undefined,
  io: CarbonIo,
): Promise<number> {
  if (file === undefined)
    fail('CLI_USAGE', [], { detail: 'missing the ledger file (JSON Lines) or --ledger' });
  checkInputFile(file);
  const anchor = anchorFile !== undefined ? summaryAnchor(anchorFile) : undefined;
  async function* entries() {
    let n = 0;
    for await (const line of fileLines(file as string)) {
      n += 1;
      if (line.trim() === '') continue;
      const limit = longLineLimit(line);
      if (limit !== undefined) fail('LINE_TOO_LONG', ['line', n], { limit });
      let entry: Entry;
      try {
        entry = JSON.parse(line) as Entry;
      } catch (e) {
        throw new GepError(
          carbonIssue('CARBON_LINE_NOT_JSON', ['line', n], {
            detail: (e as Error).message,
            input: 'ledger',
          }),
        );
      }
      // A key given twice: every hash can match the values JSON.parse keeps (the last) while a reader keeping
      // the first sees another amount or account. A number no double holds: read as Infinity or a silent 0.
      const problem = jsonLineProblem(line, entry);
      if (problem?.code === 'INPUT_DUPLICATE_KEY')
        throw new GepError(
          carbonIssue('CARBON_LINE_NOT_JSON', ['line', n, ...problem.path], {
            detail: duplicateKeyDetail(problem),
            input: 'ledger',
          }),
        );
      if (problem !== undefined) throw new GepError(valueProblemIssue(problem, ['line', n]));
      // JSON that is no object (null, a number, text, an array) is no entry: refused as that line, as one not JSON is.
      if (!isObject(entry)) carbonFail('LEDGER_ENTRY_INVALID', ['line', n], { detail: 'not an object' });
      yield entry;
    }
  }
  const made = new Made();
  const ids = idStore(idStoreDir, made);
  let v: Verification | undefined;
  try {
    v = await verifyLedgerAsync(entries(), {
      hash: nodeSha256,
      ...(anchor !== undefined ? { anchor } : {}),
      ...(ids !== undefined ? { credited: ids.credited } : {}),
      policy: registryPolicies((rules ?? []).map(rulesFrom)),
    });
  } finally {
    ids?.close();
    // A verification stopped part-way (a line that holds no entry, a rule set that cannot be read) keeps nothing of
    // the id store it made: the rerun on the mended file finds the folder as it was.
    if (v === undefined) made.remove();
  }
  for (const i of v.issues) io.err(`${formatIssue(i)}\n`);
  io.out(
    `${JSON.stringify({ ok: v.ok, count: v.count, head: v.head, anchor: anchor ?? null, balances: v.balances }, null, 2)}\n`,
  );
  return v.ok ? 0 : 1;
}

/**
 * The anchor `{count, head}` at `at` in the JSON of an anchor file (the run's summary.json: at `ledger`; a
 * checkpoint.json: at its top). The verification compares both with the ledger's, so a file without either, or
 * with a count that is not an entry count, is CARBON_ANCHOR_INVALID at the member, naming the file: an anchor
 * that is not there would otherwise let the check pass without comparing anything.
 */
function anchorAt(file: string, json: unknown, at: string[]): { count: number; head: string } {
  const bad = (path: string[], detail: string): never =>
    carbonFail('CARBON_ANCHOR_INVALID', path, { file, detail });
  const o = at.reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), json);
  if (!isObject(o)) return bad(at, at.length > 0 ? `no object ${at.join('.')}` : 'not an object');
  const { count, head } = o;
  if (!Number.isSafeInteger(count) || (count as number) < 0)
    bad(
      [...at, 'count'],
      count === undefined ? 'no count' : `count ${JSON.stringify(count)} is not an entry count`,
    );
  if (typeof head !== 'string')
    bad([...at, 'head'], head === undefined ? 'no head' : `head ${JSON.stringify(head)} is not a hash`);
  return { count: count as number, head: head as string };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The anchor of `carbon verify <ledger.jsonl> --anchor summary.json`: the summary's `ledger` count and head. */
function summaryAnchor(file: string): { count: number; head: string } {
  return anchorAt(file, readJson(file), ['ledger']);
}

/**
 * The anchor of `carbon verify --ledger --anchor FILE`, its count and head checked (anchorAt): a checkpoint.json (or
 * any `{count, head}`, unsigned); a run's summary.json, by the checkpoint it holds when the run was signed, else by
 * its `ledger` count, head and partition heads (unsigned).
 */
function storedAnchor(file: string): Checkpoint | UnsignedAnchor {
  const json = readJson(file);
  if (isObject(json) && isObject(json.ledger)) {
    if (isObject(json.checkpoint)) {
      anchorAt(file, json, ['checkpoint']);
      return json.checkpoint as unknown as Checkpoint;
    }
    const { count, head } = anchorAt(file, json, ['ledger']);
    const parts = json.ledger.partitions;
    return Array.isArray(parts)
      ? { count, head, partitions: parts as UnsignedAnchor['partitions'] }
      : { count, head };
  }
  anchorAt(file, json, []);
  return json as Checkpoint | UnsignedAnchor;
}
