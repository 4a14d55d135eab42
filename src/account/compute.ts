import { shortValue } from '../core/decimal';
import type { Classification } from '../coefficients/classification';
import type { CoefficientSet } from '../coefficients/registry';
import { GepError, type Issue, type Path, fail, issue } from '../core/errors';
import { closest } from '../core/suggest';
import { PARSE_OPTIONS } from '../core/zod-issues';
import { METHODS } from '../indicators';
import { checkCustomWork, customMethod } from '../indicators/custom';
import { ScopeIndices } from '../indicators/scope';
import { type Line, type MethodSpec, methodRef } from '../indicators/spec';
import type { AccountInput } from '../input/input';
import type { Profile } from '../profiles/schema';
import type { AccountResult } from './result-schema';
import { plainJsonKey } from './cache';
import { type CoefficientLog, makeContext } from './context';
import type { AccountOptions } from './options';
import type { PriceLevels, PricedLine } from './valuation';
import type { RecordFound } from './cache';
import type { OptionPlaces } from './scenario';

type ProfileEntry = Profile['indicators'][number];

/** One indicator computed and priced: its lines, the coefficient keys it read and its warnings. */
export interface Computed {
  code: string;
  entry: ProfileEntry;
  method: MethodSpec<unknown>;
  switches: Record<string, unknown>;
  lines: PricedLine[];
  keys: Set<string>;
  warnings: Issue[];
}

/** What every indicator of one account reads. */
export interface ComputeEnv {
  input: AccountInput;
  profile: Profile;
  options: AccountOptions;
  classification: Classification;
  set: CoefficientSet;
  log: CoefficientLog;
  region: string | null;
  levels: PriceLevels;
  /** Where a record of the user's tables is in the input or options (errors about the record are located there). */
  recordPath: (c: RecordFound) => Path | undefined;
  /** Where each entry of the options was given (the caller's options or the scenario). */
  places: OptionPlaces;
}

/**
 * Compute and price every indicator of the profile, then the input's custom indicators. Problems of all
 * indicators are gathered and thrown as one GepError (each listed once); an account is never partial.
 */
export function computeAll(env: ComputeEnv): { computed: Computed[]; skipped: AccountResult['skipped'] } {
  const computed: Computed[] = [];
  const skipped: AccountResult['skipped'] = [];
  const errors: Issue[] = [];
  const exclude = new Set(env.options.exclude ?? []);
  errors.push(...unknownCodes(env));
  const linesByCode = new Map<string, Line[]>(); // for methods that build on an earlier indicator (R7 on R6)
  const indices = new ScopeIndices(); // input sections by zone and type, shared by every indicator
  // Indicators whose computation failed: one built on them (R7 on R6) reports nothing more, the failure is said once.
  const failed = new Set<string>();
  const attempt = (f: () => void, code: string) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof GepError)) throw e;
      failed.add(code);
      errors.push(
        ...e.issues.filter(
          (i) => !(i.code === 'INDICATOR_DEPENDENCY_MISSING' && failed.has(String(i.params?.needs))),
        ),
      );
    }
  };
  // Custom indicators declared in the input are accounted after the profile's, like built-in ones. Their formulas
  // are compiled first, and their work bounded (CUSTOM_WORK_EXCEEDED) before any indicator is computed; what they
  // skip or refuse is said after the profile's indicators, in the input's order.
  const customs = env.input.customIndicators.map((decl, i) => {
    const path: Path = ['customIndicators', i];
    if (env.profile.indicators.some((e) => e.code === decl.code))
      return {
        decl,
        path,
        refused: issue('DUPLICATE_ID', [...path, 'code'], {
          id: `${decl.code} (a profile indicator has this code)`,
        }),
      };
    if (exclude.has(decl.code)) return { decl, path, skipped: excludedBy(decl.code, env) };
    try {
      return { decl, path, method: customMethod(decl, path, env.options.cache) };
    } catch (e) {
      if (!(e instanceof GepError)) throw e;
      return { decl, path, failed: e };
    }
  });
  checkCustomWork(
    customs.reduce((sum, c) => sum + (c.method?.steps ?? 0), 0),
    env.options.customWorkLimit,
  );
  env.profile.indicators.forEach((entry, k) => {
    if (entry.inclusion === 'excluded' || exclude.has(entry.code)) {
      const reason = entry.inclusion === 'excluded' ? 'excluded by the profile' : excludedBy(entry.code, env);
      skipped.push({ code: entry.code, reason });
      return;
    }
    attempt(() => {
      const c = computeIndicator(entry, k, env, { computed: linesByCode, indices });
      if (c === 'no-input') {
        skipped.push({ code: entry.code, reason: 'optional, and the input has no data for it' });
        return;
      }
      computed.push(c);
      linesByCode.set(
        c.code,
        c.lines.map((l) => l.line),
      );
    }, entry.code);
  });
  customs.forEach((custom) => {
    const { decl, path } = custom;
    if (custom.refused !== undefined) return void errors.push(custom.refused);
    if (custom.skipped !== undefined) return void skipped.push({ code: decl.code, reason: custom.skipped });
    attempt(() => {
      if (custom.failed !== undefined) throw custom.failed;
      const method = custom.method as MethodSpec<unknown>;
      const entry = {
        code: decl.code,
        name: decl.name,
        inclusion: 'required' as const,
        method: methodRef(method),
        switches: {},
      };
      const c = computeIndicator(entry, -1, env, { computed: linesByCode, indices }, { method, path });
      if (c !== 'no-input') computed.push(c);
    }, decl.code);
  });
  if (errors.length > 0) throw new GepError(dedupe(errors));
  return { computed, skipped };
}

