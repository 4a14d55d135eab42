import { prettyJson } from '../core/canonical';
import { existsSync, renameSync, rmSync } from 'node:fs';
import process from 'node:process';
import { dirname, join, resolve } from 'node:path';
import { GepError, type Path, fail, formatIssue, formatPath } from '../core/errors';
import { sheetCsvLine } from '../io/csv';
import { longLineLimit, toJsonLine } from '../io/jsonl';
import { duplicateKeyDetail, jsonLineProblem } from '../io/json';
import { valueProblemIssue } from '../core/value-problems';
import {
  type DuplicateIndex,
  type IndexMode,
  type ParcelResult,
  indexOptions,
  valueParcelsAsync,
} from '../vep/batch';
import { openDiskIndex } from '../vep/disk-index-node';
import { type PoolItem, valueParcelsPooled } from '../vep/pool-node';
import { type Prepared, prepareContext } from '../vep/context';
import { changeAccounting } from '../vep/change';
import { allocatePackage } from '../vep/dividends';
import { TextWriter, fileLines, formatOf } from '../vep/files-node';
import { ParcelSums, reconcile, unexplainedIssues } from '../vep/reconcile';
import { vepIssue } from '../vep/errors';
import { csvRow, resultCsvHeader } from '../vep/result-csv';
import { compactLine } from '../vep/result-line';
import { compactLinesAsync } from '../vep/compact-bytes';
import { csvText } from '../vep/csv';
import type { GuessedAt } from '../io/encoding';
import {
  BufferedOut,
  type Io,
  PARTIAL,
  checkInputFile,
  checkOutputFile,
  checkOutputsApart,
  claimOutputDir,
  inputLineBlocks,
  inputLines,
  isSystemError,
  onEncodingOf,
  parseCommandArgs,
  readJson,
  reported,
} from './shared';
import { COMMAND_HELP } from './help';
import { grade } from './account-options';
import { GRADES, type Grade, gradeAtLeast } from '../coefficients/schema';
import { stagedOutput, writeOutputFile } from './output-file';

/**
 * `gepkit vep value|change|reconcile|allocate`: parses arguments, reads files, calls gepkit/vep, prints. A bad parcel
 * line is printed with its line number and the others are valued; the exit code is 1 when any line was refused,
 * and for `reconcile` when any row's difference is beyond rounding (unexplained).
 */

export interface VepIo extends Io {
  /** Whether stderr is a terminal (progress is shown there); default: process.stderr.isTTY. */
  errIsTTY?: boolean;
  /** The built worker of `--workers N` (default: dist/vep/pool-worker.js beside the CLI). */
  poolWorkerFile?: string;
}

export async function vepCommand(args: string[], io: VepIo): Promise<number> {
  return reported(io, () => run(args, io));
}

