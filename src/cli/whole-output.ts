/**
 * Text given to an output whole or not at all. Pieces produced one at a time (a summary streamed from files that
 * can fail to read part-way) are first written to a staging file, and handed to `out` only once every piece is
 * there; a failure leaves nothing on the output, where writing the pieces as they come would leave a cut-off
 * document before the error. Memory stays at one 64 KiB buffer whatever the length of the text.
 */
import { createReadStream, rmSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { fail } from '../core/errors';
import { isSystemError } from './shared';

/** Characters buffered before a write to the staging file. */
const BUFFER = 1 << 16;

/**
 * Write `pieces` to `staging` (created, and removed whatever happens), then give the file's text to `out` in
 * 64 KiB pieces. An error of `pieces` is thrown as it is and `out` is never called; a staging file that cannot
 * be written is OUTPUT_WRITE_FAILED (the work whose summary it is was done).
 *
 * @example
 * await writeWhole(summaryPieces(), '/spool/run-1/summary.line', (s) => process.stdout.write(s));
 */
export async function writeWhole(
  pieces: AsyncIterable<string>,
  staging: string,
  out: (s: string) => void,
): Promise<void> {
  try {
    const file = await unwritable(staging, () => open(staging, 'w'));
    try {
      await stage(pieces, file, staging);
    } finally {
      await file.close();
    }
    for await (const t of createReadStream(staging, { encoding: 'utf8', highWaterMark: BUFFER }))
      out(t as string);
  } finally {
    rmSync(staging, { force: true });
  }
}

/** Every piece into `file`, a buffer of BUFFER characters at a time. */
async function stage(pieces: AsyncIterable<string>, file: FileHandle, staging: string): Promise<void> {
  let buf = '';
  for await (const t of pieces) {
    buf += t;
    if (buf.length >= BUFFER) {
      const b = buf;
      buf = '';
      await unwritable(staging, () => file.write(b));
    }
  }
  await unwritable(staging, () => file.write(buf));
}

/** `f()`, a file-system error of it as OUTPUT_WRITE_FAILED for `file` (anything else is a bug, rethrown). */
async function unwritable<T>(file: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (!isSystemError(e)) throw e;
    return fail('OUTPUT_WRITE_FAILED', [], { file, detail: e.message });
  }
}
