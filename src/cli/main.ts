import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { account } from '../account/account';
import { TABLE_IDS, type Table } from '../account/tables';
import { toXlsx } from '../xlsx';
import { GRADES, type Grade } from '../coefficients/schema';
import { carbonCommand } from './carbon';
import { rasterCommand } from './raster';
import { reportCommand } from './report';
import { vepCommand } from './vep';
import { toCsv, toMarkdown } from '../account/format';
import { inputJsonSchema, resultJsonSchema } from '../account/json-schema';
import { checkInput, parseInput } from '../account/validate';
import {
  bundledClassification,
  bundledClassifications,
  bundledPriceIndices,
  bundledTables,
} from '../coefficients/bundled';
import { canonicalJson } from '../core/canonical';
import { fail, formatIssue } from '../core/errors';
import { DEFAULT_PROFILE, bundledProfile, bundledProfiles } from '../profiles/bundled';
import { comparisonMarkdown, diffMarkdown, diffProfiles, profileMarkdown } from '../profiles/compare';
import { VERSION } from '../version';
import { type Io, readJson, reportError } from './shared';

/** The gepkit command: parses arguments, reads files, calls the library, prints. Nothing else. */

const HELP = `gepkit ${VERSION} — Gross Ecosystem Product accounting

Usage:
  gepkit account <input.json> [--format json|csv|md|xlsx] [--table county|township|ecosystem|seea-physical|seea-monetary]
                 [--base-year Y] [--profile ID] [--exclude M5,M6]
                 [--min-grade verified|published|derived|secondary|assumed] [--scenario FILE]
                 [--exact] [--out FILE]
  gepkit validate <input.json> [--profile ID]
  gepkit profiles [list] | show <id> | diff <a> <b> | compare   [--format md|json]
  gepkit coefficients list
  gepkit coefficients show <id>
  gepkit schema input|result
  gepkit raster <config.json> [--workers N] [--tile-size N] [--out DIR]   (rasters → zonal tables → account)
  gepkit vep value <parcels.csv|jsonl> --context ctx.json [--profile ID] | change <a.json> <b.json> | allocate <package.json>
  gepkit carbon <activities.jsonl> [--rules FILE|ID] [--factors FILE]... [--out-dir DIR]   (gepkit carbon --help)
  gepkit --help | --version

Errors are printed in Chinese and English with the input path and a hint; the exit code is 1.`;

export type { Io };
const processIo: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

