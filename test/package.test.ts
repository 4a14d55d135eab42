import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_NAMES, inputJsonSchema, jsonSchemaOf, resultJsonSchema } from '../src/schema';
import { VERSION } from '../src/version';
import * as carbonEntry from '../src/carbon';
import * as vepEntry from '../src/vep';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('package', () => {
  it('VERSION matches package.json', () => {
    expect(VERSION).toBe(pkg.version);
  });

  it('the public entry bundles for the browser without any Node built-in', async () => {
    // esbuild fails to resolve node:fs, path, crypto… for platform "browser": the core must not need them.
    const r = await build({
      entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
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
  }, 60_000);

  it('the browser bundle of the public entry holds zod’s English locale only and no JSON-Schema generator (ADR 0028)', async () => {
    // A value read through the z.core namespace (z.core.util.…) keeps all of zod's core in the bundle: 63 locales
    // and the JSON-Schema generator, about 360 KB minified.
    const r = await build({
      entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.entries(Object.values(r.metafile.outputs)[0]?.inputs ?? {})
      .filter(([, v]) => v.bytesInOutput > 0)
      .map(([f]) => f);
    expect(inputs.filter((f) => /zod\/v4\/locales\/(?!en\.js$)/.test(f))).toEqual([]);
    expect(inputs.filter((f) => /zod\/v4\/locales\/en\.js$/.test(f))).toHaveLength(1);
    expect(
      inputs.filter((f) =>
        /zod\/v4\/core\/(to-json-schema|json-schema-processors|json-schema-generator)\.js$/.test(f),
      ),
    ).toEqual([]);
  }, 60_000);

  it('docs/schema holds the current JSON Schemas, one file per name (npm run schema regenerates them)', () => {
    const dir = new URL('../docs/schema/', import.meta.url);
    const read = (f: string) => JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
    expect(readdirSync(dir).sort()).toEqual(JSON_SCHEMA_NAMES.map((n) => `${n}.schema.json`).sort());
    for (const name of JSON_SCHEMA_NAMES)
      expect(read(`${name}.schema.json`), name).toEqual(JSON.parse(JSON.stringify(jsonSchemaOf(name))));
    // the account's two are those of gepkit/schema's named functions
    expect(jsonSchemaOf('input')).toEqual(inputJsonSchema());
    expect(jsonSchemaOf('result')).toEqual(resultJsonSchema());
    // A name it does not have: OPTIONS_INVALID at name (a TypeError before).
    for (const name of ['nope', undefined])
      expect(() => jsonSchemaOf(name as never)).toThrow(
        expect.objectContaining({
          issues: [expect.objectContaining({ code: 'OPTIONS_INVALID', path: ['name'] })],
        }),
      );
  });

  it('the line limit is exported beside the line readers (gepkit/vep, gepkit/carbon): 2²⁰ characters', async () => {
    // 2²⁰ = 1,048,576 (docs/limits.md, Input files); a line one longer comes out as the marker of LINE_TOO_LONG.
    expect(vepEntry.MAX_LINE_LENGTH).toBe(1_048_576);
    expect(carbonEntry.MAX_LINE_LENGTH).toBe(1_048_576);
    const lines: string[] = [];
    for await (const l of vepEntry.splitLines([
      'a'.repeat(vepEntry.MAX_LINE_LENGTH),
      '\n',
      'b'.repeat(vepEntry.MAX_LINE_LENGTH + 1),
      '\nc',
    ]))
      lines.push(l.length > 20 ? `${l.length} characters` : l);
    expect(lines).toEqual(['1048576 characters', '\uDC001048576', 'c']);
  });

  it('declares exact dependency versions and a side-effect-free module', () => {
    for (const deps of [pkg.dependencies, pkg.devDependencies]) {
      for (const [name, range] of Object.entries(deps as Record<string, string>))
        expect(range, name).toMatch(/^\d+\.\d+\.\d+$/);
    }
    expect(pkg.sideEffects).toBe(false);
  });

  it('every subpath gives types and code to import and to require (CommonJS projects included)', () => {
    for (const [subpath, target] of Object.entries(pkg.exports as Record<string, unknown>)) {
      if (subpath === './package.json') continue;
      const t = target as Record<string, Record<string, string>>;
      expect(Object.keys(t), subpath).toEqual(['import', 'require']);
      expect(t.import?.types, subpath).toMatch(/\.d\.ts$/);
      expect(t.import?.default, subpath).toMatch(/\.js$/);
      expect(t.require?.types, subpath).toMatch(/\.d\.cts$/);
      expect(t.require?.default, subpath).toMatch(/\.cjs$/);
    }
  });

  it('leaves source maps out of the published files', () => {
    expect(pkg.files).toContain('!dist/**/*.map');
  });

  it('ships the examples, so that every link from README.md and docs/ into examples/ resolves in the package', () => {
    expect(pkg.files).toContain('examples');
    const root = new URL('../', import.meta.url);
    const pages = [
      'README.md',
      ...readdirSync(new URL('docs/', root))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`),
    ];
    const links = pages.flatMap((page) =>
      [...readFileSync(new URL(page, root), 'utf8').matchAll(/\]\(((?:\.\.\/)?examples\/[^)#\s]+)/g)].map(
        (m) => new URL(m[1] as string, new URL(page, root)),
      ),
    );
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(existsSync(link), link.pathname).toBe(true);
      const inPackage = (pkg.files as string[]).some(
        (f) => !f.startsWith('!') && link.pathname.startsWith(new URL(`${f}/`, root).pathname),
      );
      expect(inPackage, link.pathname).toBe(true);
    }
  });
});
