import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, createApp } from '../../src/serve/app';
import { Drain } from '../../src/serve/drain';
import { type ServeErrorCode, SERVE_ERRORS } from '../../src/serve/errors';
import { keyHash, loadKeys } from '../../src/serve/keys';
import { statusOf, statusOfIssue } from '../../src/serve/problem';
import { expectProblem, startServer } from './helpers';
import { tinyInput } from '../helpers';

const keys = loadKeys(
  {
    keys: [
      { id: 'reader', role: 'read-only', sha256: keyHash('gk_r') },
      { id: 'once', role: 'read-only', sha256: keyHash('gk_once'), perMinute: 1 },
    ],
  },
  'keys.json',
);
const R = { authorization: 'Bearer gk_r' };

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer({ keys, bodyLimit: 16, timeout: 200 });
});
afterAll(() => server.close());
const at = (p: string, init?: RequestInit) => fetch(`${server.url}${p}`, init);
const post = (
  p: string,
  body: RequestInit['body'],
  type = 'application/json',
  h: Record<string, string> = R,
) => at(p, { method: 'POST', headers: { 'content-type': type, ...h }, body, duplex: 'half' } as RequestInit);

/** A response carrying each code (SERVE_KEYS_INVALID is a start-up refusal: test/serve/security.test.ts). */
const TRIGGERS: Record<Exclude<ServeErrorCode, 'SERVE_KEYS_INVALID'>, () => Promise<Response>> = {
  SERVE_KEY_MISSING: () => at('/v1/profiles'),
  SERVE_KEY_UNKNOWN: () => at('/v1/profiles', { headers: { 'x-api-key': 'gk_nobody' } }),
  // Two valid keys of two callers: neither is chosen.
  SERVE_KEY_CONFLICT: () =>
    at('/v1/profiles', { headers: { authorization: 'Bearer gk_r', 'x-api-key': 'gk_once' } }),
  SERVE_ROLE_FORBIDDEN: () => at('/v1/carbon/audit', { headers: R }),
  SERVE_BODY_TOO_LARGE: () => post('/v1/validate', '{"region": "a long enough body"}'),
  SERVE_RATE_LIMITED: async () => {
    await at('/v1/profiles', { headers: { 'x-api-key': 'gk_once' } });
    return at('/v1/profiles', { headers: { 'x-api-key': 'gk_once' } });
  },
  SERVE_TIMEOUT: () =>
    post(
      '/v1/validate',
      new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new TextEncoder().encode('{')) }),
    ),
  SERVE_NOT_FOUND: () => at('/v2/account'),
  SERVE_METHOD_NOT_ALLOWED: async () => {
    // The path exists with POST only: 405 naming it in Allow, before any key is asked for.
    const res = await at('/v1/account');
    expect(res.headers.get('allow')).toBe('POST');
    const param = await at('/v1/profiles/jx-db36-1402-2021', { method: 'DELETE', headers: R });
    expect(param.status).toBe(405);
    expect(param.headers.get('allow')).toBe('GET, HEAD');
    return res;
  },
  SERVE_SHUTTING_DOWN: async () => {
    // A server that has begun to stop refuses a new request, /health included, and closes the connection
    // (test/serve/drain.test.ts stops a real server with SIGTERM).
    const drain = new Drain();
    const app = createApp({ ...DEFAULTS, log: () => undefined }, [], drain);
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => s.once('listening', r));
    try {
      drain.begin();
      const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/health`);
      expect(res.headers.get('connection')).toBe('close');
      expect(res.headers.get('retry-after')).toBe('5');
      return res;
    } finally {
      s.close();
    }
  },
  SERVE_MEDIA_TYPE: () => post('/v1/validate', '{}', 'text/plain'),
  SERVE_ENCODING_UNSUPPORTED: () =>
    post('/v1/validate', '{}', 'application/json', { ...R, 'content-encoding': 'gzip' }),
  SERVE_PARAM_INVALID: () => post('/v1/account?exact=maybe', '{}'),
  SERVE_PARAM_UNKNOWN: () => post('/v1/account?baseyear=2015', '{}'),
  SERVE_PARAM_REPEATED: () => post('/v1/account?baseYear=2015&baseYear=2016', '{}'),
  SERVE_CONTEXT_UNKNOWN: () => post(`/v1/vep/value?context=sha256:${'1'.repeat(64)}`, '', 'text/csv'),
  SERVE_INTERNAL: async () => {
    // A route that fails with a bug: the client gets a request id, the log gets the error.
    const logged: unknown[] = [];
    const app = createApp({ ...DEFAULTS, log: (e) => logged.push(e) }, [
      (r) =>
        r.mount({
          method: 'get',
          path: '/v1/bug',
          tags: [],
          access: 'read',
          responses: {},
          handler: () => {
            throw new TypeError('secret detail of a bug');
          },
        }),
    ]);
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => s.once('listening', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/v1/bug`);
      const text = await res.clone().text();
      expect(text).not.toContain('secret detail');
      expect(logged).toHaveLength(1);
      return res;
    } finally {
      s.close();
    }
  },
};

