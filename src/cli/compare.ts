import { type CompareResult, compare } from '../account/compare';
import { compareCsv, compareMarkdown } from '../account/compare-format';
import { prettyJson } from '../core/canonical';
import { fail } from '../core/errors';
import { ACCOUNT_INPUT_OPTIONS, accountInputFiles, accountOptionsOf, baseYearOf } from './account-options';
import { COMMAND_HELP } from './help';
import { comparisonWarnings, locateUnder, located, readInput } from './input';
import { writeOutputFile } from './output-file';
import {
  type Io,
  checkOutputFile,
  checkOutputsApart,
  parseCommandArgs,
  reported,
  warningsLine,
} from './shared';

/**
 * `gepkit compare <before> <after>`: parse arguments, read the two files (JSON inputs or results, or input
 * workbooks), call compare(), format, write.
 */
export function compareCommand(argv: string[], io: Io): Promise<number> {
  return reported(io, () => run(argv, io));
}

/** The options the command parses (each is explained in its help, COMMAND_HELP; --exact only to refuse it). */
export const COMPARE_OPTIONS = {
  format: { type: 'string', default: 'json' },
  out: { type: 'string' },
  ...ACCOUNT_INPUT_OPTIONS,
  help: { type: 'boolean', short: 'h', default: false },
} as const;

async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('compare', argv, COMPARE_OPTIONS);
  const [before, after] = positionals;
  if (values.help) {
    io.out(`${COMMAND_HELP.compare}\n`);
    return 0;
  }
  if (before === undefined || after === undefined)
    fail('CLI_USAGE', [], { detail: 'compare takes two files: <before> <after> (inputs or results)' });
  if (positionals.length > 2)
    fail('CLI_USAGE', [], { detail: `compare takes two files, got ${positionals.length}` });
  if (values.exact)
    fail('CLI_USAGE', [], { detail: 'compare always accounts inputs exactly: leave --exact out' });
  if (!['json', 'csv', 'md', 'xlsx'].includes(values.format))
    fail('CLI_USAGE', [], { detail: `--format must be json, csv, md or xlsx, got ${values.format}` });
  if (values.format === 'xlsx' && values.out === undefined)
    fail('CLI_USAGE', [], { detail: '--format xlsx needs --out FILE.xlsx' });
  if (values.out !== undefined) {
    checkOutputsApart(
      [{ file: values.out, option: '--out' }],
      [{ file: before }, { file: after }, ...accountInputFiles(values)],
    );
    checkOutputFile(values.out);
  }
  const { baseYear: _b, ...account } = accountOptionsOf(values);
  const baseYear = baseYearOf(values['base-year']);
  // Each side as `account` reads it: JSON or an input workbook (read with the --type-map mapping), its issues under
  // `before`/`after` (at their cells).
  const read = { typeMapping: account.typeMapping };
  const sides = [
    { prefix: 'before', ...(await readInput(before, io, ['before'], read)) },
    { prefix: 'after', ...(await readInput(after, io, ['after'], read)) },
  ] as const;
  const compared: CompareResult = await located(
    () => compare(sides[0].json, sides[1].json, { ...(baseYear !== undefined ? { baseYear } : {}), account }),
    (issues) => locateUnder(issues, sides),
  );
  const r: CompareResult = { ...compared, warnings: await comparisonWarnings(compared.warnings, sides) };
  io.err(warningsLine(r.warnings));
  if (values.format === 'xlsx') {
    // Loaded only here: the workbook writer stays out of the other formats.
    const { compareXlsx } = await import('../xlsx/compare');
    writeOutputFile(values.out as string, await compareXlsx(r));
    return 0;
  }
  const text =
    values.format === 'md' ? compareMarkdown(r) : values.format === 'csv' ? compareCsv(r) : prettyJson(r);
  if (values.out !== undefined) writeOutputFile(values.out, text);
  else io.out(text);
  return 0;
}
