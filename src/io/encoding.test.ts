import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { type ByteDecoder, EncodingError, decodeChunks, gb18030Decoder, isUtf8 } from './encoding';

const gb = (): ByteDecoder => {
  const d = new TextDecoder('gb18030');
  return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
};
async function text(chunks: Uint8Array[], dec: () => ByteDecoder = gb) {
  const seen: string[] = [];
  let s = '';
  for await (const t of decodeChunks(chunks, dec, (e) => seen.push(e))) s += t;
  return { s, seen };
}
const u8 = (s: string) => new TextEncoder().encode(s);

describe('encoding detection', () => {
  it('UTF-8 cut inside a character across chunks is still UTF-8', async () => {
    const b = u8('东山-0001'); // 东 = E4 B8 9C
    expect(await text([b.slice(0, 2), b.slice(2)])).toEqual({ s: '东山-0001', seen: ['utf-8'] });
    expect(isUtf8(b.slice(0, 2))).toBe(false);
    expect(isUtf8(b.slice(0, 2), true)).toBe(true);
  });

  it('GBK after an ASCII-only first chunk is detected at the first non-ASCII chunk', async () => {
    const head = u8('id,unit\n');
    const body = new Uint8Array(iconv.encode('东山-0001,hm2\n', 'gbk'));
    expect(await text([head, body])).toEqual({ s: 'id,unit\n东山-0001,hm2\n', seen: ['gb18030'] });
    // the same with the iconv-lite decoder the file reader uses, the body cut inside a two-byte character
    const cut = await text([head, body.subarray(0, 1), body.subarray(1)], gb18030Decoder);
    expect(cut.s).toBe('id,unit\n东山-0001,hm2\n');
  });

  it('pure ASCII decides nothing; undecodable bytes and UTF-8 breaking off later are refused', async () => {
    expect(await text([u8('a,b\n')])).toEqual({ s: 'a,b\n', seen: [] });
    await expect(text([new Uint8Array([0xff, 0xff, 0xff])])).rejects.toThrow(EncodingError);
    await expect(text([u8('东'), new Uint8Array([0xb6, 0xab])])).rejects.toThrow(/not valid UTF-8/);
  });
});
