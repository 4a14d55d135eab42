/**
 * The HTTP service over the gepkit engine, on Hono (docs/adr: the framework choice). Platform-neutral: it answers
 * web-standard Requests; server-node.ts puts it on a Node HTTP server. Every route is declared once (routes/*.ts)
 * with its OpenAPI description, built from the library's zod schemas, and its access rule; `mount` registers both,
 * so the document at /openapi.json and the routes cannot drift apart.
 *
 * On each /v1 request, in order: the caller (401 without a valid key when the server has keys), the role (403),
 * the caller's rate (429), the body size (413), the timeout (503), then the handler. A path the server has, asked
 * with a method it does not take, is 405 with an Allow header; any other path 404. Every refusal is problem+json
 * (problem.ts). A request is named by its X-Request-Id: the client's when it is a sane token, else a new UUID.
 */
import { shortValue } from '../core/decimal';
import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { timeout } from 'hono/timeout';
import * as z from 'zod';
import { closest } from '../core/suggest';
import { VERSION } from '../version';
import { serveFail, serveIssue } from './errors';
import { documentRequest, documentResponses } from './openapi-schema';
import { type Access, type Caller, type KeyEntry, allows, keyHash, keyOf } from './keys';
import { problemOf, problemOfError, problemResponse, problemSchema } from './problem';
import type { DuplicateIndex } from '../vep/batch';
import type { CarbonSetup } from './ledger';
import { Drain, shuttingDown } from './drain';
import { RateLimiter } from './rate';
import type { GuessedAt } from '../io/encoding';

/**
 * The response header that says a JSON body valid as UTF-8 was read as GBK/GB18030 by chance (INPUT_ENCODING_GUESSED,
 * which the CLI prints on standard error): `line=L; byte=B` of the first character read so.
 */
export const ENCODING_GUESSED_HEADER = 'Gepkit-Encoding-Guessed';

/** What a server is started with (the CLI's options; defaults in DEFAULTS). */
export interface ServeOptions {
  /** Keys by their SHA-256 (keys.ts loadKeys); without them every caller is anonymous with role read-only. */
  keys?: ReadonlyMap<string, KeyEntry>;
  /** Requests per minute per caller, unless the key names its own. */
  rate: number;
  /** Largest body of a JSON route, bytes. */
  bodyLimit: number;
  /** Largest body of a streamed route (/v1/vep/value, /v1/carbon/activities), bytes. */
  streamLimit: number;
  /** Most bytes an input workbook's parts may expand to (XLSX_TOO_LARGE, 413): its cells are read on the one thread. */
  workbookLimit: number;
  /** Time for a non-streamed request, ms. */
  timeout: number;
  /** Time for a whole streamed request (the Node server's requestTimeout), ms. */
  streamTimeout: number;
  /** Most draws one /v1/uncertainty request may ask for. */
  maxDraws: number;
  /**
   * Most evaluation steps of a request's custom-indicator formulas (the account option customWorkLimit,
   * CUSTOM_WORK_EXCEEDED): they run on the one thread.
   */
  customWorkLimit: number;
  /** Origins allowed by CORS; none: no CORS headers. `*` allows any. */
  cors: readonly string[];
  /** Where an unexpected error goes (the operator's log), with the request id the client was given. */
  log: (e: unknown, requestId: string) => void;
  /** The clock, ms (tests). */
  now: () => number;
  /** The carbon ledger, its audit trail and batch options; default: both in memory, reductions only. */
  carbon?: CarbonSetup;
  /**
   * Opens the on-disk index of /v1/vep/value's duplicate checks (`gepkit serve` gives openDiskIndex); without
   * it the checks keep their keys in memory (`index=auto` stays in memory, `index=disk` is refused).
   */
  vepIndex?: () => DuplicateIndex;
}

export const DEFAULTS: Omit<ServeOptions, 'log'> = {
  rate: 600,
  bodyLimit: 10 * 1024 * 1024,
  streamLimit: 1024 * 1024 * 1024,
  workbookLimit: 16 * 1024 * 1024,
  timeout: 30_000,
  streamTimeout: 3_600_000,
  maxDraws: 10_000,
  // At most about 0.2 s of CPU (docs/limits.md: 188 powers of 40-digit decimals measured).
  customWorkLimit: 10_000,
  cors: [],
  now: () => Date.now(),
};

