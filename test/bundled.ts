// A module of the source bundled for child processes: tests that kill or run gepkit in other processes start it
// from one file, as the built CLI would be started, without a build step.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = new URL('../', import.meta.url).pathname;

/** `entry` (a path from the repository root) bundled with its packages left to node_modules; the file's path. */
export async function bundled(entry: string, name: string): Promise<string> {
  const dir = join(ROOT, 'node_modules', '.cache', 'gepkit-test');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `${name}-${process.pid}.mjs`);
  await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}
