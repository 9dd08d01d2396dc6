/**
 * @module operation/pins/sqlite-pin-store
 * Pins and quarantines in the embedded SQLite store. Each write is its own transaction; the
 * `pin_meta.version` counter lets a running gateway notice approvals made by the CLI.
 */
import type { Migration, SqliteDatabase } from '../../shared/store/index.js';
import { migrate } from '../../shared/store/index.js';
import type { Definition, Pin, PinKind, PinState, PinStore, QuarantineEntry } from './pin-types.js';
import { pinKey } from './pin-types.js';

const MIGRATIONS: readonly Migration[] = [
  {
    module: 'pins',
    version: 1,
    sql: `
      CREATE TABLE pin_servers (identity TEXT PRIMARY KEY, label TEXT NOT NULL, established_at TEXT NOT NULL);
      CREATE TABLE pins (
        identity TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, hash TEXT NOT NULL,
        definition TEXT NOT NULL, pinned_at TEXT NOT NULL, approved_by TEXT,
        PRIMARY KEY (identity, kind, name));
      CREATE TABLE quarantine (
        identity TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, change TEXT NOT NULL,
        observed_hash TEXT NOT NULL, observed TEXT NOT NULL, pinned_hash TEXT,
        first_seen TEXT NOT NULL, server_key TEXT NOT NULL,
        PRIMARY KEY (identity, kind, name));
      CREATE TABLE pin_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
      INSERT INTO pin_meta (key, value) VALUES ('version', 0);
    `,
  },
];

interface PinRow {
  kind: PinKind;
  name: string;
  hash: string;
  definition: string;
  pinned_at: string;
  approved_by: string | null;
}

interface QuarantineRow {
  kind: PinKind;
  name: string;
  change: 'changed' | 'added';
  observed_hash: string;
  observed: string;
  pinned_hash: string | null;
  first_seen: string;
  server_key: string;
}

/** The SQLite implementation of {@link PinStore}. */
export class SqlitePinStore implements PinStore {
  private readonly db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.db = db;
    migrate(db, MIGRATIONS);
  }

  load(identity: string): PinState {
    const established =
      this.db.prepare('SELECT 1 FROM pin_servers WHERE identity = ?').get(identity) !== undefined;
    const pins = new Map<string, Pin>();
    for (const row of this.db
      .prepare('SELECT * FROM pins WHERE identity = ?')
      .all(identity) as PinRow[]) {
      pins.set(pinKey(row.kind, row.name), toPin(row));
    }
    const quarantine = new Map<string, QuarantineEntry>();
    for (const row of this.db
      .prepare('SELECT * FROM quarantine WHERE identity = ?')
      .all(identity) as QuarantineRow[]) {
      quarantine.set(pinKey(row.kind, row.name), toQuarantine(row));
    }
    return { established, pins, quarantine };
  }

  establish(identity: string, label: string, definitions: readonly Definition[]): void {
    const now = new Date().toISOString();
    const insert = this.db.prepare(
      'INSERT OR REPLACE INTO pins (identity, kind, name, hash, definition, pinned_at, approved_by) VALUES (?, ?, ?, ?, ?, ?, NULL)',
    );
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT OR REPLACE INTO pin_servers (identity, label, established_at) VALUES (?, ?, ?)',
        )
        .run(identity, label, now);
      for (const d of definitions)
        insert.run(identity, d.kind, d.name, d.hash, JSON.stringify(d.definition), now);
    })();
  }

  quarantine(identity: string, entry: QuarantineEntry): void {
    this.db
      .prepare(
        `INSERT INTO quarantine (identity, kind, name, change, observed_hash, observed, pinned_hash, first_seen, server_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (identity, kind, name) DO UPDATE SET change = excluded.change,
           observed_hash = excluded.observed_hash, observed = excluded.observed,
           pinned_hash = excluded.pinned_hash, server_key = excluded.server_key,
           first_seen = CASE WHEN quarantine.observed_hash = excluded.observed_hash THEN quarantine.first_seen ELSE excluded.first_seen END`,
      )
      .run(
        identity,
        entry.kind,
        entry.name,
        entry.change,
        entry.observed.hash,
        JSON.stringify(entry.observed.definition),
        entry.pinnedHash ?? null,
        entry.firstSeen,
        entry.serverKey,
      );
  }

  release(identity: string, kind: PinKind, name: string): void {
    this.db
      .prepare('DELETE FROM quarantine WHERE identity = ? AND kind = ? AND name = ?')
      .run(identity, kind, name);
  }

  approve(identity: string, kind: PinKind, name: string, by: string): Pin | undefined {
    return this.db.transaction(() => {
      const row = this.db
        .prepare('SELECT * FROM quarantine WHERE identity = ? AND kind = ? AND name = ?')
        .get(identity, kind, name) as QuarantineRow | undefined;
      if (!row) return undefined;
      const now = new Date().toISOString();
      this.db
        .prepare(
          'INSERT OR REPLACE INTO pins (identity, kind, name, hash, definition, pinned_at, approved_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(identity, kind, name, row.observed_hash, row.observed, now, by);
      this.db
        .prepare('DELETE FROM quarantine WHERE identity = ? AND kind = ? AND name = ?')
        .run(identity, kind, name);
      this.db.prepare("UPDATE pin_meta SET value = value + 1 WHERE key = 'version'").run();
      return toPin({
        kind,
        name,
        hash: row.observed_hash,
        definition: row.observed,
        pinned_at: now,
        approved_by: by,
      });
    })();
  }

  list(): { identity: string; label: string; state: PinState }[] {
    const servers = this.db
      .prepare('SELECT identity, label FROM pin_servers ORDER BY label')
      .all() as {
      identity: string;
      label: string;
    }[];
    return servers.map((s) => ({ ...s, state: this.load(s.identity) }));
  }

  version(): number {
    const row = this.db.prepare("SELECT value FROM pin_meta WHERE key = 'version'").get() as {
      value: number;
    };
    return row.value;
  }
}

function toPin(row: PinRow): Pin {
  return {
    kind: row.kind,
    name: row.name,
    hash: row.hash,
    definition: JSON.parse(row.definition) as unknown,
    pinnedAt: row.pinned_at,
    ...(row.approved_by ? { approvedBy: row.approved_by } : {}),
  };
}

function toQuarantine(row: QuarantineRow): QuarantineEntry {
  return {
    kind: row.kind,
    name: row.name,
    change: row.change,
    observed: {
      kind: row.kind,
      name: row.name,
      hash: row.observed_hash,
      definition: JSON.parse(row.observed) as unknown,
    },
    ...(row.pinned_hash ? { pinnedHash: row.pinned_hash } : {}),
    firstSeen: row.first_seen,
    serverKey: row.server_key,
  };
}
