/**
 * RFC 9457 problem details for every refusal of the service: the first issue's code, path, Chinese and English
 * message and hint, every issue found, and the HTTP status. Nothing else leaves the server on an error (no stack
 * trace, no exception message that is not a catalogue message).
 */
import * as z from 'zod';
import { GepError, type Issue } from '../core/issue';
import { type ServeErrorCode, serveIssue } from './errors';

const SERVE_STATUS: Record<ServeErrorCode, number> = {
  SERVE_KEY_MISSING: 401,
  SERVE_KEY_UNKNOWN: 401,
  SERVE_KEY_CONFLICT: 401,
  SERVE_ROLE_FORBIDDEN: 403,
  SERVE_BODY_TOO_LARGE: 413,
  SERVE_RATE_LIMITED: 429,
  SERVE_TIMEOUT: 503,
  SERVE_SHUTTING_DOWN: 503,
  SERVE_NOT_FOUND: 404,
  SERVE_METHOD_NOT_ALLOWED: 405,
  SERVE_MEDIA_TYPE: 415,
  SERVE_ENCODING_UNSUPPORTED: 415,
  SERVE_PARAM_INVALID: 400,
  SERVE_PARAM_UNKNOWN: 400,
  SERVE_PARAM_REPEATED: 400,
  SERVE_CONTEXT_UNKNOWN: 404,
  SERVE_KEYS_INVALID: 500,
  SERVE_INTERNAL: 500,
};

/** Library codes with a status of their own; any other refusal of the engine is 422 (the body is understood, not valid). */
const LIBRARY_STATUS: Readonly<Record<string, number>> = {
  INPUT_NOT_JSON: 400,
  INPUT_ENCODING: 400,
  INPUT_DUPLICATE_KEY: 400,
  INPUT_TOO_DEEP: 400,
  // A workbook expanding past --workbook-limit: its compressed body was within --body-limit.
  XLSX_TOO_LARGE: 413,
  PROFILE_UNKNOWN: 404,
  TABLE_UNKNOWN: 404,
};

/** The HTTP status of a refusal whose first issue has this code. */
export function statusOf(code: string): number {
  return (SERVE_STATUS as Readonly<Record<string, number>>)[code] ?? LIBRARY_STATUS[code] ?? 422;
}

/**
 * Engine refusals of a value a query parameter gave, by code and the account option the routes hand it as:
 * `exclude` is `options.exclude` of the account (routes/account.ts), so INDICATOR_UNKNOWN at
 * `["options", "exclude", i]` names the i-th code of the parameter, not the body.
 */
const QUERY_OPTIONS: ReadonlyMap<string, (path: readonly (string | number)[]) => boolean> = new Map([
  ['INDICATOR_UNKNOWN', (p) => p[0] === 'options' && p[1] === 'exclude'],
  // The account options of /v1/account and /v1/compare are the query's (exclude=M5, with an empty item).
  ['OPTIONS_INVALID', (p) => p[0] === 'options'],
  // /v1/uncertainty's draws, seed, tornadoPercent and sobol are the query's.
  ['UNCERTAINTY_INVALID', (p) => ['draws', 'seed', 'tornado', 'sobol'].includes(String(p[0]))],
]);

/**
 * The HTTP status of a refusal whose first issue is `first`: statusOf its code, except that an engine refusal of a
 * query parameter's value (QUERY_OPTIONS) is 400, as every bad query parameter is (SERVE_PARAM_INVALID); the same
 * code located in the body stays 422. /v1/compare accounts each year with the options, so its issues come under
 * `before` or `after`.
 */
export function statusOfIssue(first: Issue): number {
  const at = first.path[0] === 'before' || first.path[0] === 'after' ? 1 : 0;
  const fromQuery = QUERY_OPTIONS.get(first.code);
  return fromQuery?.(first.path.slice(at)) === true ? 400 : statusOf(first.code);
}

const issueJson = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  path: z.array(z.union([z.string(), z.number()])),
  message: z.object({ zh: z.string(), en: z.string() }),
  hint: z.string(),
  hintZh: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

/** The problem+json body (RFC 9457), with gepkit's issue fields as extension members. */
export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'urn:gepkit:error:<CODE>; docs/errors.md describes each code' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    code: z.string(),
    path: z.array(z.union([z.string(), z.number()])),
    message: z.object({ zh: z.string(), en: z.string() }),
    hint: z.string(),
    hintZh: z.string().optional(),
    issues: z.array(issueJson),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details carrying the gepkit issue catalogue fields',
  });

export type Problem = z.output<typeof problemSchema>;

/** The problem of a list of issues (the first one names it) on a request path. */
export function problemOf(issues: readonly Issue[], instance: string): Problem {
  const first = issues[0] as Issue;
  const status = statusOfIssue(first);
  return {
    type: `urn:gepkit:error:${first.code}`,
    title: first.code,
    status,
    detail: first.message.en,
    instance,
    code: first.code,
    path: [...first.path],
    message: first.message,
    hint: first.hint,
    ...(first.hintZh !== undefined ? { hintZh: first.hintZh } : {}),
    issues: issues.map((i) => ({ ...i, path: [...i.path] })),
  };
}

/**
 * The problem for anything thrown while answering: a GepError as its issues; anything else as SERVE_INTERNAL with a
 * request id, the error itself handed to `log` (the operator's log), never to the client.
 */
export function problemOfError(e: unknown, instance: string, id: string, log: (e: unknown) => void): Problem {
  if (e instanceof GepError) return problemOf(e.issues, instance);
  log(e);
  return problemOf([serveIssue('SERVE_INTERNAL', [], { id })], instance);
}

/** A Response carrying a problem. */
export function problemResponse(p: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(p), {
    status: p.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  });
}
