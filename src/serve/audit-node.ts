/**
 * The operator audit trail in a JSON Lines file (one record a line), beside a persistent ledger store: appended
 * and flushed to disk (fdatasync) before the write is answered. The file's last record gives the head at start.
 * A crash between the ledger's append and the trail's leaves entries no record covers; verification reports it.
 */
import { closeSync, existsSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { fileLines } from '../io/jsonl-node';
import { AUDIT_GENESIS, type AuditRecord, type AuditStore } from './audit';

export class FileAuditStore implements AuditStore {
  private constructor(
    private readonly file: string,
    private readonly fd: number,
    private current: { count: number; head: string },
  ) {}

  /** Open (or create) the trail in `file`. */
  static async open(file: string): Promise<FileAuditStore> {
    let count = 0;
    let head = AUDIT_GENESIS;
    if (existsSync(file))
      for await (const line of fileLines(file)) {
        if (line.trim() === '') continue;
        count += 1;
        head = (JSON.parse(line) as AuditRecord).hash;
      }
    return new FileAuditStore(file, openSync(file, 'a', 0o600), { count, head });
  }

  append(r: AuditRecord): Promise<void> {
    writeSync(this.fd, `${JSON.stringify(r)}\n`);
    fdatasyncSync(this.fd);
    this.current = { count: this.current.count + 1, head: r.hash };
    return Promise.resolve();
  }

  head(): Promise<{ count: number; head: string }> {
    return Promise.resolve({ ...this.current });
  }

  async *records(from = 0): AsyncIterable<AuditRecord> {
    let i = 0;
    for await (const line of fileLines(this.file)) {
      if (line.trim() === '') continue;
      if (i++ >= from) yield JSON.parse(line) as AuditRecord;
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}
