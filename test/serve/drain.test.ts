import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { type Socket, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../src/carbon/hash-node';
import { bundledRuleSet } from '../../src/carbon/rules/bundled';
import { MemoryLedgerStore } from '../../src/carbon/store';
import { MemoryAuditStore } from '../../src/serve/audit';
import { keyHash, loadKeys } from '../../src/serve/keys';
import { startServer } from './helpers';

/**
 * A graceful stop of `gepkit serve` (src/serve/drain.ts, server-node.ts): the CLI runs in a child process, bundled
 * from the sources for the test, and is sent SIGTERM while requests are in flight, their bodies written slowly on
 * raw sockets (so the test decides when each byte arrives, and can send a second request on a kept-alive connection).
 */
const ROOT = resolve(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'gepkit-serve-drain-'));
const cli = join(work, 'serve-cli.cjs');
const CONTEXT = readFileSync(join(ROOT, 'examples', 'vep', 'context.json'), 'utf8');
const [HEADER, ...ROWS] = readFileSync(join(ROOT, 'examples', 'vep', 'parcels.csv'), 'utf8')
  .trimEnd()
  .split('\n');
const ACCOUNT = readFileSync(join(ROOT, 'examples', 'jiangxi-county', 'input.json'));

beforeAll(async () => {
  await build({
    stdin: {
      contents:
        "import { serveCommand } from './src/cli/serve';\n" +
        'serveCommand(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), errIsTTY: false })' +
        '.then((c) => { process.exitCode = c; });\n',
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: cli,
    // Native and server-side client packages load from the repository's node_modules (NODE_PATH below).
    external: ['better-sqlite3', 'pg', 'pg-native', 'bullmq', 'ioredis'],
    logLevel: 'error',
  });
}, 60_000);

interface Server {
  child: ChildProcess;
  port: number;
  err: () => string;
  exited: Promise<number | null>;
}

async function start(args: string[]): Promise<Server> {
  const child = spawn(process.execPath, [cli, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
  });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const port = await new Promise<number>((ok, fail) => {
    let out = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m !== null) ok(Number(m[1]));
    });
    child.on('exit', () => fail(new Error(`the server exited: ${err}`)));
  });
  return { child, port, err: () => err, exited };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `f()` holds, checked every 10 ms. */
async function until(f: () => boolean): Promise<void> {
  while (!f()) await sleep(10);
}

/** A raw connection: what it has received so far, and whether it is closed. */
function open(port: number): { socket: Socket; received: () => string; closed: Promise<void> } {
  const socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (b: Buffer) => chunks.push(b));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((r) => socket.on('close', () => r()));
  return { socket, received: () => Buffer.concat(chunks).toString('utf8'), closed };
}

/** A chunk of a chunked request body. */
const chunk = (s: string) => `${Buffer.byteLength(s).toString(16)}\r\n${s}\r\n`;

interface Parsed {
  status: number;
  headers: Record<string, string>;
  body: string;
  rest: string;
}

/** The first HTTP/1.1 response of `raw` (its body de-chunked) and the bytes after it; undefined if incomplete. */
function parse(raw: string): Parsed | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = raw.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
  }
  const status = Number(statusLine?.split(' ')[1]);
  let at = end + 4;
  const bytes = Buffer.from(raw.slice(at), 'utf8');
  if (headers['content-length'] !== undefined) {
    const n = Number(headers['content-length']);
    if (bytes.length < n) return undefined;
    return {
      status,
      headers,
      body: bytes.subarray(0, n).toString('utf8'),
      rest: bytes.subarray(n).toString('utf8'),
    };
  }
  // chunked: size line, data, CRLF … until the zero-size chunk
  let body = Buffer.alloc(0);
  let pos = 0;
  at = 0;
  for (;;) {
    const eol = bytes.indexOf('\r\n', pos);
    if (eol < 0) return undefined;
    const size = parseInt(bytes.subarray(pos, eol).toString('latin1'), 16);
    if (size === 0) {
      if (bytes.length < eol + 4) return undefined;
      return { status, headers, body: body.toString('utf8'), rest: bytes.subarray(eol + 4).toString('utf8') };
    }
    if (bytes.length < eol + 2 + size + 2) return undefined;
    body = Buffer.concat([body, bytes.subarray(eol + 2, eol + 2 + size)]);
    pos = eol + 2 + size + 2;
  }
}