export type Env = {
  Variables: {
    caller: Caller;
    requestId: string;
    /** Where a JSON body valid as UTF-8 was read as GBK/GB18030 by chance (routes/shared.ts, jsonBody). */
    encodingGuessed?: GuessedAt;
  };
};
export type Ctx = Context<Env>;

/** One route: its OpenAPI description, who may call it, its limits, and its handler. */
export interface RouteSpec extends Pick<RouteConfig, 'summary' | 'description' | 'request' | 'responses'> {
  method: 'get' | 'post';
  /** OpenAPI form (`/v1/profiles/{id}`). */
  path: string;
  tags: string[];
  access: Access;
  /** A streamed body: limited by streamLimit, and by no request timeout (the response streams as it is made). */
  streamed?: boolean;
  handler: (c: Ctx) => Response | Promise<Response>;
}

/** What a routes module gets: the options, the server's shutdown, and `mount` to add its routes. */
export interface Router {
  options: ServeOptions;
  /** A streamed route races its body reads with `drain.race`, so that a shutdown's cut ends it with a problem line. */
  drain: Drain;
  mount(spec: RouteSpec): void;
}

/**
 * The app with every route of `modules` mounted, /health and /openapi.json; `drain` is the server's shutdown
 * (drain.ts), driven by server-node.ts.
 */
export function createApp(
  options: ServeOptions,
  modules: readonly ((r: Router) => void)[],
  drain: Drain = new Drain(),
): OpenAPIHono<Env> {
  const app = new OpenAPIHono<Env>();
  const rates = new RateLimiter();
  // A refusal sent before the body is read (a parameter, a key, a rate) closes a socket the client is still
  // writing to, and the client sees the connection reset instead of the refusal: the rest of a body within the
  // body limit is read and dropped first (one declared larger is refused unread).
  app.use('*', async (c, next) => {
    await next();
    await discardUnread(c.req.raw, options.bodyLimit);
  });
  app.use('*', async (c, next) => {
    c.set('requestId', requestIdOf(c.req.header('x-request-id')));
    if (drain.draining) {
      c.res = shuttingDown(c.req.path);
    } else if (!(await drain.finishes(next()))) {
      // The drain time ended before the answer was ready (a body still being sent): refused, the handler
      // abandoned. A response that has started (a stream) ends on its own, with a problem line.
      c.res = shuttingDown(c.req.path);
    }
    c.header('x-request-id', c.get('requestId'));
    const guessed = c.get('encodingGuessed');
    if (guessed !== undefined)
      c.header(ENCODING_GUESSED_HEADER, `line=${guessed.line}; byte=${guessed.byte}`);
  });
  if (options.cors.length > 0)
    app.use(
      '*',
      cors({
        origin: options.cors.includes('*') ? '*' : [...options.cors],
        // The methods the routes take (Hono's default lists PUT, DELETE, PATCH and QUERY too).
        allowMethods: ['GET', 'HEAD', 'POST'],
        allowHeaders: ['Authorization', 'X-API-Key', 'Content-Type', 'X-Request-Id'],
        exposeHeaders: ['Retry-After', 'X-Request-Id', ENCODING_GUESSED_HEADER],
      }),
    );
  app.onError((e, c) => {
    if (e instanceof HTTPException) return e.getResponse();
    return problemResponse(
      problemOfError(e, c.req.path, c.get('requestId'), (x) => options.log(x, c.get('requestId'))),
    );
  });
  const methods = new PathMethods();
  // A path the server has, asked with a method it does not take, is 405 with the methods it takes (RFC 9110
  // §15.5.6); a path it does not have is 404.
  app.notFound((c) => {
    const allowed = methods.of(c.req.path);
    if (allowed.length === 0)
      return problemResponse(
        problemOf(
          [serveIssue('SERVE_NOT_FOUND', [], { method: c.req.method, route: c.req.path })],
          c.req.path,
        ),
      );
    const allow = allowed.join(', ');
    return problemResponse(
      problemOf(
        [
          serveIssue('SERVE_METHOD_NOT_ALLOWED', [], {
            method: c.req.method,
            route: c.req.path,
            allowed: allow,
          }),
        ],
        c.req.path,
      ),
      { allow },
    );
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key from the operator (`gepkit serve key`); also accepted as the X-API-Key header.',
  });
  app.openAPIRegistry.register('Problem', problemSchema);
  const router: Router = {
    options,
    drain,
    mount: (spec) => {
      methods.add(spec.method, spec.path);
      mount(app, options, rates, drain, spec);
    },
  };
  router.mount({
    method: 'get',
    path: '/health',
    tags: ['service'],
    access: 'public',
    summary: 'Liveness: the version, and that the server answers',
    responses: {
      200: {
        description: 'The server is up',
        content: {
          'application/json': { schema: z.object({ status: z.literal('ok'), gepkit: z.string() }) },
        },
      },
    },
    handler: (c) => c.json({ status: 'ok', gepkit: VERSION }),
  });
  for (const m of modules) m(router);
  let doc: ReturnType<typeof openApiDocument> | undefined;
  methods.add('get', '/openapi.json');
  app.get('/openapi.json', (c) => c.json((doc ??= openApiDocument(app))));
  return app;
}

