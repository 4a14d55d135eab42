/**
 * Request bodies: JSON read whole (the route's size limit applies first) with the checks the CLI makes on a file
 * (encoding, syntax, duplicate keys), and streamed text bodies decoded to lines (UTF-8 or GBK/GB18030, as files).
 */
import { fail } from '../core/errors';
import { EncodingError, decodeChunks, decodeText, gb18030Decoder } from '../io/encoding';
import { MAX_JSON_DEPTH, jsonTextProblem } from '../io/json';
import { outOfRangeParams } from '../core/decimal';
import { splitLines } from '../io/jsonl';

const WHAT = 'request body';

/** The JSON of a request body: INPUT_ENCODING, INPUT_NOT_JSON or INPUT_DUPLICATE_KEY (with its path) otherwise. */
export function jsonOf(bytes: Uint8Array): unknown {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return fail('INPUT_ENCODING', [], { file: WHAT, detail: decoded.detail });
  let value: unknown;
  try {
    value = JSON.parse(decoded.text);
  } catch (e) {
    return fail('INPUT_NOT_JSON', [], { detail: `${WHAT}: ${(e as Error).message}` });
  }
  const problem = jsonTextProblem(decoded.text);
  if (problem?.code === 'INPUT_TOO_DEEP')
    fail('INPUT_TOO_DEEP', problem.path, { file: WHAT, limit: MAX_JSON_DEPTH });
  if (problem?.code === 'INPUT_DUPLICATE_KEY')
    fail('INPUT_DUPLICATE_KEY', problem.path, { file: WHAT, key: problem.key });
  // A number no double holds (1e309, read as Infinity): refused at its field, as written.
  if (problem?.code === 'NUMBER_OUT_OF_RANGE')
    fail('NUMBER_OUT_OF_RANGE', problem.path, outOfRangeParams(problem.text));
  return value;
}

/** The lines of a streamed body; an undecodable body is INPUT_ENCODING when the bad bytes are reached. */
export async function* bodyLines(body: ReadableStream<Uint8Array> | null): AsyncGenerator<string> {
  if (body === null) return;
  try {
    yield* splitLines(decodeChunks(body as unknown as AsyncIterable<Uint8Array>, gb18030Decoder));
  } catch (e) {
    if (e instanceof EncodingError) fail('INPUT_ENCODING', [], { file: WHAT, detail: e.detail });
    throw e;
  }
}
