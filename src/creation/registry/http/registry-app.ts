/**
 * @module creation/registry/http/registry-app
 * The registry's HTTP API on Hono: the official read API and Gatehouse's publish and log API,
 * each under both `/v0` and `/v0.1` (the official registry's two prefixes).
 *
 * - DNS rebinding: every request's `Host` must be a name the registry is reachable as (the listen
 *   address, `allowedHosts`), else 403, as on the gateway's HTTP front.
 * - Browsers may read (`Access-Control-Allow-Origin: *` on GET, what GitHub Copilot asks of a
 *   registry) but never write: writes get no CORS grant, and are signed anyway.
 * - Bodies are capped before they are parsed.
 */
import { validateHostHeader } from '@modelcontextprotocol/server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';

import { ErrorCode, GatehouseError } from '../../../shared/errors/index.js';
import type { Logger } from '../../../shared/logging/index.js';
import { silentLogger } from '../../../shared/logging/index.js';
import type { RegistryService } from '../registry-service.js';
import { problemResponse } from './http-problem.js';
import { registerLogRoutes } from './log-routes.js';
import { registerReadRoutes } from './read-routes.js';
import { registerWriteRoutes } from './write-routes.js';

/** The API prefixes served: the official registry's current and previous one. */
export const API_PREFIXES = ['/v0', '/v0.1'] as const;

/** Largest request body accepted (a release with a closure of thousands of packages fits). */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Options of {@link createRegistryApp}. */
export interface RegistryAppOptions {
  readonly service: RegistryService;
  /** Host names accepted in `Host`; `undefined` skips the check (in-process tests only). */
  readonly allowedHosts?: readonly string[];
  readonly maxBodyBytes?: number;
  readonly logger?: Logger;
}

/** Builds the Hono app (exported for in-process tests with `app.request()`). */
export function createRegistryApp(options: RegistryAppOptions): Hono {
  const { service } = options;
  const logger = options.logger ?? silentLogger();
  const app = new Hono();
  app.onError((error, c) => {
    if (!(error instanceof GatehouseError)) {
      logger.error({ err: error, path: c.req.path }, 'registry: unhandled error');
    }
    return problemResponse(error);
  });
  app.notFound((c) =>
    problemResponse(
      new GatehouseError(
        ErrorCode.RegistryNotFound,
        `no such endpoint: ${c.req.method} ${c.req.path}`,
      ),
    ),
  );
  const allowedHosts = options.allowedHosts;
  if (allowedHosts !== undefined) {
    app.use('*', async (c, next) => {
      const check = validateHostHeader(c.req.header('host'), [...allowedHosts]);
      if (!check.ok) {
        logger.warn({ host: c.req.header('host'), path: c.req.path }, 'registry: Host refused');
        return problemResponse(
          new GatehouseError(ErrorCode.RegistryHostRefused, `Host refused: ${check.message}`),
        );
      }
      return next();
    });
  }
  app.use(
    '*',
    cors({
      origin: '*',
      allowMethods: ['GET', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type'],
    }),
  );
  app.use(
    '*',
    bodyLimit({
      maxSize: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      onError: () =>
        problemResponse(
          new GatehouseError(ErrorCode.RegistryRequestInvalid, 'the request body is too large'),
        ),
    }),
  );
  for (const prefix of API_PREFIXES) {
    registerReadRoutes(app, prefix, service);
    registerWriteRoutes(app, prefix, service);
    registerLogRoutes(app, prefix, service.log);
  }
  return app;
}
