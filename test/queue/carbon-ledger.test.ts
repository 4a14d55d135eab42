import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { QUEUE_NAMES, connectionOf } from '../../src/queue/connection-node';
import { holdPartition } from '../../src/queue/partition-lock-node';
import { ownLines, pgSchemaUrl, testPostgres } from '../carbon/store-helpers';
import {
  type Proc,
  bundled,
  exited,
  flush,
  killMidJobAndRescue,
  passwordLedger,
  start,
  stopAll,
  testRedis,
  redisValues,
  until,
} from './helpers';

/**
 * Carbon partitions on the queue appended to a shared PostgreSQL ledger: with 2 worker processes, the summary
 * (totals, balances, root over the partition heads), the results and the stored ledger are those of one local
 * `gepkit carbon --ledger postgres://… --partitions N` run on a fresh database; a worker killed with SIGKILL in the
 * middle of a partition's job (some of its chunks stored) is replaced, the job continues from what was stored, and
 * the ledger verifies. Needs Redis and PostgreSQL (see helpers.ts and store-helpers.ts).
 */
const NOW = '2025-01-01T00:00:00+08:00';
const PG = testPostgres('carbon-ledger.test.ts');
// Redis only with PostgreSQL: without it every case is skipped, and vitest runs no afterAll of a file whose cases
// are all skipped, so a server started here would outlive the run.
const redis = PG !== undefined ? await testRedis(5) : undefined;
afterAll(async () => redis?.stop());
const ready = redis !== undefined && PG !== undefined;
const cli = ready ? await bundled('src/cli/bin.ts', 'queue-cli') : '';
const slow = ready ? await bundled('test/queue/slow-worker.ts', 'slow-worker') : '';

/** Repeated ids within a user (refused as credited already), a line that is not JSON, a blank line. */
function input(n: number): string {
  const out = ownLines(n, 3);
  out.splice(9, 0, '{"id":"bad","user":"u1"');
  out.splice(13, 0, '');
  const dir = mkdtempSync(join(tmpdir(), 'gepkit-queue-ledger-'));
  writeFileSync(join(dir, 'activities.jsonl'), `${out.join('\n')}\n`);
  return join(dir, 'activities.jsonl');
}

const common = (file: string) => [
  'carbon',
  file,
  '--rules',
  'evidence-paths-demo',
  '--reductions',
  'when-available',
  '--now',
  NOW,
];

/** A finished CLI process: its exit code and log. */
async function run(args: string[]): Promise<{ code: number | null; log: string }> {
  const p = start([cli, ...args]);
  const code = await exited(p.child);
  return { code, log: p.log() };
}

/** The issue lines of a run's log (one per refused line, in input order), without the run id line. */
const issues = (log: string): string[] =>
  log.split('\n').filter((l) => l !== '' && !l.startsWith('run carbon-') && !/^\d+ lines: /.test(l));

const read = (dir: string, f: string): string => readFileSync(join(dir, f), 'utf8');

/** The local stored run of `file` over `n` partitions on a fresh schema, into `out`. */
async function local(file: string, n: number, out: string) {
  const ledger = await pgSchemaUrl(PG as string, 'ql');
  const r = await run([...common(file), '--ledger', ledger, '--partitions', String(n), '--out-dir', out]);
  return { ...r, ledger };
}

