/**
 * Node adapter: BullMQ queues on one Redis server, named and prefixed the same way by the coordinator and the
 * workers, and a connection check that fails fast (QUEUE_UNREACHABLE) instead of retrying for ever.
 */
import { type ConnectionOptions, Queue, type QueueBaseOptions } from 'bullmq';
import { queueFail } from './errors';
import { parseQueueUrl, redactUrl } from './url';

/** The BullMQ queues gepkit uses: raster tile tasks and carbon partition tasks. */
export const QUEUE_NAMES = { raster: 'gepkit-raster', carbon: 'gepkit-carbon' } as const;
/** The key prefix of every queue and run record. */
export const PREFIX = 'gepkit';

/** BullMQ's options for a server address (`maxRetriesPerRequest: null`, as BullMQ's workers require). */
export function connectionOf(url: string): QueueBaseOptions {
  const address = parseQueueUrl(url);
  const connection: ConnectionOptions = { ...address, maxRetriesPerRequest: null };
  return { connection, prefix: PREFIX };
}

/** Resolve with the promise's value, or fail with QUEUE_UNREACHABLE once `ms` have passed. */
export async function reachable<T>(url: string, ready: Promise<T>, ms = 5000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([ready, timeout]);
  } catch (e) {
    return queueFail('QUEUE_UNREACHABLE', [], { url: redactUrl(url), detail: (e as Error).message });
  } finally {
    clearTimeout(timer);
  }
}

/** Open a queue and check that its server answers (QUEUE_UNREACHABLE otherwise, with the queue closed). */
export async function openQueue(url: string, name: string): Promise<Queue> {
  const queue = new Queue(name, connectionOf(url));
  // An unreachable server is reported by `reachable`; ioredis's own error events would only repeat it.
  queue.on('error', () => undefined);
  try {
    await reachable(url, queue.waitUntilReady());
  } catch (e) {
    await queue.disconnect().catch(() => undefined);
    throw e;
  }
  return queue;
}
