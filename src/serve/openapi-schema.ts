/**
 * Body schemas in the OpenAPI document. The library's schemas are zod/mini (ADR 0028), which the OpenAPI generator
 * cannot walk (it calls classic zod's methods on every node), so each request and response body is documented by
 * the JSON Schema zod writes for it: draft 2020-12, the dialect of OpenAPI 3.1. Query and path parameters stay
 * classic zod schemas, read by the generator itself.
 */
import type { RouteConfig } from '@hono/zod-openapi';
import * as z from 'zod';

type Content = Record<string, { schema?: unknown } & Record<string, unknown>>;
type Responses = RouteConfig['responses'];
type Request = NonNullable<RouteConfig['request']>;

function jsonSchemaOf(schema: unknown, io: 'input' | 'output'): unknown {
  if (typeof schema !== 'object' || schema === null || !('_zod' in schema)) return schema;
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema as z.core.$ZodType, {
    io,
    unrepresentable: 'any',
  });
  return rest;
}

function documentContent<C>(content: C, io: 'input' | 'output'): C {
  if (content === undefined) return content;
  const out: Content = {};
  for (const [type, media] of Object.entries(content as Content))
    out[type] = {
      ...media,
      ...(media.schema !== undefined ? { schema: jsonSchemaOf(media.schema, io) } : {}),
    };
  return out as C;
}

/** The request with its body's schemas as JSON Schema (what a caller sends: the input side). */
export function documentRequest(request: Request): Request {
  const body = request.body;
  if (body === undefined) return request;
  return { ...request, body: { ...body, content: documentContent(body.content, 'input') } };
}

/**
 * The responses with their bodies' schemas as JSON Schema (what the route answers: the output side); a refusal
 * (4xx, 5xx) declared without a body gets `problem`, the body every refusal has.
 */
export function documentResponses(
  responses: Responses,
  problem: { 'application/problem+json': { schema: z.ZodType } },
): Responses {
  const out: Responses = {};
  for (const [status, r] of Object.entries(responses)) {
    const content = 'content' in r ? r.content : undefined;
    if (content !== undefined) out[status] = { ...r, content: documentContent(content, 'output') };
    else out[status] = Number(status) >= 400 ? { ...r, content: problem } : r;
  }
  return out;
}
