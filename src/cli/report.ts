import { extname } from 'node:path';
import { type AccountOptions, account } from '../account/account';
import { compare } from '../account/compare';
import { prettyJson } from '../core/canonical';
import { fail } from '../core/errors';
import { parseReportableResult, reportHtml, type ReportableResult } from '../report';
import { MAX_DRAWS, MAX_SEED, MAX_SOBOL_ROWS, type UncertaintyOptions, uncertainty } from '../uncertainty';
import { ACCOUNT_INPUT_OPTIONS, accountInputFiles, accountOptionsOf } from './account-options';
import { comparisonWarnings, locate, locateUnder, locateWarnings, located, readInput } from './input';
import { writeOutputFile } from './output-file';
import {
  type Io,
  checkOutputFile,
  checkOutputsApart,
  parseCommandArgs,
  reported,
  warningsLine,
} from './shared';
import { COMMAND_HELP } from './help';
import { wholeNumberText } from '../core/options';

/**
 * `gepkit account … --uncertainty N` and `gepkit report`: parse arguments, read files (JSON, or input workbooks as
 * `gepkit account` reads them), call gepkit/uncertainty and
 * gepkit/report, write. Nothing else.
 */

export function reportCommand(argv: string[], io: Io): Promise<number> {
  return reported(io, () => run(argv, io));
}

