import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSha256 } from '../../src/carbon/hash-node';
import { loadRuleSet } from '../../src/carbon/rules/rules';
import { MemoryLedgerStore } from '../../src/carbon/store';
import { StoredBatch } from '../../src/carbon/stored-batch';
import { runCli } from '../../src/cli/main';
import type { ServeOptions } from '../../src/serve/app';
import { MemoryAuditStore } from '../../src/serve/audit';
import { keyHash, loadKeys } from '../../src/serve/keys';
import { expectProblem, startServer } from './helpers';

const EXAMPLE = 'examples/carbon/activities.jsonl';
const RULES = 'examples/carbon/rules.json';
const rules = loadRuleSet(JSON.parse(readFileSync(RULES, 'utf8')), [RULES]);
const K = {
  opA: 'gk_op-a',
  opB: 'gk_op-b',
  verifier: 'gk_verifier',
  auditor: 'gk_auditor',
  reader: 'gk_reader',
};
const keys = loadKeys(
  {
    keys: [
      { id: 'op-a', role: 'operator', sha256: keyHash(K.opA) },
      { id: 'op-b', role: 'operator', sha256: keyHash(K.opB) },
      { id: 'verifier', role: 'verifier', sha256: keyHash(K.verifier) },
      { id: 'auditor', role: 'auditor', sha256: keyHash(K.auditor) },
      { id: 'reader', role: 'read-only', sha256: keyHash(K.reader) },
    ],
  },
  'keys.json',
);
const auth = (k: string) => ({ authorization: `Bearer ${k}` });

const carbon = (chunk?: number): ServeOptions['carbon'] => ({
  store: new MemoryLedgerStore(),
  audit: new MemoryAuditStore(),
  batch: { rules },
  hash: nodeSha256,
  ...(chunk !== undefined ? { chunk } : {}),
});

type Line = {
  ok: boolean;
  id?: string;
  entries?: { type: string; ref: string; unit: string; amount: string }[];
  issues?: { code: string }[];
};
type Summary = {
  summary: { lines: number; accepted: number; refused: number; ledger: { seq: number; head: string } };
};

async function append(url: string, key: string, body: string) {
  const r = await fetch(`${url}/v1/carbon/activities`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', ...auth(key) },
    body,
  });
  expect(r.status).toBe(200);
  const lines = (await r.text())
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);
  return { results: lines.slice(0, -1) as Line[], summary: (lines.at(-1) as Summary).summary };
}

