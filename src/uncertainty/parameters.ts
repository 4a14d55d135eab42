/**
 * The parameters of a Monte Carlo run: every coefficient the account read (unless held fixed) and any input
 * quantity the caller names, each with its distribution as a multiplier of its point value. A coefficient's
 * distribution comes, first found: from the caller (`distributions`, by coefficient id or key), from its record
 * (`uncertainty`), or from the default of its evidence grade; `origin` says which.
 */
import { bundledTable, bundledTableFile } from '../coefficients/bundled';
import { type CoefficientTable, loadCoefficientTable } from '../coefficients/registry';
import type { Grade, Source, UncertaintySpec } from '../coefficients/schema';
import { GepError, type Path } from '../core/errors';
import type { AccountResult } from '../account/result-schema';
import { dec, shortValue } from '../core/decimal';
import { closest } from '../core/suggest';
import { uncertaintyFail as fail } from './errors';
import { type Multiplier, defaultFor, multiplierOf } from './distributions';
import { CUSTOM_INPUT_TABLE } from '../indicators/custom';

export interface Parameter {
  /** The coefficient's id in result.coefficients, or "input:" and the input path. */
  id: string;
  kind: 'coefficient' | 'input';
  key: string;
  ecosystem: string | null;
  /** The coefficient's table ref, or null for an input. */
  table: string | null;
  /**
   * The input path; for a coefficient null, except a custom indicator's graded input (table CUSTOM_INPUT_TABLE),
   * drawn where the input declares it.
   */
  path: Path | null;
  value: string;
  unit: string;
  grade: Grade | null;
  distribution: Multiplier;
  origin: 'record' | 'default' | 'option';
  /** The source of the distribution where a record gives one. */
  source: Source | null;
}

export interface InputUncertainty {
  /** Path of a number in the input JSON, or of an object whose `value` is the number (a quantity). */
  path: Path;
  distribution: Multiplier;
}

export interface ParameterOptions {
  /** Distributions (as multipliers) by coefficient id or key, before the records' own. */
  distributions?: Record<string, Multiplier>;
  /** Defaults by grade, replacing the built-in triangular ones (DEFAULT_HALF_WIDTH). */
  defaults?: Partial<Record<Grade, Multiplier>>;
  /** Coefficient ids or keys held at their value. */
  fixed?: string[];
  /** Input quantities drawn too. */
  inputs?: InputUncertainty[];
}

type Use = AccountResult['coefficients'][number];

/**
 * The parameters of an account `result`: its coefficients (those not `fixed`) and the `inputs` named. `userTables`
 * are the user's tables the account searched, each with its place (`overrides.tables[i]`, a scenario's, a file), at
 * which a record's invalid distribution is reported.
 */
export function collectParameters(
  result: AccountResult,
  userTables: readonly { json: unknown; path: Path }[],
  options: ParameterOptions,
): Parameter[] {
  checkNames(result, options);
  const declared = customInputPaths(result);
  checkInputsNotGraded(declared, options);
  checkInputsOnce(options);
  const fixed = new Set(options.fixed ?? []);
  const tables = userTables.flatMap(({ json, path }) => {
    try {
      return [{ table: loadCoefficientTable(json), path }];
    } catch (e) {
      if (e instanceof GepError) return []; // the account refuses invalid tables itself
      throw e;
    }
  });
  const coefficients = result.coefficients
    .filter((c) => !fixed.has(c.id) && !fixed.has(c.key))
    .map((c): Parameter => {
      const base = {
        id: c.id,
        kind: 'coefficient' as const,
        key: c.key,
        ecosystem: c.ecosystem,
        table: c.table,
        path: declared.get(c.id) ?? null,
        value: c.value,
        unit: c.unit,
      };
      const given = options.distributions?.[c.id] ?? options.distributions?.[c.key];
      if (given !== undefined)
        return { ...base, grade: c.grade, distribution: given, origin: 'option', source: null };
      const found = recordSpec(c, tables);
      if (found !== undefined)
        return {
          ...base,
          grade: found.spec.grade,
          distribution: multiplierOf(found.spec, dec(c.value), found.path),
          origin: 'record',
          source: found.spec.source,
        };
      return {
        ...base,
        grade: c.grade,
        distribution: defaultFor(c.grade, options.defaults),
        origin: 'default',
        source: null,
      };
    });
  const inputs = (options.inputs ?? []).map((u): Parameter => ({
    id: `input:${u.path.join('.')}`,
    kind: 'input',
    key: u.path.join('.'),
    ecosystem: null,
    table: null,
    path: u.path,
    value: '',
    unit: '',
    grade: null,
    distribution: u.distribution,
    origin: 'option',
    source: null,
  }));
  return [...coefficients, ...inputs];
}

/**
 * Where the input declares each custom indicator's graded input the account listed among its coefficients, by
 * coefficient id: `customIndicators[i].inputs.<name>`, i the declaration's place (its line's path, the one line of a
 * custom indicator) and the name after the code in the key (`X1.yield`).
 */
