import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('gepkit/carbon package entry', () => {
  it('src/carbon/index.ts bundles for the browser without any Node built-in', async () => {
    const r = await build({
      entryPoints: [new URL('../../src/carbon/index.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    expect(r.errors).toEqual([]);
    const code = r.outputFiles[0]?.text ?? '';
    expect(code).not.toMatch(/from\s*["']node:/);
    expect(code).not.toMatch(/require\(["'](node:)?(fs|path|crypto|os)["']\)/);
  });
});