/** A request id a client (or its gateway) may give: 1 to 128 letters, digits and `._:-`. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id of a request: the client's X-Request-Id when it is a sane token (REQUEST_ID), so that a gateway's trace
 * id names the request in the response, the log and the audit trail; otherwise a new UUID.
 */
function requestIdOf(given: string | undefined): string {
  return given !== undefined && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}

/** The OpenAPI 3.1 document of the mounted routes. */
export function openApiDocument(app: OpenAPIHono<Env>) {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'gepkit',
      version: VERSION,
      description:
        'GEP accounts, parcel-level VEP and carbon-inclusion ledgers over HTTP: the engine of the gepkit library. Errors are RFC 9457 problem+json carrying gepkit issue codes (docs/errors.md).',
    },
  });
}

/** The methods of each mounted path, for the Allow header of a 405 (a GET path takes HEAD too, as Hono answers it). */
class PathMethods {
  private readonly paths: { pattern: RegExp; methods: string[] }[] = [];

  /** Add `method` for `path` in OpenAPI form (`/v1/profiles/{id}`: a parameter is one non-empty segment). */
  add(method: string, path: string): void {
    const source = `^${path
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]+')}$`;
    let entry = this.paths.find((p) => p.pattern.source === source);
    if (entry === undefined) this.paths.push((entry = { pattern: new RegExp(source), methods: [] }));
    const m = method.toUpperCase();
    for (const x of m === 'GET' ? ['GET', 'HEAD'] : [m])
      if (!entry.methods.includes(x)) entry.methods.push(x);
  }

  /** The methods `path` takes; none when the server has no such path. */
  of(path: string): string[] {
    return this.paths.filter((p) => p.pattern.test(path)).flatMap((p) => p.methods);
  }
}

const problemContent = { 'application/problem+json': { schema: problemSchema } };

/** What a 400 refusal of any /v1 route is; a route whose parameters the engine also checks declares its own. */
export const BAD_REQUEST =
  'The body or a parameter cannot be read (INPUT_NOT_JSON, SERVE_PARAM_INVALID, SERVE_PARAM_UNKNOWN, …)';

/**
 * The refusals a route can answer with, by status, for its OpenAPI description; a route that declares one of these
 * statuses (RouteSpec.responses) gives its description.
 */
function refusals(spec: RouteSpec, keyed: boolean): RouteConfig['responses'] {
  const r: RouteConfig['responses'] = {};
  const add = (status: number, description: string) => {
    const own = spec.responses[status];
    r[status] = {
      description: own !== undefined && 'description' in own ? own.description : description,
      content: problemContent,
    };
  };
  if (spec.access !== 'public') {
    if (keyed || spec.access !== 'read')
      add(401, 'No key, or a key that is not valid (SERVE_KEY_MISSING, SERVE_KEY_UNKNOWN)');
    if (spec.access !== 'read') add(403, 'The key’s role may not use this route (SERVE_ROLE_FORBIDDEN)');
    add(429, 'The caller’s rate limit is used up (SERVE_RATE_LIMITED); Retry-After gives the seconds');
  }
  if (spec.request?.body !== undefined) {
    add(413, 'The body exceeds the route’s limit (SERVE_BODY_TOO_LARGE)');
    add(
      415,
      'The body’s type or content coding is not one the route reads (SERVE_MEDIA_TYPE, SERVE_ENCODING_UNSUPPORTED)',
    );
  }
  add(
    503,
    spec.access !== 'public' && spec.streamed !== true
      ? 'The request took longer than the timeout (SERVE_TIMEOUT), or the server is stopping (SERVE_SHUTTING_DOWN; Retry-After gives the seconds)'
      : 'The server is stopping (SERVE_SHUTTING_DOWN; Retry-After gives the seconds)',
  );
  // Every /v1 route checks its query parameters (onlyDeclaredParams): one it does not read is refused.
  if (spec.request !== undefined || spec.access !== 'public') add(400, BAD_REQUEST);
  if (spec.request?.body !== undefined)
    add(422, 'The engine refuses the input: the issues say where and why');
  add(500, 'An internal error, with a request id for the operator’s log (SERVE_INTERNAL)');
  return r;
}

