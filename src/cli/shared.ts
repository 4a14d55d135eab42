import {
  accessSync,
  closeSync,
  constants,
  createReadStream,
  createWriteStream,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { GepError, fail, formatIssue, issue } from '../core/errors';
import { asMissingDependency } from '../core/optional-node';
import { closest } from '../core/suggest';
import { warningCodes } from '../report/words';
import { EncodingError, type OnEncoding } from '../io/encoding';
import { Utf8Blocks } from '../io/utf8-blocks';
import { type TextThrough, textFileDecodes, textFileLineBlocks, textFileLines } from '../io/encoding-node';
import { encodingGuessed, parseJsonBytes } from '../input/json-bytes';
import { makeOutputDir } from '../core/output-dir-node';

/** Where a command writes: the process streams, or a test's collectors. */
export interface Io {
  out(s: string): void;
  err(s: string): void;
  /** Bytes that are UTF-8 text for the same output as `out` (BufferedOut's blocks). */
  outBytes?(b: Uint8Array): void;
  /** Standard input, read whole (for an input file given as `-`). */
  stdin?(): Uint8Array;
}

/** The process's own streams. */
export const processIo: Io = {
  out: (s) => process.stdout.write(s),
  outBytes: (b) => process.stdout.write(b),
  err: (s) => process.stderr.write(s),
  stdin: () => readFileSync(0),
};

/**
 * A closed stdout (its reader stopped: `gepkit vep value … | head`) stops the command at once and quietly, with
 * exit code 141 (128 + SIGPIPE, what a shell reports for a command killed by a broken pipe): there is no one left
 * to read the rest. Any other error of the stream is thrown, as an unhandled one would be.
 */
export function stopOnBrokenPipe(
  stream: { on(event: 'error', listener: (e: Error & { code?: string }) => void): unknown },
  exit: (code: number) => void,
): void {
  stream.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e;
    exit(BROKEN_PIPE_EXIT);
  });
}

/** The exit code of a command whose stdout was closed by its reader (128 + SIGPIPE's 13). */
export const BROKEN_PIPE_EXIT = 141;

/** The exit code of an internal error: a command that threw something other than a GepError, or never finished. */
export const INTERNAL_EXIT = 70;

/**
 * The process's exit code from a command's promise: its value, or INTERNAL_EXIT (with the error on stderr) when it
 * rejects. A promise that never settles (it waits on something no timer or socket keeps alive, so the event loop
 * drains) must not end the process with code 0 and nothing done: when the loop drains first, that is said on stderr
 * and the code is INTERNAL_EXIT.
 */
export function exitWith(
  work: Promise<number>,
  proc: Pick<NodeJS.Process, 'once' | 'exitCode'> & { stderr: Pick<NodeJS.WriteStream, 'write'> } = process,
): void {
  let settled = false;
  proc.once('beforeExit', () => {
    if (settled) return;
    settled = true;
    proc.stderr.write(
      'gepkit: internal error: the command stopped before it finished (nothing was left to wait for); please report it\n',
    );
    proc.exitCode = INTERNAL_EXIT;
  });
  work.then(
    (code) => {
      settled = true;
      proc.exitCode = code;
    },
    (e: unknown) => {
      settled = true;
      proc.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      proc.exitCode = INTERNAL_EXIT;
    },
  );
}

/**
 * Text for stdout in UTF-8 blocks of 64 KiB (Utf8Blocks): one write per block rather than per line, where Node
 * writes to a file or a pipe synchronously, a system call each. The blocks go to `io.outBytes` when the Io has
 * it (the process does), else decoded to `io.out`. Call `flush` at the end, and before anything is written to
 * `io.out` directly.
 */
export class BufferedOut extends Utf8Blocks {
  constructor(io: Io) {
    // ignoreBOM keeps a byte-order mark (the CSV results' first character) as text.
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    super(io.outBytes ?? ((b) => io.out(decoder.decode(b))));
  }
}

