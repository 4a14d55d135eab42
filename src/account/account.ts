import { checkAccountOptions } from './options-check';
import { bundledClassification } from '../coefficients/bundled';
import { dec } from '../core/decimal';
import { type Path, issue } from '../core/errors';
import { assemble } from './assemble';
import { computeAll, sectionsNoIndicatorReads } from './compute';
import { CoefficientLog } from './context';
import type { AccountOptions } from './options';
import { resolve, resolveProfile, unreadRecords, userRecordPath } from './resolve';
import type { AccountResult } from './result-schema';
import { ungradedInputs } from './quality';
import { review } from './review';
import { loadScenario, optionPlaces, withScenario } from './scenario';
import { readTypes } from './types';
import { checkDepth, checkInput, parseInput } from './validate';
import type { AccountInputJson } from '../input/input';

export type { AccountOptions, RecordRead } from './options';

/**
 * Account a region: validate the input, compute every indicator of the profile, price and deflate each line,
 * aggregate by indicator, sub-item, ecosystem type and zone, and explain every number. Throws one GepError
 * listing every problem found; never returns a partial account.
 *
 * The pipeline, one module per step: ecosystem types by name or land-use class (types.ts) → parse and check
 * (validate.ts) → resolve coefficient tables and price levels (resolve.ts) → compute lines (compute.ts) → price
 * them (valuation.ts) → assemble tables (assemble.ts) → review (review.ts).
 */
export function account(input: AccountInputJson, options?: AccountOptions): AccountResult;
/** The same from JSON of unknown shape (a parsed file): validated before anything is computed. */
export function account(json: unknown, options?: AccountOptions): AccountResult;
export function account(json: unknown, given: AccountOptions = {}): AccountResult {
  checkDepth(json, 'the account input');
  checkDepth(given, 'the account options', ['options']);
  checkAccountOptions(given);
  const scenario = given.scenario === undefined ? null : loadScenario(given.scenario, given.places?.scenario);
  const options = scenario === null ? given : withScenario(given, scenario);
  const places = optionPlaces(given, scenario);
  const profile = resolveProfile(options);
  const classification = bundledClassification(profile.classification);
  const types = readTypes(json, classification, options.typeMapping);
  const input = parseInput(types.json, classification);
  const tolerance =
    options.areaTolerance === undefined ? profile.checks.areaTolerance : dec(options.areaTolerance);
  const checked = checkInput(input, classification, tolerance);
  const warnings = [...types.warnings, ...checked.warnings];
  const checks = checked.checks;
  const resolved = resolve(input, profile, classification, options, places);
  const { set, tables, overrides, levels } = resolved;
  warnings.push(...resolved.warnings);
  const log = new CoefficientLog();
  const region = input.region.code ?? null;
  const { computed, skipped } = computeAll({
    input,
    profile,
    options,
    classification,
    set,
    log,
    region,
    levels,
    recordPath: userRecordPath(resolved),
    places,
  });
  warnings.push(
    ...sectionsNoIndicatorReads(input, profile, options),
    ...unreadRecords(resolved, log, options.readElsewhere),
    ...levels.rulesUnmatched(options.deflators?.length ?? 0).map((r) =>
      issue('DEFLATOR_RULE_UNUSED', places.deflators[r.at] as Path, {
        match: r.match,
        index: r.index,
        suggestion: r.near ?? '',
      }),
    ),
  );
  const draft = assemble({
    input,
    profile,
    classification,
    levels,
    computed,
    skipped,
    log,
    tables,
    overrides,
    warnings,
    checks,
    options,
  });
  const ungraded = ungradedInputs(input.customIndicators, new Set(computed.map((c) => c.code)));
  const result = review(draft, profile, options, scenario, ungraded);
  const typeMappings = types.mappings.map((m) => ({ ...m, paths: m.paths.map((p) => [...p]) }));
  return typeMappings.length > 0 ? { ...result, typeMappings } : result;
}
