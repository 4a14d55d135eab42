import { parseArgs } from 'node:util';
import { account } from '../account/account';
import { TABLE_IDS, type Table } from '../account/tables';
import type { WorkbookInput } from '../xlsx';
import type { AccountResult } from '../account/result-schema';
import { carbonCommand } from './carbon';
import { compareCommand } from './compare';
import { rasterCommand } from './raster';
import { asksForDraws, reportCommand } from './report';
import { vepCommand } from './vep';
import { tableMarkdown, toCsv, toMarkdown } from '../account/format';
import { readTypes } from '../account/types';
import { checkInput, parseInput } from '../account/validate';
import {
  bundledClassification,
  bundledClassifications,
  bundledPriceIndices,
  bundledTables,
} from '../coefficients/bundled';
import { prettyJson, sortKeys, writePrettyJson } from '../core/canonical';
import { type Issue, type Path, fail, formatIssue } from '../core/errors';
import { assertFinite } from '../core/finite';
import { DEFAULT_PROFILE, bundledProfile, bundledProfiles } from '../profiles/bundled';
import { comparisonMarkdown, diffMarkdown, diffProfiles, profileMarkdown } from '../profiles/compare';
import { VERSION } from '../version';
import { ACCOUNT_INPUT_OPTIONS, accountInputFiles, accountOptionsOf, typeMap } from './account-options';
import { COMMAND_HELP, HELP } from './help';
import { type ReadInput, locate, locateWarnings, located, readInput } from './input';
import { missingOptional } from '../core/optional-node';
import { type TextChunks, writeOutputFile } from './output-file';
import {
  type Io,
  checkOutputFile,
  checkOutputsApart,
  parseCommandArgs,
  processIo,
  readJson,
  reportError,
  warningsLine,
} from './shared';

/** The gepkit command: parses arguments, reads files, calls the library, prints. Nothing else. */

export type { Io };

