/**
 * The shared text reader for input files: bytes in, text out, never mojibake. A byte-order mark decides (UTF-8,
 * UTF-16 LE/BE; the mark is removed); else valid UTF-8 is UTF-8; else the bytes are decoded as GB18030 (which
 * covers GBK and GB2312, the encodings Chinese spreadsheet tools save as "ANSI"), and the result is accepted only
 * when it is clean: no replacement character and no control character other than tab, CR and LF. Anything else is
 * refused with the reason, so that two users' names can never decode to the same garbage.
 *
 * @example
 * ```ts
 * decodeText(new Uint8Array([0xd3, 0xc3, 0xbb, 0xa7, 0xbc, 0xd7])); // { ok: true, text: '用户甲', encoding: 'gb18030' }
 * ```
 */
import iconv from 'iconv-lite';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export type DecodedText =
  { ok: true; text: string; encoding: TextEncodingName } | { ok: false; detail: string };

/** Index of the first control character other than tab, LF and CR, or replacement character U+FFFD; −1 if none. */
function firstUnclean(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || c === 0xfffd) return i;
  }
  return -1;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return strict(bytes.subarray(3), 'utf-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return strict(bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return strict(bytes.subarray(2), 'utf-16be');
  const utf8 = strict(bytes, 'utf-8');
  if (utf8.ok) return utf8;
  const text = iconv.decode(bytes as Buffer, 'gb18030');
  const bad = firstUnclean(text);
  if (bad >= 0)
    return {
      ok: false,
      detail: `neither UTF-8 nor clean GB18030/GBK (${text.charCodeAt(bad) === 0xfffd ? 'undecodable bytes' : 'a control character'} at character ${bad})`,
    };
  return { ok: true, text, encoding: 'gb18030' };
}

function strict(bytes: Uint8Array, encoding: 'utf-8' | 'utf-16le' | 'utf-16be'): DecodedText {
  try {
    return { ok: true, text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding };
  } catch {
    return { ok: false, detail: `not valid ${encoding.toUpperCase()}` };
  }
}

/**
 * Streaming: byte chunks of a large file (a parcel batch) decoded as they come, with the same rule for the two
 * encodings a batch file has in practice: bytes that are valid UTF-8 are UTF-8 (a BOM is removed); anything else
 * is decoded as GB18030 and refused when the result holds a replacement character. Pure ASCII is both; the decision
 * is taken at the first chunk holding a byte ≥ 0x80. The GB18030 decoder is injected (`gb18030Decoder` below, or
 * the platform's TextDecoder('gb18030')).
 */
export type StreamEncoding = 'utf-8' | 'gb18030';

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
export async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  gb18030: () => ByteDecoder,
  onEncoding?: (e: StreamEncoding) => void,
): AsyncGenerator<string> {
  let dec: ByteDecoder | undefined;
  let enc: StreamEncoding | undefined;
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
    yield checked(() => dec!.write(chunk), enc as StreamEncoding, offset);
    offset += chunk.length;
  }
  if (dec !== undefined) {
    const rest = checked(() => dec!.end(), enc as StreamEncoding, offset);
    if (rest.length > 0) yield rest;
  }
}

function checked(f: () => string, enc: StreamEncoding, offset: number): string {
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

/** A streaming GB18030 decoder (iconv-lite). */
export function gb18030Decoder(): ByteDecoder {
  const d = iconv.getDecoder('gb18030');
  return { write: (b) => d.write(b as Buffer), end: () => d.end() ?? '' };
}
