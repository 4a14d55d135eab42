import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { type Server, type Socket, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { exitWith } from '../../src/cli/shared';
import { probe } from '../../src/queue/connection-node';
import { errorOf } from '../helpers';
import { EXAMPLE, bundled, exited, start } from './helpers';

/**
 * A queue URL that reaches something other than Redis stops the coordinators and the worker at once with
 * QUEUE_UNREACHABLE (docs/queue.md § Faults): a web server that answers 400 and keeps the connection, a peer that
 * hangs up, one that never answers or trickles bytes that never make an answer (after `ms`). None of them needs a
 * Redis server. And a command whose promise never settles does not exit 0.
 */

/** A loopback server whose connections are handled by `onSocket`; its URL as a queue URL. */
async function fakeServer(onSocket: (s: Socket) => void): Promise<{ url: string; server: Server }> {
  const server = createServer(onSocket);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `redis://127.0.0.1:${port}`, server };
}

const sockets: Socket[] = [];
const keep = (s: Socket) => {
  sockets.push(s);
  s.on('error', () => undefined);
};
/** A web server: answers any request with 400 and keeps the connection open. */
const http400 = await fakeServer((s) => {
  keep(s);
  s.once('data', () =>
    s.write('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nBad Request'),
  );
});
/** A peer that hangs up as soon as it has read the request. */
const hangsUp = await fakeServer((s) => {
  keep(s);
  s.once('data', () => s.end());
});
/** A peer that accepts and never answers. */
const silent = await fakeServer(keep);
/** A peer that sends a byte every 50 ms and never a whole line. */
const trickle = await fakeServer((s) => {
  keep(s);
  const t = setInterval(() => s.write('x'), 50);
  s.on('close', () => clearInterval(t));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  for (const { server } of [http400, hangsUp, silent, trickle])
    await new Promise((r) => server.close(() => r(undefined)));
});

async function cli(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await runCli(args, { out: () => undefined, err: (s) => (err += s) });
  return { code, err };
}

const commands = (url: string, out: string) => [
  ['worker', '--queue', url],
  [
    'carbon',
    join(EXAMPLE, '..', 'carbon', 'activities.jsonl'),
    '--rules',
    'jx-lvbao-example',
    '--queue',
    url,
    '--partitions',
    '2',
    '--out-dir',
    join(out, 'carbon'),
  ],
  ['raster', join(EXAMPLE, 'config.json'), '--queue', url, '--quiet', '--out', join(out, 'raster.json')],
];

describe('a queue URL that reaches no Redis server', () => {
  it('a web server answering 400: QUEUE_UNREACHABLE at once from the worker and both coordinators, nothing written', async () => {
    const out = mkdtempSync(join(tmpdir(), 'gepkit-queue-http-'));
    for (const args of commands(http400.url, out)) {
      const started = Date.now();
      const r = await cli(args);
      expect(r.code, args[0]).toBe(1);
      expect(r.err).toContain('QUEUE_UNREACHABLE');
      expect(r.err).toContain(
        `Cannot reach the queue server ${http400.url}: not a Redis server: it answered HTTP/1.1 400 Bad Request`,
      );
      expect(r.err).toContain(
        `无法连接队列服务器 ${http400.url}：不是 Redis 服务器：它答复 HTTP/1.1 400 Bad Request`,
      );
      expect(Date.now() - started).toBeLessThan(3000);
    }
    expect(existsSync(join(out, 'carbon', 'summary.json'))).toBe(false);
    expect(existsSync(join(out, 'raster.json'))).toBe(false);
  });

  it('a peer that hangs up without answering: QUEUE_UNREACHABLE at once', async () => {
    const out = mkdtempSync(join(tmpdir(), 'gepkit-queue-hangup-'));
    for (const args of commands(hangsUp.url, out)) {
      const r = await cli(args);
      expect(r.code, args[0]).toBe(1);
      expect(r.err).toContain(
        `Cannot reach the queue server ${hangsUp.url}: the server closed the connection without answering PING`,
      );
      expect(r.err).toContain('服务器未应答 PING 就关闭了连接');
    }
  });

  it('a peer that never answers, or sends bytes that never make an answer: QUEUE_UNREACHABLE after ms', async () => {
    for (const { url } of [silent, trickle]) {
      const started = Date.now();
      const e = await probe(url, 400).catch((x: unknown) => x);
      const issue = errorOf(() => {
        throw e;
      }).issues[0];
      expect(issue?.code).toBe('QUEUE_UNREACHABLE');
      expect(issue?.message.en).toBe(`Cannot reach the queue server ${url}: no answer within 400 ms`);
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it('the installed binary exits 1 with the error, not 0 with nothing (a web server on the port)', async () => {
    const bin = await bundled('src/cli/bin.ts', 'unreachable-cli');
    const p = start([bin, 'worker', '--queue', http400.url]);
    expect(await exited(p.child)).toBe(1);
    expect(p.log()).toContain('QUEUE_UNREACHABLE');
  }, 30_000);
});

describe('a command that never settles', () => {
  /** A process as exitWith sees it: 'beforeExit' emitted by the test. */
  const fakeProcess = () => {
    const emitter = new EventEmitter();
    let err = '';
    const proc = Object.assign(emitter, {
      exitCode: undefined as number | undefined,
      stderr: { write: (s: string) => ((err += s), true) },
    });
    return { proc, err: () => err };
  };

  it('the event loop drained before it settled: an internal error, exit code 70, never 0', () => {
    const { proc, err } = fakeProcess();
    exitWith(new Promise<number>(() => undefined), proc as never);
    proc.emit('beforeExit', 0);
    expect(proc.exitCode).toBe(70);
    expect(err()).toContain('internal error: the command stopped before it finished');
  });

  it('a command that settles keeps its exit code; a thrown error is 70 with its message', async () => {
    const ok = fakeProcess();
    exitWith(Promise.resolve(1), ok.proc as never);
    await new Promise((r) => setImmediate(r));
    ok.proc.emit('beforeExit', 0);
    expect(ok.proc.exitCode).toBe(1);
    expect(ok.err()).toBe('');
    const thrown = fakeProcess();
    exitWith(Promise.reject(new Error('boom')), thrown.proc as never);
    await new Promise((r) => setImmediate(r));
    expect(thrown.proc.exitCode).toBe(70);
    expect(thrown.err()).toContain('boom');
  });
});
