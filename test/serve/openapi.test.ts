import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyHash, loadKeys } from '../../src/serve/keys';
import { startServer } from './helpers';

/**
 * The OpenAPI document declares what the server sends: each status a request below gets from the server is declared
 * for its operation, with the content type it came with, and every refusal the document declares is problem+json.
 */
type Media = Record<string, { schema?: { $ref?: string } }>;
type Operation = { responses: Record<string, { description: string; content?: Media }> };
type Doc = { paths: Record<string, Record<string, Operation>> };

const keys = loadKeys(
  {
    keys: [
      { id: 'reader', role: 'read-only', sha256: keyHash('gk_r') },
      { id: 'op', role: 'operator', sha256: keyHash('gk_op') },
      { id: 'once', role: 'read-only', sha256: keyHash('gk_once'), perMinute: 1 },
    ],
  },
  'keys.json',
);
const R = { authorization: 'Bearer gk_r' };
const OP = { authorization: 'Bearer gk_op' };
const INPUT = readFileSync('examples/jiangxi-county/input.json', 'utf8');
const CONTEXT = readFileSync('examples/vep/context.json', 'utf8');

let server: Awaited<ReturnType<typeof startServer>>;
let doc: Doc;
beforeAll(async () => {
  server = await startServer({ keys, bodyLimit: 100_000, timeout: 500 });
  doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as Doc;
});
afterAll(() => server.close());

const jsonPost = (body: string, h: Record<string, string> = R): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...h },
  body,
});

/** A request, the operation it is one of (method, OpenAPI path), and the status it must get. */
const CASES: [string, string, string, RequestInit | undefined, number][] = [
  ['get', '/health', '/health', undefined, 200],
  ['get', '/v1/profiles', '/v1/profiles', { headers: R }, 200],
  ['get', '/v1/profiles', '/v1/profiles', undefined, 401],
  ['get', '/v1/profiles', '/v1/profiles?x=1', { headers: R }, 400],
  ['get', '/v1/profiles/{id}', '/v1/profiles/nope', { headers: R }, 404],
  ['get', '/v1/coefficients/{id}', '/v1/coefficients/nope', { headers: R }, 404],
  ['post', '/v1/account', '/v1/account', jsonPost(INPUT), 200],
  ['post', '/v1/account', '/v1/account?profile=nope', jsonPost(INPUT), 404],
  ['post', '/v1/account', '/v1/account', jsonPost('{"region": 1}'), 422],
  ['post', '/v1/account', '/v1/account?exclude=ZZZ', jsonPost(INPUT), 400],
  ['post', '/v1/uncertainty', '/v1/uncertainty?draws=4&exclude=ZZZ', jsonPost(INPUT), 400],
  [
    'post',
    '/v1/compare',
    '/v1/compare?exclude=ZZZ',
    jsonPost(`{"before": ${INPUT}, "after": ${INPUT}}`),
    400,
  ],
  ['post', '/v1/account', '/v1/account', jsonPost('{'), 400],
  ['post', '/v1/account', '/v1/account', jsonPost(' '.repeat(100_001)), 413],
  [
    'post',
    '/v1/account',
    '/v1/account',
    { ...jsonPost('{}'), headers: { ...R, 'content-type': 'text/plain' } },
    415,
  ],
  ['post', '/v1/validate', '/v1/validate?profile=nope', jsonPost(INPUT), 404],
  ['post', '/v1/uncertainty', '/v1/uncertainty?draws=10&profile=nope', jsonPost(INPUT), 404],
  [
    'post',
    '/v1/compare',
    '/v1/compare?profile=nope',
    jsonPost(`{"before": ${INPUT}, "after": ${INPUT}}`),
    404,
  ],
  ['post', '/v1/vep/contexts', '/v1/vep/contexts', jsonPost(CONTEXT), 201],
  [
    'post',
    '/v1/vep/contexts',
    '/v1/vep/contexts',
    jsonPost(JSON.stringify({ ...(JSON.parse(CONTEXT) as object), profile: 'nope' })),
    404,
  ],
  [
    'post',
    '/v1/vep/value',
    `/v1/vep/value?context=sha256:${'1'.repeat(64)}`,
    { method: 'POST', headers: { ...R, 'content-type': 'text/csv' }, body: '' },
    404,
  ],
  ['post', '/v1/carbon/activities', '/v1/carbon/activities', jsonPost('', R), 403],
  [
    'post',
    '/v1/carbon/activities',
    '/v1/carbon/activities',
    { method: 'POST', headers: { ...OP, 'content-type': 'application/x-ndjson' }, body: '' },
    200,
  ],
  [
    'post',
    '/v1/validate',
    '/v1/validate',
    {
      ...jsonPost(''),
      body: new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new TextEncoder().encode('{')) }),
      duplex: 'half',
    } as RequestInit,
    503,
  ],
];

describe('the OpenAPI document', () => {
  it('declares every refusal as problem+json, and 500 and 503 on every operation', () => {
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        const at = `${method.toUpperCase()} ${path}`;
        expect(Object.keys(op.responses), at).toEqual(expect.arrayContaining(['500', '503']));
        for (const [status, r] of Object.entries(op.responses))
          if (Number(status) >= 400)
            expect(r.content?.['application/problem+json']?.schema?.$ref, `${at} ${status}`).toBe(
              '#/components/schemas/Problem',
            );
          else expect(r.content, `${at} ${status}`).toBeDefined();
      }
  });

  it('the routes taking exclude say that an unknown indicator code in it is a 400; the others give the common 400', () => {
    for (const path of ['/v1/account', '/v1/uncertainty', '/v1/compare'])
      expect(doc.paths[path]?.post?.responses['400']?.description, path).toBe(
        'The body or a parameter cannot be read (INPUT_NOT_JSON, SERVE_PARAM_INVALID, SERVE_PARAM_UNKNOWN, …), or exclude names an indicator code the account does not have (INDICATOR_UNKNOWN, at options.exclude[i]: the i-th code)',
      );
    expect(doc.paths['/v1/validate']?.post?.responses['400']?.description).toBe(
      'The body or a parameter cannot be read (INPUT_NOT_JSON, SERVE_PARAM_INVALID, SERVE_PARAM_UNKNOWN, …)',
    );
  });

  it('declares each status the server sends for an operation, with its content type', async () => {
    for (const [method, path, url, init, status] of CASES) {
      const res = await fetch(`${server.url}${url}`, init);
      await res.arrayBuffer();
      const at = `${method.toUpperCase()} ${url}`;
      expect(res.status, at).toBe(status);
      const declared = doc.paths[path]?.[method]?.responses[String(status)];
      expect(declared, `${at}: ${status} is not declared for ${method} ${path}`).toBeDefined();
      const type = (res.headers.get('content-type') ?? '').split(';')[0] as string;
      expect(Object.keys(declared?.content ?? {}), at).toContain(type);
    }
    // The rate limit, last (it uses up the key's one request a minute).
    await fetch(`${server.url}/v1/profiles`, { headers: { authorization: 'Bearer gk_once' } });
    const limited = await fetch(`${server.url}/v1/profiles`, {
      headers: { authorization: 'Bearer gk_once' },
    });
    expect(limited.status).toBe(429);
    expect(doc.paths['/v1/profiles']?.get?.responses['429']).toBeDefined();
  });
});
