/**
 * @module operation/audit/open-audit-log
 * `openAuditLog`: the one call the gateway makes at start. Creates the keys on first use, refuses
 * to open over a chain that contradicts its newest checkpoint (fail closed), then verifies and
 * signs the rows written since it (those a crash left unsigned).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

import type { Logger } from '../../shared/logging/index.js';
import { silentLogger } from '../../shared/logging/index.js';
import { resolveStateDir } from '../../shared/store/index.js';
import { AuditError } from './audit-error.js';
import {
  type AuditConfig,
  type AuditLog,
  ChainedAuditLog,
  DEFAULT_AUDIT_CONFIG,
} from './audit-log.js';
import { GENESIS_HASH } from './audit-record.js';
import type { AuditStore } from './audit-store.js';
import { CheckpointWriter, readLastCheckpoint } from './checkpoints.js';
import { CHECKPOINTS_FILE, loadHmacKeys, loadSigningKey, type SigningKey } from './key-files.js';
import { SqliteAuditStore } from './sqlite-audit-store.js';
import type { Signed } from './verify-segment.js';

export interface OpenAuditLogOptions {
  readonly stateDir?: string;
  readonly logger?: Logger;
  readonly config?: Partial<AuditConfig>;
  /** Default: the SQLite store in the state directory. */
  readonly store?: AuditStore;
  /** The clock, for tests. */
  readonly now?: () => Date;
}

/** Opens the audit log of a state directory (see the module comment). */
export async function openAuditLog(options: OpenAuditLogOptions = {}): Promise<AuditLog> {
  const config = { ...DEFAULT_AUDIT_CONFIG, ...options.config };
  if (!config.enabled) return disabledAuditLog();
  const logger = options.logger ?? silentLogger();
  const stateDir = resolveStateDir(options.stateDir);
  const checkpointsFile = path.join(stateDir, CHECKPOINTS_FILE);
  const hmacKeys = loadHmacKeys(stateDir);
  const hasCheckpoints = existsSync(checkpointsFile) && statSync(checkpointsFile).size > 0;
  // Threat: deleting the key to start a fresh, unverifiable history; never silently replaced.
  const signingKey = loadSigningKey(stateDir, !hasCheckpoints);
  if (signingKey === undefined) {
    throw new AuditError(
      'tampered',
      `the checkpoint signing key is missing from ${stateDir} but ${CHECKPOINTS_FILE} holds checkpoints`,
    );
  }
  const store = options.store ?? SqliteAuditStore.open(stateDir, config.durability);
  try {
    const signed = await anchorAtLastCheckpoint(store, checkpointsFile, signingKey);
    const tail = await store.tail();
    if (signed.seq === 0 && tail.seq > 0) {
      // Legitimate after a crash before the first checkpoint; otherwise the file was removed.
      logger.warn(
        { rows: tail.seq, file: checkpointsFile },
        'audit: the chain has rows but no checkpoint; verifying and signing them now',
      );
    }
    const writer = await CheckpointWriter.open(checkpointsFile);
    const log = new ChainedAuditLog({
      store,
      writer,
      signingKey,
      hmacKeys,
      checkpointsFile,
      signed,
      config,
      logger,
      now: options.now ?? (() => new Date()),
    });
    try {
      await log.checkpointNow('open');
    } catch (error) {
      await writer.close();
      throw error;
    }
    log.startTimer();
    return log;
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The newest checkpoint, after checking the chain still holds exactly it. */
async function anchorAtLastCheckpoint(
  store: AuditStore,
  file: string,
  key: SigningKey,
): Promise<Signed> {
  const last = readLastCheckpoint(file, key.publicKey);
  if (last === undefined) return { seq: 0, hash: GENESIS_HASH, count: 0 };
  const [row] = await store.read(last.seq, 1);
  const held =
    row === undefined || row.seq !== last.seq ? undefined : row.ok ? row.row.hash : row.hash;
  if (held !== last.hash) {
    const tail = await store.tail();
    throw new AuditError(
      'tampered',
      tail.seq < last.seq
        ? `the chain ends at seq ${tail.seq} but a checkpoint covers seq ${last.seq} (truncated); run "gatehouse audit verify"`
        : `row ${last.seq} no longer has the hash its checkpoint signed; run "gatehouse audit verify"`,
    );
  }
  return { seq: last.seq, hash: last.hash, count: last.count };
}

/** The audit log when `gateway.audit.enabled` is false: records nothing. */
function disabledAuditLog(): AuditLog {
  return {
    append: () => Promise.resolve({ recorded: false }),
    checkpoint: () => Promise.resolve(undefined),
    verify: () => Promise.reject(new AuditError('unavailable', 'the audit log is disabled')),
    close: () => Promise.resolve(),
  };
}
