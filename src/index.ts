/**
 * gepkit — Gross Ecosystem Product accounting for China, traced and exact.
 *
 * @example
 * ```ts
 * import { account } from 'gepkit';
 * const result = account(input, { baseYear: 2020 });
 * console.log(result.totals.gep.current); // 元, at current prices of the accounting year
 * ```
 */
import { hasCode as hasCodeOf } from './core/issue';
import type { ErrorCode } from './errors';
export { account, type AccountOptions, type RecordRead } from './account/account';
export { AccountCache } from './account/cache';
export type {
  BundledIndicatorCode,
  BundledProfileId,
  BuiltInMethodRef,
  IndicatorCode,
  MethodRef,
  PerIndicator,
  ProfileId,
} from './account/ids';
export { inputSchema, type AccountInput, type AccountInputJson } from './input/input';
export type { AccountResult, IndicatorResult } from './account/result-schema';
export { parseInput, checkInput } from './account/validate';
export { tableMarkdown, toCsv, toMarkdown } from './account/format';
export { compare, type CompareOptions, type CompareResult } from './account/compare';
export { compareCsv, compareMarkdown } from './account/compare-format';

export { Decimal, Rounding, dec, sum, roundTo, type DecimalInput, type RoundingName } from './core/decimal';
export * from './core/units';
export * from './core/money';
export {
  GepError,
  CORE_ERRORS,
  IssueList,
  issue,
  formatIssue,
  formatPath,
  type CoreErrorCode,
  type Issue,
  type ParamValue,
  type Path,
  type Severity,
} from './core/errors';
export { entry, issuesOf, type CatalogueEntry, type IssueBuilders } from './core/catalogue';
/**
 * Whether `value` is a GepError one of whose issues has `code`, or an issue (a result's warning) of that code; the
 * code is one of the catalogue's (gepkit/errors' ErrorCode), so a misspelt one does not compile.
 */
export const hasCode: (value: unknown, code: ErrorCode) => boolean = hasCodeOf;
export { canonicalJson, contentHash } from './core/canonical';

export { GRADES, gradeAtLeast, type Grade, type Source, type CoefficientRecord } from './coefficients/schema';
export {
  CoefficientSet,
  applyOverlay,
  loadCoefficientTable,
  loadPriceIndex,
  type CoefficientTable,
  type OverrideRecord,
  type PriceIndexTable,
  type ResolvedCoefficient,
} from './coefficients/registry';
export { indexPoint, movePriceLevel } from './coefficients/price-index';
export { loadClassification, type Classification } from './coefficients/classification';
export {
  bundledClassification,
  bundledClassifications,
  bundledPriceIndex,
  bundledPriceIndices,
  bundledTable,
  bundledTables,
} from './coefficients/bundled';
export { bundledProfile, bundledProfiles, DEFAULT_PROFILE } from './profiles/bundled';
export { loadProfile, type Profile } from './profiles/schema';
export {
  comparisonMarkdown,
  diffMarkdown,
  diffProfiles,
  profileMarkdown,
  type ProfileDiff,
} from './profiles/compare';
export { loadScenario, scenarioSchema, type Scenario } from './account/scenario';
export {
  METHODS,
  methodRef,
  type MethodSpec,
  type MethodContext,
  type Line,
  type Valuation,
  type Category,
} from './indicators';
export { VERSION } from './version';
