/**
 * @module shared/errors/gatehouse-error
 * The one coded error family of Gatehouse. Every failure that leaves a module is a
 * {@link GatehouseError} with a stable string `code`; the CLI maps codes to exit codes, the
 * gateway maps them to JSON-RPC errors, each in exactly one place.
 */

/** Stable error codes. New codes are public API: add, never rename. */
export const ErrorCode = {
  ConfigInvalid: 'CONFIG_INVALID',
  ConfigNotFound: 'CONFIG_NOT_FOUND',
  ConfigVariableUnresolved: 'CONFIG_VARIABLE_UNRESOLVED',
  Usage: 'USAGE',
  UpstreamUnavailable: 'UPSTREAM_UNAVAILABLE',
  UpstreamTimeout: 'UPSTREAM_TIMEOUT',
  UpstreamProtocol: 'UPSTREAM_PROTOCOL',
  NameClash: 'NAME_CLASH',
  UnknownItem: 'UNKNOWN_ITEM',
  BindRefused: 'BIND_REFUSED',
  Internal: 'INTERNAL',
  SandboxUnavailable: 'SANDBOX_UNAVAILABLE',
  SandboxGrantRefused: 'SANDBOX_GRANT_REFUSED',
  SandboxLaunchFailed: 'SANDBOX_LAUNCH_FAILED',
  SeccompUnsupportedArch: 'SECCOMP_UNSUPPORTED_ARCH',
  SandboxNetworkGrantInvalid: 'SANDBOX_NETWORK_GRANT_INVALID',
  SandboxNetworkSetupFailed: 'SANDBOX_NETWORK_SETUP_FAILED',
  SandboxEgressFailed: 'SANDBOX_EGRESS_FAILED',
  PackageResolveFailed: 'PACKAGE_RESOLVE_FAILED',
  PackageIntegrityMismatch: 'PACKAGE_INTEGRITY_MISMATCH',
  PackageLockInvalid: 'PACKAGE_LOCK_INVALID',
  PackageStoreInvalid: 'PACKAGE_STORE_INVALID',
  PackageSpecUnsupported: 'PACKAGE_SPEC_UNSUPPORTED',
  PackageBinUnresolved: 'PACKAGE_BIN_UNRESOLVED',
  NpxArgsUnsupported: 'NPX_ARGS_UNSUPPORTED',
  TransparencyLogCorrupt: 'TRANSPARENCY_LOG_CORRUPT',
  TransparencyLogRange: 'TRANSPARENCY_LOG_RANGE',
  TransparencyHeadInvalid: 'TRANSPARENCY_HEAD_INVALID',
  TransparencyLogRollback: 'TRANSPARENCY_LOG_ROLLBACK',
  TransparencyLogFork: 'TRANSPARENCY_LOG_FORK',
  TransparencyLogInconsistent: 'TRANSPARENCY_LOG_INCONSISTENT',
  TransparencyWitnessInvalid: 'TRANSPARENCY_WITNESS_INVALID',
  PackageStoreTampered: 'PACKAGE_STORE_TAMPERED',
  RegistryRequestInvalid: 'REGISTRY_REQUEST_INVALID',
  RegistryNotFound: 'REGISTRY_NOT_FOUND',
  RegistrySignatureInvalid: 'REGISTRY_SIGNATURE_INVALID',
  RegistryNotOwner: 'REGISTRY_NOT_OWNER',
  RegistryNamespaceTaken: 'REGISTRY_NAMESPACE_TAKEN',
  RegistryNamespaceProofFailed: 'REGISTRY_NAMESPACE_PROOF_FAILED',
  RegistryStaleState: 'REGISTRY_STALE_STATE',
  RegistryVersionExists: 'REGISTRY_VERSION_EXISTS',
  RegistryVersionNotNewer: 'REGISTRY_VERSION_NOT_NEWER',
  RegistryPackageMismatch: 'REGISTRY_PACKAGE_MISMATCH',
  RegistryNameConfusable: 'REGISTRY_NAME_CONFUSABLE',
  RegistryLogFailed: 'REGISTRY_LOG_FAILED',
  RegistryUnavailable: 'REGISTRY_UNAVAILABLE',
  RegistryHostRefused: 'REGISTRY_HOST_REFUSED',
  PackageClosureMismatch: 'PACKAGE_CLOSURE_MISMATCH',
  InstallUnsigned: 'INSTALL_UNSIGNED',
  InstallSignatureInvalid: 'INSTALL_SIGNATURE_INVALID',
  InstallSignerNotOwner: 'INSTALL_SIGNER_NOT_OWNER',
  InstallChainInvalid: 'INSTALL_CHAIN_INVALID',
  InstallLogProofFailed: 'INSTALL_LOG_PROOF_FAILED',
  InstallLogKeyMismatch: 'INSTALL_LOG_KEY_MISMATCH',
  InstallVersionYanked: 'INSTALL_VERSION_YANKED',
  InstallNoVersion: 'INSTALL_NO_VERSION',
  InstallDowngrade: 'INSTALL_DOWNGRADE',
  InstallNameConfusable: 'INSTALL_NAME_CONFUSABLE',
  InstallNpmSignatureInvalid: 'INSTALL_NPM_SIGNATURE_INVALID',
  InstallDefinitionsMismatch: 'INSTALL_DEFINITIONS_MISMATCH',
  InstallConfigConflict: 'INSTALL_CONFIG_CONFLICT',
  ClientConfigChanged: 'CLIENT_CONFIG_CHANGED',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Base class for every coded Gatehouse failure. */
export class GatehouseError extends Error {
  readonly code: ErrorCode;
  readonly data?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; data?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options?.data !== undefined) this.data = options.data;
  }
}

/** One problem found in a configuration file: where it is and what is wrong. */
export interface ConfigIssue {
  /** The file the problem is in. */
  readonly file: string;
  /** A dotted path inside the file, e.g. `mcpServers.github.args[1]`; empty for the whole file. */
  readonly path: string;
  /** What is wrong, in words a user can act on. */
  readonly problem: string;
}

/** A configuration file that cannot be used; lists every problem found, not only the first. */
export class ConfigError extends GatehouseError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], options?: { cause?: unknown; code?: ErrorCode }) {
    super(options?.code ?? ErrorCode.ConfigInvalid, formatIssues(issues), {
      cause: options?.cause,
      data: { issues },
    });
    this.issues = issues;
  }
}

/** Wrong command-line usage: a bad flag, a missing argument. */
export class UsageError extends GatehouseError {
  constructor(message: string) {
    super(ErrorCode.Usage, message);
  }
}

function formatIssues(issues: readonly ConfigIssue[]): string {
  return issues
    .map((issue) => `${issue.file}${issue.path ? `: ${issue.path}` : ''}: ${issue.problem}`)
    .join('\n');
}
