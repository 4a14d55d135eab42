import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  type ByteDecoder,
  EncodingError,
  decodeChunks,
  decodeText,
  gb18030Decoder,
  isUtf8,
} from './encoding';

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

describe('a refusal names the line (and for UTF-8 the byte) where the text breaks', () => {
  const detail = async (chunks: Uint8Array[]) => {
    try {
      await text(chunks, gb18030Decoder);
    } catch (e) {
      if (e instanceof EncodingError) return e.detail;
      throw e;
    }
    throw new Error('expected an EncodingError');
  };
  const lines = (n: number, s: string) => Array.from({ length: n }, () => s).join('');

  it('UTF-8 breaking off in a later chunk: its line and byte, not the chunk’s start', async () => {
    // chunk 1: 东\n (3 + 1 bytes) and 2 ASCII lines of 4 bytes: 12 bytes, 3 line feeds; chunk 2: 2 lines of 4 bytes
    // and 'ab': 10 bytes, 2 line feeds; chunk 3 begins with B6 AB, which end no character: line 3 + 2 + 1 = 6, byte 22
    const d = await detail([
      u8(`东\n${lines(2, 'abc\n')}`),
      u8(`${lines(2, 'xyz\n')}ab`),
      new Uint8Array([0xb6, 0xab]),
    ]);
    expect(d).toBe(
      'not valid UTF-8 at line 6 (byte 22; the start of the file was UTF-8); save the file in one encoding',
    );
    // chunk 2 begins with continuation bytes (B6 AB: no character was begun before them) and breaks again later:
    // the first break is named, line 2, byte 4
    expect(await detail([u8('东\n'), new Uint8Array([0xb6, 0xab, ...u8('x\n'), 0xff])])).toBe(
      'not valid UTF-8 at line 2 (byte 4; the start of the file was UTF-8); save the file in one encoding',
    );
    // the break inside a chunk: chunk 2 is 'ab\ncd' + FF: line 3 + 1 + 1 = 5, byte 12 + 5 = 17
    expect(await detail([u8(`东\n${lines(2, 'abc\n')}`), new Uint8Array([...u8('ab\ncd'), 0xff])])).toBe(
      'not valid UTF-8 at line 5 (byte 17; the start of the file was UTF-8); save the file in one encoding',
    );
    // a chunk that begins with the end of a character begun before (山 = E5 B1 B1 cut after E5) and breaks later:
    // line 1 + 1, byte 3 + 1 (\n) + 3 (山) + 1 (\n) = 8
    const shan = u8('山');
    expect(
      await detail([u8('东\n'), shan.subarray(0, 1), new Uint8Array([...shan.subarray(1), 0x0a, 0xff])]),
    ).toBe(
      'not valid UTF-8 at line 3 (byte 8; the start of the file was UTF-8); save the file in one encoding',
    );
  });

  it('GB18030 that does not decode: its line; a control character in the ASCII start: its line and byte', async () => {
    // 3 ASCII lines, then GBK 东\n, then an undecodable pair (0x81 0x20 is no GB18030 character) on line 5
    const gbk = new Uint8Array(iconv.encode('东\n', 'gbk'));
    expect(await detail([u8(lines(3, 'a,b\n')), new Uint8Array([...gbk, 0x81, 0x20])])).toBe(
      'neither UTF-8 nor GBK/GB18030 (undecodable bytes at line 5); save the file as UTF-8',
    );
    // a BEL (0x07) on line 2 at byte 5 (a , b \n c BEL) of an ASCII start, then GBK text
    expect(await detail([u8('a,b\nc\u0007\n'), gbk])).toBe(
      'neither UTF-8 nor clean GB18030/GBK (a control character at line 2, byte 5)',
    );
  });

  it('UTF-16 after its byte-order mark with a lone surrogate: its line', async () => {
    // FF FE, then "a\n" and "b\n" in UTF-16LE, then a lone low surrogate DC00 on line 3
    const le = new Uint8Array([0xff, 0xfe, 0x61, 0, 0x0a, 0, 0x62, 0, 0x0a, 0, 0x00, 0xdc, 0x63, 0]);
    expect(await detail([le])).toBe(
      'not valid UTF-16LE at line 3 (the file starts with its byte-order mark)',
    );
  });
});