describe('serve error codes', () => {
  for (const [code, trigger] of Object.entries(TRIGGERS))
    it(`${code} is answered as problem+json with status ${statusOf(code)}`, async () => {
      await expectProblem(await trigger(), statusOf(code), code);
    });

  it('one key in both headers is one caller', async () => {
    const r = await at('/v1/profiles', { headers: { authorization: 'Bearer gk_r', 'x-api-key': ' gk_r ' } });
    expect(r.status).toBe(200);
  });

  it('SERVE_PARAM_INVALID gives the query schemas’ own messages in Chinese; one with extra text is kept as written', () => {
    const zh = (detail: string) => SERVE_ERRORS.SERVE_PARAM_INVALID.zh({ name: 'n', detail });
    expect(zh('an integer of at most 15 digits')).toBe('参数 n 无效：应为至多 15 位数字的整数');
    expect(zh('a whole number ≥ 0 of at most 15 digits')).toBe('参数 n 无效：应为至多 15 位数字的非负整数');
    expect(zh('a SHA-256 hash: 64 lower-case hexadecimal digits')).toBe(
      '参数 n 无效：应为 SHA-256 哈希值：64 位小写十六进制数字',
    );
    expect(zh('an integer of at most 15 digits, or none')).toBe(
      '参数 n 无效：an integer of at most 15 digits, or none',
    );
  });
  it('SERVE_PARAM_INVALID keeps a detail in no known form as it is, also one naming an inherited property', () => {
    expect(SERVE_ERRORS.SERVE_PARAM_INVALID.zh({ name: 'x', detail: 'constructor' })).toBe(
      '参数 x 无效：constructor',
    );
    expect(SERVE_ERRORS.SERVE_PARAM_INVALID.zh({ name: 'x', detail: 'Invalid input: odd' })).toBe(
      '参数 x 无效：Invalid input: odd',
    );
  });

  it('an engine refusal of a query parameter’s value is 400; the same code elsewhere keeps its status', () => {
    const at = (code: string, path: (string | number)[]) =>
      statusOfIssue({ code, severity: 'error', path, message: { zh: '', en: '' }, hint: '' });
    // exclude is options.exclude of the account; /v1/compare's years come under before and after
    expect(at('INDICATOR_UNKNOWN', ['options', 'exclude', 0])).toBe(400);
    expect(at('INDICATOR_UNKNOWN', ['before', 'options', 'exclude', 2])).toBe(400);
    expect(at('INDICATOR_UNKNOWN', ['after', 'options', 'exclude', 0])).toBe(400);
    // not a query parameter of the service: an engine refusal, 422
    expect(at('INDICATOR_UNKNOWN', ['options', 'methods', 'R9'])).toBe(422);
    expect(at('INDICATOR_UNKNOWN', ['exclude', 0])).toBe(422);
    expect(at('INDICATOR_UNKNOWN', ['zones', 'options', 'exclude', 0])).toBe(422);
    expect(at('INDICATOR_UNKNOWN', [])).toBe(422);
    // another code at that place keeps its own
    expect(at('INPUT_INVALID', ['options', 'exclude', 0])).toBe(422);
    expect(at('PROFILE_UNKNOWN', ['options', 'exclude', 0])).toBe(404);
    expect(at('SERVE_PARAM_INVALID', [])).toBe(400);
    // exclude=M5, (an empty item), seed=99999999999 and tornadoPercent=100 are the query's: 400, not 422
    expect(at('OPTIONS_INVALID', ['options', 'exclude', 1])).toBe(400);
    expect(at('OPTIONS_INVALID', ['before', 'options', 'exclude', 1])).toBe(400);
    expect(at('UNCERTAINTY_INVALID', ['seed'])).toBe(400);
    expect(at('UNCERTAINTY_INVALID', ['tornado', 'percent'])).toBe(400);
    expect(at('UNCERTAINTY_INVALID', ['distributions', 'price.x'])).toBe(422);
  });

  it('the query values the engine refuses answer 400 on the wire', async () => {
    const open = await startServer({});
    try {
      const body = JSON.stringify(tinyInput());
      for (const q of ['/v1/account?exclude=M5,', '/v1/uncertainty?draws=10&seed=99999999999']) {
        const r = await fetch(`${open.url}${q}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        expect(r.status, q).toBe(400);
      }
    } finally {
      await open.close();
    }
  });

  it('a required parameter left out is said to be missing, in both languages, not a value of the wrong type', async () => {
    const open = await startServer({});
    try {
      const r = await fetch(`${open.url}/v1/uncertainty`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(tinyInput()),
      });
      const p = await expectProblem(r, 400, 'SERVE_PARAM_INVALID');
      expect(p.message).toEqual({
        en: 'Invalid parameter draws: required, and not given',
        zh: '参数 draws 无效：必须给出，但未给出',
      });
    } finally {
      await open.close();
    }
  });

  it('every code has Chinese and English messages and a hint, and a status', () => {
    for (const [code, e] of Object.entries(SERVE_ERRORS)) {
      const p = {
        route: 'r',
        key: 'k',
        role: 'r',
        allowed: 'a',
        limit: 1,
        retryAfter: 1,
        ms: 1,
        method: 'GET',
        type: 't',
        accepted: 'a',
        name: 'n',
        detail: 'd',
        file: 'f',
        id: 'i',
        known: 'k',
        suggestion: '',
        count: 2,
        encoding: 'gzip',
      };
      expect(e.zh(p)).toMatch(/[\u4e00-\u9fff]/);
      expect(e.en(p).length).toBeGreaterThan(0);
      expect(e.hint(p).length).toBeGreaterThan(0);
      expect(statusOf(code)).toBeGreaterThanOrEqual(400);
    }
  });
});
