/** What the routes share: reading a JSON body, parsing query parameters, answering JSON as the CLI prints it. */
import * as z from 'zod';
import { prettyJson } from '../../core/canonical';
import type { Ctx, ServeOptions } from '../app';
import { declaredCharset, jsonOf } from '../body';
import { serveFail } from '../errors';
import { type Problem, problemOfError } from '../problem';

/**
 * The JSON of the request body (SERVE_MEDIA_TYPE unless it is sent as JSON; `alsoAccepted` names the other types
 * the route reads before it comes here, for the refusal to list). A body valid as UTF-8 read as GBK/GB18030 by
 * chance is noted for the response's `Gepkit-Encoding-Guessed` header (src/serve/app.ts), where the CLI says so on
 * standard error: the response body stays the bytes the CLI prints.
 */
export async function jsonBody(c: Ctx, alsoAccepted: readonly string[] = []): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([a-z0-9.+-]*\+)?json\b/i.test(type))
    serveFail('SERVE_MEDIA_TYPE', [], {
      type: type || '(none)',
      accepted: ['application/json', ...alsoAccepted].join(', '),
    });
  return jsonOf(
    new Uint8Array(await c.req.arrayBuffer()),
    (w) => c.set('encodingGuessed', { line: Number(w.params?.line), byte: Number(w.params?.byte) }),
    declaredCharset(type),
  );
}

/** The query parameters through `schema`; the first problem is SERVE_PARAM_INVALID. */
export function queryOf<S extends z.ZodType>(c: Ctx, schema: S): z.output<S> {
  const r = schema.safeParse(c.req.query());
  if (r.success) return r.data;
  const i = r.error.issues[0] as z.core.$ZodIssue;
  const name = String(i.path[0] ?? '(query)');
  // a parameter left out is said so, not as a value of the wrong type ("expected string, received undefined")
  const missing = i.path.length === 1 && c.req.query(name) === undefined;
  return serveFail('SERVE_PARAM_INVALID', [], {
    name,
    detail: missing ? 'required, and not given' : i.message,
  });
}

/**
 * A parameter of the request's path (`{user}`, `{id}`), percent-decoded. A path whose escapes do not decode to
 * UTF-8 text (`%FF`, a sequence cut off: `%E4%B8`) is SERVE_PARAM_INVALID: the router would hand the escape on as
 * it is written, and `/balances/%FF` would answer for a user named "%FF" (which is written `%25FF`).
 */
export function pathParam(c: Ctx, name: string): string {
  try {
    decodeURIComponent(new URL(c.req.url).pathname);
  } catch {
    serveFail('SERVE_PARAM_INVALID', [], { name, detail: NOT_UTF8 });
  }
  return c.req.param(name) ?? '';
}
const NOT_UTF8 = 'a percent-encoded path whose escapes are no UTF-8 text';

/** A value as the CLI writes JSON: canonical (sorted keys), indented by two, a final newline. */
export function cliJson(value: unknown, status = 200): Response {
  return new Response(prettyJson(value), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/**
 * The problem line a streamed JSON Lines response ends with when it fails after it started: a GepError's issues,
 * anything else SERVE_INTERNAL with the request id, the error itself going to the operator's log (as a response
 * that fails before it starts: problemOfError), never to the client. Undefined when the client has gone (its
 * request aborted, the failure being the body cut off): no one reads the line, and there is nothing to log.
 */
export function streamProblem(c: Ctx, e: unknown, log: ServeOptions['log']): Problem | undefined {
  if (c.req.raw.signal.aborted) return undefined;
  const id = c.get('requestId');
  return problemOfError(e, c.req.path, id, (x) => log(x, id));
}

/** A JSON body for the OpenAPI description of a route. */
export const jsonRequest = (schema: z.core.$ZodType, description: string) => ({
  body: { required: true, description, content: { 'application/json': { schema } } },
});

/** A JSON 200 response for the OpenAPI description of a route. */
export const jsonResponse = (schema: z.core.$ZodType, description: string) => ({
  200: { description, content: { 'application/json': { schema } } },
});

/** A query flag written `true` or `false`. */
export const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A whole-number query parameter (at most 15 digits: every such number is exact as a double). */
export const int = z
  .string()
  .regex(/^-?\d{1,15}$/, 'an integer of at most 15 digits')
  .transform((v) => Number(v));

/** A count or position: a whole number ≥ 0 of at most 15 digits. */
export const natural = z
  .string()
  .regex(/^\d{1,15}$/, 'a whole number ≥ 0 of at most 15 digits')
  .transform((v) => Number(v));

/** Any JSON object (results without a zod schema of their own). */
export const anyObject = z.looseObject({});
