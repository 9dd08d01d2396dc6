/**
 * @module shared/config/resolve-paths
 * Makes `cwd` and `envFile` absolute (relative to the config file's folder, `~` expanded),
 * merges each `envFile` into `env` (`env` wins on a clash), and makes relative `roots` entries
 * absolute from the config file's folder too (URIs and `~` paths stay as written), as are sandbox
 * path grants and the package lock file.
 */
import type { FoundIssue } from './config-issues.js';
import { throwIssues } from './config-issues.js';
import { readEnvFile, resolveConfigPath, resolveRootEntry } from './paths.js';
import type { GatehouseConfig, ServerConfig } from './schema.js';
import type { SourcePaths } from './source-path.js';

export async function resolvePaths(
  config: GatehouseConfig,
  file: string,
  paths: SourcePaths,
  home: string,
): Promise<GatehouseConfig> {
  const issues: FoundIssue[] = [];
  const servers = new Map<string, ServerConfig>();
  for (const [key, entry] of Object.entries(config.servers)) {
    const server =
      entry.roots === undefined
        ? entry
        : { ...entry, roots: entry.roots.map((root) => resolveRootEntry(root, file)) };
    if (server.transport !== 'stdio') {
      servers.set(key, server);
      continue;
    }
    const resolved = { ...server };
    if (server.cwd !== undefined) resolved.cwd = resolveConfigPath(server.cwd, file, home);
    if (server.sandbox) {
      resolved.sandbox = {
        ...server.sandbox,
        read: server.sandbox.read.map((p) => resolveConfigPath(p, file, home)),
        write: server.sandbox.write.map((p) => resolveConfigPath(p, file, home)),
      };
    }
    if (server.envFile !== undefined) {
      const envFile = resolveConfigPath(server.envFile, file, home);
      resolved.envFile = envFile;
      try {
        resolved.env = { ...(await readEnvFile(envFile)), ...server.env };
      } catch (error) {
        const reason =
          (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : String(error);
        issues.push({
          file,
          path: paths.format(['servers', key, 'envFile']),
          problem: `Cannot read the env file ${envFile}: ${reason}.`,
        });
      }
    }
    servers.set(key, resolved);
  }
  if (issues.length > 0) throwIssues(issues);
  const stateDir = config.gateway.stateDir;
  const packages = config.gateway.packages;
  const gateway = {
    ...config.gateway,
    ...(stateDir === undefined ? {} : { stateDir: resolveConfigPath(stateDir, file, home) }),
    packages: {
      ...packages,
      ...(packages.lockFile === undefined
        ? {}
        : { lockFile: resolveConfigPath(packages.lockFile, file, home) }),
      ...(packages.dir === undefined ? {} : { dir: resolveConfigPath(packages.dir, file, home) }),
    },
  };
  return { ...config, gateway, servers: Object.fromEntries(servers) };
}
