/**
 * The optional dependencies: the packages a server, a database or a file format needs, which the library's engines
 * do not. npm installs them with gepkit unless told not to (`npm install gepkit --omit=optional`), and an install
 * that fails (a native build) does not fail gepkit's. A module that needs one loads it when it is used, so that
 * importing the module costs nothing without it, and a missing one is reported as DEPENDENCY_MISSING. This module is
 * platform-neutral (a dynamic import works in a bundle for the browser too); requireOptional, Node's synchronous
 * require, is in optional-node.ts.
 */
import { GepError, issue } from './errors';

/** Each optional package and the version gepkit's package.json names (test/package.test.ts holds them equal). */
export const OPTIONAL_PACKAGES: Readonly<Record<string, string>> = {
  '@hono/node-server': '2.1.9',
  '@hono/zod-openapi': '1.6.3',
  'better-sqlite3': '12.11.1',
  bullmq: '5.81.5',
  docx: '9.7.1',
  exceljs: '4.4.0',
  geotiff: '2.1.3',
  hono: '4.13.19',
  pg: '8.23.1',
};

/** The package a module specifier names: `hono` for `hono/cors`, `@hono/node-server` for itself. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * The optional package whose absence `e` reports, or undefined: Node's error for a module not found (ESM
 * `ERR_MODULE_NOT_FOUND`, CommonJS `MODULE_NOT_FOUND`) naming one of `packages` (a missing file of gepkit itself, or
 * a missing dependency of an optional package, is not one).
 *
 * @example
 * missingOptional(Object.assign(new Error("Cannot find package 'pg' imported from /x.js"), { code: 'ERR_MODULE_NOT_FOUND' })); // 'pg'
 */
export function missingOptional(
  e: unknown,
  packages: Readonly<Record<string, string>> = OPTIONAL_PACKAGES,
): string | undefined {
  if (!(e instanceof Error)) return undefined;
  const code = (e as { code?: unknown }).code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return undefined;
  const named = /Cannot find (?:package|module) '([^']+)'/.exec(e.message)?.[1];
  if (named === undefined) return undefined;
  const name = packageOf(named);
  return Object.hasOwn(packages, name) ? name : undefined;
}

/** `e` as DEPENDENCY_MISSING when it reports an optional package missing, else `e` itself. */
export function asMissingDependency(
  e: unknown,
  packages: Readonly<Record<string, string>> = OPTIONAL_PACKAGES,
): unknown {
  const name = missingOptional(e, packages);
  if (name === undefined) return e;
  // missingOptional names only a package of `packages`: its version is there
  return new GepError(issue('DEPENDENCY_MISSING', [], { package: name, version: packages[name] as string }));
}

/**
 * A module loaded by `load` (a dynamic `import()` of an optional package or of a gepkit module that imports one);
 * DEPENDENCY_MISSING when an optional package it needs is not installed.
 *
 * @example
 * const { openPostgresStore } = await importOptional(() => import('./store-postgres-node'));
 */
export async function importOptional<T>(
  load: () => Promise<T>,
  packages: Readonly<Record<string, string>> = OPTIONAL_PACKAGES,
): Promise<T> {
  try {
    return await load();
  } catch (e) {
    throw asMissingDependency(e, packages);
  }
}