function customInputPaths(result: AccountResult): Map<string, Path> {
  const paths = new Map<string, Path>();
  for (const c of result.coefficients) {
    if (c.table !== CUSTOM_INPUT_TABLE) continue;
    const [code, name] = c.key.split('.') as [string, string];
    const at = result.indicators.find((i) => i.code === code)?.lines[0]?.path;
    if (at !== undefined) paths.set(c.id, [...at, 'inputs', name]);
  }
  return paths;
}

/**
 * The number an input path names, as a text: a path to a quantity and the path to its `value` name one number
 * (`materialProducts.0.grossOutput` and `materialProducts.0.grossOutput.value`).
 */
const inputTarget = (path: Path): string =>
  (path[path.length - 1] === 'value' ? path.slice(0, -1) : path).join('.');

/**
 * Refuse (UNCERTAINTY_INVALID) an input path of `inputs` that is a custom indicator's graded input: it is drawn as the
 * coefficient it is listed as, and drawing it twice would multiply two draws.
 */
function checkInputsNotGraded(declared: ReadonlyMap<string, Path>, options: ParameterOptions): void {
  const byPath = new Map([...declared].map(([id, path]) => [inputTarget(path), id]));
  (options.inputs ?? []).forEach((u, i) => {
    const id = byPath.get(inputTarget(u.path));
    if (id !== undefined) {
      const key = id.split('|')[0] as string;
      fail('UNCERTAINTY_INVALID', ['inputs', i, 'path'], {
        detail: `the input at ${u.path.join('.')} has a source and grade: it is drawn as the coefficient ${key}; give its distribution under distributions["${key}"], not under inputs`,
      });
    }
  });
}

/**
 * Refuse (UNCERTAINTY_INVALID) a number named twice in `inputs` (the same path, or a quantity's path and the path to
 * its `value`): each entry is drawn on its own, so the number would be multiplied by two independent draws.
 */
function checkInputsOnce(options: ParameterOptions): void {
  const first = new Map<string, number>();
  (options.inputs ?? []).forEach((u, i) => {
    const target = inputTarget(u.path);
    const j = first.get(target);
    if (j !== undefined)
      fail('UNCERTAINTY_INVALID', ['inputs', i, 'path'], {
        detail: `the input at ${u.path.join('.')} is named already by inputs[${j}] (${options.inputs?.[j]?.path.join('.') ?? ''}): drawn twice, it would be multiplied by two independent draws; give it once`,
      });
    first.set(target, i);
  });
}

/**
 * Refuse (UNCERTAINTY_INVALID) `fixed` that is no list of texts, and a name in `fixed` or `distributions` that is no
 * coefficient id or key of the account: a misspelt key ("price.electricty") was ignored, the coefficient drawn from its
 * default as if nothing had been said.
 */
function checkNames(result: AccountResult, options: ParameterOptions): void {
  const fixed = options.fixed as unknown;
  if (fixed !== undefined && (!Array.isArray(fixed) || !fixed.every((f) => typeof f === 'string')))
    fail('UNCERTAINTY_INVALID', ['fixed'], {
      detail: `fixed is a list of coefficient ids or keys, got ${JSON.stringify(fixed)}`,
    });
  const names = new Set(result.coefficients.flatMap((c) => [c.id, c.key]));
  const keys = [...new Set(result.coefficients.map((c) => c.key))];
  const check = (name: string, path: Path) => {
    if (names.has(name)) return;
    const near = closest(name, keys);
    fail('UNCERTAINTY_INVALID', path, {
      detail: `${JSON.stringify(shortValue(name))} is no coefficient id or key the account used${near === undefined ? '' : ` (did you mean ${near}?)`}`,
    });
  };
  (options.fixed ?? []).forEach((f, i) => check(f, ['fixed', i]));
  for (const k of Object.keys(options.distributions ?? {})) check(k, ['distributions', k]);
}

/**
 * The distribution of the record a coefficient came from (the last table of its ref chain, "base+overlay", that
 * holds its scope) and its place: the user's table's place, or the bundled table's file, then `records[j]
 * .uncertainty`.
 */
function recordSpec(
  c: Use,
  userTables: readonly { table: CoefficientTable; path: Path }[],
): { spec: UncertaintySpec; path: Path } | undefined {
  const chain = c.table.split('+').reverse();
  for (const ref of chain) {
    const t = userTables.find((u) => u.table.ref === ref) ?? bundledOrUndefined(ref);
    const j =
      t?.table.records.findIndex(
        (x) =>
          x.key === c.key &&
          (x.applies.ecosystem ?? null) === c.ecosystem &&
          (x.applies.region ?? null) === c.region,
      ) ?? -1;
    if (t !== undefined && j >= 0) {
      const spec = t.table.records[j]?.uncertainty;
      return spec === undefined ? undefined : { spec, path: [...t.path, 'records', j, 'uncertainty'] };
    }
  }
  return undefined;
}

/** A bundled table of `ref` and its file (`coefficients/…json`); undefined for a ref gepkit does not bundle. */
function bundledOrUndefined(ref: string): { table: CoefficientTable; path: Path } | undefined {
  try {
    const table = bundledTable(ref);
    return { table, path: [bundledTableFile(table.id)] };
  } catch (e) {
    if (e instanceof GepError) return undefined;
    throw e;
  }
}
