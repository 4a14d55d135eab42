/**
 * Node adapter: the record of a coordinator's run in Redis (`gepkit:run:<id>`): the hashes of what it computes,
 * its state and when it changed. A coordinator given the id of a run that exists resumes it, and only with the
 * same inputs (QUEUE_RUN_MISMATCH otherwise); the jobs themselves, kept under ids derived from the run and the
 * inputs, are its progress.
 */
import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';
import { VERSION } from '../version';
import { PREFIX, openQueue } from './connection-node';
import { queueFail } from './errors';
import { type JobSet, type JobSetOptions, openJobSet } from './jobs-node';

export interface RunRecord {
  id: string;
  /** Whether the record existed: the run is resumed. */
  resumed: boolean;
  /** The record's other fields: those given as `extra` when the run started (kept as they were on a resume). */
  extra: Record<string, string>;
  /** Store fields of `extra` in the record (and in `extra`), where a resumed run finds them. */
  save(fields: Record<string, string>): Promise<void>;
}

/** A run id: letters, digits, `_` and `-` (it is part of job ids and Redis keys), at most 64 characters. */
export function checkRunId(id: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id))
    queueFail('QUEUE_OPTION_INVALID', [], {
      option: 'run-id',
      detail: `letters, digits, _ and - only, at most 64 characters: ${id}`,
    });
  return id;
}

/** A new run id: the kind and 12 random hex digits. */
export function newRunId(kind: string): string {
  return `${kind}-${randomBytes(6).toString('hex')}`;
}

const keyOf = (id: string) => `${PREFIX}:run:${id}`;

/**
 * Open the run `id` (new when absent): an existing run must have been started with the same `hashes` and by the
 * same gepkit version (each field compared; the first that differs is named in QUEUE_RUN_MISMATCH: a run's
 * finished jobs and spooled partitions are reused when it resumes, so another version would finish it with
 * other code). `extra` fields are stored with a new run; a resumed run keeps those it was started with.
 */
export async function openRun(
  queue: Queue,
  id: string,
  hashes: Record<string, string>,
  extra: Record<string, string> = {},
): Promise<RunRecord> {
  const client = await queue.client;
  const key = keyOf(checkRunId(id));
  const stored = await client.hgetall(key);
  const resumed = Object.keys(stored).length > 0;
  const versioned = { gepkit: VERSION, ...hashes };
  if (resumed)
    for (const [what, hash] of Object.entries(versioned))
      if (stored[what] !== hash) queueFail('QUEUE_RUN_MISMATCH', ['run-id'], { run: id, what });
  const kept = resumed
    ? Object.fromEntries(Object.keys(extra).map((k) => [k, stored[k] ?? (extra[k] as string)]))
    : extra;
  await client.hset(key, { ...versioned, ...kept, state: 'running', updated: new Date().toISOString() });
  return {
    id,
    resumed,
    extra: kept,
    async save(fields) {
      await client.hset(key, fields);
      Object.assign(kept, fields);
    },
  };
}

/** Record the run's outcome; a finished run's jobs are removed (their results are in the run's output). */
export async function closeRun(
  queue: Queue,
  id: string,
  state: 'done' | 'failed',
  jobs: Iterable<string>,
): Promise<void> {
  const client = await queue.client;
  // A record the server lost (QUEUE_RUN_LOST) is not made again with a state alone: the run is gone.
  if ((await client.hexists(keyOf(id), 'gepkit')) === 0) return;
  await client.hset(keyOf(id), { state, updated: new Date().toISOString() });
  if (state === 'done') for (const j of jobs) await queue.remove(j).catch(() => 0);
}

/** What a coordinator's run is told: the server, the run to resume (or a new one), and the job set's options. */
export interface CoordinatorOptions extends Pick<JobSetOptions, 'attempts' | 'sweepMs'> {
  /** The Redis server, redis://host:port[/db]. */
  url: string;
  /** Resume this run (or start it under this id); default: a new id. */
  runId?: string;
  /** Told the run id, and whether the run is resumed, before any job is added. */
  onRun?: (run: { id: string; resumed: boolean }) => void;
}

/**
 * Open the queue `name` and a run on it (resumed when its id exists with the same hashes), with a job set, and give
 * both to `body`. The run is closed as done with its job ids when `body` returns and as failed when it throws; the
 * job set and the queue are closed either way.
 */
export async function withRun<T>(
  name: string,
  kind: string,
  fingerprint: { hashes: Record<string, string>; extra?: Record<string, string> },
  options: CoordinatorOptions,
  body: (run: RunRecord, jobs: JobSet) => Promise<T>,
): Promise<T> {
  const queue = await openQueue(options.url, name);
  try {
    const run = await openRun(queue, options.runId ?? newRunId(kind), fingerprint.hashes, fingerprint.extra);
    options.onRun?.(run);
    const jobs = await openJobSet(options.url, queue, {
      retryFailed: run.resumed,
      ...(options.attempts !== undefined ? { attempts: options.attempts } : {}),
      ...(options.sweepMs !== undefined ? { sweepMs: options.sweepMs } : {}),
    });
    try {
      const result = await body(run, jobs);
      await closeRun(queue, run.id, 'done', jobs.ids);
      return result;
    } catch (e) {
      await closeRun(queue, run.id, 'failed', []).catch(() => undefined);
      throw e;
    } finally {
      await jobs.close();
    }
  } finally {
    await queue.close();
  }
}
