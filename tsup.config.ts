import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: platform-neutral, both module formats, with declarations.
    entry: {
      index: 'src/index.ts',
      'carbon/index': 'src/carbon/index.ts',
      'xlsx/index': 'src/xlsx/index.ts',
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
    // The CLI: Node only, one ESM file with a shebang.
    entry: { 'cli/gepkit': 'src/cli/bin.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
