/** GEP accounts: POST /v1/account, /v1/validate and /v1/uncertainty, with the CLI's options as query parameters. */
import * as z from 'zod';
import { account } from '../../account/account';
import { compare } from '../../account/compare';
import { compareCsv, compareMarkdown } from '../../account/compare-format';
import { tableMarkdown, toCsv, toMarkdown } from '../../account/format';
import type { AccountOptions } from '../../account/options';
import { accountResultSchema } from '../../account/result-schema';
import { TABLE_IDS } from '../../account/tables';
import { readTypes } from '../../account/types';
import { checkInput, parseInput } from '../../account/validate';
import { bundledClassification } from '../../coefficients/bundled';
import { GRADES } from '../../coefficients/schema';
import { GepError } from '../../core/errors';
import { assertFinite } from '../../core/finite';
import { inputSchema } from '../../input/input';
import { DEFAULT_PROFILE, bundledProfile } from '../../profiles/bundled';
import { uncertainty } from '../../uncertainty';
import { locateIssues, locateResult, readInputWorkbook, toXlsx } from '../../xlsx';
import { BAD_REQUEST, type Ctx, type Router } from '../app';
import { serveFail } from '../errors';
import { anyObject, cliJson, flag, int, jsonBody, jsonRequest, jsonResponse, queryOf } from './shared';

/** The options of `gepkit account` that travel in a URL. */
const accountQuery = z.object({
  profile: z.string().min(1).optional().meta({ description: 'Profile id (default: jx-db36-1402-2021).' }),
  baseYear: int.optional().meta({ description: 'Price year of comparable prices (--base-year).' }),
  exact: flag.optional().meta({ description: 'No rounding of the tables (--exact).' }),
  exclude: z
    .string()
    .optional()
    .meta({ description: 'Indicator codes left out, comma-separated (--exclude).' }),
  minGrade: z.enum(GRADES).optional().meta({ description: 'Lowest evidence grade accepted (--min-grade).' }),
});

const formatQuery = accountQuery.extend({
  format: z.enum(['json', 'csv', 'md', 'xlsx']).default('json'),
  table: z
    .enum(TABLE_IDS as [string, ...string[]])
    .optional()
    .meta({ description: 'One table, with format=csv (default county) or md (default: the whole report).' }),
});

const compareQuery = accountQuery.omit({ exact: true }).extend({
  format: z.enum(['json', 'csv', 'md']).default('json'),
});

const uncertaintyQuery = accountQuery.extend({
  draws: int.meta({ description: 'Number of draws (--uncertainty N).' }),
  seed: int.optional().meta({ description: 'Seed (default 1); the same seed gives the same bytes.' }),
  tornado: flag.optional(),
  tornadoPercent: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .transform(Number)
    .optional(),
  sobol: int.optional(),
});

function accountOptions(q: z.output<typeof accountQuery>): AccountOptions {
  return {
    ...(q.profile !== undefined ? { profile: q.profile } : {}),
    ...(q.baseYear !== undefined ? { baseYear: q.baseYear } : {}),
    ...(q.exact === true ? { rounding: 'exact' as const } : {}),
    ...(q.exclude !== undefined ? { exclude: q.exclude.split(',').map((c) => c.trim()) } : {}),
    ...(q.minGrade !== undefined ? { minGrade: q.minGrade } : {}),
  };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The refusal of an unknown profile or table (its problem body is added by the OpenAPI description, app.ts). */
const unknownReference = {
  404: { description: 'No such profile or table (PROFILE_UNKNOWN, TABLE_UNKNOWN)' },
};

/**
 * The 400 of a route taking `exclude`: the engine checks its codes against the account's indicators, and an
 * unknown one is a bad parameter like any other (problem.ts, statusOfIssue).
 */
const badExclude = {
  400: {
    description: `${BAD_REQUEST}, or exclude names an indicator code the account does not have (INDICATOR_UNKNOWN, at options.exclude[i]: the i-th code)`,
  },
};

/**
 * Account a request body: JSON, or an input workbook (`gepkit template`) sent as XLSX, whose problems are then
 * named by `sheet!cell` as `gepkit account input.xlsx` names them; a workbook whose parts expand to more than
 * `workbookLimit` bytes is XLSX_TOO_LARGE (413) before a cell is read.
 */
async function accountOfBody(c: Ctx, options: AccountOptions, workbookLimit: number) {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith(XLSX))
    return { result: account(await jsonBody(c, [XLSX]), options), book: undefined };
  const book = await readInputWorkbook(new Uint8Array(await c.req.arrayBuffer()), 'body', {
    typeMapping: options.typeMapping,
    maxExpandedBytes: workbookLimit,
  });
  try {
    return { result: locateResult(account(book.input, options), book), book };
  } catch (e) {
    if (e instanceof GepError) throw new GepError(locateIssues(e.issues, book));
    throw e;
  }
}

