/**
 * Carbon-inclusion routes over the persistent ledger: streamed appends (operator keys), balances and the head
 * (any key), verification of the ledger and of the operator audit trail (verifier and auditor keys), the audit
 * trail itself (auditor keys).
 */
import * as z from 'zod';
import type { LineResult } from '../../carbon/batch';
import { carbonIssue } from '../../carbon/errors';
import type { Hasher } from '../../carbon/ledger/entry';
import { emptyHead, rootHash } from '../../carbon/ledger/partition';
import { verifyStore } from '../../carbon/verify-store';
import type { GuessedAt } from '../../io/encoding';
import { toJsonLine } from '../../io/jsonl';
import type { LedgerStore } from '../../carbon/store';
import type { Ctx, RouteSpec, Router, ServeOptions } from '../app';
import { type AuditStore, verifyAudit } from '../audit';
import { bodyLines, declaredCharset } from '../body';
import type { Drain } from '../drain';
import { serveFail } from '../errors';
import type { LedgerWriter } from '../ledger';
import { anyObject, cliJson, jsonResponse, natural, pathParam, queryOf, streamProblem } from './shared';

const JSONL = 'application/x-ndjson; charset=utf-8';
const JSONL_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/jsonlines'];

const headSchema = z.object({ seq: z.number().int(), head: z.string(), lastTs: z.string().nullable() });

/**
 * The lines of a request, a chunk at a time, each chunk appended and its results turned into text. A shutdown's cut
 * (drain.ts) stops the reading of lines, never a write: the chunk being read is not appended, and the stream ends
 * with SERVE_SHUTTING_DOWN's problem line.
 */
async function* appendAll(c: Ctx, writer: LedgerWriter, route: string, drain: Drain): AsyncGenerator<string> {
  const who = { caller: c.get('caller'), requestId: c.get('requestId'), route };
  let chunk: string[] = [];
  let first = 1;
  let n = 0;
  const counts = { accepted: 0, refused: 0 };
  const emit = (results: LineResult[]) => {
    let text = '';
    for (const r of results) {
      counts[r.ok ? 'accepted' : 'refused'] += 1;
      text += toJsonLine(r);
    }
    return text;
  };
  // The summary says the encoding read, and where a body valid as UTF-8 was read as GBK by chance (as the CLI's).
  let encoding = 'utf-8';
  let guessed: GuessedAt | undefined;
  const onEncoding = (e: string, at?: GuessedAt) => {
    encoding = e;
    guessed = at;
  };
  const lines = bodyLines(c.req.raw.body, onEncoding, declaredCharset(c.req.header('content-type')));
  for (;;) {
    const next = await drain.race(lines.next());
    if (next.done === true) break;
    const line = next.value;
    chunk.push(line);
    n += 1;
    if (chunk.length >= writer.chunk) {
      yield emit(await writer.write(chunk, first, who));
      chunk = [];
      first = n + 1;
    }
  }
  if (chunk.length > 0) yield emit(await writer.write(chunk, first, who));
  // Lines counted as `gepkit carbon` counts them: those answered (a blank line is passed over, with no result).
  yield toJsonLine({
    summary: {
      lines: counts.accepted + counts.refused,
      ...counts,
      ledger: await writer.setup.store.head(),
      encoding,
      ...(guessed !== undefined ? { encodingGuessed: guessed } : {}),
    },
  });
}

/**
 * A text generator as a streamed response; the first piece is awaited so that an early refusal is a problem, and
 * a failure after it ends the JSON Lines with a problem line (streamProblem).
 */
async function streamed(c: Ctx, gen: AsyncGenerator<string>, log: ServeOptions['log']): Promise<Response> {
  let first: IteratorResult<string>;
  try {
    first = await gen.next();
  } catch (e) {
    // The client went away before its first chunk was answered (its body cut off): no one reads an answer, and
    // there is nothing to log; what it sent of a chunk was not stored.
    if (c.req.raw.signal.aborted) return new Response(null, { status: 499 });
    throw e;
  }
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(out) {
      if (first.done === true) out.close();
      else out.enqueue(encoder.encode(first.value));
    },
    async pull(out) {
      try {
        const step = await gen.next();
        if (step.done === true) out.close();
        else out.enqueue(encoder.encode(step.value));
      } catch (e) {
        const problem = streamProblem(c, e, log);
        if (problem !== undefined) out.enqueue(encoder.encode(toJsonLine({ problem })));
        out.close();
      }
    },
    async cancel() {
      await gen.return(undefined);
    },
  });
  return new Response(stream, { headers: { 'content-type': JSONL } });
}

/** The carbon routes over the server's one ledger writer, mounted in the order the OpenAPI document lists them. */
export function carbonRoutes(writer: LedgerWriter): (r: Router) => void {
  return (r) => {
    r.mount(activitiesRoute(writer, r.options.log, r.drain));
    r.mount(balancesRoute(writer.setup.store));
    r.mount(headRoute(writer));
    r.mount(verifyRoute(writer));
    r.mount(auditRoute(writer.setup.audit));
  };
}

