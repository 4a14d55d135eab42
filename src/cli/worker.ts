import { formatIssue, issue } from '../core/errors';
import { queueFail } from '../queue/errors';
import { redactUrl } from '../queue/url';
import { startWorker } from '../queue/worker-node';
import { COMMAND_HELP } from './help';
import { type Io, parseCommandArgs, reported } from './shared';
import { wholeNumberText } from '../core/options';

/**
 * `gepkit worker --queue redis://host:port[/db]`: a queue worker (docs/queue.md) that runs raster tile and carbon
 * partition jobs until SIGTERM or SIGINT, which let the current job finish before it exits 0. Thin: parses,
 * starts the library's worker, waits for the signal.
 */

/** The options the command parses (each is explained in its help, COMMAND_HELP). */
export const WORKER_OPTIONS = {
  queue: { type: 'string' },
  concurrency: { type: 'string' },
  'lock-duration': { type: 'string' },
  'stalled-interval': { type: 'string' },
  quiet: { type: 'boolean', short: 'q', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/**
 * Longest timer Node keeps (2³¹ − 1 ms, about 24.8 days): BullMQ renews a lock every lockDuration / 2 and checks
 * stalled jobs every stalledInterval with timers, and a longer delay fires after 1 ms instead.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Shortest lock, in ms: a job blocks its worker's event loop while it computes a tile or a partition, so a lock
 * shorter than that expires under a live worker and its job is run twice.
 */
const MIN_LOCK_MS = 1000;

/** A whole-number option from `min` to `max`, or undefined when not given. */
function whole(option: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = wholeNumberText(v);
  if (n === undefined || n < min || n > max)
    return queueFail('QUEUE_OPTION_INVALID', [], {
      option,
      detail: `a whole number from ${min} to ${max}, got ${v}`,
    });
  return n;
}

export async function workerCommand(
  args: string[],
  io: Io,
  signals: Pick<NodeJS.Process, 'once' | 'off'> = process,
): Promise<number> {
  return reported(io, async () => {
    const { values, positionals } = parseCommandArgs('worker', args, WORKER_OPTIONS);
    if (values.help) {
      io.out(`${COMMAND_HELP.worker}\n`);
      return 0;
    }
    if (values.queue === undefined || positionals.length > 0) {
      io.err(
        `${formatIssue(issue('CLI_USAGE', [], { detail: 'gepkit worker takes --queue redis://host:port[/db] and no file' }))}\n`,
      );
      return 1;
    }
    const concurrency = whole('concurrency', values.concurrency, 1, Number.MAX_SAFE_INTEGER);
    const lockDuration = whole('lock-duration', values['lock-duration'], MIN_LOCK_MS, MAX_TIMER_MS);
    const stalledInterval = whole('stalled-interval', values['stalled-interval'], 1, MAX_TIMER_MS);
    const log = (s: string) => {
      if (!values.quiet) io.err(`${s}\n`);
    };
    const worker = await startWorker(values.queue, {
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(lockDuration !== undefined ? { lockDuration } : {}),
      ...(stalledInterval !== undefined ? { stalledInterval } : {}),
      onJob: (e) => log(`${e.state.padEnd(9)} ${e.queue} ${e.id}`),
    });
    log(`worker ${process.pid} on ${redactUrl(values.queue)}: waiting for jobs`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        signals.off('SIGTERM', stop);
        signals.off('SIGINT', stop);
        log(`worker ${process.pid}: stopping after the current job`);
        resolve();
      };
      signals.once('SIGTERM', stop);
      signals.once('SIGINT', stop);
    });
    await worker.close();
    log(`worker ${process.pid}: stopped`);
    return 0;
  });
}
