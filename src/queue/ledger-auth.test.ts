import { describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import { ledgerAuthIssue, signedIn } from './ledger-auth';

const URL = 'postgres://gepkit@db:5432/carbon';
/** An error as the pg driver raises it: a message, and the server's SQLSTATE when the server sent one. */
const pgError = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

describe('ledgerAuthIssue', () => {
  it('a password the server refused (SQLSTATE 28P01): QUEUE_LEDGER_AUTH with the server’s message', () => {
    const i = ledgerAuthIssue(pgError('password authentication failed for user "gepkit"', '28P01'), URL);
    expect(i?.code).toBe('QUEUE_LEDGER_AUTH');
    expect(i?.message.en).toBe(
      'The worker cannot sign in to the ledger database postgres://gepkit@db:5432/carbon: the server refused the password: password authentication failed for user "gepkit"',
    );
    expect(i?.message.zh).toContain('工作进程无法登录账本数据库 postgres://gepkit@db:5432/carbon');
    expect(i?.hint).toContain('PGPASSWORD');
    expect(i?.hint).toContain('~/.pgpass');
  });

  it('no password for a SCRAM server (the pg driver’s own errors, for none and for an empty one)', () => {
    for (const m of ['must be a string', 'must be a non-empty string']) {
      const i = ledgerAuthIssue(pgError(`SASL: SCRAM-SERVER-FIRST-MESSAGE: client password ${m}`), URL);
      expect(i?.code).toBe('QUEUE_LEDGER_AUTH');
      expect(i?.message.en).toContain('the server asks for a password and the worker has none');
    }
  });

  it('any other error is not one: a refused connection, another SQLSTATE, a value that is not an Error', () => {
    expect(
      ledgerAuthIssue(pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), URL),
    ).toBeUndefined();
    expect(ledgerAuthIssue(pgError('database "carbon" does not exist', '3D000'), URL)).toBeUndefined();
    expect(ledgerAuthIssue('client password must be a string', URL)).toBeUndefined();
  });
});

describe('signedIn', () => {
  it('gives the work’s value, throws a password failure as a GepError and any other error as it was', async () => {
    expect(await signedIn(URL, async () => 7)).toBe(7);
    const auth = await signedIn(URL, async () => {
      throw pgError('password authentication failed for user "gepkit"', '28P01');
    }).catch((e: unknown) => e);
    expect(auth).toBeInstanceOf(GepError);
    expect((auth as GepError).issues.map((i) => i.code)).toEqual(['QUEUE_LEDGER_AUTH']);
    const other = pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
    await expect(
      signedIn(URL, async () => {
        throw other;
      }),
    ).rejects.toBe(other);
  });
});