/** The options the command parses (each is explained in its help, COMMAND_HELP). */
export const REPORT_OPTIONS = {
  uncertainty: { type: 'string' },
  seed: { type: 'string' },
  tornado: { type: 'boolean', default: false },
  'tornado-percent': { type: 'string' },
  sobol: { type: 'string' },
  ...ACCOUNT_INPUT_OPTIONS,
  compare: { type: 'string' },
  lang: { type: 'string', default: 'zh' },
  format: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type ReportValues = ReturnType<typeof parseCommandArgs<typeof REPORT_OPTIONS>>['values'];

/** The options that say how the draws are made: each needs --uncertainty N. */
const DRAW_OPTIONS = ['seed', 'tornado', 'tornado-percent', 'sobol'] as const;

/**
 * Whether arguments of `gepkit account` name --uncertainty or an option of its draws (`--seed 7`, `--sobol=100`):
 * such a command runs here, where an option of the draws without --uncertainty is refused by name.
 */
export function asksForDraws(argv: readonly string[]): boolean {
  const names = new Set(['uncertainty', ...DRAW_OPTIONS].map((n) => `--${n}`));
  return argv.some((a) => names.has(a.split('=')[0] as string));
}

async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv[0] === 'report' ? 'report' : 'account --uncertainty',
    argv,
    REPORT_OPTIONS,
  );
  const [command, file] = positionals;
  if (values.help || file === undefined) {
    io.out(`${COMMAND_HELP.report}\n`);
    return file === undefined && !values.help ? 1 : 0;
  }
  if (positionals.length > 2)
    fail('CLI_USAGE', [], {
      detail: `gepkit ${command} takes at most 1; left over: ${positionals.slice(2).join(' ')}`,
    });
  const accountOptions = accountOptionsOf(values);
  const { draws, uncertaintyOptions } = uncertaintyOf(values, accountOptions, command === 'report');
  // The output is checked before any file is read (OUTPUT_UNWRITABLE): nothing is computed for a run that cannot
  // write its result, nor for one whose result would replace a file it reads (OUTPUT_SAME_FILE).
  if (values.out !== undefined) {
    checkOutputsApart(
      [{ file: values.out, option: '--out' }],
      [
        { file },
        ...(values.compare === undefined ? [] : [{ file: values.compare, option: '--compare' }]),
        ...accountInputFiles(values),
      ],
    );
    checkOutputFile(values.out);
  }
  // Each file as `account` and `compare` read it: JSON (an input or a result) or an input workbook, read with the
  // --type-map mapping, whose reader warnings are printed and whose issues are located at their cells; the prior
  // year's under `before`.
  const read = { typeMapping: accountOptions.typeMapping };
  const main = await readInput(file, io, [], read);
  const json = main.json;
  refuseComparison(json, file);
  if (command === 'account') {
    if (values.compare !== undefined)
      fail('CLI_USAGE', [], { detail: '--compare belongs to gepkit report (or use gepkit compare)' });
    if ((values.format ?? 'json') !== 'json')
      fail('CLI_USAGE', [], { detail: '--uncertainty writes JSON only (--format json)' });
    const drawn = await located(
      () => uncertainty(json, uncertaintyOptions(draws ?? 0)),
      (i) => locate(i, main.book),
    );
    const result = await locateWarnings(drawn, main.book);
    // Counted on standard error as `gepkit account` counts them: the workbook reader's among them.
    io.err(warningsLine(result.warnings));
    return write(prettyJson(result), values.out, io);
  }
  if (values.format !== undefined && values.format !== 'html' && values.format !== 'docx')
    fail('CLI_USAGE', [], { detail: `--format must be html or docx, got ${values.format}` });
  if (values.out === undefined)
    fail('CLI_USAGE', [], { detail: `gepkit report needs --out report.${values.format ?? 'html'}` });
  const format = reportFormat(values.out, values.format);
  if (values.lang !== 'zh' && values.lang !== 'en')
    fail('CLI_USAGE', [], { detail: `--lang must be zh or en, got ${values.lang}` });
  if (isResult(json) && draws !== undefined)
    fail('CLI_USAGE', [], {
      detail: `${file} is a result: --uncertainty draws from an input (or run gepkit account --uncertainty first)`,
    });
  // A result file is checked as compare() checks a side given as a result, with the fields the report prints
  // beside those: an edited or foreign file is refused at its place, never reported as NaN or a crash.
  if (isResult(json)) parseReportableResult(json, file === '-' ? 'standard input' : file);
  const before =
    values.compare === undefined ? undefined : await readInput(values.compare, io, ['before'], read);
  const prior = before?.json;
  if (values.compare !== undefined) refuseComparison(prior, values.compare);
  // With --compare, the later input is accounted at the base year the comparison uses. (A later result keeps its
  // base year: compare() checks it.)
  const baseYear =
    accountOptions.baseYear ??
    (prior === undefined || isResult(json) ? undefined : comparisonBaseYear(prior));
  const options = { ...accountOptions, ...(baseYear !== undefined ? { baseYear } : {}) };
  const result: ReportableResult = isResult(json)
    ? json
    : await located(
        () =>
          draws !== undefined
            ? uncertainty(json, { ...uncertaintyOptions(draws), account: options })
            : account(json, options),
        (i) => locate(i, main.book),
      ).then((r) => locateWarnings(r, main.book));
  const { baseYear: _b, ...inputOptions } = options;
  // The comparison decomposes exact figures, as gepkit compare does: a later input goes to compare() as the input,
  // accounted there to every digit, unless the report's own account is already exact (--exact) or a result file.
  // Read as a result rounded to the fen, its unit values would carry the fen (COMPARE_RESULT_ROUNDED; on the example
  // county a price effect of −0.02 元 for oxygen, whose price did not change).
  const later = isResult(json) || result.rounding === 'exact' ? result : json;
  // The two years as read, for locating the comparison's issues and warnings at their workbooks' cells.
  const sides =
    before === undefined
      ? []
      : [
          { prefix: 'before', ...before },
          { prefix: 'after', ...main },
        ];
  const compared =
    before === undefined
      ? undefined
      : await located(
          () =>
            compare(before.json, later, {
              ...(baseYear !== undefined ? { baseYear } : {}),
              account: inputOptions,
            }),
          (i) => locateUnder(i, sides),
        ).then(async (c) => ({ ...c, warnings: await comparisonWarnings(c.warnings, sides) }));
  // Counted on standard error as `gepkit account` and `gepkit compare` count them: with --compare the comparison's
  // (its own, COMPARE_YEAR_ORDER among them, and each year's), else the account's; the report lists them in full.
  io.err(
    compared === undefined
      ? warningsLine(result.warnings, ['见报告的“质量控制”一节', 'see the report’s Quality control'])
      : warningsLine(compared.warnings, ['见报告的“变化”一节', 'see the report’s Change section']),
  );
  const lang: 'zh' | 'en' = values.lang === 'en' ? 'en' : 'zh';
  const shown = { lang, ...(compared !== undefined ? { compare: compared } : {}) };
  if (format === 'docx') {
    // Loaded only here: the Word writer and its dependency stay out of every other command.
    const { reportDocx } = await import('../report/docx');
    writeOutputFile(values.out, await reportDocx(result, shown));
    return 0;
  }
  return write(reportHtml(result, shown), values.out, io);
}

/**
 * The report's format: --format, else the name of --out (`.docx` a Word report, `.html`, `.htm` or no extension, as
 * /dev/stdout, a web page). A name with another extension needs --format, and --format must agree with a .docx or
 * .html name: a Word file named .html, or a web page named .pdf, would open as something it is not.
 */
function reportFormat(out: string, given: 'html' | 'docx' | undefined): 'html' | 'docx' {
  const ext = extname(out).toLowerCase();
  const named = ext === '.docx' ? 'docx' : ext === '.html' || ext === '.htm' ? 'html' : undefined;
  if (given === undefined && ext === '') return 'html';
  if (given !== undefined && named !== undefined && given !== named)
    fail('CLI_USAGE', [], {
      detail: `--format ${given} writes a ${given} report, but --out ${out} is named ${ext}`,
    });
  const format = given ?? named;
  if (format === undefined)
    fail('CLI_USAGE', [], {
      detail: `--out ${out}: name the report .html or .docx, or give --format html or docx`,
    });
  return format;
}