describe('carbon routes', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({ keys, carbon: carbon() });
  });
  afterAll(() => server.close());
  const at = (p: string, init?: RequestInit) => fetch(`${server.url}${p}`, init);

  it('refuses writes without a key (401) and with a key of the wrong role (403); verify and audit have their roles', async () => {
    const body = { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: '{}\n' };
    await expectProblem(await at('/v1/carbon/activities', body), 401, 'SERVE_KEY_MISSING');
    const p = await expectProblem(
      await at('/v1/carbon/activities', { ...body, headers: { ...body.headers, ...auth(K.reader) } }),
      403,
      'SERVE_ROLE_FORBIDDEN',
    );
    expect(p.message.en).toContain('roles allowed: operator');
    await expectProblem(
      await at('/v1/carbon/activities', { ...body, headers: { ...body.headers, ...auth(K.verifier) } }),
      403,
      'SERVE_ROLE_FORBIDDEN',
    );
    await expectProblem(
      await at('/v1/carbon/verify', { method: 'POST', headers: auth(K.opA) }),
      403,
      'SERVE_ROLE_FORBIDDEN',
    );
    await expectProblem(
      await at('/v1/carbon/audit', { headers: auth(K.verifier) }),
      403,
      'SERVE_ROLE_FORBIDDEN',
    );
    // Nothing was written.
    expect(
      (
        (await (await at('/v1/carbon/ledger/head', { headers: auth(K.reader) })).json()) as {
          ledger: { seq: number };
        }
      ).ledger.seq,
    ).toBe(0);
  });

  it('appends the example as `gepkit carbon` computes it; a second post credits nothing; balances, head, verify, audit', async () => {
    const { results, summary } = await append(server.url, K.opA, readFileSync(EXAMPLE, 'utf8'));
    let cli = '';
    await runCli(['carbon', EXAMPLE, '--rules', RULES], { out: (s) => (cli += s), err: () => undefined });
    const expected = cli
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(results).toEqual(expected.slice(0, -1));
    expect(summary.ledger.seq).toBeGreaterThan(0);
    const again = await append(server.url, K.opB, readFileSync(EXAMPLE, 'utf8'));
    expect(again.summary.ledger).toEqual(summary.ledger);
    expect(again.results.filter((r) => r.ok)).toEqual([]);

    const credited = results
      .flatMap((r) => r.entries ?? [])
      .filter((e) => e.type === 'issue' && e.unit === 'g_CO2');
    const u1 = (await (await at('/v1/carbon/balances/u1', { headers: auth(K.reader) })).json()) as {
      account: string;
      balances: { g_CO2?: { available: string } };
    };
    expect(u1.account).toBe('user:u1');
    const u1Lines = results.filter((r) => (r as { user?: string }).user === 'u1');
    const u1Grams = u1Lines
      .flatMap((r) => r.entries ?? [])
      .filter((e) => e.unit === 'g_CO2' && e.type === 'issue');
    expect(BigInt(u1.balances.g_CO2?.available ?? '0')).toBe(
      u1Grams.reduce((s, e) => s + BigInt(e.amount), 0n),
    );
    expect(credited.length).toBeGreaterThan(0);
    expect(
      (
        (await (await at('/v1/carbon/balances/nobody', { headers: auth(K.reader) })).json()) as {
          balances: object;
        }
      ).balances,
    ).toEqual({});
    // A user named "%FF" is written %25FF; %FF itself, or a UTF-8 sequence cut off, decodes to no text: refused,
    // not answered for a user named as the escape is written.
    const percent = (await (await at('/v1/carbon/balances/%25FF', { headers: auth(K.reader) })).json()) as {
      user: string;
    };
    expect(percent.user).toBe('%FF');
    for (const bad of ['%FF', '%E4%B8']) {
      const p = await expectProblem(
        await at(`/v1/carbon/balances/${bad}`, { headers: auth(K.reader) }),
        400,
        'SERVE_PARAM_INVALID',
      );
      expect([p.message.en, p.message.zh]).toEqual([
        'Invalid parameter user: a percent-encoded path whose escapes are no UTF-8 text',
        '参数 user 无效：路径中的百分号编码解码后不是 UTF-8 文本',
      ]);
    }

    const head = (await (await at('/v1/carbon/ledger/head', { headers: auth(K.reader) })).json()) as {
      ledger: { seq: number; head: string };
      audit: { count: number };
    };
    expect(head.ledger).toMatchObject({ seq: summary.ledger.seq, head: summary.ledger.head });
    expect(head.audit.count).toBe(1); // the second post appended nothing: no write, no record

    const v = (await (
      await at('/v1/carbon/verify', { method: 'POST', headers: auth(K.verifier) })
    ).json()) as {
      ok: boolean;
      ledger: { count: number };
      audit: { ok: boolean; covered: number };
    };
    expect(v).toMatchObject({
      ok: true,
      // under the service's rule set the caps and stored rule state are checked too
      ledger: {
        count: summary.ledger.seq,
        caps: { checked: true, ruleSet: `${rules.id}@${rules.version}`, violations: 0 },
      },
      audit: { ok: true, covered: summary.ledger.seq },
    });
    // Every member the OpenAPI document requires of the response is in it.
    const doc = (await (await at('/openapi.json')).json()) as {
      paths: Record<
        string,
        { post: { responses: Record<string, { content: Record<string, { schema: unknown }> }> } }
      >;
    };
    const schema = doc.paths['/v1/carbon/verify']?.post.responses['200']?.content['application/json']
      ?.schema as {
      required: string[];
      properties: Record<string, { required?: string[] }>;
    };
    expect(Object.keys(v)).toEqual(expect.arrayContaining(schema.required));
    for (const part of ['ledger', 'audit'] as const)
      expect(Object.keys(v[part])).toEqual(expect.arrayContaining(schema.properties[part]?.required ?? []));
    // An anchor published after the first entry: the ledger passed through it.
    const firstHash = (results.flatMap((r) => r.entries ?? [])[0] as unknown as { hash: string }).hash;
    const earlier = await at(`/v1/carbon/verify?count=1&head=${firstHash}`, {
      method: 'POST',
      headers: auth(K.auditor),
    });
    expect(((await earlier.json()) as { ok: boolean }).ok).toBe(true);
    const anchored = await at(`/v1/carbon/verify?count=${summary.ledger.seq}&head=${'0'.repeat(64)}`, {
      method: 'POST',
      headers: auth(K.auditor),
    });
    type Verified = { ok: boolean; ledger: { issues: { code: string; message: { zh: string } }[] } };
    const mismatch = (await anchored.json()) as Verified;
    expect(mismatch.ledger.issues.map((i) => i.code)).toEqual(['LEDGER_HEAD_MISMATCH']);
    // the ledger's head at the anchor's count (all its entries) is the summary's head
    const Z64 = '0'.repeat(64);
    const n = summary.ledger.seq;
    expect(mismatch.ledger.issues[0]?.message.zh).toBe(
      `账本末端与锚定值不符：锚定值 ${n} 条 / ${Z64}，账本 ${n} 条，第 ${n} 条处为 ${summary.ledger.head}`,
    );
    const beyond = (await (
      await at(`/v1/carbon/verify?count=${n + 1}&head=${Z64}`, { method: 'POST', headers: auth(K.auditor) })
    ).json()) as Verified;
    expect(beyond.ledger.issues.map((i) => i.message.zh)).toEqual([
      `账本末端与锚定值不符：锚定值 ${n + 1} 条 / ${Z64}，账本 ${n} 条，第 ${n + 1} 条处条目不足`,
    ]);
    await expectProblem(
      await at('/v1/carbon/verify?count=1', { method: 'POST', headers: auth(K.auditor) }),
      400,
      'SERVE_PARAM_INVALID',
    );
    // An anchor's count is an entry count and its head a SHA-256 hash; the trail's position is ≥ 0.
    const Z = '0'.repeat(64);
    for (const [q, name, detail, zh] of [
      [
        `count=-1&head=${Z}`,
        'count',
        'a whole number ≥ 0 of at most 15 digits',
        '应为至多 15 位数字的非负整数',
      ],
      [
        `count=99999999999999999999&head=${Z}`,
        'count',
        'a whole number ≥ 0 of at most 15 digits',
        '应为至多 15 位数字的非负整数',
      ],
      [
        'count=1&head=zz',
        'head',
        'a SHA-256 hash: 64 lower-case hexadecimal digits',
        '应为 SHA-256 哈希值：64 位小写十六进制数字',
      ],
    ] as const) {
      const p = await expectProblem(
        await at(`/v1/carbon/verify?${q}`, { method: 'POST', headers: auth(K.auditor) }),
        400,
        'SERVE_PARAM_INVALID',
      );
      expect(p.message.en).toBe(`Invalid parameter ${name}: ${detail}`);
      expect(p.message.zh).toBe(`参数 ${name} 无效：${zh}`);
    }
    const from = await expectProblem(
      await at('/v1/carbon/audit?from=-1', { headers: auth(K.auditor) }),
      400,
      'SERVE_PARAM_INVALID',
    );
    expect(from.message.zh).toBe('参数 from 无效：应为至多 15 位数字的非负整数');

    const trail = (await (await at('/v1/carbon/audit', { headers: auth(K.auditor) })).text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      seq: 0,
      key: 'op-a',
      role: 'operator',
      route: '/v1/carbon/activities',
      ledger: { from: 0, to: summary.ledger.seq },
    });
  });

  it('refuses a body that is not JSON Lines (415)', async () => {
    await expectProblem(
      await at('/v1/carbon/activities', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth(K.opA) },
        body: '{}',
      }),
      415,
      'SERVE_MEDIA_TYPE',
    );
  });
});

