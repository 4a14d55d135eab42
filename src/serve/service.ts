/** The gepkit service: every route module mounted on one app (app.ts). */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { type Env, type ServeOptions, createApp } from './app';
import { accountRoutes } from './routes/account';
import { referenceRoutes } from './routes/reference';
import { vepRoutes } from './routes/vep';

export function service(options: ServeOptions): OpenAPIHono<Env> {
  return createApp(options, [referenceRoutes, accountRoutes, vepRoutes]);
}
