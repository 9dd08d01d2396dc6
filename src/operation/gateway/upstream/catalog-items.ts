/**
 * @module operation/gateway/upstream/catalog-items
 * Validates the items an upstream lists. Items are kept as the server sent them (loose objects:
 * unknown fields and `_meta` pass through untouched); only the fields the gateway routes on are
 * checked. A malformed item is dropped with a warning naming where it was, and the rest of the
 * server's catalog stays usable.
 */
import { z } from 'zod';

import type { ListMethod } from './list-all.js';

const ToolItem = z.looseObject({
  name: z.string().min(1).max(1024),
  inputSchema: z.looseObject({}),
});
const PromptItem = z.looseObject({ name: z.string().min(1).max(1024) });
const ResourceItem = z.looseObject({ uri: z.string().min(1).max(8192), name: z.string() });
const TemplateItem = z.looseObject({ uriTemplate: z.string().min(1).max(8192), name: z.string() });

export type ToolItem = z.infer<typeof ToolItem>;
export type PromptItem = z.infer<typeof PromptItem>;
export type ResourceItem = z.infer<typeof ResourceItem>;
export type TemplateItem = z.infer<typeof TemplateItem>;

const SCHEMAS = {
  'tools/list': ToolItem,
  'prompts/list': PromptItem,
  'resources/list': ResourceItem,
  'resources/templates/list': TemplateItem,
} as const;

/** Where a dropped item was and why. */
export interface DroppedItem {
  readonly index: number;
  readonly problem: string;
}

/** Splits raw items into valid ones (order kept, duplicates by key dropped) and dropped ones. */
export function validateItems<M extends ListMethod>(
  method: M,
  raw: readonly unknown[],
): { items: z.infer<(typeof SCHEMAS)[M]>[]; dropped: DroppedItem[] } {
  const schema = SCHEMAS[method];
  const items: z.infer<(typeof SCHEMAS)[M]>[] = [];
  const dropped: DroppedItem[] = [];
  const seen = new Set<string>();
  raw.forEach((value, index) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      dropped.push({ index, problem: `${where}${issue?.message ?? 'invalid item'}` });
      return;
    }
    const key = itemKey(parsed.data);
    if (seen.has(key)) {
      dropped.push({ index, problem: `duplicate "${key}"` });
      return;
    }
    seen.add(key);
    items.push(parsed.data as z.infer<(typeof SCHEMAS)[M]>);
  });
  return { items, dropped };
}

function itemKey(item: Record<string, unknown>): string {
  for (const field of ['name', 'uri', 'uriTemplate']) {
    if (field === 'name' && ('uri' in item || 'uriTemplate' in item)) continue;
    const value = item[field];
    if (typeof value === 'string') return value;
  }
  return '';
}
