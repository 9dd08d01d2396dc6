/**
 * @module creation/registry/store/sqlite-rows
 * Rows of the registry's SQLite tables and their mapping to records. The JSON columns hold what
 * the service validated before writing; they are read back as they were written.
 */
import type { Release } from '../release.js';
import type { ServerJson } from '../server-json.js';
import type { MessageKind, ReleaseStatus, SignedEntry } from '../signed-message.js';
import type { StoredEvent, VersionRecord } from './registry-store.js';

/** A row of `registry_events`. */
export interface EventRow {
  namespace: string;
  seq: number;
  kind: MessageKind;
  entry: string;
  hash: string;
  log_index: number;
  at: string;
}

/** A row of the version query: the version and its release and status events. */
export interface VersionRow {
  id: number;
  name: string;
  namespace: string;
  version: string;
  server: string;
  release: string;
  published_at: string;
  updated_at: string;
  status: ReleaseStatus;
  status_message: string | null;
  status_changed_at: string | null;
  is_latest: number;
  re_seq: number;
  re_kind: MessageKind;
  re_entry: string;
  re_hash: string;
  re_log_index: number;
  re_at: string;
  se_seq: number | null;
  se_kind: MessageKind | null;
  se_entry: string | null;
  se_hash: string | null;
  se_log_index: number | null;
  se_at: string | null;
}

/** An event row as a record. */
export function eventOf(row: EventRow): StoredEvent {
  return {
    namespace: row.namespace,
    seq: row.seq,
    kind: row.kind,
    entry: JSON.parse(row.entry) as SignedEntry,
    hash: row.hash,
    logIndex: row.log_index,
    at: row.at,
  };
}

/** A version row as a record. */
export function versionOf(row: VersionRow): VersionRecord {
  const statusEvent =
    row.se_seq === null
      ? null
      : eventOf({
          namespace: row.namespace,
          seq: row.se_seq,
          kind: row.se_kind as MessageKind,
          entry: row.se_entry as string,
          hash: row.se_hash as string,
          log_index: row.se_log_index as number,
          at: row.se_at as string,
        });
  return {
    name: row.name,
    namespace: row.namespace,
    version: row.version,
    server: JSON.parse(row.server) as ServerJson,
    release: JSON.parse(row.release) as Release,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    status: row.status,
    statusMessage: row.status_message,
    statusChangedAt: row.status_changed_at,
    isLatest: row.is_latest === 1,
    releaseEvent: eventOf({
      namespace: row.namespace,
      seq: row.re_seq,
      kind: row.re_kind,
      entry: row.re_entry,
      hash: row.re_hash,
      log_index: row.re_log_index,
      at: row.re_at,
    }),
    statusEvent,
  };
}
