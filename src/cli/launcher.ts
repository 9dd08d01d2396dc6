/**
 * @module cli/launcher
 * Assembles the sandbox launcher the CLI commands give the gateway: the state folder it protects,
 * the package store `npx` entries resolve to, and the audit log limit hits are recorded in.
 */
import type { AuditLog } from '../operation/audit/index.js';
import type { SandboxLimitEvent } from '../operation/sandbox/index.js';
import { packageTargets, SandboxLauncher } from '../operation/sandbox/index.js';
import type { GatehouseConfig } from '../shared/config/schema.js';
import { ErrorCode } from '../shared/errors/index.js';
import type { Logger } from '../shared/logging/index.js';

export interface LauncherInput {
  readonly config: GatehouseConfig;
  /** The config file (the package lock sits beside it by default). */
  readonly configFile?: string;
  readonly stateDir: string;
  readonly logger: Logger;
  readonly audit?: AuditLog;
}

export function buildLauncher(input: LauncherInput): SandboxLauncher {
  const { audit, logger } = input;
  return new SandboxLauncher({
    stateDir: input.stateDir,
    logger,
    packages: packageTargets({
      config: input.config,
      stateDir: input.stateDir,
      logger,
      ...(input.configFile ? { configFile: input.configFile } : {}),
    }),
    ...(audit
      ? {
          onLimit: (event: SandboxLimitEvent) => auditLimit(audit, event, logger),
          onRefused: (serverKey: string, error: Error & { code?: string }) =>
            auditRefusal(audit, serverKey, error, logger),
        }
      : {}),
  });
}

/** Each limit hit becomes an audit record of its own. */
function auditLimit(audit: AuditLog, event: SandboxLimitEvent, logger: Logger): void {
  audit
    .append({
      principal: 'gatehouse',
      front: 'sandbox',
      method: 'sandbox/limit',
      serverKey: event.serverKey,
      item: event.limit,
      decision: 'contained',
      outcome: 'error',
      errorCode: `SANDBOX_LIMIT_${event.limit.toUpperCase().replace(/-/g, '_')}`,
      latencyMs: 0,
    })
    .catch((error: unknown) =>
      logger.error({ err: error }, 'audit: recording a sandbox limit failed'),
    );
}

/** Refusals that mean what would run is not what was installed and locked. */
const INTEGRITY_CODES = new Set<string>([
  ErrorCode.PackageStoreTampered,
  ErrorCode.PackageStoreInvalid,
  ErrorCode.PackageIntegrityMismatch,
  ErrorCode.PackageLockInvalid,
]);

/** A server refused before it started (e.g. its store tree changed) is an audit record too. */
function auditRefusal(
  audit: AuditLog,
  serverKey: string,
  error: Error & { code?: string },
  logger: Logger,
): void {
  if (!INTEGRITY_CODES.has(error.code ?? '')) return;
  audit
    .append({
      principal: 'gatehouse',
      front: 'sandbox',
      method: 'sandbox/start',
      serverKey,
      decision: 'deny',
      outcome: 'error',
      errorCode: typeof error.code === 'string' ? error.code.slice(0, 64) : 'START_REFUSED',
      latencyMs: 0,
    })
    .catch((failure: unknown) =>
      logger.error({ err: failure }, 'audit: recording a refused start failed'),
    );
}