/** n activities in time order, 3 hours apart, unique ids, five users, bus and metro. */
function activities(n: number): string[] {
  const t0 = Date.parse('2024-05-01T00:00:00Z');
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify(
      i % 2 === 0
        ? {
            id: `a${i}`,
            user: `u${i % 5}`,
            ts: new Date(t0 + i * 3 * 3600_000).toISOString(),
            scenario: 'bus',
            region: '420102',
            rides: '1',
          }
        : {
            id: `a${i}`,
            user: `u${i % 5}`,
            ts: new Date(t0 + i * 3 * 3600_000).toISOString(),
            scenario: 'metro',
            region: '440305',
            distance: { value: `${5 + (i % 7)}.5`, unit: 'km' },
          },
    ),
  );
}

describe('blank lines', () => {
  it('are passed over as `gepkit carbon` passes them: the summary counts the lines the CLI counts', async () => {
    const s = await startServer({ keys, carbon: carbon() });
    try {
      const lines = readFileSync(EXAMPLE, 'utf8').trimEnd().split('\n');
      // A blank line in the middle, one of spaces, and blank lines at the end (a file ending in "\n\n").
      const body = `${lines.slice(0, 3).join('\n')}\n\n   \n${lines.slice(3).join('\n')}\n\n\n`;
      const dir = mkdtempSync(join(tmpdir(), 'gepkit-serve-blank-'));
      const file = join(dir, 'activities.jsonl');
      writeFileSync(file, body);
      let cli = '';
      await runCli(['carbon', file, '--rules', RULES], { out: (t) => (cli += t), err: () => undefined });
      rmSync(dir, { recursive: true, force: true });
      const expected = cli
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { summary?: { lines: number; accepted: number; refused: number } });
      const cliSummary = expected.at(-1)?.summary;
      const { results, summary } = await append(s.url, K.opA, body);
      expect(results).toEqual(expected.slice(0, -1));
      expect(summary).toMatchObject({
        lines: cliSummary?.lines,
        accepted: cliSummary?.accepted,
        refused: cliSummary?.refused,
      });
      expect(summary.lines).toBe(summary.accepted + summary.refused);
    } finally {
      await s.close();
    }
  });
});

