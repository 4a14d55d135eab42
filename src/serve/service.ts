/** The gepkit service: every route module mounted on one app (app.ts). */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { sha256Hex } from '../carbon/ledger/entry';
import { MemoryLedgerStore } from '../carbon/store';
import { type Env, type ServeOptions, createApp } from './app';
import { MemoryAuditStore } from './audit';
import { LedgerWriter } from './ledger';
import { accountRoutes } from './routes/account';
import { carbonRoutes } from './routes/carbon';
import { referenceRoutes } from './routes/reference';
import { vepRoutes } from './routes/vep';

/** The app; without `options.carbon`, the ledger and its audit trail are kept in memory (lost at exit). */
export function service(options: ServeOptions): OpenAPIHono<Env> {
  const carbon = options.carbon ?? {
    store: new MemoryLedgerStore(),
    audit: new MemoryAuditStore(),
    batch: {},
    hash: sha256Hex,
  };
  const writer = new LedgerWriter(carbon, options.now);
  return createApp(options, [referenceRoutes, accountRoutes, vepRoutes, carbonRoutes(writer)]);
}
