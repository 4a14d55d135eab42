/**
 * Request bodies: JSON read whole (the route's size limit applies first) with the checks the CLI makes on a file
 * (encoding, syntax, duplicate keys), and streamed text bodies decoded to lines (UTF-8 or GBK/GB18030, as files).
 */
import { type Issue, fail } from '../core/errors';
import { EncodingError, type OnEncoding, decodeChunks, gb18030Decoder } from '../io/encoding';
import { parseJsonBytes } from '../input/json-bytes';
import { splitLines } from '../io/jsonl';

const WHAT = 'request body';

/**
 * The encoding a request's Content-Type declares, where gepkit reads it as declared: `charset=utf-8` (or `utf8`, in
 * any case, quoted or not). Any other charset, or none, leaves the body to be detected as a file is.
 */
export function declaredCharset(contentType: string | undefined): 'utf-8' | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m !== null && /^utf-?8$/i.test(m[1] as string) ? 'utf-8' : undefined;
}

/**
 * The JSON of a request body, checked as every JSON input is (src/input/json-bytes.ts); a body valid as UTF-8 read
 * as GBK/GB18030 by chance is told to `warn` (INPUT_ENCODING_GUESSED). A body declared UTF-8 (`declared`) is read as
 * UTF-8, with no guess, or refused (INPUT_ENCODING).
 */
export function jsonOf(bytes: Uint8Array, warn?: (w: Issue) => void, declared?: 'utf-8'): unknown {
  return parseJsonBytes(bytes, WHAT, warn, declared);
}

/**
 * The lines of a streamed body; an undecodable body is INPUT_ENCODING when the bad bytes are reached. `onEncoding` is
 * told the encoding read, and a guess by chance at the end (src/io/encoding.ts, `OnEncoding`). A body declared UTF-8
 * (`declared`) is read as UTF-8, with no guess.
 */
export async function* bodyLines(
  body: ReadableStream<Uint8Array> | null,
  onEncoding?: OnEncoding,
  declared?: 'utf-8',
): AsyncGenerator<string> {
  if (body === null) return;
  try {
    yield* splitLines(
      decodeChunks(body as unknown as AsyncIterable<Uint8Array>, gb18030Decoder, onEncoding, declared),
    );
  } catch (e) {
    if (e instanceof EncodingError) fail('INPUT_ENCODING', [], { file: WHAT, detail: e.detail });
    throw e;
  }
}
