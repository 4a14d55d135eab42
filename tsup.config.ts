import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: platform-neutral entries, both module formats, with declarations.
    entry: {
      index: 'src/index.ts',
      errors: 'src/errors.ts',
      'carbon/index': 'src/carbon/index.ts',
      'raster/index': 'src/raster/index.ts',
      'vep/index': 'src/vep/index.ts',
      'xlsx/index': 'src/xlsx/index.ts',
      'uncertainty/index': 'src/uncertainty/index.ts',
      'report/index': 'src/report/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    treeshake: true,
  },
  {
    // Node-only adapters: carbon files and stores; rasters (GeoTIFF files, the worker pool): ESM, the worker beside the pool.
    entry: {
      'carbon/node': 'src/carbon/index-node.ts',
      'raster/node': 'src/raster/index-node.ts',
      'raster/worker': 'src/raster/worker-node.ts',
    },
    format: ['esm'],
    dts: { compilerOptions: { types: ['node'] } },
    sourcemap: true,
    platform: 'node',
    target: 'node20',
  },
  {
    // The CLI: Node only, one ESM file with a shebang.
    entry: { 'cli/gepkit': 'src/cli/bin.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
