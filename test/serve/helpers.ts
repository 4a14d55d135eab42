import { expect } from 'vitest';
import { DEFAULTS, type ServeOptions } from '../../src/serve/app';
import { type Listening, listen } from '../../src/serve/server-node';

/** A server on loopback (port 0) with the defaults and `over`; errors the server logs are collected. */
export async function startServer(
  over: Partial<ServeOptions> = {},
): Promise<Listening & { logged: unknown[] }> {
  const logged: unknown[] = [];
  const s = await listen({ ...DEFAULTS, log: (e) => logged.push(e), ...over }, '127.0.0.1', 0);
  return { ...s, logged };
}

/** A problem+json response: its status, type and code, and no stack trace anywhere in it. */
export async function expectProblem(res: Response, status: number, code: string) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const p = JSON.parse(text) as {
    code: string;
    type: string;
    status: number;
    message: { zh: string; en: string };
    hint: string;
    path: unknown[];
    issues: unknown[];
  };
  expect(p.code).toBe(code);
  expect(p.type).toBe(`urn:gepkit:error:${code}`);
  expect(p.status).toBe(status);
  expect(p.message.zh).toMatch(/[\u4e00-\u9fff]/);
  expect(p.hint.length).toBeGreaterThan(0);
  expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return p;
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
