/**
 * Node adapter: BullMQ queues on one Redis server, named and prefixed the same way by the coordinator and the
 * workers, and a connection check that fails fast (QUEUE_UNREACHABLE) instead of retrying for ever.
 */
import { createConnection } from 'node:net';
import { type ConnectionOptions, Queue, type QueueBaseOptions } from 'bullmq';
import { VERSION } from '../version';
import { queueFail } from './errors';
import { parseQueueUrl, redactUrl } from './url';

/**
 * The BullMQ queues gepkit uses: raster tile tasks and carbon partition tasks, named with the gepkit version, so a
 * worker takes only the jobs of coordinators of its own version (a tile or partition computed by another
 * version's code would mix two engines' figures in one run; during an upgrade each version's workers serve their
 * own runs).
 */
export const QUEUE_NAMES = {
  raster: `gepkit-raster@${VERSION}`,
  carbon: `gepkit-carbon@${VERSION}`,
} as const;
/** The key prefix of every queue and run record. */
export const PREFIX = 'gepkit';

/** BullMQ's options for a server address (`maxRetriesPerRequest: null`, as BullMQ's workers require). */
export function connectionOf(url: string): QueueBaseOptions {
  const address = parseQueueUrl(url);
  const connection: ConnectionOptions = { ...address, maxRetriesPerRequest: null };
  return { connection, prefix: PREFIX };
}

/**
 * Check that the server's port answers before any BullMQ object is made (they retry a refused connection for
 * ever, and cannot be closed while they do): QUEUE_UNREACHABLE after a refusal or `ms` without an answer.
 */
export function probe(url: string, ms = 5000): Promise<void> {
  const { host, port } = parseQueueUrl(url);
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port });
    const fail = (detail: string) => {
      socket.destroy();
      try {
        queueFail('QUEUE_UNREACHABLE', [], { url: redactUrl(url), detail });
      } catch (e) {
        reject(e);
      }
    };
    socket.setTimeout(ms, () => fail(`no answer within ${ms} ms`));
    socket.once('error', (e) => fail(e.message));
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
  });
}

/** Open a queue on a server that answers (QUEUE_UNREACHABLE otherwise). */
export async function openQueue(url: string, name: string): Promise<Queue> {
  await probe(url);
  const queue = new Queue(name, connectionOf(url));
  queue.on('error', () => undefined);
  await queue.waitUntilReady();
  return queue;
}
