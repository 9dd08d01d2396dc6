/**
 * @module cli/commands/run
 * `gatehouse run -c FILE (--stdio | --listen HOST:PORT [--workers N])`: start the gateway. With
 * `--workers N` (N > 1) this process becomes the primary of a pool of N gateway processes sharing
 * the port (see `operation/gateway/cluster`); each worker runs this same command.
 */
import type { Command } from 'commander';

import { openAuditLog } from '../../operation/audit/index.js';
import {
  awaitWorkerInit,
  isPoolWorker,
  runWorkerPool,
  stopWithPrimary,
  workerId,
} from '../../operation/gateway/cluster/index.js';
import type { WorkerRoutes } from '../../operation/gateway/downstream/index.js';
import { sessionMark } from '../../operation/gateway/downstream/index.js';
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
import { boundHeapGrowth } from '../heap-growth.js';
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
  workers: string;
}

/** The most worker processes `--workers` accepts. */
const MAX_WORKERS = 64;

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
    .option(
      '--workers <n>',
      'with --listen: serve the port from N gateway processes (one per core is a good start)',
      '1',
    )
    .action(async (options: RunOptions) => {
      await run(options);
    });
}

async function run(options: RunOptions): Promise<void> {
  // A long-running gateway: keep its heap near the live set (see cli/heap-growth).
  boundHeapGrowth();
  const startupTimeout = Number(options.startupTimeout);
  if (!Number.isInteger(startupTimeout) || startupTimeout < 0) {
    throw new UsageError(
      `--startup-timeout "${options.startupTimeout}": expected a whole number of milliseconds`,
    );
  }
  const workers = Number(options.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) {
    throw new UsageError(
      `--workers "${options.workers}": expected a whole number from 1 to ${MAX_WORKERS}`,
    );
  }
  if (workers > 1 && options.stdio) {
    throw new UsageError('--workers needs --listen: a stdio host talks to one process');
  }
  const pooled = workers > 1 || isPoolWorker();
  // A pool's processes cannot each ask at the terminal: secrets come from the environment.
  const prompter = pooled ? undefined : createTerminalPrompter();
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
  const rootLogger = createLogger({ level: options.logLevel });
  if (workers > 1 && !isPoolWorker()) {
    for (const warning of loaded.warnings) {
      rootLogger.warn({ file: warning.file, path: warning.path }, warning.problem);
    }
    await runWorkerPool({
      workers,
      ...(loaded.config.gateway.requestStateKey === undefined
        ? {}
        : { requestStateKey: loaded.config.gateway.requestStateKey }),
      logger: rootLogger,
      onListening: ({ port }) => {
        const host = address?.host.includes(':') ? `[${address.host}]` : address?.host;
        const url = `http://${host}:${port}/mcp`;
        writeErr(
          clientSnippet(url, {
            keyed: loaded.config.gateway.auth.keys.length > 0,
            sseUrl: url.replace(/\/mcp$/, SSE_PATH),
          }),
        );
        rootLogger.info({ workers, url }, 'gateway workers listening');
      },
    });
    return;
  }
  let routes: WorkerRoutes | undefined;
  let config = loaded.config;
  if (isPoolWorker()) {
    const init = await awaitWorkerInit();
    routes = { self: workerId(), socketDir: init.socketDir };
    // Every worker seals and opens 2026-07-28 requestState with the same key.
    config = { ...config, gateway: { ...config.gateway, requestStateKey: init.requestStateKey } };
  }
  const logger = routes ? rootLogger.child({ worker: routes.self }) : rootLogger;
  if (!routes) {
    for (const warning of loaded.warnings) {
      logger.warn({ file: warning.file, path: warning.path }, warning.problem);
    }
  }
  const state = openState(config, options.stateDir);
  const policy = compilePolicy(config, { file: loaded.file });
  for (const warning of policy.warnings) logger.warn({ file: loaded.file }, warning);
  const audit = await openAuditLog({
    stateDir: state.stateDir,
    logger,
    config: config.gateway.audit,
  });
  const launcher = buildLauncher({
    config: config,
    configFile: loaded.file,
    stateDir: state.stateDir,
    logger,
    ...(config.gateway.audit.enabled ? { audit } : {}),
  });
  const gateway = new Gateway({
    config: config,
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
    ...(config.gateway.audit.enabled ? { audit } : {}),
    ...(routes ? { stateMark: sessionMark(routes.self) } : {}),
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
    await runStdioFront({ gateway, logger, maxLineBytes: config.gateway.maxBodyBytes });
    await stop();
    return;
  }
  const front = await startHttpFront({
    address,
    gateway,
    config: config.gateway,
    logger,
    ...(routes ? { workers: routes } : {}),
  });
  const shutdown = installSignalHandlers(async () => {
    await front.close();
    await stop();
  });
  if (routes) {
    // The primary says where to connect, once for the pool.
    stopWithPrimary(shutdown);
  } else {
    const sseUrl = front.url.replace(/\/mcp$/, SSE_PATH);
    writeErr(clientSnippet(front.url, { keyed: config.gateway.auth.keys.length > 0, sseUrl }));
  }
  await new Promise<void>(() => undefined);
}

/** Stops on SIGINT or SIGTERM; returns the same stop, for other reasons to stop. */
function installSignalHandlers(stop: () => Promise<void>): () => void {
  let stopping = false;
  const handler = (): void => {
    if (stopping) return;
    stopping = true;
    void stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return handler;
}
