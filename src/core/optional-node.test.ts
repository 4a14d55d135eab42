import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GepError } from './errors';
import {
  OPTIONAL_PACKAGES,
  asMissingDependency,
  importOptional,
  missingOptional,
  requireOptional,
} from './optional-node';

/** A package no registry has, declared optional for these tests. */
const ABSENT = 'gepkit-absent-package';
const TABLE = { [ABSENT]: '1.2.3', '@gepkit/absent-scope': '4.5.6' };

/** The error a real `require` of `name` throws (Node's CommonJS resolver). */
function requireError(name: string): unknown {
  try {
    execFileSync(process.execPath, ['-e', `require(${JSON.stringify(name)})`], { stdio: 'pipe' });
  } catch (e) {
    const stderr = String((e as { stderr: Buffer }).stderr);
    const message = /Error: (Cannot find module '[^']+')/.exec(stderr)?.[1] ?? stderr;
    return Object.assign(new Error(message), { code: /code: '(\w+)'/.exec(stderr)?.[1] });
  }
  throw new Error(`${name} was found`);
}

/** The error a real dynamic `import` of `name` rejects with (Node's ESM resolver, outside vitest's loader). */
function importError(name: string): Error {
  const script = `import(${JSON.stringify(name)}).catch((e) => { console.log(JSON.stringify({ code: e.code, message: e.message })); });`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  const { code, message } = JSON.parse(out) as { code: string; message: string };
  return Object.assign(new Error(message), { code });
}

describe('missingOptional', () => {
  it("names the package of Node's own errors: CommonJS require and ESM import, scoped and with a subpath", () => {
    expect(missingOptional(requireError(ABSENT), TABLE)).toBe(ABSENT);
    expect(missingOptional(importError(ABSENT), TABLE)).toBe(ABSENT);
    expect(missingOptional(importError(`${ABSENT}/sub/path`), TABLE)).toBe(ABSENT);
    expect(missingOptional(importError('@gepkit/absent-scope/x'), TABLE)).toBe('@gepkit/absent-scope');
  });

  it('is undefined for a package not declared optional, a missing file, another error, a non-error', () => {
    expect(missingOptional(importError('gepkit-other-absent'), TABLE)).toBeUndefined();
    expect(missingOptional(importError('/nowhere/chunk-X.js'), TABLE)).toBeUndefined();
    const noCode = new Error(`Cannot find package '${ABSENT}' imported from /x.js`);
    expect(missingOptional(noCode, TABLE)).toBeUndefined();
    const otherCode = Object.assign(new Error(`Cannot find package '${ABSENT}'`), { code: 'ENOENT' });
    expect(missingOptional(otherCode, TABLE)).toBeUndefined();
    expect(missingOptional(`Cannot find package '${ABSENT}'`, TABLE)).toBeUndefined();
    // a file missing inside an installed optional package is not the package missing
    expect(missingOptional(importError('better-sqlite3/x'))).toBeUndefined();
    // gepkit's own table: an optional package is declared, a required one (zod) is not
    const pg = Object.assign(new Error("Cannot find package 'pg' imported from /x.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    expect(missingOptional(pg)).toBe('pg');
    const zod = Object.assign(new Error("Cannot find package 'zod' imported from /x.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    expect(missingOptional(zod)).toBeUndefined();
  });
});

describe('asMissingDependency, requireOptional, importOptional', () => {
  it('DEPENDENCY_MISSING names the package and the version to install', () => {
    const e = asMissingDependency(importError(ABSENT), TABLE);
    expect(e).toBeInstanceOf(GepError);
    const [i] = (e as GepError).issues;
    expect(i?.code).toBe('DEPENDENCY_MISSING');
    expect(i?.params).toEqual({ package: ABSENT, version: '1.2.3' });
    expect(i?.hint).toContain(`npm install ${ABSENT}@1.2.3`);
    expect(i?.message.zh).toContain(`需要可选依赖包 ${ABSENT}`);
  });

  it('any other error comes back as it was', () => {
    const other = new Error('boom');
    expect(asMissingDependency(other, TABLE)).toBe(other);
  });

  it('requireOptional loads an installed package, refuses a missing optional one, rethrows a missing other', () => {
    expect(typeof requireOptional('better-sqlite3')).toBe('function');
    expect(() => requireOptional(ABSENT, TABLE)).toThrow(GepError);
    expect(() => requireOptional('gepkit-other-absent', TABLE)).toThrow(
      /Cannot find module 'gepkit-other-absent'/,
    );
  });

  it('importOptional passes a module through and turns a missing optional package into DEPENDENCY_MISSING', async () => {
    await expect(importOptional(() => Promise.resolve(42), TABLE)).resolves.toBe(42);
    await expect(importOptional(() => Promise.reject(importError(ABSENT)), TABLE)).rejects.toMatchObject({
      code: 'DEPENDENCY_MISSING',
    });
    const other = new Error('boom');
    await expect(importOptional(() => Promise.reject(other), TABLE)).rejects.toBe(other);
  });

  it("the table is package.json's optionalDependencies, name for name and version for version", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      optionalDependencies: Record<string, string>;
    };
    expect(OPTIONAL_PACKAGES).toEqual(pkg.optionalDependencies);
  });
});
