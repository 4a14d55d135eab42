import { readFileSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { GepError } from '../../src/core/errors';
import { runRasterOnQueue } from '../../src/queue/raster-node';
import {
  type Proc,
  bundled,
  countJobs,
  exampleCopy,
  exited,
  flush,
  start,
  stopAll,
  testRedis,
  until,
} from './helpers';

/**
 * The example raster through the queue with two worker processes gives the local run's output byte for byte
 * (the JSON and every output GeoTIFF); a job that fails on bad data fails once and the run reports it; a worker
 * killed mid-job has its job taken over by another; a coordinator killed mid-run is resumed by its run id.
 */
const redis = await testRedis(1);
afterAll(async () => redis?.stop());

const cli = redis ? await bundled('src/cli/bin.ts', 'queue-cli') : '';
const worker = (url: string, extra: string[] = []): Proc =>
  start([cli, 'worker', '--queue', url, '--stalled-interval', '500', '--lock-duration', '2000', ...extra]);

/** The local run in `dir` and its JSON and output files. */
async function runLocal(dir: string): Promise<{ json: string; tifs: Map<string, Buffer> }> {
  const p = start([
    cli,
    'raster',
    join(dir, 'config.json'),
    '--workers',
    '0',
    '--quiet',
    '--out',
    join(dir, 'local.json'),
  ]);
  expect(await exited(p.child), p.log()).toBe(0);
  return collect(dir, 'local.json');
}

/** The run's JSON and output files; the output folder is moved aside so the next run starts clean. */
function collect(dir: string, json: string): { json: string; tifs: Map<string, Buffer> } {
  const tifs = new Map<string, Buffer>();
  for (const f of readdirSync(join(dir, 'out'))) tifs.set(f, readFileSync(join(dir, 'out', f)));
  renameSync(join(dir, 'out'), join(dir, `out-${json}`));
  return { json: readFileSync(join(dir, json), 'utf8'), tifs };
}

describe.skipIf(redis === undefined)('raster tiles on the queue', () => {
  const url = redis?.url as string;
  beforeEach(() => flush(url));

  it('two workers give the local output byte for byte; each job ran once', async () => {
    const dir = exampleCopy();
    const workers = [worker(url), worker(url)];
    try {
      const coordinator = start([
        cli,
        'raster',
        join(dir, 'config.json'),
        '--queue',
        url,
        '--out',
        join(dir, 'queue.json'),
      ]);
      expect(await exited(coordinator.child), coordinator.log()).toBe(0);
      expect(coordinator.log()).toMatch(/run raster-[0-9a-f]{12}: resume it with --run-id/);
      const viaQueue = collect(dir, 'queue.json');
      const reference = await runLocal(dir);
      expect(viaQueue.json).toBe(reference.json);
      expect([...viaQueue.tifs.keys()].sort()).toEqual([...reference.tifs.keys()].sort());
      for (const [f, bytes] of reference.tifs) expect(viaQueue.tifs.get(f)?.equals(bytes), f).toBe(true);
      // 6 tiles × 3 passes (scan, flow, compute): 18 jobs, each completed once over both workers.
      const done = workers.flatMap((w) =>
        w
          .log()
          .split('\n')
          .filter((l) => l.startsWith('completed')),
      );
      expect(done).toHaveLength(18);
      expect(new Set(done).size).toBe(18);
      // A finished run's jobs are removed from Redis.
      expect(await countJobs(url, 'completed')).toBe(0);
    } finally {
      await stopAll(workers);
    }
    // SIGTERM: each worker said it stopped and exited 0.
    for (const w of workers) {
      expect(w.child.exitCode).toBe(0);
      expect(w.log()).toContain('stopped');
    }
  }, 120_000);

  it('a job that fails on bad data fails once, and the run reports it as QUEUE_JOB_FAILED with the cause', async () => {
    const dir = exampleCopy();
    const run = runRasterOnQueue(join(dir, 'config.json'), { url, sweepMs: 200 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    // The coordinator has opened the layers and queued the scan jobs; then the land cover disappears from the
    // path the workers read (a worker machine without the shared folder).
    await until(async () => (await countJobs(url, 'waiting')) > 0, 60_000, 'queued jobs');
    renameSync(join(dir, 'landcover.tif'), join(dir, 'landcover.moved'));
    const w = worker(url);
    try {
      const e = await run;
      expect(e).toBeInstanceOf(GepError);
      const codes = (e as GepError).issues.map((i) => i.code);
      expect(codes[0]).toBe('QUEUE_JOB_FAILED');
      expect(codes).toContain('RASTER_FILE_UNREADABLE');
      expect((e as GepError).issues[0]?.params).toMatchObject({ attempts: 1 });
      // No retry: every failed job was attempted once.
      await until(async () => (await countJobs(url, 'waiting')) === 0, 30_000, 'the queue to drain');
      expect(w.log()).not.toMatch(/^completed/m);
    } finally {
      await stopAll([w]);
    }
  }, 120_000);
});
