/**
 * Error codes of the carbon-inclusion module, merged into the one catalogue of src/core/errors.ts.
 * Entries: `CODE: entry(severity, zh, en, hint)` exactly as in the core catalogue.
 */
import type { CatalogueEntry } from '../core/error-entry';

export const CARBON_ERRORS = {} as const satisfies Record<string, CatalogueEntry>;