describe('the encoding of an appended body', () => {
  // "Zhū Yīng" in UTF-8: ū is C5 AB and ī C4 AB, both pairs GBK hanzi too (奴, 墨), and nothing else beyond ASCII: by
  // the rule of GBK valid as UTF-8 by chance (docs/vep.md, Encodings) such a body is read as GB18030 unless it says
  // what it is
  const line = `{"id":"J-1","user":"Zhū Yīng","ts":"2024-08-05T08:00:00+08:00","scenario":"bus","region":"420102","rides":"1"}\n`;
  const post = (url: string, type: string) =>
    fetch(`${url}/v1/carbon/activities`, {
      method: 'POST',
      headers: { 'content-type': type, ...auth(K.opA) },
      body: new TextEncoder().encode(line),
    }).then(async (r) =>
      (await r.text())
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    );

  it('declared charset=utf-8 is read as UTF-8: the activity is booked to Zhū Yīng, the summary says utf-8', async () => {
    const s = await startServer({ keys, carbon: carbon() });
    try {
      const lines = await post(s.url, 'application/x-ndjson; charset=UTF-8');
      expect(JSON.stringify(lines[0])).toContain('user:Zhū Yīng');
      expect(lines.at(-1)?.summary).toMatchObject({ accepted: 1, encoding: 'utf-8' });
      expect(lines.at(-1)?.summary).not.toHaveProperty('encodingGuessed');
    } finally {
      await s.close();
    }
  });

  it('undeclared, it is read as GB18030 as the CLI reads the file, and the summary says where it was guessed', async () => {
    const s = await startServer({ keys, carbon: carbon() });
    try {
      const lines = await post(s.url, 'application/x-ndjson');
      // as `gepkit carbon` on the same bytes, which warns INPUT_ENCODING_GUESSED: ū at line 1, byte 22 (after
      // `{"id":"J-1",` 12 bytes, `"user":"` 8 and `Zh` 2)
      expect(JSON.stringify(lines[0])).toContain('user:Zh奴 Y墨ng');
      expect(lines.at(-1)?.summary).toMatchObject({
        accepted: 1,
        encoding: 'gb18030',
        encodingGuessed: { line: 1, byte: 22 },
      });
    } finally {
      await s.close();
    }
  });

  it('declared charset=utf-8 and not UTF-8 is refused (INPUT_ENCODING), nothing booked', async () => {
    const s = await startServer({ keys, carbon: carbon() });
    try {
      const gbk = new Uint8Array([
        ...new TextEncoder().encode('{"id":"G-1","user":"'),
        0xd3,
        0xc3,
        0xbb,
        0xa7,
      ]);
      const r = await fetch(`${s.url}/v1/carbon/activities`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson; charset=utf-8', ...auth(K.opA) },
        body: gbk,
      });
      const text = await r.text();
      expect(text).toContain('INPUT_ENCODING');
      const head = (await (
        await fetch(`${s.url}/v1/carbon/ledger/head`, { headers: auth(K.reader) })
      ).json()) as {
        ledger: { seq: number };
      };
      expect(head.ledger.seq).toBe(0);
    } finally {
      await s.close();
    }
  });
});

