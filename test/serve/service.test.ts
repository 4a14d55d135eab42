import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { account } from '../../src/account/account';
import { tableMarkdown, toCsv, toMarkdown } from '../../src/account/format';
import { runCli } from '../../src/cli/main';
import { inputTemplate } from '../../src/xlsx';
import { startServer, expectProblem, json } from './helpers';

const EXAMPLE = 'examples/jiangxi-county/input.json';
const input = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;

/** What the CLI prints for these arguments. */
async function cli(args: string[]): Promise<string> {
  let out = '';
  const code = await runCli(args, { out: (s) => (out += s), err: () => undefined });
  expect(code).toBe(0);
  return out;
}

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer({ maxDraws: 50 });
});
afterAll(() => server.close());
const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);

describe('the service on loopback', () => {
  it('/health answers with the version', async () => {
    const r = await get('/health');
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ok' });
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // idle connections are kept 65 s, not Node's 5 s: one whose time ran out while an account held the thread would
    // be closed under a request sent on it (server-node.ts KEEP_ALIVE_MS)
    expect(r.headers.get('keep-alive')).toBe('timeout=65');
  });

  it('/openapi.json is a valid OpenAPI 3.1 document listing every route with the library schemas', async () => {
    const doc = (await (await get('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    const v = new Validator();
    const res = await v.validate(doc as unknown as Parameters<Validator['validate']>[0]);
    expect(res.errors).toBeUndefined();
    expect(res.valid).toBe(true);
    for (const p of [
      '/health',
      '/v1/account',
      '/v1/validate',
      '/v1/uncertainty',
      '/v1/profiles',
      '/v1/profiles/{id}',
      '/v1/coefficients',
      '/v1/coefficients/{id}',
    ])
      expect(Object.keys(doc.paths)).toContain(p);
    expect(Object.keys(doc.components.schemas)).toContain('Problem');
    // The account body is the library's input schema: its sections are there.
    expect(JSON.stringify(doc.paths['/v1/account'])).toContain('ecosystems');
  });

  it('takes a client’s X-Request-Id when it is a sane token, and makes one otherwise', async () => {
    const id = async (given: string) =>
      (await get('/v1/nothing', { headers: { 'x-request-id': given } })).headers.get('x-request-id');
    const ok = `gw-trace:${'a'.repeat(119)}`;
    expect(ok).toHaveLength(128);
    expect(await id(ok)).toBe(ok);
    expect(await id('01J9Z.x_y-z:1')).toBe('01J9Z.x_y-z:1');
    // 129 characters, a space, a slash, a character outside ASCII: a new UUID instead.
    for (const bad of [`${ok}a`, 'two words', 'a/b', 'trace-é'])
      expect(await id(bad), bad).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an unknown route is SERVE_NOT_FOUND as problem+json', async () => {
    await expectProblem(await get('/v1/nothing'), 404, 'SERVE_NOT_FOUND');
  });
});

describe('POST /v1/account', () => {
  it('returns exactly the bytes `gepkit account --format json` prints for the bundled example', async () => {
    const r = await get('/v1/account', json(input));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await r.text();
    expect(body).toBe(await cli(['account', EXAMPLE, '--format', 'json']));
    const gep = (JSON.parse(body) as { totals: { gep: unknown } }).totals.gep;
    expect(gep).toEqual((account(input) as unknown as { totals: { gep: unknown } }).totals.gep);
  });

  it('takes the CLI options as query parameters (base year, csv table, markdown)', async () => {
    const r = await get('/v1/account?baseYear=2015&format=md', json(input));
    expect(r.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(await r.text()).toBe(toMarkdown(account(input, { baseYear: 2015 })));
    const csv = await get('/v1/account?format=csv&table=ecosystem', json(input));
    // Read with the byte-order mark kept: the CSV starts with one, as the CLI's does.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text).toBe(toCsv(account(input), 'ecosystem'));
  });

  it('gives one table as Markdown with format=md&table=ID, and refuses table with json or xlsx (400), as the CLI', async () => {
    const md = await get('/v1/account?format=md&table=township', json(input));
    expect(await md.text()).toBe(tableMarkdown(account(input), 'township'));
    const csv = await get('/v1/account?format=csv', json(input));
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text).toBe(toCsv(account(input), 'county'));
    for (const format of ['json', 'xlsx']) {
      const p = await expectProblem(
        await get(`/v1/account?format=${format}&table=county`, json(input)),
        400,
        'SERVE_PARAM_INVALID',
      );
      expect(p.message.zh).toBe(
        `参数 table 无效：table 仅适用于 format=csv 或 md（单个表），不适用于 ${format}`,
      );
    }
  }, 60_000);

  it('writes the workbook for format=xlsx', async () => {
    const r = await get('/v1/account?format=xlsx', json(input));
    expect(r.headers.get('content-type')).toContain('spreadsheetml');
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]); // "PK": a zip
  });

  it('refuses a body that is not JSON (400), not sent as JSON (415), and an invalid input (422, with the path)', async () => {
    const notJson = await expectProblem(
      await get('/v1/account', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"year": ',
      }),
      400,
      'INPUT_NOT_JSON',
    );
    expect(notJson.message).toEqual({
      zh: '文件不是有效的 JSON：request body：JSON 文本意外结束',
      en: 'The file is not valid JSON: request body: Unexpected end of JSON input',
    });
    const plain = await expectProblem(
      await get('/v1/account', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }),
      415,
      'SERVE_MEDIA_TYPE',
    );
    // the account reads an input workbook too: the refusal names both types
    expect(plain.message.en).toBe(
      'Unsupported request body type text/plain; accepted: application/json, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const bad = structuredClone(input) as { ecosystems: { zone?: string }[] };
    (bad.ecosystems[0] as { zone?: string }).zone = 'Z9';
    const p = await expectProblem(await get('/v1/account', json(bad)), 422, 'ZONE_UNKNOWN');
    expect(p.path.length).toBeGreaterThan(0);
    await expectProblem(
      await get('/v1/account', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":1,"a":2}',
      }),
      400,
      'INPUT_DUPLICATE_KEY',
    );
    const deep = await expectProblem(
      await get('/v1/account', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `${'['.repeat(101)}${']'.repeat(101)}`,
      }),
      400,
      'INPUT_TOO_DEEP',
    );
    expect(deep.path).toHaveLength(100);
  });

  it('refuses a bad query parameter as SERVE_PARAM_INVALID', async () => {
    const p = await expectProblem(
      await get('/v1/account?format=pdf', json(input)),
      400,
      'SERVE_PARAM_INVALID',
    );
    expect(p.message.en).toContain('format');
    expect(p.message.zh).toBe('参数 format 无效：无效选项：应为 "json"|"csv"|"md"|"xlsx" 之一');
    const year = await expectProblem(
      await get('/v1/account?baseYear=2015.5', json(input)),
      400,
      'SERVE_PARAM_INVALID',
    );
    expect(year.message.en).toBe('Invalid parameter baseYear: an integer of at most 15 digits');
    expect(year.message.zh).toBe('参数 baseYear 无效：应为至多 15 位数字的整数');
  });

  it('an unknown indicator code in exclude is a bad parameter (400), INDICATOR_UNKNOWN at its place in the list', async () => {
    // exclude=R4,ZZZ: R4 is the profile's, ZZZ none: the second code, options.exclude[1], with every code of the
    // account and no suggestion (ZZZ is close to none).
    const p = await expectProblem(
      await get('/v1/account?exclude=R4,ZZZ', json(input)),
      400,
      'INDICATOR_UNKNOWN',
    );
    expect(p.path).toEqual(['options', 'exclude', 1]);
    expect(p.message.en).toBe(
      'Unknown indicator code "ZZZ" (the indicators of this account: M1, M2, M3, M4, M5, M6, R1, R2, R3, R4, R5, R6, R7, R8, R9, C1, C2)',
    );
    expect(p.hint).toBe('Use a code of the profile or of a custom indicator.');
    // r4 is R4 misspelt: the hint names it. /v1/uncertainty takes exclude too.
    const lower = await expectProblem(
      await get('/v1/uncertainty?draws=4&exclude=r4', json(input)),
      400,
      'INDICATOR_UNKNOWN',
    );
    expect([lower.path, lower.hint]).toEqual([['options', 'exclude', 0], 'Did you mean R4?']);
    // /v1/compare accounts each year with it: the first year's refusal, under before.
    const after = JSON.parse(readFileSync('examples/jiangxi-county/input-2021.json', 'utf8')) as unknown;
    const cmp = await expectProblem(
      await get('/v1/compare?exclude=ZZZ', json({ before: input, after })),
      400,
      'INDICATOR_UNKNOWN',
    );
    expect(cmp.path).toEqual(['before', 'options', 'exclude', 0]);
  }, 60_000);

  it('refuses a parameter the route does not read, with the likely one, and a parameter given twice', async () => {
    // A misspelt baseYear would otherwise give comparable prices of the account's own year without a word.
    const misspelt = await expectProblem(
      await get('/v1/account?baseyear=2015', json(input)),
      400,
      'SERVE_PARAM_UNKNOWN',
    );
    expect(misspelt.message.en).toBe('/v1/account has no parameter baseyear');
    expect(misspelt.hint).toBe(
      'Did you mean baseYear? The parameters of /v1/account: profile, baseYear, exact, exclude, minGrade, format, table (GET /openapi.json describes them).',
    );
    const none = await expectProblem(await get('/v1/profiles?id=x'), 400, 'SERVE_PARAM_UNKNOWN');
    expect(none.hint).toBe('The parameters of /v1/profiles: (none) (GET /openapi.json describes them).');
    const twice = await expectProblem(
      await get('/v1/account?baseYear=2015&format=json&baseYear=2016', json(input)),
      400,
      'SERVE_PARAM_REPEATED',
    );
    expect(twice.message).toEqual({
      zh: '参数 baseYear 出现了 2 次，只能给一次',
      en: 'The parameter baseYear is given 2 times; give it once',
    });
  });
});

