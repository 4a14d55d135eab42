import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import { FileAuditStore } from './audit-node';

const trail = () => join(mkdtempSync(join(tmpdir(), 'gepkit-audit-')), 'audit.jsonl');

/** The pid of a process that has ended (a child run to its end). */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid as number;

function refusal(f: () => Promise<unknown>): Promise<GepError> {
  return f().then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => {
      if (e instanceof GepError) return e;
      throw e;
    },
  );
}

describe('one process writes an audit trail (FILE.lock)', () => {
  it('a second open while the first holds it is LEDGER_AUDIT_LOCKED, naming the holder; after close it opens', async () => {
    const file = trail();
    const first = await FileAuditStore.open(file);
    const lock = JSON.parse(readFileSync(`${file}.lock`, 'utf8')) as { pid: number; host: string };
    expect(lock).toMatchObject({ pid: process.pid, host: hostname() });
    const e = await refusal(() => FileAuditStore.open(file));
    expect(e.code).toBe('LEDGER_AUDIT_LOCKED');
    expect(e.en).toContain(
      `The operator audit trail ${file} is being written by another process (pid ${process.pid} on ${hostname()}, since `,
    );
    expect(e.issues[0]?.hint).toContain(`delete ${file}.lock`);
    first.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
    const again = await FileAuditStore.open(file);
    again.close();
  });

  it('the lock of a process gone is taken over; one of another host is refused (its life cannot be seen)', async () => {
    const file = trail();
    const since = '2026-01-01T00:00:00.000Z';
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: deadPid(), host: hostname(), since }));
    const taken = await FileAuditStore.open(file);
    expect(JSON.parse(readFileSync(`${file}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    taken.close();
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: 1, host: 'another-host', since }));
    const e = await refusal(() => FileAuditStore.open(file));
    expect(e.code).toBe('LEDGER_AUDIT_LOCKED');
    expect(e.en).toContain(`(pid 1 on another-host, since ${since})`);
  });

  it('an unreadable lock is being written when young, left behind when old', async () => {
    const file = trail();
    writeFileSync(`${file}.lock`, '');
    expect((await refusal(() => FileAuditStore.open(file))).en).toContain(
      '(a process that took the lock just now)',
    );
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    (await FileAuditStore.open(file)).close();
  });

  it('a trail refused on reading releases the lock it took', async () => {
    const file = trail();
    writeFileSync(file, 'not a record\n');
    expect((await refusal(() => FileAuditStore.open(file))).code).toBe('LEDGER_STORE_INVALID');
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});
