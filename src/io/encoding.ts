/**
 * Text encodings of input files: UTF-8 (with or without BOM) and the Chinese national encodings GBK/GB18030
 * (GB18030 is a superset of GBK and GB2312), as spreadsheet software in China writes CSV by default.
 * Platform-neutral (TextDecoder); the byte decoder for GB18030 is injected (iconv-lite in encoding-node.ts).
 *
 * Detection: bytes that are valid UTF-8 are UTF-8; anything else is decoded as GB18030, and refused when the
 * result holds a replacement character (U+FFFD: bytes that are not GB18030 either). Pure ASCII is both; the
 * decision is taken at the first chunk holding a byte ≥ 0x80.
 */
export type TextEncodingName = 'utf-8' | 'gb18030';

/** A file that is neither UTF-8 nor GB18030, or UTF-8 that breaks off later: `detail` says where. */
export class EncodingError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'EncodingError';
  }
}

/** A streaming byte → text decoder. */
export interface ByteDecoder {
  write(bytes: Uint8Array): string;
  end(): string;
}

/** Whether `bytes` are valid UTF-8 (a sequence cut at the end counts as valid when `more` bytes follow). */
export function isUtf8(bytes: Uint8Array, more = false): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: more });
    return true;
  } catch {
    return false;
  }
}

const ascii = (b: Uint8Array) => b.every((x) => x < 0x80);

function utf8Decoder(): ByteDecoder {
  const d = new TextDecoder('utf-8', { fatal: true });
  return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
}

/**
 * Decode byte chunks to text, detecting the encoding as described above. `gb18030` makes the GB18030 decoder;
 * `onEncoding` is told the decision (once; never for pure ASCII). Throws EncodingError.
 */
export async function* decodeText(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  gb18030: () => ByteDecoder,
  onEncoding?: (e: TextEncodingName) => void,
): AsyncGenerator<string> {
  let dec: ByteDecoder | undefined;
  let enc: TextEncodingName | undefined;
  let offset = 0;
  for await (const chunk of chunks) {
    if (dec === undefined && ascii(chunk)) {
      offset += chunk.length;
      yield new TextDecoder('utf-8').decode(chunk);
      continue;
    }
    if (dec === undefined) {
      enc = isUtf8(chunk, true) ? 'utf-8' : 'gb18030';
      dec = enc === 'utf-8' ? utf8Decoder() : gb18030();
      onEncoding?.(enc);
    }
    yield checked(() => dec!.write(chunk), enc as TextEncodingName, offset);
    offset += chunk.length;
  }
  if (dec !== undefined) {
    const rest = checked(() => dec!.end(), enc as TextEncodingName, offset);
    if (rest.length > 0) yield rest;
  }
}

function checked(f: () => string, enc: TextEncodingName, offset: number): string {
  let s: string;
  try {
    s = f();
  } catch {
    throw new EncodingError(
      `not valid UTF-8 in the bytes from offset ${offset} (the start of the file was UTF-8); save the file in one encoding`,
    );
  }
  if (enc === 'gb18030' && s.includes('\uFFFD'))
    throw new EncodingError(
      `neither UTF-8 nor GBK/GB18030 (undecodable bytes after offset ${offset}); save the file as UTF-8`,
    );
  return s;
}
