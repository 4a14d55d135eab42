/**
 * The TypeScript examples of the README and docs/*.md compile as written: each ```ts block is written to a file of its own and type
 * checked (strict, noUncheckedIndexedAccess) with `gepkit` and its subpaths resolved to the sources, so an example
 * that names a variable it never declares, or an export that moved, fails here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const blocks = pages.flatMap((page) =>
  [...readFileSync(join(root, page), 'utf8').matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => ({
    page,
    code: m[1] as string,
  })),
);

describe('the TypeScript examples of the README and docs/', () => {
  it('there are examples to check', () => {
    expect(blocks.filter((b) => b.page === 'README.md').length).toBeGreaterThanOrEqual(3);
    expect(blocks.length).toBeGreaterThanOrEqual(15);
  });

  it('each ```ts block type checks on its own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-readme-'));
    try {
      const files = blocks.map((b, i) => {
        const f = `${b.page.replace(/[/.]/g, '_')}-${i + 1}.ts`;
        // a module of its own, so that two examples may declare the same names
        writeFileSync(join(dir, f), `${b.code}\nexport {};\n`);
        return f;
      });
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'ESNext',
            moduleResolution: 'Bundler',
            lib: ['ES2022'],
            strict: true,
            noUncheckedIndexedAccess: true,
            skipLibCheck: true,
            resolveJsonModule: true,
            esModuleInterop: true,
            noEmit: true,
            types: ['node'],
            typeRoots: [join(root, 'node_modules', '@types')],
            baseUrl: root,
            paths: {
              gepkit: ['src/index.ts'],
              'gepkit/carbon/node': ['src/carbon/index-node.ts'],
              'gepkit/vep/node': ['src/vep/index-node.ts'],
              'gepkit/raster/node': ['src/raster/index-node.ts'],
              'gepkit/*': ['src/*.ts', 'src/*/index.ts'],
            },
          },
          files,
        }),
      );
      let out = '';
      try {
        execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], {
          cwd: dir,
          encoding: 'utf8',
        });
      } catch (e) {
        out = `${(e as { stdout?: string }).stdout ?? ''}${(e as { stderr?: string }).stderr ?? ''}`;
      }
      expect(out).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