describe('the streaming reader agrees with decodeText', () => {
  const encode = (s: string, how: string): Uint8Array => {
    if (how === 'utf-8') return u8(s);
    if (how === 'utf-8-bom') return new Uint8Array([0xef, 0xbb, 0xbf, ...u8(s)]);
    if (how === 'utf-16le') return new Uint8Array(iconv.encode(s, 'utf-16le', { addBOM: true }));
    if (how === 'utf-16be') return new Uint8Array([0xfe, 0xff, ...iconv.encode(s, 'utf-16be')]);
    return new Uint8Array(iconv.encode(s, 'gbk'));
  };
  const cut = (b: Uint8Array, at: number[]) => {
    const points = [...new Set(at.map((x) => x % (b.length + 1)))].sort((x, y) => x - y);
    const out: Uint8Array[] = [];
    let from = 0;
    for (const p of points) {
      out.push(b.subarray(from, p));
      from = p;
    }
    out.push(b.subarray(from));
    return out.filter((c) => c.length > 0);
  };
  const accept = async (chunks: Uint8Array[]) => {
    try {
      return (await text(chunks, gb18030Decoder)).s;
    } catch (e) {
      if (e instanceof EncodingError) return undefined;
      throw e;
    }
  };
  // Texts from ASCII, CJK, control characters and U+FEFF; encoded one of five ways or replaced by raw bytes; cut
  // into chunks anywhere. Where the stream accepts, decodeText accepts with the same text; well-formed files of
  // the five encodings are accepted by both.
  it('same text wherever the stream accepts; every clean encoding accepted', async () => {
    const chars = fc.constantFrom('a', ',', '\n', '东', '山', '-', '0', '\u0001', '\uFEFF', '€', '𠀋');
    await fc.assert(
      fc.asyncProperty(
        fc.array(chars, { maxLength: 30 }).map((a) => a.join('')),
        fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'gbk', 'raw'),
        fc.uint8Array({ maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (s, how, raw, at) => {
          const bytes = how === 'raw' ? raw : encode(s, how);
          const whole = decodeText(bytes);
          const streamed = await accept(cut(bytes, at));
          if (streamed !== undefined) expect(whole).toMatchObject({ ok: true, text: streamed });
          if (how === 'utf-8' || how === 'utf-8-bom' || how.startsWith('utf-16')) {
            expect(whole.ok).toBe(true);
            expect(streamed).toBe((whole as { text: string }).text);
          }
        },
      ),
      { numRuns: 400 },
    );
  }, 60_000);

  it('a UTF-16 file with its byte-order mark is read, both orders', async () => {
    const le = new Uint8Array(iconv.encode('id,unit\n东山-0001,hm2\n', 'utf-16le', { addBOM: true }));
    expect(await text([le.subarray(0, 1), le.subarray(1, 7), le.subarray(7)], gb18030Decoder)).toEqual({
      s: 'id,unit\n东山-0001,hm2\n',
      seen: ['utf-16le'],
    });
    const be = new Uint8Array([0xfe, 0xff, ...iconv.encode('东山', 'utf-16be')]);
    expect(await text([be], gb18030Decoder)).toEqual({ s: '东山', seen: ['utf-16be'] });
    // a UTF-16 file cut in the middle of a code unit at its end is refused
    await expect(text([le.subarray(0, le.length - 1)], gb18030Decoder)).rejects.toThrow(/UTF-16LE/);
  });

  it('a control character in the ASCII start of a GBK file is refused, as decodeText refuses it', async () => {
    const bytes = [u8('a\u0001\n'), new Uint8Array(iconv.encode('东山', 'gbk'))];
    await expect(text(bytes, gb18030Decoder)).rejects.toThrow(/control character at line 1, byte 1\)/);
    expect(decodeText(new Uint8Array([...(bytes[0] as Uint8Array), ...(bytes[1] as Uint8Array)])).ok).toBe(
      false,
    );
  });
});

describe('the lines before a break are read before the refusal', () => {
  /** The text yielded before decodeChunks throws, and the refusal's detail. */
  const until = async (chunks: Uint8Array[]) => {
    let s = '';
    try {
      for await (const t of decodeChunks(chunks, gb18030Decoder)) s += t;
    } catch (e) {
      if (e instanceof EncodingError) return { s, detail: e.detail };
      throw e;
    }
    throw new Error('expected an EncodingError');
  };
  it('UTF-8: the chunk’s complete lines before the break, not the line it breaks in', async () => {
    // chunk 2 is 'ab\ncd' + FF: its line 'ab' is given; 'cd', broken, is not
    const r = await until([u8('东\nabc\n'), new Uint8Array([...u8('ab\ncd'), 0xff, ...u8('\nzz\n')])]);
    expect(r.s).toBe('东\nabc\nab\n');
    expect(r.detail).toContain('line 4');
  });
  it('UTF-8: a character the chunk before began and this one ends is part of the lines given', async () => {
    // 山 = E5 B1 B1, cut after E5: chunk 3 ends it, then a line feed, 'x', and the break
    const shan = u8('山');
    const r = await until([
      u8('东\n'),
      shan.subarray(0, 1),
      new Uint8Array([...shan.subarray(1), 0x0a, ...u8('x\ny'), 0xff]),
    ]);
    expect(r.s).toBe('东\n山\nx\n');
  });
  it('GB18030: the lines before the undecodable bytes', async () => {
    const gbk = new Uint8Array(iconv.encode('东\n西\n', 'gbk'));
    const r = await until([u8('a,b\n'), new Uint8Array([...gbk, 0x81, 0x20])]);
    expect(r.s).toBe('a,b\n东\n西\n');
    expect(r.detail).toContain('line 4');
  });
  it('a break before any line feed of its chunk gives nothing more', async () => {
    const r = await until([u8('东\nab'), new Uint8Array([0xff, ...u8('\n')])]);
    expect(r.s).toBe('东\nab');
  });
});