function mount(
  app: OpenAPIHono<Env>,
  options: ServeOptions,
  rates: RateLimiter,
  drain: Drain,
  spec: RouteSpec,
): void {
  const keyed = options.keys !== undefined;
  app.openAPIRegistry.registerPath({
    method: spec.method,
    path: spec.path,
    tags: spec.tags,
    ...(spec.summary !== undefined ? { summary: spec.summary } : {}),
    description: [spec.description, accessNote(spec.access, keyed)]
      .filter((x) => x !== undefined)
      .join('\n\n'),
    ...(spec.request !== undefined ? { request: documentRequest(spec.request) } : {}),
    ...(spec.access !== 'public'
      ? { security: keyed || spec.access !== 'read' ? [{ apiKey: [] }] : [{}, { apiKey: [] }] }
      : {}),
    responses: { ...documentResponses(spec.responses, problemContent), ...refusals(spec, keyed) },
  });
  const route = spec.path.replace(/\{([^}]+)\}/g, ':$1');
  const chain: MiddlewareHandler<Env>[] = [];
  if (spec.access !== 'public') chain.push(authorise(options, rates, spec), onlyDeclaredParams(spec));
  if (spec.request?.body !== undefined)
    chain.push(
      uncompressedBody,
      limitBody(spec.path, spec.streamed === true ? options.streamLimit : options.bodyLimit, drain),
    );
  if (spec.access !== 'public' && spec.streamed !== true)
    chain.push(
      timeout(
        options.timeout,
        (c) =>
          new HTTPException(503, {
            res: problemResponse(
              problemOf(
                [serveIssue('SERVE_TIMEOUT', [], { route: spec.path, ms: options.timeout })],
                c.req.path,
              ),
            ),
          }),
      ),
    );
  app.on(spec.method.toUpperCase(), [route], ...chain, (c) => spec.handler(c as Ctx));
}

function accessNote(access: Access, keyed: boolean): string {
  if (access === 'public') return 'No key needed.';
  if (access === 'read')
    return keyed ? 'Any key (every role).' : 'Any key, or none (the server runs without a keys file).';
  return `Roles: ${access.join(', ')}.`;
}

/** The caller, its role and its rate, or the refusal. */
function authorise(options: ServeOptions, rates: RateLimiter, spec: RouteSpec): MiddlewareHandler<Env> {
  return async (c, next) => {
    const { key, conflict } = keyOf(c.req.header('authorization'), c.req.header('x-api-key'));
    const route = spec.path;
    let caller: Caller;
    // Without a keys file every caller is anonymous: a key sent anyway grants nothing and is not refused.
    if (options.keys === undefined) {
      caller = { id: 'anonymous', role: 'read-only', anonymous: true };
    } else {
      if (conflict) return problemResponse(problemOf([serveIssue('SERVE_KEY_CONFLICT')], c.req.path));
      if (key === undefined)
        return problemResponse(problemOf([serveIssue('SERVE_KEY_MISSING', [], { route })], c.req.path));
      const entry = options.keys.get(keyHash(key));
      if (entry === undefined)
        return problemResponse(problemOf([serveIssue('SERVE_KEY_UNKNOWN')], c.req.path));
      caller = {
        id: entry.id,
        role: entry.role,
        anonymous: false,
        ...(entry.perMinute !== undefined ? { perMinute: entry.perMinute } : {}),
      };
    }
    // An anonymous caller of a route that needs a role is asked for a key (401), not refused its role.
    if (caller.anonymous && !allows(spec.access, caller.role))
      return problemResponse(problemOf([serveIssue('SERVE_KEY_MISSING', [], { route })], c.req.path));
    if (!allows(spec.access, caller.role))
      return problemResponse(
        problemOf(
          [
            serveIssue('SERVE_ROLE_FORBIDDEN', [], {
              key: caller.id,
              role: caller.role,
              route,
              allowed: (spec.access as readonly string[]).join(', '),
            }),
          ],
          c.req.path,
        ),
      );
    const limit = caller.perMinute ?? options.rate;
    const taken = rates.take(caller.id, limit, options.now());
    if (!taken.ok)
      return problemResponse(
        problemOf(
          [serveIssue('SERVE_RATE_LIMITED', [], { key: caller.id, limit, retryAfter: taken.retryAfter })],
          c.req.path,
        ),
        { 'retry-after': String(taken.retryAfter) },
      );
    c.set('caller', caller);
    await next();
  };
}

