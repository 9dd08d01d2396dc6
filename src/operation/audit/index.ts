/**
 * Public surface of operation/audit: the hash-chained audit log with signed checkpoints.
 */
export type { AuditEntry } from './audit-entry.js';
export { argumentsHmac, AuditEntrySchema } from './audit-entry.js';
export type { AuditErrorReason } from './audit-error.js';
export { AuditError } from './audit-error.js';
export type { AuditConfig, AuditLog, AuditReceipt } from './audit-log.js';
export { DEFAULT_AUDIT_CONFIG } from './audit-log.js';
export type {
  AuditDecision,
  AuditOutcome,
  AuditRecord,
  AuditRow,
  ChainPoint,
  FindingsSummary,
} from './audit-record.js';
export {
  AUDIT_DECISIONS,
  AUDIT_OUTCOMES,
  chainHash,
  GENESIS_HASH,
  recordOf,
} from './audit-record.js';
export type { AuditStore, ChainLink, ScannedRow } from './audit-store.js';
export type { Checkpoint } from './checkpoints.js';
export { readCheckpointLines } from './checkpoints.js';
export {
  CHECKPOINTS_FILE,
  fingerprintOf,
  HMAC_KEY_FILE,
  PUBLIC_KEY_FILE,
  readPublicKey,
  SIGNING_KEY_FILE,
} from './key-files.js';
export type { OpenAuditLogOptions } from './open-audit-log.js';
export { openAuditLog } from './open-audit-log.js';
export type { AuditDurability } from './sqlite-audit-store.js';
export { SqliteAuditStore } from './sqlite-audit-store.js';
export type { AuditProblem, AuditProblemKind, AuditVerification } from './verify-audit.js';
export { verifyAudit } from './verify-audit.js';
