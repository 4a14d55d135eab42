/** Files shipped beside the built modules (a worker thread's script), found from the module that needs them. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The first of `names` (paths relative to `moduleUrl`, the caller's `import.meta.url`) that exists, as a file
 * path. When none does, `missing` is called with every path looked at, and throws the caller's own error.
 *
 * @example
 * const file = bundledFile(import.meta.url, ['./worker.js', '../raster/worker.js'], (looked) =>
 *   rasterFail('RASTER_WORKER_FAILED', [], { detail: `no worker file (looked for ${looked.join(', ')})` }),
 * );
 */
export function bundledFile(
  moduleUrl: string,
  names: readonly string[],
  missing: (looked: readonly string[]) => never,
): string {
  const candidates = names.map((n) => fileURLToPath(new URL(n, moduleUrl)));
  return candidates.find((c) => existsSync(c)) ?? missing(candidates);
}
