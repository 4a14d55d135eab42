import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/helpers';
import { makeOutputDir } from './output-dir-node';

describe('makeOutputDir', () => {
  it('makes the missing levels of a folder, and returns them outermost first', () => {
    const root = mkdtempSync(join(tmpdir(), 'gepkit-outdir-'));
    const dir = join(root, 'a', 'b', 'c');
    expect(makeOutputDir(dir)).toEqual([join(root, 'a'), join(root, 'a', 'b'), dir]);
    expect(existsSync(dir)).toBe(true);
    expect(makeOutputDir(dir)).toEqual([]); // an existing folder is fine, and nothing is made
  });

  it('a level that is a file, or a folder that cannot be made, is OUTPUT_UNWRITABLE at once', () => {
    const root = mkdtempSync(join(tmpdir(), 'gepkit-outdir-'));
    writeFileSync(join(root, 'file'), '');
    const e = errorOf(() => makeOutputDir(join(root, 'file')));
    expect(e.code).toBe('OUTPUT_UNWRITABLE');
    expect(e.issues[0]?.params?.detail).toBe(`${join(root, 'file')} is not a folder`);
    // below a file: the system's reason (ENOTDIR) is passed on
    expect(errorOf(() => makeOutputDir(join(root, 'file', 'sub'))).issues[0]?.params?.detail).toContain(
      'ENOTDIR',
    );
    // under /proc Node's recursive mkdir retries without end; one level at a time fails at once
    const t = Date.now();
    expect(errorOf(() => makeOutputDir('/proc/gepkit-x/y')).code).toBe('OUTPUT_UNWRITABLE');
    expect(Date.now() - t).toBeLessThan(5000);
  });
});
