/**
 * The operator audit trail in a JSON Lines file (one record a line), beside a persistent ledger store: appended
 * and flushed to disk (fdatasync) before the write is answered. The file's last record gives the head at start.
 * A crash between the ledger's append and the trail's leaves entries no record covers; verification reports it.
 * One process writes a trail: it holds `FILE.lock` (its pid, host and start) while the trail is open, and a second
 * one is refused (LEDGER_AUDIT_LOCKED); a lock whose process is gone on this host is taken over.
 */
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { fileLines } from '../io/jsonl-node';
import { carbonFail } from '../carbon/errors';
import { AUDIT_GENESIS, type AuditRecord, type AuditStore } from './audit';

export class FileAuditStore implements AuditStore {
  private constructor(
    private readonly file: string,
    private readonly lock: string,
    private readonly fd: number,
    private current: { count: number; head: string },
  ) {}

  /** Open (or create) the trail in `file`. */
  static async open(file: string): Promise<FileAuditStore> {
    const lock = takeLock(file);
    try {
      return await FileAuditStore.read(file, lock);
    } catch (e) {
      rmSync(lock, { force: true });
      throw e;
    }
  }

  private static async read(file: string, lock: string): Promise<FileAuditStore> {
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
    return new FileAuditStore(file, lock, openSync(file, 'a', 0o600), { count, head });
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

  /** Close the trail and release its lock. */
  close(): void {
    closeSync(this.fd);
    rmSync(this.lock, { force: true });
  }
}

/**
 * Take `file`'s lock (`FILE.lock`, created only if absent): LEDGER_AUDIT_LOCKED when another live process on this
 * host holds it, or a process on another host (whose life this one cannot see). The lock of a process gone is
 * taken over. Gives the lock's path.
 */
function takeLock(file: string): string {
  const lock = `${file}.lock`;
  const me = `${JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() })}\n`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, me, { flag: 'wx', mode: 0o600 });
      return lock;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const held = holderOf(lock);
    // an unreadable lock younger than a few seconds: another process is writing it
    if (held === undefined && Date.now() - mtimeOf(lock) < FRESH_MS)
      carbonFail('LEDGER_AUDIT_LOCKED', [], { file, lock, holder: 'a process that took the lock just now' });
    if (held !== undefined && (held.host !== hostname() || alive(held.pid)))
      carbonFail('LEDGER_AUDIT_LOCKED', [], {
        file,
        lock,
        holder: `pid ${held.pid} on ${held.host}, since ${held.since}`,
      });
    // its process is gone (or the lock is unreadable, a write cut short): taken over
    rmSync(lock, { force: true });
  }
  carbonFail('LEDGER_AUDIT_LOCKED', [], { file, lock, holder: 'a process that took the lock just now' });
}

/** How long a lock without its holder's record counts as being written, in ms. */
const FRESH_MS = 5_000;

/** A file's last modification in ms since the epoch; 0 when it is gone. */
function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Who holds a lock, as its file says; undefined when it says nothing readable. */
function holderOf(lock: string): { pid: number; host: string; since: string } | undefined {
  try {
    const h = JSON.parse(readFileSync(lock, 'utf8')) as { pid?: unknown; host?: unknown; since?: unknown };
    return typeof h.pid === 'number' && typeof h.host === 'string'
      ? { pid: h.pid, host: h.host, since: String(h.since) }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process of this host is alive (signal 0 checks without signalling; EPERM: alive, another user's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
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
