/**
 * @module creation/registry/registry-errors
 * The registry's refusals as coded errors, and their HTTP status: the one place a registry error
 * code becomes a status. Clients read the code back (problem+json `code`) and map it to their
 * own exit codes.
 */
import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';

/** HTTP status of each registry error code; anything else is a 500. */
const STATUS: Readonly<Partial<Record<ErrorCode, number>>> = {
  [ErrorCode.RegistryRequestInvalid]: 400,
  [ErrorCode.RegistrySignatureInvalid]: 401,
  [ErrorCode.RegistryNotOwner]: 403,
  [ErrorCode.RegistryHostRefused]: 403,
  [ErrorCode.RegistryNamespaceProofFailed]: 403,
  [ErrorCode.RegistryNotFound]: 404,
  [ErrorCode.RegistryNamespaceTaken]: 409,
  [ErrorCode.RegistryStaleState]: 409,
  [ErrorCode.RegistryVersionExists]: 409,
  [ErrorCode.RegistryVersionNotNewer]: 409,
  [ErrorCode.RegistryNameConfusable]: 409,
  [ErrorCode.RegistryPackageMismatch]: 422,
  [ErrorCode.RegistryLogFailed]: 503,
  [ErrorCode.TransparencyLogRange]: 400,
};

/** The HTTP status for an error thrown by the registry. */
export function httpStatusOf(error: unknown): number {
  return error instanceof GatehouseError ? (STATUS[error.code] ?? 500) : 500;
}

/** The codes a registry answers with (a client accepts no others from the wire). */
export const REGISTRY_ERROR_CODES: ReadonlySet<string> = new Set(Object.keys(STATUS));

/** Throws a registry refusal. */
export function refuse(code: ErrorCode, message: string, data?: Record<string, unknown>): never {
  throw new GatehouseError(code, message, data === undefined ? undefined : { data });
}
