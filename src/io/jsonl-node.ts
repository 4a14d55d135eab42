/** Node adapters for JSON Lines files: streamed reading and a buffered writer. */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { splitLines, toJsonLine } from './jsonl';

/** The lines of a UTF-8 file, streamed. */
export function fileLines(path: string): AsyncGenerator<string> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
  return splitLines(stream as AsyncIterable<string>);
}

/** A buffered JSON Lines writer that respects back-pressure. */
export class JsonlWriter {
  private readonly stream: WriteStream;
  private buf = '';
  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
  }
  async write(v: unknown): Promise<void> {
    this.buf += toJsonLine(v);
    if (this.buf.length >= 1 << 16) await this.flush();
  }
  private async flush(): Promise<void> {
    const b = this.buf;
    this.buf = '';
    if (b.length > 0 && !this.stream.write(b)) await once(this.stream, 'drain');
  }
  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
