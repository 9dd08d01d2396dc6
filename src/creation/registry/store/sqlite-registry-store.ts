/**
 * @module creation/registry/store/sqlite-registry-store
 * The {@link RegistryStore} in one SQLite file (better-sqlite3, WAL, `synchronous = FULL`, via the
 * shared `openDatabase`). The transparency log lives in the same file, so a commit appends the
 * message's leaf to the log and writes the registry rows in one transaction: a publication is
 * never served without being logged, nor logged without being stored. Each commit takes the write
 * lock up front (BEGIN IMMEDIATE) and re-checks the namespace's `seq`, so two writers, even in two
 * processes, can never both extend one namespace state.
 */
import { UsageError } from '../../../shared/errors/index.js';
import type { SqliteDatabase } from '../../../shared/store/index.js';
import { migrate, openDatabase } from '../../../shared/store/index.js';
import { keyIdOf } from '../../signing/index.js';
import type {
  CommitConflict,
  ListQuery,
  LogAppender,
  NamespaceState,
  OwnerKey,
  RegisteredName,
  RegistryChange,
  RegistryStore,
  StoredEvent,
  VersionRecord,
} from './registry-store.js';
import { REGISTRY_MIGRATIONS } from './sqlite-migrations.js';
import type { EventRow, VersionRow } from './sqlite-rows.js';
import { eventOf, versionOf } from './sqlite-rows.js';

const VERSION_SELECT = `
  SELECT v.id, v.name, v.namespace, v.version, v.server, v.release, v.published_at, v.updated_at,
    v.status, v.status_message, v.status_changed_at, v.is_latest,
    re.seq AS re_seq, re.kind AS re_kind, re.entry AS re_entry, re.hash AS re_hash,
    re.log_index AS re_log_index, re.at AS re_at,
    se.seq AS se_seq, se.kind AS se_kind, se.entry AS se_entry, se.hash AS se_hash,
    se.log_index AS se_log_index, se.at AS se_at
  FROM registry_versions v
  JOIN registry_events re ON re.namespace = v.namespace AND re.seq = v.release_seq
  LEFT JOIN registry_events se ON se.namespace = v.namespace AND se.seq = v.status_seq`;

/** A change that no longer applies; thrown inside the transaction to roll it back. */
class Conflict extends Error {
  constructor(readonly conflict: CommitConflict) {
    super(conflict);
  }
}

/** The SQLite implementation of {@link RegistryStore}. */
export class SqliteRegistryStore implements RegistryStore {
  readonly db: SqliteDatabase;
  private readonly applyChange: (change: RegistryChange, log: LogAppender) => number;

  /** Opens (creating if needed) a registry database file; the name must end in `.db`. */
  static open(file: string): SqliteRegistryStore {
    if (!file.endsWith('.db')) {
      throw new UsageError(`--db "${file}": name a database file ending in .db`);
    }
    return new SqliteRegistryStore(openDatabase(file));
  }

  constructor(db: SqliteDatabase) {
    this.db = db;
    migrate(db, REGISTRY_MIGRATIONS);
    const transaction = db.transaction((change: RegistryChange, log: LogAppender) =>
      this.applyInTransaction(change, log),
    );
    this.applyChange = (change, log) => transaction.immediate(change, log);
  }

  namespace(namespace: string): Promise<NamespaceState | undefined> {
    const row = this.db
      .prepare(
        'SELECT namespace, proof, claimed_at, updated_at, seq, head FROM registry_namespaces WHERE namespace = ?',
      )
      .get(namespace) as
      | {
          namespace: string;
          proof: NamespaceState['proof'];
          claimed_at: string;
          updated_at: string;
          seq: number;
          head: string;
        }
      | undefined;
    if (!row) return Promise.resolve(undefined);
    const owners = (
      this.db
        .prepare(
          'SELECT key_id, public_key, added_at, added_seq FROM registry_owner_keys WHERE namespace = ? ORDER BY added_seq, key_id',
        )
        .all(namespace) as {
        key_id: string;
        public_key: string;
        added_at: string;
        added_seq: number;
      }[]
    ).map((owner): OwnerKey => ({
      keyId: owner.key_id,
      publicKey: owner.public_key,
      addedAt: owner.added_at,
      addedSeq: owner.added_seq,
    }));
    return Promise.resolve({
      namespace: row.namespace,
      proof: row.proof,
      claimedAt: row.claimed_at,
      updatedAt: row.updated_at,
      seq: row.seq,
      head: row.head,
      owners,
    });
  }

  events(namespace: string): Promise<StoredEvent[]> {
    const rows = this.db
      .prepare(
        'SELECT namespace, seq, kind, entry, hash, log_index, at FROM registry_events WHERE namespace = ? ORDER BY seq',
      )
      .all(namespace) as EventRow[];
    return Promise.resolve(rows.map(eventOf));
  }

  version(name: string, version: string): Promise<VersionRecord | undefined> {
    const row = this.db
      .prepare(`${VERSION_SELECT} WHERE v.name = ? AND v.version = ?`)
      .get(name, version) as VersionRow | undefined;
    return Promise.resolve(row && versionOf(row));
  }

  versions(name: string): Promise<VersionRecord[]> {
    const rows = this.db
      .prepare(`${VERSION_SELECT} WHERE v.name = ? ORDER BY v.id`)
      .all(name) as VersionRow[];
    return Promise.resolve(rows.map(versionOf));
  }

