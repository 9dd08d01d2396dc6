/**
 * @module operation/audit/sqlite-audit-store
 * The audit store in the embedded SQLite database (`gatehouse.db`, WAL, `synchronous = FULL`):
 * table `audit_log`, one column per record field, STRICT typing. An append is one
 * `BEGIN IMMEDIATE` transaction; its COMMIT has fsynced the WAL before `append` returns.
 */
import { canonicalJson } from '../../shared/canonical/index.js';
import type { Migration, SqliteDatabase } from '../../shared/store/index.js';
import { migrate, openDatabase } from '../../shared/store/index.js';
import { AuditError } from './audit-error.js';
import {
  type AuditFields,
  type AuditRecord,
  AuditRecordSchema,
  type AuditRow,
  type ChainPoint,
  chainRecords,
  EMPTY_CHAIN,
} from './audit-record.js';
import type { AuditStore, ChainLink, ScannedRow } from './audit-store.js';

export const AUDIT_MIGRATIONS: readonly Migration[] = [
  {
    module: 'audit',
    version: 1,
    sql: `CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY,
      v INTEGER NOT NULL,
      time TEXT NOT NULL,
      request_id TEXT,
      principal TEXT NOT NULL,
      front TEXT NOT NULL,
      era TEXT,
      session TEXT,
      method TEXT NOT NULL,
      server_key TEXT,
      server_name TEXT,
      server_version TEXT,
      server_identity TEXT,
      item_kind TEXT,
      item TEXT,
      definition_hash TEXT,
      arguments_hmac TEXT,
      decision TEXT NOT NULL,
      outcome TEXT NOT NULL,
      error_code TEXT,
      latency_ms REAL NOT NULL,
      findings TEXT,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    ) STRICT`,
  },
];

/** Record field -> column, in table order (prev_hash and hash follow). */
const COLUMNS: readonly (readonly [keyof AuditRecord, string])[] = [
  ['seq', 'seq'],
  ['v', 'v'],
  ['time', 'time'],
  ['requestId', 'request_id'],
  ['principal', 'principal'],
  ['front', 'front'],
  ['era', 'era'],
  ['session', 'session'],
  ['method', 'method'],
  ['serverKey', 'server_key'],
  ['serverName', 'server_name'],
  ['serverVersion', 'server_version'],
  ['serverIdentity', 'server_identity'],
  ['itemKind', 'item_kind'],
  ['item', 'item'],
  ['definitionHash', 'definition_hash'],
  ['argumentsHmac', 'arguments_hmac'],
  ['decision', 'decision'],
  ['outcome', 'outcome'],
  ['errorCode', 'error_code'],
  ['latencyMs', 'latency_ms'],
  ['findings', 'findings'],
];

type RawRow = Record<string, unknown>;

export class SqliteAuditStore implements AuditStore {
  private readonly db: SqliteDatabase;
  private readonly insertRow;
  private readonly selectTail;
  private readonly selectHashAt;
  private readonly selectFrom;
  private readonly selectLast;
  private readonly selectLinks;
  private readonly appendTransaction;

  /** Opens `gatehouse.db` in `location` (a state directory, or a `.db` file path). */
  static open(location: string): SqliteAuditStore {
    const db = openDatabase(location);
    try {
      migrate(db, AUDIT_MIGRATIONS);
    } catch (error) {
      db.close();
      throw new AuditError('unavailable', `cannot prepare the audit table: ${String(error)}`, {
        cause: error,
      });
    }
    return new SqliteAuditStore(db);
  }

  constructor(db: SqliteDatabase) {
    this.db = db;
    const names = [...COLUMNS.map(([, column]) => column), 'prev_hash', 'hash'];
    this.insertRow = db.prepare<unknown[]>(
      `INSERT INTO audit_log (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
    );
    this.selectTail = db.prepare<[], { seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    this.selectHashAt = db.prepare<[number], { hash: string }>(
      'SELECT hash FROM audit_log WHERE seq = ?',
    );
    this.selectFrom = db.prepare<[number, number], RawRow>(
      'SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?',
    );
    this.selectLinks = db.prepare<[number, number], ChainLink>(
      'SELECT seq, prev_hash AS prevHash, hash FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?',
    );
    this.selectLast = db.prepare<[number], RawRow>(
      'SELECT * FROM (SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?) ORDER BY seq',
    );
    this.appendTransaction = db.transaction(
      (fields: readonly AuditFields[], expect: ChainPoint | undefined): AuditRow[] => {
        if (expect !== undefined && expect.seq > 0) {
          // Threat: rows this process wrote (or verified) being rewritten or deleted while it runs;
          // chaining onto them would bury the change under new, honestly signed checkpoints.
          const held = this.selectHashAt.get(expect.seq);
          if (held?.hash !== expect.hash) {
            throw new AuditError(
              'tampered',
              `row ${expect.seq} no longer has the hash this process wrote or verified`,
            );
          }
        }
        const rows = chainRecords(this.selectTail.get() ?? EMPTY_CHAIN, fields);
        for (const row of rows) this.insertRow.run(...toParams(row));
        return rows;
      },
    );
  }

  append(fields: readonly AuditFields[], expect?: ChainPoint): Promise<AuditRow[]> {
    try {
      // IMMEDIATE takes the write lock before reading the tail: one chain across processes.
      return Promise.resolve(this.appendTransaction.immediate(fields, expect));
    } catch (error) {
      if (error instanceof AuditError) return Promise.reject(error);
      return Promise.reject(
        new AuditError('unavailable', `append failed: ${String(error)}`, { cause: error }),
      );
    }
  }

  tail(): Promise<ChainPoint> {
    return Promise.resolve(this.selectTail.get() ?? EMPTY_CHAIN);
  }

  read(from: number, limit: number): Promise<ScannedRow[]> {
    return Promise.resolve(this.selectFrom.all(from, limit).map(decodeRow));
  }

  links(from: number, limit: number): Promise<ChainLink[]> {
    return Promise.resolve(this.selectLinks.all(from, limit));
  }

  last(count: number): Promise<ScannedRow[]> {
    return Promise.resolve(this.selectLast.all(count).map(decodeRow));
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}

function toParams(row: AuditRow): unknown[] {
  const values = COLUMNS.map(([field]) => {
    const value = row[field];
    return field === 'findings' ? (value === null ? null : canonicalJson(value)) : value;
  });
  return [...values, row.prevHash, row.hash];
}

/** Decodes columns into a row; any column that no longer fits the record makes it unreadable. */
function decodeRow(raw: RawRow): ScannedRow {
  const seq = Number(raw.seq);
  const prevHash = typeof raw.prev_hash === 'string' ? raw.prev_hash : null;
  const hash = typeof raw.hash === 'string' ? raw.hash : null;
  const unreadable = (problem: string): ScannedRow => ({ ok: false, seq, prevHash, hash, problem });
  const record: Record<string, unknown> = {};
  for (const [field, column] of COLUMNS) {
    const value = raw[column];
    if (field === 'findings' && typeof value === 'string') {
      // Stored canonical, so that even a meaning-preserving byte change (a space) is caught.
      let findings: unknown;
      try {
        findings = JSON.parse(value);
      } catch {
        return unreadable('column findings is not JSON');
      }
      if (canonicalJson(findings) !== value) {
        return unreadable('column findings is not in canonical form');
      }
      record[field] = findings;
    } else {
      record[field] = value;
    }
  }
  const parsed = AuditRecordSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return unreadable(`column ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`);
  }
  if (prevHash === null || hash === null) return unreadable('prev_hash or hash is missing');
  return { ok: true, seq, row: { ...parsed.data, prevHash, hash } };
}
