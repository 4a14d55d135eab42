/** Node adapters for text files: streamed JSON Lines reading, buffered text and JSON Lines writers. */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { MAX_LINE_LENGTH, madeWhenRead, splitLines, toJsonLine } from './jsonl';
import { Utf8Blocks } from './utf8-blocks';

/**
 * The lines of a UTF-8 file, streamed; a line longer than `maxLineLength` characters is yielded as longLine (src/io/
 * jsonl.ts). A file gepkit wrote for itself (a spool, a partition's results) is read with Infinity. The file is opened
 * at the first `next()` (madeWhenRead).
 */
export function fileLines(path: string, maxLineLength = MAX_LINE_LENGTH): AsyncGenerator<string> {
  return madeWhenRead(() => {
    const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
    return splitLines(stream as AsyncIterable<string>, maxLineLength);
  });
}

/**
 * A buffered UTF-8 text writer that respects back-pressure (CSV results, rejected rows, JSON Lines): text is
 * encoded into 64 KiB blocks as it is written (Utf8Blocks), a block written when full. A failure of the file (it
 * cannot be opened, the disk is full) rejects the call that meets it, or the next call when it came while none
 * was waiting: never an uncaught error. The failure names the file (`path`), which the system's error of a write
 * does not.
 */
export class TextWriter {
  private readonly stream: WriteStream;
  private readonly blocks = new Utf8Blocks((b) => {
    if (!this.stream.write(b)) this.full = true;
  });
  /** A block was written past the stream's buffer: the next call waits for it to drain. */
  private full = false;
  private failed: Error | undefined;
  constructor(path: string) {
    this.stream = createWriteStream(path);
    this.stream.on('error', (e: Error & { path?: unknown }) => {
      e.path ??= path;
      this.failed ??= e;
    });
  }
  async write(s: string): Promise<void> {
    this.check();
    this.blocks.write(s);
    await this.drained();
  }
  /** Write bytes that are UTF-8 text already (a worker's encoded lines), after what was written before. */
  async writeBytes(b: Uint8Array): Promise<void> {
    this.check();
    this.blocks.writeBytes(b);
    await this.drained();
  }
  private async drained(): Promise<void> {
    if (!this.full) return;
    this.full = false;
    await once(this.stream, 'drain');
  }
  /** Throw the stream's failure, if it has failed. */
  private check(): void {
    if (this.failed !== undefined) throw this.failed;
  }
  /**
   * Hand everything written so far to the operating system and wait until it has it: what a killed process
   * leaves in the file then includes it (a later write never reaches the file before an earlier one).
   */
  async sync(): Promise<void> {
    this.check();
    this.blocks.flush();
    this.full = false;
    if (this.stream.writableLength === 0) return;
    await new Promise<void>((resolve, reject) => this.stream.write('', (e) => (e ? reject(e) : resolve())));
  }
  async close(): Promise<void> {
    this.check();
    this.blocks.flush();
    this.stream.end();
    // finished() also settles for a stream that failed or finished before it was called.
    await finished(this.stream);
  }
  /** Give up the file: what is buffered is dropped and the file is closed (for a write that failed part-way). */
  abort(): void {
    this.blocks.clear();
    this.stream.destroy();
  }
}

/** A buffered JSON Lines writer: one value per line. */
export class JsonlWriter {
  private readonly text: TextWriter;
  constructor(path: string) {
    this.text = new TextWriter(path);
  }
  write(v: unknown): Promise<void> {
    return this.text.write(toJsonLine(v));
  }
  /** See TextWriter.sync. */
  sync(): Promise<void> {
    return this.text.sync();
  }
  close(): Promise<void> {
    return this.text.close();
  }
}
