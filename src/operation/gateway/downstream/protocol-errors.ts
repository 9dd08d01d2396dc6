/**
 * @module operation/gateway/downstream/protocol-errors
 * The one place where gateway failures become JSON-RPC errors for the host. Upstream JSON-RPC
 * errors pass through unchanged (code, message, data); the gateway's own failures become
 * `-32603` with a message that names the server and a machine-readable `data.code`.
 */
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';

import { GatehouseError } from '../../../shared/errors/index.js';

/** Converts anything thrown while relaying into the error the host receives. */
export function toProtocolError(error: unknown): unknown {
  if (error instanceof ProtocolError) return error;
  // An upstream error re-thrown by the client side is a ProtocolError of that package's copy;
  // duck-type it so the code and data survive.
  if (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === 'number' &&
    error.name === 'ProtocolError'
  ) {
    const e = error as Error & { code: number; data?: unknown };
    return new ProtocolError(e.code, e.message, e.data);
  }
  if (error instanceof GatehouseError) {
    return new ProtocolError(ProtocolErrorCode.InternalError, error.message, {
      code: error.code,
      ...(error.data ?? {}),
    });
  }
  if (error instanceof Error && error.name === 'AbortError') return error;
  return new ProtocolError(
    ProtocolErrorCode.InternalError,
    `Gatehouse internal error: ${error instanceof Error ? error.message : String(error)}`,
  );
}
