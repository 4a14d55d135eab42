import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { openDiskIndex } from '../../src/vep/disk-index-node';
import { expectProblem, json, startServer } from './helpers';

const read = (f: string) => readFileSync(`examples/vep/${f}`, 'utf8');
const context = JSON.parse(read('context.json')) as unknown;

async function cli(args: string[]): Promise<string> {
  let out = '';
  await runCli(args, { out: (s) => (out += s), err: () => undefined });
  return out;
}

let server: Awaited<ReturnType<typeof startServer>>;
let id: string;
beforeAll(async () => {
  server = await startServer({ streamLimit: 4096 });
  const r = await fetch(`${server.url}/v1/vep/contexts`, json(context));
  expect(r.status).toBe(201);
  id = ((await r.json()) as { id: string }).id;
});
afterAll(() => server.close());
const post = (path: string, body: string, type: string) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
const bytes = async (r: Response) =>
  new TextDecoder('utf-8', { ignoreBOM: true }).decode(await r.arrayBuffer());

describe('/v1/vep', () => {
  it('a context is named by its basis hash; posting it again gives the same id', async () => {
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    const again = (await (await fetch(`${server.url}/v1/vep/contexts`, json(context))).json()) as {
      id: string;
    };
    expect(again.id).toBe(id);
  });

  it('values the example parcels (CSV in, JSON Lines out) line for line as `gepkit vep value`', async () => {
    const r = await post(`/v1/vep/value?context=${encodeURIComponent(id)}`, read('parcels.csv'), 'text/csv');
    expect(r.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await r.text()).trimEnd().split('\n');
    const expected = (
      await cli(['vep', 'value', 'examples/vep/parcels.csv', '--context', 'examples/vep/context.json'])
    )
      .trimEnd()
      .split('\n');
    expect(lines.slice(0, -1)).toEqual(expected.slice(0, -1));
    // The summary is the CLI's, the encoding read included.
    expect(JSON.parse(lines.at(-1) as string)).toEqual(JSON.parse(expected.at(-1) as string));
    expect(JSON.parse(lines.at(-1) as string).summary.encoding).toBe('utf-8');
  });

  it('a GBK body valid as UTF-8 by chance is read as GB18030, and the summary says where it was guessed', async () => {
    // 石 (CA AF in GBK, "ʯ" as UTF-8) after the header's 44 bytes and "P1,": line 2, byte 47; 毛 (C3 AB) "ë"
    const text =
      'id,package,key,unit,area:shrub,right,holder\nP1,石,hills,mu,15,forest,叶\nP2,毛,hills,mu,30,forest,郑\n';
    const gbk = new Uint8Array(iconv.encode(text, 'gbk'));
    const r = await fetch(`${server.url}/v1/vep/value?context=${encodeURIComponent(id)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: gbk,
    });
    const lines = (await r.text()).trimEnd().split('\n');
    const summary = (JSON.parse(lines.at(-1) as string) as { summary: Record<string, unknown> }).summary;
    expect(summary).toMatchObject({ encoding: 'gb18030', encodingGuessed: { line: 2, byte: 47 }, valued: 2 });
    expect(lines.slice(0, -1).map((l) => (JSON.parse(l) as { package?: string }).package)).toEqual([
      '石',
      '毛',
    ]);
  });

  it('CSV out is the CLI’s CSV (byte-order mark, header, one row per valued parcel)', async () => {
    const r = await post(
      `/v1/vep/value?context=${encodeURIComponent(id)}&format=csv`,
      read('parcels.csv'),
      'text/csv',
    );
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await bytes(r)).toBe(
      await cli([
        'vep',
        'value',
        'examples/vep/parcels.csv',
        '--context',
        'examples/vep/context.json',
        '--format',
        'csv',
      ]),
    );
  });

  it('compact JSON Lines out are the CLI’s --format compact lines, then the summary', async () => {
    const r = await post(
      `/v1/vep/value?context=${encodeURIComponent(id)}&format=compact`,
      read('parcels.csv'),
      'text/csv',
    );
    expect(r.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await r.text()).trimEnd().split('\n');
    const expected = (
      await cli([
        'vep',
        'value',
        'examples/vep/parcels.csv',
        '--context',
        'examples/vep/context.json',
        '--format',
        'compact',
      ])
    )
      .trimEnd()
      .split('\n');
    expect(lines.slice(0, -1)).toEqual(expected.slice(0, -1));
    expect(lines[0]).toContain('"types":{');
    expect(Object.keys(JSON.parse(lines.at(-1) as string) as object)).toEqual(['summary']);
  });

  it('JSON Lines in: a bad line is refused with its line number and the batch goes on to its summary', async () => {
    const r = await post(
      `/v1/vep/value?context=${encodeURIComponent(id)}`,
      '{"id": \n\n',
      'application/x-ndjson',
    );
    const lines = (await r.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ ok: false, line: 1, issues: [{ code: 'VEP_LINE_NOT_JSON' }] });
    expect(lines.at(-1)).toHaveProperty('summary.refused', 1);
  });

  it('JSON Lines in: a number no double holds refuses its line at the field (NUMBER_OUT_OF_RANGE), the next is valued', async () => {
    // JSON.parse reads 1e-400 as a silent 0.
    const r = await post(
      `/v1/vep/value?context=${encodeURIComponent(id)}`,
      '{"id":"S1","key":"hills","areas":{"shrub":{"value":1e-400,"unit":"hm2"}}}\n' +
        '{"id":"S2","key":"hills","areas":{"shrub":{"value":"1","unit":"hm2"}}}\n',
      'application/x-ndjson',
    );
    const lines = (await r.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({
      ok: false,
      line: 1,
      id: 'S1',
      issues: [{ code: 'NUMBER_OUT_OF_RANGE', path: ['line', 1, 'areas', 'shrub', 'value'] }],
    });
    expect(lines[1]).toMatchObject({ ok: true, line: 2, id: 'S2' });
    expect(lines.at(-1)).toMatchObject({ summary: { refused: 1, valued: 1 } });
  });

  it('a body over the stream limit after the first lines ends the JSON Lines with a problem line', async () => {
    const csv = read('parcels.csv');
    const body = csv + csv.split('\n').slice(1).join('\n').repeat(10);
    const r = await post(`/v1/vep/value?context=${encodeURIComponent(id)}`, body, 'text/csv');
    // The declared length is over the limit: refused before any line.
    await expectProblem(r, 413, 'SERVE_BODY_TOO_LARGE');
    const chunked = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(csv));
        c.enqueue(new TextEncoder().encode(csv.split('\n').slice(1).join('\n').repeat(10)));
        c.close();
      },
    });
    const s = await fetch(`${server.url}/v1/vep/value?context=${encodeURIComponent(id)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    expect(s.status).toBe(200);
    const last = JSON.parse((await s.text()).trimEnd().split('\n').at(-1) as string) as {
      problem: { code: string; status: number };
    };
    expect(last.problem).toMatchObject({ code: 'SERVE_BODY_TOO_LARGE', status: 413 });
  });

  it('CSV out: a failure after the first rows cuts the transfer, with nothing appended to the CSV', async () => {
    // Enough rows before the failure that the server's last write waits for the client to drain (over 16 KiB).
    const s = await startServer({ streamLimit: 40_000 });
    try {
      const c = await fetch(`${s.url}/v1/vep/contexts`, json(context));
      const ctx = ((await c.json()) as { id: string }).id;
      const csv = read('parcels.csv');
      const body = new TextEncoder().encode(csv + csv.split('\n').slice(1).join('\n').repeat(60));
      // Sent in pieces, as a client streams a file: the limit is passed once the response has started.
      let at = 0;
      const chunked = new ReadableStream<Uint8Array>({
        async pull(out) {
          await new Promise((r) => setTimeout(r, 5));
          if (at >= body.length) return out.close();
          out.enqueue(body.slice(at, at + 2000));
          at += 2000;
        },
      });
      const r = await fetch(
        `${s.url}/v1/vep/value?context=${encodeURIComponent(ctx)}&format=csv&checkDuplicates=false`,
        {
          method: 'POST',
          headers: { 'content-type': 'text/csv' },
          body: chunked,
          duplex: 'half',
        } as RequestInit,
      );
      expect(r.status).toBe(200);
      // Reading the body fails: the client knows the CSV is not whole, and no error text reaches it as a row.
      const reader = (r.body as ReadableStream<Uint8Array>).getReader();
      let text = '';
      const readAll = async (): Promise<void> => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          text += new TextDecoder().decode(value);
        }
      };
      await expect(readAll()).rejects.toThrow();
      expect(text).not.toMatch(/Error|SERVE_BODY_TOO_LARGE/);
      expect(s.logged).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('an unknown context is 404 SERVE_CONTEXT_UNKNOWN; a body type other than CSV or JSON Lines is 415', async () => {
    await expectProblem(
      await post(`/v1/vep/value?context=sha256:${'0'.repeat(64)}`, 'x', 'text/csv'),
      404,
      'SERVE_CONTEXT_UNKNOWN',
    );
    await expectProblem(
      await post(`/v1/vep/value?context=${encodeURIComponent(id)}`, 'x', 'application/xml'),
      415,
      'SERVE_MEDIA_TYPE',
    );
    await expectProblem(
      await post('/v1/vep/value?context=nope', 'x', 'text/csv'),
      400,
      'SERVE_PARAM_INVALID',
    );
  });

  it('index=disk|auto|memory: the duplicate checks give the same stream with their keys on disk or in memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-serve-index-'));
    let opened = 0;
    const disk = await startServer({
      vepIndex: () => {
        opened += 1;
        return openDiskIndex(dir);
      },
    });
    try {
      const ctx = await fetch(`${disk.url}/v1/vep/contexts`, json(context));
      const cid = ((await ctx.json()) as { id: string }).id;
      const rec = (pid: string, certificate: string, holder: string) =>
        JSON.stringify({
          id: pid,
          key: 'hills',
          areas: { shrub: { value: '3', unit: 'mu' } },
          rights: [{ kind: 'forest', certificate, holder }],
        });
      // A repeated id (line 3) and a certificate under a second holder (line 4).
      const body = [
        rec('A', 'C1', '甲'),
        rec('B', 'C2', '甲'),
        rec('A', 'C3', '甲'),
        rec('D', 'C1', '乙'),
      ].join('\n');
      const value = async (index: string) =>
        (
          await fetch(`${disk.url}/v1/vep/value?context=${encodeURIComponent(cid)}&index=${index}`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-ndjson' },
            body,
          })
        ).text();
      const memory = await value('memory');
      expect(memory).toContain('VEP_PARCEL_DUPLICATE');
      expect(memory).toContain('VEP_CERTIFICATE_DUPLICATE');
      expect(opened).toBe(0);
      expect(await value('disk')).toBe(memory);
      expect(opened).toBe(1);
      expect(await value('auto')).toBe(memory); // four parcels: the keys stay in memory
      expect(opened).toBe(1);
      expect(readdirSync(dir)).toEqual([]); // the index of the disk run was removed at its end
    } finally {
      await disk.close();
      rmSync(dir, { recursive: true, force: true });
    }
    // A server without a disk index refuses index=disk.
    const noDisk = await expectProblem(
      await post(`/v1/vep/value?context=${encodeURIComponent(id)}&index=disk`, 'x', 'text/csv'),
      400,
      'SERVE_PARAM_INVALID',
    );
    expect(noDisk.message.zh).toBe('参数 index 无效：本服务器不在磁盘上保存索引');
  });

  it('/v1/vep/change and /v1/vep/allocate give the CLI’s bytes', async () => {
    const a = JSON.parse(read('account-2022.json')) as unknown;
    const b = JSON.parse(read('account-2023.json')) as unknown;
    const change = await fetch(`${server.url}/v1/vep/change`, json({ a, b }));
    expect(await bytes(change)).toBe(
      await cli(['vep', 'change', 'examples/vep/account-2022.json', 'examples/vep/account-2023.json']),
    );
    // Comparable prices need one base year: refused as the CLI refuses it.
    await expectProblem(
      await fetch(`${server.url}/v1/vep/change?prices=comparable`, json({ a, b })),
      422,
      'VEP_CHANGE_INCOMPARABLE',
    );
    const one = await expectProblem(
      await fetch(`${server.url}/v1/vep/change`, json({ a })),
      400,
      'SERVE_PARAM_INVALID',
    );
    expect(one.message.zh).toBe('参数 body 无效：应为以 a 和 b 给出两个核算结果的对象');
    const alloc = await fetch(`${server.url}/v1/vep/allocate`, json(JSON.parse(read('package.json'))));
    expect(await bytes(alloc)).toBe(await cli(['vep', 'allocate', 'examples/vep/package.json']));
    await expectProblem(await fetch(`${server.url}/v1/vep/allocate`, json({})), 422, 'VEP_PACKAGE_INVALID');
  });
});
