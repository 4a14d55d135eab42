import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledFile } from './bundled-file-node';

const root = mkdtempSync(join(tmpdir(), 'gepkit-bundled-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A built layout: dist/raster/pool.js and dist/cli/gepkit.js, with `files` written under dist/. */
function dist(name: string, files: readonly string[]): string {
  const d = join(root, name, 'dist');
  for (const sub of ['raster', 'cli']) mkdirSync(join(d, sub), { recursive: true });
  for (const f of files) writeFileSync(join(d, f), '');
  return d;
}

const never = (looked: readonly string[]): never => {
  throw new Error(`missing: ${looked.join(' | ')}`);
};

describe('bundledFile', () => {
  it('finds the file beside the module that asks', () => {
    const d = dist('beside', ['raster/worker.js']);
    const url = pathToFileURL(join(d, 'raster', 'pool.js')).href;
    expect(bundledFile(url, ['./worker.js', '../raster/worker.js'], never)).toBe(
      join(d, 'raster', 'worker.js'),
    );
  });

  it('from a module bundled elsewhere (the CLI), the later name finds it', () => {
    const d = dist('cli', ['raster/worker.js']);
    const url = pathToFileURL(join(d, 'cli', 'gepkit.js')).href;
    expect(bundledFile(url, ['./worker.js', '../raster/worker.js'], never)).toBe(
      join(d, 'raster', 'worker.js'),
    );
  });

  it('the first name that exists wins', () => {
    const d = dist('both', ['cli/worker.js', 'raster/worker.js']);
    const url = pathToFileURL(join(d, 'cli', 'gepkit.js')).href;
    expect(bundledFile(url, ['./worker.js', '../raster/worker.js'], never)).toBe(join(d, 'cli', 'worker.js'));
  });

  it('none there: `missing` is given every path looked at, in order, and its error is thrown', () => {
    const d = dist('none', []);
    const url = pathToFileURL(join(d, 'cli', 'gepkit.js')).href;
    expect(() => bundledFile(url, ['./worker.js', '../raster/worker.js'], never)).toThrow(
      `missing: ${join(d, 'cli', 'worker.js')} | ${join(d, 'raster', 'worker.js')}`,
    );
  });
});
