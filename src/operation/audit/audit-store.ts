/**
 * @module operation/audit/audit-store
 * Where audit rows are kept. SQLite today (`SqliteAuditStore`); PostgreSQL implements the same
 * interface later. A store chains rows itself, inside the transaction that inserts them, so
 * several gateway processes sharing one store still build one chain.
 */
import type { AuditFields, AuditRow, ChainPoint } from './audit-record.js';

/** A row as read back: decoded, or unreadable (its columns no longer form a record). */
export type ScannedRow =
  | { readonly ok: true; readonly seq: number; readonly row: AuditRow }
  | {
      readonly ok: false;
      readonly seq: number;
      readonly prevHash: string | null;
      readonly hash: string | null;
      readonly problem: string;
    };

/** The chaining columns of one row. */
export interface ChainLink {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

export interface AuditStore {
  /**
   * Appends `fields` after the current tail in one transaction and resolves only once that
   * transaction is durably committed. With `expect`, first checks that the chain still holds that
   * point (the last row this process wrote or verified) and rejects with `AuditError('tampered')`
   * otherwise, writing nothing.
   */
  append(fields: readonly AuditFields[], expect?: ChainPoint): Promise<AuditRow[]>;
  /** The last row's seq and hash; seq 0 and the genesis hash when empty. */
  tail(): Promise<ChainPoint>;
  /** Up to `limit` rows with `seq >= from`, in ascending seq order. */
  read(from: number, limit: number): Promise<ScannedRow[]>;
  /** Like `read`, but only each row's seq, prev_hash and hash (cheap: nothing decoded). */
  links(from: number, limit: number): Promise<ChainLink[]>;
  /** The last `count` rows, in ascending seq order. */
  last(count: number): Promise<ScannedRow[]>;
  close(): Promise<void>;
}
