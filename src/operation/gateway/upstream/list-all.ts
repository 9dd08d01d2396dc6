/**
 * @module operation/gateway/upstream/list-all
 * Walks every page of a paginated list method (`tools/list`, `prompts/list`, `resources/list`,
 * `resources/templates/list`). Page count, item count and cursor loops are bounded: a hostile or
 * broken server cannot keep the gateway paging forever or fill its memory.
 */
import type { Client } from '@modelcontextprotocol/client';

import { ErrorCode, GatehouseError } from '../../../shared/errors/index.js';
import { RAW_RESULT_SCHEMA } from './raw-result.js';

export type ListMethod =
  'tools/list' | 'prompts/list' | 'resources/list' | 'resources/templates/list';

/** The array key that carries the items of each list method. */
export const LIST_ITEMS_KEY: Record<ListMethod, string> = {
  'tools/list': 'tools',
  'prompts/list': 'prompts',
  'resources/list': 'resources',
  'resources/templates/list': 'resourceTemplates',
};

export interface ListLimits {
  readonly maxPages: number;
  readonly maxItems: number;
}

export const DEFAULT_LIST_LIMITS: ListLimits = { maxPages: 1_000, maxItems: 50_000 };

/** Fetches every page of `method` and returns the concatenated raw items. */
export async function listAll(
  client: Client,
  method: ListMethod,
  options: { timeoutMs: number; signal?: AbortSignal; limits?: ListLimits },
): Promise<unknown[]> {
  const limits = options.limits ?? DEFAULT_LIST_LIMITS;
  const key = LIST_ITEMS_KEY[method];
  const items: unknown[] = [];
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < limits.maxPages; page++) {
    const result = await client.request(
      { method, params: cursor === undefined ? {} : { cursor } },
      RAW_RESULT_SCHEMA,
      { timeout: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) },
    );
    const pageItems = result[key];
    if (!Array.isArray(pageItems)) {
      throw new GatehouseError(
        ErrorCode.UpstreamProtocol,
        `${method} result has no "${key}" array (got ${describe(pageItems)})`,
      );
    }
    items.push(...(pageItems as unknown[]));
    if (items.length > limits.maxItems) {
      throw new GatehouseError(
        ErrorCode.UpstreamProtocol,
        `${method} returned more than ${limits.maxItems} items`,
      );
    }
    const next = result.nextCursor;
    if (next === undefined || next === null || next === '') return items;
    if (typeof next !== 'string') {
      throw new GatehouseError(
        ErrorCode.UpstreamProtocol,
        `${method} nextCursor must be a string (got ${describe(next)})`,
      );
    }
    if (seenCursors.has(next)) {
      throw new GatehouseError(ErrorCode.UpstreamProtocol, `${method} repeated cursor "${next}"`);
    }
    seenCursors.add(next);
    cursor = next;
  }
  throw new GatehouseError(
    ErrorCode.UpstreamProtocol,
    `${method} did not finish within ${limits.maxPages} pages`,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
