/**
 * @module creation/registry/http/list-query
 * The query of `GET /v0.1/servers`, as the official registry takes it: `cursor` (opaque; here
 * `name:version` of the last item, the shape the official registry uses), `limit` (1-100, default
 * 30), `search` (case-insensitive substring of the name), `updated_since` (RFC 3339; includes
 * yanked versions, as the official registry includes deleted ones), `version` (`latest` or an
 * exact version) and `include_deleted`.
 */
import { z } from 'zod';

import { ErrorCode } from '../../../shared/errors/index.js';
import { refuse } from '../registry-errors.js';
import type { ListQuery } from '../store/registry-store.js';
import { parseOrRefuse } from './http-problem.js';

const QuerySchema = z.object({
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  search: z.string().max(200).optional(),
  updated_since: z.iso.datetime({ offset: true }).optional(),
  version: z.string().min(1).max(255).optional(),
  include_deleted: z.enum(['true', 'false']).optional(),
});

/** Parses the list query into a store query (asking one more row to know if a page follows). */
export function parseListQuery(query: Record<string, string>): ListQuery {
  const q = parseOrRefuse(QuerySchema, query, 'query');
  let after: ListQuery['after'];
  if (q.cursor !== undefined) {
    const colon = q.cursor.indexOf(':');
    if (colon <= 0 || colon === q.cursor.length - 1) {
      refuse(ErrorCode.RegistryRequestInvalid, 'cursor: use metadata.nextCursor as it was given');
    }
    after = { name: q.cursor.slice(0, colon), version: q.cursor.slice(colon + 1) };
  }
  return {
    ...(after === undefined ? {} : { after }),
    limit: q.limit,
    ...(q.search === undefined ? {} : { search: q.search }),
    ...(q.version === 'latest' ? { latestOnly: true } : {}),
    ...(q.version !== undefined && q.version !== 'latest' ? { version: q.version } : {}),
    ...(q.updated_since === undefined
      ? {}
      : { updatedSince: new Date(q.updated_since).toISOString() }),
    includeYanked: q.include_deleted === 'true' || q.updated_since !== undefined,
  };
}

/** The cursor that resumes after a version. */
export function cursorOf(record: { readonly name: string; readonly version: string }): string {
  return `${record.name}:${record.version}`;
}