/**
 * A JSON file, through the shared reader (src/io/encoding.ts: UTF-8 or UTF-16 with a BOM, UTF-8, or clean
 * GB18030/GBK; INPUT_ENCODING otherwise), parsed (INPUT_NOT_JSON) and checked for duplicate keys
 * (INPUT_DUPLICATE_KEY, with the path); FILE_UNREADABLE when it cannot be read.
 */
export function readJson(file: string, io: Pick<Io, 'err'> = processIo): unknown {
  return parseJsonBytes(readBytes(file), file, (w) => io.err(`${formatIssue(w)}\n`));
}

/**
 * What a command tells the reader of a streamed input (`inputLines`, `inputLineBlocks`) to do with its encoding:
 * INPUT_ENCODING_GUESSED on standard error when `file` is valid UTF-8 read as GBK/GB18030 by chance, then `then`.
 */
export function onEncodingOf(io: Pick<Io, 'err'>, file: string, then?: OnEncoding): OnEncoding {
  return (encoding, guessed) => {
    if (guessed !== undefined) io.err(`${formatIssue(encodingGuessed(file, guessed))}\n`);
    then?.(encoding, guessed);
  };
}

/**
 * Refuse an input file that cannot be read, before any work: FILE_UNREADABLE naming it when it is missing, a folder,
 * or not readable. A line file is streamed, so without this a folder would fail at its first read.
 */
export function checkInputFile(file: string): void {
  let problem: string | undefined;
  try {
    if (statSync(file).isDirectory()) problem = 'it is a folder, not a file';
    else accessSync(file, constants.R_OK);
  } catch (e) {
    problem = (e as { code?: unknown }).code === 'ENOENT' ? 'no such file' : (e as Error).message;
  }
  if (problem !== undefined) fail('FILE_UNREADABLE', [], { file, detail: problem });
}

/** A file's bytes; FILE_UNREADABLE when it cannot be read. */
export function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    return fail('FILE_UNREADABLE', [], { file, detail: (e as Error).message });
  }
}

/**
 * The lines of a large input file (parcels, activities), streamed through the shared reader's rule (src/io/
 * encoding.ts: a byte-order mark, else UTF-8 (GB18030 when it is GBK valid as UTF-8 by chance), else clean
 * GB18030/GBK); a file that is none of them is INPUT_ENCODING, like a JSON input, and one that cannot be opened or
 * read is FILE_UNREADABLE naming it. `onEncoding` is told which was read (not for pure ASCII); the text goes through
 * `through` (a format's check, such as csvText's of a CSV file's line ends) before it is split.
 */
export async function* inputLines(
  file: string,
  onEncoding?: OnEncoding,
  name = file,
  through?: TextThrough,
): AsyncGenerator<string> {
  try {
    yield* textFileLines(file, onEncoding, through);
  } catch (e) {
    if (e instanceof EncodingError) fail('INPUT_ENCODING', [], { file: name, detail: e.detail });
    if (unreadable(e)) fail('FILE_UNREADABLE', [], { file: name, detail: e.message });
    throw e;
  }
}

/**
 * Check that a whole input file decodes (INPUT_ENCODING and FILE_UNREADABLE as `inputLines`), before a run that
 * stores as it reads (a carbon run into a --ledger store) has stored anything. `name` is the file the user gave (a
 * pipe's copy is checked under the pipe's name).
 */
export async function checkInputEncoding(file: string, name = file, onEncoding?: OnEncoding): Promise<void> {
  try {
    await textFileDecodes(file, onEncoding);
  } catch (e) {
    if (e instanceof EncodingError) fail('INPUT_ENCODING', [], { file: name, detail: e.detail });
    if (unreadable(e)) fail('FILE_UNREADABLE', [], { file: name, detail: e.message });
    throw e;
  }
}

