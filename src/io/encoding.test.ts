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

describe('GB18030 characters beyond the BMP cut across chunks', () => {
  it('a four-byte character cut after any of its bytes is decoded whole (iconv-lite alone loses its low surrogate)', async () => {
    // 𠀋 (U+2000B) is four bytes in GB18030; so is what iconv-lite reads 84 31 A5 30 as (U+10000). iconv-lite's own
    // stream gives "\ud800" for the latter cut after its third byte.
    for (const bytes of [
      new Uint8Array(iconv.encode('户名：𠀋,1\n', 'gb18030')),
      Uint8Array.from([0x84, 0x31, 0xa5, 0x30]),
    ]) {
      const whole = iconv.decode(Buffer.from(bytes), 'gb18030');
      for (let i = 0; i <= bytes.length; i++)
        for (let j = i; j <= bytes.length; j++) {
          const d = gb18030Decoder();
          const s =
            d.write(bytes.subarray(0, i)) +
            d.write(bytes.subarray(i, j)) +
            d.write(bytes.subarray(j)) +
            d.end();
          expect(s, `cut at ${i} and ${j}`).toBe(whole);
        }
    }
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
  // Texts from ASCII, CJK, control characters, U+FEFF and two-byte UTF-8 characters: Latin-1 and Greek (é μ ²), one
  // GBK forms by chance (ī, C4 AB), ones it never forms (ǐ C7 90, × C3 97), and hanzi whose GBK bytes are valid UTF-8
  // by chance (亩 "Ķ", 石 "ʯ", 毛 "ë"); encoded one of five ways or replaced by raw bytes; cut into chunks anywhere.
  // Where the stream accepts, decodeText accepts with the same text; well-formed files of the five encodings are
  // accepted by both, by the stream whole in one chunk, and cut anywhere unless the stream would have to look back
  // (UTF-8 without a mark holding a character GBK forms by chance).
  it('same text wherever the stream accepts; every clean encoding accepted', async () => {
    const chars = fc.constantFrom(
      ...['a', ',', '\n', '东', '山', '-', '0', '\u0001', '\uFEFF', '€', '𠀋'],
      ...['é', 'μ', '²', 'ī', 'ǐ', '×', '亩', '石', '毛'],
    );
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
          if (whole.ok && bytes.length > 0) expect(await accept([bytes])).toBe(whole.text);
          if (how === 'utf-8' || how === 'utf-8-bom' || how.startsWith('utf-16')) {
            expect(whole.ok).toBe(true);
            if (how !== 'utf-8' || !s.includes('ī')) expect(streamed).toBe((whole as { text: string }).text);
          }
          // after a mark, the text itself (a second mark right after the first is removed too)
          if (how !== 'utf-8' && how !== 'gbk' && how !== 'raw')
            expect(whole).toMatchObject({ text: s.replace(/^\uFEFF/, '') });
        },
      ),
      { numRuns: 600 },
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

describe('a file that mixes UTF-8 and GBK is refused, naming the first line that is not UTF-8', () => {
  const gbk = (s: string) => new Uint8Array(iconv.encode(s, 'gbk'));
  const join = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));
  /** The text decodeChunks yields before it throws, and the refusal's detail; `undefined` detail when it accepts. */
  const until = async (chunks: Uint8Array[]) => {
    let s = '';
    try {
      for await (const t of decodeChunks(chunks, gb18030Decoder)) s += t;
    } catch (e) {
      if (e instanceof EncodingError) return { s, detail: e.detail };
      throw e;
    }
    return { s, detail: undefined };
  };
  /** `bytes` cut into two chunks at every position (and whole). */
  const everyCut = (bytes: Uint8Array) =>
    Array.from({ length: bytes.length + 1 }, (_, i) =>
      [bytes.subarray(0, i), bytes.subarray(i)].filter((c) => c.length > 0),
    );
  const mixedAt = (bad: number, byte: number, wide: number) =>
    `not valid UTF-8 at line ${bad} (byte ${byte}; line ${wide} is UTF-8); save the file in one encoding`;

  it('a UTF-8 name on line 1 and a GBK one on line 2: line 2, for a name of two and of three characters', async () => {
    // 张三 in UTF-8 is 6 bytes that are also clean GBK (寮犱笁); 张三丰 is 9, which GBK cannot pair to the end.
    // {"user":" is 9 bytes, "}\n 3: line 1 is 9 + 6 + 3 = 18 bytes (21 with 张三丰); line 2's GBK 张三 (D5 C5 C8 FD)
    // breaks at its first byte, 18 + 9 = 27 (30).
    const line2 = join(u8('{"user":"'), gbk('张三'), u8('"}\n'));
    for (const [name, byte] of [
      ['张三', 27],
      ['张三丰', 30],
    ] as const) {
      const line1 = u8(`{"user":"${name}"}\n`);
      const bytes = join(line1, line2);
      expect(decodeText(bytes)).toEqual({ ok: false, detail: mixedAt(2, byte, 1) });
      // in one chunk: line 1 is given as UTF-8 before the refusal
      expect(await until([bytes])).toEqual({ s: `{"user":"${name}"}\n`, detail: mixedAt(2, byte, 1) });
      // cut anywhere: refused at line 2, and line 1 given whole when its line feed is read before the refusal
      for (const chunks of everyCut(bytes)) {
        const r = await until(chunks);
        expect(r.detail, `cut at ${chunks[0]?.length}`).toMatch(/^not valid UTF-8 at line 2 \(byte /);
        expect(r.s.split('\n').slice(0, -1)).toEqual(r.s.includes('\n') ? [`{"user":"${name}"}`] : []);
      }
    }
  });

  it('the GBK line first: the refusal names it, wherever the UTF-8 line comes', async () => {
    // line 1: {"user":" (9 bytes) then GBK 张三 breaking at byte 9; line 2: UTF-8 东山
    const bytes = join(u8('{"user":"'), gbk('张三'), u8('"}\n{"user":"东山"}\n'));
    expect(decodeText(bytes)).toEqual({ ok: false, detail: mixedAt(1, 9, 2) });
    // cut anywhere, refused at line 1 (a cut right after its first GBK byte, D5, reads the start as UTF-8 cut inside
    // a character, and the refusal is the one of UTF-8 that breaks off: its line, the byte approximate)
    for (const chunks of everyCut(bytes))
      expect((await until(chunks)).detail).toMatch(/^not valid UTF-8 at line 1 \(byte /);
    expect((await until([bytes])).detail).toBe(mixedAt(1, 9, 2));
    // read as GB18030 up to the UTF-8 line (a later chunk): the GBK line is given, then the refusal
    expect(await until([bytes.subarray(0, 16), bytes.subarray(16)])).toEqual({
      s: '{"user":"张三"}\n',
      detail: mixedAt(1, 9, 2),
    });
    // the UTF-8 line last, without a line feed
    const last = join(gbk('东\n'), u8('a\n西'));
    expect(decodeText(last)).toEqual({ ok: false, detail: mixedAt(1, 0, 3) });
    expect((await until([last.subarray(0, 3), last.subarray(3)])).detail).toBe(mixedAt(1, 0, 3));
  });

  it('past the first 64 KiB: UTF-8 then a GBK line, and GBK then a UTF-8 line, are refused at the first GBK line', async () => {
    // 6 000 ASCII lines of 12 bytes (72 000 bytes, past one 64 KiB chunk of the file reader)
    const filler = u8('abc,def,ghi\n'.repeat(6000));
    const chunks = (b: Uint8Array) =>
      Array.from({ length: Math.ceil(b.length / 65536) }, (_, i) => b.subarray(i * 65536, (i + 1) * 65536));
    // UTF-8 东山 on line 1 (6 + 1 bytes), the filler, GBK 东 on line 6 002 at byte 7 + 72 000
    const utf8First = join(u8('东山\n'), filler, gbk('东\n'));
    expect((await until(chunks(utf8First))).detail).toBe(
      'not valid UTF-8 at line 6002 (byte 72007; the start of the file was UTF-8); save the file in one encoding',
    );
    expect(decodeText(utf8First)).toEqual({ ok: false, detail: mixedAt(6002, 72007, 1) });
    // GBK 东 on line 1 (2 + 1 bytes), the filler, UTF-8 东山 on line 6 002: read as GB18030, refused there, naming
    // line 1; the lines before the UTF-8 one are given
    const gbkFirst = join(gbk('东\n'), filler, u8('东山\n'));
    const r = await until(chunks(gbkFirst));
    expect(r.detail).toBe(mixedAt(1, 0, 6002));
    expect(r.s).toBe(`东\n${'abc,def,ghi\n'.repeat(6000)}`);
    expect(decodeText(gbkFirst)).toEqual({ ok: false, detail: mixedAt(1, 0, 6002) });
  });

  it('a GBK file still decodes, its lines that are valid UTF-8 by chance (two-byte characters only) included', async () => {
    // 袁野 (D4 AC D2 B0), 魏巍 (CE BA CE A1) and 肖战 (D0 A4 D5 BD) are valid UTF-8 (ԬҰ, κΡ, Фս), no evidence
    const names = '用户,区域\n袁野,武汉\n张三,东山\n魏巍\n肖战,江岸\n李四丰,硚口\n';
    const bytes = gbk(names);
    expect(isUtf8(gbk('袁野')) && isUtf8(gbk('魏巍')) && isUtf8(gbk('肖战'))).toBe(true);
    expect(decodeText(bytes)).toEqual({ ok: true, text: names, encoding: 'gb18030' });
    for (const chunks of everyCut(bytes))
      expect(await until(chunks)).toEqual({ s: names, detail: undefined });
    // read as GB18030 from the first 64 KiB, the chance lines after it are no evidence either
    const long = gbk(`张三\n${'a\n'.repeat(40_000)}魏巍\n袁野\n`);
    const r = await text([long.subarray(0, 65536), long.subarray(65536)], gb18030Decoder);
    expect(r).toEqual({ s: `张三\n${'a\n'.repeat(40_000)}魏巍\n袁野\n`, seen: ['gb18030'] });
  });

  it('a UTF-8 file still decodes, its lines of two-byte characters only included', async () => {
    const s = 'id,note\n1,hm²\n2,张三\n3,José 20°C\n';
    expect(decodeText(u8(s))).toEqual({ ok: true, text: s, encoding: 'utf-8' });
    for (const chunks of everyCut(u8(s))) expect(await until(chunks)).toEqual({ s, detail: undefined });
  });

  it('a line of two-byte UTF-8 characters only is no evidence: beside a GBK line, the file is GB18030', () => {
    // é = C3 A9 is GBK 茅: the file decodes, as GB18030
    const bytes = join(u8('café\n'), gbk('张三\n'));
    expect(decodeText(bytes)).toEqual({ ok: true, text: 'caf茅\n张三\n', encoding: 'gb18030' });
  });
});

describe('the mixing rule, checked against the platform UTF-8 decoder', () => {
  const fatal = (b: Uint8Array) => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(b);
    } catch {
      return undefined;
    }
  };
  /** The lines (between line feeds) with their first byte. */
  const linesOf = (b: Uint8Array) => {
    const out: { bytes: Uint8Array; start: number }[] = [];
    let start = 0;
    for (let i = 0; i <= b.length; i++)
      if (i === b.length || b[i] === 0x0a) {
        out.push({ bytes: b.subarray(start, i), start });
        start = i + 1;
      }
    return out;
  };
  /** Where a strict decoder fed byte by byte first fails: the bytes of the text it gave before (the broken sequence's start). */
  const breakOf = (b: Uint8Array) => {
    const d = new TextDecoder('utf-8', { fatal: true });
    let text = '';
    try {
      for (let i = 0; i < b.length; i++) text += d.decode(b.subarray(i, i + 1), { stream: true });
      d.decode();
    } catch {
      return u8(text).length;
    }
    return -1;
  };
  // Bytes on the edges of UTF-8's table (second bytes of E0, ED, F0, F4; C0, C1, F5–FF never valid), line feeds, and
  // whole UTF-8 characters of 2, 3 and 4 bytes.
  const piece = fc.oneof(
    fc.constantFrom(0x0a, 0x41, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf).map((b) => [b]),
    fc.constantFrom(0xe0, 0xe1, 0xed, 0xef, 0xf0, 0xf3, 0xf4, 0xf5, 0xff).map((b) => [b]),
    fc.constantFrom('é', '东', '\u0800', '\ufffd', '𠀋', '\n').map((s) => [...u8(s)]),
  );
  it('refused as a mix exactly when a line is valid with a character of 3–4 bytes and a line is not; the first such line and its break named', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (pieces) => {
        const bytes = new Uint8Array(pieces.flat());
        const got = decodeText(bytes);
        if (fatal(bytes) !== undefined) {
          expect(got.ok).toBe(true);
          return;
        }
        const lines = linesOf(bytes);
        const bad = lines.findIndex((l) => fatal(l.bytes) === undefined);
        const wide = lines.findIndex((l) =>
          [...(fatal(l.bytes) ?? '')].some((c) => c.codePointAt(0)! >= 0x800),
        );
        if (wide < 0) {
          expect(got.ok ? '' : got.detail).not.toMatch(/is UTF-8\)/);
          return;
        }
        const l = lines[bad]!;
        const byte = l.start + breakOf(l.bytes);
        expect(got).toEqual({
          ok: false,
          detail: `not valid UTF-8 at line ${bad + 1} (byte ${byte}; line ${wide + 1} is UTF-8); save the file in one encoding`,
        });
      }),
      { numRuns: 2000 },
    );
  });

  // Files of lines each ASCII, UTF-8 with CJK, UTF-8 with two-byte characters only, GBK, or GBK that is valid UTF-8
  // by chance, cut anywhere: decodeText follows the rule, and the stream refuses a mix at the same first GBK line.
  it('the stream refuses a mix where decodeText does, at the same line, however the file is cut', async () => {
    const kinds = {
      ascii: () => u8('a,b'),
      utf8: () => u8('张三丰'),
      narrow: () => u8('hm²'),
      gbk: () => new Uint8Array(iconv.encode('东山', 'gbk')),
      chance: () => new Uint8Array(iconv.encode('魏巍', 'gbk')),
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...(Object.keys(kinds) as (keyof typeof kinds)[])), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (ls, at) => {
          const bytes = new Uint8Array(ls.flatMap((k) => [...kinds[k](), 0x0a]));
          const bad = ls.indexOf('gbk');
          const wide = ls.indexOf('utf8');
          const whole = decodeText(bytes);
          const points = [...new Set(at.map((x) => x % (bytes.length + 1)))].sort((x, y) => x - y);
          const chunks = [0, ...points].map((p, i) => bytes.subarray(p, [...points, bytes.length][i]));
          let detail: string | undefined;
          try {
            for await (const t of decodeChunks(
              chunks.filter((c) => c.length > 0),
              gb18030Decoder,
            ))
              void t;
          } catch (e) {
            if (!(e instanceof EncodingError)) throw e;
            detail = e.detail;
          }
          if (bad < 0) {
            expect(whole.ok).toBe(true);
            return;
          }
          if (wide < 0) {
            expect(whole).toMatchObject({ ok: true, encoding: 'gb18030' });
            return;
          }
          expect(whole).toMatchObject({
            ok: false,
            detail: expect.stringContaining(`at line ${bad + 1} (byte`),
          });
          // the stream refuses every mix; where it refuses it as a mix, at the same line (where it took the start for
          // UTF-8, it refuses as UTF-8 breaking off, where its chunks let it place the break)
          expect(detail).toBeDefined();
          if (detail!.includes(' is UTF-8)'))
            expect(detail).toMatch(new RegExp(`^not valid UTF-8 at line ${bad + 1} \\(byte`));
        },
      ),
      { numRuns: 500 },
    );
  }, 60_000);
});

