/**
 * Two-mountains-bank routes: valuation contexts, streamed parcel valuation (CSV or JSON Lines in, JSON Lines or
 * CSV out, one parcel at a time as the client reads: memory stays flat), change accounting and dividend allocation.
 */
import * as z from 'zod';
import { toJsonLine } from '../../io/jsonl';
import { Utf8Blocks } from '../../io/utf8-blocks';
import type { GuessedAt } from '../../io/encoding';
import { type BatchSummary, type ParcelResult, indexOptions, valueParcelsAsync } from '../../vep/batch';
import { changeAccounting } from '../../vep/change';
import { type Prepared, prepareContext } from '../../vep/context';
import { allocatePackage, packageSchema } from '../../vep/dividends';
import { csvRow, resultCsvHeader } from '../../vep/result-csv';
import { compactLine } from '../../vep/result-line';
import { contextSchema, parcelSchema } from '../../vep/schema';
import type { Ctx, Router } from '../app';
import { bodyLines, declaredCharset } from '../body';
import { serveFail } from '../errors';
import { anyObject, cliJson, jsonBody, jsonRequest, jsonResponse, queryOf, streamProblem } from './shared';

/** Most valuation contexts a server keeps (the oldest is dropped first). */
const CONTEXTS_KEPT = 64;

const JSONL_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/jsonlines'];

const valueQuery = z.object({
  context: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/)
    .meta({ description: 'The id POST /v1/vep/contexts gave.' }),
  format: z.enum(['jsonl', 'compact', 'csv']).default('jsonl').meta({
    description:
      'The response: JSON Lines, compact JSON Lines (cells grouped by ecosystem type, the basis hash in the summary only) or CSV.',
  }),
  warnings: z.enum(['refs', 'inline']).default('refs'),
  fast: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  checkDuplicates: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .meta({
      description:
        'Refuse a parcel id or certificate seen earlier in the stream (the only state that grows with the stream); false when ids are unique by construction.',
    }),
  index: z.enum(['auto', 'memory', 'disk']).default('auto').meta({
    description:
      "Where the duplicate checks keep the ids and certificates seen: auto, in memory up to 100,000 then in an index on the server's disk (memory stays flat); memory; disk, from the first parcel. The results are the same.",
  }),
});

/**
 * End a streamed response that failed after it started as an incomplete transfer. On Node (@hono/node-server,
 * whose bindings carry the response as `outgoing`) the connection is destroyed: given an errored body, that adapter
 * ends the response normally with `Error: <message>` as its last bytes whenever it is waiting for the client to
 * drain (or, before the headers, answers 500 with that text), which a client reads as a whole CSV. Elsewhere the
 * body stream is errored, the web standard's signal.
 */
function cut(c: Ctx, out: ReadableStreamDefaultController<Uint8Array>, e: unknown): void {
  const outgoing = (c.env as { outgoing?: { destroy(): void } } | undefined)?.outgoing;
  if (outgoing === undefined) return out.error(e);
  outgoing.destroy();
}

