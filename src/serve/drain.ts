/**
 * The server's shutdown as the app sees it (server-node.ts drives it). From `begin` every new request is refused as
 * SERVE_SHUTTING_DOWN (503, `Connection: close`, `Retry-After`), /health included, so that a load balancer stops
 * routing here; the requests already running go on. From `cut` (the drain time is up) a request still waiting for
 * its answer is refused the same way, and a stream still running ends with a `{"problem": …}` line naming it
 * (routes race their body reads with `race`), so that a client never takes a cut stream for a complete one.
 */
import { GepError } from '../core/issue';
import { serveIssue } from './errors';
import { problemOf, problemResponse } from './problem';

/** Seconds a refused client is asked to wait (Retry-After): a restart, or the proxy's move to another instance. */
export const RETRY_AFTER_SECONDS = 5;

export class Drain {
  private state: 'open' | 'draining' | 'cut' = 'open';
  private readonly stop = new AbortController();
  private readonly closing: (() => Promise<unknown>)[] = [];

  /** Whether the server is stopping (new requests are refused). */
  get draining(): boolean {
    return this.state !== 'open';
  }

  /**
   * Aborted when the drain time is up, its reason the GepError SERVE_SHUTTING_DOWN: a request body piped with it
   * (app.ts, limitBody) fails then, so that a handler still reading one ends (its timers with it).
   */
  get signal(): AbortSignal {
    return this.stop.signal;
  }

  /** Refuse new requests from now on. */
  begin(): void {
    if (this.state === 'open') this.state = 'draining';
  }

  /** The drain time is up: the requests and streams still running end with SERVE_SHUTTING_DOWN. */
  cut(): void {
    this.state = 'cut';
    this.stop.abort(new GepError([serveIssue('SERVE_SHUTTING_DOWN')]));
  }

  /** `p`, unless the drain time ends first: then SERVE_SHUTTING_DOWN is thrown (and `p` is abandoned). */
  race<T>(p: Promise<T>): Promise<T> {
    return this.untilCut(
      p,
      (v) => v,
      () => {
        throw this.stop.signal.reason;
      },
    );
  }

  /**
   * `settled(p)` once `p` settles, or `cut()` if the drain time ends first. The abort listener is removed when `p`
   * settles: a server that runs for months answers every request and stream step through here, and a listener
   * (or a reaction on a promise that settles only at shutdown) left per call would hold them all until then.
   */
  private untilCut<T, R>(p: Promise<T>, settled: (v: T) => R, cut: () => R): Promise<R> {
    const signal = this.stop.signal;
    if (signal.aborted) {
      p.catch(() => undefined); // abandoned
      return Promise.resolve().then(cut);
    }
    return new Promise<R>((resolve, reject) => {
      const onCut = () => {
        p.catch(() => undefined); // abandoned
        try {
          resolve(cut());
        } catch (e) {
          reject(e);
        }
      };
      signal.addEventListener('abort', onCut, { once: true });
      p.then(
        (v) => {
          signal.removeEventListener('abort', onCut);
          resolve(settled(v));
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onCut);
          reject(e);
        },
      );
    });
  }

  /** Run `f` once the connections are closed, before the stores close (the ledger writer's queue: drained()). */
  beforeClose(f: () => Promise<unknown>): void {
    this.closing.push(f);
  }

  /** The work `beforeClose` named, done (a ledger write still queued when the connections closed, finished). */
  async drained(): Promise<void> {
    await Promise.all(this.closing.map((f) => f()));
  }

  /** Whether `p` settled before the drain time ended (false: it is still running, abandoned). */
  async finishes(p: Promise<unknown>): Promise<boolean> {
    return this.untilCut(
      p.then(() => true),
      (v) => v,
      () => false,
    );
  }
}

/** The refusal of a request to `instance` (its path) during a shutdown. */
export function shuttingDown(instance: string): Response {
  return problemResponse(problemOf([serveIssue('SERVE_SHUTTING_DOWN')], instance), {
    connection: 'close',
    'retry-after': String(RETRY_AFTER_SECONDS),
  });
}
