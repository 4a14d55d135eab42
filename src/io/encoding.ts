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
