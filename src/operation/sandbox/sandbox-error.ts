/**
 * @module operation/sandbox/sandbox-error
 * The coded failures of the stdio sandbox. Each says what is wrong and how to fix it; a server
 * whose sandbox cannot be built is never started (fail closed).
 */
import type { ErrorCode } from '../../shared/errors/index.js';
import { GatehouseError } from '../../shared/errors/index.js';

/** Why a sandbox could not be built, with the fix a user can apply. */
export class SandboxError extends GatehouseError {
  /** What to do about it, in one sentence. */
  readonly fix: string;

  constructor(
    code:
      | typeof ErrorCode.SandboxUnavailable
      | typeof ErrorCode.SandboxGrantRefused
      | typeof ErrorCode.SandboxLaunchFailed,
    message: string,
    fix: string,
    options?: { cause?: unknown; data?: Record<string, unknown> },
  ) {
    super(code, `${message}. ${fix}`, options);
    this.fix = fix;
  }
}

/** The way out every refusal names: unsandboxed, explicitly, for one server. */
export const ESCAPE_HATCH =
  'To run this server without a sandbox (with Gatehouse\'s own rights), set "sandbox: false" on it; `gatehouse check` reports every such server';
