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
 * The JSON of a request body, checked as every JSON input is (src/input/json-bytes.ts); a body valid as UTF-8 read
 * as GBK/GB18030 by chance is told to `warn` (INPUT_ENCODING_GUESSED).
 */
export function jsonOf(bytes: Uint8Array, warn?: (w: Issue) => void): unknown {
  return parseJsonBytes(bytes, WHAT, warn);
}

/**
 * The lines of a streamed body; an undecodable body is INPUT_ENCODING when the bad bytes are reached. `onEncoding` is
 * told the encoding read, and a guess by chance at the end (src/io/encoding.ts, `OnEncoding`).
 */
export async function* bodyLines(
  body: ReadableStream<Uint8Array> | null,
  onEncoding?: OnEncoding,
): AsyncGenerator<string> {
  if (body === null) return;
  try {
    yield* splitLines(decodeChunks(body as unknown as AsyncIterable<Uint8Array>, gb18030Decoder, onEncoding));
  } catch (e) {
    if (e instanceof EncodingError) fail('INPUT_ENCODING', [], { file: WHAT, detail: e.detail });
    throw e;
  }
}
