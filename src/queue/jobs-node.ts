/**
 * Node adapter: the coordinator's side of a queue. Jobs are added under ids the caller derives from what they
 * compute (so adding one twice — a restarted coordinator — finds the job already there, done or not), and each
 * submission resolves with the job's return value once, whichever way the outcome is seen first: the queue's
 * event stream, the state read right after adding, or a periodic sweep over the jobs still pending (events are
 * not kept for ever, and a restarted coordinator missed those of jobs that finished while it was down).
 */
import { Job, type Queue, QueueEvents } from 'bullmq';
import { GepError, type Issue } from '../core/errors';
import { connectionOf } from './connection-node';
import { queueIssue } from './errors';
import { ISSUES_MARKER, type JobData } from './job';

export interface Submission {
  id: string;
  name: string;
  data: JobData;
}

export interface JobSet {
  /**
   * Add (or find) the job and wait for its return value; rejects with QUEUE_JOB_FAILED (and the job's issues), or
   * QUEUE_RUN_LOST when the server no longer holds the job.
   */
  submit(s: Submission): Promise<string>;
  /** Jobs added so far, by id. */
  readonly ids: ReadonlySet<string>;
  /** Remove a job no longer wanted (one running is left: its lock keeps it). */
  discard(id: string): Promise<void>;
  close(): Promise<void>;
}

export interface JobSetOptions {
  /** Attempts for an error that is not a data error (default 3; a data error fails at once). */
  attempts?: number;
  /** Retry the jobs found failed when adding (a resumed run). */
  retryFailed?: boolean;
  /** How often the pending jobs are swept, in ms (default 1000), and how many per sweep (default 500). */
  sweepMs?: number;
  sweepBatch?: number;
}

interface Waiter {
  run: string;
  resolve: (v: string) => void;
  reject: (e: unknown) => void;
}

/** The issues a failed job reports: QUEUE_JOB_FAILED first, then the worker's own issues when it sent them. */
export function failureIssues(job: { id?: string; attemptsMade: number; failedReason: string }): Issue[] {
  const reason = job.failedReason ?? '';
  const own = reason.startsWith(ISSUES_MARKER)
    ? (JSON.parse(reason.slice(ISSUES_MARKER.length)) as Issue[])
    : [];
  const detail = own.length > 0 ? own.map((i) => `${i.code}: ${i.message.en}`).join('; ') : reason;
  // The worker's issues in Chinese for the Chinese message; an error without issues is its message, as written.
  const detailZh = own.length > 0 ? own.map((i) => `${i.code}：${i.message.zh}`).join('；') : reason;
  return [
    queueIssue('QUEUE_JOB_FAILED', [], { job: job.id ?? '?', attempts: job.attemptsMade, detail, detailZh }),
    ...own,
  ];
}

export async function openJobSet(url: string, queue: Queue, options: JobSetOptions = {}): Promise<JobSet> {
  const events = new QueueEvents(queue.name, connectionOf(url));
  events.on('error', () => undefined);
  await events.waitUntilReady();
  const waiting = new Map<string, Waiter>();
  const ids = new Set<string>();
  /** Settle a job from its stored state; a second outcome for one job (a duplicate result) is ignored. */
  const settle = async (id: string, fresh = false): Promise<void> => {
    const w = waiting.get(id);
    if (w === undefined) return;
    // The state first, then the job: a job read while active and found completed a moment later has no
    // return value yet in the copy read.
    const state = await queue.getJobState(id);
    // A job added and waited for that the server no longer holds: the server lost the queue (restarted without
    // persistence, emptied, evicting keys), and no worker will ever run it.
    if (state === 'unknown') {
      waiting.delete(id);
      w.reject(new GepError([queueIssue('QUEUE_RUN_LOST', [], { job: id, run: w.run })]));
      return;
    }
    if (state !== 'completed' && state !== 'failed') return;
    const job = await Job.fromId<JobData, string>(queue, id);
    if (job === undefined || waiting.get(id) !== w) return;
    if (state === 'completed' && typeof job.returnvalue === 'string') {
      waiting.delete(id);
      w.resolve(job.returnvalue);
    } else if (state === 'failed') {
      if (fresh && options.retryFailed) {
        await job.retry('failed');
        return;
      }
      waiting.delete(id);
      w.reject(new GepError(failureIssues(job)));
    }
  };
  const quietly = (id: string, fresh = false) => {
    settle(id, fresh).catch(() => undefined);
  };
  events.on('completed', ({ jobId }) => quietly(jobId));
  events.on('failed', ({ jobId }) => quietly(jobId));
  let cursor = 0;
  const sweep = setInterval(() => {
    const pending = [...waiting.keys()];
    if (pending.length === 0) return;
    const batch = options.sweepBatch ?? 500;
    cursor = cursor % pending.length;
    for (const id of pending.slice(cursor, cursor + batch)) quietly(id);
    cursor += batch;
  }, options.sweepMs ?? 1000);
  return {
    ids,
    async discard(id) {
      await queue.remove(id).catch(() => 0);
    },
    submit(s) {
      return new Promise<string>((resolve, reject) => {
        waiting.set(s.id, { run: s.data.run, resolve, reject });
        ids.add(s.id);
        queue
          .add(s.name, s.data, {
            jobId: s.id,
            attempts: options.attempts ?? 3,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: false,
            removeOnFail: false,
          })
          .then(() => settle(s.id, true))
          .catch((e: unknown) => {
            waiting.delete(s.id);
            reject(e);
          });
      });
    },
    async close() {
      clearInterval(sweep);
      await events.close();
    },
  };
}
