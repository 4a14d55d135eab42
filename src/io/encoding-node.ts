/**
 * Node adapter of src/io/encoding.ts: files of lines decoded from UTF-8 or GBK/GB18030 (iconv-lite, which needs
 * Node's Buffer, hence a -node file).
 */
import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import { type ByteDecoder, type TextEncodingName, decodeText } from './encoding';
import { splitLines } from './jsonl';

function gb18030(): ByteDecoder {
  const d = iconv.getDecoder('gb18030');
  return {
    write: (b) => d.write(Buffer.from(b.buffer, b.byteOffset, b.byteLength)),
    end: () => d.end() ?? '',
  };
}

/**
 * The lines of a text file in UTF-8 or GBK/GB18030, streamed; `onEncoding` is told which (not for pure ASCII).
 * Throws EncodingError (src/io/encoding.ts) for anything else.
 */
export function textFileLines(
  path: string,
  onEncoding?: (e: TextEncodingName) => void,
): AsyncGenerator<string> {
  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  return splitLines(decodeText(stream as AsyncIterable<Uint8Array>, gb18030, onEncoding));
}