export const OPTIONS = {
  format: { type: 'string', default: 'json' },
  out: { type: 'string' },
  ...ACCOUNT_INPUT_OPTIONS,
  table: { type: 'string' },
  from: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** What a command is given: its options, its positional arguments after the command, and where to write. */
interface Command {
  values: Values;
  rest: string[];
  io: Io;
  /** Print a line and return 0. */
  print(s: string): number;
  /** Write to --out FILE, or print; return 0. Text given as chunks is written as it is made. */
  write(text: string | TextChunks): number;
}

type OptionName = keyof typeof OPTIONS;

/** The options each command reads (besides --help); any other is CLI_OPTION_NOT_APPLICABLE. */
export const APPLIES: Record<string, readonly OptionName[]> = {
  account: [
    'format',
    'base-year',
    'profile',
    'out',
    'exact',
    'exclude',
    'min-grade',
    'scenario',
    'type-map',
    'table',
    'price-index',
    'deflator',
  ],
  validate: ['profile', 'type-map'],
  template: ['profile', 'from', 'out'],
  coefficients: ['out'],
  profiles: ['format', 'out'],
  schema: ['out'],
};

/** The most arguments each command takes after its name (profiles diff a b: 3); more is CLI_USAGE. */
const MOST_ARGUMENTS: Record<string, number> = {
  account: 1,
  validate: 1,
  template: 0,
  coefficients: 2,
  profiles: 3,
  schema: 1,
};

/** The command's arguments, an unknown option refused with the closest option the command reads. */
function parse(argv: string[]) {
  const command = argv.find((a) => !a.startsWith('-')) ?? 'gepkit';
  return parseCommandArgs(command, argv, OPTIONS, APPLIES[command] ?? Object.keys(OPTIONS));
}

/**
 * Parse the arguments and run one synchronous command (account, validate, coefficients, profiles, schema); an
 * account with --uncertainty or an option of its draws (--seed, --tornado, --tornado-percent, --sobol) runs in
 * report.ts, asynchronously.
 */
export function main(argv: string[], io: Io = processIo): number | Promise<number> {
  if (argv[0] === 'account' && asksForDraws(argv)) return reportCommand(argv, io);
  const { values, positionals, tokens } = parse(argv);
  const print = (s: string) => {
    io.out(`${s}\n`);
    return 0;
  };
  const [command, ...rest] = positionals;
  if (values.help) return print((command === undefined ? undefined : COMMAND_HELP[command]) ?? HELP);
  if (values.version) return print(VERSION);
  const applies = command === undefined ? undefined : APPLIES[command];
  for (const t of tokens)
    if (t.kind === 'option' && applies !== undefined && !applies.includes(t.name as OptionName))
      fail('CLI_OPTION_NOT_APPLICABLE', [], { command: command as string, option: t.rawName });
  const most = command === undefined ? undefined : MOST_ARGUMENTS[command];
  if (most !== undefined && rest.length > most)
    fail('CLI_USAGE', [], {
      detail: `gepkit ${command} takes ${most === 0 ? 'no arguments' : `at most ${most}`}; left over: ${rest.slice(most).join(' ')}`,
    });
  if (values.out !== undefined) {
    // --out never replaces a file the command reads: account's input, --scenario, --price-index, template's --from.
    checkOutputsApart(
      [{ file: values.out, option: '--out' }],
      [
        ...(command === 'account' && rest[0] !== undefined ? [{ file: rest[0] }] : []),
        ...accountInputFiles(values),
        ...(values.from === undefined ? [] : [{ file: values.from, option: '--from' }]),
      ],
    );
    checkOutputFile(values.out);
  }
  const write = (text: string | TextChunks) => {
    if (values.out !== undefined) writeOutputFile(values.out, text);
    else if (typeof text === 'function') text((chunk) => io.out(chunk));
    else io.out(text);
    return 0;
  };
  const cmd: Command = { values, rest, io, print, write };
  switch (command) {
    case 'account':
      return accountCommand(cmd);
    case 'validate':
      return validateCommand(cmd);
    case 'coefficients':
      return coefficientsCommand(cmd);
    case 'profiles':
      return profilesCommand(cmd);
    case 'schema':
      return schemaCommand(cmd);
    case 'template':
      return templateCommand(cmd);
    case undefined:
      return print(HELP);
    default:
      return fail('CLI_USAGE', [], { detail: `unknown command ${command}` });
  }
}

/** `gepkit account <input.json>`: the account as JSON, CSV (one table), Markdown or a workbook. */
function accountCommand(cmd: Command): number | Promise<number> {
  return onInput(arg(cmd.rest, 0, 'an input file (- for standard input)'), cmd, ({ json, book }) =>
    accountOf(json, book, cmd),
  );
}

/** The account of `input`; of a workbook's input (`book`), with its warnings at their cells. */
function accountOf(input: unknown, book: WorkbookInput | undefined, cmd: Command): number | Promise<number> {
  const { values } = cmd;
  if (values.table !== undefined && values.format !== 'csv' && values.format !== 'md')
    fail('CLI_USAGE', [], {
      detail: `--table applies to --format csv or md (one table), not ${values.format}`,
    });
  const result = account(input, accountOptionsOf(values));
  assertFinite(result);
  if (book === undefined) {
    cmd.io.err(warningsLine(result.warnings));
    return written(result, cmd);
  }
  // counted as the result holds them: the workbook reader's warnings first (locateResult)
  return locateWarnings(result, book).then((r) => {
    cmd.io.err(warningsLine(r.warnings));
    return written(r, cmd, book);
  });
}

/**
 * An account's result in the asked format, to standard output or --out; of an input workbook (`book`), the workbook
 * written names the cell of each price it read in its 计算明细 sheet.
 */
function written(
  result: AccountResult,
  { values, write }: Command,
  book?: Pick<WorkbookInput, 'locate'>,
): number | Promise<number> {
  // A price read from an input workbook is named by its cell in the calculation detail, in every format.
  const cells = book === undefined ? {} : { locate: (path: Path) => book.locate(path) };
  if (values.format === 'json') return write((sink) => writePrettyJson(result, sink));
  if (values.format === 'csv') return write(toCsv(result, tableId(values.table ?? 'county'), cells));
  if (values.format === 'xlsx') {
    if (values.out === undefined) fail('CLI_USAGE', [], { detail: '--format xlsx needs --out FILE.xlsx' });
    return import('../xlsx')
      .then(({ toXlsx }) => toXlsx(result, cells))
      .then((bytes) => {
        writeOutputFile(values.out as string, bytes);
        return 0;
      });
  }
  if (values.format === 'md')
    return write(
      values.table === undefined ? toMarkdown(result) : tableMarkdown(result, tableId(values.table), cells),
    );
  return fail('CLI_USAGE', [], { detail: `--format must be json, csv, md or xlsx, got ${values.format}` });
}

/**
 * `gepkit validate <input.json>`: schema and checks, then the account under the profile (an input the checks pass
 * can still lack what a required indicator reads: INDICATOR_INPUT_MISSING); warnings on stderr.
 */
function validateCommand(cmd: Command): number | Promise<number> {
  const { values, rest, io, print } = cmd;
  return onInput(arg(rest, 0, 'an input file (- for standard input)'), cmd, ({ json, book }) => {
    const profile = bundledProfile(values.profile ?? DEFAULT_PROFILE);
    const classification = bundledClassification(profile.classification);
    const typeMapping = values['type-map'] === undefined ? {} : typeMap(values['type-map']);
    const types = readTypes(json, classification, typeMapping);
    const input = parseInput(types.json, classification);
    const checked = checkInput(input, classification, profile.checks.areaTolerance);
    const found = [...types.warnings, ...checked.warnings];
    const report = (warnings: readonly Issue[]) => {
      for (const c of checked.checks) io.out(`${c.status.toUpperCase()} ${c.detail}\n`);
      for (const w of warnings) io.err(`${formatIssue(w)}\n`);
      // the workbook reader's warnings (written as it read) count too
      const count = warnings.length + (book?.warnings.length ?? 0);
      return print(
        `valid: ${input.region.name} ${input.year} (${input.ecosystems.length} ecosystem rows, ${count} warning(s))`,
      );
    };
    // What the account refuses is the input's problem too: refused here, at its cells in a workbook.
    const computes = () => void account(json, { profile, typeMapping });
    if (book === undefined) {
      computes();
      return report(found);
    }
    return located(computes, (i) => locate(i, book))
      .then(() => locate(found, book))
      .then(report);
  });
}

/** `gepkit template [--profile ID] [--from input.json] --out FILE.xlsx`: the input workbook to fill in. */
function templateCommand({ values }: Command): Promise<number> {
  const out = values.out;
  if (out === undefined) return fail('CLI_USAGE', [], { detail: 'template needs --out FILE.xlsx' });
  const input = values.from === undefined ? undefined : readJson(values.from);
  // The input is held to the checks `validate` makes first (its warnings aside): a workbook is never filled from
  // a number that is not one (Infinity in a numeric cell) or from a type the profile does not know.
  if (input !== undefined) {
    const profile = bundledProfile(values.profile ?? DEFAULT_PROFILE);
    const classification = bundledClassification(profile.classification);
    const parsed = parseInput(readTypes(input, classification, {}).json, classification);
    checkInput(parsed, classification, profile.checks.areaTolerance);
  }
  return import('../xlsx')
    .then(({ inputTemplate }) =>
      inputTemplate({
        ...(values.profile !== undefined ? { profile: values.profile } : {}),
        ...(input !== undefined ? { input } : {}),
      }),
    )
    .then((bytes) => {
      writeOutputFile(out, bytes);
      return 0;
    });
}

/** `gepkit coefficients list | show <id>`: the bundled tables, price indices and classifications. */
function coefficientsCommand({ rest, print, write }: Command): number {
  const sub = arg(rest, 0, 'list or show');
  if (sub === 'list') {
    const rows = [
      ...bundledTables().map(
        (t) => `${t.ref}\tcoefficients\t${t.records.length} records\t${t.hash}\t${t.title.zh}`,
      ),
      ...bundledPriceIndices().map(
        (t) => `${t.ref}\tprice-index\t${t.values.length} years\t${t.hash}\t${t.title.zh}`,
      ),
      ...bundledClassifications().map(
        (t) => `${t.ref}\tclassification\t${t.types.length} types\t${t.hash}\t${t.title.zh}`,
      ),
    ];
    return print(rows.join('\n'));
  }
  if (sub === 'show') {
    const id = arg(rest, 1, 'a table id');
    const all = [...bundledTables(), ...bundledPriceIndices(), ...bundledClassifications()];
    const t = all.find((x) => x.id === id || x.ref === id);
    if (t === undefined) fail('TABLE_UNKNOWN', [], { table: id });
    return write(prettyJson(t));
  }
  return fail('CLI_USAGE', [], { detail: `coefficients takes list or show, got ${sub}` });
}

/** `gepkit profiles [list] | show <id> | diff <a> <b> | compare`. */
function profilesCommand({ values, rest, print, write }: Command): number {
  const sub = rest[0] ?? 'list';
  const emit = (md: string, json: unknown) =>
    write(values.format === 'md' ? md : `${JSON.stringify(json, null, 2)}\n`);
  if (sub === 'list') {
    return print(
      bundledProfiles()
        .map((p) => `${p.ref}\t${p.status}\t${p.indicators.length} indicators\t${p.hash}\t${p.title.zh}`)
        .join('\n'),
    );
  }
  if (sub === 'show') {
    const p = bundledProfile(arg(rest, 1, 'a profile id'));
    return emit(profileMarkdown(p), sortKeys(p));
  }
  if (sub === 'diff') {
    const d = diffProfiles(
      bundledProfile(arg(rest, 1, 'a profile id')),
      bundledProfile(arg(rest, 2, 'a second profile id')),
    );
    return emit(diffMarkdown(d), d);
  }
  if (sub === 'compare') return write(comparisonMarkdown(bundledProfiles()));
  return fail('CLI_USAGE', [], { detail: `profiles takes list, show, diff or compare, got ${sub}` });
}

/**
 * `gepkit schema <name>|list`: the JSON Schema of a file gepkit reads (or of the account result), from
 * gepkit/schema, loaded only for this command.
 */
async function schemaCommand({ rest, write, print }: Command): Promise<number> {
  const { JSON_SCHEMA_NAMES, jsonSchemaOf } = await import('../schema');
  const which = arg(rest, 0, `a schema name (${JSON_SCHEMA_NAMES.join(', ')}) or list`);
  if (which === 'list') return print(JSON_SCHEMA_NAMES.join('\n'));
  const name = JSON_SCHEMA_NAMES.find((n) => n === which);
  if (name === undefined)
    return fail('CLI_USAGE', [], {
      detail: `schema takes ${JSON_SCHEMA_NAMES.join(', ')} or list, got ${which}`,
    });
  return write(`${JSON.stringify(jsonSchemaOf(name), null, 2)}\n`);
}

function tableId(s: string): Table['id'] {
  if (!(TABLE_IDS as string[]).includes(s))
    fail('CLI_USAGE', [], { detail: `--table must be one of ${TABLE_IDS.join(', ')}, got ${s}` });
  return s as Table['id'];
}

/**
 * `use` on an input as readInput reads it (a JSON file, standard input for `-`, or an input workbook, read with the
 * command's --type-map, whose reader warnings go to standard error): a JSON input at once, so that the command stays
 * synchronous; a workbook's issues, thrown by `use`, located at their cells (`生态系统面积!C7`).
 */
function onInput(
  file: string,
  { values, io }: Pick<Command, 'values' | 'io'>,
  use: (input: ReadInput) => number | Promise<number>,
): number | Promise<number> {
  const typeMapping = values['type-map'] === undefined ? {} : typeMap(values['type-map']);
  const input = readInput(file, io, [], { typeMapping });
  if (!(input instanceof Promise)) return use(input);
  return input.then((i) =>
    located(
      () => use(i),
      (issues) => locate(issues, i.book),
    ),
  );
}

function arg(rest: string[], i: number, what: string): string {
  const a = rest[i];
  if (a === undefined) fail('CLI_USAGE', [], { detail: `missing ${what}` });
  return a;
}

/**
 * The whole command line in one process (tests, embedding): `gepkit carbon …`, `raster`, `vep`, `compare`, `report`,
 * `worker` and `serve` run asynchronously, and so does `account` with --uncertainty; every other command is synchronous. The installed binary starts through start.ts, which
 * loads each subcommand's module only when it runs.
 */
export async function runCli(argv: string[], io: Io = processIo): Promise<number> {
  if (argv[0] === 'carbon') return carbonCommand(argv.slice(1), io);
  if (argv[0] === 'raster') return rasterCommand(argv.slice(1), io);
  if (argv[0] === 'vep') return vepCommand(argv.slice(1), io);
  if (argv[0] === 'compare') return compareCommand(argv.slice(1), io);
  // The queue client is loaded only for `worker`, the service's framework only for `serve` (DEPENDENCY_MISSING
  // when they are not installed).
  if (argv[0] === 'worker' || argv[0] === 'serve') {
    try {
      return argv[0] === 'worker'
        ? (await import('./worker')).workerCommand(argv.slice(1), io)
        : (await import('./serve')).serveCommand(argv.slice(1), io);
    } catch (e) {
      if (missingOptional(e) === undefined) throw e;
      return reportError(e, io);
    }
  }
  if (argv[0] === 'report') return reportCommand(argv, io);
  return run(argv, io);
}

/** Run and turn a GepError (or an argument-parsing error) into its printed form and exit code 1. */
export function run(argv: string[], io: Io = processIo): number | Promise<number> {
  try {
    const r = main(argv, io);
    return typeof r === 'number' ? r : r.catch((e: unknown) => reportError(e, io));
  } catch (e) {
    return reportError(e, io);
  }
}
