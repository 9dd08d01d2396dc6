/**
 * @module operation/gateway/downstream/http/node-guards
 * The HTTP front's checks for requests served on `node:http` directly (`/mcp`), the same as the
 * Hono middleware in front of every other path, with the same answers and log lines:
 *
 * - DNS rebinding (MCP 2025-11-25 transports, security): `Host` must be a name this gateway is
 *   reachable as, and a present `Origin` must be allowed; refused with 403. The SDK's own
 *   validators decide (`validateHostHeader`, `validateOriginHeader`), deny on failure.
 * - Unauthenticated use: with bearer keys configured every request must carry a known one; 401.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { validateHostHeader, validateOriginHeader } from '@modelcontextprotocol/server';

import type { ApiKey } from '../../../../shared/config/schema.js';
import type { Logger } from '../../../../shared/logging/index.js';
import { checkBearer } from './bearer-keys.js';

export interface NodeGuardOptions {
  readonly hosts: readonly string[];
  readonly origins: readonly string[];
  readonly keys: readonly ApiKey[];
  readonly logger: Logger;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function refuse(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * Checks one request; returns the caller's principal, or undefined once it has answered the
 * request with a refusal (the caller must not handle it further).
 */
export function guardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  o: NodeGuardOptions,
): string | undefined {
  const host = single(req.headers.host);
  const origin = single(req.headers.origin);
  const hostCheck = validateHostHeader(host, [...o.hosts]);
  const check = hostCheck.ok ? validateOriginHeader(origin, [...o.origins]) : hostCheck;
  if (!check.ok) {
    o.logger.warn(
      { status: 403, path, host, origin },
      'rejected a request for its Host or Origin header',
    );
    refuse(res, 403, { jsonrpc: '2.0', error: { code: -32000, message: check.message }, id: null });
    return undefined;
  }
  if (o.keys.length === 0) return 'local';
  const bearer = checkBearer(single(req.headers.authorization), o.keys);
  if (!bearer.ok) {
    o.logger.warn({ path, reason: bearer.reason }, 'rejected an unauthenticated request');
    refuse(
      res,
      401,
      {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32001, message: `Unauthorized: bearer key ${bearer.reason}` },
      },
      { 'WWW-Authenticate': 'Bearer realm="gatehouse"' },
    );
    return undefined;
  }
  return `key:${bearer.id}`;
}
