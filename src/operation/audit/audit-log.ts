/**
 * @module operation/audit/audit-log
 * The audit log the gateway calls on every request. `append` resolves only once the record is
 * committed, to the kernel (`durability: crash`) or to disk (`power`); the gateway awaits it
 * before releasing the reply. Appends made in the same
 * turn of the event loop share one transaction (group commit); none resolves before its
 * transaction committed. Signed checkpoints are written every `checkpointEvery` records, every
 * `checkpointSeconds` while records arrive, when the log is opened and when it is closed.
 *
 * Fails closed: if the chain this process wrote or verified is found changed, every later append
 * is refused.
 */
import { setImmediateBeforeWrites } from '../../shared/event-loop/index.js';
import type { Logger } from '../../shared/logging/index.js';
import { type AuditEntry, toAuditFields } from './audit-entry.js';
import { AuditError } from './audit-error.js';
import type { AuditFields, ChainPoint } from './audit-record.js';
import type { AuditStore } from './audit-store.js';
import {
  type Checkpoint,
  type CheckpointReason,
  type CheckpointWriter,
  signCheckpoint,
} from './checkpoints.js';
import type { HmacKeys, SigningKey } from './key-files.js';
import type { AuditDurability } from './sqlite-audit-store.js';
import { type AuditVerification, verifyAudit } from './verify-audit.js';
import { type Signed, verifySegment } from './verify-segment.js';

/** `gateway.audit` in gatehouse.yaml. */
export interface AuditConfig {
  readonly enabled: boolean;
  readonly checkpointEvery: number;
  readonly checkpointSeconds: number;
  /** What an acknowledged record survives (docs/audit.md, "Durability"). */
  readonly durability: AuditDurability;
}

export const DEFAULT_AUDIT_CONFIG: AuditConfig = {
  enabled: true,
  checkpointEvery: 100,
  checkpointSeconds: 10,
  durability: 'crash',
};

/** What `append` resolves with: the record's place in the chain, or that nothing was recorded. */
export type AuditReceipt =
  | { readonly recorded: true; readonly seq: number; readonly hash: string; readonly time: string }
  | { readonly recorded: false };

export interface AuditLog {
  /** Records one request; resolves once the record is committed (see `durability`). */
  append(entry: AuditEntry): Promise<AuditReceipt>;
  /** Signs the current tail now (after verifying the rows since the last checkpoint). */
  checkpoint(): Promise<Checkpoint | undefined>;
  /** Re-walks the whole chain against the checkpoints. */
  verify(): Promise<AuditVerification>;
  /** Commits what is pending, writes a final checkpoint and closes the store. */
  close(): Promise<void>;
}

/** The largest number of records committed in one transaction. */
const MAX_BATCH = 4096;

interface Pending {
  readonly fields: AuditFields;
  readonly resolve: (receipt: AuditReceipt) => void;
  readonly reject: (error: unknown) => void;
}

export interface ChainedAuditLogInit {
  readonly store: AuditStore;
  readonly writer: CheckpointWriter;
  readonly signingKey: SigningKey;
  readonly hmacKeys: HmacKeys;
  readonly checkpointsFile: string;
  readonly signed: Signed;
  readonly config: AuditConfig;
  readonly logger: Logger;
  readonly now: () => Date;
}

/** The audit log over a store, its checkpoint file and its keys; opened by `openAuditLog`. */
export class ChainedAuditLog implements AuditLog {
  private readonly init: ChainedAuditLogInit;
  private pending: Pending[] = [];
  private scheduled = false;
  private flushing: Promise<void> | undefined;
  private lastWritten: ChainPoint | undefined;
  private signed: Signed;
  /** Hashes of the rows this process wrote since the last checkpoint, by seq (in order). */
  private readonly written = new Map<number, string>();
  /** The tail seq when the last count-triggered checkpoint was asked for. */
  private countCheckpointAt = 0;
  private failure: AuditError | undefined;
  private closed = false;
  private checkpoints: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(init: ChainedAuditLogInit) {
    this.init = init;
    this.signed = init.signed;
  }

  async append(entry: AuditEntry): Promise<AuditReceipt> {
    if (this.closed) throw new AuditError('closed', 'the audit log is closed');
    if (this.failure) throw this.failure;
    const fields = toAuditFields(entry, this.init.hmacKeys, this.init.now);
    return new Promise<AuditReceipt>((resolve, reject) => {
      this.pending.push({ fields, resolve, reject });
      this.schedule();
    });
  }

