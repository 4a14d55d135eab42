import { describe, expect, it } from 'vitest';
import { BufferedOut } from './shared';

describe('BufferedOut: stdout in UTF-8 blocks', () => {
  const lines = Array.from({ length: 5_000 }, (_, i) => `{"id":"东山-${i}"}\n`); // 10 + 6 + … bytes each

  it('gives the Io bytes when it takes them: every line, in order, in blocks of at most 64 KiB', () => {
    const bytes: Uint8Array[] = [];
    const strings: string[] = [];
    const out = new BufferedOut({
      out: (s) => strings.push(s),
      err: () => {},
      outBytes: (b) => bytes.push(b),
    });
    for (const l of lines) out.write(l);
    out.flush();
    expect(strings).toEqual([]);
    // 5 000 lines of 19–22 characters (4 of them 3-byte): fewer blocks than lines, none over 65 536 bytes.
    expect(bytes.length).toBeGreaterThan(1);
    expect(bytes.length).toBeLessThan(10);
    expect(Math.max(...bytes.map((b) => b.byteLength))).toBeLessThanOrEqual(65_536);
    expect(Buffer.concat(bytes).toString('utf8')).toBe(lines.join(''));
  });

  it('decodes each block to `out` for an Io without outBytes (a test collector): the same text', () => {
    const strings: string[] = [];
    const out = new BufferedOut({ out: (s) => strings.push(s), err: () => {} });
    for (const l of lines) out.write(l);
    expect(strings.join('')).not.toBe(lines.join('')); // the last block is still held
    out.flush();
    expect(strings.join('')).toBe(lines.join(''));
    expect(strings.length).toBeLessThan(10);
  });

  it('keeps a byte-order mark as text (the first character of CSV results)', () => {
    const strings: string[] = [];
    const out = new BufferedOut({ out: (s) => strings.push(s), err: () => {} });
    out.write('\uFEFFline,id\n');
    out.flush();
    expect(strings).toEqual(['\uFEFFline,id\n']);
  });
});