/** POST /v1/carbon/activities: JSON Lines appended a chunk at a time, the results streamed back. */
function activitiesRoute(writer: LedgerWriter, log: ServeOptions['log'], drain: Drain): RouteSpec {
  return {
    method: 'post',
    path: '/v1/carbon/activities',
    tags: ['carbon'],
    access: ['operator'],
    streamed: true,
    summary: 'Append activities to the ledger, streamed (as `gepkit carbon`, over the server’s ledger)',
    description:
      'JSON Lines in (one activity or claim per line), JSON Lines out: one result per line, with its ledger entries, then {"summary": …} with the ledger head and the encoding read (encodingGuessed where a body valid as UTF-8 was read as GBK by chance; declare charset=utf-8 in Content-Type to decide). Lines are appended in chunks, each atomically and only then answered; an id credited before (by any client) is refused as LEDGER_DOUBLE_CREDIT. A user’s activities may come in any order up to the rule set’s late window (default 168 h) before that user’s latest (older ones: CARBON_TOO_LATE), a late one booked at the ledger clock with its own time in meta.activityTs; claims must not be earlier than the ledger’s last entry (CARBON_TIMESTAMP_ORDER). Each chunk that appends entries is recorded in the operator audit trail with the key.',
    request: {
      body: {
        required: true,
        description: 'Activities, one JSON object per line (docs/carbon.md)',
        content: { 'application/x-ndjson': { schema: anyObject } },
      },
    },
    responses: {
      200: {
        description: 'The results, streamed',
        content: { 'application/x-ndjson': { schema: anyObject } },
      },
    },
    handler: (c) => {
      const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!JSONL_TYPES.includes(type))
        serveFail('SERVE_MEDIA_TYPE', [], { type: type || '(none)', accepted: JSONL_TYPES.join(', ') });
      return streamed(c, appendAll(c, writer, '/v1/carbon/activities', drain), log);
    },
  };
}

/** GET /v1/carbon/balances/{user}: one user's balances as the store holds them. */
function balancesRoute(store: LedgerStore): RouteSpec {
  return {
    method: 'get',
    path: '/v1/carbon/balances/{user}',
    tags: ['carbon'],
    access: 'read',
    summary: 'A user’s balances per unit (g_CO2, point): available, pending, expired, redeemed, retired',
    request: { params: z.object({ user: z.string().min(1) }) },
    responses: jsonResponse(
      z.object({ user: z.string(), account: z.string(), balances: anyObject }),
      'The balances (integer strings), empty for a user with none',
    ),
    handler: async (c) => {
      const user = pathParam(c, 'user');
      const account = `user:${user}`;
      const all = await store.balances(account);
      return cliJson({ user, account, balances: all[account] ?? {} });
    },
  };
}

/** GET /v1/carbon/ledger/head: the ledger's and the audit trail's heads, read between writes. */
function headRoute(writer: LedgerWriter): RouteSpec {
  const { store, audit } = writer.setup;
  return {
    method: 'get',
    path: '/v1/carbon/ledger/head',
    tags: ['carbon'],
    access: 'read',
    summary: 'The ledger head (entries, last hash, last time) and the audit trail head',
    responses: jsonResponse(
      z.object({ ledger: headSchema, audit: z.object({ count: z.number().int(), head: z.string() }) }),
      'The heads: publish them to anchor the ledger',
    ),
    handler: async () =>
      cliJson(
        await writer.exclusive(async () => ({ ledger: await store.head(), audit: await audit.head() })),
      ),
  };
}

const verifyQuery = z.object({
  count: natural.optional().meta({ description: 'A published anchor: entries at that time…' }),
  head: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash: 64 lower-case hexadecimal digits')
    .optional()
    .meta({ description: '… and the head hash then.' }),
});

const verifySchema = z.object({
  ok: z.boolean(),
  ledger: z.object({
    ok: z.boolean(),
    count: z.number().int(),
    head: z.string(),
    checkpoints: z.number().int(),
    caps: z
      .object({
        checked: z.boolean(),
        reason: z.string().optional(),
        ruleSet: z.string().optional(),
        accounts: z.number().int().optional(),
        periods: z.number().int().optional(),
        violations: z.number().int().optional(),
      })
      .meta({
        description:
          'Whether caps, stored counters and remainders were checked against the entries (under the service’s rule set)',
      }),
    issues: z.array(anyObject),
  }),
  audit: z.object({
    ok: z.boolean(),
    count: z.number().int(),
    head: z.string(),
    covered: z.number().int(),
    problems: z.array(z.string()),
  }),
});

