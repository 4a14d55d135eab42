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
 * refusal (NOAUTH: the server needs a password the URL does not give; WRONGPASS; a database out of range), an
 * answer that is not Redis's (+OK to AUTH and SELECT, +PONG to PING: a web server or any other service on the
 * port), a peer that closes the connection before the last answer, or `ms` without the answers.
 */
export function probe(url: string, ms = 5000): Promise<void> {
  const address = parseQueueUrl(url);
  const { host, port } = address;
  const commands: string[][] = [];
  if (address.password !== undefined)
    commands.push(['AUTH', ...(address.username !== undefined ? [address.username] : []), address.password]);
  if (address.db !== 0) commands.push(['SELECT', String(address.db)]);
  commands.push(['PING']);
  // What each command answers on a Redis server.
  const expected = commands.map((c) => (c[0] === 'PING' ? '+PONG' : '+OK'));
  return new Promise((resolve, reject) => {
    const socket =
      address.tls !== undefined
        ? tlsConnect({ host, port, servername: host })
        : createConnection({ host, port });
    let settled = false;
    const fail = (detail: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      try {
        queueFail('QUEUE_UNREACHABLE', [], { url: redactUrl(url), detail });
      } catch (e) {
        reject(e);
      }
    };
    // One deadline for the whole check: a peer that keeps the connection open, or sends bytes that never make the
    // answers, does not hold it longer.
    const timer = setTimeout(() => fail(`no answer within ${ms} ms`), ms);
    socket.once('error', (e) => fail(e.message));
    // A peer that hangs up before the last answer (a service that is not Redis, a server going down).
    socket.once('close', () =>
      fail(
        text.length > 0
          ? `not a Redis server: it answered ${shown(text)}`
          : 'the server closed the connection without answering PING',
      ),
    );
    socket.once(address.tls !== undefined ? 'secureConnect' : 'connect', () =>
      socket.write(commands.map(respCommand).join('')),
    );
    let text = '';
    let answered = 0;
    socket.on('data', (chunk: Buffer) => {
      if (settled) return;
      text += chunk.toString('latin1');
      // each command answers with one line: +OK, +PONG, or -ERROR words
      for (let end = text.indexOf('\r\n'); end >= 0; end = text.indexOf('\r\n')) {
        const line = text.slice(0, end);
        text = text.slice(end + 2);
        // A password given to a server that has none is answered with an error that ioredis (BullMQ's client)
        // only warns about: the connection works, so the check goes on.
        const unneeded = commands[answered]?.[0] === 'AUTH' && /without any password configured/.test(line);
        if (line.startsWith('-') && !unneeded) return fail(`the server answered ${line.slice(1)}`);
        if (!unneeded && line !== expected[answered])
          return fail(`not a Redis server: it answered ${shown(line)}`);
        answered += 1;
        if (answered === commands.length) {
          settled = true;
          clearTimeout(timer);
          socket.destroy();
          return resolve();
        }
      }
      // Redis answers these commands in a few bytes: a longer line is another service's.
      if (text.length > 1024) fail(`not a Redis server: it answered ${shown(text)}`);
    });
  });
}

/** A peer's answer as a message shows it: printable ASCII, at most 80 characters. */
function shown(line: string): string {
  const printable = line.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 80 ? `${printable.slice(0, 80)}…` : printable;
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
