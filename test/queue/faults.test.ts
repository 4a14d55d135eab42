import { readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from '../../src/queue/connection-node';
import { runRaster } from '../../src/raster/run-node';
import { runRasterOnQueue } from '../../src/queue/raster-node';
import { startWorker } from '../../src/queue/worker-node';
import { GepError } from '../../src/core/errors';
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
      // --quiet hides the progress, not the run id, which is what resumes the run
      '--quiet',
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
      expect(second.log()).toContain('run resume-test (resumed): resume it with --run-id resume-test');
      expect(second.log()).not.toMatch(/compute \[/);
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

  /**
   * A run whose compute job on the last tile fails after the other compute jobs finished (and wrote their tiles),
   * resumed by its run id once the cause is gone: the GeoTIFFs are the local run's byte for byte, never a tile of
   * zeros. `dropPartials`: the failed run's `.partial` files are removed before the resume, so every compute job
   * must run again.
   */
  async function failThenResume(dropPartials: boolean): Promise<void> {
    const dir = exampleCopy();
    const { grid } = await runRaster(join(dir, 'config.json'), { workers: 0, account: false });
    const local = new Map(readdirSync(join(dir, 'out')).map((f) => [f, readFileSync(join(dir, 'out', f))]));
    renameSync(join(dir, 'out'), join(dir, 'out-local'));
    const last = grid.tiles - 1;
    let failing = true;
    const computed: string[] = [];
    const w = await startWorker(url, {
      beforeJob: async ({ id }) => {
        if (failing && id.includes(`.compute.${last}.`))
          throw new Error('a layer file is missing for a moment');
      },
      onJob: (e) => {
        if (e.state === 'completed' && e.id.includes('.compute.')) computed.push(e.id);
      },
    });
    try {
      const options = {
        url,
        runId: `fail-resume-${dropPartials}`,
        account: false,
        attempts: 1,
        sweepMs: 200,
      };
      const first = await runRasterOnQueue(join(dir, 'config.json'), options).catch((e: unknown) => e);
      expect(first).toBeInstanceOf(GepError);
      expect((first as GepError).issues[0]?.code).toBe('QUEUE_JOB_FAILED');
      // The other compute jobs finished before it (one worker takes the jobs in order) and wrote their tiles.
      expect(computed).toHaveLength(last);
      // The failed run keeps its partial outputs for the resume.
      const partials = readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.tif.partial'));
      expect(partials.sort()).toEqual([...local.keys()].map((f) => `${f}.partial`).sort());
      if (dropPartials) for (const f of partials) rmSync(join(dir, 'out', f));
      failing = false;
      computed.length = 0;
      await runRasterOnQueue(join(dir, 'config.json'), options);
      // Kept partials: only the failed job runs again; partials gone: every compute job runs again.
      expect(computed).toHaveLength(dropPartials ? grid.tiles : 1);
      for (const [f, bytes] of local)
        expect(readFileSync(join(dir, 'out', f)).equals(bytes), `${f} is the local run's`).toBe(true);
      expect(readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.partial'))).toEqual([]);
    } finally {
      await w.close();
    }
  }

  it('a run that failed after some compute jobs finished, resumed by its run id: the local GeoTIFFs byte for byte', async () => {
    await failThenResume(false);
  }, 120_000);

  it('the same with the partial outputs removed before the resume: every compute job runs again', async () => {
    await failThenResume(true);
  }, 120_000);
});
