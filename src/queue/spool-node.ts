/**
 * Node adapter: the spool of a carbon run on the queue. The coordinator reads the activity stream once and writes
 * each partition's lines to a file of its own in the run's folder (`<spool>/<run id>/p<k>.lines`), each line with
 * its number in the input, so that a worker reads its partition's lines only and its results still name the input
 * line. A line goes to the partition the batch engine gives it (`CarbonBatch.prepare`: its user's partition, 0 for
 * a line that names none or is not JSON), so a job refuses exactly the lines a local run refuses in it. The folder's
 * `manifest.json`, written last, lists each file's sha256 and line count: a resumed run reuses a spool whose files
 * still have those hashes, and a job checks its file's hash before it reads a line.
 *
 * Spool line: `<line number>\t<the line>`, or `-<line number>\t<the line as a JSON string>` for a line holding a
 * carriage return (which a reader of lines would take off its end).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CarbonBatch } from '../carbon/batch';
import { fail } from '../core/errors';
import { makeOutputDir } from '../core/output-dir-node';
import { EncodingError } from '../io/encoding';
import { textFileLines } from '../io/encoding-node';
import { longLineLimit } from '../io/jsonl';
import { TextWriter, fileLines } from '../io/jsonl-node';
import { queueFail } from './errors';

/** One partition's file in the spool. */
export interface SpoolFile {
  path: string;
  sha256: string;
  /** Lines in the file (the non-blank input lines of the partition). */
  lines: number;
}

/** A spool line: the line's number in the input and its text. */
export interface SpoolLine {
  line: number;
  text: string;
}

/** sha256 of a file's bytes, hex. */
export function fileHash(file: string): Promise<string> {
  return new Promise((done, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (b) => h.update(b))
      .on('end', () => done(h.digest('hex')))
      .on('error', (e) => reject(e));
  });
}

const MANIFEST = 'manifest.json';

/** A line as the spool holds it (see above). */
export function spoolLine(n: number, text: string): string {
  // JSON keeps a "\r" (the reader trims one) and the lone surrogate of a line too long (longLine; UTF-8 cannot).
  return text.includes('\r') || longLineLimit(text) !== undefined
    ? `-${n}\t${JSON.stringify(text)}\n`
    : `${n}\t${text}\n`;
}

/** A spool line read back: its number and text. */
export function readSpoolLine(l: string): SpoolLine {
  const tab = l.indexOf('\t');
  const n = Number(l.slice(0, tab));
  return n < 0
    ? { line: -n, text: JSON.parse(l.slice(tab + 1)) as string }
    : { line: n, text: l.slice(tab + 1) };
}

/** The spool of `partitions` in `dir` when complete and intact (every file's hash as the manifest says). */
async function intactSpool(dir: string, partitions: number): Promise<SpoolFile[] | undefined> {
  const manifest = join(dir, MANIFEST);
  if (!existsSync(manifest)) return undefined;
  let files: SpoolFile[];
  try {
    files = (JSON.parse(readFileSync(manifest, 'utf8')) as { files: SpoolFile[] }).files;
  } catch {
    return undefined;
  }
  if (!Array.isArray(files) || files.length !== partitions) return undefined;
  for (const f of files) if (!existsSync(f.path) || (await fileHash(f.path)) !== f.sha256) return undefined;
  return files;
}

/**
 * Route the input's lines to one file per partition in `dir` (created; a spool left there is replaced), in input
 * order, blank lines left out; or, when `dir` holds a complete spool of `partitions` whose files are intact, reuse
 * it (a resumed run: the input is the one the run started with, its hash checked by the run record).
 */
export async function spoolInput(input: string, partitions: number, dir: string): Promise<SpoolFile[]> {
  const kept = await intactSpool(dir, partitions);
  if (kept !== undefined) return kept;
  rmSync(dir, { recursive: true, force: true });
  makeOutputDir(dir);
  const router = new CarbonBatch({ partitions });
  const paths = Array.from({ length: partitions }, (_, p) => join(dir, `p${p}.lines`));
  const writers = paths.map((p) => new TextWriter(p));
  const counts = paths.map(() => 0);
  let n = 0;
  try {
    for await (const text of textFileLines(input)) {
      const p = router.prepare(text, ++n);
      if (p === undefined) continue;
      counts[p.partition] = (counts[p.partition] as number) + 1;
      await (writers[p.partition] as TextWriter).write(spoolLine(n, text));
    }
  } catch (e) {
    if (e instanceof EncodingError) fail('INPUT_ENCODING', [], { file: input, detail: e.detail });
    throw e;
  } finally {
    for (const w of writers) await w.close();
  }
  const files = await Promise.all(
    paths.map(async (path, p) => ({ path, sha256: await fileHash(path), lines: counts[p] as number })),
  );
  // The manifest last, whole or not at all: a spool without it is written again.
  writeFileSync(join(dir, `${MANIFEST}.tmp`), `${JSON.stringify({ files }, null, 2)}\n`);
  renameSync(join(dir, `${MANIFEST}.tmp`), join(dir, MANIFEST));
  return files;
}

/**
 * The lines of a partition's spool file, after checking its hash (QUEUE_SPOOL_INVALID when the file is missing or
 * its bytes are not those the coordinator wrote). `skip`: lines passed over at the start (those a resumed job has
 * stored already).
 */
export async function* spoolLines(file: SpoolFile, skip = 0): AsyncGenerator<SpoolLine> {
  let k = 0;
  for await (const l of checkedLines(file)) {
    if (k++ < skip) continue;
    yield readSpoolLine(l);
  }
}

/**
 * The lines of a file of the spool folder, after checking its hash against the one it was handed on with
 * (QUEUE_SPOOL_INVALID when the file is missing or its bytes are not those written).
 */
export async function* checkedLines(file: { path: string; sha256: string }): AsyncGenerator<string> {
  let hash: string;
  try {
    hash = await fileHash(file.path);
  } catch (e) {
    return queueFail('QUEUE_SPOOL_INVALID', [], { file: file.path, detail: (e as Error).message });
  }
  if (hash !== file.sha256)
    queueFail('QUEUE_SPOOL_INVALID', [], {
      file: file.path,
      detail: `sha256 ${hash}, the job names ${file.sha256}`,
    });
  // Spool lines are input lines after their number: no limit (the input's lines had theirs).
  yield* fileLines(file.path, Number.POSITIVE_INFINITY);
}

/**
 * Write `lines` to `path` whole or not at all (a temporary name, renamed once complete), and return the file's
 * sha256, for the reader's `checkedLines`.
 */
export async function writeChecked(path: string, lines: Iterable<string>): Promise<string> {
  const h = createHash('sha256');
  const out = new TextWriter(`${path}.tmp`);
  try {
    for (const l of lines) {
      h.update(l);
      await out.write(l);
    }
  } finally {
    await out.close();
  }
  renameSync(`${path}.tmp`, path);
  return h.digest('hex');
}
