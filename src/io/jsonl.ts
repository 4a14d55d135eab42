/**
 * JSON Lines over chunks of text, platform-neutral: works on any (async) iterable of strings (a fetch body
 * decoded with TextDecoderStream, a Node stream with setEncoding('utf8')). Yields every line, blank ones
 * included, so that line numbers stay those of the file. A trailing "\r" and a leading BOM are removed.
 */
export async function* splitLines(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string> {
  // A loop, not yield*: delegating to an array from an async generator awaits each line once more.
  for await (const block of splitLineBlocks(chunks)) for (const line of block) yield line;
}

/**
 * The lines of splitLines, handed over in blocks (the complete lines of each chunk of text): a reader that takes
 * many lines at once pays one step of the iteration per block, not per line. Only each new chunk is searched for
 * line ends, and the pieces of a line that spans chunks are joined once, when it ends: time linear in the text,
 * however long a line is.
 */
export async function* splitLineBlocks(
  chunks: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<string[]> {
  /** The pieces of the line not yet ended (each non-empty). */
  let pending: string[] = [];
  let first = true;
  for await (let chunk of chunks) {
    if (first) {
      chunk = chunk.replace(/^\uFEFF/, '');
      first = false;
    }
    let i = chunk.indexOf('\n');
    if (i < 0) {
      if (chunk.length > 0) pending.push(chunk);
      continue;
    }
    const head = chunk.slice(0, i);
    const block = [trimCr(pending.length === 0 ? head : pending.join('') + head)];
    pending = [];
    let start = i + 1;
    i = chunk.indexOf('\n', start);
    while (i >= 0) {
      block.push(trimCr(chunk.slice(start, i)));
      start = i + 1;
      i = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) pending.push(chunk.slice(start));
    yield block;
  }
  if (pending.length > 0) yield [trimCr(pending.join(''))];
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