/**
 * The route's query parameters are those its declaration names, each at most once: a parameter it does not read
 * (a misspelt `baseyear`) is SERVE_PARAM_UNKNOWN, not ignored, and one given twice is SERVE_PARAM_REPEATED, not
 * taken at one of its values.
 */
function onlyDeclaredParams(spec: RouteSpec): MiddlewareHandler<Env> {
  const query = spec.request?.query;
  const known = query instanceof z.ZodObject ? Object.keys(query.shape) : [];
  return async (c, next) => {
    for (const [name, values] of Object.entries(c.req.queries())) {
      if (!known.includes(name))
        serveFail('SERVE_PARAM_UNKNOWN', [], {
          route: spec.path,
          name: shortValue(name),
          known: known.length === 0 ? '(none)' : known.join(', '),
          suggestion: closest(name, known) ?? '',
        });
      if (values.length > 1) serveFail('SERVE_PARAM_REPEATED', [], { name, count: values.length });
    }
    await next();
  };
}

/**
 * A body sent with a content coding (gzip, br, …) is refused as SERVE_ENCODING_UNSUPPORTED (415, RFC 9110 §15.5.16,
 * with `Accept-Encoding: identity`, the codings the route reads) rather than read as text, where it would be an
 * encoding or JSON error about bytes the client never wrote.
 */
const uncompressedBody: MiddlewareHandler<Env> = async (c, next) => {
  const coding = c.req.header('content-encoding')?.trim().toLowerCase();
  if (coding !== undefined && coding !== '' && coding !== 'identity')
    return problemResponse(
      problemOf([serveIssue('SERVE_ENCODING_UNSUPPORTED', [], { encoding: coding })], c.req.path),
      { 'accept-encoding': 'identity' },
    );
  await next();
};

/**
 * Read and drop what a request's body still holds (nothing when a handler read it), up to `limit` bytes; a body
 * declared larger, or found larger, is left (its connection then closes unread). A body that fails to read is
 * left too: the response is already made.
 */
async function discardUnread(req: Request, limit: number): Promise<void> {
  if (req.body === null || req.bodyUsed || Number(req.headers.get('content-length') ?? 0) > limit) return;
  const reader = req.body.getReader();
  try {
    for (let size = 0; size <= limit;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // the refusal stands as made
  }
}

/**
 * The body size limit of a route: a declared length over the limit is refused at once; a body sent in chunks is
 * counted as the handler reads it, and SERVE_BODY_TOO_LARGE is thrown when the count passes the limit (so a
 * streamed route never holds more than a chunk, unlike a limit that buffers the body to count it). The body fails
 * with SERVE_SHUTTING_DOWN when a shutdown's drain time ends before it is read (drain.ts).
 */
function limitBody(route: string, limit: number, drain: Drain): MiddlewareHandler<Env> {
  return async (c, next) => {
    const raw = c.req.raw;
    const declared = raw.headers.get('content-length');
    if (declared !== null && Number(declared) > limit)
      return problemResponse(
        problemOf([serveIssue('SERVE_BODY_TOO_LARGE', [], { route, limit })], c.req.path),
      );
    if (raw.body !== null) {
      let size = 0;
      const counted = raw.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, out) {
            size += chunk.byteLength;
            if (size > limit) serveFail('SERVE_BODY_TOO_LARGE', [], { route, limit });
            out.enqueue(chunk);
          },
        }),
        { signal: drain.signal },
      );
      c.req.raw = new Request(raw, { body: counted, duplex: 'half' } as RequestInit);
    }
    await next();
  };
}