/** A store whose appends after the first fail with an error that is not gepkit's (a lost disk, a driver fault). */
class FailingStore extends MemoryLedgerStore {
  private appends = 0;
  override async append(c: Parameters<MemoryLedgerStore['append']>[0]): Promise<void> {
    this.appends += 1;
    if (this.appends > 1) throw new Error('disk I/O error at /var/lib/gepkit/ledger/ledger.db');
    return super.append(c);
  }
}

describe('a failure after the first chunk', () => {
  it('ends the JSON Lines with a SERVE_INTERNAL problem line naming the request, the error in the log only', async () => {
    const s = await startServer({
      keys,
      carbon: {
        store: new FailingStore(),
        audit: new MemoryAuditStore(),
        batch: {},
        hash: nodeSha256,
        chunk: 1,
      },
    });
    try {
      const r = await fetch(`${s.url}/v1/carbon/activities`, {
        method: 'POST',
        // A gateway's trace id: the problem line and the response header carry it.
        headers: { 'content-type': 'application/x-ndjson', 'x-request-id': 'gw:trace-7', ...auth(K.opA) },
        body: `${activities(3).join('\n')}\n`,
      });
      expect(r.status).toBe(200);
      const id = r.headers.get('x-request-id') as string;
      expect(id).toBe('gw:trace-7');
      const text = await r.text();
      // The first chunk was stored and answered; the second failed: no result for its line, and no summary.
      const lines = text
        .trimEnd()
        .split('\n')
        .map(
          (l) => JSON.parse(l) as { line?: number; ok?: boolean; problem?: { code: string; detail: string } },
        );
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({ line: 1, ok: true });
      expect(lines[1]?.problem).toMatchObject({
        code: 'SERVE_INTERNAL',
        detail: `Internal error (request ${id})`,
      });
      expect(text).not.toContain('disk I/O error');
      expect(s.logged).toHaveLength(1);
      expect(String(s.logged[0])).toContain('disk I/O error');
    } finally {
      await s.close();
    }
  });
});

