import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('gepkit/xlsx without exceljs (an optional dependency)', () => {
  it('loads, and a function that needs exceljs refuses with DEPENDENCY_MISSING and its npm install command', async () => {
    // gepkit/xlsx bundled with every package but exceljs, into a folder where no node_modules holds exceljs: as an
    // install with --omit=optional. A static import of exceljs failed the import itself (ERR_MODULE_NOT_FOUND).
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-no-exceljs-'));
    try {
      await build({
        entryPoints: [join(ROOT, 'src/xlsx/index.ts')],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        external: ['exceljs'],
        outfile: join(dir, 'xlsx.mjs'),
        logLevel: 'silent',
      });
      writeFileSync(
        join(dir, 'run.mjs'),
        `import { inputTemplate } from './xlsx.mjs';
try { await inputTemplate(); console.log('written'); }
catch (e) { console.log(JSON.stringify(e.issues?.map((i) => [i.code, i.params, i.hint]) ?? String(e))); }`,
      );
      const out = execFileSync(process.execPath, [join(dir, 'run.mjs')], { cwd: dir, encoding: 'utf8' });
      const [code, params, hint] = (JSON.parse(out) as [string, Record<string, string>, string][])[0] ?? [];
      expect(code).toBe('DEPENDENCY_MISSING');
      expect(params).toEqual({ package: 'exceljs', version: '4.4.0' });
      expect(hint).toContain('npm install exceljs@4.4.0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
