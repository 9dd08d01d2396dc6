/**
 * @module creation/installer/definitions-check
 * Starts the installed server once, from the verified store and inside the sandbox (no network,
 * no home, an unprivileged uid), lists its tools as the gateway would, and compares the hash of
 * their definitions with the one the publisher signed (`definitionsHashOf`).
 *
 * Threat: a package whose bytes match the release but whose behaviour does not — e.g. tools that
 * depend on something outside the signed closure, or a release signed over definitions the code
 * never lists. The tools a host will be shown must be the tools the publisher vouched for.
 */
import { ErrorCode, GatehouseError } from '../../shared/errors/index.js';
import type { Logger } from '../../shared/logging/index.js';
import { definitionsHashOf } from '../registry/index.js';
import { listToolsSandboxed } from '../registry/publisher/list-tools.js';

/** Options of {@link listDefinitions}. */
export interface DefinitionsOptions {
  /** `name@version` of the package, locked in `lockFile` and in the store. */
  readonly spec: string;
  readonly args: readonly string[];
  readonly stateDir: string;
  readonly packagesDir: string;
  readonly lockFile: string;
  readonly npmRegistry: string;
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

/** The hash of the tools the server lists, and how many there are. */
export interface ListedDefinitions {
  readonly hash: string;
  readonly toolCount: number;
}

/** Starts the server sandboxed once and hashes its tool definitions. */
export async function listDefinitions(options: DefinitionsOptions): Promise<ListedDefinitions> {
  const tools = await listToolsSandboxed({
    spec: options.spec,
    args: options.args,
    stateDir: options.stateDir,
    packagesDir: options.packagesDir,
    lockFile: options.lockFile,
    npmRegistry: options.npmRegistry,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return { hash: definitionsHashOf(tools), toolCount: tools.length };
}

/** @throws GatehouseError `INSTALL_DEFINITIONS_MISMATCH` when the hashes differ. */
export function assertDefinitions(
  listed: ListedDefinitions,
  signed: string,
  release: string,
): void {
  if (listed.hash !== signed) {
    throw new GatehouseError(
      ErrorCode.InstallDefinitionsMismatch,
      `${release}: the server lists ${listed.toolCount} tools whose definitions hash to ` +
        `${listed.hash.slice(0, 16)}…, the release signed ${signed.slice(0, 16)}…. Refused: ` +
        'the installed server does not offer the tools its publisher vouched for (the config ' +
        'and lock were not changed)',
      { data: { release, listed: listed.hash, signed } },
    );
  }
}