/** The options the command parses (each is explained in its help, COMMAND_HELP). */
export const VEP_OPTIONS = {
  context: { type: 'string' },
  profile: { type: 'string' },
  'min-grade': { type: 'string' },
  'out-dir': { type: 'string' },
  force: { type: 'boolean', default: false },
  'no-fast': { type: 'boolean', default: false },
  format: { type: 'string', default: 'json' },
  rejected: { type: 'string' },
  progress: { type: 'boolean', default: false },
  warnings: { type: 'string', default: 'refs' },
  index: { type: 'string', default: 'auto' },
  workers: { type: 'string', default: '0' },
  prices: { type: 'string', default: 'current' },
  'price-year': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The options each subcommand reads (besides --help); any other is CLI_OPTION_NOT_APPLICABLE. */
const VEP_APPLIES: Record<string, readonly (keyof typeof VEP_OPTIONS)[]> = {
  value: [
    'context',
    'profile',
    'min-grade',
    'out-dir',
    'force',
    'no-fast',
    'format',
    'rejected',
    'progress',
    'warnings',
    'index',
    'workers',
  ],
  change: ['prices'],
  reconcile: ['price-year'],
  allocate: [],
};

async function run(args: string[], io: VepIo): Promise<number> {
  const { values, positionals, tokens } = parseCommandArgs('vep', args, VEP_OPTIONS);
  const [sub, ...rest] = positionals;
  if (values.help || sub === undefined) {
    io.out(`${COMMAND_HELP.vep}\n`);
    return 0;
  }
  const applies = VEP_APPLIES[sub];
  for (const t of tokens)
    if (t.kind === 'option' && applies !== undefined && !applies.includes(t.name as keyof typeof VEP_OPTIONS))
      fail('CLI_OPTION_NOT_APPLICABLE', [], { command: `vep ${sub}`, option: t.rawName });
  const need = (n: number, what: string) => {
    if (rest.length < n) fail('CLI_USAGE', [], { detail: `vep ${sub}: missing ${what}` });
    if (rest.length > n) fail('CLI_USAGE', [], { detail: `vep ${sub}: unexpected argument ${rest[n]}` });
  };
  // Keys in canonical order, as gepkit account and the service print them (the service's bytes are these).
  const print = (v: unknown) => io.out(prettyJson(v));
  switch (sub) {
    case 'value': {
      need(1, 'the parcels file');
      if (values.context === undefined)
        fail('CLI_USAGE', [], { detail: 'vep value needs --context <context.json>' });
      const context = readJson(values.context, io) as Record<string, unknown>;
      if (values.profile !== undefined && context !== null && typeof context === 'object')
        context.profile = values.profile;
      // The stricter of the flag and the context's own minGrade: an operator's flag never loosens a bank's context.
      if (values['min-grade'] !== undefined && context !== null && typeof context === 'object')
        context.minGrade = stricterGrade(grade(values['min-grade']), context.minGrade);
      if (values.format !== 'json' && values.format !== 'compact' && values.format !== 'csv')
        fail('CLI_USAGE', [], {
          detail: `--format must be json, compact or csv, got ${values.format}`,
        });
      if (values.warnings !== 'inline' && values.warnings !== 'refs')
        fail('CLI_USAGE', [], { detail: `--warnings must be refs or inline, got ${values.warnings}` });
      if (values.index !== 'auto' && values.index !== 'memory' && values.index !== 'disk')
        fail('CLI_USAGE', [], { detail: `--index must be auto, memory or disk, got ${values.index}` });
      const workers = Number(values.workers);
      if (!/^\d{1,3}$/.test(values.workers) || workers > 64)
        fail('CLI_USAGE', [], {
          detail: `--workers must be a whole number from 0 to 64, got ${values.workers}`,
        });
      return value(
        rest[0] as string,
        context,
        {
          contextFile: values.context,
          dir: values['out-dir'],
          force: values.force,
          fast: !values['no-fast'],
          format: values.format,
          rejected: values.rejected,
          progress: values.progress || (io.errIsTTY ?? process.stderr.isTTY === true),
          warnings: values.warnings,
          index: values.index,
          workers,
        },
        io,
      );
    }
    case 'change': {
      need(2, 'two account results (a.json b.json)');
      if (values.prices !== 'current' && values.prices !== 'comparable')
        fail('CLI_USAGE', [], { detail: `--prices must be current or comparable, got ${values.prices}` });
      const r = changeAccounting(readJson(rest[0] as string, io), readJson(rest[1] as string, io), {
        prices: values.prices,
      });
      for (const w of r.warnings) io.err(`${formatIssue(w)}\n`);
      print(r);
      return 0;
    }
    case 'reconcile': {
      need(2, 'the parcel results (results.jsonl) and the county account (account.json)');
      const r = await reconcileFiles(rest[0] as string, rest[1] as string, values['price-year']);
      print(r);
      // A difference beyond rounding is reported (the rows, on stderr) and fails the command, for scripts to see.
      const unexplained = unexplainedIssues(r);
      for (const w of unexplained) io.err(`${formatIssue(w)}\n`);
      return unexplained.length > 0 ? 1 : 0;
    }
    case 'allocate': {
      need(1, 'the package file');
      const r = allocatePackage(readJson(rest[0] as string, io));
      // Fees or fixed returns paid short, depositor ids read by the id rule: said on stderr, the allocation made.
      for (const w of r.warnings) io.err(`${formatIssue(w)}\n`);
      print(r);
      return 0;
    }
    default:
      return fail('CLI_USAGE', [], { detail: `vep takes value, change, reconcile or allocate, got ${sub}` });
  }
}

interface ValueOptions {
  /** The context file the command read (`context` is its JSON), kept apart from the outputs. */
  contextFile: string;
  dir: string | undefined;
  force: boolean;
  fast: boolean;
  format: 'json' | 'compact' | 'csv';
  rejected: string | undefined;
  progress: boolean;
  warnings: 'inline' | 'refs';
  index: IndexMode;
  /** Worker threads (0: the batch runs in this thread). */
  workers: number;
}

/** The result files `vep value --out-dir` writes (one of them per run, by --format). */
const RESULT_FILES = ['results.jsonl', 'results.csv'] as const;

/** The files `vep value --out-dir` writes, or with --force removes, in the out-dir: the completion marker first. */
const OUT_DIR_FILES = ['summary.json', ...RESULT_FILES] as const;

async function value(file: string, context: unknown, o: ValueOptions, io: VepIo) {
  // A missing file or a folder is FILE_UNREADABLE up front, not a stream error mid-way.
  checkInputFile(file);
  // No output may replace the parcels or the context, nor another output (the rejected rows in place of the
  // results or the summary), with --force neither: refused before anything is claimed.
  const dir = o.dir;
  checkOutputsApart(
    [
      ...(dir === undefined ? [] : OUT_DIR_FILES.map((n) => ({ file: join(dir, n), option: '--out-dir' }))),
      ...(o.rejected === undefined ? [] : [{ file: o.rejected, option: '--rejected' }]),
    ],
    [{ file }, { file: o.contextFile, option: '--context' }],
  );
  const prepared = prepareContext(context);
  // With --index disk the index is opened before any output is claimed: when its temporary directory cannot be
  // made, the run stops with nothing written. (The batch closes it too; a second close does nothing.)
  const index = o.index === 'disk' ? beforeAnyWork(() => openDiskIndex()) : undefined;
  try {
    return await valueInto(file, { raw: context, prepared }, o, io, index);
  } finally {
    index?.close();
  }
}

async function valueInto(
  file: string,
  { raw, prepared }: { raw: unknown; prepared: Prepared },
  o: ValueOptions,
  io: VepIo,
  index: DuplicateIndex | undefined,
) {
  const indicators = prepared.basis.indicators.map((i) => i.code);
  for (const w of prepared.warnings) io.err(`${formatIssue(w)}\n`);
  // Outputs are claimed before any parcel is read, written under a .partial name and renamed once complete.
  // --rejected in the out-dir is checked once the out-dir is made; elsewhere before it, so that nothing is made for
  // a run that cannot write its refusals.
  const rejectedInDir =
    o.rejected !== undefined && o.dir !== undefined && resolve(dirname(o.rejected)) === resolve(o.dir);
  if (o.rejected !== undefined && !rejectedInDir) checkOutputFile(o.rejected);
  const resultsFile =
    o.dir === undefined ? undefined : join(o.dir, o.format === 'csv' ? 'results.csv' : 'results.jsonl');
  if (o.dir !== undefined) claimOutputDir(o.dir, o.force, OUT_DIR_FILES);
  if (o.rejected !== undefined && rejectedInDir) checkOutputFile(o.rejected);
  const results = resultsFile === undefined ? undefined : new TextWriter(`${resultsFile}${PARTIAL}`);
  // --rejected may name a device or a pipe (/dev/stdout), written directly: stagedOutput renames only files.
  const rejectedOut = o.rejected === undefined ? undefined : stagedOutput(o.rejected);
  const rejected = rejectedOut === undefined ? undefined : new TextWriter(rejectedOut.path);
  // summary.json is written whole by writeOutputFile, which removes its own .partial on a failure.
  const partials = resultsFile === undefined ? [] : [`${resultsFile}${PARTIAL}`];
  // Results on stdout go out in blocks (flushed before the summary line, and on a failure: what was made is
  // printed, as each line would have been).
  const stdout = results === undefined ? new BufferedOut(io) : undefined;
  try {
    const emit = async (s: string) => (results !== undefined ? results.write(s) : stdout?.write(s));
    await rejected?.write(
      `\uFEFF${sheetCsvLine(['line', 'id', 'package', 'code', 'path', 'message', 'message_zh'])}`,
    );
    if (o.format === 'csv') await emit(resultCsvHeader(indicators));
    const emitBytes = async (b: Uint8Array) =>
      results !== undefined ? results.writeBytes(b) : stdout?.writeBytes(b);
    let encoding = 'utf-8';
    let guessed: GuessedAt | undefined;
    const onEncoding = onEncodingOf(io, file, (e, at) => {
      encoding = e;
      guessed = at;
    });
    const batch = {
      format: formatOf(file),
      fastPath: o.fast,
      warnings: o.warnings,
      ...indexOptions(o.index, index === undefined ? () => openDiskIndex() : () => index),
    };
    // A CSV file whose lines end in CR alone is refused at its first line, before any is valued (csvText).
    const through = batch.format === 'csv' ? csvText : undefined;
    // Compact lines in one thread are written as bytes straight from each valued parcel (compactLinesAsync).
    const lines = o.workers === 0 ? inputLines(file, onEncoding, file, through) : undefined;
    const gen =
      lines !== undefined
        ? o.format === 'compact'
          ? compactLinesAsync(lines, prepared, batch)
          : valueParcelsAsync(lines, prepared, batch)
        : valueParcelsPooled(inputLineBlocks(file, onEncoding, through), raw, {
            ...batch,
            workers: o.workers,
            ...(io.poolWorkerFile === undefined ? {} : { workerFile: io.poolWorkerFile }),
            output:
              o.format === 'csv'
                ? { format: 'csv', indicators }
                : { format: o.format === 'compact' ? 'compact' : 'jsonl' },
          });
    const { refused, n, done } = await drain(gen, { emit, emitBytes, rejected, indicators, o, io });
    stdout?.flush();
    if (o.progress) io.err(`\r${n} lines, done\n`);
    const summary = { ...done, encoding, ...(guessed !== undefined ? { encodingGuessed: guessed } : {}) };
    await rejected?.close();
    rejectedOut?.commit();
    if (o.dir !== undefined && resultsFile !== undefined) {
      await results?.close();
      renameSync(`${resultsFile}${PARTIAL}`, resultsFile);
      // summary.json is written last: its presence says the results beside it are complete.
      writeOutputFile(join(o.dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
      io.out(
        `${summary.lines} parcels: ${summary.valued} valued (${summary.paths.fast} fast, ${summary.paths.decimal} decimal), ` +
          `${summary.refused} refused; value ${summary.value} 元 at ${summary.basis.priceYear} prices; basis ${summary.basis.hash}\n`,
      );
    } else if (o.format !== 'csv') io.out(toJsonLine({ summary }));
    else io.err(`${JSON.stringify({ summary })}\n`);
    return refused > 0 ? 1 : 0;
  } catch (e) {
    // A run that stops on an error (the disk index failing part-way, a full disk, an unreadable input) keeps
    // nothing of its outputs: the files begun under a .partial name are closed and removed. (A process killed
    // outright cannot do this: it leaves its .partial files, never a finished-looking one.)
    stdout?.flush();
    results?.abort();
    rejected?.abort();
    rejectedOut?.abort();
    for (const f of partials) rmSync(f, { force: true });
    throw e;
  }
}

/**
 * `f()`, run before any parcel is read or output claimed: a file-system error of it is OUTPUT_UNWRITABLE (nothing
 * computed or written), not the part-way OUTPUT_WRITE_FAILED every other file-system error becomes.
 */
function beforeAnyWork<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!isSystemError(e)) throw e;
    return fail('OUTPUT_UNWRITABLE', [], { file: String(e.path ?? '?'), detail: e.message });
  }
}

