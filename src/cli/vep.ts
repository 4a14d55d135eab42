import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fail, formatIssue } from '../core/errors';
import { toJsonLine } from '../io/jsonl';
import { valueParcelsAsync } from '../vep/batch';
import { changeAccounting } from '../vep/change';
import { allocatePackage } from '../vep/dividends';
import { JsonlWriter, fileLines, formatOf } from '../vep/files-node';
import { reported, readJson } from './shared';

/**
 * `gepkit vep value|change|allocate`: parses arguments, reads files, calls gepkit/vep, prints. A bad parcel line
 * is printed with its line number and the others are valued; the exit code is 1 when any line was refused.
 */
export const VEP_HELP = `Usage:
  gepkit vep value <parcels.csv|parcels.jsonl> --context <context.json> [--profile ID] [--min-grade G]
                  [--out-dir DIR] [--no-fast]
  gepkit vep change <a.json> <b.json> [--prices current|comparable]
  gepkit vep allocate <package.json>

value:    one result per parcel as JSON Lines on stdout, then {"summary": ...}; with --out-dir, results.jsonl
          and summary.json. .csv files are CSV (header line first), anything else JSON Lines.
          --min-grade verified|published|derived|secondary|assumed refuses parcels valued with coefficients
          below that evidence grade (GRADE_BELOW_MINIMUM).
change:   a.json, b.json are results of \`gepkit account\` (best with --exact).
allocate: a package with revenue and depositors; parts in fen by largest remainder.
See docs/vep.md.`;

export interface VepIo {
  out(s: string): void;
  err(s: string): void;
}

export async function vepCommand(args: string[], io: VepIo): Promise<number> {
  return reported(io, () => run(args, io));
}

async function run(args: string[], io: VepIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      context: { type: 'string' },
      profile: { type: 'string' },
      'min-grade': { type: 'string' },
      'out-dir': { type: 'string' },
      'no-fast': { type: 'boolean', default: false },
      prices: { type: 'string', default: 'current' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [sub, ...rest] = positionals;
  if (values.help || sub === undefined) {
    io.out(`${VEP_HELP}\n`);
    return 0;
  }
  const need = (n: number, what: string) => {
    if (rest.length < n) fail('CLI_USAGE', [], { detail: `vep ${sub}: missing ${what}` });
    if (rest.length > n) fail('CLI_USAGE', [], { detail: `vep ${sub}: unexpected argument ${rest[n]}` });
  };
  const print = (v: unknown) => io.out(`${JSON.stringify(v, null, 2)}\n`);
  switch (sub) {
    case 'value': {
      need(1, 'the parcels file');
      if (values.context === undefined)
        fail('CLI_USAGE', [], { detail: 'vep value needs --context <context.json>' });
      const context = readJson(values.context) as Record<string, unknown>;
      if (values.profile !== undefined && context !== null && typeof context === 'object')
        context.profile = values.profile;
      if (values['min-grade'] !== undefined && context !== null && typeof context === 'object')
        context.minGrade = values['min-grade'];
      return value(rest[0] as string, context, values['out-dir'], !values['no-fast'], io);
    }
    case 'change': {
      need(2, 'two account results (a.json b.json)');
      if (values.prices !== 'current' && values.prices !== 'comparable')
        fail('CLI_USAGE', [], { detail: `--prices must be current or comparable, got ${values.prices}` });
      const r = changeAccounting(readJson(rest[0] as string), readJson(rest[1] as string), {
        prices: values.prices,
      });
      for (const w of r.warnings) io.err(`${formatIssue(w)}\n`);
      print(r);
      return 0;
    }
    case 'allocate': {
      need(1, 'the package file');
      print(allocatePackage(readJson(rest[0] as string)));
      return 0;
    }
    default:
      return fail('CLI_USAGE', [], { detail: `vep takes value, change or allocate, got ${sub}` });
  }
}

async function value(file: string, context: unknown, dir: string | undefined, fast: boolean, io: VepIo) {
  // A missing file is FILE_UNREADABLE up front, not a stream error mid-way.
  if (!existsSync(file)) fail('FILE_UNREADABLE', [], { file, detail: 'no such file' });
  let results: JsonlWriter | undefined;
  if (dir !== undefined) {
    mkdirSync(dir, { recursive: true });
    results = new JsonlWriter(join(dir, 'results.jsonl'));
  }
  let refused = 0;
  const gen = valueParcelsAsync(fileLines(file), context, { format: formatOf(file), fastPath: fast });
  let step = await gen.next();
  while (step.done !== true) {
    const r = step.value;
    if (!r.ok) {
      refused += 1;
      for (const i of r.issues) io.err(`${formatIssue(i)}\n`);
    }
    if (results !== undefined) await results.write(r);
    else io.out(toJsonLine(r));
    step = await gen.next();
  }
  const summary = step.value;
  if (dir !== undefined) {
    await results?.close();
    writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    io.out(
      `${summary.lines} parcels: ${summary.valued} valued (${summary.paths.fast} fast, ${summary.paths.decimal} decimal), ` +
        `${summary.refused} refused; value ${summary.value} 元 at ${summary.basis.priceYear} prices; basis ${summary.basis.hash}\n`,
    );
  } else io.out(toJsonLine({ summary }));
  return refused > 0 ? 1 : 0;
}
