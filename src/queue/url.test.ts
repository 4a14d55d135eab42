import { describe, expect, it } from 'vitest';
import { GepError } from '../core/errors';
import { parseQueueUrl, redactUrl, withoutPassword } from './url';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof GepError ? e.issues[0]?.code : String(e);
  }
  return undefined;
};

describe('queue addresses', () => {
  it('host, port and database, with their defaults', () => {
    expect(parseQueueUrl('redis://127.0.0.1:6400/2')).toEqual({ host: '127.0.0.1', port: 6400, db: 2 });
    expect(parseQueueUrl('redis://queue.example')).toEqual({ host: 'queue.example', port: 6379, db: 0 });
    expect(parseQueueUrl('rediss://u:p%40ss@[::1]:7000/')).toEqual({
      host: '::1',
      port: 7000,
      db: 0,
      username: 'u',
      password: 'p@ss',
      tls: {},
    });
  });

  it('refuses another scheme, a path that is not a database number, a query, no URL at all', () => {
    for (const bad of ['http://h:1', 'redis://h:1/queue', 'redis://h:1/0?x=1', 'h:6379', 'redis:///0'])
      expect(
        codeOf(() => parseQueueUrl(bad)),
        bad,
      ).toBe('QUEUE_URL_INVALID');
  });

  it('hides the password in messages', () => {
    expect(redactUrl('redis://u:secret@h:1/0')).toBe('redis://u:***@h:1/0');
    expect(redactUrl('redis://h:1')).toBe('redis://h:1');
  });

  it('takes the secrets out of a PostgreSQL URL, and keeps the rest as written', () => {
    expect(withoutPassword('postgres://gepkit:s3cret@db:5432/carbon')).toBe(
      'postgres://gepkit@db:5432/carbon',
    );
    expect(
      withoutPassword(
        'postgresql://u:p%40ss@[::1]/c?options=-c%20search_path%3Ds&password=x&sslmode=require',
      ),
    ).toBe('postgresql://u@[::1]/c?options=-c%20search_path%3Ds&sslmode=require');
    expect(withoutPassword('postgres://u@db/c?sslpassword=k&pass%77ord=y')).toBe('postgres://u@db/c');
    // nothing secret: unchanged
    for (const plain of ['postgres://gepkit@db/carbon', 'postgres://db/carbon?options=-c%20x%3Dy'])
      expect(withoutPassword(plain)).toBe(plain);
    // a parameter name that is not valid percent-encoding is kept as written, never an unhandled URIError
    expect(withoutPassword('postgres://u:p@db/c?x%E0=1&password=y')).toBe('postgres://u@db/c?x%E0=1');
    // not a URL the parser takes: the userinfo password is still cut
    expect(withoutPassword('postgres://u:secret@[bad/c')).toBe('postgres://u@[bad/c');
  });
});
