/**
 * @module creation/registry/http/read-routes
 * The read API of the official MCP registry, mounted under each prefix (`/v0`, `/v0.1`):
 *
 * - `GET /servers`: every version, paged (`cursor`, `limit`), filtered (`search`, `version`,
 *   `updated_since`, `include_deleted`); yanked versions are left out unless asked for;
 * - `GET /servers/{name}/versions`: every version of one server, yanked ones included and marked;
 * - `GET /servers/{name}/versions/{version}`: one version, `latest` for the latest one;
 * - `GET /server.schema.json`: the JSON Schema of `server.json` as this registry validates it;
 * - `GET /health`.
 *
 * Names travel URL-encoded (`io.github.alice%2Fweather`); the unencoded form is accepted too.
 */
import type { Context, Hono } from 'hono';

import { ErrorCode } from '../../../shared/errors/index.js';
import { refuse } from '../registry-errors.js';
import type { RegistryService } from '../registry-service.js';
import { serverJsonJsonSchema } from '../server-json.js';
import type { VersionRecord } from '../store/registry-store.js';
import { cursorOf, parseListQuery } from './list-query.js';
import { serverListOf, serverResponseOf } from './server-response.js';

/** Registers the read routes under `prefix`. */
export function registerReadRoutes(app: Hono, prefix: string, service: RegistryService): void {
  const store = service.store;
  app.get(`${prefix}/health`, (c) => c.json({ status: 'ok' }));
  app.get(`${prefix}/server.schema.json`, (c) => c.json(serverJsonJsonSchema()));

  app.get(`${prefix}/servers`, async (c) => {
    const query = parseListQuery(c.req.query());
    const rows = await store.list({ ...query, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const next = rows.length > query.limit && last !== undefined ? cursorOf(last) : undefined;
    return c.json(serverListOf(page, next));
  });

  const versions = async (c: Context, name: string): Promise<Response> => {
    const records = await store.versions(name);
    if (records.length === 0) notFound(name);
    // Newest first, as the official registry orders a server's versions.
    return c.json(serverListOf([...records].reverse()));
  };
  const version = async (c: Context, name: string, wanted: string): Promise<Response> => {
    let record: VersionRecord | undefined;
    if (wanted === 'latest') {
      record = (await store.versions(name)).find((v) => v.isLatest);
    } else {
      record = await store.version(name, wanted);
    }
    if (record === undefined) notFound(name, wanted);
    return c.json(serverResponseOf(record));
  };

  app.get(`${prefix}/servers/:name/versions`, (c) => versions(c, c.req.param('name')));
  app.get(`${prefix}/servers/:name/versions/:version`, (c) =>
    version(c, c.req.param('name'), c.req.param('version')),
  );
  // Clients that do not encode the slash of the name.
  app.get(`${prefix}/servers/:namespace/:server/versions`, (c) =>
    versions(c, `${c.req.param('namespace')}/${c.req.param('server')}`),
  );
  app.get(`${prefix}/servers/:namespace/:server/versions/:version`, (c) =>
    version(c, `${c.req.param('namespace')}/${c.req.param('server')}`, c.req.param('version')),
  );
}

function notFound(name: string, version?: string): never {
  refuse(
    ErrorCode.RegistryNotFound,
    version === undefined
      ? `Server not found: ${name}`
      : `Server not found: ${name} has no ${version === 'latest' ? 'latest' : `version ${version}`}`,
  );
}
