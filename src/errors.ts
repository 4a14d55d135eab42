/**
 * The whole catalogue: every code gepkit can report, composed from the catalogue each module owns. The CLI prints
 * issues of any module and docs/errors.md lists them all; library code builds issues with its own module's
 * `issue`/`fail` and never needs this file.
 */
import { CARBON_ERRORS } from './carbon/errors';
import type { CatalogueEntry } from './core/catalogue';
import { CORE_ERRORS } from './core/errors';
import { hasCode as hasCodeOf } from './core/issue';
import { CUSTOM_ERRORS } from './custom/errors';
import { QUEUE_ERRORS } from './queue/errors';
import { RASTER_ERRORS } from './raster/errors';
import { SERVE_ERRORS } from './serve/errors';
import { UNCERTAINTY_ERRORS } from './uncertainty/errors';
import { VEP_ERRORS } from './vep/errors';
import { XLSX_ERRORS } from './xlsx/errors';

export const ERROR_CATALOGUE = {
  ...CORE_ERRORS,
  ...CARBON_ERRORS,
  ...CUSTOM_ERRORS,
  ...QUEUE_ERRORS,
  ...RASTER_ERRORS,
  ...SERVE_ERRORS,
  ...UNCERTAINTY_ERRORS,
  ...VEP_ERRORS,
  ...XLSX_ERRORS,
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** The error gepkit throws, beside the codes it carries (also exported by the main entry). */
export { GepError } from './core/issue';
export type { Issue } from './core/issue';

/**
 * Whether `value` is a GepError one of whose issues has `code`, or an issue (a result's warning) of that code; the
 * code is one of the catalogue's, so a misspelt one does not compile (also exported by the main entry).
 *
 * @example
 * try { loanAppraisal(input); } catch (e) { if (hasCode(e, 'VEP_RIGHT_EXPIRED')) { … } }
 * result.warnings.filter((w) => hasCode(w, 'GRADE_BELOW_THRESHOLD'));
 */
export const hasCode: (value: unknown, code: ErrorCode) => boolean = hasCodeOf;
