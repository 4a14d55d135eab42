/**
 * Helpers of the queue tests: a Redis server, worker processes of the CLI bundled from source, the example raster
 * in a folder of its own, and the local run to compare with.
 *
 * Redis: GEPKIT_TEST_REDIS_URL when set (.ci/run starts one); otherwise a throwaway `redis-server` on a free
 * loopback port, persistence off, when the binary is installed; otherwise the tests skip with a message saying how
 * to install it, except under CI (env CI set), where a missing Redis fails them.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { connectionOf } from '../../src/queue/connection-node';

export { bundled } from '../bundled';

const ROOT = new URL('../../', import.meta.url).pathname;
export const EXAMPLE = join(ROOT, 'examples', 'raster');

export const NO_REDIS =
  'no Redis server for the queue tests: install one (apt-get install -y redis-server) or set GEPKIT_TEST_REDIS_URL';

function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * The Redis server of the tests, or undefined (with the reason printed) when there is none and CI is not set.
 * Each test file passes its own database number: files run in parallel on one server under CI, and each
 * empties its own database between cases.
 */
export async function testRedis(db: number): Promise<TestRedis | undefined> {
  const given = process.env.GEPKIT_TEST_REDIS_URL;
  if (given) return { url: `${given.replace(/\/\d*$/, '')}/${db}`, stop: async () => undefined };
  if (!hasRedisServer()) {
    if (process.env.CI) throw new Error(NO_REDIS);
    console.warn(`skipped: ${NO_REDIS}`);
    return undefined;
  }
  const port = await freePort();
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}/${db}`;
  for (let i = 0; i < 100; i++) {
    try {
      execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'ignore' });
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    stop: async () => {
      server.kill('SIGTERM');
      await exited(server);
    },
  };
}

/** Empty the database of the tests between cases (each test uses its own database number when it can). */
export function flush(url: string): void {
  const u = new URL(url);
  execFileSync('redis-cli', [
    '-h',
    u.hostname,
    '-p',
    u.port || '6379',
    '-n',
    u.pathname.replace('/', '') || '0',
    'flushdb',
  ]);
}

export const exited = (p: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) resolve(p.exitCode);
    else p.on('exit', (code) => resolve(code));
  });

/** A child process whose standard error (and output) is collected in `log`. */
export interface Proc {
  child: ChildProcess;
  log: () => string;
}

/** Start `node ARGS`; `env`: variables added to this process's environment. */
export function start(args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let text = '';
  // Decoded by each stream, so that a character split across two chunks is read whole.
  for (const s of [child.stdout, child.stderr]) {
    s?.setEncoding('utf8');
    s?.on('data', (t: string) => (text += t));
  }
  return { child, log: () => text };
}

/**
 * Once `doomed` has taken a job (it prints "active ID"), kill it with SIGKILL and start a worker of `cli` with a
 * short stalled-job check, which takes the job over once the dead worker's lock (2 s) expires; the job's id and
 * the rescuer.
 */
export async function killMidJobAndRescue(
  doomed: Proc,
  cli: string,
  url: string,
  what: string,
): Promise<{ killed: string; rescuer: Proc }> {
  await until(() => /^active /m.test(doomed.log()), 60_000, what);
  const killed = (/^active (\S+)/m.exec(doomed.log()) as RegExpExecArray)[1] as string;
  doomed.child.kill('SIGKILL');
  await exited(doomed.child);
  const rescuer = start([
    cli,
    'worker',
    '--queue',
    url,
    '--stalled-interval',
    '500',
    '--lock-duration',
    '2000',
  ]);
  return { killed, rescuer };
}

/** Wait until `ok()` holds, polling every 50 ms; throws after `ms`. */
export async function until(
  ok: () => boolean | Promise<boolean>,
  ms = 60_000,
  what = 'condition',
): Promise<void> {
  const t0 = Date.now();
  while (!(await ok())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Stop worker processes with SIGTERM and wait for them. */
export async function stopAll(procs: Proc[]): Promise<void> {
  for (const p of procs)
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
  await Promise.all(procs.map((p) => exited(p.child)));
}

/** A copy of the example raster in a fresh temporary folder (its outputs go there). */
export function exampleCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gepkit-queue-'));
  cpSync(EXAMPLE, dir, { recursive: true });
  rmSync(join(dir, 'out'), { recursive: true, force: true });
  return dir;
}

/** Jobs of the raster queue in a state, counted by a connection of the test. */
export async function countJobs(
  url: string,
  state: 'waiting' | 'active' | 'completed' | 'failed',
): Promise<number> {
  const q = new Queue('gepkit-raster', connectionOf(url));
  try {
    return await q.getJobCountByTypes(state);
  } finally {
    await q.close();
  }
}

/** Every value held in the Redis database at `url` (strings, hashes, lists, sets, sorted sets, streams), by key. */
export async function redisValues(url: string): Promise<Map<string, string>> {
  const q = new Queue('gepkit-carbon', connectionOf(url));
  try {
    const c = await q.client;
    const out = new Map<string, string>();
    for (const key of (await c.runCommand('keys', ['*'])) as string[]) {
      const type = (await c.runCommand('type', [key])) as string;
      const value =
        type === 'string'
          ? await c.get(key)
          : type === 'hash'
            ? await c.hgetall(key)
            : type === 'list'
              ? await c.lrange(key, 0, -1)
              : type === 'set'
                ? await c.smembers(key)
                : type === 'zset'
                  ? await c.zrange(key, 0, -1)
                  : type === 'stream'
                    ? await c.runCommand('xrange', [key, '-', '+'])
                    : `(${type})`;
      out.set(key, JSON.stringify(value));
    }
    return out;
  } finally {
    await q.close();
  }
}
