/** Node adapters for parcel files (the only module of gepkit/vep that imports node: built-ins). */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

export { fileLines, JsonlWriter } from '../io/jsonl-node';

/** The batch format of a file, from its extension: .csv is CSV, anything else JSON Lines. */
export function formatOf(file: string): 'csv' | 'jsonl' {
  return file.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
}

/** A buffered UTF-8 text writer that respects back-pressure (CSV results, rejected rows, JSON Lines). */
export class TextWriter {
  private readonly stream: WriteStream;
  private buf = '';
  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
  }
  async write(s: string): Promise<void> {
    this.buf += s;
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
