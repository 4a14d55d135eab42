import type { AccountOptions } from '../account/options';
import { GRADES, type Grade } from '../coefficients/schema';
import { fail } from '../core/errors';
import { type NamedFile, readJson } from './shared';
import { wholeNumberText } from '../core/options';

/**
 * The options that say how an input is accounted, shared by every command that accounts an input (account,
 * account --uncertainty, report, compare): parsed the same way everywhere, into the library's AccountOptions.
 */
export const ACCOUNT_INPUT_OPTIONS = {
  'base-year': { type: 'string' },
  profile: { type: 'string' },
  exact: { type: 'boolean', default: false },
  exclude: { type: 'string' },
  'min-grade': { type: 'string' },
  scenario: { type: 'string' },
  'type-map': { type: 'string', multiple: true },
  'price-index': { type: 'string', multiple: true },
  deflator: { type: 'string', multiple: true },
} as const;

/** The values parseArgs gives for ACCOUNT_INPUT_OPTIONS. */
export interface AccountInputValues {
  'base-year'?: string;
  profile?: string;
  exact?: boolean;
  exclude?: string;
  'min-grade'?: string;
  scenario?: string;
  'type-map'?: string[];
  'price-index'?: string[];
  deflator?: string[];
}

/** The files the shared options name (--scenario, each --price-index), which an output must not replace. */
export function accountInputFiles(values: AccountInputValues): NamedFile[] {
  return [
    ...(values.scenario === undefined ? [] : [{ file: values.scenario, option: '--scenario' }]),
    ...(values['price-index'] ?? []).map((file) => ({ file, option: '--price-index' })),
  ];
}

/** `--base-year Y`: an integer year, or CLI_USAGE. */
export function baseYearOf(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  // In digits: Number() reads 0x7E0 as 2016, 1e3 as 1000 and "" as 0.
  return (
    wholeNumberText(v) ??
    fail('CLI_USAGE', [], { detail: `--base-year must be a year, got ${v === '' ? '""' : v}` })
  );
}

/**
 * AccountOptions from the shared options (files named by --scenario and --price-index are read here). An issue about
 * such a file is placed at the file's name and the path inside it (`my-cpi.json.vintage`), as gepkit carbon places
 * one about its --rules or --factors file.
 */
export function accountOptionsOf(values: AccountInputValues): AccountOptions {
  const baseYear = baseYearOf(values['base-year']);
  const files = values['price-index'] ?? [];
  const places = {
    ...(values.scenario !== undefined ? { scenario: [values.scenario] } : {}),
    ...(files.length > 0 ? { priceIndices: files.map((f) => [f]) } : {}),
  };
  return {
    ...(values.profile !== undefined ? { profile: values.profile } : {}),
    ...(baseYear !== undefined ? { baseYear } : {}),
    ...(values.exact === true ? { rounding: 'exact' as const } : {}),
    ...(values.exclude !== undefined ? { exclude: values.exclude.split(',').map((c) => c.trim()) } : {}),
    ...(values['min-grade'] !== undefined ? { minGrade: grade(values['min-grade']) } : {}),
    ...(values.scenario !== undefined ? { scenario: readJson(values.scenario) } : {}),
    ...(values['type-map'] !== undefined ? { typeMapping: typeMap(values['type-map']) } : {}),
    ...priceIndexOptions(files, values.deflator ?? []),
    ...(Object.keys(places).length > 0 ? { places } : {}),
  };
}

/**
 * `--price-index FILE` (repeatable) and `--deflator PREFIX=INDEX` (repeatable): the indices and the rules that name
 * them. Without any --deflator, each --price-index applies to every price (the rule with the empty prefix), so
 * `--price-index jiangxi-cpi.json` alone deflates the whole account with that index; the result lists the rules.
 */
function priceIndexOptions(files: string[], rules: string[]) {
  if (files.length === 0 && rules.length === 0) return {};
  const priceIndices = files.map((f) => readJson(f));
  const deflators = rules.map((r) => {
    const i = r.lastIndexOf('=');
    if (i < 0 || i === r.length - 1)
      fail('CLI_USAGE', [], {
        detail: `--deflator takes PREFIX=INDEX (e.g. price.reservoir=my-index), got ${r}`,
      });
    return { match: r.slice(0, i), index: r.slice(i + 1) };
  });
  if (deflators.length === 0)
    for (const t of priceIndices)
      if (t !== null && typeof t === 'object' && typeof (t as { id?: unknown }).id === 'string')
        deflators.push({ match: '', index: (t as { id: string }).id });
  return { priceIndices, deflators };
}

/** `--type-map CLASS=CODE` (repeatable): written forms of ecosystem types and the codes they mean. */
export function typeMap(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0 || i === p.length - 1)
      fail('CLI_USAGE', [], { detail: `--type-map takes CLASS=CODE (e.g. 0301=forest.mixed), got ${p}` });
    out[p.slice(0, i).trim()] = p.slice(i + 1).trim();
  }
  return out;
}

/** A --min-grade value: one of the evidence grades (CLI_USAGE otherwise). */
export function grade(s: string): Grade {
  if (!(GRADES as readonly string[]).includes(s))
    fail('CLI_USAGE', [], { detail: `--min-grade must be one of ${GRADES.join(', ')}, got ${s}` });
  return s as Grade;
}
