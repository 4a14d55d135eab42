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
import pg from 'pg';
import { QUEUE_NAMES, connectionOf } from '../../src/queue/connection-node';

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
  const server = await throwawayRedis([]);
  return server === undefined ? undefined : { ...server, url: `${server.url}/${db}` };
}

/**
 * A throwaway Redis server that needs `password` (`--requirepass`), on a free loopback port; undefined (with the
 * reason printed) when redis-server is not installed and CI is not set.
 */
export function passwordRedis(password: string): Promise<TestRedis | undefined> {
  return throwawayRedis(['--requirepass', password], ['-a', password, '--no-auth-warning']);
}

/**
 * A `redis-server` of its own on a free loopback port, persistence off, with `args`, once it answers PING (redis-cli
 * with `cliArgs`); undefined (with the reason printed) when none is installed and CI is not set.
 */
async function throwawayRedis(args: string[], cliArgs: string[] = []): Promise<TestRedis | undefined> {
  if (!hasRedisServer()) {
    if (process.env.CI) throw new Error(NO_REDIS);
    console.warn(`skipped: ${NO_REDIS}`);
    return undefined;
  }
  const port = await freePort();
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args],
    { stdio: 'ignore' },
  );
  // A file whose afterAll never runs (all its cases skipped, or the run interrupted) must not leave the server behind.
  const orphan = () => server.kill('SIGTERM');
  process.once('exit', orphan);
  for (let i = 0; i < 100; i++) {
    try {
      execFileSync('redis-cli', ['-p', String(port), ...cliArgs, 'ping'], { stdio: 'ignore' });
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      process.off('exit', orphan);
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
  const q = new Queue(QUEUE_NAMES.raster, connectionOf(url));
  try {
    return await q.getJobCountByTypes(state);
  } finally {
    await q.close();
  }
}

/** Every value held in the Redis database at `url` (strings, hashes, lists, sets, sorted sets, streams), by key. */
export async function redisValues(url: string): Promise<Map<string, string>> {
  const q = new Queue(QUEUE_NAMES.carbon, connectionOf(url));
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

/** The role of the test cluster that signs in with a password over TCP (scripts/pg-test-cluster.sh). */
const PASSWORD_ROLE = 'gepkit_password';

/**
 * A ledger of its own (a new schema) on the PostgreSQL server at `url` (a superuser's, as the test cluster's is),
 * owned by the role that must give a password: its URL with the password (what a coordinator is given) and
 * without it (what a job carries). Undefined, with the reason printed, when the server lets that role in without
 * one (a cluster not started by scripts/pg-test-cluster.sh); under CI that is an error.
 */
export async function passwordLedger(
  url: string,
  prefix: string,
): Promise<{ withPassword: string; plain: string } | undefined> {
  // One password for every test file: files running at once set it alike.
  const secret = 'gepkit-test-password';
  const schema = `${prefix}_${process.pid}_${Date.now()}`;
  const skip = (why: string) => {
    if (process.env.CI) throw new Error(why);
    console.warn(`skipped: ${why}`);
    return undefined;
  };
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
    await admin.query(
      `DO $$ BEGIN CREATE ROLE ${PASSWORD_ROLE} LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
    );
    await admin.query(`ALTER ROLE ${PASSWORD_ROLE} PASSWORD '${secret}'`);
    await admin.query(`CREATE SCHEMA ${schema} AUTHORIZATION ${PASSWORD_ROLE}`);
  } catch (e) {
    return skip(
      `cannot set up the role ${PASSWORD_ROLE} (${(e as Error).message}): the test cluster of scripts/pg-test-cluster.sh can`,
    );
  } finally {
    await admin.end().catch(() => undefined);
  }
  const u = new URL(url);
  u.username = PASSWORD_ROLE;
  u.searchParams.set('options', `-c search_path=${schema}`);
  const plain = u.toString();
  u.password = secret;
  // A connection without the password must be refused: the server asks this role for one.
  const probe = new pg.Client({ connectionString: plain });
  const refused = await probe.connect().then(
    () => false,
    () => true,
  );
  await probe.end().catch(() => undefined);
  if (refused) return { withPassword: u.toString(), plain };
  return skip(
    `the PostgreSQL server lets ${PASSWORD_ROLE} in without a password: start it with scripts/pg-test-cluster.sh`,
  );
}
