/** The service on a Node HTTP server (@hono/node-server): listen, report the address, close. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { ServeOptions } from './app';
import { service } from './service';

export interface Listening {
  /** `http://host:port`, the port the system chose when 0 was asked for. */
  url: string;
  close(): Promise<void>;
}

/** Start the service on `host:port` (port 0: any free port). */
export function listen(options: ServeOptions, host: string, port: number): Promise<Listening> {
  const app = service(options);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) => {
      const h = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${h}:${info.port}`,
        close: () =>
          new Promise<void>((done, failed) => {
            server.close((e) => (e === undefined ? done() : failed(e)));
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    // Node's own limit on receiving a whole request (default 5 min) would cut a long parcel stream: it is the
    // stream timeout; non-streamed routes have the shorter --timeout.
    (server as { requestTimeout: number }).requestTimeout = options.streamTimeout;
    server.once('error', reject);
  });
}
