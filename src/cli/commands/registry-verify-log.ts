/**
 * @module cli/commands/registry-verify-log
 * `gatehouse registry verify-log --registry URL [--log-public-key KEY] [-c CONFIG]
 * [--state-dir DIR] [--json]`: fetches the registry's current tree head, checks its signature with the log key
 * (given, else pinned on first use), requires a consistency proof from the last head this machine
 * saw (the witness in the state folder) and advances the witness. Exit 0 when the log extends
 * what was seen; 1 on a fork, rollback, inconsistency or bad signature (the JSON error carries
 * both heads); 2 usage; 4 unreachable.
 */
import type { Command } from 'commander';

import { verifyRegistryLog } from '../../creation/installer/index.js';
import type { GatehouseConfig } from '../../shared/config/index.js';
import { loadConfig } from '../../shared/config/index.js';
import { ErrorCode, GatehouseError, UsageError } from '../../shared/errors/index.js';
import { resolveStateDir } from '../../shared/store/index.js';
import { EXIT } from '../exit-codes.js';
import { reportError, writeJson, writeOut } from '../output.js';

interface VerifyLogFlags {
  registry: string;
  config?: string;
  logPublicKey?: string;
  stateDir?: string;
  json?: boolean;
}

/** What means "the log misbehaved": reported, exit 1. */
const LOG_PROBLEMS = new Set<string>([
  ErrorCode.TransparencyHeadInvalid,
  ErrorCode.TransparencyLogFork,
  ErrorCode.TransparencyLogInconsistent,
  ErrorCode.TransparencyLogRollback,
  ErrorCode.InstallLogKeyMismatch,
]);

export function registerRegistryVerifyLogCommand(registry: Command): void {
  registry
    .command('verify-log')
    .description("Check that a registry's transparency log extends what this machine saw")
    .requiredOption('--registry <url>', 'the registry, e.g. http://127.0.0.1:8809')
    .option('--log-public-key <key>', "the log's public key (default: pinned on first use)")
    .option('-c, --config <file>', 'a config whose stateDir and pinned registry keys to use')
    .option('--state-dir <dir>', 'the state folder (the witness lives there)')
    .option('--json', 'print JSON')
    .action(async (flags: VerifyLogFlags) => {
      try {
        new URL(flags.registry);
      } catch {
        throw new UsageError(`--registry "${flags.registry}": not a URL`);
      }
      const config = flags.config
        ? (await loadConfig(flags.config, { env: process.env })).config
        : undefined;
      const logPublicKey = flags.logPublicKey ?? configuredKey(flags.registry, config);
      try {
        const result = await verifyRegistryLog({
          registry: flags.registry,
          stateDir: resolveStateDir(flags.stateDir ?? config?.gateway.stateDir),
          ...(logPublicKey !== undefined ? { logPublicKey } : {}),
        });
        if (flags.json) {
          writeJson(result);
          return;
        }
        const from = result.previous
          ? `from size ${result.previous.treeSize}`
          : `first head seen (log key ${result.logKey})`;
        writeOut(
          `${result.registry}: log ${result.logId.slice(0, 16)}… consistent, ${from} to size ` +
            `${result.head.treeSize} (root ${result.head.rootHash.slice(0, 16)}…)`,
        );
      } catch (error) {
        if (!(error instanceof GatehouseError) || !LOG_PROBLEMS.has(error.code)) throw error;
        reportError(error, flags.json ?? false);
        process.exitCode = EXIT.PROBLEMS;
      }
    });
}

/** The log key `gateway.registries` pins for `registry`, if any. */
function configuredKey(registry: string, config: GatehouseConfig | undefined): string | undefined {
  const wanted = registry.replace(/\/+$/, '');
  for (const entry of config?.gateway.registries ?? []) {
    if (typeof entry !== 'string' && entry.url.replace(/\/+$/, '') === wanted) {
      return entry.logPublicKey;
    }
  }
  return undefined;
}
