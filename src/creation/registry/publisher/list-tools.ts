/**
 * @module creation/registry/publisher/list-tools
 * Lists a package's tools the way Gatehouse will run it: from the verified package store, inside
 * the bubblewrap sandbox (no network, no home, an unprivileged uid), connected with the gateway's
 * own upstream client. The definitions hash of a release comes from this list, so a publisher
 * never has to run an unreviewed server with their own rights to publish it.
 */
import type { UpstreamHooks } from '../../../operation/gateway/upstream/index.js';
import { UpstreamConnection } from '../../../operation/gateway/upstream/index.js';
import { packageTargets, SandboxLauncher } from '../../../operation/sandbox/index.js';
import { GatehouseConfigSchema } from '../../../shared/config/schema.js';
import { ErrorCode, GatehouseError } from '../../../shared/errors/index.js';
import type { Logger } from '../../../shared/logging/index.js';
import { silentLogger } from '../../../shared/logging/index.js';

/** Options of {@link listToolsSandboxed}. */
export interface ListToolsOptions {
  /** `name@version` of a package in the store (resolved before, so no network is needed). */
  readonly spec: string;
  /** Arguments after the package, e.g. `stdio`. */
  readonly args?: readonly string[];
  readonly stateDir: string;
  readonly packagesDir: string;
  readonly lockFile: string;
  readonly npmRegistry: string;
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

const NO_HOOKS: UpstreamHooks = {
  onReady: () => undefined,
  onUnavailable: () => undefined,
  onCatalogChanged: () => undefined,
  onLogMessage: () => undefined,
  onResourceUpdated: () => undefined,
  onServerRequest: () =>
    Promise.reject(new Error('the server asked the client during tools/list; nobody answers')),
};

/** Starts the package sandboxed, lists its tools (every page), and stops it. */
export async function listToolsSandboxed(options: ListToolsOptions): Promise<unknown[]> {
  const logger = options.logger ?? silentLogger();
  const config = GatehouseConfigSchema.parse({
    gateway: {
      stateDir: options.stateDir,
      packages: {
        registry: options.npmRegistry,
        lockFile: options.lockFile,
        dir: options.packagesDir,
      },
    },
    servers: {
      probe: {
        transport: 'stdio',
        command: 'npx',
        args: ['-y', options.spec, ...(options.args ?? [])],
      },
    },
  });
  const server = config.servers.probe;
  if (server === undefined) throw new Error('probe server missing from its own config');
  const launcher = new SandboxLauncher({
    stateDir: options.stateDir,
    logger,
    packages: packageTargets({ config, stateDir: options.stateDir, logger }),
  });
  const connection = new UpstreamConnection('probe', server, {
    logger,
    hooks: NO_HOOKS,
    defaultTimeoutMs: options.timeoutMs ?? 60_000,
    clientInfo: { name: 'gatehouse-registry-publish', version: '1' },
    launcher,
  });
  try {
    await connection.start();
    const ready = await connection.whenReady(options.timeoutMs ?? 60_000);
    if (!ready) {
      throw new GatehouseError(
        ErrorCode.UpstreamUnavailable,
        `${options.spec} did not start in the sandbox to list its tools: ` +
          `${connection.lastError ?? 'no answer'}. Pass --definitions FILE (a tools/list result) ` +
          'or the arguments it needs with --arg',
      );
    }
    return [...connection.catalog.tools];
  } finally {
    await connection.stop();
  }
}
