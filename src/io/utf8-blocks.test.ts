import { describe, expect, it } from 'vitest';
import { BLOCK_BYTES, Utf8Blocks } from './utf8-blocks';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('Utf8Blocks: text as UTF-8 bytes in blocks', () => {
  it('fills a block while a piece surely fits (3 bytes per code unit), then hands it over', () => {
    const got: Uint8Array[] = [];
    const blocks = new Utf8Blocks((b) => got.push(b), 8);
    blocks.write('ab'); // 0 + 3×2 = 6 ≤ 8: in the block, 2 bytes used
    blocks.write('c'); // 2 + 3 = 5 ≤ 8: 3 bytes used
    blocks.write('中'); // 3 + 3 = 6 ≤ 8: E4 B8 AD, 6 bytes used
    expect(got).toEqual([]);
    blocks.write('d'); // 6 + 3 = 9 > 8: the 6 bytes go first, then 'd' starts a new block
    expect(got.map((b) => [...b])).toEqual([[0x61, 0x62, 0x63, 0xe4, 0xb8, 0xad]]);
    blocks.write('xyz'); // 1 + 9 > 8: 'd' goes; 9 > 8: 'xyz' goes on its own
    blocks.flush(); // the block is empty: nothing more
    expect(got.map(text)).toEqual(['abc中', 'd', 'xyz']);
  });

  it('a piece longer than a block goes whole on its own; one of exactly a block is encoded into a new block', () => {
    const got: string[] = [];
    const blocks = new Utf8Blocks((b) => got.push(text(b)), 6);
    blocks.write('x'); // 0 + 3 = 3 ≤ 6: 1 byte held
    blocks.write('ab'); // 1 + 3×2 = 7 > 6: 'x' goes; 6 > 6 is false: 'ab' starts the new block, 2 bytes held
    blocks.write('c'); // 2 + 3 = 5 ≤ 6: joins 'ab', 3 bytes held
    blocks.write('defghij'); // 3 + 21 > 6: 'abc' goes; 21 > 6: all 7 bytes go on their own, none cut at 6
    blocks.write('k'); // 0 + 3 ≤ 6: held
    blocks.flush();
    expect(got).toEqual(['x', 'abc', 'defghij', 'k']);
  });

  it('a surrogate pair (2 code units) is its 4 bytes; a lone surrogate is U+FFFD, as Buffer.from writes it', () => {
    const got: Uint8Array[] = [];
    const blocks = new Utf8Blocks((b) => got.push(b), 16);
    blocks.write('😀'); // U+1F600: F0 9F 98 80
    blocks.write('\uD800'); // EF BF BD
    blocks.flush();
    expect(got.map((b) => [...b])).toEqual([[0xf0, 0x9f, 0x98, 0x80, 0xef, 0xbf, 0xbd]]);
  });

  it('bytes written as they are, after the block before them; clear drops what the block holds', () => {
    const got: string[] = [];
    const blocks = new Utf8Blocks((b) => got.push(text(b)), 16);
    blocks.write('一');
    blocks.writeBytes(new TextEncoder().encode('二'));
    blocks.writeBytes(new Uint8Array(0)); // nothing to hand over
    blocks.write('xx'); // 6 ≤ 16: held in the block
    blocks.clear();
    blocks.write('三');
    blocks.flush();
    expect(got).toEqual(['一', '二', '三']);
  });

  it('a block handed over is never written again (the sink may keep it)', () => {
    const got: Uint8Array[] = [];
    const blocks = new Utf8Blocks((b) => got.push(b), 4);
    blocks.write('a'); // 1 byte; 1 + 3 = 4 ≤ 4 for the next
    blocks.write('b');
    blocks.write('c'); // 2 + 3 = 5 > 4: 'ab' goes
    blocks.write('d');
    blocks.write('e'); // 'cd' goes
    blocks.flush();
    expect(got.map(text)).toEqual(['ab', 'cd', 'e']);
  });

  it('blocks are BLOCK_BYTES (64 KiB) by default: 100 000 lines of 40 bytes join to the same text', () => {
    const got: Uint8Array[] = [];
    const blocks = new Utf8Blocks((b) => got.push(b));
    const line = (i: number) => `赣-${String(i).padStart(6, '0')},${'x'.repeat(29)}\n`; // 3 + 1 + 6 + 1 + 29 + 1 = 41 bytes
    for (let i = 0; i < 100_000; i++) blocks.write(line(i));
    blocks.flush();
    // 41 bytes a line, 4 100 000 in all; a block takes lines while 3 × 40 code units more fit in 65 536.
    expect(BLOCK_BYTES).toBe(65_536);
    expect(got.reduce((n, b) => n + b.byteLength, 0)).toBe(4_100_000);
    expect(Math.max(...got.map((b) => b.byteLength))).toBeLessThanOrEqual(65_536);
    expect(got.length).toBe(Math.ceil(4_100_000 / got[0]!.byteLength));
    expect(got.map(text).join('')).toBe(Array.from({ length: 100_000 }, (_, i) => line(i)).join(''));
  });
});