export function vepRoutes(r: Router): void {
  const contexts = new Map<string, Prepared>();
  r.mount({
    method: 'post',
    path: '/v1/vep/contexts',
    tags: ['vep'],
    access: 'read',
    summary: 'Prepare a valuation context; its id (the basis hash) names it in /v1/vep/value',
    description: `The server keeps the last ${CONTEXTS_KEPT} contexts; posting one again gives the same id.`,
    request: jsonRequest(contextSchema, 'A valuation context (docs/vep.md)'),
    responses: {
      201: {
        description: 'The context is ready',
        content: {
          'application/json': {
            schema: z.object({ id: z.string(), basis: anyObject, warnings: z.array(anyObject) }),
          },
        },
      },
      404: {
        description:
          'The context names a profile or table the server does not have (PROFILE_UNKNOWN, TABLE_UNKNOWN)',
      },
    },
    handler: async (c) => {
      const prepared = prepareContext(await jsonBody(c));
      const id = prepared.basis.hash;
      contexts.delete(id);
      contexts.set(id, prepared);
      if (contexts.size > CONTEXTS_KEPT) contexts.delete(contexts.keys().next().value as string);
      return cliJson({ id, basis: prepared.basis, warnings: prepared.warnings }, 201);
    },
  });
  r.mount({
    method: 'post',
    path: '/v1/vep/value',
    tags: ['vep'],
    access: 'read',
    streamed: true,
    summary: 'Value parcels, streamed (as `gepkit vep value`): CSV or JSON Lines in, JSON Lines or CSV out',
    description:
      'JSON Lines out: one result per parcel (a refused parcel is a line with ok: false and its issues), then {"summary": …}; a response that ends without the summary line was cut short, and a failure after the first line ends it with {"problem": …}. CSV out: the valued parcels, one column per indicator (refusals and the summary are in JSON Lines only). CSV in: a header line first; UTF-8 or GBK/GB18030.',
    request: {
      query: valueQuery,
      body: {
        required: true,
        description: 'Parcels: one JSON object per line, or CSV with a header',
        content: {
          'application/x-ndjson': { schema: parcelSchema },
          'text/csv': { schema: z.string() },
        },
      },
    },
    responses: {
      200: {
        description: 'The results, streamed',
        content: { 'application/x-ndjson': { schema: anyObject }, 'text/csv': { schema: z.string() } },
      },
      404: { description: 'No context with this id on the server (SERVE_CONTEXT_UNKNOWN): post it again' },
    },
    handler: async (c) => {
      const q = queryOf(c, valueQuery);
      const prepared = contexts.get(q.context);
      if (prepared === undefined) serveFail('SERVE_CONTEXT_UNKNOWN', [], { id: q.context });
      const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const csvIn = type === 'text/csv';
      if (!csvIn && !JSONL_TYPES.includes(type))
        serveFail('SERVE_MEDIA_TYPE', [], {
          type: type || '(none)',
          accepted: ['text/csv', ...JSONL_TYPES].join(', '),
        });
      const open = r.options.vepIndex;
      if (q.index === 'disk' && open === undefined)
        serveFail('SERVE_PARAM_INVALID', [], { name: 'index', detail: 'this server keeps no index on disk' });
      // The summary says the encoding read, and where a body valid as UTF-8 was read as GBK by chance (as the CLI's).
      let encoding = 'utf-8';
      let guessed: GuessedAt | undefined;
      const onEncoding = (e: string, at?: GuessedAt) => {
        encoding = e;
        guessed = at;
      };
      const summaryOf = (s: BatchSummary) => ({
        ...s,
        encoding,
        ...(guessed !== undefined ? { encodingGuessed: guessed } : {}),
      });
      const gen = valueParcelsAsync(
        bodyLines(c.req.raw.body, onEncoding, declaredCharset(c.req.header('content-type'))),
        prepared,
        {
          format: csvIn ? 'csv' : 'jsonl',
          fastPath: q.fast,
          warnings: q.warnings,
          checkDuplicates: q.checkDuplicates,
          ...(open === undefined ? {} : indexOptions(q.index, open)),
        },
      );
      const indicators = prepared.basis.indicators.map((i) => i.code);
      const line = (res: ParcelResult) =>
        q.format === 'jsonl'
          ? toJsonLine(res)
          : q.format === 'compact'
            ? compactLine(res)
            : res.ok
              ? csvRow(res, indicators)
              : '';
      // The first result is awaited here: a body refused at once is a problem response, not a cut stream.
      const first = await gen.next();
      let head = q.format === 'csv' ? resultCsvHeader(indicators) : '';
      if (first.done === true)
        head += q.format !== 'csv' ? toJsonLine({ summary: summaryOf(first.value) }) : '';
      else head += line(first.value);
      let done = first.done === true;
      const encoder = new TextEncoder();
      // Results are encoded line by line into 64 KiB blocks (Utf8Blocks); a pull hands over one full block, the
      // last pull what is left.
      let handed = false;
      let sink: ReadableStreamDefaultController<Uint8Array> | undefined;
      const blocks = new Utf8Blocks((b) => {
        sink?.enqueue(b);
        handed = true;
      });
      const stream = new ReadableStream<Uint8Array>({
        start(out) {
          if (head !== '') out.enqueue(encoder.encode(head));
          if (done) out.close();
        },
        async pull(out) {
          sink = out;
          handed = false;
          try {
            while (!handed) {
              // A shutdown's cut ends the stream here with its problem line (CSV: cut, below).
              const step = await r.drain.race(gen.next());
              if (step.done === true) {
                if (q.format !== 'csv') blocks.write(toJsonLine({ summary: summaryOf(step.value) }));
                done = true;
                break;
              }
              blocks.write(line(step.value));
            }
          } catch (e) {
            const problem = streamProblem(c, e, r.options.log);
            // CSV has no line for a problem: the transfer is cut (the error logged by streamProblem).
            if (q.format === 'csv') return cut(c, out, e);
            if (problem !== undefined) blocks.write(toJsonLine({ problem }));
            done = true;
          }
          if (!done) return;
          blocks.flush();
          out.close();
        },
        async cancel() {
          await gen.return(undefined as never);
        },
      });
      return new Response(stream, {
        headers: {
          'content-type':
            q.format !== 'csv' ? 'application/x-ndjson; charset=utf-8' : 'text/csv; charset=utf-8',
        },
      });
    },
  });
  r.mount({
    method: 'post',
    path: '/v1/vep/change',
    tags: ['vep'],
    access: 'read',
    summary: 'Change accounting between two account results (as `gepkit vep change`)',
    request: {
      query: z.object({ prices: z.enum(['current', 'comparable']).default('current') }),
      ...jsonRequest(
        z.object({ a: anyObject, b: anyObject }),
        'Two results of /v1/account (best with exact=true): a the earlier, b the later',
      ),
    },
    responses: jsonResponse(anyObject, 'The change, decomposed per indicator, with its warnings'),
    handler: async (c) => {
      const q = queryOf(c, z.object({ prices: z.enum(['current', 'comparable']).default('current') }));
      const body = (await jsonBody(c)) as { a?: unknown; b?: unknown } | null;
      if (body === null || typeof body !== 'object' || body.a === undefined || body.b === undefined)
        serveFail('SERVE_PARAM_INVALID', [], {
          name: 'body',
          detail: 'an object with the two results as a and b',
        });
      return cliJson(changeAccounting(body.a, body.b, { prices: q.prices }));
    },
  });
  r.mount({
    method: 'post',
    path: '/v1/vep/allocate',
    tags: ['vep'],
    access: 'read',
    summary: 'Dividend allocation of a package in fen (as `gepkit vep allocate`)',
    request: jsonRequest(packageSchema, 'A package with revenue and depositors (docs/vep.md)'),
    responses: jsonResponse(anyObject, 'Each depositor’s part in fen, largest remainder, with the check'),
    handler: async (c) => cliJson(allocatePackage(await jsonBody(c))),
  });
}
