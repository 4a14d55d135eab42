/** The gepkit service: every route module mounted on one app (app.ts). */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { sha256Hex } from '../carbon/ledger/entry';
import { MemoryLedgerStore } from '../carbon/store';
import { type Env, type ServeOptions, createApp } from './app';
import { MemoryAuditStore } from './audit';
import { Drain } from './drain';
import { LedgerWriter } from './ledger';
import { accountRoutes } from './routes/account';
import { carbonRoutes } from './routes/carbon';
import { referenceRoutes } from './routes/reference';
import { vepRoutes } from './routes/vep';

/**
 * The app; without `options.carbon`, the ledger and its audit trail are kept in memory (lost at exit). `drain` is the
 * server's shutdown (drain.ts): it waits for the ledger writer's queue before the store is closed.
 */
export function service(options: ServeOptions, drain: Drain = new Drain()): OpenAPIHono<Env> {
  const carbon = options.carbon ?? {
    store: new MemoryLedgerStore(),
    audit: new MemoryAuditStore(),
    batch: {},
    hash: sha256Hex,
  };
  const writer = new LedgerWriter(carbon, options.now);
  // A write still running when the connections close is finished before the store is closed.
  drain.beforeClose(() => writer.exclusive(() => Promise.resolve()));
  return createApp(options, [referenceRoutes, accountRoutes, vepRoutes, carbonRoutes(writer)], drain);
}
