/**
 * A worker that cannot sign in to the stored ledger: jobs carry the ledger's URL without its password (ADR 0035),
 * and a worker without the password in its own environment or password file cannot connect. Retrying does not
 * change that, so the error becomes QUEUE_LEDGER_AUTH, a GepError, which the worker fails once without retries.
 */
import { GepError, type Issue } from '../core/errors';
import { queueIssue } from './errors';

/** SQLSTATE invalid_password: the server refused the password given (or, over md5, the absent one). */
const INVALID_PASSWORD = '28P01';

/** What the pg driver throws when the server asks for a SCRAM password and the client has none (or an empty one). */
const NO_PASSWORD = /client password must be a (non-empty )?string/;

/**
 * QUEUE_LEDGER_AUTH for an error met on the ledger at `url` that says the worker's password is missing or refused;
 * undefined for any other error. `url` is named in the message: the job's URL, which carries no password.
 *
 * @example
 * ```ts
 * ledgerAuthIssue(Object.assign(new Error('password authentication failed for user "gepkit"'), { code: '28P01' }),
 *   'postgres://gepkit@db/carbon'); // QUEUE_LEDGER_AUTH
 * ```
 */
export function ledgerAuthIssue(e: unknown, url: string): Issue | undefined {
  if (!(e instanceof Error)) return undefined;
  const code = (e as { code?: unknown }).code;
  let detail: string;
  if (code === INVALID_PASSWORD) detail = `the server refused the password: ${e.message}`;
  else if (NO_PASSWORD.test(e.message))
    detail =
      'the server asks for a password and the worker has none (no PGPASSWORD, no matching line in its password file)';
  else return undefined;
  return queueIssue('QUEUE_LEDGER_AUTH', [], { url, detail });
}

/** Run `work` on the ledger at `url`; a missing or refused password is thrown as QUEUE_LEDGER_AUTH. */
export async function signedIn<T>(url: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const issue = ledgerAuthIssue(e, url);
    throw issue !== undefined ? new GepError([issue]) : e;
  }
}
