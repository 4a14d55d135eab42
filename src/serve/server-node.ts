/** The service on a Node HTTP server (@hono/node-server): listen, report the address, stop with a drain. */
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { serve } from '@hono/node-server';
import type { ServeOptions } from './app';
import { Drain } from './drain';
import { service } from './service';

/** Time for the answers a cut ends (a problem line, a refusal) to be written before the connections are closed, ms. */
const CUT_GRACE_MS = 2000;

/**
 * How long a kept-alive connection may stay idle, ms (Node's default is 5 s). An account or a draw of uncertainty
 * holds the server's one thread for seconds: when it lets go, the idle connections whose time ran out meanwhile are
 * closed before the requests that came on them are read, and a client that sent one on such a connection sees it
 * closed without an answer. 65 s makes that rare, and outlasts the idle timeout of the load balancers commonly put
 * in front (60 s), which must close a connection before the server does.
 */
const KEEP_ALIVE_MS = 65_000;

/** What a stop did with the requests in flight when it began. */
export interface Stopped {
  /** Ended within the drain time: answered, or left by its client. */
  drained: number;
  /** Still running when the drain time ended: refused (503), or a stream ended with a problem line, or cut. */
  cut: number;
}

export interface Listening {
  /** `http://host:port`, the port the system chose when 0 was asked for. */
  url: string;
  /**
   * Stop: accept no new connection and refuse new requests on open ones (SERVE_SHUTTING_DOWN, 503), let the
   * requests in flight finish for up to `drainMs` (default 0: at once), end those still running (drain.ts), then
   * close every connection. Resolves once the server is closed and no ledger write is running: the stores may close.
   */
  close(drainMs?: number): Promise<Stopped>;
  /** Requests in flight now (the CLI's shutdown line). */
  inFlight(): number;
}

/** Start the service on `host:port` (port 0: any free port). */
export function listen(options: ServeOptions, host: string, port: number): Promise<Listening> {
  const drain = new Drain();
  const app = service(options, drain);
  const active = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  return new Promise((resolve, reject) => {
    // An HTTP/1.1 server: serve() makes an HTTP/2 one only when given createServer options, as it is not here.
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) => {
      const h = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${h}:${info.port}`,
        inFlight: () => active.size,
        close: async (drainMs = 0) => {
          drain.begin();
          const running = [...active];
          // An answer not yet begun says the connection closes after it (a pooled client then does not send its
          // next request on a connection the server is about to end); one that has begun (a stream) keeps its head.
          for (const r of running) if (!r.headersSent) r.shouldKeepAlive = false;
          const closed = new Promise<void>((done, failed) =>
            server.close((e) => (e === undefined ? done() : failed(e))),
          );
          server.closeIdleConnections();
          await allClosed(running, drainMs);
          const cut = running.filter((r) => active.has(r)).length;
          drain.cut();
          if (cut > 0) await allClosed(running, CUT_GRACE_MS);
          // Connections left open end once their answers are written (a kept-alive one is idle by now); those
          // that do not (a client that reads nothing) are closed after the grace.
          for (const s of sockets) s.end();
          const forced = setTimeout(() => server.closeAllConnections(), CUT_GRACE_MS);
          try {
            await closed;
          } finally {
            clearTimeout(forced);
          }
          await drain.drained();
          return { drained: running.length - cut, cut };
        },
      });
    }) as Server;
    server.on('request', (_req, res: ServerResponse) => {
      active.add(res);
      res.once('close', () => active.delete(res));
    });
    server.on('connection', (s: Socket) => {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
    });
    // Node's own limit on receiving a whole request (default 5 min) would cut a long parcel stream: it is the
    // stream timeout; non-streamed routes have the shorter --timeout.
    (server as { requestTimeout: number }).requestTimeout = options.streamTimeout;
    (server as Server).keepAliveTimeout = KEEP_ALIVE_MS;
    // Headers of a request on a kept-alive connection must be given the time the connection may wait for them.
    (server as Server).headersTimeout = KEEP_ALIVE_MS + 1000;
    server.once('error', reject);
  });
}

/** Resolves when every response of `responses` is closed, or after `ms`. */
function allClosed(responses: readonly ServerResponse[], ms: number): Promise<void> {
  const open = responses.filter((r) => !r.closed);
  if (open.length === 0) return Promise.resolve();
  return new Promise((done) => {
    let left = open.length;
    const timer = setTimeout(done, ms);
    for (const r of open)
      r.once('close', () => {
        left -= 1;
        if (left === 0) {
          clearTimeout(timer);
          done();
        }
      });
  });
}
