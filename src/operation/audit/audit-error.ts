/**
 * @module operation/audit/audit-error
 * Failures of the audit log. They carry the `INTERNAL` code (the shared error codes have no audit
 * family yet) and a `reason` callers can act on: a request whose record could not be written must
 * not be answered (fail closed).
 */
import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';

export type AuditErrorReason =
  /** The entry given to `append` is malformed (a bug in the caller). */
  | 'invalid-entry'
  /** The store, a key file or the checkpoint file cannot be used. */
  | 'unavailable'
  /** The chain or its keys no longer match what this process wrote or signed. */
  | 'tampered'
  /** The log was closed. */
  | 'closed';

export class AuditError extends GatehouseError {
  readonly reason: AuditErrorReason;

  constructor(reason: AuditErrorReason, message: string, options?: { cause?: unknown }) {
    super(ErrorCode.Internal, `audit log: ${message}`, {
      ...(options?.cause === undefined ? {} : { cause: options.cause }),
      data: { reason },
    });
    this.reason = reason;
  }
}
