/**
 * @module operation/sandbox/network/network-error
 * The coded failures of the sandbox's network allowlist. A server whose network plan, egress
 * broker or namespace setup fails is never started (fail closed).
 */
import { type ErrorCode, GatehouseError } from '../../../shared/errors/index.js';

/** The codes this module throws. */
export type SandboxNetworkErrorCode =
  | typeof ErrorCode.SandboxNetworkGrantInvalid
  | typeof ErrorCode.SandboxNetworkSetupFailed
  | typeof ErrorCode.SandboxEgressFailed;

/** A network grant that cannot be honoured, or an egress path that could not be built. */
export class SandboxNetworkError extends GatehouseError {
  constructor(
    code: SandboxNetworkErrorCode,
    message: string,
    options?: { cause?: unknown; data?: Record<string, unknown> },
  ) {
    super(code, message, options);
  }
}
