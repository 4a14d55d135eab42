import { cpSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import type { Issue } from '../../src/core/errors';
import { Queue } from 'bullmq';
import { QUEUE_NAMES, connectionOf, openQueue, probe } from '../../src/queue/connection-node';
import { QUEUE_ERRORS } from '../../src/queue/errors';
import { failureIssues } from '../../src/queue/jobs-node';
import { runRasterOnQueue } from '../../src/queue/raster-node';
import { openRun } from '../../src/queue/run-node';
import { ISSUES_MARKER } from '../../src/queue/job';
import { spoolLines } from '../../src/queue/spool-node';
import { rasterIssue } from '../../src/raster/errors';
import { runCarbonTask } from '../../src/queue/carbon-task-node';
import { errorOf } from '../helpers';
import { testPostgres } from '../carbon/store-helpers';
import { EXAMPLE, flush, passwordLedger, passwordRedis, testRedis, until } from './helpers';

/** One trigger per code of the queue's catalogue (src/queue/errors.ts); the last test checks none is left out. */
const triggered = new Set<string>();

async function cli(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await runCli(args, { out: () => undefined, err: (s) => (err += s) });
  return { code, err };
}

function expectCode(err: string, code: keyof typeof QUEUE_ERRORS): void {
  expect(err).toContain(code);
  triggered.add(code);
}

const redis = await testRedis(3);
// The database of this file is emptied before each case and after the last one: a run stored by an earlier
// run of the file (QUEUE_RUN_MISMATCH's 'mismatch-test') would be resumed instead of started.
if (redis) beforeEach(() => flush(redis.url));
afterAll(async () => {
  if (redis) flush(redis.url);
  await redis?.stop();
});
const PG = testPostgres('errors.test.ts');
const pwLedger = PG !== undefined ? await passwordLedger(PG, 'qe') : undefined;

describe('queue error codes', () => {
  it('QUEUE_RUN_MISMATCH names what differs in both languages; a word the tables lack is kept as written', () => {
    const m = (what: string) => {
      const p = { run: 'r1', what };
      return [QUEUE_ERRORS.QUEUE_RUN_MISMATCH.zh(p), QUEUE_ERRORS.QUEUE_RUN_MISMATCH.en(p)];
    };
    expect(m('layers')).toEqual([
      '运行 r1 启动时的图层文件与本次不同，不能续算',
      'Run r1 was started with other layer files; it cannot be resumed with these inputs',
    ]);
    // Also a word named like a property every object inherits.
    expect(m('constructor')).toEqual([
      '运行 r1 启动时的constructor与本次不同，不能续算',
      'Run r1 was started with other constructor; it cannot be resumed with these inputs',
    ]);
  });

  it('QUEUE_URL_INVALID: a queue address that is not redis://host:port[/db]', async () => {
    const r = await cli(['worker', '--queue', 'http://127.0.0.1:6379']);
    expect(r.code).toBe(1);
    expectCode(r.err, 'QUEUE_URL_INVALID');
    expect(r.err).toContain('scheme http: is not redis: or rediss:');
    expect(r.err).toContain('队列地址 http://127.0.0.1:6379 无效：协议 http: 不是 redis: 或 rediss:');
  });

  it('QUEUE_UNREACHABLE: nothing listens on the port (the coordinator and a worker both stop at once)', async () => {
    const closed = 'redis://127.0.0.1:1';
    const r = await cli(['raster', join(EXAMPLE, 'config.json'), '--queue', closed, '--quiet']);
    expect(r.code).toBe(1);
    expectCode(r.err, 'QUEUE_UNREACHABLE');
    expect(r.err).toContain('ECONNREFUSED');
    expect((await cli(['worker', '--queue', closed])).err).toContain('QUEUE_UNREACHABLE');
  });

  it('QUEUE_UNREACHABLE: a server that needs a password the URL does not give, a wrong one, a database it lacks', async () => {
    // BullMQ waits for ever on such a server (the port answers, every command is refused): the check signs in,
    // selects the database and asks PING first, and both commands stop at once.
    const locked = await passwordRedis('s3cret');
    if (locked === undefined) return;
    try {
      const base = locked.url;
      const withPassword = base.replace('redis://', 'redis://:s3cret@');
      for (const args of [
        ['raster', join(EXAMPLE, 'config.json'), '--queue', base, '--quiet'],
        ['worker', '--queue', base],
      ]) {
        const started = Date.now();
        const r = await cli(args);
        expect(r.code).toBe(1);
        expectCode(r.err, 'QUEUE_UNREACHABLE');
        expect(r.err).toContain(
          `Cannot reach the queue server ${base}: the server answered NOAUTH Authentication required.`,
        );
        expect(r.err).toContain(`无法连接队列服务器 ${base}：服务器答复 NOAUTH Authentication required.`);
        expect(Date.now() - started).toBeLessThan(5000);
      }
      const wrong = await cli(['worker', '--queue', base.replace('redis://', 'redis://:nope@')]);
      expect(wrong.err).toContain('the server answered WRONGPASS');
      // the password is never printed
      expect(wrong.err).toContain(`${base.replace('redis://', 'redis://:***@')}`);
      expect(wrong.err).not.toContain('nope');
      const db = await cli(['worker', '--queue', `${withPassword}/99`]);
      expect(db.err).toContain('the server answered ERR DB index is out of range');
      await expect(probe(withPassword)).resolves.toBeUndefined();
      // a password given to a server that needs none: ioredis only warns, so the check passes too
      if (redis !== undefined)
        await expect(probe(redis.url.replace('redis://', 'redis://:unneeded@'))).resolves.toBeUndefined();
      await expect(probe(`${withPassword}/2`)).resolves.toBeUndefined();
    } finally {
      await locked.stop();
    }
  });

  it('QUEUE_OPTION_INVALID: --concurrency 0, a lock outside 1000 … 2³¹ − 1 ms, a stalled check past 2³¹ − 1 ms, a run id with a colon', async () => {
    const r = await cli(['worker', '--queue', 'redis://127.0.0.1:1', '--concurrency', '0']);
    expect(r.code).toBe(1);
    expectCode(r.err, 'QUEUE_OPTION_INVALID');
    expect(r.err).toContain('Invalid option --concurrency: a whole number from 1 to 9007199254740991, got 0');
    expect(r.err).toContain('选项 --concurrency 无效：应为 1 至 9007199254740991 之间的整数，实际为 0');
    // A lock of 999 ms expires under a worker busy with a tile; 2³¹ ms (2,147,483,648) is past Node's longest
    // timer, which would fire after 1 ms. Both bounds are refused before the queue is reached (port 1: nothing
    // listens, so a worker that went on would fail QUEUE_UNREACHABLE instead).
    for (const [option, value, min] of [
      ['--lock-duration', '999', 1000],
      ['--lock-duration', '2147483648', 1000],
      ['--stalled-interval', '0', 1],
      ['--stalled-interval', '2147483648', 1],
      ['--stalled-interval', '1000.5', 1],
      // Decimal digits only: Number() read "1e4" as 10000 and "0x3e8" as 1000
      ['--lock-duration', '1e4', 1000],
      ['--lock-duration', '0x3e8', 1000],
    ] as const) {
      const bad = await cli(['worker', '--queue', 'redis://127.0.0.1:1', option, value]);
      expect(bad.code).toBe(1);
      expectCode(bad.err, 'QUEUE_OPTION_INVALID');
      expect(bad.err).toContain(
        `Invalid option ${option}: a whole number from ${min} to 2147483647, got ${value}`,
      );
    }
    // The bounds themselves are taken: the worker goes on to the queue, which is not there.
    for (const [option, value] of [
      ['--lock-duration', '1000'],
      ['--lock-duration', '2147483647'],
      ['--stalled-interval', '1'],
      ['--stalled-interval', '2147483647'],
    ] as const)
      expectCode(
        (await cli(['worker', '--queue', 'redis://127.0.0.1:1', option, value])).err,
        'QUEUE_UNREACHABLE',
      );
    const id = await cli([
      'raster',
      join(EXAMPLE, 'config.json'),
      '--queue',
      redis?.url ?? 'redis://127.0.0.1:1',
      '--run-id',
      'a:b',
      '--quiet',
    ]);
    if (redis) expect(id.err).toContain('QUEUE_OPTION_INVALID');
  });

  it('QUEUE_JOB_FAILED: a failed job, with the worker’s own issues after it', () => {
    const own = rasterIssue('RASTER_FILE_UNREADABLE', ['layers', 'npp', 'file'], {
      layer: 'npp',
      file: '/shared/npp.tif',
      detail: 'ENOENT',
    });
    const issues: Issue[] = failureIssues({
      id: 'r.compute.3.x.y',
      attemptsMade: 1,
      failedReason: `${ISSUES_MARKER}${JSON.stringify([own])}`,
    });
    expect(issues.map((i) => i.code)).toEqual(['QUEUE_JOB_FAILED', 'RASTER_FILE_UNREADABLE']);
    expect(issues[0]?.message.en).toBe(
      'Queue job r.compute.3.x.y failed after 1 attempt(s): RASTER_FILE_UNREADABLE: Cannot read raster layer npp (/shared/npp.tif): ENOENT',
    );
    // the Chinese message gives the worker's issues in Chinese (the detailZh parameter)
    expect(issues[0]?.message.zh).toBe(
      `队列任务 r.compute.3.x.y 在 1 次尝试后失败：RASTER_FILE_UNREADABLE：${own.message.zh}`,
    );
    expect(own.message.zh).toMatch(/^无法读取栅格图层/);
    // Any other error: its message as the detail, no issues of its own.
    const plain = failureIssues({ id: 'j', attemptsMade: 3, failedReason: 'ECONNRESET' });
    expect(plain).toHaveLength(1);
    expect(plain[0]?.message.en).toContain('after 3 attempt(s): ECONNRESET');
    expect(plain[0]?.message.zh).toBe('队列任务 j 在 3 次尝试后失败：ECONNRESET');
    triggered.add('QUEUE_JOB_FAILED');
  });

  it('QUEUE_SPOOL_INVALID: a partition job whose spool file is missing, or not the bytes the coordinator hashed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-queue-spool-'));
    writeFileSync(join(dir, 'p0.lines'), '1\t"{}"\n');
    for (const file of [
      { path: join(dir, 'p0.lines'), sha256: '0'.repeat(64), lines: 1 },
      { path: join(dir, 'absent.lines'), sha256: '0'.repeat(64), lines: 1 },
    ]) {
      const e = await (async () => {
        for await (const _ of spoolLines(file)) return undefined;
      })().catch((x: unknown) => x);
      const issue = errorOf(() => {
        throw e;
      }).issues[0];
      expect(issue?.code).toBe('QUEUE_SPOOL_INVALID');
      expect(issue?.message.en).toContain(`The spool file ${file.path} is missing or changed`);
      // in Chinese: the hash found and the job's, or the cause of a file that cannot be read
      expect(issue?.message.zh).toMatch(
        file.path.endsWith('absent.lines')
          ? /^分区文件 .*absent\.lines 缺失或已改变：文件不存在$/
          : /^分区文件 .*p0\.lines 缺失或已改变：sha256 为 [0-9a-f]{64}，任务记录的是 0{64}$/,
      );
    }
    triggered.add('QUEUE_SPOOL_INVALID');
  });

  it.skipIf(redis === undefined)('QUEUE_RUN_MISMATCH: a run resumed with other layers', async () => {
    const queue = await openQueue(redis?.url as string, QUEUE_NAMES.raster);
    try {
      const first = await openRun(queue, 'mismatch-test', { config: 'c1', layers: 'l1' });
      expect(first.resumed).toBe(false);
      expect((await openRun(queue, 'mismatch-test', { config: 'c1', layers: 'l1' })).resumed).toBe(true);
      const e = await openRun(queue, 'mismatch-test', { config: 'c1', layers: 'l2' }).catch(
        (x: unknown) => x,
      );
      const issue = errorOf(() => {
        throw e;
      }).issues[0];
      expect(issue?.code).toBe('QUEUE_RUN_MISMATCH');
      expect(issue?.message.en).toBe(
        'Run mismatch-test was started with other layer files; it cannot be resumed with these inputs',
      );
      triggered.add('QUEUE_RUN_MISMATCH');
      // A run started by another gepkit version (its record written as that version writes it) is not resumed:
      // its finished jobs and spooled partitions came from other code.
      const client = await queue.client;
      await client.hset('gepkit:run:version-test', {
        gepkit: '0.0.1',
        config: 'c1',
        layers: 'l1',
        state: 'failed',
      });
      const skew = await openRun(queue, 'version-test', { config: 'c1', layers: 'l1' }).catch(
        (x: unknown) => x,
      );
      expect(
        errorOf(() => {
          throw skew;
        }).issues[0]?.message.en,
      ).toBe(
        'Run version-test was started with other gepkit code (another version); it cannot be resumed with these inputs',
      );
    } finally {
      await queue.close();
    }
  });

  it.skipIf(redis === undefined)(
    'QUEUE_RUN_LOST: the server loses the queue mid-run (restarted without persistence): the coordinators stop, a carbon run’s spool goes',
    async () => {
      const url = redis?.url as string;
      /** Jobs waiting in a queue of this file's database. */
      const waiting = async (name: string) => {
        const q = new Queue(name, connectionOf(url));
        try {
          return await q.getWaitingCount();
        } finally {
          await q.close();
        }
      };
      // No worker runs: the jobs wait, and the server loses them (its database emptied, as a restart without
      // persistence leaves it).
      const dir = mkdtempSync(join(tmpdir(), 'gepkit-queue-lost-'));
      cpSync(join(EXAMPLE, '..', 'carbon', 'activities.jsonl'), join(dir, 'activities.jsonl'));
      const carbon = cli([
        'carbon',
        join(dir, 'activities.jsonl'),
        '--rules',
        'jx-lvbao-example',
        '--queue',
        url,
        '--partitions',
        '2',
        '--run-id',
        'lost-test',
        '--out-dir',
        join(dir, 'out'),
      ]);
      await until(async () => (await waiting(QUEUE_NAMES.carbon)) === 2, 30_000, 'the partition jobs');
      expect(existsSync(join(dir, '.gepkit-spool', 'lost-test'))).toBe(true);
      flush(url);
      const started = Date.now();
      const r = await carbon;
      expect(r.code).toBe(1);
      expectCode(r.err, 'QUEUE_RUN_LOST');
      expect(r.err).toMatch(
        /The queue server no longer holds job lost-test\.partition\.\d\.\S+ of run lost-test: the run's queue is lost/,
      );
      expect(r.err).toContain('运行 lost-test 的任务');
      expect(Date.now() - started).toBeLessThan(10_000);
      // The run cannot be resumed: its spool folder is removed (and the folders the run made, empty, with it: the
      // spool root and the out-dir, which no result was written to), and its record is not made again with a state
      // alone (a --run-id would then be taken as another version's run).
      expect(readdirSync(dir)).toEqual(['activities.jsonl']);
      const queue = await openQueue(url, QUEUE_NAMES.raster);
      try {
        expect(await (await queue.client).hgetall('gepkit:run:lost-test')).toEqual({});
      } finally {
        await queue.close();
      }
      // A raster coordinator alike.
      const raster = runRasterOnQueue(join(EXAMPLE, 'config.json'), { url, sweepMs: 200 }).catch(
        (e: unknown) => e,
      );
      await until(async () => (await waiting(QUEUE_NAMES.raster)) > 0, 30_000, 'the scan jobs');
      flush(url);
      const e = await raster;
      const issue = errorOf(() => {
        throw e;
      }).issues[0];
      expect(issue?.code).toBe('QUEUE_RUN_LOST');
    },
    60_000,
  );

  it.skipIf(pwLedger === undefined)(
    'QUEUE_LEDGER_AUTH: a partition job on a ledger whose server asks for a password the worker does not have',
    async () => {
      const ledger = pwLedger as NonNullable<typeof pwLedger>;
      const dir = mkdtempSync(join(tmpdir(), 'gepkit-queue-auth-'));
      writeFileSync(join(dir, 'p0.lines'), '');
      const saved = { password: process.env.PGPASSWORD, file: process.env.PGPASSFILE };
      delete process.env.PGPASSWORD;
      process.env.PGPASSFILE = join(dir, 'no-such-pgpass');
      try {
        const e = await runCarbonTask({
          spool: { path: join(dir, 'p0.lines'), sha256: '0'.repeat(64), lines: 0 },
          results: join(dir, 'p0.results.jsonl'),
          balances: join(dir, 'p0.balances.jsonl'),
          partitions: 1,
          partition: 0,
          rules: null,
          factors: [],
          methodologies: [],
          reductions: 'when-available',
          strict: false,
          now: 0,
          ledger: { target: ledger.plain, journal: join(dir, 'p0.journal.json'), chunk: 10 },
        }).catch((x: unknown) => x);
        const issue = errorOf(() => {
          throw e;
        }).issues[0];
        expect(issue?.code).toBe('QUEUE_LEDGER_AUTH');
        expect(issue?.message.en).toBe(
          `The worker cannot sign in to the ledger database ${ledger.plain}: the server asks for a password and the worker has none (no PGPASSWORD, no matching line in its password file)`,
        );
        triggered.add('QUEUE_LEDGER_AUTH');
      } finally {
        if (saved.password !== undefined) process.env.PGPASSWORD = saved.password;
        if (saved.file !== undefined) process.env.PGPASSFILE = saved.file;
        else delete process.env.PGPASSFILE;
      }
    },
    60_000,
  );

  it('every code of the catalogue is triggered above', () => {
    const codes = Object.keys(QUEUE_ERRORS)
      .filter((c) => redis || (c !== 'QUEUE_RUN_MISMATCH' && c !== 'QUEUE_RUN_LOST'))
      .filter((c) => pwLedger || c !== 'QUEUE_LEDGER_AUTH');
    expect(codes.filter((c) => !triggered.has(c))).toEqual([]);
  });
});