/**
 * An input that can be read twice (checked whole, then read to store): a regular file as it is; a pipe or a device
 * (`/dev/stdin`) copied as it comes into a temporary folder, which `done()` removes. The copy holds the bytes the
 * pipe gave, so the run reads exactly what was sent.
 */
export async function readableTwice(file: string): Promise<{ path: string; done(): void }> {
  try {
    if (statSync(file).isFile()) return { path: file, done: () => undefined };
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-input-'));
    const path = join(dir, 'input');
    const done = () => rmSync(dir, { recursive: true, force: true });
    try {
      await pipeline(createReadStream(file), createWriteStream(path));
    } catch (e) {
      done();
      throw e;
    }
    return { path, done };
  } catch (e) {
    if (isSystemError(e)) fail('FILE_UNREADABLE', [], { file, detail: e.message });
    throw e;
  }
}

/** An error of the system opening or reading the input (a socket, a device that fails): the file cannot be read. */
const unreadable = (e: unknown): e is Error =>
  isSystemError(e) && (e.syscall === 'open' || e.syscall === 'read');

/** The same lines in blocks (one block per chunk of the file read), with the same refusals. */
export async function* inputLineBlocks(
  file: string,
  onEncoding?: OnEncoding,
  through?: TextThrough,
): AsyncGenerator<string[]> {
  try {
    yield* textFileLineBlocks(file, onEncoding, through);
  } catch (e) {
    if (e instanceof EncodingError) fail('INPUT_ENCODING', [], { file, detail: e.detail });
    if (unreadable(e)) fail('FILE_UNREADABLE', [], { file, detail: e.message });
    throw e;
  }
}

/**
 * Refuse an output file before any work (OUTPUT_UNWRITABLE): its folder must exist and be writable, and the path
 * must not be a folder.
 */
export function checkOutputFile(file: string): void {
  const dir = dirname(resolve(file));
  const problem = (() => {
    try {
      if (!statSync(dir).isDirectory()) return `${dir} is not a folder`;
      accessSync(dir, constants.W_OK);
    } catch (e) {
      return (e as Error).message;
    }
    const existing = statSync(file, { throwIfNoEntry: false });
    if (existing?.isDirectory()) return 'it is a folder';
    // A folder can pass the access check and still refuse new files (/proc): the staged file the write will use
    // is made and removed now, unless the output is a device or a pipe that is there already (written directly).
    if (existing !== undefined && !existing.isFile()) return undefined;
    const staged = `${file}.partial`;
    try {
      closeSync(openSync(staged, 'w'));
      rmSync(staged);
    } catch (e) {
      return (e as Error).message;
    }
    return undefined;
  })();
  if (problem !== undefined) fail('OUTPUT_UNWRITABLE', [], { file, detail: problem });
}

/** A file named on the command line: its path, and the option that names it (none for an argument). */
export interface NamedFile {
  file: string;
  option?: string;
}

/**
 * Refuse, before any work, an output that would replace a file the run reads or another of its outputs
 * (OUTPUT_SAME_FILE, naming both): call it before checkOutputFile, claimOutputDir or any write, since those make
 * and remove `<file>.partial` or, with --force, remove an earlier run's files. An output is its file and the
 * staged `<file>.partial` beside it (stagedOutput); a folder's outputs are each file the run writes or removes
 * there. Two paths are one file when they name the same device and inode (a symbolic link, another spelling, a
 * name in another case on a file system that ignores case), or, for paths not there yet, the same place once the
 * links of their folders are resolved. Standard input (`-`) and a device or a pipe (written directly, never
 * replaced) are left out.
 *
 * @example
 * checkOutputsApart([{ file: 'rejected.csv', option: '--rejected' }], [{ file: 'parcels.csv' }]);
 */
