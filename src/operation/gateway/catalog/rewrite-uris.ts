/**
 * @module operation/gateway/catalog/rewrite-uris
 * Rewrites every resource URI inside a result so it routes back to the server that produced it:
 * `resource_link` and embedded `resource` content blocks (tool results, prompt messages), the
 * `contents` of `resources/read`, and MCP Apps' `_meta.ui.resourceUri`. Objects are copied, never
 * mutated: cached catalog entries stay pristine.
 */

export type UriEncoder = (uri: string) => string;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `rewriteContentBlock` would rewrite `block`. */
function namesResource(block: unknown): boolean {
  if (!isObject(block)) return false;
  if (block.type === 'resource_link') return typeof block.uri === 'string';
  return (
    block.type === 'resource' && isObject(block.resource) && typeof block.resource.uri === 'string'
  );
}

/** Rewrites one content block (tool result item, prompt message content). */
export function rewriteContentBlock(block: unknown, encode: UriEncoder): unknown {
  if (!isObject(block)) return block;
  if (block.type === 'resource_link' && typeof block.uri === 'string') {
    return { ...block, uri: encode(block.uri) };
  }
  if (
    block.type === 'resource' &&
    isObject(block.resource) &&
    typeof block.resource.uri === 'string'
  ) {
    return { ...block, resource: { ...block.resource, uri: encode(block.resource.uri) } };
  }
  return block;
}

/** Rewrites `_meta.ui.resourceUri` (MCP Apps) and its older flat key `ui/resourceUri`. */
export function rewriteUiMeta(meta: unknown, encode: UriEncoder): unknown {
  if (!isObject(meta)) return meta;
  let out: Json | undefined;
  const ui = meta.ui;
  if (isObject(ui) && typeof ui.resourceUri === 'string') {
    out = { ...meta, ui: { ...ui, resourceUri: encode(ui.resourceUri) } };
  }
  const flat = meta['ui/resourceUri'];
  if (typeof flat === 'string') {
    out = { ...(out ?? meta), 'ui/resourceUri': encode(flat) };
  }
  return out ?? meta;
}

/** `tools/call` result: content blocks rewritten. */
export function rewriteToolResult(result: Json, encode: UriEncoder): Json {
  if (!Array.isArray(result.content)) return result;
  // The common result names no resource: it is returned as it is, not copied (issue 7, per-call
  // allocations). Nothing after the gateway's handler changes a result.
  if (!result.content.some(namesResource)) return result;
  return {
    ...result,
    content: result.content.map((block: unknown) => rewriteContentBlock(block, encode)),
  };
}

/** `prompts/get` result: each message's content block rewritten. */
export function rewritePromptResult(result: Json, encode: UriEncoder): Json {
  if (!Array.isArray(result.messages)) return result;
  return {
    ...result,
    messages: result.messages.map((message: unknown) =>
      isObject(message)
        ? { ...message, content: rewriteContentBlock(message.content, encode) }
        : message,
    ),
  };
}

/** `resources/read` result: each content item's `uri` rewritten. */
export function rewriteReadResult(result: Json, encode: UriEncoder): Json {
  if (!Array.isArray(result.contents)) return result;
  return {
    ...result,
    contents: result.contents.map((item: unknown) =>
      isObject(item) && typeof item.uri === 'string' ? { ...item, uri: encode(item.uri) } : item,
    ),
  };
}