export function accountRoutes(r: Router): void {
  r.mount({
    method: 'post',
    path: '/v1/account',
    tags: ['account'],
    access: 'read',
    summary: 'A GEP account (as `gepkit account`): JSON, CSV (one table), Markdown or a workbook',
    request: {
      query: formatQuery,
      body: {
        required: true,
        description:
          'The account input: JSON (docs/schema/input.schema.json), or an input workbook written by `gepkit template`',
        content: {
          'application/json': { schema: inputSchema },
          [XLSX]: { schema: z.string().meta({ format: 'binary' }) },
        },
      },
    },
    responses: {
      200: {
        description: 'The account; format=json gives the bytes `gepkit account --format json` prints',
        content: {
          'application/json': { schema: accountResultSchema },
          'text/csv': { schema: z.string() },
          'text/markdown': { schema: z.string() },
          [XLSX]: { schema: z.string().meta({ format: 'binary' }) },
        },
      },
      ...unknownReference,
      ...badExclude,
      413: {
        description:
          'The body exceeds the route’s limit (SERVE_BODY_TOO_LARGE), or a workbook’s parts expand to more than --workbook-limit bytes (XLSX_TOO_LARGE)',
      },
    },
    handler: async (c) => {
      const q = queryOf(c, formatQuery);
      if (q.table !== undefined && (q.format === 'json' || q.format === 'xlsx'))
        serveFail('SERVE_PARAM_INVALID', [], {
          name: 'table',
          detail: `table applies to format=csv or md (one table), not ${q.format}`,
        });
      const { result, book } = await accountOfBody(
        c,
        { ...accountOptions(q), customWorkLimit: r.options.customWorkLimit },
        r.options.workbookLimit,
      );
      assertFinite(result);
      if (q.format === 'json') return cliJson(result);
      // from a workbook, the detail sheet names each input's cell first, as `gepkit account input.xlsx` does
      if (q.format === 'xlsx')
        return new Response(await toXlsx(result, book && { locate: (path) => book.locate(path) }), {
          headers: { 'content-type': XLSX, 'content-disposition': 'attachment; filename="account.xlsx"' },
        });
      if (q.format === 'csv')
        return c.body(toCsv(result, (q.table ?? 'county') as (typeof TABLE_IDS)[number]), 200, {
          'content-type': 'text/csv; charset=utf-8',
        });
      const md =
        q.table === undefined
          ? toMarkdown(result)
          : tableMarkdown(result, q.table as (typeof TABLE_IDS)[number]);
      return c.body(md, 200, { 'content-type': 'text/markdown; charset=utf-8' });
    },
  });
  r.mount({
    method: 'post',
    path: '/v1/validate',
    tags: ['account'],
    access: 'read',
    summary: 'Schema and consistency checks of an account input (as `gepkit validate`)',
    request: {
      query: z.object({ profile: z.string().min(1).optional() }),
      ...jsonRequest(inputSchema, 'The account input'),
    },
    responses: {
      ...jsonResponse(
        z.object({
          valid: z.literal(true),
          region: z.string(),
          year: z.number().int(),
          ecosystems: z.number().int(),
          checks: z.array(anyObject),
          warnings: z.array(anyObject),
        }),
        'The input is valid; the checks and warnings found',
      ),
      ...unknownReference,
    },
    handler: async (c) => {
      const q = queryOf(c, z.object({ profile: z.string().min(1).optional() }));
      const profile = bundledProfile(q.profile ?? DEFAULT_PROFILE);
      const classification = bundledClassification(profile.classification);
      const json = await jsonBody(c);
      const types = readTypes(json, classification, {});
      const input = parseInput(types.json, classification);
      const checked = checkInput(input, classification, profile.checks.areaTolerance);
      // What the account refuses is the input's problem too (a section an indicator needs, missing), as
      // `gepkit validate` refuses it
      account(json, { profile, customWorkLimit: r.options.customWorkLimit });
      return cliJson({
        valid: true,
        region: input.region.name,
        year: input.year,
        ecosystems: input.ecosystems.length,
        checks: checked.checks,
        warnings: [...types.warnings, ...checked.warnings],
      });
    },
  });
  r.mount({
    method: 'post',
    path: '/v1/uncertainty',
    tags: ['account'],
    access: 'read',
    summary: 'The account with Monte Carlo uncertainty (as `gepkit account --uncertainty N`)',
    description:
      'draws and sobol (rows per Sobol matrix) are capped by the server (--max-draws); the same seed gives the same bytes.',
    request: { query: uncertaintyQuery, ...jsonRequest(inputSchema, 'The account input') },
    responses: {
      ...jsonResponse(anyObject, 'The account result with its `uncertainty` member'),
      ...unknownReference,
      ...badExclude,
    },
    handler: async (c) => {
      const q = queryOf(c, uncertaintyQuery);
      // The computation holds the event loop to its end (no timeout stops it): the server caps its size.
      for (const [name, value] of [
        ['draws', q.draws],
        ['sobol', q.sobol],
      ] as const)
        if (value !== undefined && (value < 2 || value > r.options.maxDraws))
          serveFail('SERVE_PARAM_INVALID', [], {
            name,
            detail: `between 2 and ${r.options.maxDraws} on this server, got ${value}`,
          });
      const json = await jsonBody(c);
      return cliJson(
        uncertainty(json, {
          draws: q.draws,
          seed: q.seed ?? 1,
          account: { ...accountOptions(q), customWorkLimit: r.options.customWorkLimit },
          ...(q.tornadoPercent !== undefined
            ? { tornado: { percent: q.tornadoPercent } }
            : q.tornado === true
              ? { tornado: true }
              : {}),
          ...(q.sobol !== undefined ? { sobol: q.sobol } : {}),
        }),
      );
    },
  });
  r.mount({
    method: 'post',
    path: '/v1/compare',
    tags: ['account'],
    access: 'read',
    summary:
      'Year-on-year comparison at comparable prices (as `gepkit compare`): volume, mix and price effects',
    description:
      'before and after are account inputs (accounted exactly with the query’s options) or account results; docs/compare.md.',
    request: {
      query: compareQuery,
      ...jsonRequest(
        z.object({ before: anyObject, after: anyObject }),
        'The two years: account inputs or results of /v1/account',
      ),
    },
    responses: {
      200: {
        description: 'The comparison; format=json gives the bytes `gepkit compare` prints',
        content: {
          'application/json': { schema: anyObject },
          'text/csv': { schema: z.string() },
          'text/markdown': { schema: z.string() },
        },
      },
      ...unknownReference,
      ...badExclude,
    },
    handler: async (c) => {
      const q = queryOf(c, compareQuery);
      const body = (await jsonBody(c)) as { before?: unknown; after?: unknown } | null;
      if (body === null || typeof body !== 'object' || body.before === undefined || body.after === undefined)
        serveFail('SERVE_PARAM_INVALID', [], {
          name: 'body',
          detail: 'an object with the two years as before and after',
        });
      const { baseYear: _b, rounding: _r, ...options } = accountOptions(q);
      const result = compare(body.before, body.after, {
        ...(q.baseYear !== undefined ? { baseYear: q.baseYear } : {}),
        account: { ...options, customWorkLimit: r.options.customWorkLimit },
      });
      if (q.format === 'md')
        return c.body(compareMarkdown(result), 200, { 'content-type': 'text/markdown; charset=utf-8' });
      if (q.format === 'csv')
        return c.body(compareCsv(result), 200, { 'content-type': 'text/csv; charset=utf-8' });
      return cliJson(result);
    },
  });
}
