/**
 * @module shared/store/sqlite-database
 * The embedded store: one SQLite file (better-sqlite3) shared by the modules that keep state
 * (audit, pins). Opened in WAL mode with `synchronous = FULL`, so a transaction that returned is
 * on disk even if the process is killed the next instant; each module creates its own tables
 * through numbered migrations recorded in `schema_migrations`. PostgreSQL comes later behind the
 * per-module store interfaces, not behind this class.
 */
import { chmodSync, existsSync } from 'node:fs';
import path from 'node:path';

import Database from 'better-sqlite3';

import { ErrorCode, GatehouseError } from '../errors/index.js';

export type SqliteDatabase = Database.Database;

/** One numbered schema change of one module. */
export interface Migration {
  readonly module: string;
  readonly version: number;
  readonly sql: string;
}

/** Opens (creating if needed) the store file `gatehouse.db` in `stateDir`, or a file path. */
export function openDatabase(location: string): SqliteDatabase {
  const file = location.endsWith('.db') ? location : path.join(location, 'gatehouse.db');
  const fresh = !existsSync(file);
  let db: SqliteDatabase;
  try {
    db = new Database(file);
  } catch (error) {
    throw new GatehouseError(
      ErrorCode.Internal,
      `Cannot open the state database ${file}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (fresh) chmodSync(file, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (module TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (module, version))',
  );
  return db;
}

/**
 * Applies the migrations of one module that have not run yet, each in its own transaction.
 * Several processes may open one state directory at once (the workers of `run --workers N` all
 * start together): each migration is checked and applied inside an IMMEDIATE transaction, which
 * takes the write lock first (waiting up to the busy timeout), so a second process sees the first
 * one's migration as applied instead of running its SQL again ("table already exists").
 */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[]): void {
  const applied = db.prepare('SELECT 1 FROM schema_migrations WHERE module = ? AND version = ?');
  const record = db.prepare(
    'INSERT INTO schema_migrations (module, version, applied_at) VALUES (?, ?, ?)',
  );
  const apply = db.transaction((migration: Migration) => {
    if (applied.get(migration.module, migration.version)) return;
    db.exec(migration.sql);
    record.run(migration.module, migration.version, new Date().toISOString());
  });
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.get(migration.module, migration.version)) continue;
    apply.immediate(migration);
  }
}
