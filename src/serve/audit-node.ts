/**
 * The operator audit trail in a JSON Lines file (one record a line), beside a persistent ledger store: appended
 * and flushed to disk (fdatasync) before the write is answered. The file's last record gives the head at start.
 * A crash between the ledger's append and the trail's leaves entries no record covers; verification reports it.
 */
import { closeSync, existsSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { fileLines } from '../io/jsonl-node';
import { carbonFail } from '../carbon/errors';
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
    let n = 0;
    if (existsSync(file))
      for await (const line of fileLines(file)) {
        n += 1;
        if (line.trim() === '') continue;
        count += 1;
        const hash = recordHash(line);
        if (hash === undefined)
          carbonFail('LEDGER_STORE_INVALID', [], {
            detail: `the audit trail ${file}, line ${n}, is not an audit record`,
          });
        head = hash;
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

/** The hash of an audit record's line, or undefined when the line is no record (not JSON, or no hash text). */
function recordHash(line: string): string | undefined {
  try {
    const r = JSON.parse(line) as unknown;
    const hash = typeof r === 'object' && r !== null ? (r as { hash?: unknown }).hash : undefined;
    return typeof hash === 'string' ? hash : undefined;
  } catch {
    return undefined;
  }
}