/**
 * The draws asked for (--uncertainty) and the options of uncertainty() for `n` draws, from the other options. Counts
 * and the seed are plain decimal integers within uncertainty()'s bounds and the tornado's percent a plain decimal
 * (`0x10`, `1e3`, `''` refused by name); an option of the draws without --uncertainty is refused, and in a `report`
 * so is --sobol, whose indices the report does not show.
 */
function uncertaintyOf(
  values: Pick<ReportValues, 'uncertainty' | 'seed' | 'tornado' | 'tornado-percent' | 'sobol'>,
  accountOptions: AccountOptions,
  report: boolean,
) {
  const draws = integer('uncertainty', values.uncertainty, 2, MAX_DRAWS);
  const given = DRAW_OPTIONS.filter((n) => (n === 'tornado' ? values.tornado : values[n] !== undefined));
  const flags = given.map((n) => `--${n}`).join(', ');
  if (draws === undefined && given.length > 0)
    fail('CLI_USAGE', [], { detail: `--uncertainty N (the number of draws) is needed with ${flags}` });
  if (report && values.sobol !== undefined)
    fail('CLI_USAGE', [], {
      detail:
        '--sobol is not shown in a report: compute Sobol indices with gepkit account --uncertainty N --sobol M',
    });
  const seed = integer('seed', values.seed, 0, MAX_SEED) ?? 1;
  const sobol = integer('sobol', values.sobol, 2, MAX_SOBOL_ROWS);
  const percentText = values['tornado-percent'];
  // A plain decimal (10, 2.5, .5); anything else is not a number of percent, and said so.
  const percent =
    percentText === undefined
      ? undefined
      : /^(\d+(\.\d*)?|\.\d+)$/.test(percentText)
        ? Number(percentText)
        : NaN;
  if (percent !== undefined && Number.isNaN(percent))
    fail('CLI_USAGE', [], {
      detail: `--tornado-percent must be a number of percent written in digits (10, 2.5), got ${shown(percentText as string)}`,
    });
  if (percent !== undefined && !(percent > 0 && percent < 100))
    fail('CLI_USAGE', [], {
      detail: `--tornado-percent must be between 0 and 100, got ${shown(percentText as string)}`,
    });
  const uncertaintyOptions = (n: number): UncertaintyOptions => ({
    draws: n,
    seed,
    account: accountOptions,
    ...(percent !== undefined ? { tornado: { percent } } : values.tornado ? { tornado: true } : {}),
    ...(sobol !== undefined ? { sobol } : {}),
  });
  return { draws, uncertaintyOptions };
}

/** An option's value as a plain decimal integer from `min` to `max` (digits only), or CLI_USAGE naming the option. */
function integer(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = wholeNumberText(v);
  if (n === undefined || n < min || n > max)
    fail('CLI_USAGE', [], {
      detail: `--${name} must be an integer from ${min} to ${max.toLocaleString('en')}, got ${shown(v)}`,
    });
  return n;
}

/** A value as the user gave it, an empty one as "" (`--seed ''`). */
const shown = (v: string) => (v === '' ? '""' : v);

/**
 * A result of `gepkit compare` (`compare: 1`, `before`, `after`) where an account input or result is read: refused as
 * what it is (CLI_USAGE), not as an input missing `before.region`.
 */
function refuseComparison(json: unknown, file: string): void {
  if (typeof json === 'object' && json !== null && 'compare' in json && 'before' in json && 'after' in json)
    fail('CLI_USAGE', [], {
      detail: `${file === '-' ? 'standard input' : file} is a result of gepkit compare (a comparison of two accounts), not an account input or result: give each year's input or account result (gepkit report after.json --compare before.json)`,
    });
}

/**
 * A file given as a result: an object with `gepkit` (what `gepkit account` writes first; an input cannot have it,
 * its schema being strict), as compare() tells them apart. A result missing `totals` is then refused at them
 * (REPORT_RESULT_INVALID), not read as an input missing its ecosystems.
 */
function isResult(json: unknown): json is ReportableResult {
  return typeof json === 'object' && json !== null && 'gepkit' in json;
}

/**
 * The base year of a comparison against `prior` when --base-year is not given, as compare() chooses it: a prior
 * result's base year, else the prior input's accounting year (undefined when it has none; compare() then reports
 * the input's problem).
 */
function comparisonBaseYear(prior: unknown): number | undefined {
  if (isResult(prior)) return (prior as { prices?: { baseYear?: number } }).prices?.baseYear;
  const year = (prior as { year?: unknown } | null)?.year;
  return typeof prior === 'object' && Number.isInteger(year) ? (year as number) : undefined;
}

function write(text: string, out: string | undefined, io: Io): number {
  if (out !== undefined) writeOutputFile(out, text);
  else io.out(text);
  return 0;
}
