/**
 * @module operation/audit/sqlite-audit-store
 * The audit store in the embedded SQLite database (`gatehouse.db`, WAL): table `audit_log`, one
 * column per record field, STRICT typing. An append is one `BEGIN IMMEDIATE` transaction. This
 * connection commits with `synchronous = NORMAL` (the WAL frames are handed to the kernel inside
 * COMMIT) and `WalSync` fdatasyncs the WAL off the event loop (see `wal-sync.ts`). With durability
 * `power`, `append` resolves once the flush covering its COMMIT is done (what `synchronous = FULL`
 * does inside COMMIT); with `crash` (the default), once COMMIT returned, the flush following within
 * `BACKGROUND_FLUSH_MS`.
 */
import path from 'node:path';

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
import { WalSync } from './wal-sync.js';

/**
 * What an acknowledged record survives: `crash`, a crash or kill -9 of the process (committed to
 * the kernel before `append` resolves; flushed to disk in the background within 50 ms); `power`,
 * a power loss too (`append` waits for the flush).
 */
export type AuditDurability = 'crash' | 'power';

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
export const COLUMNS: readonly (readonly [keyof AuditRecord, string])[] = [
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

/** How long an append keeps trying while other processes hold the write lock. */
const BUSY_GIVE_UP_MS = 5_000;

export class SqliteAuditStore implements AuditStore {
  private readonly db: SqliteDatabase;
  private readonly insertRow;
  private readonly selectTail;
  private readonly selectHashAt;
  private readonly selectFrom;
  private readonly selectLast;
  private readonly selectLinks;
  private readonly appendTransaction;
  private readonly dataVersion;
  /**
   * The tail this connection last committed, with `PRAGMA data_version` as it read inside that
   * transaction. While the version is unchanged no other connection (another process, another
   * store) has committed since, so the row is still the tail: the next append skips reading it.
   */
  private committed: { readonly tail: ChainPoint; readonly version: number } | undefined;
  /** Flushes the WAL after commits; absent when the database is not in WAL mode (then FULL). */
  private readonly walSync: WalSync | undefined;
  private readonly durability: AuditDurability;

  /** Opens `gatehouse.db` in `location` (a state directory, or a `.db` file path). */
  static open(location: string, durability: AuditDurability = 'crash'): SqliteAuditStore {
    const db = openDatabase(location);
    try {
      migrate(db, AUDIT_MIGRATIONS);
    } catch (error) {
      db.close();
      throw new AuditError('unavailable', `cannot prepare the audit table: ${String(error)}`, {
        cause: error,
      });
    }
    return new SqliteAuditStore(db, durability);
  }

  constructor(db: SqliteDatabase, durability: AuditDurability = 'crash') {
    this.db = db;
    this.durability = durability;
    // Busy: retried off the event loop (appendWhenFree), never waited for inside SQLite.
    db.pragma('busy_timeout = 0');
    // Memory: appends touch the table's right edge only. With SQLite's default page cache (about
    // 2 MiB per connection) the gateway's malloc heap grew 7 -> 20 MiB over 24,000 audited calls
    // and went on growing in the soak; with 256 KiB it stayed at 7 MiB (the RSS target and the
    // soak, issue 7). Readers (`gatehouse audit ...`) open their own connections.
    db.pragma('cache_size = -256');
    if (db.pragma('journal_mode', { simple: true }) === 'wal' && !db.memory) {
      // Per connection: other stores sharing the file keep their own setting.
      db.pragma('synchronous = NORMAL');
      this.walSync = new WalSync(path.resolve(db.name));
    } else {
      db.pragma('synchronous = FULL');
    }
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
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.appendTransaction = db.transaction(
      (
        fields: readonly AuditFields[],
        expect: ChainPoint | undefined,
      ): { rows: AuditRow[]; version: number } => {
        // Read inside the write lock: any commit of another connection before it shows here.
        // `PRAGMA data_version` reads a counter (0.07 µs on the test VM), the tail a B-tree
        // page and two strings (0.75 µs; about 3 µs per call in the gateway's profile).
        const version = this.dataVersion.get() ?? 0;
        const known = this.committed;
        const tail =
          known !== undefined && known.version === version
            ? known.tail
            : (this.selectTail.get() ?? EMPTY_CHAIN);
        if (expect !== undefined && expect.seq > 0) {
          // Threat: rows this process wrote (or verified) being rewritten or deleted while it runs;
          // chaining onto them would bury the change under new, honestly signed checkpoints.
          // When the tail is that row (no other process appended since), it is the check itself.
          const held =
            tail.seq === expect.seq ? { hash: tail.hash } : this.selectHashAt.get(expect.seq);
          if (held?.hash !== expect.hash) {
            throw new AuditError(
              'tampered',
              `row ${expect.seq} no longer has the hash this process wrote or verified`,
            );
          }
        }
        const rows = chainRecords(tail, fields);
        for (const row of rows) this.insertRow.run(toParams(row));
        return { rows, version };
      },
    );
  }

  async append(fields: readonly AuditFields[], expect?: ChainPoint): Promise<AuditRow[]> {
    const flushFailed = this.walSync?.failed;
    if (flushFailed) {
      // Fails closed: a background flush failed, so records may already be lost to a power cut.
      throw new AuditError('unavailable', String(flushFailed), { cause: flushFailed });
    }
    let rows: AuditRow[];
    try {
      rows = await this.appendWhenFree(fields, expect);
    } catch (error) {
      if (error instanceof AuditError) throw error;
      throw new AuditError('unavailable', `append failed: ${String(error)}`, { cause: error });
    }
    if (this.walSync && this.durability === 'crash') {
      this.walSync.syncSoon();
    } else if (this.walSync) {
      try {
        await this.walSync.sync();
      } catch (error) {
        throw new AuditError('unavailable', String(error), { cause: error });
      }
    }
    return rows;
  }

  /**
   * Runs the append transaction. IMMEDIATE takes the write lock before reading the tail: one chain
   * across processes (the workers of a pool, or gateways sharing a state directory). While another
   * process holds the lock the attempt is repeated later instead of waiting inside SQLite, whose
   * busy handler would hold the event loop (this connection's busy timeout is 0).
   */
  private async appendWhenFree(
    fields: readonly AuditFields[],
    expect: ChainPoint | undefined,
  ): Promise<AuditRow[]> {
    const deadline = Date.now() + BUSY_GIVE_UP_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        const { rows, version } = this.appendTransaction.immediate(fields, expect);
        // Committed: its last row is the tail until another connection commits.
        const last = rows.at(-1);
        if (last) this.committed = { tail: { seq: last.seq, hash: last.hash }, version };
        return rows;
      } catch (error) {
        // Rolled back (or not begun): the next attempt reads the tail again.
        this.committed = undefined;
        const busy = (error as { code?: unknown }).code === 'SQLITE_BUSY';
        if (!busy || Date.now() > deadline) throw error;
        await new Promise((resolve) =>
          attempt < 4 ? setImmediate(resolve) : setTimeout(resolve, Math.min(attempt - 3, 10)),
        );
      }
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

  async close(): Promise<void> {
    // Commits whose flush is still running are waited for (their appends have not resolved).
    await this.walSync?.sync().catch(() => undefined);
    this.walSync?.close();
    if (this.db.open) this.db.close();
  }
}

/**
 * The insert's parameters: the columns in COLUMNS order, then prev_hash and hash (a test holds the
 * two orders together). Written out: the mapped-then-spread copy it replaced was a tenth of the
 * record's own cost.
 */
export function toParams(row: AuditRow): unknown[] {
  return [
    row.seq,
    row.v,
    row.time,
    row.requestId,
    row.principal,
    row.front,
    row.era,
    row.session,
    row.method,
    row.serverKey,
    row.serverName,
    row.serverVersion,
    row.serverIdentity,
    row.itemKind,
    row.item,
    row.definitionHash,
    row.argumentsHmac,
    row.decision,
    row.outcome,
    row.errorCode,
    row.latencyMs,
    row.findings === null ? null : canonicalJson(row.findings),
    row.prevHash,
    row.hash,
  ];
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
