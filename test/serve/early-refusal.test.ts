import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer } from './helpers';

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer({ maxDraws: 50 });
});
afterAll(() => server.close());

it('a refusal sent before the body is read reaches a client still sending a large body', async () => {
  // 2 MB of JSON: far more than a socket's buffers, so the client is still writing when the refusal is sent
  const body = JSON.stringify({ notes: 'x'.repeat(2_000_000) });
  for (let i = 0; i < 5; i++) {
    const r = await fetch(`${server.url}/v1/uncertainty?draws=51`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { code: string }).code).toBe('SERVE_PARAM_INVALID');
  }
});
