/**
 * @module cli/commands/run
 * `gatehouse run -c FILE (--stdio | --listen HOST:PORT)`: start the gateway.
 */
import type { Command } from 'commander';

import { openAuditLog } from '../../operation/audit/index.js';
import {
  assertBindAllowed,
  clientSnippet,
  parseListenAddress,
  runStdioFront,
  SSE_PATH,
  startHttpFront,
} from '../../operation/gateway/downstream/index.js';
import { configDirOf, Gateway } from '../../operation/gateway/gateway.js';
import { startupReport } from '../../operation/gateway/startup-report.js';
import { compilePolicy } from '../../operation/policy/index.js';
import { ScanCache } from '../../operation/scanner/index.js';
import { createTerminalPrompter, loadConfig } from '../../shared/config/index.js';
import { UsageError } from '../../shared/errors/index.js';
import type { LogLevel } from '../../shared/logging/index.js';
import { createLogger } from '../../shared/logging/index.js';
import { buildLauncher } from '../launcher.js';
import { writeErr } from '../output.js';
import { openState } from '../state.js';
import { VERSION } from '../version.js';

interface RunOptions {
  config: string;
  stdio?: boolean;
  listen?: string;
  logLevel: LogLevel;
  startupTimeout: string;
  stateDir?: string;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('Start the gateway in front of every server in the config')
    .requiredOption(
      '-c, --config <file>',
      'gatehouse.yaml, or a client config (mcpServers / VS Code servers)',
    )
    .option('--stdio', 'serve one host on stdin/stdout')
    .option(
      '--listen <host:port>',
      'serve Streamable HTTP (/mcp) and HTTP+SSE (/sse) on this address',
    )
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent', 'info')
    .option('--startup-timeout <ms>', 'how long to wait for servers before serving', '60000')
    .option(
      '--state-dir <dir>',
      'run-time state (pins, audit); default: gateway.stateDir or the per-user state folder',
    )
    .action(async (options: RunOptions) => {
      await run(options);
    });
}

async function run(options: RunOptions): Promise<void> {
  const startupTimeout = Number(options.startupTimeout);
  if (!Number.isInteger(startupTimeout) || startupTimeout < 0) {
    throw new UsageError(
      `--startup-timeout "${options.startupTimeout}": expected a whole number of milliseconds`,
    );
  }
  const prompter = createTerminalPrompter();
  const loaded = await loadConfig(options.config, {
    env: process.env,
    ...(prompter ? { prompter } : {}),
  });
  const listen = options.listen ?? (options.stdio ? undefined : loaded.config.gateway.listen);
  if (options.stdio && options.listen) throw new UsageError('choose one of --stdio and --listen');
  if (!options.stdio && listen === undefined) {
    throw new UsageError(
      'say how hosts connect: --stdio, or --listen HOST:PORT (e.g. 127.0.0.1:8808)',
    );
  }
  const address = listen === undefined ? undefined : parseListenAddress(listen);
  if (address) assertBindAllowed(address, loaded.config.gateway);
  const logger = createLogger({ level: options.logLevel });
  for (const warning of loaded.warnings) {
    logger.warn({ file: warning.file, path: warning.path }, warning.problem);
  }
  const state = openState(loaded.config, options.stateDir);
  const policy = compilePolicy(loaded.config, { file: loaded.file });
  for (const warning of policy.warnings) logger.warn({ file: loaded.file }, warning);
  const audit = await openAuditLog({
    stateDir: state.stateDir,
    logger,
    config: loaded.config.gateway.audit,
  });
  const launcher = buildLauncher({
    config: loaded.config,
    configFile: loaded.file,
    stateDir: state.stateDir,
    logger,
    ...(loaded.config.gateway.audit.enabled ? { audit } : {}),
  });
  const gateway = new Gateway({
    config: loaded.config,
    logger,
    version: VERSION,
    launcher,
    configDir: configDirOf(loaded.file),
    pins: state.pins,
    // Threat: poisoned definitions. Every list is scanned before any host sees it (cached by
    // content hash, so a re-list costs a hash per item).
    scanner: new ScanCache(),
    policy,
    // A disabled log records nothing; leaving it out also skips assembling records.
    ...(loaded.config.gateway.audit.enabled ? { audit } : {}),
  });
  await gateway.start(startupTimeout);
  for (const line of startupReport(gateway)) logger.warn(line);

  const stop = async (): Promise<void> => {
    await gateway.stop().catch(() => undefined);
    launcher.close();
    // Commits what is pending and signs the tail, so the log ends on a checkpoint.
    await audit.close().catch((error: unknown) => {
      logger.error({ err: error }, 'audit: closing the log failed');
    });
    state.close();
  };
  if (address === undefined) {
    installSignalHandlers(stop);
    await runStdioFront({ gateway, logger, maxLineBytes: loaded.config.gateway.maxBodyBytes });
    await stop();
    return;
  }
  const front = await startHttpFront({ address, gateway, config: loaded.config.gateway, logger });
  installSignalHandlers(async () => {
    await front.close();
    await stop();
  });
  const sseUrl = front.url.replace(/\/mcp$/, SSE_PATH);
  writeErr(clientSnippet(front.url, { keyed: loaded.config.gateway.auth.keys.length > 0, sseUrl }));
  await new Promise<void>(() => undefined);
}

function installSignalHandlers(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (): void => {
    if (stopping) return;
    stopping = true;
    void stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
