import { GepError, type Issue, type Path, formatIssue } from '../core/errors';
import type { ReadOptions, WorkbookInput } from '../xlsx';
import { parseJsonBytes } from '../input/json-bytes';
import { type Io, readBytes } from './shared';

/** A zip archive (xlsx), an OLE file (the old .xls, refused by the reader) or a name ending .xlsx/.xls. */
export function isWorkbook(bytes: Uint8Array, file: string): boolean {
  const sig = (...b: number[]) => b.every((x, i) => bytes[i] === x);
  return sig(0x50, 0x4b, 0x03, 0x04) || sig(0xd0, 0xcf, 0x11, 0xe0) || /\.xlsx?$/i.test(file);
}

/** An input as read from its file: the JSON, and the workbook it came from (to name cells), if any. */
export interface ReadInput {
  json: unknown;
  book?: WorkbookInput;
}

/** Issues with `prefix` put before their paths. */
const under = (prefix: Path, issues: readonly Issue[]): Issue[] =>
  issues.map((i) => ({ ...i, path: [...prefix, ...i.path] }));

/**
 * One input file as `gepkit account` reads it: JSON (or standard input for `-`) through the shared reader, or an
 * input workbook (.xlsx: by its name or its zip signature), read by gepkit/xlsx, loaded only then, with `options`
 * (the type mapping of --type-map, which decides a number in a type column). The workbook reader's warnings go to
 * standard error; the readers' errors are thrown. Each path is put under `prefix` (e.g. `['before']`). A JSON input
 * is returned at once (a command reading only JSON stays synchronous), a workbook as a promise.
 */
export function readInput(
  file: string,
  io: Io,
  prefix: Path = [],
  options: ReadOptions = {},
): ReadInput | Promise<ReadInput> {
  const name = file === '-' ? 'standard input' : file;
  const bytes = file === '-' ? (io.stdin?.() ?? new Uint8Array()) : readBytes(file);
  const placed = (e: unknown) => (e instanceof GepError ? new GepError(under(prefix, e.issues)) : e);
  if (!isWorkbook(bytes, file))
    try {
      return { json: parseJsonBytes(bytes, name, (w) => io.err(`${formatIssue(w)}\n`)) };
    } catch (e) {
      throw placed(e);
    }
  return readWorkbook(bytes, name, io, prefix, options).catch((e: unknown) => {
    throw placed(e);
  });
}

/** An input workbook read by gepkit/xlsx (loaded only then), its reader's warnings to standard error. */
async function readWorkbook(
  bytes: Uint8Array,
  name: string,
  io: Io,
  prefix: Path,
  options: ReadOptions,
): Promise<ReadInput> {
  const { readInputWorkbook } = await import('../xlsx');
  const book = await readInputWorkbook(bytes, name, options);
  for (const w of under(prefix, book.warnings)) io.err(`${formatIssue(w)}\n`);
  return { json: book.input, book };
}

/** `compute()` (awaited); its issues, if it throws, placed by `where` (at the cells of an input workbook). */
export async function located<T>(
  compute: () => T | Promise<T>,
  where: (issues: readonly Issue[]) => Promise<Issue[]>,
): Promise<T> {
  try {
    return await compute();
  } catch (e) {
    throw e instanceof GepError ? new GepError(await where(e.issues)) : e;
  }
}

/** Issues located at the cells of `book`, an input workbook (`生态系统面积!C7`); unchanged without one. */
export async function locate(issues: readonly Issue[], book: WorkbookInput | undefined): Promise<Issue[]> {
  if (book === undefined) return [...issues];
  const { locateIssues } = await import('../xlsx');
  return locateIssues(issues, book);
}

/** A result of an account of `book`'s input with its warnings at their cells and the reader's first (locateResult). */
export async function locateWarnings<R extends { warnings: Issue[] }>(
  result: R,
  book: WorkbookInput | undefined,
): Promise<R> {
  if (book === undefined) return result;
  const { locateResult } = await import('../xlsx');
  return locateResult(result, book);
}

/**
 * A comparison's warnings as the user wrote its inputs: each workbook reader's own first, under its side, then the
 * comparison's, each side's at its cells (locateUnder).
 */
export async function comparisonWarnings(
  warnings: readonly Issue[],
  sides: readonly { prefix: string; book?: WorkbookInput }[],
): Promise<Issue[]> {
  const read = sides.flatMap((s) => under([s.prefix], s.book?.warnings ?? []));
  return [...read, ...(await locateUnder(warnings, sides))];
}

/**
 * Issues whose path starts with a side's prefix (`before`, `after`) located in that side's workbook: the path
 * becomes the prefix and the cell (`after`, `生态系统面积!C7`); issues of other sides, or not found in the
 * workbook, keep their paths.
 */
export async function locateUnder(
  issues: readonly Issue[],
  sides: readonly { prefix: string; book?: WorkbookInput }[],
): Promise<Issue[]> {
  if (sides.every((s) => s.book === undefined)) return [...issues];
  const { locateIssues } = await import('../xlsx');
  return issues.map((i) => {
    const side = sides.find((s) => s.prefix === i.path[0]);
    if (side?.book === undefined) return i;
    const [own = i] = locateIssues([{ ...i, path: i.path.slice(1) }], side.book);
    return { ...own, path: [side.prefix, ...own.path] };
  });
}
