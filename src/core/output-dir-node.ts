import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { GepError, fail } from './errors';

/**
 * Make an output folder and its missing parents, one level at a time: OUTPUT_UNWRITABLE (with the reason) when a
 * level cannot be made or the folder is not writable. Node's recursive mkdir is not used: under a virtual file
 * system such as /proc it retries without end instead of failing. Returns the folders it made, outermost first
 * (none when the folder was there).
 */
export function makeOutputDir(dir: string): string[] {
  const missing: string[] = [];
  let at = resolve(dir);
  try {
    for (;;) {
      const st = statSync(at, { throwIfNoEntry: false });
      if (st !== undefined) {
        if (!st.isDirectory()) fail('OUTPUT_UNWRITABLE', [], { file: dir, detail: `${at} is not a folder` });
        break;
      }
      missing.unshift(at);
      const up = dirname(at);
      if (up === at) break;
      at = up;
    }
    for (const d of missing) mkdirSync(d);
    accessSync(resolve(dir), constants.W_OK);
    return missing;
  } catch (e) {
    if (e instanceof GepError) throw e;
    fail('OUTPUT_UNWRITABLE', [], { file: dir, detail: (e as Error).message });
  }
}
