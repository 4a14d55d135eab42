import { describe, expect, it } from 'vitest';
import { GepError, issue } from '../core/errors';
import { reportError } from './shared';

/** What reportError prints on stderr for `e`, and its exit code. */
function reported(e: unknown): { code: number; err: string } {
  let err = '';
  const code = reportError(e, { out: () => undefined, err: (s) => (err += s) });
  return { code, err };
}

/** An error of the operating system as Node's fs gives it (code, syscall, and a path when it has one). */
function systemError(code: string, syscall: string, path?: string): Error {
  return Object.assign(new Error(`${code}: failed, ${syscall}`), {
    code,
    syscall,
    ...(path === undefined ? {} : { path }),
  });
}

describe('reportError', () => {
  it('prints every issue of a GepError, exit code 1', () => {
    const r = reported(new GepError([issue('CLI_USAGE', [], { detail: 'missing x' })]));
    expect(r.code).toBe(1);
    expect(r.err).toContain('CLI_USAGE');
    expect(r.err).toContain('missing x');
  });

  it('a file-system error part-way is OUTPUT_WRITE_FAILED naming its file, or its call when it has no path', () => {
    const withPath = reported(systemError('ENOSPC', 'write', '/data/out/results.jsonl'));
    expect(withPath.code).toBe(1);
    expect(withPath.err).toContain('OUTPUT_WRITE_FAILED');
    expect(withPath.err).toContain('Writing /data/out/results.jsonl failed part-way');
    const noPath = reported(systemError('ENOSPC', 'write'));
    expect(noPath.err).toContain('Writing an output (write) failed part-way: ENOSPC');
    expect(noPath.err).not.toContain('Writing ?');
  });

  it("an optional package missing (Node's error as an import gives it) is DEPENDENCY_MISSING with what to install", () => {
    const missing = Object.assign(
      new Error("Cannot find package 'exceljs' imported from /app/node_modules/gepkit/dist/cli/chunk-X.js"),
      { code: 'ERR_MODULE_NOT_FOUND' },
    );
    const r = reported(missing);
    expect(r.code).toBe(1);
    expect(r.err).toContain('DEPENDENCY_MISSING');
    expect(r.err).toContain('npm install exceljs@4.4.0');
    // a required package missing is a broken install, not a choice: rethrown as it is
    const zod = Object.assign(new Error("Cannot find package 'zod' imported from /x.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    expect(() => reported(zod)).toThrow(zod);
  });

  it('anything else is a bug: rethrown', () => {
    expect(() => reported(new RangeError('boom'))).toThrow('boom');
  });
});
