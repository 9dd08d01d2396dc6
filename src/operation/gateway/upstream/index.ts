/**
 * Public surface of the gateway's upstream side: connections to configured MCP servers.
 */
export type { BackoffOptions } from './backoff.js';
export { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
export { CallClock } from './call-clock.js';
export type { PromptItem, ResourceItem, TemplateItem, ToolItem } from './catalog-items.js';
export type { RawResult } from './raw-result.js';
export { RAW_RESULT_SCHEMA } from './raw-result.js';
export { DEFAULT_MAX_MESSAGE_BYTES } from './transport-factory.js';
export type {
  CatalogKind,
  RelayOptions,
  UpstreamCatalog,
  UpstreamOptions,
  UpstreamState,
} from './upstream-connection.js';
export { UpstreamConnection } from './upstream-connection.js';
export type { UpstreamHooks, UpstreamServerRequestMethod } from './upstream-hooks.js';