async function contextId(port: number): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${port}/v1/vep/contexts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: CONTEXT,
  });
  return ((await r.json()) as { id: string }).id;
}

/** A /v1/vep/value request whose body is sent in chunks: the head and the CSV header with the first row. */
function startValue(port: number, id: string) {
  const c = open(port);
  c.socket.write(
    `POST /v1/vep/value?context=${encodeURIComponent(id)} HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n`,
  );
  c.socket.write(chunk(`${HEADER}\n${ROWS[0]}\n`));
  return c;
}

/** A request on a new connection: refused once the server has stopped listening (or answered 503 before). */
function newConnection(port: number): Promise<string> {
  return new Promise((done) => {
    const req = get({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
      let body = '';
      res.on('data', (b: Buffer) => (body += b.toString()));
      res.on('end', () => done(`${res.statusCode} ${(JSON.parse(body) as { code?: string }).code ?? ''}`));
    });
    req.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? String(e)));
  });
}

describe('gepkit serve on SIGTERM', () => {
  it('lets the requests in flight finish (a stream, an upload), refuses new ones, and exits 0', async () => {
    const s = await start(['--drain-seconds', '20']);
    const id = await contextId(s.port);
    const value = startValue(s.port, id);
    // The stream has started: the first parcel's result is back.
    await until(() => value.received().includes('"ZX-0001"'));
    // An account upload: the head and half its body.
    const upload = open(s.port);
    upload.socket.write(
      `POST /v1/account HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${ACCOUNT.length}\r\nConnection: close\r\n\r\n`,
    );
    upload.socket.write(ACCOUNT.subarray(0, ACCOUNT.length / 2));
    await sleep(200);

    s.child.kill('SIGTERM');
    await until(() => s.err().includes('stopping'));
    expect(s.err()).toContain('gepkit serve: SIGTERM: stopping; 2 request(s) in flight get up to 20 s');
    expect(await newConnection(s.port)).toMatch(/^(ECONNREFUSED|503 SERVE_SHUTTING_DOWN)$/);

    // The rest of the stream's body, slowly; then, on its kept-alive connection, a second request while the
    // upload still keeps the server draining; then the rest of the upload.
    for (const row of ROWS.slice(1)) {
      value.socket.write(chunk(`${row}\n`));
      await sleep(50);
    }
    value.socket.write('0\r\n\r\n');
    await until(() => parse(value.received()) !== undefined);
    value.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await value.closed;
    upload.socket.write(ACCOUNT.subarray(ACCOUNT.length / 2));
    await upload.closed;
    const streamed = parse(value.received()) as Parsed;
    expect(streamed.status).toBe(200);
    const lines = streamed.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id?: string; summary?: unknown; problem?: unknown });
    expect(lines).toHaveLength(ROWS.length + 1);
    expect(lines.at(-1)?.summary).toBeDefined();
    expect(streamed.body).not.toContain('"problem"');
    // The request sent on the kept-alive connection during the drain: 503, the connection closed.
    const second = parse(streamed.rest) as Parsed;
    expect(second.status).toBe(503);
    expect(second.headers.connection).toBe('close');
    expect(second.headers['retry-after']).toBe('5');
    expect(JSON.parse(second.body)).toMatchObject({ code: 'SERVE_SHUTTING_DOWN' });
    const account = parse(upload.received()) as Parsed;
    expect(account.status).toBe(200);
    expect(JSON.parse(account.body)).toHaveProperty('totals');

    expect(await s.exited).toBe(0);
    expect(s.err()).toContain('gepkit serve: stopped: 2 request(s) drained, 0 cut');
  }, 60_000);

  it('an answer begun after the drain started says Connection: close, where it would have kept the connection', async () => {
    const s = await start(['--drain-seconds', '20']);
    // An account upload on a connection the client would keep (no Connection: close): half its body, then SIGTERM
    const upload = open(s.port);
    upload.socket.write(
      `POST /v1/account?format=csv HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${ACCOUNT.length}\r\n\r\n`,
    );
    upload.socket.write(ACCOUNT.subarray(0, ACCOUNT.length / 2));
    await sleep(200);
    s.child.kill('SIGTERM');
    await until(() => s.err().includes('stopping'));
    upload.socket.write(ACCOUNT.subarray(ACCOUNT.length / 2));
    await until(() => parse(upload.received()) !== undefined);
    const answered = parse(upload.received()) as Parsed;
    expect(answered.status).toBe(200);
    expect(answered.headers.connection).toBe('close');
    await upload.closed;
    expect(await s.exited).toBe(0);
  }, 60_000);

  it('ends a stream still running when the drain time is up with a problem line, and exits 0', async () => {
    const s = await start(['--drain-seconds', '1']);
    const id = await contextId(s.port);
    const value = startValue(s.port, id);
    await until(() => value.received().includes('"ZX-0001"'));
    // An account upload whose body never ends: no answer has started when the drain time is up.
    const upload = open(s.port);
    upload.socket.write(
      `POST /v1/account HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${ACCOUNT.length}\r\n\r\n`,
    );
    upload.socket.write(ACCOUNT.subarray(0, 100));
    await sleep(200);
    s.child.kill('SIGTERM');
    // Neither body is ever finished: after 1 s the server ends both responses.
    await until(() => parse(value.received()) !== undefined);
    const streamed = parse(value.received()) as Parsed;
    expect(streamed.status).toBe(200);
    const lines = streamed.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id?: string; problem?: { code: string; status: number } });
    expect(lines[0]?.id).toBe('ZX-0001');
    expect(lines.at(-1)?.problem).toMatchObject({ code: 'SERVE_SHUTTING_DOWN', status: 503 });
    expect(streamed.body).not.toContain('"summary"');
    // The upload is refused, its connection closed.
    await until(() => parse(upload.received()) !== undefined);
    const refused = parse(upload.received()) as Parsed;
    expect(refused.status).toBe(503);
    expect(refused.headers.connection).toBe('close');
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'SERVE_SHUTTING_DOWN', instance: '/v1/account' });
    expect(await s.exited).toBe(0);
    expect(s.err()).toContain('gepkit serve: stopped: 0 request(s) drained, 2 cut');
  }, 60_000);
});