describe.skipIf(!ready)('carbon partitions on the queue with a PostgreSQL ledger', () => {
  const url = redis?.url as string;
  beforeEach(() => flush(url));

  it('2 and 3 partitions on 2 workers: the summary, results and ledger of the local stored run', async () => {
    const workers = [0, 1].map(() =>
      start([cli, 'worker', '--queue', url, '--stalled-interval', '500', '--lock-duration', '2000']),
    );
    try {
      const file = input(1200);
      for (const n of [2, 3]) {
        const dir = mkdtempSync(join(tmpdir(), 'gepkit-queue-ledger-'));
        const ref = await local(file, n, join(dir, 'local'));
        expect(ref.code, ref.log).toBe(1);
        const ledger = await pgSchemaUrl(PG as string, 'qq');
        const q = await run([
          ...common(file),
          '--queue',
          url,
          '--ledger',
          ledger,
          '--partitions',
          String(n),
          '--spool',
          join(dir, 'spool'),
          '--out-dir',
          join(dir, 'queue'),
        ]);
        expect(q.code, q.log).toBe(1);
        expect(read(join(dir, 'queue'), 'summary.json')).toBe(read(join(dir, 'local'), 'summary.json'));
        expect(read(join(dir, 'queue'), 'results.jsonl')).toBe(read(join(dir, 'local'), 'results.jsonl'));
        // Each refused line reported once, in input order, the bad line among them.
        expect(issues(q.log)).toEqual(issues(ref.log));
        expect(issues(q.log).join('\n')).toContain('CARBON_LINE_NOT_JSON');
        const summary = JSON.parse(read(join(dir, 'queue'), 'summary.json'));
        expect(summary.ledger.partitions).toHaveLength(n);
        expect(summary.refused).toBeGreaterThan(1);
        expect(summary.accepted).toBeGreaterThan(summary.refused);
        // The stored ledger verifies, with the summary's root; the spool of the finished run is removed.
        const v = await run(['carbon', 'verify', '--ledger', ledger]);
        expect(v.code, v.log).toBe(0);
        expect(JSON.parse(v.log)).toMatchObject({
          ok: true,
          count: summary.ledger.count,
          head: summary.ledger.head,
        });
        expect(readdirSync(join(dir, 'spool'))).toEqual([]);
      }
    } finally {
      await stopAll(workers);
    }
  }, 300_000);

  it('the ledger URL’s password stays out of Redis: jobs carry the URL without it, workers use PGPASSWORD', async () => {
    const file = input(300);
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-queue-ledger-'));
    const plain = await pgSchemaUrl(PG as string, 'qp');
    const secret = `pw-${process.pid}-${Date.now()}`;
    const u = new URL(plain);
    u.password = secret;
    // The run also signs the head it leaves (--sign-key), as a local stored run does.
    const keys = generateKeyPairSync('ed25519');
    writeFileSync(join(dir, 'key.pem'), keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    const q = start([
      cli,
      ...common(file),
      '--queue',
      url,
      '--ledger',
      u.toString(),
      '--partitions',
      '2',
      '--spool',
      join(dir, 'spool'),
      '--out-dir',
      join(dir, 'queue'),
      '--sign-key',
      join(dir, 'key.pem'),
    ]);
    // No worker yet: both jobs wait in Redis with their data.
    const jobs = new Queue(QUEUE_NAMES.carbon, connectionOf(url));
    let waiting: Awaited<ReturnType<typeof jobs.getWaiting>> = [];
    try {
      await until(
        async () => (waiting = await jobs.getWaiting()).length === 2,
        60_000,
        'two waiting partition jobs',
      );
    } finally {
      await jobs.close();
    }
    const queued = await redisValues(url);
    const workers = [0, 1].map(() =>
      start([cli, 'worker', '--queue', url, '--stalled-interval', '500', '--lock-duration', '2000'], {
        PGPASSWORD: secret,
      }),
    );
    try {
      expect(await exited(q.child), q.log()).toBe(1);
    } finally {
      await stopAll(workers);
    }
    // The jobs name the ledger by its URL without the password (user, host, database and schema kept) …
    for (const job of waiting) {
      expect(job.data.payload).toContain(JSON.stringify(new URL(plain).toString()).slice(1, -1));
      expect(job.data.payload).not.toContain(secret);
    }
    // … and no key of the database holds the secret, while the jobs wait nor after the run.
    const after = await redisValues(url);
    expect([...queued.keys()].some((k) => k.includes(QUEUE_NAMES.carbon))).toBe(true);
    for (const [key, value] of [...queued, ...after]) expect(value, key).not.toContain(secret);
    // The run worked: its summary and results, and a ledger that verifies with the summary's root.
    const summary = JSON.parse(read(join(dir, 'queue'), 'summary.json'));
    expect(summary.accepted).toBeGreaterThan(0);
    expect(summary.ledger.partitions).toHaveLength(2);
    expect(Object.keys(summary.balances).length).toBeGreaterThan(1);
    // The signed checkpoint: in the summary, after its balances, and as checkpoint.json.
    expect(Object.keys(summary).at(-1)).toBe('checkpoint');
    expect(summary.checkpoint).toEqual(JSON.parse(read(join(dir, 'queue'), 'checkpoint.json')));
    const v = await run(['carbon', 'verify', '--ledger', plain]);
    expect(v.code, v.log).toBe(0);
    expect(JSON.parse(v.log)).toMatchObject({
      ok: true,
      count: summary.ledger.count,
      head: summary.ledger.head,
    });
  }, 300_000);

  it('a worker without the ledger password: each job fails once with QUEUE_LEDGER_AUTH, and the run says so', async () => {
    const ledger = await passwordLedger(PG as string, 'qa');
    if (ledger === undefined) return;
    const file = input(300);
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-queue-ledger-'));
    // Neither PGPASSWORD nor a password file: the worker has no password for the server to ask for.
    const { PGPASSWORD: _, ...env } = process.env;
    const w = start([cli, 'worker', '--queue', url, '--stalled-interval', '500', '--lock-duration', '2000'], {
      ...(env as Record<string, string>),
      PGPASSFILE: join(dir, 'no-such-pgpass'),
    });
    try {
      const t0 = Date.now();
      const q = await run([
        ...common(file),
        '--queue',
        url,
        '--ledger',
        ledger.withPassword,
        '--partitions',
        '2',
        '--spool',
        join(dir, 'spool'),
        '--out-dir',
        join(dir, 'queue'),
      ]);
      expect(q.code, q.log).toBe(1);
      // The run reports the job's failure after one attempt, and the worker's reason with its hint …
      expect(q.log).toContain('failed after 1 attempt(s): QUEUE_LEDGER_AUTH');
      expect(q.log).toContain('error QUEUE_LEDGER_AUTH');
      expect(q.log).toContain(ledger.plain);
      expect(q.log).toContain('hint: Jobs carry the ledger URL without its password');
      expect(q.log).toMatch(/[\u4e00-\u9fff]/);
      expect(q.log).not.toContain('SCRAM-SERVER-FIRST-MESSAGE');
      // … without the pointless retries (they would wait 1 s, then 2 s, between attempts).
      expect(Date.now() - t0).toBeLessThan(30_000);
      await until(() => (w.log().match(/^failed /gm) ?? []).length >= 1, 30_000, 'the failed job');
      const active = w
        .log()
        .split('\n')
        .filter((l) => /^active +/.test(l) && l.includes(` ${QUEUE_NAMES.carbon} `));
      expect(new Set(active).size).toBe(active.length);
      expect(existsSync(join(dir, 'queue', 'summary.json'))).toBe(false);
      // The refused connections are closed: the worker stops at once, not when the server drops them (60 s).
      const t1 = Date.now();
      await stopAll([w]);
      expect(Date.now() - t1).toBeLessThan(20_000);
    } finally {
      await stopAll([w]);
    }
  }, 300_000);

  it('a worker killed with SIGKILL mid-partition: the job continues from what was stored, nothing twice', async () => {
    const file = input(2400);
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-queue-ledger-'));
    await local(file, 2, join(dir, 'local'));
    const ledger = await pgSchemaUrl(PG as string, 'qk');
    const doomed: Proc = start([slow, url, '0']);
    await until(() => doomed.log().includes('ready'), 30_000, 'the first worker');
    const spool = join(dir, 'spool');
    const q = start([
      cli,
      ...common(file),
      '--queue',
      url,
      '--ledger',
      ledger,
      '--partitions',
      '2',
      '--chunk',
      '10',
      '--spool',
      spool,
      '--out-dir',
      join(dir, 'queue'),
    ]);
    // Killed once its first job has stored some chunks, not all.
    let stored = 0;
    let total = 0;
    await until(
      () => {
        const runs = existsSync(spool) ? readdirSync(spool) : [];
        for (const r of runs)
          for (const p of [0, 1]) {
            const j = join(spool, r, `p${p}.journal.json`);
            if (!existsSync(j)) continue;
            const done = (JSON.parse(readFileSync(j, 'utf8')) as { done?: { lines: number } }).done;
            if (done !== undefined && done.lines > 0) {
              stored = done.lines;
              const manifest = JSON.parse(readFileSync(join(spool, r, 'manifest.json'), 'utf8'));
              total = manifest.files[p].lines;
              return true;
            }
          }
        return false;
      },
      60_000,
      'a stored chunk',
    );
    const { killed, rescuer } = await killMidJobAndRescue(doomed, cli, url, 'a partition job');
    try {
      expect(stored).toBeGreaterThan(0);
      expect(stored).toBeLessThan(total);
      expect(await exited(q.child), q.log()).toBe(1);
      expect(rescuer.log()).toContain(`completed ${QUEUE_NAMES.carbon} ${killed}`);
      expect(read(join(dir, 'queue'), 'summary.json')).toBe(read(join(dir, 'local'), 'summary.json'));
      expect(read(join(dir, 'queue'), 'results.jsonl')).toBe(read(join(dir, 'local'), 'results.jsonl'));
      const v = await run(['carbon', 'verify', '--ledger', ledger]);
      expect(v.code, v.log).toBe(0);
      expect(JSON.parse(v.log).ok).toBe(true);
    } finally {
      await stopAll([rescuer]);
    }
  }, 300_000);

  it('a coordinator killed after spooling is resumed by its run id and reuses the spool', async () => {
    const file = input(900);
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-queue-ledger-'));
    await local(file, 2, join(dir, 'local'));
    const ledger = await pgSchemaUrl(PG as string, 'qr');
    const spool = join(dir, 'spool');
    const args = [
      cli,
      ...common(file),
      '--queue',
      url,
      '--ledger',
      ledger,
      '--partitions',
      '2',
      '--chunk',
      '10',
      '--spool',
      spool,
      '--run-id',
      'resume-carbon',
      '--out-dir',
      join(dir, 'queue'),
    ];
    const lines = join(spool, 'resume-carbon', 'p0.lines');
    // No worker yet: the first coordinator spools the input, queues the jobs and is killed.
    const first = start(args);
    await until(() => existsSync(join(spool, 'resume-carbon', 'manifest.json')), 60_000, 'the spool');
    first.child.kill('SIGKILL');
    await exited(first.child);
    // Dated in 1970: a spool written again would carry the time of writing.
    utimesSync(lines, 1000, 1000);
    const second = start(args);
    await until(() => second.log().includes('(resumed)'), 60_000, 'the resumed run');
    const w = start([cli, 'worker', '--queue', url, '--stalled-interval', '500', '--lock-duration', '2000']);
    try {
      await until(() => existsSync(join(spool, 'resume-carbon', 'p0.results.jsonl')), 60_000, 'a job');
      // The spool file the first coordinator wrote, not a new one.
      expect(statSync(lines).mtimeMs).toBe(1_000_000);
      expect(await exited(second.child), second.log()).toBe(1);
      expect(read(join(dir, 'queue'), 'summary.json')).toBe(read(join(dir, 'local'), 'summary.json'));
      expect(read(join(dir, 'queue'), 'results.jsonl')).toBe(read(join(dir, 'local'), 'results.jsonl'));
    } finally {
      await stopAll([w]);
    }
  }, 300_000);
});

describe.skipIf(!ready)('a partition held by another copy of its job', () => {
  const url = redis?.url as string;
  beforeEach(() => flush(url));

  it('waits for the copy to end, however long, without using up its attempts (3, after 1 s and 2 s)', async () => {
    const file = input(60);
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-queue-held-'));
    const ledger = await pgSchemaUrl(PG as string, 'qh');
    // The first copy of the job, still at work: it holds the partition's lock for 6 s, past the 3 attempts' 3 s.
    const held = await holdPartition(ledger, 0);
    const w = start([cli, 'worker', '--queue', url, '--stalled-interval', '500', '--lock-duration', '2000']);
    try {
      const coordinator = start([
        cli,
        ...common(file),
        '--queue',
        url,
        '--ledger',
        ledger,
        '--partitions',
        '1',
        '--spool',
        join(dir, 'spool'),
        '--out-dir',
        join(dir, 'queue'),
      ]);
      await until(() => /^active /m.test(w.log()), 30_000, 'the job taken');
      await new Promise((r) => setTimeout(r, 6000));
      // Still waiting (the 3 attempts would have failed the run by now), the job put back to wait each time.
      expect(coordinator.child.exitCode, coordinator.log()).toBeNull();
      expect(w.log()).toMatch(/^delayed /m);
      await held.release();
      // The input's refused lines make the exit code 1, as in a local run; the run itself finished.
      expect(await exited(coordinator.child), coordinator.log()).toBe(1);
      expect(coordinator.log()).not.toContain('QUEUE_JOB_FAILED');
      expect(existsSync(join(dir, 'queue', 'summary.json'))).toBe(true);
      expect(w.log()).toMatch(/^completed .*\.partition\.0\./m);
      expect(w.log()).not.toMatch(/^failed /m);
    } finally {
      await held.release();
      await stopAll([w]);
    }
  }, 120_000);
});

describe.runIf(PG !== undefined)('the job lock of a partition', () => {
  it('is held by one job at a time, per partition and per ledger (schema), and released with its connection', async () => {
    const [a, b] = [await pgSchemaUrl(PG as string, 'la'), await pgSchemaUrl(PG as string, 'lb')];
    const held = await holdPartition(a, 0);
    await expect(holdPartition(a, 0)).rejects.toThrow('partition 0 of the ledger is held by another job');
    const other = [await holdPartition(a, 1), await holdPartition(b, 0)];
    await held.release();
    const again = await holdPartition(a, 0);
    for (const l of [again, ...other]) await l.release();
  }, 60_000);
});