describe('a client’s request id', () => {
  it('names the request in the operator audit trail', async () => {
    const s = await startServer({ keys, carbon: carbon() });
    try {
      const r = await fetch(`${s.url}/v1/carbon/activities`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', 'x-request-id': 'gw-1.append', ...auth(K.opA) },
        body: `${activities(2).join('\n')}\n`,
      });
      expect(r.headers.get('x-request-id')).toBe('gw-1.append');
      await r.text();
      const trail = await (await fetch(`${s.url}/v1/carbon/audit`, { headers: auth(K.auditor) })).text();
      const records = trail
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { requestId: string });
      expect(records.map((x) => x.requestId)).toEqual(['gw-1.append']);
    } finally {
      await s.close();
    }
  });
});

describe('concurrent appends', () => {
  it('six clients on two operator keys post one stream at once: each activity credited once, the chain and the audit trail verify', async () => {
    const lines = activities(120);
    // The reference: one batch over its own store, all lines in one chunk.
    const refStore = new MemoryLedgerStore();
    const ref = await StoredBatch.open(refStore, { rules, hash: nodeSha256 });
    const refResults = await ref.processChunk(lines, 1);
    const refHead = await refStore.head();
    expect(refResults.filter((r) => r.ok)).toHaveLength(120);

    const server = await startServer({ keys, carbon: carbon(7) });
    try {
      const body = `${lines.join('\n')}\n`;
      const runs = await Promise.all(
        Array.from({ length: 6 }, (_, i) => append(server.url, i % 2 === 0 ? K.opA : K.opB, body)),
      );
      const creditedIds = runs.flatMap((r) => r.results.filter((x) => x.ok).map((x) => x.id));
      expect(creditedIds).toHaveLength(120);
      expect(new Set(creditedIds).size).toBe(120);
      const issues = runs
        .flatMap((r) => r.results.flatMap((x) => x.entries ?? []))
        .filter((e) => e.type === 'issue' && e.unit === 'g_CO2');
      expect(new Set(issues.map((e) => e.ref)).size).toBe(issues.length);
      const head = (await (
        await fetch(`${server.url}/v1/carbon/ledger/head`, { headers: auth(K.reader) })
      ).json()) as {
        ledger: { seq: number; head: string };
      };
      // The same entries as the one-batch reference, in the same order: the same head.
      expect(head.ledger).toEqual(refHead);
      const v = (await (
        await fetch(`${server.url}/v1/carbon/verify`, { method: 'POST', headers: auth(K.auditor) })
      ).json()) as {
        ok: boolean;
        audit: { count: number; covered: number };
      };
      expect(v.ok).toBe(true);
      expect(v.audit.covered).toBe(refHead.seq);
      const trail = (
        await (await fetch(`${server.url}/v1/carbon/audit`, { headers: auth(K.auditor) })).text()
      )
        .trimEnd()
        .split('\n');
      expect(trail).toHaveLength(v.audit.count);
      expect(new Set(trail.map((l) => (JSON.parse(l) as { key: string }).key)).size).toBeGreaterThanOrEqual(
        1,
      );
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('gepkit serve --ledger DIR', () => {
  it('keeps the ledger (SQLite) and the audit trail (audit.jsonl) across a restart: nothing credited twice, both verify', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { serveCommand } = await import('../../src/cli/serve');
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-serve-ledger-'));
    const keysFile = join(dir, 'keys.json');
    writeFileSync(
      keysFile,
      JSON.stringify({
        keys: [
          { id: 'op-a', role: 'operator', sha256: keyHash(K.opA) },
          { id: 'auditor', role: 'auditor', sha256: keyHash(K.auditor) },
        ],
      }),
    );
    /** Start the CLI's server, run `f` against it, stop it. */
    const session = async <T>(f: (url: string) => Promise<T>): Promise<T> => {
      let stop: () => void = () => undefined;
      let ready: (url: string) => void = () => undefined;
      const url = new Promise<string>((r) => (ready = r));
      let err = '';
      const running = serveCommand(
        ['--port', '0', '--keys', keysFile, '--ledger', join(dir, 'ledger'), '--rules', RULES],
        {
          out: (s) => ready(/listening on (\S+)/.exec(s)?.[1] ?? ''),
          err: (s) => (err += s),
          stop: new Promise<void>((r) => (stop = r)),
        },
      );
      try {
        return await f(await url);
      } finally {
        stop();
        expect(await running, err).toBe(0);
      }
    };
    const example = readFileSync(EXAMPLE, 'utf8');
    const first = await session((url) => append(url, K.opA, example));
    expect(first.summary.ledger.seq).toBeGreaterThan(0);
    await session(async (url) => {
      const again = await append(url, K.opA, example);
      expect(again.results.filter((r) => r.ok)).toEqual([]);
      expect(again.summary.ledger).toEqual(first.summary.ledger);
      const v = (await (
        await fetch(`${url}/v1/carbon/verify`, { method: 'POST', headers: auth(K.auditor) })
      ).json()) as {
        ok: boolean;
        audit: { count: number; covered: number };
      };
      expect(v).toMatchObject({ ok: true, audit: { count: 1, covered: first.summary.ledger.seq } });
    });
    expect(
      readFileSync(join(dir, 'ledger', 'audit.jsonl'), 'utf8')
        .trimEnd()
        .split('\n'),
    ).toHaveLength(1);
  }, 60_000);

  it('a damaged audit trail, or a port in use, is refused with the ledger closed again', async () => {
    const { mkdtempSync, readdirSync, existsSync, writeFileSync, mkdirSync } = await import('node:fs');
    const { createServer } = await import('node:net');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { serveCommand } = await import('../../src/cli/serve');
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-serve-refused-'));
    const fds = () => (existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : 0);
    const run = async (args: string[]) => {
      let err = '';
      const code = await serveCommand(args, {
        out: () => undefined,
        err: (s) => (err += s),
        stop: Promise.resolve(),
      });
      return { code, err };
    };
    // the trail's second line is cut short (a crash while writing it): refused with a code, naming the line
    mkdirSync(join(dir, 'damaged'));
    writeFileSync(join(dir, 'damaged', 'audit.jsonl'), '{"hash":"ab"}\n{"hash":"c');
    await run(['--port', '0', '--ledger', join(dir, 'damaged')]);
    const before = fds();
    const damaged = await run(['--port', '0', '--ledger', join(dir, 'damaged')]);
    expect(damaged.code).not.toBe(0);
    expect(damaged.err).toContain('LEDGER_STORE_INVALID');
    expect(damaged.err).toContain(
      `审计记录文件 ${join(dir, 'damaged', 'audit.jsonl')} 的第 2 行不是审计记录`,
    );
    expect(damaged.err).toContain(
      `the audit trail ${join(dir, 'damaged', 'audit.jsonl')}, line 2, is not an audit record`,
    );
    expect(fds()).toBe(before);
    // a port another server holds
    const other = createServer();
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const port = (other.address() as { port: number }).port;
    try {
      await run(['--port', String(port), '--ledger', join(dir, 'busy')]);
      const again = fds();
      const busy = await run(['--port', String(port), '--ledger', join(dir, 'busy')]);
      expect(busy.code).not.toBe(0);
      expect(busy.err).toContain('EADDRINUSE');
      expect(fds()).toBe(again);
    } finally {
      other.close();
    }
  }, 60_000);

  it('a second server on the same --ledger DIR is refused (LEDGER_AUDIT_LOCKED) while the first runs', async () => {
    const { serveCommand } = await import('../../src/cli/serve');
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-serve-locked-'));
    const ledger = join(dir, 'ledger');
    let stopFirst: (why: string) => void = () => undefined;
    let listening: () => void = () => undefined;
    const started = new Promise<void>((r) => (listening = r));
    const first = serveCommand(['--port', '0', '--ledger', ledger], {
      out: (s) => (s.includes('listening') ? listening() : undefined),
      err: () => undefined,
      stop: new Promise<string>((r) => (stopFirst = r)),
    });
    await started;
    let err = '';
    const second = await serveCommand(['--port', '0', '--ledger', ledger], {
      out: () => undefined,
      err: (s) => (err += s),
      stop: Promise.resolve('stop'),
    });
    expect(second).not.toBe(0);
    expect(err).toContain('LEDGER_AUDIT_LOCKED');
    expect(err).toContain(
      `The operator audit trail ${join(ledger, 'audit.jsonl')} is being written by another process (pid ${process.pid}`,
    );
    stopFirst('stop');
    expect(await first).toBe(0);
    // the first has released the trail: a server starts on the directory again
    const third = await serveCommand(['--port', '0', '--ledger', ledger], {
      out: () => undefined,
      err: () => undefined,
      stop: Promise.resolve('stop'),
    });
    expect(third).toBe(0);
  }, 60_000);
});

describe('a ledger of several partitions', () => {
  it('verify with an anchor compares the root over the partition heads at its count, as the head route gives it', async () => {
    const s = await startServer({
      keys,
      carbon: {
        ...(carbon() as NonNullable<ServeOptions['carbon']>),
        store: new MemoryLedgerStore({ partitions: 2 }),
      },
    });
    try {
      const ride = (id: string, user: string) =>
        JSON.stringify({
          id,
          user,
          ts: '2024-05-01T08:00:00+08:00',
          scenario: 'bus',
          region: '4201',
          rides: '1',
        });
      await append(s.url, K.opA, `${ride('a1', 'u1')}\n${ride('a2', 'u2')}\n${ride('a3', 'u3')}\n`);
      const { ledger: head } = (await (
        await fetch(`${s.url}/v1/carbon/ledger/head`, { headers: auth(K.reader) })
      ).json()) as { ledger: { seq: number; head: string; partitions: { count: number; head: string }[] } };
      expect(head.partitions.length).toBe(2);
      const verify = async (count: number, h: string) =>
        (await (
          await fetch(`${s.url}/v1/carbon/verify?count=${count}&head=${h}`, {
            method: 'POST',
            headers: auth(K.auditor),
          })
        ).json()) as { ok: boolean; ledger: { issues: { code: string }[] } };
      // The root the head route publishes verifies; a partition's own head is not the ledger's.
      expect((await verify(head.seq, head.head)).ok).toBe(true);
      const own = head.partitions.find((p) => p.count > 0) as { head: string };
      expect((await verify(head.seq, own.head)).ledger.issues.map((i) => i.code)).toEqual([
        'LEDGER_HEAD_MISMATCH',
      ]);
    } finally {
      await s.close();
    }
  });
});

describe('a client that goes away', () => {
  it('before its first chunk is answered: nothing stored, nothing logged', async () => {
    const s = await startServer({ keys, carbon: carbon() });
    try {
      const { hostname, port } = new URL(s.url);
      const ride = JSON.stringify({
        id: 'gone-1',
        user: 'u1',
        ts: '2024-05-01T08:00:00+08:00',
        scenario: 'bus',
        region: '4201',
        rides: '1',
      });
      const socket = createConnection({ host: hostname, port: Number(port) });
      await new Promise<void>((resolve) => socket.on('connect', resolve));
      const part = `${ride}\n${ride.slice(0, 20)}`;
      socket.write(
        `POST /v1/carbon/activities HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${K.opA}\r\n` +
          `Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n` +
          `${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n`,
      );
      await new Promise((r) => setTimeout(r, 100));
      socket.destroy();
      await new Promise((r) => setTimeout(r, 300));
      expect(s.logged).toEqual([]);
      const head = (await (
        await fetch(`${s.url}/v1/carbon/ledger/head`, { headers: auth(K.reader) })
      ).json()) as {
        ledger: { seq: number };
      };
      expect(head.ledger.seq).toBe(0);
    } finally {
      await s.close();
    }
  });
});