/**
 * The id cell of a rejected row whose line gave no id as text (docs/vep.md, `--rejected`): a line that is not JSON
 * or too long, a CSV row whose id cell cannot be told (CsvParcels.idOf), a JSON id given twice, of another type or
 * none. An empty cell is an id cell the row left empty.
 */
const ID_UNREAD = '(unread)';

/** What the result loop of `vep value` writes to. */
interface Sinks {
  emit: (s: string) => Promise<void> | void;
  /** For a pool's results, written by its workers as UTF-8 bytes. */
  emitBytes: (b: Uint8Array) => Promise<void> | void;
  rejected: TextWriter | undefined;
  indicators: string[];
  o: ValueOptions;
  io: VepIo;
}

/**
 * Write each result of the batch `gen` (refused lines also to stderr and the rejected file) and return the counts
 * and the batch's summary; a pool's valued results come written already, as bytes. A failure while writing
 * leaves the generator suspended: returning it closes the batch (and its disk index, and a pool's workers).
 */
async function drain<R>(
  gen: AsyncGenerator<ParcelResult | PoolItem, R>,
  { emit, emitBytes, rejected, indicators, o, io }: Sinks,
): Promise<{ refused: number; n: number; done: R }> {
  let refused = 0;
  let n = 0;
  try {
    let step = await gen.next();
    while (step.done !== true) {
      const r = step.value;
      if ('bytes' in r) {
        await emitBytes(r.bytes);
        const before = n;
        n += r.results;
        if (o.progress && Math.floor(n / 10_000) > Math.floor(before / 10_000)) io.err(`\r${n} lines…`);
        step = await gen.next();
        continue;
      }
      if (!r.ok) {
        refused += 1;
        for (const i of r.issues) {
          io.err(`${formatIssue(i)}\n`);
          await rejected?.write(
            sheetCsvLine([
              r.line,
              r.id ?? ID_UNREAD,
              r.package ?? '',
              i.code,
              formatPath(i.path),
              i.message.en,
              i.message.zh,
            ]),
          );
        }
      }
      if (o.format === 'json') await emit(toJsonLine(r));
      else if (o.format === 'compact') await emit(compactLine(r));
      else if (r.ok) await emit(csvRow(r, indicators));
      n += 1;
      if (o.progress && n % 10_000 === 0) io.err(`\r${n} lines…`);
      step = await gen.next();
    }
    return { refused, n, done: step.value };
  } finally {
    await gen.return(undefined as never);
  }
}