  checkpoint(): Promise<Checkpoint | undefined> {
    return this.checkpointNow('manual');
  }

  verify(): Promise<AuditVerification> {
    return verifyAudit({
      store: this.init.store,
      checkpointsFile: this.init.checkpointsFile,
      publicKey: this.init.signingKey.publicKey,
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    while (this.flushing || this.pending.length > 0) await (this.flushing ?? this.flush());
    try {
      await this.checkpointNow('shutdown');
    } catch (error) {
      this.init.logger.error({ err: error }, 'audit: no final checkpoint');
    }
    await this.checkpoints.catch(() => undefined);
    await this.init.writer.close();
    await this.init.store.close();
  }

  startTimer(): void {
    this.timer = setInterval(() => {
      this.checkpointNow('interval').catch(() => undefined);
    }, this.init.config.checkpointSeconds * 1000);
    this.timer.unref();
  }

  /** Queues a checkpoint behind any running one; resolves with it, or undefined if nothing new. */
  checkpointNow(reason: CheckpointReason): Promise<Checkpoint | undefined> {
    const next = this.checkpoints.then(() => this.writeCheckpoint(reason));
    this.checkpoints = next.catch((error: unknown) => {
      this.init.logger.error({ err: error, reason }, 'audit: checkpoint failed');
    });
    return next;
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    // Group commit: every append made before the event loop's check phase shares a transaction.
    // The replies it releases are written in the same check phase, not a loop iteration later.
    setImmediateBeforeWrites(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    const batch = this.pending.splice(0, MAX_BATCH);
    if (batch.length === 0) return Promise.resolve();
    this.flushing = this.commit(batch).finally(() => {
      this.flushing = undefined;
      if (this.pending.length > 0) this.schedule();
    });
    return this.flushing;
  }

  private async commit(batch: readonly Pending[]): Promise<void> {
    if (this.failure) {
      for (const item of batch) item.reject(this.failure);
      return;
    }
    try {
      const anchor = this.lastWritten ?? (this.signed.seq > 0 ? this.signed : undefined);
      const rows = await this.init.store.append(
        batch.map((item) => item.fields),
        anchor,
      );
      rows.forEach((row, index) => {
        batch[index]?.resolve({ recorded: true, seq: row.seq, hash: row.hash, time: row.time });
      });
      const last = rows.at(-1);
      if (last) {
        this.lastWritten = { seq: last.seq, hash: last.hash };
        for (const row of rows) this.written.set(row.seq, row.hash);
        const since = Math.max(this.signed.seq, this.countCheckpointAt);
        if (last.seq - since >= this.init.config.checkpointEvery) {
          this.countCheckpointAt = last.seq;
          this.checkpointNow('count').catch(() => undefined);
        }
      }
    } catch (error) {
      this.noteFailure(error);
      for (const item of batch) item.reject(error);
    }
  }

  /** Verifies the rows since the last signed point and signs the new tail. */
  private async writeCheckpoint(reason: CheckpointReason): Promise<Checkpoint | undefined> {
    if (this.failure) throw this.failure;
    const tail = await this.init.store.tail();
    if (tail.seq === this.signed.seq && tail.hash === this.signed.hash) return undefined;
    let point: Signed;
    try {
      point = await verifySegment(this.init.store, this.signed, this.written);
    } catch (error) {
      this.noteFailure(error);
      throw error;
    }
    const checkpoint = signCheckpoint(
      {
        v: 1,
        seq: point.seq,
        hash: point.hash,
        count: point.count,
        time: this.init.now().toISOString(),
        reason,
        key: this.init.signingKey.fingerprint,
      },
      this.init.signingKey,
    );
    await this.init.writer.append(checkpoint);
    this.signed = point;
    for (const seq of this.written.keys()) {
      if (seq > point.seq) break;
      this.written.delete(seq);
    }
    return checkpoint;
  }

  private noteFailure(error: unknown): void {
    if (error instanceof AuditError && error.reason === 'tampered' && !this.failure) {
      this.failure = error;
      this.init.logger.error(
        { err: error },
        'audit: the chain was changed under this process; refusing further appends',
      );
    } else if (!(error instanceof AuditError && error.reason === 'tampered')) {
      this.init.logger.error({ err: error }, 'audit: the store failed');
    }
  }
}