describe('queue error codes: the detail in Chinese', () => {
  it('each form gepkit writes; a system’s or server’s message, and a detail with more text, as written', () => {
    const {
      QUEUE_URL_INVALID,
      QUEUE_UNREACHABLE,
      QUEUE_OPTION_INVALID,
      QUEUE_SPOOL_INVALID,
      QUEUE_LEDGER_AUTH,
    } = QUEUE_ERRORS;
    const url = (detail: string) => QUEUE_URL_INVALID.zh({ url: 'http://h:1', detail });
    expect(url('scheme http: is not redis: or rediss:')).toBe(
      '队列地址 http://h:1 无效：协议 http: 不是 redis: 或 rediss:',
    );
    expect(url('not a URL')).toBe('队列地址 http://h:1 无效：不是有效的 URL');
    expect(url('no host')).toBe('队列地址 http://h:1 无效：缺少主机名');
    expect(url('query strings and fragments are not read')).toBe(
      '队列地址 http://h:1 无效：不读取查询字符串和片段（? 与 #）',
    );
    expect(url('the path must be a database number, got /x')).toBe(
      '队列地址 http://h:1 无效：路径必须是数据库编号，实际为 /x',
    );
    expect(url('scheme http: is not redis: or rediss: (see --help)')).toBe(
      '队列地址 http://h:1 无效：scheme http: is not redis: or rediss: (see --help)',
    );
    const option = (name: string, detail: string) => QUEUE_OPTION_INVALID.zh({ option: name, detail });
    expect(option('concurrency', 'a whole number from 1 to 9007199254740991, got 0')).toBe(
      '选项 --concurrency 无效：应为 1 至 9007199254740991 之间的整数，实际为 0',
    );
    expect(option('run-id', 'letters, digits, _ and - only, at most 64 characters: a:b')).toBe(
      '选项 --run-id 无效：只能包含字母、数字、_ 和 -，至多 64 个字符：a:b',
    );
    expect(option('run-id', 'only letters, digits, _ and - only, at most 64 characters: a:b')).toBe(
      '选项 --run-id 无效：only letters, digits, _ and - only, at most 64 characters: a:b',
    );
    const spool = (detail: string) => QUEUE_SPOOL_INVALID.zh({ file: 'p0.balances.jsonl', detail });
    expect(spool('line 2: account "user:a" is not after "user:b"')).toBe(
      '分区文件 p0.balances.jsonl 缺失或已改变：第 2 行：账户 "user:a" 没有排在 "user:b" 之后',
    );
    expect(spool('line 2: account "user:a" is not after "user:b" (sorted?)')).toBe(
      '分区文件 p0.balances.jsonl 缺失或已改变：line 2: account "user:a" is not after "user:b" (sorted?)',
    );
    const unreachable = (detail: string) => QUEUE_UNREACHABLE.zh({ url: 'redis://h:1', detail });
    expect(unreachable('no answer within 5000 ms')).toBe(
      '无法连接队列服务器 redis://h:1：5000 ms 内没有应答',
    );
    expect(unreachable('connect ECONNREFUSED 127.0.0.1:1')).toBe(
      '无法连接队列服务器 redis://h:1：connect ECONNREFUSED 127.0.0.1:1',
    );
    const auth = (detail: string) => QUEUE_LEDGER_AUTH.zh({ url: 'postgres://g@db/c', detail });
    expect(
      auth(
        'the server asks for a password and the worker has none (no PGPASSWORD, no matching line in its password file)',
      ),
    ).toBe(
      '工作进程无法登录账本数据库 postgres://g@db/c：服务器要求密码，而工作进程没有（没有 PGPASSWORD，密码文件中也没有匹配的行）',
    );
    expect(auth('the server refused the password: password authentication failed for user "g"')).toBe(
      '工作进程无法登录账本数据库 postgres://g@db/c：服务器拒绝了密码：password authentication failed for user "g"',
    );
  });
});
