/** Node adapter of src/io/encoding.ts: the lines of a file in UTF-8 or GBK/GB18030, streamed. */
import { createReadStream, statSync } from 'node:fs';
import { type OnEncoding, decodeChunks, gb18030Decoder } from './encoding';
import { madeWhenRead, splitLineBlocks, splitLines } from './jsonl';

/** What the decoded text of a file goes through before it is split into lines (a format's check of it). */
export type TextThrough = (text: AsyncIterable<string>) => AsyncIterable<string>;

const asIs: TextThrough = (text) => text;

/**
 * The lines of a text file in UTF-8 or GBK/GB18030, streamed; `onEncoding` is told which (not for pure ASCII).
 * Throws EncodingError (src/io/encoding.ts) for anything else. The decoded text goes through `through` (as it is
 * by default) before it is split. The file is opened at the first `next()`.
 */
export function textFileLines(
  path: string,
  onEncoding?: OnEncoding,
  through: TextThrough = asIs,
): AsyncGenerator<string> {
  return madeWhenRead(() => {
    const stream = createReadStream(path, { highWaterMark: 1 << 16 });
    return splitLines(through(decodeChunks(stream as AsyncIterable<Uint8Array>, gb18030Decoder, onEncoding)));
  });
}

/** The same lines in blocks (splitLineBlocks): one step of the iteration per block of lines. */
export function textFileLineBlocks(
  path: string,
  onEncoding?: OnEncoding,
  through: TextThrough = asIs,
): AsyncGenerator<string[]> {
  return madeWhenRead(() => {
    const stream = createReadStream(path, { highWaterMark: 1 << 16 });
    return splitLineBlocks(
      through(decodeChunks(stream as AsyncIterable<Uint8Array>, gb18030Decoder, onEncoding)),
    );
  });
}

/**
 * Read a whole text file once through the decoder and discard the text: throws EncodingError where `textFileLines`
 * would, before a run that stores as it reads has stored anything. A file that is not a regular file (a pipe, a
 * device) cannot be read twice and is not read.
 */
export async function textFileDecodes(path: string, onEncoding?: OnEncoding): Promise<void> {
  if (!statSync(path).isFile()) return;
  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  for await (const text of decodeChunks(stream as AsyncIterable<Uint8Array>, gb18030Decoder, onEncoding))
    void text;
}