describe('validate, uncertainty, profiles, coefficients', () => {
  it('/v1/validate says valid with the checks', async () => {
    const r = (await (await get('/v1/validate', json(input))).json()) as {
      valid: boolean;
      ecosystems: number;
      checks: unknown[];
    };
    expect(r.valid).toBe(true);
    expect(r.ecosystems).toBe((input.ecosystems as unknown[]).length);
    expect(r.checks.length).toBeGreaterThan(0);
  });

  it('/v1/validate refuses what the account refuses, as `gepkit validate` does (a section an indicator needs)', async () => {
    // without climate: CLIMATE_MISSING from the account, where the schema and consistency checks alone passed it
    const { climate: _climate, ...noClimate } = input;
    const p = await expectProblem(await get('/v1/validate', json(noClimate)), 422, 'CLIMATE_MISSING');
    expect(p.code).toBe('CLIMATE_MISSING');
    const { tourism: _tourism, ...noTourism } = input;
    await expectProblem(await get('/v1/validate', json(noTourism)), 422, 'INDICATOR_INPUT_MISSING');
  });

  it('a JSON body valid as UTF-8 read as GBK by chance says so in a header; a UTF-8 body has none', async () => {
    // Every other character escaped (ASCII), the region named 石: CA AF in GBK, also "ʯ" in UTF-8. The body is one
    // line; the header names the byte offset of CA from its start, as the CLI's INPUT_ENCODING_GUESSED does.
    const ascii = JSON.stringify({
      ...input,
      region: { ...(input.region as object), name: 'STONE' },
    }).replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const body = new Uint8Array(iconv.encode(ascii.replace('"STONE"', '"石"'), 'gbk'));
    const at = ascii.indexOf('"STONE"') + 1;
    expect([body[at], body[at + 1]]).toEqual([0xca, 0xaf]);
    const r = await get('/v1/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { region: string }).region).toBe('石');
    expect(r.headers.get('gepkit-encoding-guessed')).toBe(`line=1; byte=${at}`);
    const utf8 = await get('/v1/validate', json(input));
    expect(utf8.status).toBe(200);
    expect(utf8.headers.get('gepkit-encoding-guessed')).toBeNull();
  });

  it('/v1/uncertainty gives the CLI’s bytes for the same draws and seed, and refuses draws above the cap', async () => {
    // The CLI runs in this process first: run between two requests it would hold the event loop past the
    // connection's keep-alive time, and the second request could be sent on a socket the server is closing.
    const expected = await cli(['account', EXAMPLE, '--uncertainty', '4', '--seed', '3']);
    const r = await get('/v1/uncertainty?draws=4&seed=3', json(input));
    expect(await r.text()).toBe(expected);
    await expectProblem(await get('/v1/uncertainty?draws=51', json(input)), 400, 'SERVE_PARAM_INVALID');
    // Sobol rows cost (parameters + 2) plan evaluations each, on the event loop: the same cap applies.
    const sobol = await expectProblem(
      await get('/v1/uncertainty?draws=4&sobol=51', json(input)),
      400,
      'SERVE_PARAM_INVALID',
    );
    expect(sobol.message.en).toBe('Invalid parameter sobol: between 2 and 50 on this server, got 51');
  }, 60_000);

  it('/v1/profiles lists, /v1/profiles/{id} shows, an unknown id is 404 PROFILE_UNKNOWN', async () => {
    const list = (await (await get('/v1/profiles')).json()) as { id: string; hash: string }[];
    expect(list.map((p) => p.id)).toContain('jx-db36-1402-2021');
    const one = await get('/v1/profiles/jx-db36-1402-2021');
    expect(await one.text()).toBe(await cli(['profiles', 'show', 'jx-db36-1402-2021']));
    await expectProblem(await get('/v1/profiles/nope'), 404, 'PROFILE_UNKNOWN');
  });

  it('/v1/coefficients lists tables, price indices and classifications; {id} shows one; unknown is 404 TABLE_UNKNOWN', async () => {
    const list = (await (await get('/v1/coefficients')).json()) as { id: string; kind: string }[];
    expect(new Set(list.map((t) => t.kind))).toEqual(
      new Set(['coefficients', 'price-index', 'classification']),
    );
    const id = (list[0] as { id: string }).id;
    expect(await (await get(`/v1/coefficients/${id}`)).text()).toBe(await cli(['coefficients', 'show', id]));
    await expectProblem(await get('/v1/coefficients/nope'), 404, 'TABLE_UNKNOWN');
  });
});

describe('POST /v1/compare', () => {
  it('gives the bytes `gepkit compare` prints for the two example years, and refuses a body without both', async () => {
    const after = JSON.parse(readFileSync('examples/jiangxi-county/input-2021.json', 'utf8')) as unknown;
    const r = await get('/v1/compare', json({ before: input, after }));
    expect(r.status).toBe(200);
    expect(await r.text()).toBe(await cli(['compare', EXAMPLE, 'examples/jiangxi-county/input-2021.json']));
    const md = await get('/v1/compare?format=md', json({ before: input, after }));
    expect(await md.text()).toBe(
      await cli(['compare', EXAMPLE, 'examples/jiangxi-county/input-2021.json', '--format', 'md']),
    );
    await expectProblem(await get('/v1/compare', json({ before: input })), 400, 'SERVE_PARAM_INVALID');
  }, 60_000);
});

describe('POST /v1/account with a workbook', () => {
  it('format=xlsx of a workbook is the CLI’s workbook byte for byte: each input’s cell named in the detail sheet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gepkit-serve-xlsx-'));
    try {
      const book = join(dir, 'in.xlsx');
      writeFileSync(book, await inputTemplate({ input }));
      await cli(['account', book, '--format', 'xlsx', '--out', join(dir, 'cli.xlsx')]);
      const r = await get('/v1/account?format=xlsx', {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
        body: readFileSync(book),
      });
      expect(r.status).toBe(200);
      expect(Buffer.from(await r.arrayBuffer()).equals(readFileSync(join(dir, 'cli.xlsx')))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads an input workbook: the result of the JSON input, warnings and a bad cell named sheet!cell', async () => {
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const asBook = async (body: unknown) =>
      get('/v1/account', {
        method: 'POST',
        headers: { 'content-type': XLSX },
        body: Buffer.from(await inputTemplate({ input: body })),
      });
    const fromBook = await asBook(input);
    expect(fromBook.status).toBe(200);
    // The same result as the JSON input's, but for the warnings: those of a value the workbook holds name its cell.
    const { warnings: bookWarnings, ...book } = (await fromBook.json()) as {
      warnings: { path: unknown[] }[];
    };
    const { warnings: jsonWarnings, ...plain } = (await (await get('/v1/account', json(input))).json()) as {
      warnings: { path: unknown[] }[];
    };
    expect(book).toEqual(plain);
    expect(bookWarnings.length).toBe(jsonWarnings.length);
    const located = bookWarnings.filter((w) => /^[^!]+![A-Z]+\d+$/.test(String(w.path[0])));
    expect(located.length).toBeGreaterThan(0);
    expect(jsonWarnings.some((w) => /!/.test(String(w.path[0])))).toBe(false);
    const bad = structuredClone(input) as { ecosystems: { area: { value: string } }[] };
    (bad.ecosystems[0] as { area: { value: string } }).area.value = '-5';
    const p = await expectProblem(await asBook(bad), 422, 'NEGATIVE_VALUE');
    expect(String(p.path[0])).toMatch(/^[^!]+![A-Z]+\d+$/);
    // a body that is not a workbook
    await expectProblem(
      await get('/v1/account', { method: 'POST', headers: { 'content-type': XLSX }, body: 'not a zip' }),
      422,
      'XLSX_NOT_WORKBOOK',
    );
  }, 60_000); // two accounts and a workbook written and read: seconds under load, not 5
});

describe('POST /v1/account with a workbook past --workbook-limit', () => {
  it('is 413 XLSX_TOO_LARGE before a cell is read: the example’s workbook (about 59 KB) expands past 100,000 bytes', async () => {
    const small = await startServer({ workbookLimit: 100_000 });
    try {
      const body = Buffer.from(await inputTemplate({ input }));
      expect(body.length).toBeLessThan(100_000); // compressed, it is within the limit
      const r = await fetch(`${small.url}/v1/account`, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
        body,
      });
      const p = await expectProblem(r, 413, 'XLSX_TOO_LARGE');
      const { params } = p.issues[0] as { params: Record<string, string> };
      expect(params).toMatchObject({ file: 'body', limit: '100000' });
      expect(Number(params.expanded)).toBeGreaterThan(100_000);
    } finally {
      await small.close();
    }
  }, 60_000);
});
