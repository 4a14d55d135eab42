/**
 * Node adapter: a queue worker. It takes raster tile tasks from the server's raster queue (and carbon partition
 * tasks from its carbon queue), runs each with the same code as a local run, and returns the partial result as the
 * job's return value. A GepError (bad data: a damaged layer, a refused value) fails the job once, without
 * retries (BullMQ's UnrecoverableError), with its issues in the failure reason; any other error is retried by
 * BullMQ up to the job's attempts. A worker that dies mid-job loses its lock, and BullMQ's stalled-job check on
 * another worker puts the job back in the queue.
 */
import { DelayedError, type Job, type Processor, UnrecoverableError, Worker } from 'bullmq';
import { GepError } from '../core/errors';
import { type Task, closeLayers, runTask } from '../raster/tasks-node';
import { type CarbonTask, runCarbonTask } from './carbon-task-node';
import { decodePayload, encodePayload } from './codec';
import { QUEUE_NAMES, connectionOf, probe } from './connection-node';
import { ISSUES_MARKER, type JobData } from './job';
import { PartitionHeld } from './partition-lock-node';

export interface WorkerOptions {
  /** Jobs run at once by this process (default 1: a tile task is CPU-bound; start one process per core). */
  concurrency?: number;
  /** How long a job's lock lasts without renewal, in ms (BullMQ's lockDuration; default 30 000). */
  lockDuration?: number;
  /** How often this worker looks for stalled jobs, in ms (BullMQ's stalledInterval; default 30 000). */
  stalledInterval?: number;
  /**
   * Called when a job starts (id and queue) and when it ends, or is put back to wait (`delayed`: its partition is
   * held by another copy of the job).
   */
  onJob?: (event: {
    id: string;
    queue: string;
    state: 'active' | 'completed' | 'failed' | 'delayed';
  }) => void;
  /** Called before each job runs: a place for tests to slow a job down. */
  beforeJob?: (job: { id: string; queue: string }) => Promise<void>;
}

export interface QueueWorker {
  /** Stop taking jobs, let the current ones finish, disconnect. */
  close(): Promise<void>;
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof GepError) throw new UnrecoverableError(`${ISSUES_MARKER}${JSON.stringify(e.issues)}`);
    throw e;
  }
}

/** The processor of raster tasks. Layers stay open from job to job of one run, and are reopened for another. */
function rasterProcessor(options: WorkerOptions): Processor<JobData, string> {
  let openRun: string | undefined;
  return async (job: Job<JobData, string>) => {
    await options.beforeJob?.({ id: job.id as string, queue: QUEUE_NAMES.raster });
    if (job.data.run !== openRun) {
      await closeLayers();
      openRun = job.data.run;
    }
    return guarded(async () => encodePayload(await runTask(decodePayload(job.data.payload) as Task)));
  };
}

/** How long a job whose partition another copy holds waits before it tries again, in ms. */
const HELD_RETRY_MS = 2000;

/**
 * The processor of carbon partition tasks. A job whose partition another copy of it holds (PartitionHeld: BullMQ
 * ran the job again while the first copy still runs) is put back to wait for HELD_RETRY_MS, which is not a failed
 * attempt: it waits as long as the first copy runs, rather than fail the run while that copy is still working.
 */
function carbonProcessor(options: WorkerOptions): Processor<JobData, string> {
  return async (job: Job<JobData, string>, token?: string) => {
    await options.beforeJob?.({ id: job.id as string, queue: QUEUE_NAMES.carbon });
    try {
      return await guarded(async () =>
        encodePayload(await runCarbonTask(decodePayload(job.data.payload) as CarbonTask)),
      );
    } catch (e) {
      if (!(e instanceof PartitionHeld)) throw e;
      await job.moveToDelayed(Date.now() + HELD_RETRY_MS, token);
      options.onJob?.({ id: job.id as string, queue: QUEUE_NAMES.carbon, state: 'delayed' });
      throw new DelayedError();
    }
  };
}

/** Start a worker on the server at `url`; it runs until `close()` (the CLI calls it on SIGTERM and SIGINT). */
export async function startWorker(url: string, options: WorkerOptions = {}): Promise<QueueWorker> {
  await probe(url);
  const base = connectionOf(url);
  const settings = {
    ...base,
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockDuration ?? 30_000,
    stalledInterval: options.stalledInterval ?? 30_000,
    autorun: false,
  };
  const workers = [
    new Worker<JobData, string>(QUEUE_NAMES.raster, rasterProcessor(options), settings),
    new Worker<JobData, string>(QUEUE_NAMES.carbon, carbonProcessor(options), settings),
  ];
  for (const w of workers) {
    w.on('error', () => undefined);
    w.on('active', (job) => options.onJob?.({ id: job.id as string, queue: w.name, state: 'active' }));
    w.on('completed', (job) => options.onJob?.({ id: job.id as string, queue: w.name, state: 'completed' }));
    w.on('failed', (job) => {
      if (job) options.onJob?.({ id: job.id as string, queue: w.name, state: 'failed' });
    });
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  for (const w of workers) void w.run();
  return {
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
