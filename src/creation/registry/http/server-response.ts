/**
 * @module creation/registry/http/server-response
 * Versions in the official MCP registry's response shape (`ServerResponse`): the `server.json`
 * as published under `server`, and registry metadata under `_meta`. The official block
 * (`io.modelcontextprotocol.registry/official`: status, publishedAt, updatedAt, isLatest) is what
 * existing clients read; a yanked version shows there as `deleted`, the official word for "must
 * not be used". Gatehouse's own block (`io.gatehouse.registry/release`) carries what an installer
 * verifies: the signed release, the signer, the namespace state it extended, the transparency-log
 * index, and the signed status change if any.
 */
import type { ReleaseStatus } from '../signed-message.js';
import type { StoredEvent, VersionRecord } from '../store/registry-store.js';

/** The official registry's metadata key. */
export const OFFICIAL_META = 'io.modelcontextprotocol.registry/official';
/** Gatehouse's metadata key. */
export const GATEHOUSE_META = 'io.gatehouse.registry/release';

/** The official status of a Gatehouse status. */
export function officialStatus(status: ReleaseStatus): 'active' | 'deprecated' | 'deleted' {
  return status === 'yanked' ? 'deleted' : status;
}

/** A stored event as served: the signed entry with its namespace state and log index. */
export function eventView(event: StoredEvent): Record<string, unknown> {
  return {
    namespace: event.namespace,
    seq: event.seq,
    kind: event.kind,
    hash: event.hash,
    logIndex: event.logIndex,
    at: event.at,
    entry: event.entry,
  };
}

/** One version as a `ServerResponse`. */
export function serverResponseOf(record: VersionRecord): Record<string, unknown> {
  const payload = record.releaseEvent.entry.payload;
  return {
    server: record.server,
    _meta: {
      [OFFICIAL_META]: {
        status: officialStatus(record.status),
        ...(record.statusMessage === null ? {} : { statusMessage: record.statusMessage }),
        ...(record.statusChangedAt === null ? {} : { statusChangedAt: record.statusChangedAt }),
        publishedAt: record.publishedAt,
        updatedAt: record.updatedAt,
        isLatest: record.isLatest,
      },
      [GATEHOUSE_META]: {
        status: record.status,
        statusMessage: record.statusMessage,
        release: record.release,
        signature: {
          domain: record.releaseEvent.entry.domain,
          namespace: record.namespace,
          seq: payload.seq,
          previous: payload.previous,
          publicKey: record.releaseEvent.entry.publicKey,
          signature: record.releaseEvent.entry.signature,
          logIndex: record.releaseEvent.logIndex,
        },
        statusChange: record.statusEvent === null ? null : eventView(record.statusEvent),
      },
    },
  };
}

/** A list response (`ServerListResponse`). */
export function serverListOf(
  records: readonly VersionRecord[],
  nextCursor?: string,
): Record<string, unknown> {
  return {
    servers: records.map(serverResponseOf),
    metadata: {
      ...(nextCursor === undefined ? {} : { nextCursor }),
      count: records.length,
    },
  };
}