export function main(argv: string[], io: Io = processIo): number | Promise<number> {
  const print = (s: string) => {
    io.out(`${s}\n`);
    return 0;
  };
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'json' },
      'base-year': { type: 'string' },
      profile: { type: 'string' },
      out: { type: 'string' },
      exact: { type: 'boolean', default: false },
      exclude: { type: 'string' },
      'min-grade': { type: 'string' },
      scenario: { type: 'string' },
      table: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (values.help) return print(HELP);
  if (values.version) return print(VERSION);
  const [command, ...rest] = positionals;
  const write = (text: string) => {
    if (values.out !== undefined) writeFileSync(values.out, text);
    else io.out(text);
    return 0;
  };
  switch (command) {
    case 'account': {
      const input = readJson(arg(rest, 0, 'an input file'));
      const baseYear = values['base-year'] === undefined ? undefined : Number(values['base-year']);
      if (baseYear !== undefined && !Number.isInteger(baseYear))
        fail('CLI_USAGE', [], { detail: `--base-year must be a year, got ${values['base-year']}` });
      const result = account(input, {
        ...(values.profile !== undefined ? { profile: values.profile } : {}),
        ...(baseYear !== undefined ? { baseYear } : {}),
        ...(values.exact ? { rounding: 'exact' as const } : {}),
        ...(values.exclude !== undefined ? { exclude: values.exclude.split(',').map((c) => c.trim()) } : {}),
        ...(values['min-grade'] !== undefined ? { minGrade: grade(values['min-grade']) } : {}),
        ...(values.scenario !== undefined ? { scenario: readJson(values.scenario) } : {}),
      });
      if (values.format === 'json')
        return write(`${JSON.stringify(JSON.parse(canonicalJson(result)), null, 2)}\n`);
      if (values.format === 'csv') return write(toCsv(result, tableId(values.table ?? 'county')));
      if (values.format === 'xlsx') {
        if (values.out === undefined)
          fail('CLI_USAGE', [], { detail: '--format xlsx needs --out FILE.xlsx' });
        return toXlsx(result).then((bytes) => {
          writeFileSync(values.out as string, bytes);
          return 0;
        });
      }
      if (values.format === 'md') return write(toMarkdown(result));
      return fail('CLI_USAGE', [], {
        detail: `--format must be json, csv, md or xlsx, got ${values.format}`,
      });
    }
    case 'validate': {
      const input = parseInput(readJson(arg(rest, 0, 'an input file')));
      const profile = bundledProfile(values.profile ?? DEFAULT_PROFILE);
      const { warnings, checks } = checkInput(
        input,
        bundledClassification(profile.classification),
        profile.checks.areaTolerance,
      );
      for (const c of checks) io.out(`${c.status.toUpperCase()} ${c.detail}\n`);
      for (const w of warnings) io.err(`${formatIssue(w)}\n`);
      return print(
        `valid: ${input.region.name} ${input.year} (${input.ecosystems.length} ecosystem rows, ${warnings.length} warning(s))`,
      );
    }
    case 'coefficients': {
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
        return write(`${JSON.stringify(JSON.parse(canonicalJson(t)), null, 2)}\n`);
      }
      return fail('CLI_USAGE', [], { detail: `coefficients takes list or show, got ${sub}` });
    }
    case 'profiles': {
      const sub = rest[0] ?? 'list';
      const fmt = values.format === 'md' ? 'md' : 'json';
      const emit = (md: string, json: unknown) =>
        write(fmt === 'md' ? md : `${JSON.stringify(json, null, 2)}\n`);
      if (sub === 'list') {
        return print(
          bundledProfiles()
            .map((p) => `${p.ref}\t${p.status}\t${p.indicators.length} indicators\t${p.hash}\t${p.title.zh}`)
            .join('\n'),
        );
      }
      if (sub === 'show') {
        const p = bundledProfile(arg(rest, 1, 'a profile id'));
        return emit(profileMarkdown(p), JSON.parse(canonicalJson(p)));
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
    case 'schema': {
      const which = arg(rest, 0, 'input or result');
      if (which === 'input') return write(`${JSON.stringify(inputJsonSchema(), null, 2)}\n`);
      if (which === 'result') return write(`${JSON.stringify(resultJsonSchema(), null, 2)}\n`);
      return fail('CLI_USAGE', [], { detail: `schema takes input or result, got ${which}` });
    }
    case undefined:
      return print(HELP);
    default:
      return fail('CLI_USAGE', [], { detail: `unknown command ${command}` });
  }
}

function tableId(s: string): Table['id'] {
  if (!(TABLE_IDS as string[]).includes(s))
    fail('CLI_USAGE', [], { detail: `--table must be one of ${TABLE_IDS.join(', ')}, got ${s}` });
  return s as Table['id'];
}

function grade(s: string): Grade {
  if (!(GRADES as readonly string[]).includes(s))
    fail('CLI_USAGE', [], { detail: `--min-grade must be one of ${GRADES.join(', ')}, got ${s}` });
  return s as Grade;
}

function arg(rest: string[], i: number, what: string): string {
  const a = rest[i];
  if (a === undefined) fail('CLI_USAGE', [], { detail: `missing ${what}` });
  return a;
}

/** The whole command line: `gepkit carbon …` streams (asynchronously); every other command is synchronous. */
export async function runCli(argv: string[], io: Io = processIo): Promise<number> {
  if (argv[0] === 'carbon') return carbonCommand(argv.slice(1), io);
  if (argv[0] === 'raster') return rasterCommand(argv.slice(1), io);
  if (argv[0] === 'vep') return vepCommand(argv.slice(1), io);
  if (
    argv[0] === 'report' ||
    (argv[0] === 'account' && argv.some((a) => a.split('=')[0] === '--uncertainty'))
  )
    return reportCommand(argv, io);
  return run(argv, io);
}

/** Run and turn a GepError (or an argument-parsing error) into its printed form and exit code 1. */
export function run(argv: string[], io: Io = processIo): number | Promise<number> {
  try {
    return main(argv, io);
  } catch (e) {
    return reportError(e, io);
  }
}
