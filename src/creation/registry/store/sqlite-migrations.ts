/**
 * @module creation/registry/store/sqlite-migrations
 * The registry's tables in SQLite. Namespaces with their current owner keys; every accepted
 * signed message (the namespace's history, each with its transparency-log index); and versions.
 * Triggers make history and published versions immutable in the database too (threat: a bug,
 * or a later code path, rewriting what was signed and logged); only a version's status columns
 * and its latest flag may change.
 */
import type { Migration } from '../../../shared/store/index.js';

export const REGISTRY_MIGRATIONS: readonly Migration[] = [
  {
    module: 'registry',
    version: 1,
    sql: `
      CREATE TABLE registry_namespaces (
        namespace TEXT PRIMARY KEY,
        proof TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        seq INTEGER NOT NULL CHECK (seq >= 1),
        head TEXT NOT NULL);
      CREATE TABLE registry_owner_keys (
        namespace TEXT NOT NULL REFERENCES registry_namespaces (namespace),
        key_id TEXT NOT NULL,
        public_key TEXT NOT NULL,
        added_at TEXT NOT NULL,
        added_seq INTEGER NOT NULL,
        PRIMARY KEY (namespace, key_id));
      CREATE TABLE registry_events (
        namespace TEXT NOT NULL,
        seq INTEGER NOT NULL CHECK (seq >= 0),
        kind TEXT NOT NULL,
        entry TEXT NOT NULL,
        hash TEXT NOT NULL,
        log_index INTEGER NOT NULL UNIQUE,
        at TEXT NOT NULL,
        PRIMARY KEY (namespace, seq));
      CREATE TABLE registry_versions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        namespace TEXT NOT NULL,
        version TEXT NOT NULL,
        server TEXT NOT NULL,
        release TEXT NOT NULL,
        release_seq INTEGER NOT NULL,
        published_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'deprecated', 'yanked')),
        status_message TEXT,
        status_changed_at TEXT,
        status_seq INTEGER,
        is_latest INTEGER NOT NULL DEFAULT 0,
        UNIQUE (name, version));
      CREATE INDEX registry_versions_updated ON registry_versions (updated_at);
      CREATE TRIGGER registry_events_no_update BEFORE UPDATE ON registry_events
        BEGIN SELECT RAISE(ABORT, 'registry history is append-only'); END;
      CREATE TRIGGER registry_events_no_delete BEFORE DELETE ON registry_events
        BEGIN SELECT RAISE(ABORT, 'registry history is append-only'); END;
      CREATE TRIGGER registry_versions_immutable
        BEFORE UPDATE OF id, name, namespace, version, server, release, release_seq, published_at
        ON registry_versions
        BEGIN SELECT RAISE(ABORT, 'published versions are immutable'); END;
      CREATE TRIGGER registry_versions_no_delete BEFORE DELETE ON registry_versions
        BEGIN SELECT RAISE(ABORT, 'published versions are immutable'); END;
    `,
  },
];
