/**
 * Node adapter: BullMQ queues on one Redis server, named and prefixed the same way by the coordinator and the
 * workers, and a connection check that fails fast (QUEUE_UNREACHABLE) instead of retrying for ever.
 */
import { createConnection } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
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
 * Check that the server answers before any BullMQ object is made (they retry a refused connection, or wait for a
 * server that refuses them, for ever, and cannot be closed while they do): the client signs in as the URL says
 * (AUTH), selects the database (SELECT) and asks PING. QUEUE_UNREACHABLE after a refused connection, a server's
 * refusal (NOAUTH: the server needs a password the URL does not give; WRONGPASS; a database out of range), or `ms`
 * without an answer.
 */
export function probe(url: string, ms = 5000): Promise<void> {
  const address = parseQueueUrl(url);
  const { host, port } = address;
  const commands: string[][] = [];
  if (address.password !== undefined)
    commands.push(['AUTH', ...(address.username !== undefined ? [address.username] : []), address.password]);
  if (address.db !== 0) commands.push(['SELECT', String(address.db)]);
  commands.push(['PING']);
  return new Promise((resolve, reject) => {
    const socket =
      address.tls !== undefined
        ? tlsConnect({ host, port, servername: host })
        : createConnection({ host, port });
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
    socket.once(address.tls !== undefined ? 'secureConnect' : 'connect', () =>
      socket.write(commands.map(respCommand).join('')),
    );
    let text = '';
    let answered = 0;
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      // each command answers with one line: +OK, +PONG, or -ERROR words
      for (let end = text.indexOf('\r\n'); end >= 0; end = text.indexOf('\r\n')) {
        const line = text.slice(0, end);
        text = text.slice(end + 2);
        // A password given to a server that has none is answered with an error that ioredis (BullMQ's client)
        // only warns about: the connection works, so the check goes on.
        const unneeded = commands[answered]?.[0] === 'AUTH' && /without any password configured/.test(line);
        if (line.startsWith('-') && !unneeded) return fail(`the server answered ${line.slice(1)}`);
        answered += 1;
        if (answered === commands.length) {
          socket.destroy();
          return resolve();
        }
      }
    });
  });
}

/** A command in Redis's protocol (RESP): an array of bulk strings. */
function respCommand(words: string[]): string {
  return `*${words.length}\r\n${words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join('')}`;
}

/** Open a queue on a server that answers (QUEUE_UNREACHABLE otherwise). */
export async function openQueue(url: string, name: string): Promise<Queue> {
  await probe(url);
  const queue = new Queue(name, connectionOf(url));
  queue.on('error', () => undefined);
  await queue.waitUntilReady();
  return queue;
}
