/**
 * A PostgreSQL ledger store whose sign-in fails closes its connection: the call rejects with the structured error
 * and the process, holding nothing else, exits by itself at once. Left open, a connection the server asked for a
 * password holds the process until the server's authentication timeout (60 s by default).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundled } from '../bundled';
import { passwordLedger } from '../queue/helpers';
import { testPostgres } from './store-helpers';

const PG = testPostgres('store-sign-in.test.ts');
const ledger = PG !== undefined ? await passwordLedger(PG, 'signin') : undefined;
const child =
  ledger !== undefined ? await bundled('test/carbon/open-store-child.ts', 'open-store-child') : '';

/** How long the child may take: its start and one refused sign-in, far below the server's 60 s timeout. */
const EXIT_WITHIN_MS = 15_000;

/** Run the child on `target` without a password in its environment; its output line and whether it exited in time. */
function openInChild(target: string): Promise<{ out: { code?: string; message?: string }; exited: boolean }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGPASSFILE: join(mkdtempSync(join(tmpdir(), 'gepkit-signin-')), 'none'),
  };
  delete env.PGPASSWORD;
  const p = spawn(process.execPath, [child, target], { stdio: ['ignore', 'pipe', 'inherit'], env });
  let text = '';
  p.stdout.setEncoding('utf8');
  p.stdout.on('data', (t: string) => (text += t));
  return new Promise((resolve) => {
    const timer = setTimeout(() => p.kill('SIGKILL'), EXIT_WITHIN_MS);
    p.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ out: JSON.parse(text.trim() || '{}') as { code?: string }, exited: signal === null });
    });
  });
}

describe.skipIf(ledger === undefined)('PostgreSQL store: a refused sign-in', () => {
  const l = ledger as NonNullable<typeof ledger>;

  it('no password (the server asks for one): LEDGER_STORE_INVALID, and the process exits by itself', async () => {
    const r = await openInChild(l.plain);
    expect(r.out.code).toBe('LEDGER_STORE_INVALID');
    expect(r.out.message).toContain('client password must be a string');
    expect(r.exited).toBe(true);
  }, 60_000);

  it('a wrong password (SQLSTATE 28P01): LEDGER_STORE_INVALID, and the process exits by itself', async () => {
    const u = new URL(l.withPassword);
    u.password = 'not-the-password';
    const r = await openInChild(u.toString());
    expect(r.out.code).toBe('LEDGER_STORE_INVALID');
    expect(r.out.message).toContain('password authentication failed');
    expect(r.exited).toBe(true);
  }, 60_000);

  it('the right password opens it (the child ends as well)', async () => {
    const r = await openInChild(l.withPassword);
    expect(r.out).toEqual({ opened: true });
    expect(r.exited).toBe(true);
  }, 60_000);
});
