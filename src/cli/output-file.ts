/**
 * Output files written whole or not at all. A regular file (or a new one) is written under a `.partial` name
 * beside it and renamed over it once complete, so that a failure part-way leaves the file as it was; anything
 * else (a device such as /dev/stdout or /dev/null, a pipe) is written directly, since a rename would replace it.
 */
import {
  closeSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { fail } from '../core/errors';
import { PARTIAL, isSystemError } from './shared';

/** Where an output is written until it is complete, and how it is completed or dropped. */
export interface StagedOutput {
  /** The path to write: `<file>.partial`, or the file itself when it is not a regular file. */
  readonly path: string;
  /** Put the written file in place (renamed over the output; nothing to do for a device or a pipe). */
  commit(): void;
  /** Remove what was written under the `.partial` name (a device or a pipe is left alone). */
  abort(): void;
}

/**
 * The staging of an output `file` (checked before the work by checkOutputFile): `<file>.partial` beside it for a
 * regular or new file (beside the file a symbolic link names, which is the one replaced); the file itself for
 * anything else.
 *
 * @example
 * const out = stagedOutput('rejected.csv');
 * writeFileSync(out.path, text);
 * out.commit();
 */
export function stagedOutput(file: string): StagedOutput {
  const st = statSync(file, { throwIfNoEntry: false });
  if (st !== undefined && !st.isFile()) return { path: file, commit: () => {}, abort: () => {} };
  const target = st === undefined ? file : realpathSync(file);
  const path = `${target}${PARTIAL}`;
  return {
    path,
    commit: () => renameSync(path, target),
    abort: () => {
      // Only a file is ours to remove (a folder of that name is not).
      if (statSync(path, { throwIfNoEntry: false })?.isFile() === true) rmSync(path);
    },
  };
}

/** A text made in chunks, each handed to `sink` as it is made (writePrettyJson). */
export type TextChunks = (sink: (chunk: string) => void) => void;

/**
 * Write `data` to the output `file` whole (stagedOutput): a file-system error (a full disk) is OUTPUT_WRITE_FAILED
 * naming the file, with nothing of the new text left behind. Text given as chunks is written as it is made, so it is
 * never held whole. `mode` is given to the file written (a regular file takes it whether or not it existed before).
 *
 * @example
 * writeOutputFile('account.json', text);
 * writeOutputFile('account.json', (sink) => writePrettyJson(result, sink));
 */
export function writeOutputFile(file: string, data: string | Uint8Array | TextChunks, mode?: number): void {
  const out = stagedOutput(file);
  try {
    out.abort(); // A .partial left by a killed run is not written into: the file is made anew, with `mode`.
    if (typeof data === 'function') writeChunks(out.path, data, mode);
    else writeFileSync(out.path, data, mode === undefined ? {} : { mode });
    out.commit();
  } catch (e) {
    out.abort();
    if (!isSystemError(e)) throw e;
    fail('OUTPUT_WRITE_FAILED', [], { file, detail: e.message });
  }
}

function writeChunks(path: string, chunks: TextChunks, mode: number | undefined): void {
  const fd = openSync(path, 'w', mode);
  try {
    chunks((chunk) => {
      const bytes = Buffer.from(chunk, 'utf8');
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
    });
  } finally {
    closeSync(fd);
  }
}
