/** Reference data: the bundled profiles and coefficient tables (price indices and classifications included). */
import * as z from 'zod';
import { bundledClassifications, bundledPriceIndices, bundledTables } from '../../coefficients/bundled';
import { fail } from '../../core/errors';
import { bundledProfile, bundledProfiles } from '../../profiles/bundled';
import type { Router } from '../app';
import { anyObject, cliJson, jsonResponse, pathParam } from './shared';

const idParam = z.object({
  id: z.string().min(1).meta({ description: 'An id (`jx-db36-1402-2021`) or ref (`id@version`).' }),
});

const profileRow = z.object({
  id: z.string(),
  ref: z.string(),
  status: z.enum(['draft', 'stable']),
  indicators: z.number().int(),
  hash: z.string(),
  title: z.object({ zh: z.string(), en: z.string() }),
});

const tableRow = z.object({
  id: z.string(),
  ref: z.string(),
  kind: z.enum(['coefficients', 'price-index', 'classification']),
  size: z.number().int().meta({ description: 'Records, years or types.' }),
  hash: z.string(),
  title: z.object({ zh: z.string(), en: z.string() }),
});

export function referenceRoutes(r: Router): void {
  r.mount({
    method: 'get',
    path: '/v1/profiles',
    tags: ['reference'],
    access: 'read',
    summary: 'The bundled profiles (as `gepkit profiles list`)',
    responses: jsonResponse(z.array(profileRow), 'One row per profile'),
    handler: () =>
      cliJson(
        bundledProfiles().map((p) => ({
          id: p.id,
          ref: p.ref,
          status: p.status,
          indicators: p.indicators.length,
          hash: p.hash,
          title: p.title,
        })),
      ),
  });
  r.mount({
    method: 'get',
    path: '/v1/profiles/{id}',
    tags: ['reference'],
    access: 'read',
    summary: 'One profile in full (as `gepkit profiles show`)',
    request: { params: idParam },
    responses: {
      ...jsonResponse(anyObject, 'The profile, with its content hash'),
      404: { description: 'No such profile (PROFILE_UNKNOWN)' },
    },
    handler: (c) => cliJson(bundledProfile(pathParam(c, 'id'))),
  });
  r.mount({
    method: 'get',
    path: '/v1/coefficients',
    tags: ['reference'],
    access: 'read',
    summary:
      'The bundled coefficient tables, price indices and classifications (as `gepkit coefficients list`)',
    responses: jsonResponse(z.array(tableRow), 'One row per table'),
    handler: () =>
      cliJson([
        ...bundledTables().map((t) => row(t, 'coefficients', t.records.length)),
        ...bundledPriceIndices().map((t) => row(t, 'price-index', t.values.length)),
        ...bundledClassifications().map((t) => row(t, 'classification', t.types.length)),
      ]),
  });
  r.mount({
    method: 'get',
    path: '/v1/coefficients/{id}',
    tags: ['reference'],
    access: 'read',
    summary: 'One table in full (as `gepkit coefficients show`)',
    request: { params: idParam },
    responses: {
      ...jsonResponse(anyObject, 'The table, with its content hash'),
      404: { description: 'No such table (TABLE_UNKNOWN)' },
    },
    handler: (c) => {
      const id = pathParam(c, 'id');
      const t = [...bundledTables(), ...bundledPriceIndices(), ...bundledClassifications()].find(
        (x) => x.id === id || x.ref === id,
      );
      return t === undefined ? fail('TABLE_UNKNOWN', [], { table: id }) : cliJson(t);
    },
  });
}

function row(
  t: { id: string; ref: string; hash: string; title: { zh: string; en: string } },
  kind: 'coefficients' | 'price-index' | 'classification',
  size: number,
) {
  return { id: t.id, ref: t.ref, kind, size, hash: t.hash, title: t.title };
}
