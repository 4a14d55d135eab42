import { bundledClassification } from '../coefficients/bundled';
import { dec } from '../core/decimal';
import { assemble } from './assemble';
import { computeAll } from './compute';
import { CoefficientLog } from './context';
import type { AccountOptions } from './options';
import { resolve, resolveProfile } from './resolve';
import type { AccountResult } from './result-schema';
import { review } from './review';
import { loadScenario, withScenario } from './scenario';
import { checkInput, parseInput } from './validate';
import type { AccountInputJson } from '../input/input';

export type { AccountOptions } from './options';

/**
 * Account a region: validate the input, compute every indicator of the profile, price and deflate each line,
 * aggregate by indicator, sub-item, ecosystem type and zone, and explain every number. Throws one GepError
 * listing every problem found; never returns a partial account.
 *
 * The pipeline, one module per step: parse and check (validate.ts) → resolve coefficient tables and price
 * levels (resolve.ts) → compute lines (compute.ts) → price them (valuation.ts) → assemble tables
 * (assemble.ts) → review (review.ts).
 */
export function account(input: AccountInputJson, options?: AccountOptions): AccountResult;
/** The same from JSON of unknown shape (a parsed file): validated before anything is computed. */
export function account(json: unknown, options?: AccountOptions): AccountResult;
export function account(json: unknown, given: AccountOptions = {}): AccountResult {
  const input = parseInput(json);
  const scenario = given.scenario === undefined ? null : loadScenario(given.scenario);
  const options = scenario === null ? given : withScenario(given, scenario);
  const profile = resolveProfile(options);
  const classification = bundledClassification(profile.classification);
  const tolerance =
    options.areaTolerance === undefined ? profile.checks.areaTolerance : dec(options.areaTolerance);
  const { warnings, checks } = checkInput(input, classification, tolerance);
  const { set, tables, overrides, levels } = resolve(input, profile, classification, options);
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
  });
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
  return review(draft, profile, options, scenario);
}
