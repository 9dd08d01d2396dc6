/**
 * @module cli/exit-codes
 * The documented exit codes of the `gatehouse` CLI, and the one place errors are mapped to them.
 */
import { ErrorCode, GatehouseError } from '../shared/errors/index.js';

export const EXIT = {
  /** Success. */
  OK: 0,
  /** The command ran and found problems (e.g. `check` with an unreachable server). */
  PROBLEMS: 1,
  /** Wrong usage: unknown flag, missing argument, bad value. */
  USAGE: 2,
  /** The configuration file is missing or invalid, or a variable is unresolved. */
  CONFIG: 3,
  /** A server could not be reached or answered wrongly. */
  UPSTREAM: 4,
  /** Refused for safety (a non-loopback bind without keys, no working sandbox, a refused grant). */
  REFUSED: 5,
  /** A bug: an unexpected internal error. */
  INTERNAL: 70,
} as const;

/** Exit code for an error thrown by a command. */
export function exitCodeFor(error: unknown): number {
  if (!(error instanceof GatehouseError)) return EXIT.INTERNAL;
  switch (error.code) {
    case ErrorCode.Usage:
      return EXIT.USAGE;
    case ErrorCode.ConfigInvalid:
    case ErrorCode.ConfigNotFound:
    case ErrorCode.ConfigVariableUnresolved:
      return EXIT.CONFIG;
    case ErrorCode.UpstreamUnavailable:
    case ErrorCode.UpstreamTimeout:
    case ErrorCode.UpstreamProtocol:
      return EXIT.UPSTREAM;
    case ErrorCode.BindRefused:
    case ErrorCode.SandboxUnavailable:
    case ErrorCode.SandboxGrantRefused:
      return EXIT.REFUSED;
    case ErrorCode.SandboxLaunchFailed:
    case ErrorCode.SandboxNetworkSetupFailed:
    case ErrorCode.SandboxEgressFailed:
    case ErrorCode.PackageResolveFailed:
    case ErrorCode.PackageBinUnresolved:
      return EXIT.UPSTREAM;
    case ErrorCode.SandboxNetworkGrantInvalid:
    case ErrorCode.PackageSpecUnsupported:
    case ErrorCode.NpxArgsUnsupported:
    case ErrorCode.PackageLockInvalid:
      return EXIT.CONFIG;
    case ErrorCode.SeccompUnsupportedArch:
    case ErrorCode.PackageIntegrityMismatch:
    case ErrorCode.PackageStoreInvalid:
    case ErrorCode.PackageStoreTampered:
      return EXIT.REFUSED;
    case ErrorCode.RegistryRequestInvalid:
      return EXIT.USAGE;
    case ErrorCode.RegistryNotFound:
      return EXIT.PROBLEMS;
    case ErrorCode.RegistrySignatureInvalid:
    case ErrorCode.RegistryNotOwner:
    case ErrorCode.RegistryNamespaceTaken:
    case ErrorCode.RegistryNamespaceProofFailed:
    case ErrorCode.RegistryStaleState:
    case ErrorCode.RegistryVersionExists:
    case ErrorCode.RegistryVersionNotNewer:
    case ErrorCode.RegistryPackageMismatch:
    case ErrorCode.RegistryNameConfusable:
    case ErrorCode.RegistryHostRefused:
      return EXIT.REFUSED;
    case ErrorCode.RegistryLogFailed:
    case ErrorCode.RegistryUnavailable:
      return EXIT.UPSTREAM;
    case ErrorCode.InstallNoVersion:
      return EXIT.PROBLEMS;
    case ErrorCode.PackageClosureMismatch:
    case ErrorCode.InstallUnsigned:
    case ErrorCode.InstallSignatureInvalid:
    case ErrorCode.InstallSignerNotOwner:
    case ErrorCode.InstallChainInvalid:
    case ErrorCode.InstallLogProofFailed:
    case ErrorCode.InstallLogKeyMismatch:
    case ErrorCode.InstallVersionYanked:
    case ErrorCode.InstallDowngrade:
    case ErrorCode.InstallNameConfusable:
    case ErrorCode.InstallNpmSignatureInvalid:
    case ErrorCode.InstallDefinitionsMismatch:
    case ErrorCode.InstallConfigConflict:
    case ErrorCode.ClientConfigChanged:
    case ErrorCode.TransparencyHeadInvalid:
    case ErrorCode.TransparencyLogFork:
    case ErrorCode.TransparencyLogInconsistent:
    case ErrorCode.TransparencyLogRollback:
    case ErrorCode.TransparencyWitnessInvalid:
      return EXIT.REFUSED;
    default:
      return EXIT.INTERNAL;
  }
}
