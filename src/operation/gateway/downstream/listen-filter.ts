/**
 * @module operation/gateway/downstream/listen-filter
 * Reads which resources a 2026-07-28 `subscriptions/listen` request wants to follow, so the
 * gateway can subscribe to them upstream while the stream is open.
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/server';

/** The `resourceSubscriptions` of a listen request, or undefined for anything else. */
export function followedResources(
  message: JSONRPCMessage | JSONRPCMessage[],
): string[] | undefined {
  if (Array.isArray(message)) return undefined;
  const record = message as {
    method?: unknown;
    params?: { notifications?: { resourceSubscriptions?: unknown } };
  };
  if (record.method !== 'subscriptions/listen') return undefined;
  const uris = record.params?.notifications?.resourceSubscriptions;
  if (!Array.isArray(uris)) return undefined;
  const strings = uris.filter((u): u is string => typeof u === 'string');
  return strings.length > 0 ? strings : undefined;
}
