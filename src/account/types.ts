import type { Classification } from '../coefficients/classification';
import { bundledCrosswalks } from '../coefficients/crosswalk';
import { GepError, type Issue } from '../core/errors';
import { type TypeMapping, resolveTypeNames } from '../input/type-names';

/**
 * The first step of an account: ecosystem types written as names or land-use classes become codes of the
 * classification (input/type-names.ts). Refusals are thrown at once; the mappings and their warnings are kept for
 * the result.
 */
export function readTypes(
  json: unknown,
  classification: Classification,
  typeMapping: Readonly<Record<string, string>> = {},
): { json: unknown; mappings: TypeMapping[]; warnings: Issue[] } {
  const r = resolveTypeNames(json, classification, bundledCrosswalks(), typeMapping);
  const errors = r.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) throw new GepError(errors);
  return { json: r.json, mappings: r.mappings, warnings: r.issues };
}
