import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { serveCommand } from '../../src/cli/serve';
import { keyHash, loadKeys } from '../../src/serve/keys';
import type { GepError } from '../../src/core/errors';
import { RateLimiter } from '../../src/serve/rate';
import { expectProblem, json, startServer } from './helpers';

const input = JSON.parse(readFileSync('examples/jiangxi-county/input.json', 'utf8')) as unknown;
const KEYS = { reader: 'gk_reader-key-for-tests', slow: 'gk_slow-key-for-tests' };
const keys = loadKeys(
  {
    keys: [
      { id: 'reader', role: 'read-only', sha256: keyHash(KEYS.reader) },
      { id: 'slow', role: 'read-only', sha256: keyHash(KEYS.slow), perMinute: 2 },
    ],
  },
  'keys.json',
);
const bearer = (k: string) => ({ authorization: `Bearer ${k}` });

describe('keys', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({
      keys,
      bodyLimit: 64 * 1024,
      timeout: 300,
      cors: ['https://gep.example.cn'],
    });
  });
  afterAll(() => server.close());
  const at = (p: string, init?: RequestInit) => fetch(`${server.url}${p}`, init);

  it('with a keys file, /v1 needs a key (401), refuses an unknown one (401), takes Bearer or X-API-Key', async () => {
    await expectProblem(await at('/v1/profiles'), 401, 'SERVE_KEY_MISSING');
    await expectProblem(await at('/v1/profiles', { headers: bearer('gk_wrong') }), 401, 'SERVE_KEY_UNKNOWN');
    expect((await at('/v1/profiles', { headers: bearer(KEYS.reader) })).status).toBe(200);
    expect((await at('/v1/profiles', { headers: { 'x-api-key': KEYS.reader } })).status).toBe(200);
    // /health and /openapi.json stay open.
    expect((await at('/health')).status).toBe(200);
    expect((await at('/openapi.json')).status).toBe(200);
  });

  it('a compressed body is 415 with Accept-Encoding: identity, the coding the routes read (RFC 9110 §15.5.16)', async () => {
    const r = await at('/v1/account', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', ...bearer(KEYS.reader) },
      body: '{}',
    });
    expect(r.headers.get('accept-encoding')).toBe('identity');
    await expectProblem(r, 415, 'SERVE_ENCODING_UNSUPPORTED');
  });

  it('a body over the route limit is 413, by its declared length and when sent in chunks without one', async () => {
    const big = { ...(input as object), pad: 'x'.repeat(70 * 1024) };
    await expectProblem(await at('/v1/account', json(big, bearer(KEYS.reader))), 413, 'SERVE_BODY_TOO_LARGE');
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 80; i += 1) c.enqueue(new TextEncoder().encode(' '.repeat(1024)));
        c.close();
      },
    });
    const r = await at('/v1/account', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(KEYS.reader) },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    await expectProblem(r, 413, 'SERVE_BODY_TOO_LARGE');
  });

  it('a key over its rate is 429 with Retry-After (2 a minute: the third request within the minute is refused)', async () => {
    expect((await at('/v1/profiles', { headers: bearer(KEYS.slow) })).status).toBe(200);
    expect((await at('/v1/profiles', { headers: bearer(KEYS.slow) })).status).toBe(200);
    const r = await at('/v1/profiles', { headers: bearer(KEYS.slow) });
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await expectProblem(r, 429, 'SERVE_RATE_LIMITED');
    // The other key has its own bucket.
    expect((await at('/v1/profiles', { headers: bearer(KEYS.reader) })).status).toBe(200);
  });

  it('a body that stalls is refused after the timeout (503)', async () => {
    let stop: () => void = () => undefined;
    const stalled = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('{"region":'));
        stop = () => c.close();
      },
    });
    const r = await at('/v1/account', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(KEYS.reader) },
      body: stalled,
      duplex: 'half',
    } as RequestInit);
    await expectProblem(r, 503, 'SERVE_TIMEOUT');
    stop();
  });

  it('CORS: the allowed origin is echoed, with the preflight; another origin gets no allow header', async () => {
    const pre = await at('/v1/account', {
      method: 'OPTIONS',
      headers: { origin: 'https://gep.example.cn', 'access-control-request-method': 'POST' },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://gep.example.cn');
    // The methods the routes take, not Hono's default list (PUT, DELETE, PATCH, QUERY).
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET,HEAD,POST');
    const other = await at('/health', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('without a keys file, callers are anonymous with role read-only and need no key', async () => {
    const open = await startServer();
    try {
      expect((await fetch(`${open.url}/v1/profiles`)).status).toBe(200);
      // Ledger writes need a key, which a server without keys cannot check: 401.
      await expectProblem(
        await fetch(`${open.url}/v1/carbon/activities`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-ndjson' },
          body: '{}\n',
        }),
        401,
        'SERVE_KEY_MISSING',
      );
      // A key sent to a server without keys grants nothing and is not refused.
      expect((await fetch(`${open.url}/v1/profiles`, { headers: bearer('gk_any') })).status).toBe(200);
      expect((await fetch(`${open.url}/health`)).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await open.close();
    }
  });
});

describe('the keys file', () => {
  it('is refused when it does not fit the schema or repeats an id (SERVE_KEYS_INVALID)', () => {
    expect(() => loadKeys({ keys: [{ id: 'a', role: 'admin', sha256: keyHash('x') }] }, 'k.json')).toThrow(
      /SERVE_KEYS_INVALID/,
    );
    const e = { id: 'a', role: 'operator', sha256: keyHash('x') };
    expect(() => loadKeys({ keys: [e, { ...e, sha256: keyHash('y') }] }, 'k.json')).toThrow(
      /the id a appears twice/,
    );
    expect(() => loadKeys({ keys: [e, { ...e, id: 'b' }] }, 'k.json')).toThrow(/are one/);
  });

  it('SERVE_KEYS_INVALID gives its detail in Chinese in the Chinese message', () => {
    const zhOf = (json: unknown) => {
      try {
        loadKeys(json, 'k.json');
      } catch (e) {
        return (e as GepError).issues[0]?.message.zh;
      }
      return undefined;
    };
    expect(zhOf({ keys: [{ id: 'a', role: 'admin', sha256: keyHash('x') }] })).toBe(
      '密钥文件 k.json 无效：keys.0.role：无效选项：应为 "read-only"|"operator"|"verifier"|"auditor" 之一',
    );
    expect(zhOf({})).toBe('密钥文件 k.json 无效：keys：应为数组，实际为空值');
    const e = { id: 'a', role: 'operator', sha256: keyHash('x') };
    expect(zhOf({ keys: [e, { ...e, sha256: keyHash('y') }] })).toBe(
      '密钥文件 k.json 无效：编号 a 出现了两次',
    );
    expect(zhOf({ keys: [e, { ...e, id: 'b' }] })).toBe('密钥文件 k.json 无效：b 与 a 的密钥相同');
  });

  it('`gepkit serve key` prints a key once and stores only its SHA-256; the server accepts it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-keys-'));
    const file = join(dir, 'keys.json');
    let out = '';
    expect(
      await runCli(['serve', 'key', 'bank-a', 'operator', '--keys', file], {
        out: (s) => (out += s),
        err: () => undefined,
      }),
    ).toBe(0);
    const key = /key \(give it to bank-a; it is not stored\): (gk_[A-Za-z0-9_-]{43})/.exec(
      out,
    )?.[1] as string;
    expect(key).toBeDefined();
    const stored = readFileSync(file, 'utf8');
    expect(stored).not.toContain(key);
    expect(JSON.parse(stored)).toEqual({ keys: [{ id: 'bank-a', role: 'operator', sha256: keyHash(key) }] });
    const server = await startServer({ keys: loadKeys(JSON.parse(stored), file) });
    try {
      expect((await fetch(`${server.url}/v1/profiles`, { headers: bearer(key) })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('`gepkit serve --keys` refuses a bad file before listening, and `serve` starts and stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-keys-'));
    writeFileSync(join(dir, 'bad.json'), '{"keys": [{"id": "a"}]}');
    let err = '';
    expect(
      await serveCommand(['--keys', join(dir, 'bad.json')], { out: () => undefined, err: (s) => (err += s) }),
    ).toBe(1);
    expect(err).toContain('SERVE_KEYS_INVALID');
    let out = '';
    let stop: () => void = () => undefined;
    const running = serveCommand(['--port', '0'], {
      out: (s) => {
        out += s;
        stop();
      },
      err: () => undefined,
      stop: new Promise<void>((r) => (stop = r)),
    });
    expect(await running).toBe(0);
    expect(out).toMatch(
      /listening on http:\/\/127\.0\.0\.1:\d+ \(no keys: anonymous read-only; ledger memory\)/,
    );
  });
});

describe('the rate limiter', () => {
  it('refills perMinute tokens evenly over a minute', () => {
    const r = new RateLimiter();
    // 60 a minute: one token a second; the bucket starts full (60).
    for (let i = 0; i < 60; i += 1) expect(r.take('k', 60, 0).ok).toBe(true);
    expect(r.take('k', 60, 0)).toEqual({ ok: false, retryAfter: 1 });
    // 500 ms later half a token is back: still refused, 1 s to wait (rounded up).
    expect(r.take('k', 60, 500)).toEqual({ ok: false, retryAfter: 1 });
    // 1000 ms: one token.
    expect(r.take('k', 60, 1000).ok).toBe(true);
    // 6 a minute: one token per 10 s; empty → retry after 10 s.
    for (let i = 0; i < 6; i += 1) r.take('j', 6, 0);
    expect(r.take('j', 6, 0)).toEqual({ ok: false, retryAfter: 10 });
  });
});

describe('the work of custom indicators (--custom-work-limit)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({ customWorkLimit: 100 });
  });
  afterAll(() => server.close());
  const at = (p: string, init?: RequestInit) => fetch(`${server.url}${p}`, init);
  const custom = (physical: string) => ({
    ...(input as Record<string, unknown>),
    customIndicators: [
      {
        code: 'X1',
        name: { zh: '测', en: 'Test' },
        category: 'material',
        unit: 't',
        inputs: { a: '1.5', b: '2.5' },
        physical,
        value: 'physical * 100',
        priceYear: 2020,
      },
    ],
  });

  it('refuses formulas of more steps than the limit on every route that accounts, before computing them', async () => {
    // a^b + a^b: 2 × 52 + 1 = 105 steps, + 3 for the value formula = 108 > 100
    const heavy = custom('a^b + a^b');
    for (const route of ['/v1/account', '/v1/uncertainty?draws=2']) {
      const p = await expectProblem(await at(route, json(heavy)), 422, 'CUSTOM_WORK_EXCEEDED');
      expect(p.path).toEqual(['customIndicators']);
      expect(p.message.en).toContain('108 evaluation steps, more than the limit of 100');
    }
    const p = await expectProblem(
      await at('/v1/compare', json({ before: heavy, after: heavy })),
      422,
      'CUSTOM_WORK_EXCEEDED',
    );
    expect(p.path).toEqual(['before', 'customIndicators']);
    // a^b: 52 + 3 = 55 steps are within
    expect((await at('/v1/account', json(custom('a^b')))).status).toBe(200);
  });
});
