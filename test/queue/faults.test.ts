import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from '../../src/queue/connection-node';
import { runRaster } from '../../src/raster/run-node';
import { runRasterOnQueue } from '../../src/queue/raster-node';
import {
  bundled,
  countJobs,
  exampleCopy,
  exited,
  flush,
  start,
  stopAll,
  testRedis,
  until,
  killMidJobAndRescue,
} from './helpers';

/**
 * Faults: a worker killed with SIGKILL mid-job has its job put back by BullMQ's stalled-job check and run by
 * another worker, with the local result; a coordinator killed mid-run is resumed by its run id, and the jobs it
 * had finished are not run again.
 */
const redis = await testRedis(2);
afterAll(async () => redis?.stop());
const cli = redis ? await bundled('src/cli/bin.ts', 'queue-cli') : '';
const slow = redis ? await bundled('test/queue/slow-worker.ts', 'slow-worker') : '';

/** The local run's JSON (no account: the comparison is of the tiles' sums and tables). */
async function reference(dir: string): Promise<string> {
  return JSON.stringify(await runRaster(join(dir, 'config.json'), { workers: 0, account: false }));
}

describe.skipIf(redis === undefined)('queue faults', () => {
  const url = redis?.url as string;
  beforeEach(() => flush(url));

  it('a worker killed with SIGKILL mid-job: the job is retried on another worker, the result is identical', async () => {
    const dir = exampleCopy();
    // A worker that holds each job for 60 s: killed while it holds the first.
    const doomed = start([slow, url, '60000']);
    await until(() => doomed.log().includes('ready'), 30_000, 'the first worker');
    const run = runRasterOnQueue(join(dir, 'config.json'), { url, account: false, sweepMs: 200 });
    const { killed, rescuer } = await killMidJobAndRescue(
      doomed,
      cli,
      url,
      'a job taken by the first worker',
    );
    try {
      const result = await run;
      expect(rescuer.log()).toContain(`completed ${QUEUE_NAMES.raster} ${killed}`);
      expect(JSON.stringify(result)).toBe(await reference(dir));
    } finally {
      await stopAll([rescuer]);
    }
  }, 180_000);

  it('a coordinator killed mid-run is resumed by its run id, without rerunning the jobs it had finished', async () => {
    const dir = exampleCopy();
    const args = [
      cli,
      'raster',
      join(dir, 'config.json'),
      '--queue',
      url,
      '--run-id',
      'resume-test',
      '--no-account',
    ];
    // The first coordinator queues the scan jobs; no worker runs yet; it is killed.
    const first = start([...args, '--out', join(dir, 'first.json')]);
    await until(async () => (await countJobs(url, 'waiting')) === 6, 60_000, 'the scan jobs');
    first.child.kill('SIGKILL');
    await exited(first.child);
    // A worker runs the scan jobs while no coordinator is there.
    const w = start([cli, 'worker', '--queue', url, '--stalled-interval', '500', '--lock-duration', '2000']);
    try {
      await until(async () => (await countJobs(url, 'completed')) === 6, 60_000, 'the scan jobs to finish');
      const second = start([...args, '--out', join(dir, 'second.json')]);
      expect(await exited(second.child), second.log()).toBe(0);
      expect(second.log()).toContain('run resume-test (resumed)');
      const scans = w
        .log()
        .split('\n')
        .filter((l) => l.startsWith('completed') && l.includes('.scan.'));
      expect(scans).toHaveLength(6); // each scan job ran once, before the restart
      const local = JSON.parse(await reference(dir));
      expect(JSON.parse(readFileSync(join(dir, 'second.json'), 'utf8'))).toEqual(local);
    } finally {
      await stopAll([w]);
    }
  }, 180_000);
});
