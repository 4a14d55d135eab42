/**
 * An optional package loaded synchronously by Node's own `require` (optional.ts has the rest: the packages, a missing
 * one as DEPENDENCY_MISSING, a dynamic import).
 */
import { createRequire } from 'node:module';
import { OPTIONAL_PACKAGES, asMissingDependency } from './optional';

// Node code imports all of it from here.
export { OPTIONAL_PACKAGES, asMissingDependency, importOptional, missingOptional } from './optional';

/**
 * An optional package loaded now, synchronously (a CommonJS package such as better-sqlite3), by Node's own
 * `require`; DEPENDENCY_MISSING when it is not installed (`packages`: the optional packages, gepkit's by default).
 *
 * @example
 * const Database = requireOptional<typeof import('better-sqlite3')>('better-sqlite3');
 */
export function requireOptional<T>(
  name: string,
  packages: Readonly<Record<string, string>> = OPTIONAL_PACKAGES,
): T {
  try {
    return createRequire(import.meta.url)(name) as T;
  } catch (e) {
    throw asMissingDependency(e, packages);
  }
}
