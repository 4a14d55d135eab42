/** Node adapter: a worker_threads pool running raster tasks, one worker per core by default. */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { GepError, type Issue } from '../core/errors';
import { bundledFile } from '../io/bundled-file-node';
import { rasterFail, rasterIssue } from './errors';
import type { Task, TaskResult } from './tasks-node';
import { runTask } from './tasks-node';

export interface Runner {
  run(task: Task): Promise<TaskResult>;
  close(): Promise<void>;
  readonly size: number;
}

/** The built worker file: next to this module (dist/raster/worker.js) or beside the CLI bundle. */
export function defaultWorkerFile(): string {
  return bundledFile(import.meta.url, ['./worker.js', '../raster/worker.js'], (looked) =>
    rasterFail('RASTER_WORKER_FAILED', [], {
      detail: `no worker file (looked for ${looked.join(', ')}); pass workerFile or run with workers 0`,
    }),
  );
}

/** Run tasks in the calling thread (workers: 0): same code, no threads. */
export function inlineRunner(): Runner {
  return { size: 0, run: runTask, close: async () => {} };
}

/** A pool of `size` workers; tasks are queued and handed to the first free worker. */
export function workerPool(size = availableParallelism(), workerFile = defaultWorkerFile()): Runner {
  const workers: Worker[] = [];
  try {
    for (let i = 0; i < size; i++) workers.push(new Worker(workerFile));
  } catch (e) {
    // A worker that cannot start (threads or memory exhausted) stops the pool before any task: the ones started
    // are stopped too, or they would keep the process alive.
    for (const w of workers) void w.terminate();
    throw e;
  }
  const idle = [...workers];
  const queue: { task: Task; resolve: (r: TaskResult) => void; reject: (e: unknown) => void }[] = [];
  const pending = new Map<
    number,
    { resolve: (r: TaskResult) => void; reject: (e: unknown) => void; worker: Worker }
  >();
  let nextId = 0;
  const pump = () => {
    while (idle.length > 0 && queue.length > 0) {
      const w = idle.pop() as Worker;
      const job = queue.shift() as (typeof queue)[number];
      const id = nextId++;
      pending.set(id, { resolve: job.resolve, reject: job.reject, worker: w });
      w.postMessage({ id, task: job.task });
    }
  };
  for (const w of workers) {
    w.on(
      'message',
      (m: { id: number; result?: TaskResult; issues?: Issue[]; error?: string; closed?: boolean }) => {
        const p = pending.get(m.id);
        if (p === undefined) return;
        pending.delete(m.id);
        if (m.closed) p.resolve(undefined as unknown as TaskResult);
        else if (m.issues) p.reject(new GepError(m.issues));
        else if (m.error !== undefined)
          p.reject(new GepError(rasterIssue('RASTER_WORKER_FAILED', [], { detail: m.error })));
        else p.resolve(m.result as TaskResult);
        idle.push(w);
        pump();
      },
    );
    w.on('error', (e) => {
      for (const [id, p] of pending)
        if (p.worker === w) {
          pending.delete(id);
          p.reject(new GepError(rasterIssue('RASTER_WORKER_FAILED', [], { detail: e.message })));
        }
    });
  }
  return {
    size,
    run: (task) =>
      new Promise<TaskResult>((resolve, reject) => {
        queue.push({ task, resolve, reject });
        pump();
      }),
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
