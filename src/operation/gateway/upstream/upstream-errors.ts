/**
 * @module operation/gateway/upstream/upstream-errors
 * What a failed relay looks like to the rest of the gateway: an upstream's own JSON-RPC error
 * passes through unchanged; everything the SDK client reports (timeouts, closed connections,
 * broken replies) becomes a `GatehouseError` whose message names the server and the method.
 */
import { ProtocolError, SdkError, SdkErrorCode } from '@modelcontextprotocol/client';

import { ErrorCode, GatehouseError } from '../../../shared/errors/index.js';

/** Translates an error thrown while relaying `method` to server `key`. */
export function translateUpstreamError(
  key: string,
  error: unknown,
  method: string,
  timeout: number,
): unknown {
  if (error instanceof ProtocolError) return error;
  if (error instanceof SdkError) {
    if (error.code === SdkErrorCode.RequestTimeout) {
      return new GatehouseError(
        ErrorCode.UpstreamTimeout,
        `Server "${key}" did not answer ${method} within ${timeout} ms`,
        { cause: error },
      );
    }
    if (error.code === SdkErrorCode.ConnectionClosed || error.code === SdkErrorCode.NotConnected) {
      return new GatehouseError(
        ErrorCode.UpstreamUnavailable,
        `Server "${key}" closed the connection before answering ${method}; it is being restarted`,
        { cause: error },
      );
    }
    return new GatehouseError(
      ErrorCode.UpstreamProtocol,
      `Server "${key}" failed on ${method}: ${error.message}`,
      { cause: error },
    );
  }
  if (error instanceof Error && error.name === 'AbortError') return error;
  return new GatehouseError(
    ErrorCode.UpstreamProtocol,
    `Server "${key}" failed on ${method}: ${error instanceof Error ? error.message : String(error)}`,
    { cause: error },
  );
}
