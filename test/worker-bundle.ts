import { join } from 'node:path';
import { buildSync } from 'esbuild';

/**
 * A worker thread's entry bundled as tsup builds it beside its pool (dist/raster/worker.js,
 * dist/vep/pool-worker.js), here with esbuild, for tests that run the sources: the bundle's path.
 */
export function bundledWorker(entry: string, name: string): string {
  const out = join(process.cwd(), 'node_modules', '.cache', `gepkit-${name}-test`, `${name}.mjs`);
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: out,
    logLevel: 'error',
  });
  return out;
}