export function checkOutputsApart(outputs: readonly NamedFile[], inputs: readonly NamedFile[]): void {
  const label = (f: NamedFile) => (f.option === undefined ? f.file : `${f.file} (${f.option})`);
  const read = inputs.filter(replaceable).map((f) => ({ f, ids: [fileIdentity(f.file)] }));
  const written: { f: NamedFile; ids: string[] }[] = [];
  for (const f of outputs.filter(replaceable)) {
    const ids = [fileIdentity(f.file), fileIdentity(`${stagedBeside(f.file)}${PARTIAL}`)];
    const clash = (others: { f: NamedFile; ids: string[] }[]) =>
      others.find((o) => o.ids.some((id) => ids.includes(id)));
    const input = clash(read);
    if (input !== undefined)
      fail('OUTPUT_SAME_FILE', [], {
        file: label(f),
        other: label(input.f),
        role: 'a file this command reads',
      });
    const output = clash(written);
    if (output !== undefined)
      fail('OUTPUT_SAME_FILE', [], {
        file: label(f),
        other: label(output.f),
        role: 'another output of this command',
      });
    written.push({ f, ids });
  }
}

/** A path's status (following links), or undefined when it is not there or cannot be looked at. */
function statOf(path: string) {
  try {
    return statSync(path, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** Standard input, a device and a pipe are read or written as streams: no output replaces them. */
const replaceable = ({ file }: NamedFile): boolean => {
  if (file === '-') return false;
  const st = statOf(file);
  return st === undefined || st.isFile();
};

/** The file a staged output replaces: a regular file's own path once its links are resolved (stagedOutput). */
function stagedBeside(file: string): string {
  try {
    return statOf(file) === undefined ? file : realpathSync(file);
  } catch {
    return file;
  }
}

/**
 * What makes two paths one file: the device and inode of a file that is there (0 where the file system gives no
 * inode: then its resolved path); for a path not there, its absolute path with the links of its folders resolved.
 */
function fileIdentity(path: string): string {
  const st = statOf(path);
  if (st !== undefined && st.ino !== 0n) return `${st.dev}:${st.ino}`;
  return resolvedPath(resolve(path));
}

/** An absolute path with every link of the part that is there resolved. */
function resolvedPath(abs: string): string {
  try {
    return realpathSync(abs);
  } catch {
    const up = dirname(abs);
    return up === abs ? abs : join(resolvedPath(up), basename(abs));
  }
}

/**
 * Claim an output folder for a run (`--out-dir`): made when missing (makeOutputDir); a folder that already holds
 * files is refused with OUTPUT_DIR_NOT_EMPTY unless `force`, and with `force` the files a run writes there
 * (`ours`: names, each also with the `.partial` suffix of an unfinished write) are removed before any work, in the
 * order given: the completion marker first, so that a removal that fails part-way leaves no earlier run looking
 * complete.
 */
export function claimOutputDir(dir: string, force: boolean, ours: readonly string[]): void {
  makeOutputDir(dir);
  const present = readdirSync(dir);
  if (present.length === 0) return;
  if (!force)
    fail('OUTPUT_DIR_NOT_EMPTY', [], {
      dir,
      files: present.slice(0, 5).join(', ') + (present.length > 5 ? ', …' : ''),
    });
  for (const name of ours) for (const f of [name, `${name}${PARTIAL}`]) rmSync(join(dir, f), { force: true });
}

/** The suffix of an output being written; renamed to its own name once complete. */
export const PARTIAL = '.partial';

/**
 * Print a GepError (every issue, both languages), an argument-parsing error as CLI_USAGE, or an optional package
 * not installed as DEPENDENCY_MISSING, and return exit code 1; anything else is a bug and is rethrown.
 */
export function reportError(thrown: unknown, io: Io): number {
  const e = asMissingDependency(thrown);
  if (e instanceof GepError) {
    for (const i of e.issues) io.err(`${formatIssue(i)}\n`);
    return 1;
  }
  if (e instanceof TypeError && String((e as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS')) {
    io.err(`${formatIssue(issue('CLI_USAGE', [], { detail: e.message }))}\n`);
    return 1;
  }
  // A file-system error (a folder that vanished, a full disk) is the user's situation, not a bug: no stack trace.
  // The outputs were checked before the work began (OUTPUT_UNWRITABLE), so this one came part-way through.
  // An error without a path (a stream's write) names its call instead of an empty file name.
  if (isSystemError(e)) {
    const file = typeof e.path === 'string' ? e.path : `an output (${e.syscall})`;
    io.err(`${formatIssue(issue('OUTPUT_WRITE_FAILED', [], { file, detail: e.message }))}\n`);
    return 1;
  }
  throw e;
}

/** An error of the operating system (Node's fs and friends: a code such as ENOSPC and the call that failed). */
export function isSystemError(e: unknown): e is Error & { code: string; syscall: string; path?: unknown } {
  const sys = e as { code?: unknown; syscall?: unknown };
  return e instanceof Error && typeof sys.code === 'string' && typeof sys.syscall === 'string';
}

/** Run an asynchronous command and turn its errors into printed issues and exit code 1. */
export async function reported(io: Io, command: () => Promise<number>): Promise<number> {
  try {
    return await command();
  } catch (e) {
    return reportError(e, io);
  }
}

/**
 * node:util's parseArgs for one command, with an unknown option refused as CLI_OPTION_UNKNOWN and the closest
 * option suggested (from `suggest`, or every option of the command), and an option given more than once refused as
 * CLI_USAGE unless it is repeatable (`multiple: true`, such as carbon's `--factors`). Every command of the CLI parses
 * through it.
 */
export function parseCommandArgs<const O extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: string[],
  options: O,
  suggest: readonly string[] = Object.keys(options),
): ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O; tokens: true }>> {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; allowPositionals: true; options: O; tokens: true }>
  >;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options, tokens: true });
  } catch (e) {
    const unknown = /^Unknown option '([^']+)'/.exec((e as Error).message);
    if (unknown === null) throw e;
    const option = unknown[1] as string;
    const names = suggest.map((n) => `--${n}`);
    return fail('CLI_OPTION_UNKNOWN', [], { command, option, suggestion: closest(option, names) ?? '' });
  }
  refuseRepeated(parsed.tokens, options);
  return parsed;
}