/**
 * INPUT_IGNORED for each input section with data that no indicator of the profile reads, whatever its inclusion (an
 * excluded or skipped one is named in result.skipped): a profile without M5 leaves waterSupply out of the account,
 * the forestry lineage the material products, tourism and energy. The sections are those the methods name.
 */
export function sectionsNoIndicatorReads(
  input: AccountInput,
  profile: Profile,
  options: AccountOptions,
): Issue[] {
  const section = (s: string) => s.split(/[.[]/)[0] ?? '';
  const readers = (ref: string) => METHODS.get(ref)?.inputs.map(section) ?? [];
  const read = new Set(profile.indicators.flatMap((e) => readers(options.methods?.[e.code] ?? e.method)));
  const named = new Set([...METHODS.values()].flatMap((m) => m.inputs.map(section)));
  const data = input as unknown as Record<string, unknown>;
  return [...named]
    .filter((name) => !read.has(name) && Object.hasOwn(data, name) && hasData(data[name]))
    .map((name) =>
      issue('INPUT_IGNORED', [name], {
        field: name,
        reason: `no indicator of the profile ${profile.id} reads it`,
      }),
    );
}

/** Whether an input section holds anything: a non-empty list, or an object with a non-empty list (tourism). */
function hasData(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.values(v).some(hasData);
  return true;
}

/** The category an indicator code's letter names (M material, R regulating, C cultural); other letters name none. */
const CATEGORY_OF_LETTER: Readonly<Record<string, MethodSpec<unknown>['category']>> = {
  M: 'material',
  R: 'regulating',
  C: 'cultural',
};

/**
 * The service a method measures: its id's first part, with the forestry standard's names (LY/T 1721) read as the
 * services they are (涵养水源 water-regulation is water conservation, 保育土壤 soil-fixation soil retention).
 */
const SERVICE_ALIASES: Readonly<Record<string, string>> = {
  'water-regulation': 'water-conservation',
  'soil-fixation': 'soil-retention',
};
const serviceOf = (ref: string): string => {
  const id = ref.split('/')[0] ?? ref;
  return SERVICE_ALIASES[id] ?? id;
};

/**
 * The method of an indicator: the caller's replacement, else the profile's; METHOD_UNKNOWN otherwise. A replacement
 * must measure the service the profile's method does, and any method the category of its code's letter:
 * METHOD_MISMATCH otherwise (another indicator's method would count that service twice and this one not at all).
 */
function methodOf(entry: ProfileEntry, k: number, options: AccountOptions, places: OptionPlaces) {
  const replaced = options.methods?.[entry.code];
  const ref = replaced ?? entry.method;
  const method = METHODS.get(ref) as MethodSpec<unknown> | undefined;
  const where = replaced !== undefined ? places.method(entry.code) : ['profile', 'indicators', k, 'method'];
  if (method === undefined)
    return fail('METHOD_UNKNOWN', where, { method: ref, allowed: [...METHODS.keys()].join(', ') });
  if (replaced !== undefined && serviceOf(replaced) !== serviceOf(entry.method))
    fail('METHOD_MISMATCH', where, {
      method: ref,
      indicator: entry.code,
      measures: serviceOf(replaced),
      expected: `${serviceOf(entry.method)} (the profile's ${entry.method})`,
    });
  const category = CATEGORY_OF_LETTER[entry.code.charAt(0)];
  if (category !== undefined && method.category !== category)
    fail('METHOD_MISMATCH', where, {
      method: ref,
      indicator: entry.code,
      measures: `a ${method.category} service`,
      expected: `a ${category} service`,
    });
  return { method, ref, replaced: replaced !== undefined && replaced !== entry.method };
}

/**
 * The switches of an indicator: the profile's (for its own method) under the caller's; SWITCH_INVALID otherwise, at
 * the switch where it was written: the caller's options (`options.switches.<code>.<switch>`), the scenario's, or the
 * profile's indicator.
 */
function switchesOf(
  entry: ProfileEntry,
  k: number,
  chosen: { method: MethodSpec<unknown>; ref: string; replaced: boolean },
  options: AccountOptions,
  places: OptionPlaces,
): Record<string, unknown> {
  // The profile's switches belong to the profile's method; a replaced method starts from its own defaults.
  const own = chosen.replaced ? {} : entry.switches;
  const optionSwitches = options.switches?.[entry.code] ?? {};
  const given = { ...own, ...optionSwitches };
  const parse = () => {
    const parsed = chosen.method.switches.safeParse(given, PARSE_OPTIONS);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`.trim()).join('; ');
      // The first switch refused: at its path, or the first key an object does not have (negativeTermz).
      const first = parsed.error.issues[0];
      const key = first?.path[0] ?? (first?.code === 'unrecognized_keys' ? first.keys[0] : undefined);
      const at: Path =
        typeof key === 'string' && Object.hasOwn(optionSwitches, key)
          ? places.switches(entry.code, key)
          : ['profile', 'indicators', k, 'switches'];
      fail('SWITCH_INVALID', at, {
        detail: `${entry.code} (${chosen.ref}): ${detail}`,
      });
    }
    return parsed.data as Record<string, unknown>;
  };
  if (options.cache === undefined) return parse();
  // Only a built-in method's switches are kept, under its ref: a custom indicator's method is made per account.
  const ref = methodRef(chosen.method);
  const text = METHODS.get(ref) === chosen.method ? plainJsonKey(given) : undefined;
  return options.cache.parsedSwitches(text === undefined ? undefined : `${ref}\u0000${text}`, parse);
}

/** Compute one indicator's lines and price each line; 'no-input' for an optional indicator without data. */
function computeIndicator(
  entry: ProfileEntry,
  k: number,
  env: ComputeEnv,
  shared: { computed: ReadonlyMap<string, readonly Line[]>; indices: ScopeIndices },
  given?: { method: MethodSpec<unknown>; path: Path },
): Computed | 'no-input' {
  const chosen = given
    ? { method: given.method, ref: entry.method, replaced: false }
    : methodOf(entry, k, env.options, env.places);
  const { method } = chosen;
  const switches = switchesOf(entry, k, chosen, env.options, env.places);
  if (!method.hasInput(env.input, switches)) {
    if (entry.inclusion === 'optional') return 'no-input';
    // The input the switches chose, when the method names it (R8's totals); else the first the method lists.
    const missing = method.missingInput?.(switches);
    const section = (missing ?? method.inputs[0] ?? '').split(/[.[]/)[0] ?? '';
    fail('INDICATOR_INPUT_MISSING', section ? [section] : [], {
      indicator: entry.code,
      field: missing ?? method.inputs.join(' / '),
    });
  }
  const keys = new Set<string>();
  const warnings: Issue[] = [];
  const ctx = makeContext({
    input: env.input,
    region: env.region,
    indicator: { code: entry.code, name: entry.name, path: given?.path ?? ['indicators', k] },
    switches,
    classification: env.classification,
    coefficients: env.set,
    log: env.log,
    recordPath: env.recordPath,
    keys,
    warnings,
    ...shared,
  });
  const lines: Line[] = method.compute(ctx);
  return {
    code: entry.code,
    entry,
    method,
    switches,
    lines: lines.map((l) => env.levels.priceLine(l, env.recordPath)),
    keys,
    warnings,
  };
}

/** The same problem found by several indicators or lines (a base year the index lacks) is listed once. */
function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = JSON.stringify([i.code, i.path, i.message.en]);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Who left an indicator out: the scenario, when only its `exclude` names the code (a scenario's entries are placed
 * under `scenario`, the caller's under `options`), else the caller.
 */
function excludedBy(code: string, env: ComputeEnv): string {
  const fromCaller = (env.options.exclude ?? []).some(
    (c, i) =>
      c === code && env.places.exclude[i]?.[0] === 'options' && env.places.exclude[i]?.[1] === 'exclude',
  );
  return fromCaller ? 'excluded by the caller' : 'excluded by the scenario';
}

/**
 * Indicator codes the caller names (exclude, methods, switches) that the account does not have: each an
 * INDICATOR_UNKNOWN error with the closest code, never silently ignored.
 */
function unknownCodes(env: ComputeEnv): Issue[] {
  const known = [
    ...env.profile.indicators.map((e) => e.code),
    ...env.input.customIndicators.map((d) => d.code),
  ];
  const has = new Set(known);
  const named: [string, Path][] = [
    ...(env.options.exclude ?? []).map((c, i): [string, Path] => [c, env.places.exclude[i] as Path]),
    ...Object.keys(env.options.methods ?? {}).map((c): [string, Path] => [c, env.places.method(c)]),
    ...Object.keys(env.options.switches ?? {}).map((c): [string, Path] => [c, env.places.switches(c)]),
  ];
  return named
    .filter(([c]) => !has.has(c))
    .map(([code, path]) =>
      issue('INDICATOR_UNKNOWN', path, {
        code: shortValue(code),
        allowed: known.join(', '),
        suggestion: closest(code, known) ?? '',
      }),
    );
}
