/**
 * @module operation/gateway/upstream/upstream-hooks
 * What an upstream connection tells the rest of the gateway. The gateway implements these; the
 * connection never reaches around them into sessions or the catalog.
 */
import type { CatalogKind, UpstreamConnection } from './upstream-connection.js';

/** Server-to-client requests an upstream may send; relayed to the caller that caused them. */
export type UpstreamServerRequestMethod =
  'sampling/createMessage' | 'elicitation/create' | 'roots/list';

export interface UpstreamHooks {
  /** The server (re)connected and its catalog was fetched; `changed` lists kinds that differ. */
  onReady(upstream: UpstreamConnection, changed: readonly CatalogKind[]): void;
  /** The server went away; calls to it fail until it is back. */
  onUnavailable(upstream: UpstreamConnection, reason: string): void;
  /** A `list_changed` re-list produced a different list. */
  onCatalogChanged(upstream: UpstreamConnection, changed: readonly CatalogKind[]): void;
  /** `notifications/message` from the server. */
  onLogMessage(upstream: UpstreamConnection, params: Record<string, unknown>): void;
  /** `notifications/resources/updated` from the server. */
  onResourceUpdated(upstream: UpstreamConnection, params: Record<string, unknown>): void;
  /** A server-to-client request; the answer goes back to the server. */
  onServerRequest(
    upstream: UpstreamConnection,
    method: UpstreamServerRequestMethod,
    params: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<Record<string, unknown>>;
}