/**
 * CLI_USAGE for the second time an option that takes one value is given (`--format json --format md` took the last
 * one): named as written both times, with the values given. Options declared `multiple` may repeat.
 */
function refuseRepeated(
  tokens: readonly { kind: string; name?: string; rawName?: string; value?: string | undefined }[],
  options: NonNullable<ParseArgsConfig['options']>,
): void {
  const first = new Map<string, { rawName?: string; value?: string | undefined }>();
  for (const t of tokens) {
    if (t.kind !== 'option' || t.name === undefined || options[t.name]?.multiple === true) continue;
    const seen = first.get(t.name);
    if (seen === undefined) {
      first.set(t.name, t);
      continue;
    }
    const given = (x: { rawName?: string; value?: string | undefined }) =>
      x.value === undefined ? `${x.rawName}` : `${x.rawName} ${x.value}`;
    fail('CLI_USAGE', [], {
      detail: `--${t.name} is given twice (${given(seen)}, then ${given(t)}): give it once`,
    });
  }
}

/**
 * One line on standard error counting a result's warnings by code, for commands whose output holds them in full (an
 * account, a comparison, a report): a warning is never only inside a file the user may not open. Nothing when there is
 * none. `where` says where they are listed in full (a result's `warnings`, by default).
 */
export function warningsLine(
  warnings: readonly { code: string }[],
  where: readonly [zh: string, en: string] = ['见结果的 warnings', "see the result's warnings"],
): string {
  if (warnings.length === 0) return '';
  return `警告 ${warnings.length} 条 / ${warnings.length} warning(s): ${warningCodes(warnings)} (${where[0]} / ${where[1]})\n`;
}
