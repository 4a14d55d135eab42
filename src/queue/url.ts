import { queueFail } from './errors';

/** A Redis server as BullMQ's connection options name it. */
export interface RedisAddress {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls?: Record<string, never>;
}

/**
 * `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS) → connection options. The port defaults to
 * 6379 and the database to 0; anything else (another scheme, a path that is not a database number, a query) is
 * QUEUE_URL_INVALID.
 *
 * @example
 * ```ts
 * parseQueueUrl('redis://127.0.0.1:6400/2'); // { host: '127.0.0.1', port: 6400, db: 2 }
 * ```
 */
export function parseQueueUrl(url: string): RedisAddress {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return queueFail('QUEUE_URL_INVALID', [], { url, detail: 'not a URL' });
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    queueFail('QUEUE_URL_INVALID', [], { url, detail: `scheme ${u.protocol} is not redis: or rediss:` });
  if (u.hostname === '') queueFail('QUEUE_URL_INVALID', [], { url, detail: 'no host' });
  if (u.search !== '' || u.hash !== '')
    queueFail('QUEUE_URL_INVALID', [], { url, detail: 'query strings and fragments are not read' });
  const path = u.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d{1,2}$/.test(path))
    queueFail('QUEUE_URL_INVALID', [], { url, detail: `the path must be a database number, got /${path}` });
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    host,
    port: u.port === '' ? 6379 : Number(u.port),
    db: path === '' ? 0 : Number(path),
    ...(u.username !== '' ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password !== '' ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** The address without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/** The query parameters of a PostgreSQL URL that hold secrets (libpq's names, which the pg driver also reads). */
const SECRET_PARAMS = new Set(['password', 'sslpassword']);

/**
 * A PostgreSQL URL without its secrets: the password of `user:password@` and the `password` and `sslpassword`
 * query parameters taken out, the rest (user, host, database, other parameters) kept as written. What a carbon job
 * carries to the workers through Redis: each worker finds the password as libpq does, in its own `PGPASSWORD` or
 * password file (`PGPASSFILE`, `~/.pgpass`), which the pg driver reads when the URL has none.
 *
 * @example
 * ```ts
 * withoutPassword('postgres://gepkit:s3cret@db:5432/carbon'); // 'postgres://gepkit@db:5432/carbon'
 * ```
 */
export function withoutPassword(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1@');
  }
  u.password = '';
  if (u.search !== '') {
    // A parameter name as libpq reads it; one that is not valid percent-encoding is compared as written.
    const name = (p: string) => {
      const raw = (p.split('=')[0] as string).replace(/\+/g, ' ');
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    };
    const kept = u.search
      .slice(1)
      .split('&')
      .filter((p) => !SECRET_PARAMS.has(name(p)));
    u.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  }
  return u.toString();
}