/** reconcile's hint for a line that is not JSON: it reads every line, unlike the batch. */
const RESULTS_NOT_JSON =
  'reconcile reads the results of vep value as JSON Lines (--format json or compact, results.jsonl), every line of them; the CSV of --format csv keeps one value per indicator, not the cells a reconciliation sums.';
const RESULTS_NOT_JSON_ZH =
  'reconcile 读取 vep value 以 JSON Lines 写出的结果（--format json 或 compact，results.jsonl），每一行都要读；--format csv 的 CSV 每个指标只有一个值，没有对账所加总的单元。';

/**
 * The price year of the results: the one their summary states; --price-year (`given`) only where they state none,
 * and refused where it names another (the parcels' values are at the summary's prices whatever the flag says).
 */
function sameYear(given: number | undefined, stated: number, at: Path): number {
  if (given !== undefined && given !== stated)
    throw new GepError({
      ...vepIssue('VEP_PRICE_YEAR_MISMATCH', at, { what: 'the parcel results file', a: stated, b: given }),
      hint: `The parcels were valued at ${stated} prices (their summary's basis.priceYear): leave out --price-year, or reconcile with the county's account at ${stated} prices (gepkit account --base-year ${stated}).`,
      hintZh: `这些地块按 ${stated} 年价格估值（其汇总中的 basis.priceYear）：去掉 --price-year，或与按 ${stated} 年价格核算的县域账户对账（gepkit account --base-year ${stated}）。`,
    });
  return stated;
}