/** POST /v1/carbon/verify: the ledger replayed, the audit trail checked, an optional published anchor compared. */
function verifyRoute(writer: LedgerWriter): RouteSpec {
  return {
    method: 'post',
    path: '/v1/carbon/verify',
    tags: ['carbon'],
    access: ['verifier', 'auditor'],
    summary: 'Verify the ledger (hash chain, replayed balances against the stored ones) and the audit trail',
    description:
      'Replays every entry (as `gepkit carbon verify`), compares the replayed balances with the stored ones, checks the audit trail’s chain and that its records account for every ledger entry. With count and head, the ledger must match that anchor (LEDGER_HEAD_MISMATCH). Under the service’s rule set (`serve --rules`) the caps, the stored user records and the remainders are checked against the entries too; ledger.caps says whether they were.',
    request: { query: verifyQuery },
    responses: jsonResponse(verifySchema, 'The verification; ok only when every part is'),
    handler: async (c) => cliJson(await verification(writer, anchorOf(c))),
  };
}

/** A published anchor: both count and head, or neither (SERVE_PARAM_INVALID with one alone). */
function anchorOf(c: Ctx): { count: number; head: string } | undefined {
  const q = queryOf(c, verifyQuery);
  if ((q.count === undefined) !== (q.head === undefined))
    serveFail('SERVE_PARAM_INVALID', [], {
      name: 'count',
      detail: 'an anchor needs both count and head',
    });
  return q.count !== undefined && q.head !== undefined ? { count: q.count, head: q.head } : undefined;
}

/** The ledger and the audit trail verified between writes, against `anchor` when there is one. */
async function verification(writer: LedgerWriter, anchor: { count: number; head: string } | undefined) {
  const { store, audit, hash } = writer.setup;
  const rules = writer.setup.batch.rules;
  const v = await writer.exclusive(async () => ({
    ledger: await verifyStore(store, { hash, ...(rules !== undefined ? { rules } : {}) }),
    trail: await verifyAudit(audit.records(), hash),
    anchored: anchor === undefined ? undefined : await headAt(store, anchor.count, hash),
  }));
  const issues = [...v.ledger.issues];
  if (anchor !== undefined && v.anchored !== anchor.head)
    issues.push(
      carbonIssue('LEDGER_HEAD_MISMATCH', [], {
        detail: `anchor ${anchor.count} entries / ${anchor.head}, ledger ${v.ledger.count} entries / ${v.anchored ?? 'fewer entries'} at ${anchor.count}`,
      }),
    );
  const trail =
    v.trail.covered === v.ledger.count
      ? v.trail
      : {
          ...v.trail,
          ok: false,
          problems: [
            ...v.trail.problems,
            `the records cover ${v.trail.covered} of ${v.ledger.count} ledger entries`,
          ],
        };
  return {
    ok: issues.length === 0 && trail.ok,
    ledger: {
      ok: issues.length === 0,
      count: v.ledger.count,
      head: v.ledger.head,
      checkpoints: v.ledger.checkpoints,
      caps: v.ledger.caps,
      issues,
    },
    audit: trail,
  };
}

/**
 * The ledger's head after its first `count` entries (GENESIS at 0), or undefined when it has fewer: with one
 * partition the count-th entry's hash, with several the root over each partition's head then (what
 * GET /v1/carbon/ledger/head publishes), not the hash of the count-th entry alone.
 */
async function headAt(store: LedgerStore, count: number, hash: Hasher): Promise<string | undefined> {
  if (store.partitions === 1 && count > 0) {
    for await (const e of store.entries(count - 1)) return e.hash;
    return undefined;
  }
  const heads = Array.from({ length: store.partitions }, (_, p) => emptyHead(p));
  if (count === 0) return rootHash(heads, hash);
  let n = 0;
  for await (const e of store.entries()) {
    const h = heads[e.partition ?? 0];
    if (h !== undefined) {
      h.seq += 1;
      h.head = e.hash;
    }
    if (++n === count) return rootHash(heads, hash);
  }
  return undefined;
}

/** GET /v1/carbon/audit: the operator audit trail from a record on, as JSON Lines. */
function auditRoute(audit: AuditStore): RouteSpec {
  const auditQuery = z.object({ from: natural.optional() });
  return {
    method: 'get',
    path: '/v1/carbon/audit',
    tags: ['carbon'],
    access: ['auditor'],
    summary: 'The operator audit trail: one hash-chained record per ledger write, with the key that made it',
    request: { query: auditQuery },
    responses: {
      200: {
        description: 'The records, as JSON Lines',
        content: { 'application/x-ndjson': { schema: anyObject } },
      },
    },
    handler: async (c) => {
      const q = queryOf(c, auditQuery);
      let text = '';
      for await (const rec of audit.records(q.from ?? 0)) text += toJsonLine(rec);
      return c.body(text, 200, { 'content-type': JSONL });
    },
  };
}
