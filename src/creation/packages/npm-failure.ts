/**
 * @module creation/packages/npm-failure
 * Turns errors thrown by npm's libraries (arborist, pacote, npm-registry-fetch) into coded
 * Gatehouse errors whose message names the package, the version and what to do; npm's own error
 * stays attached as `cause`, never as the only explanation.
 */
import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';

interface NpmError {
  readonly code?: string;
  readonly message: string;
  readonly statusCode?: number;
}

/** Where the failure happened, for the message. */
export interface FailureContext {
  /** The spec being resolved, as written. */
  readonly spec: string;
  /** The package being fetched, `name@version`, when known. */
  readonly pkg?: string;
  readonly registry: string;
  readonly offline: boolean;
  /** The lock file, when installing from it. */
  readonly lockFile?: string;
}

/** True for npm's integrity failures (a tarball or announced hash differs from the expected). */
export function isIntegrityError(error: unknown): boolean {
  return (error as NpmError | null)?.code === 'EINTEGRITY';
}

/** A {@link GatehouseError} for any npm failure while resolving or fetching. */
export function npmFailure(error: unknown, context: FailureContext): GatehouseError {
  if (error instanceof GatehouseError) return error;
  const npm = (error ?? {}) as NpmError;
  const what = context.pkg ?? context.spec;
  const data = { spec: context.spec, package: context.pkg, registry: context.registry };
  if (isIntegrityError(error)) {
    const advice = context.lockFile
      ? `the package differs from the one locked in ${context.lockFile}: it changed after it was ` +
        'locked, or the registry is compromised. Do not run it; only if the change is expected, ' +
        `delete the entry "${context.spec}" from the lock to resolve it again`
      : 'the registry served bytes that differ from the integrity it announced; try again ' +
        'later or check the registry';
    return new GatehouseError(
      ErrorCode.PackageIntegrityMismatch,
      `integrity check failed for ${what} (for "${context.spec}"): ${advice}`,
      { cause: error, data },
    );
  }
  let reason: string;
  switch (npm.code) {
    case 'E404':
      reason = `${what} was not found on ${context.registry}; check the package name`;
      break;
    case 'ETARGET':
      reason = `no version of ${what} on ${context.registry} matches; check the version`;
      break;
    case 'ENOTCACHED':
      reason = `${what} is not in Gatehouse's npm cache and resolution is offline; start once online`;
      break;
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
      reason = `cannot reach ${context.registry} (${npm.code}); check the network or the registry`;
      break;
    default:
      reason = `${npm.code ? `${npm.code}: ` : ''}${npm.message ?? String(error)}`;
  }
  return new GatehouseError(
    ErrorCode.PackageResolveFailed,
    `cannot install "${context.spec}"${context.offline ? ' (offline)' : ''}: ${reason}`,
    { cause: error, data },
  );
}