/**
 * Reconcile a results file of `vep value` with a county account result, streamed: each parcel line is added to
 * the sums as it is read (memory by cells, not parcels), refused when its value or its types' values are not the
 * sums of its cells; the price year comes from the summary line, wherever it is, or summary.json beside the
 * results, or --price-year where they state none (`sameYear`), and the summary's totals are checked against the
 * lines at the end (ParcelSums.checkSummary). A line that is not JSON is
 * VEP_LINE_NOT_JSON with its number.
 */
async function reconcileFiles(results: string, accountFile: string, year: string | undefined) {
  checkInputFile(results);
  const sums = new ParcelSums();
  let priceYear = year === undefined ? undefined : Number(year);
  if (priceYear !== undefined && !Number.isInteger(priceYear))
    fail('CLI_USAGE', [], { detail: `--price-year must be an integer, got ${year}` });
  let n = 0;
  // `vep value` writes one result per parcel line, in line order, and one summary: a result whose batch line is not
  // after the previous one's (a line given twice, two runs' results joined) or a second summary would add parcels
  // or a price year twice.
  let last: { batchLine: number; at: number } | undefined;
  let summaryAt: number | undefined;
  let summaryOf: unknown;
  const twice = (what: string) =>
    new GepError(vepIssue('VEP_PARCEL_RESULT_INVALID', ['line', n], { detail: what }));
  for await (const line of fileLines(results)) {
    n += 1;
    if (line.trim() === '') continue;
    const limit = longLineLimit(line);
    if (limit !== undefined) fail('LINE_TOO_LONG', ['line', n], { limit });
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch (e) {
      throw new GepError({
        ...vepIssue('VEP_LINE_NOT_JSON', ['line', n], { detail: (e as Error).message }),
        hint: RESULTS_NOT_JSON,
        hintZh: RESULTS_NOT_JSON_ZH,
      });
    }
    // A key given twice (JSON.parse keeps the last, another reader the first); a number no double holds (read as
    // Infinity or a silent 0).
    const problem = jsonLineProblem(line, o);
    if (problem?.code === 'INPUT_DUPLICATE_KEY')
      throw new GepError(
        vepIssue('VEP_LINE_NOT_JSON', ['line', n, ...problem.path], { detail: duplicateKeyDetail(problem) }),
      );
    if (problem !== undefined) throw new GepError(valueProblemIssue(problem, ['line', n]));
    // The summary line gives the price year; every other line is a parcel result (ParcelSums.add checks it).
    const summary = o !== null && typeof o === 'object' && 'summary' in o ? o.summary : undefined;
    if (summary === undefined) {
      const batchLine = (o as { line?: unknown } | null)?.line;
      if (typeof batchLine === 'number') {
        if (last !== undefined && batchLine <= last.batchLine)
          throw twice(
            `the result of batch line ${batchLine} comes after that of batch line ${last.batchLine} (line ${last.at}): each parcel once, in the order vep value writes them`,
          );
        last = { batchLine, at: n };
      }
      sums.add(o, ['line', n]);
    } else {
      if (summaryAt !== undefined) throw twice(`a second summary line (the first is line ${summaryAt})`);
      summaryAt = n;
      summaryOf = summary;
      const y = (summary as { basis?: { priceYear?: unknown } } | null)?.basis?.priceYear;
      if (typeof y === 'number')
        priceYear = sameYear(priceYear, y, ['line', n, 'summary', 'basis', 'priceYear']);
    }
  }
  if (summaryAt !== undefined) sums.checkSummary(summaryOf, ['line', summaryAt, 'summary']);
  // `vep value --out-dir` writes the summary beside the results, as summary.json: without a summary line, the price
  // year is read from it (or --price-year checked against it), once it is shown to be these results' summary.
  const beside = join(dirname(results), 'summary.json');
  if (summaryAt === undefined && existsSync(beside)) {
    const summary = readJson(beside);
    sums.checkSummary(summary, ['summary.json']);
    const y = (summary as { basis?: { priceYear?: unknown } } | null)?.basis?.priceYear;
    if (typeof y === 'number') priceYear = sameYear(priceYear, y, ['summary.json', 'basis', 'priceYear']);
  }
  if (priceYear === undefined)
    fail('CLI_USAGE', [], {
      detail:
        'no summary line with basis.priceYear in the results, nor a summary.json beside them: give --price-year',
    });
  return reconcile(sums, readJson(accountFile), priceYear);
}

/** The stricter of a grade and a context's `minGrade` as written (a value that is no grade is left to the schema). */
function stricterGrade(flag: Grade, given: unknown): unknown {
  if (!(GRADES as readonly unknown[]).includes(given)) return given === undefined ? flag : given;
  return gradeAtLeast(flag, given as Grade) ? flag : given;
}
