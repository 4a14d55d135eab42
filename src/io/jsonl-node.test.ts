import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { textFileLineBlocks, textFileLines } from './encoding-node';
import { TextWriter, fileLines } from './jsonl-node';

describe('TextWriter: a failing file is an error of the call, not of the process', () => {
  it.skipIf(!existsSync('/dev/full'))(
    'a full disk (/dev/full: every write is ENOSPC) rejects the write or close',
    async () => {
      const w = new TextWriter('/dev/full');
      const err = await (async () => {
        for (let i = 0; i < 10; i++) await w.write('x'.repeat(1 << 16));
        await w.close();
      })().catch((e: unknown) => e);
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    },
  );

  it('a file that cannot be opened rejects the first call that waits on the stream', async () => {
    const w = new TextWriter('/nonexistent-dir/x.txt');
    const err = await w.close().catch((e: unknown) => e);
    expect((err as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('an error while no call waits on the stream is kept and given to the next call', async () => {
    const w = new TextWriter('/nonexistent-dir/y.txt');
    await w.write('buffered, not yet handed to the stream');
    // The open fails in the meantime, with no call waiting: it must not become an uncaught error.
    await new Promise((r) => setTimeout(r, 50));
    const err = await w.close().catch((e: unknown) => e);
    expect((err as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('bytes and text keep their order', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'tw-')), 'out.txt');
    const w = new TextWriter(file);
    await w.write('一');
    await w.writeBytes(new TextEncoder().encode('二'));
    await w.write('三\n');
    await w.close();
    expect(readFileSync(file, 'utf8')).toBe('一二三\n');
  });

  it('text across many blocks reaches the file whole and in order; sync hands over what is buffered', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'tw-')), 'out.txt');
    const w = new TextWriter(file);
    // 30 000 lines of 12 characters (示例 and 10 ASCII): 6 + 10 = 16 bytes each, 480 000 bytes, about 8 blocks.
    const line = (i: number) => `示例${String(i).padStart(9, '0')}\n`;
    for (let i = 0; i < 30_000; i++) await w.write(line(i));
    await w.sync();
    const synced = readFileSync(file);
    expect(synced.byteLength).toBe(480_000);
    await w.write('末\n');
    await w.close();
    const all = readFileSync(file, 'utf8');
    expect(all).toBe(`${Array.from({ length: 30_000 }, (_, i) => line(i)).join('')}末\n`);
  });
});

describe('file readers open their file when first read', () => {
  const fds = () => readdirSync('/proc/self/fd').length;
  it.skipIf(!existsSync('/proc/self/fd'))(
    'a reader made and never read, or ended before reading, holds no file; one read to its end closes it',
    async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'gepkit-lines-')), 'a.jsonl');
      writeFileSync(file, '{"a":1}\n{"a":2}\n');
      const before = fds();
      // made and never read (reexecuteStore's list of inputs when an earlier input fails)
      const unread = [fileLines(file), textFileLines(file), textFileLineBlocks(file)];
      expect(fds()).toBe(before);
      for (const r of unread) expect(await r.return(undefined)).toEqual({ done: true, value: undefined });
      for (const r of unread) expect(await r.next()).toEqual({ done: true, value: undefined });
      expect(fds()).toBe(before);
      const lines: string[] = [];
      for await (const l of fileLines(file)) lines.push(l);
      expect(lines).toEqual(['{"a":1}', '{"a":2}']);
      const blocks: string[][] = [];
      for await (const b of textFileLineBlocks(file)) blocks.push(b);
      expect(blocks.flat()).toEqual(['{"a":1}', '{"a":2}']);
      await new Promise((r) => setImmediate(r));
      expect(fds()).toBe(before);
    },
  );
  it('a missing file fails at the first read, not when the reader is made', async () => {
    const r = fileLines('/nonexistent-dir/a.jsonl');
    await expect(r.next()).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