  names(): Promise<RegisteredName[]> {
    const rows = this.db
      .prepare(
        `SELECT name, namespace, json_extract(release, '$.package.identifier') AS npm
         FROM registry_versions GROUP BY name, npm ORDER BY name`,
      )
      .all() as { name: string; namespace: string; npm: string }[];
    const byName = new Map<string, { name: string; namespace: string; npm: string[] }>();
    for (const row of rows) {
      const entry = byName.get(row.name) ?? { name: row.name, namespace: row.namespace, npm: [] };
      entry.npm.push(row.npm);
      byName.set(row.name, entry);
    }
    return Promise.resolve([...byName.values()]);
  }

  list(query: ListQuery): Promise<VersionRecord[]> {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: query.limit };
    if (query.after) {
      where.push(
        '(v.name > @afterName OR (v.name = @afterName AND v.id > ' +
          '(SELECT id FROM registry_versions WHERE name = @afterName AND version = @afterVersion)))',
      );
      params.afterName = query.after.name;
      params.afterVersion = query.after.version;
    }
    if (query.search !== undefined && query.search !== '') {
      // instr, not LIKE: `%` and `_` in a search are plain characters.
      where.push('instr(lower(v.name), lower(@search)) > 0');
      params.search = query.search;
    }
    if (query.latestOnly) where.push('v.is_latest = 1');
    if (query.version !== undefined) {
      where.push('v.version = @version');
      params.version = query.version;
    }
    if (query.updatedSince !== undefined) {
      where.push('v.updated_at > @updatedSince');
      params.updatedSince = query.updatedSince;
    }
    if (!query.includeYanked) where.push("v.status != 'yanked'");
    const sql = `${VERSION_SELECT}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
      ORDER BY v.name, v.id LIMIT @limit`;
    const rows = this.db.prepare(sql).all(params) as VersionRow[];
    return Promise.resolve(rows.map(versionOf));
  }

  commit(
    change: RegistryChange,
    log: LogAppender,
  ): Promise<{ ok: true; logIndex: number } | { ok: false; conflict: CommitConflict }> {
    try {
      return Promise.resolve({ ok: true, logIndex: this.applyChange(change, log) });
    } catch (error) {
      if (error instanceof Conflict)
        return Promise.resolve({ ok: false, conflict: error.conflict });
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }

  private applyInTransaction(change: RegistryChange, log: LogAppender): number {
    const { event } = change;
    const db = this.db;
    const current = db
      .prepare('SELECT seq FROM registry_namespaces WHERE namespace = ?')
      .pluck()
      .get(event.namespace) as number | undefined;
    if (change.claim) {
      if (current !== undefined) throw new Conflict('namespace-taken');
      if (event.seq !== 0) throw new Conflict('stale');
    } else if (current === undefined || current !== event.seq) {
      throw new Conflict('stale');
    }
    if (change.release) {
      const exists = db
        .prepare('SELECT 1 FROM registry_versions WHERE name = ? AND version = ?')
        .get(change.release.name, change.release.version);
      if (exists) throw new Conflict('exists');
    }
    const { index } = log.append(change.leaf);
    db.prepare(
      'INSERT INTO registry_events (namespace, seq, kind, entry, hash, log_index, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      event.namespace,
      event.seq,
      event.kind,
      JSON.stringify(event.entry),
      event.hash,
      index,
      event.at,
    );
    if (change.claim) {
      db.prepare(
        'INSERT INTO registry_namespaces (namespace, proof, claimed_at, updated_at, seq, head) VALUES (?, ?, ?, ?, 1, ?)',
      ).run(event.namespace, change.claim.proof, event.at, event.at, event.hash);
    } else {
      db.prepare(
        'UPDATE registry_namespaces SET seq = seq + 1, head = ?, updated_at = ? WHERE namespace = ? AND seq = ?',
      ).run(event.hash, event.at, event.namespace, event.seq);
    }
    if (change.addOwner) {
      db.prepare(
        'INSERT INTO registry_owner_keys (namespace, key_id, public_key, added_at, added_seq) VALUES (?, ?, ?, ?, ?)',
      ).run(
        event.namespace,
        keyIdOf(change.addOwner.publicKey),
        change.addOwner.publicKey,
        event.at,
        event.seq,
      );
    }
    if (change.removeOwner) {
      db.prepare('DELETE FROM registry_owner_keys WHERE namespace = ? AND key_id = ?').run(
        event.namespace,
        change.removeOwner.keyId,
      );
    }
    if (change.release) {
      const { release } = change;
      db.prepare(
        `INSERT INTO registry_versions (name, namespace, version, server, release, release_seq,
           published_at, updated_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active')`,
      ).run(
        release.name,
        event.namespace,
        release.version,
        JSON.stringify(release.server),
        JSON.stringify(release.release),
        event.seq,
        event.at,
        event.at,
      );
    }
    if (change.status) {
      const { status } = change;
      const changed = db
        .prepare(
          `UPDATE registry_versions SET status = ?, status_message = ?, status_changed_at = ?,
             status_seq = ?, updated_at = ? WHERE name = ? AND version = ?`,
        )
        .run(
          status.status,
          status.message,
          event.at,
          event.seq,
          event.at,
          status.name,
          status.version,
        );
      if (changed.changes !== 1) throw new Error(`no version ${status.name}@${status.version}`);
    }
    if (change.latest) {
      // A version whose latest flag flips counts as updated (mirrors sync by updated_since).
      db.prepare(
        `UPDATE registry_versions SET
           updated_at = CASE WHEN is_latest != (version IS @version) THEN @at ELSE updated_at END,
           is_latest = (version IS @version)
         WHERE name = @name`,
      ).run({ name: change.latest.name, version: change.latest.version, at: event.at });
    }
    return index;
  }
}
