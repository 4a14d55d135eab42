import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

// The optional dependencies (package.json optionalDependencies, src/io/optional-node.ts) stay imports in every build:
// tsup leaves dependencies and peerDependencies out of the bundle by itself, not optional ones.
const { optionalDependencies } = JSON.parse(readFileSync('package.json', 'utf8')) as {
  optionalDependencies: Record<string, string>;
};
const external = Object.keys(optionalDependencies);

// Source maps stay out of the published package; `GEPKIT_SOURCEMAP=1 npm run build` writes them for debugging.
const sourcemap = process.env.GEPKIT_SOURCEMAP === '1';

export default defineConfig([
  {
    // The library: platform-neutral entries, both module formats, with declarations.
    entry: {
      index: 'src/index.ts',
      errors: 'src/errors.ts',
      schema: 'src/schema.ts',
      'carbon/index': 'src/carbon/index.ts',
      'raster/index': 'src/raster/index.ts',
      'vep/index': 'src/vep/index.ts',
      'xlsx/index': 'src/xlsx/index.ts',
      'uncertainty/index': 'src/uncertainty/index.ts',
      'report/index': 'src/report/index.ts',
      // the Word report: its own entry, so that gepkit/report loads (and requires) without the optional `docx`
      'report/docx': 'src/report/docx.ts',
    },
    external,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    treeshake: true,
  },
  {
    // Node-only adapters: carbon files and stores; rasters (GeoTIFF files, the worker pool); VEP files and the
    // on-disk duplicate index. Both module formats
    // (CommonJS projects import gepkit/carbon/node too); `shims` gives the CommonJS build its import.meta.url.
    entry: {
      'carbon/node': 'src/carbon/index-node.ts',
      'raster/node': 'src/raster/index-node.ts',
      'vep/node': 'src/vep/index-node.ts',
    },
    external,
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { types: ['node'] } },
    sourcemap,
    shims: true,
    platform: 'node',
    target: 'node20',
  },
  {
    // The raster worker and the parcel pool's worker, beside their pools (dist/raster/worker.js,
    // dist/vep/pool-worker.js): loaded by path, ESM only.
    entry: { 'raster/worker': 'src/raster/worker-node.ts', 'vep/pool-worker': 'src/vep/pool-worker-node.ts' },
    external,
    format: ['esm'],
    sourcemap,
    platform: 'node',
    target: 'node20',
  },
  {
    // The CLI: Node only, ESM with a shebang. Each subcommand is a chunk under dist/cli/, imported when it runs,
    // so `gepkit --version` loads no library code.
    entry: { 'cli/gepkit': 'src/cli/bin.ts' },
    external,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    sourcemap,
    splitting: true,
    esbuildOptions(options) {
      options.chunkNames = 'cli/[name]-[hash]';
    },
    banner: { js: '#!/usr/bin/env node' },
  },
]);
