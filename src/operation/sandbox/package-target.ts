/**
 * @module operation/sandbox/package-target
 * Turns `npx -y PACKAGE …` entries into a run of the package's bin from the verified store: the
 * package and its dependency closure are fetched and locked outside the sandbox (first start), and
 * every later start runs the locked tree offline. Threat: code that changes between starts, fetched
 * by npx inside the server's own rights, with install scripts.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';

// Only the parser, straight from its module: the package store behind creation/packages (npm's
// spec parser, semver, file locks, the transparency schemas) is imported when a config has an
// `npx` entry, not by every `gatehouse run` (the RSS target with ten upstreams, issue 7).
import { parseNpxLaunch } from '../../creation/packages/npx-launch.js';
import type { GatehouseConfig } from '../../shared/config/schema.js';
import type { Logger } from '../../shared/logging/index.js';
import { installRoot, isSystemPath } from './launch-target.js';
import type { PackageTargetResolver } from './sandbox-launcher.js';

/** The lock of `npx` packages. */
export const LOCK_FILE = 'gatehouse.lock';

/** Where packages live when no `gateway.packages.dir` is set. */
export function packagesDir(config: GatehouseConfig, stateDir: string): string {
  const configured = config.gateway.packages.dir ?? process.env.GATEHOUSE_PACKAGES_DIR;
  if (configured !== undefined && configured !== '') return path.resolve(configured);
  // Root's state folder sits in a private home the sandbox's unprivileged uid cannot traverse.
  return process.getuid?.() === 0 ? '/var/lib/gatehouse' : stateDir;
}

export interface PackageTargetOptions {
  readonly config: GatehouseConfig;
  readonly stateDir: string;
  /** The config file: `gatehouse.lock` sits beside it unless `gateway.packages.lockFile` says. */
  readonly configFile?: string;
  readonly logger: Logger;
}

/** The resolver the launcher asks about every stdio entry. */
export function packageTargets(options: PackageTargetOptions): PackageTargetResolver {
  const { config, logger } = options;
  const packages = config.gateway.packages;
  const lockFile =
    packages.lockFile ??
    path.join(options.configFile ? path.dirname(options.configFile) : options.stateDir, LOCK_FILE);
  return async (serverKey, server, mode) => {
    const parsed = parseNpxLaunch(server.command, server.args);
    if (parsed.kind !== 'npx') return undefined;
    const { DEFAULT_REGISTRY, resolvePackage } = await import('../../creation/packages/index.js');
    const resolved = await resolvePackage(parsed, {
      stateDir: packagesDir(config, options.stateDir),
      lockFile,
      registry: packages.registry ?? (process.env.npm_config_registry || DEFAULT_REGISTRY),
      offline: mode === 'explain',
      logger,
      onProgress: (event) => {
        if (event.type === 'fetching' && event.done !== event.total && event.done % 20 !== 0)
          return;
        logger.info({ server: serverKey, ...event }, `package ${event.spec}: ${event.type}`);
      },
    });
    const node = realpathSync(process.execPath);
    return {
      command: node,
      args: [resolved.binPath, ...resolved.argv],
      grants: [
        { path: resolved.storeDir, mode: 'ro', origin: 'package' },
        ...(isSystemPath(node)
          ? []
          : [{ path: installRoot(node), mode: 'ro' as const, origin: 'command' as const }]),
      ],
      package: { name: resolved.name, version: resolved.version, storeDir: resolved.storeDir },
    };
  };
}