describe('a carbon stream cut by the drain time', () => {
  it('keeps the lines answered, appends none of the chunk being read, and ends with the problem line', async () => {
    const lines = readFileSync(join(ROOT, 'examples', 'carbon', 'activities.jsonl'), 'utf8')
      .trimEnd()
      .split('\n');
    const store = new MemoryLedgerStore();
    const audit = new MemoryAuditStore();
    const s = await startServer({
      keys: loadKeys({ keys: [{ id: 'op', role: 'operator', sha256: keyHash('gk_op') }] }, 'keys.json'),
      carbon: {
        store,
        audit,
        batch: { rules: bundledRuleSet('jx-lvbao-example') },
        hash: nodeSha256,
        chunk: 2,
      },
    });
    const c = open(Number(new URL(s.url).port));
    c.socket.write(
      'POST /v1/carbon/activities HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer gk_op\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    // Two lines: one chunk, appended and answered; then a third, whose chunk is never complete.
    c.socket.write(chunk(`${lines[0]}\n${lines[1]}\n`));
    await until(() => c.received().split('"line"').length > 2);
    c.socket.write(chunk(`${lines[2]}\n`));
    await sleep(100);
    const stopped = await s.close(200);
    expect(stopped).toEqual({ drained: 0, cut: 1 });
    const r = parse(c.received()) as Parsed;
    expect(r.status).toBe(200);
    const out = r.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { line?: number; problem?: { code: string } });
    expect(out.map((l) => l.line ?? l.problem?.code)).toEqual([1, 2, 'SERVE_SHUTTING_DOWN']);
    const head = await store.head();
    expect((await audit.head()).count).toBe(1);
    const records: { ledger: { to: number }; lines: { first: number; last: number } }[] = [];
    for await (const x of audit.records()) records.push(x);
    expect(records[0]?.lines).toMatchObject({ first: 1, last: 2 });
    expect(records[0]?.ledger.to).toBe(head.seq);
  });
});
