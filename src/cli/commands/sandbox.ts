/**
 * @module cli/commands/sandbox
 * `gatehouse sandbox explain SERVER -c CONFIG [--json]`: the effective sandbox of one stdio
 * server (identity, namespaces, every visible host path and why, environment with secrets
 * redacted, network, limits, seccomp) and the exact command line that starts it.
 */
import type { Command } from 'commander';

import { formatExplanation } from '../../operation/sandbox/explain.js';
import { loadConfig } from '../../shared/config/index.js';
import { UsageError } from '../../shared/errors/index.js';
import { createLogger } from '../../shared/logging/index.js';
import { resolveStateDir } from '../../shared/store/index.js';
import { buildLauncher } from '../launcher.js';
import { writeJson, writeOut } from '../output.js';

interface ExplainOptions {
  config: string;
  json?: boolean;
  stateDir?: string;
}

export function registerSandboxCommand(program: Command): void {
  const sandbox = program.command('sandbox').description('Inspect the sandbox of stdio servers');
  sandbox
    .command('explain')
    .description("Print a server's effective sandbox policy and the command that starts it")
    .argument('<server>', 'the server key in the config')
    .requiredOption('-c, --config <file>', 'gatehouse.yaml, or a client config')
    .option('--state-dir <dir>', 'the state folder (where the package store is)')
    .option('--json', 'print JSON')
    .action(async (server: string, options: ExplainOptions) => {
      const loaded = await loadConfig(options.config, { env: process.env });
      const entry = loaded.config.servers[server];
      if (!entry) {
        const known = Object.keys(loaded.config.servers).join(', ') || 'none';
        throw new UsageError(`no server "${server}" in ${loaded.file} (servers: ${known})`);
      }
      if (entry.transport !== 'stdio') {
        throw new UsageError(
          `server "${server}" is a remote (${entry.transport}) server: it runs elsewhere and has no sandbox here`,
        );
      }
      const logger = createLogger({ level: 'silent' });
      const launcher = buildLauncher({
        config: loaded.config,
        configFile: loaded.file,
        stateDir: resolveStateDir(options.stateDir ?? loaded.config.gateway.stateDir),
        logger,
      });
      const explanation = await launcher.explain(server, entry);
      if (options.json) writeJson(explanation);
      else for (const line of formatExplanation(explanation)) writeOut(line);
    });
}
