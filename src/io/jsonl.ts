/**
 * JSON Lines over chunks of text, platform-neutral: works on any (async) iterable of strings (a fetch body
 * decoded with TextDecoderStream, a Node stream with setEncoding('utf8')). Yields every line, blank ones
 * included, so that line numbers stay those of the file. A trailing "\r" and a leading BOM are removed. A line
 * longer than `maxLineLength` characters is yielded as longLine(maxLineLength) (see splitLineBlocks).
 */
export async function* splitLines(
  chunks: AsyncIterable<string> | Iterable<string>,
  maxLineLength = MAX_LINE_LENGTH,
): AsyncGenerator<string> {
  // A loop, not yield*: delegating to an array from an async generator awaits each line once more.
  for await (const block of splitLineBlocks(chunks, maxLineLength)) for (const line of block) yield line;
}

/**
 * The longest line the splitter hands over: 2²⁰ characters (UTF-16 code units, not counting the line end; at most
 * 3 MiB of UTF-8). A parcel or activity line is under 2 KB and a ledger entry under 1 KB, so a longer line is no
 * record (a file whose line ends were lost, or another file): it is refused as that line (LINE_TOO_LONG) without
 * holding more of it than this in memory. docs/limits.md.
 */
export const MAX_LINE_LENGTH = 1 << 20;

/**
 * What the splitter yields in place of a line longer than `limit` characters, so that the line keeps its number
 * and a batch refuses it (LINE_TOO_LONG) and goes on: a lone low surrogate, then the limit. No line of a file opens
 * so: no decoder yields a lone surrogate (a strict UTF-8 or UTF-16 decoder refuses one; a lenient one and GB18030
 * give U+FFFD instead). A reader that does not know it finds it no JSON.
 */
const longLine = (limit: number): string => `\uDC00${limit}`;

/** The limit a line passed when the splitter yielded it in place of a longer one (longLine), else undefined. */
export function longLineLimit(line: string): number | undefined {
  return line.charCodeAt(0) === 0xdc00 ? Number(line.slice(1)) : undefined;
}

/**
 * The lines of splitLines, handed over in blocks (the complete lines of each chunk of text): a reader that takes
 * many lines at once pays one step of the iteration per block, not per line. Only each new chunk is searched for
 * line ends, and the pieces of a line that spans chunks are joined once, when it ends: time linear in the text,
 * however long a line is. A line longer than `maxLineLength` characters (its "\r" not counted) is longLine(maxLineLength); its
 * pieces past the limit are dropped as they come, so at most `maxLineLength` characters and a chunk are held.
 */
export async function* splitLineBlocks(
  chunks: AsyncIterable<string> | Iterable<string>,
  maxLineLength = MAX_LINE_LENGTH,
): AsyncGenerator<string[]> {
  /** The pieces of the line not yet ended (each non-empty), and their length. */
  let pending: string[] = [];
  let pendingLength = 0;
  /** The line not yet ended is longer than the limit already (its pieces are dropped). */
  let long = false;
  // A line of max + 1 characters may be one of max characters and its "\r": it is decided when it ends.
  const keep = maxLineLength + 1;
  const marker = longLine(maxLineLength);
  const fit = (line: string) => (line.length > maxLineLength ? marker : line);
  let first = true;
  for await (let chunk of chunks) {
    if (first) {
      chunk = chunk.replace(/^\uFEFF/, '');
      first = false;
    }
    let i = chunk.indexOf('\n');
    if (i < 0) {
      if (chunk.length > 0 && !long) {
        pending.push(chunk);
        pendingLength += chunk.length;
        if (pendingLength > keep) {
          pending = [];
          long = true;
        }
      }
      continue;
    }
    const head = chunk.slice(0, i);
    const block = [
      long || pendingLength + i > keep
        ? marker
        : fit(trimCr(pending.length === 0 ? head : pending.join('') + head)),
    ];
    pending = [];
    pendingLength = 0;
    long = false;
    let start = i + 1;
    i = chunk.indexOf('\n', start);
    while (i >= 0) {
      block.push(fit(trimCr(chunk.slice(start, i))));
      start = i + 1;
      i = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) {
      pending.push(chunk.slice(start));
      pendingLength = chunk.length - start;
      if (pendingLength > keep) {
        pending = [];
        long = true;
      }
    }
    yield block;
  }
  if (long) yield [marker];
  else if (pending.length > 0) yield [fit(trimCr(pending.join('')))];
}

const trimCr = (s: string) => (s.endsWith('\r') ? s.slice(0, -1) : s);

/** Serialise one value as a JSON line (bigints as strings). */
export function toJsonLine(v: unknown): string {
  // A replacer function turns off V8's fast JSON.stringify, and most values hold no bigint: try without it
  // first. Without a replacer a bigint throws a TypeError; then (and for any other TypeError, which the second
  // call throws again) write it with the replacer. toJSON runs before a replacer, so both give the same text.
  try {
    return `${JSON.stringify(v)}\n`;
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
  }
  return `${JSON.stringify(v, bigintAsString)}\n`;
}

const bigintAsString = (_k: string, x: unknown): unknown => (typeof x === 'bigint' ? x.toString() : x);

/**
 * A generator that calls `make` at its first `next()`: a file streamed by the generator `make` returns is opened only
 * when it is read, so a reader made and never read (a list of inputs whose first one fails) holds no file. `return`
 * or `throw` before the first `next()` ends it without calling `make`. Each step goes straight to the made
 * generator (no further await per item).
 */
export function madeWhenRead<T>(make: () => AsyncGenerator<T>): AsyncGenerator<T> {
  let made: AsyncGenerator<T> | undefined;
  let ended = false;
  const done = (): IteratorReturnResult<undefined> => ({ done: true, value: undefined });
  const gen: AsyncGenerator<T> = {
    next() {
      if (made === undefined) {
        if (ended) return Promise.resolve(done());
        made = make();
      }
      return made.next();
    },
    return(value) {
      ended = true;
      return made === undefined
        ? Promise.resolve({ done: true, value: value as undefined })
        : made.return(value);
    },
    throw(e) {
      ended = true;
      return made === undefined ? Promise.reject(e as Error) : made.throw(e);
    },
    [Symbol.asyncIterator]() {
      return gen;
    },
  };
  return gen;
}