describe('GBK that is valid UTF-8 by chance is read as GB18030', () => {
  const gbk = (s: string) => new Uint8Array(iconv.encode(s, 'gbk'));
  const join = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));
  /** The text decodeChunks yields, the encoding it was told, and the refusal's detail (`undefined` when it accepts). */
  const stream = async (chunks: Uint8Array[]) => {
    let s = '';
    const seen: string[] = [];
    try {
      const tell = (e: string, at?: { line: number; byte: number }) =>
        seen.push(at === undefined ? e : `${e} by chance from line ${at.line}, byte ${at.byte}`);
      for await (const t of decodeChunks(chunks, gb18030Decoder, tell)) s += t;
    } catch (e) {
      if (e instanceof EncodingError) return { s, seen, detail: e.detail };
      throw e;
    }
    return { s, seen, detail: undefined };
  };
  const everyCut = (bytes: Uint8Array) =>
    Array.from({ length: bytes.length + 1 }, (_, i) =>
      [bytes.subarray(0, i), bytes.subarray(i)].filter((c) => c.length > 0),
    );
  const chunks64k = (b: Uint8Array) =>
    Array.from({ length: Math.ceil(b.length / 65536) }, (_, i) => b.subarray(i * 65536, (i + 1) * 65536));

  it('a parcel file whose hanzi are all valid UTF-8 (石 "ʯ", 毛 "ë", 叶 "Ҷ"; 亩 "Ķ"): GB18030, however cut', async () => {
    // Where the guess was made, the first character GBK formed by chance: 石 after the header's 44 bytes and "P1,"
    // (44 + 3 = byte 47 of line 2); 亩 after 23 bytes of header and "P1,hills," (23 + 9 = byte 32 of line 2).
    const files: [string, { line: number; byte: number }][] = [
      [
        'id,package,key,unit,area:shrub,right,holder\nP1,石,hills,mu,15,forest,叶\nP2,毛,hills,mu,30,forest,郑\n',
        { line: 2, byte: 47 },
      ],
      ['id,key,unit,area:shrub\nP1,hills,亩,15\n', { line: 2, byte: 32 }],
    ];
    for (const [text, guessed] of files) {
      const bytes = gbk(text);
      expect(isUtf8(bytes)).toBe(true);
      expect(decodeText(bytes)).toEqual({ ok: true, text, encoding: 'gb18030', guessed });
      // the stream is told the decision, then at the end the guess, which every byte to the end left standing
      for (const chunks of everyCut(bytes))
        expect(await stream(chunks), `cut at ${chunks[0]?.length}`).toEqual({
          s: text,
          seen: ['gb18030', `gb18030 by chance from line 2, byte ${guessed.byte}`],
          detail: undefined,
        });
    }
  });

  it('6 000 rows of 亩 (valid UTF-8) and a GBK 张三 on line 6 002: GB18030 from the first 64 KiB, the file whole', async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => `P${i + 1},hills,亩,15,,\r\n`).join('');
    const text = `id,key,unit,area:shrub,right,holder\r\n${rows}P6001,hills,亩,15,forest,张三\r\n`;
    const bytes = gbk(text);
    expect(bytes.length).toBeGreaterThan(65536);
    expect(isUtf8(bytes.subarray(0, 65536), true)).toBe(true);
    expect(decodeText(bytes)).toEqual({ ok: true, text, encoding: 'gb18030' });
    expect(await stream(chunks64k(bytes))).toEqual({ s: text, seen: ['gb18030'], detail: undefined });
  });

  it('UTF-8 files with Latin-1 and Greek (μg/m³, µ, hm², °C, José, Müller, α, Δ) stay UTF-8, however cut', async () => {
    const text = 'id,name,unit,note\n1,José,μg/m³,20°C\n2,Müller,hm²,Δt α=0.05\n3,Zoë,µg/m³,±0.5\n';
    expect(decodeText(u8(text))).toEqual({ ok: true, text, encoding: 'utf-8' });
    for (const chunks of everyCut(u8(text)))
      expect(await stream(chunks)).toEqual({ s: text, seen: ['utf-8'], detail: undefined });
    // pinyin with ǐ (C7 90) and a Czech name with ř (C5 99): a second byte 80–A0, which GBK by chance never forms
    for (const t of ['Lǐ Xīn,hm²\n', 'Dvořák,Plzeň\n', 'Zhū,3×4\n'])
      expect(decodeText(u8(t))).toEqual({ ok: true, text: t, encoding: 'utf-8' });
  });

  it('a file with a byte-order mark is never second-guessed', async () => {
    // 亩 in GBK (C4 B6) after a UTF-8 mark is "Ķ"; pinyin ū (C5 AB) alone would read as GB18030 without it
    for (const text of ['Ķ\n', 'Zhū Yīng\n']) {
      const bytes = join(new Uint8Array([0xef, 0xbb, 0xbf]), u8(text));
      expect(decodeText(bytes)).toEqual({ ok: true, text, encoding: 'utf-8' });
      for (const chunks of everyCut(bytes))
        expect(await stream(chunks)).toEqual({ s: text, seen: ['utf-8'], detail: undefined });
    }
    // without it, ū (C5 AB) at byte 2 makes the guess
    expect(decodeText(u8('Zhū Yīng\n'))).toEqual({
      ok: true,
      text: 'Zh奴 Y墨ng\n',
      encoding: 'gb18030',
      guessed: { line: 1, byte: 2 },
    });
  });

  it('each condition of the rule: a character of 3 bytes, a second byte 80–A0, or a control character keeps UTF-8; Latin-1 and Greek letters alone are no chance', () => {
    const mu = gbk('亩'); // C4 B6
    expect(decodeText(mu)).toEqual({
      ok: true,
      text: '亩',
      encoding: 'gb18030',
      guessed: { line: 1, byte: 0 },
    });
    expect(decodeText(join(mu, u8(',东\n')))).toEqual({ ok: true, text: 'Ķ,东\n', encoding: 'utf-8' });
    expect(decodeText(join(mu, u8(',×\n')))).toEqual({ ok: true, text: 'Ķ,×\n', encoding: 'utf-8' });
    expect(decodeText(join(mu, u8('\u0001')))).toEqual({ ok: true, text: 'Ķ\u0001', encoding: 'utf-8' });
    // 毛 (C3 AB) is Latin-1 "ë", 魏 (CE BA) the Greek letter "κ": alone they leave the file UTF-8, the known miss;
    // 头 (CD B7) is U+0377, an archaic Greek letter, and 系 (CF B5) the symbol "ϵ": GBK by chance
    expect(decodeText(gbk('毛,魏\n'))).toEqual({ ok: true, text: 'ë,κ\n', encoding: 'utf-8' });
    expect(decodeText(gbk('头,系\n'))).toEqual({
      ok: true,
      text: '头,系\n',
      encoding: 'gb18030',
      guessed: { line: 1, byte: 0 },
    });
  });

  it('the stream does not look back: refused where the start was read the other way, the lines before given', async () => {
    // "°C" (C2 B0, Latin-1) decides nothing: read as UTF-8; 亩 in the next chunk is GBK by chance, and decodeText
    // reads the whole as GB18030 ("掳C"); 亩 lies at byte 6 + 2 of line 2
    const late = [u8('a,°C\n'), gbk('b,亩\n')];
    expect(decodeText(join(...late))).toMatchObject({ ok: true, encoding: 'gb18030' });
    expect(await stream(late)).toEqual({
      s: 'a,°C\n',
      seen: ['utf-8'],
      detail:
        'line 2 (byte 8) looks like GBK that is valid UTF-8 by chance, and the start of the file was read as UTF-8; save the file as UTF-8 with a byte-order mark',
    });
    // in one chunk the whole is seen: GB18030, as decodeText
    expect(await stream([join(...late)])).toMatchObject({ s: 'a,掳C\nb,亩\n', detail: undefined });
    // read as GB18030 by chance (亩), then UTF-8 东 (line 3, byte 5 + 2) while every byte is valid UTF-8: decodeText
    // reads UTF-8 ("Ķ")
    const back = [gbk('亩\nx\n'), u8('y,东\n')];
    expect(decodeText(join(...back))).toEqual({ ok: true, text: 'Ķ\nx\ny,东\n', encoding: 'utf-8' });
    expect(await stream(back)).toEqual({
      s: '亩\nx\n',
      seen: ['gb18030'],
      detail:
        'line 3 (byte 7) reads as UTF-8 only, and the start of the file was read as GBK that is valid UTF-8 by chance (line 1); save the file as UTF-8 with a byte-order mark',
    });
    // the same with a GBK line that is not valid UTF-8 in that chunk: no longer valid UTF-8, the file is GB18030
    // (东 in UTF-8 reads as GB18030 "涓"), as decodeText reads it
    const gbkAfter = [gbk('亩\n'), join(u8('×\n'), gbk('张三\n'))];
    const text = iconv.decode(Buffer.from(join(...gbkAfter)), 'gb18030');
    expect(decodeText(join(...gbkAfter))).toEqual({ ok: true, text, encoding: 'gb18030' });
    expect(await stream(gbkAfter)).toEqual({ s: text, seen: ['gb18030'], detail: undefined });
  });

  // Files of ASCII, line feeds, UTF-8 characters (Latin-1, Greek, pinyin, Latin Extended, Cyrillic, CJK, a control
  // character) and GBK hanzi whose bytes are valid UTF-8 by chance: decodeText's choice against the rule written
  // over code points, and the stream, cut anywhere, where it accepts, with the same text.
  it('decodeText follows the rule, checked over code points; the stream agrees where it accepts', async () => {
    const piece = fc.oneof(
      fc.constantFrom('a', ',', '\n', '1').map(u8),
      fc
        .constantFrom(
          'é',
          'ü',
          '°',
          '²',
          'µ',
          'μ',
          'Δ',
          'ā',
          'ǐ',
          'ī',
          'ū',
          'ł',
          'š',
          'ж',
          'п',
          '×',
          '东',
          '\u0001',
        )
        .map(u8),
      fc.constantFrom('亩', '石', '毛', '魏', '叶', '郑', '头', '系', '张').map(gbk),
    );
    const fatal = (b: Uint8Array) => {
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(b);
      } catch {
        return undefined;
      }
    };
    /** The rule of the top of encoding.ts, over the code points of valid UTF-8. */
    const gbByChance = (t: string) => {
      const cps = [...t].map((c) => c.codePointAt(0)!);
      if (cps.some((c) => c >= 0x800 || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f))
        return false;
      const two = cps.filter((c) => c >= 0x80);
      return two.every((c) => (c & 0x3f) >= 0x21) && two.some((c) => c >= 0x100 && (c < 0x386 || c > 0x3ce));
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 16 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        async (ps, at) => {
          const bytes = join(...ps);
          const t = fatal(bytes);
          const whole = decodeText(bytes);
          if (t !== undefined)
            expect(whole).toEqual(
              gbByChance(t)
                ? {
                    ok: true,
                    text: new TextDecoder('gb18030').decode(bytes),
                    encoding: 'gb18030',
                    guessed: { line: expect.any(Number), byte: expect.any(Number) },
                  }
                : { ok: true, text: t, encoding: 'utf-8' },
            );
          const points = [...new Set(at.map((x) => x % (bytes.length + 1)))].sort((x, y) => x - y);
          const chunks = [0, ...points]
            .map((p, i) => bytes.subarray(p, [...points, bytes.length][i]))
            .filter((c) => c.length > 0);
          const r = await stream(chunks);
          if (r.detail === undefined) {
            expect(whole).toMatchObject({ ok: true, text: r.s });
            // a guess by chance is told at the end of the stream exactly where decodeText made it
            const g = whole.ok ? whole.guessed : undefined;
            expect(r.seen.slice(1)).toEqual(
              g === undefined ? [] : [`gb18030 by chance from line ${g.line}, byte ${g.byte}`],
            );
          }
        },
      ),
      { numRuns: 1000 },
    );
  }, 60_000);
});
