/**
 * @module cli/commands/check
 * `gatehouse check -c FILE [--json]`: load the config, connect to every server once, and report
 * what each offers, which protocol revision it speaks, and every naming finding (changed
 * prefixes, clashes and their resolution, URI namespace issues), and what `run` would withhold
 * (high scan findings, changed definitions). Exit 1 if a server is unreachable or anything would
 * be withheld.
 */
import type { Command } from 'commander';

import { checkClientConfigs, installerPaths } from '../../creation/installer/index.js';
import { configDirOf, Gateway } from '../../operation/gateway/gateway.js';
import { formatNamingLines } from '../../operation/gateway/naming/index.js';
import { ScanCache } from '../../operation/scanner/index.js';
import { createTerminalPrompter, loadConfig } from '../../shared/config/index.js';
import { UsageError } from '../../shared/errors/index.js';
import { createLogger } from '../../shared/logging/index.js';
import { EXIT } from '../exit-codes.js';
import { buildLauncher } from '../launcher.js';
import { writeJson, writeOut } from '../output.js';
import { openState } from '../state.js';
import { VERSION } from '../version.js';

interface CheckOptions {
  config: string;
  json?: boolean;
  timeout: string;
  stateDir?: string;
}

export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('Connect to every configured server once and report names, clashes and problems')
    .requiredOption('-c, --config <file>', 'gatehouse.yaml, or a client config')
    .option('--json', 'print the report as JSON')
    .option('--timeout <ms>', 'how long to wait for each server', '30000')
    .option('--state-dir <dir>', 'where pins are kept (read only here)')
    .action(async (options: CheckOptions) => {
      process.exitCode = await check(options);
    });
}

async function check(options: CheckOptions): Promise<number> {
  const timeout = Number(options.timeout);
  if (!Number.isInteger(timeout) || timeout <= 0) {
    throw new UsageError(
      `--timeout "${options.timeout}": expected a positive whole number of milliseconds`,
    );
  }
  const prompter = createTerminalPrompter();
  const loaded = await loadConfig(options.config, {
    env: process.env,
    ...(prompter ? { prompter } : {}),
  });
  // Read-only: check compares with the pins (and reports quarantines) but records nothing.
  const state = openState(loaded.config, options.stateDir);
  const logger = createLogger({ level: 'silent' });
  const launcher = buildLauncher({
    config: loaded.config,
    configFile: loaded.file,
    stateDir: state.stateDir,
    logger,
  });
  const gateway = new Gateway({
    config: loaded.config,
    logger,
    version: VERSION,
    launcher,
    configDir: configDirOf(loaded.file),
    pins: state.pins,
    scanner: new ScanCache(),
    readOnlyPins: true,
  });
  try {
    await gateway.start(timeout);
    const servers = gateway.upstreams.map((u) => ({
      key: u.key,
      transport: u.config.transport,
      // Threat: a server running with the user's full rights without anyone noticing.
      sandboxed: u.config.transport === 'stdio' ? u.config.sandbox !== false : null,
      state: u.state,
      ...(u.lastError ? { error: u.lastError } : {}),
      prefix: gateway.catalog.prefixOf(u.key) ?? '',
      protocolVersion: u.protocolVersion ?? null,
      era:
        u.protocolVersion === undefined
          ? null
          : u.protocolVersion >= '2026-07-28'
            ? 'stateless'
            : 'session',
      serverInfo: u.serverInfo ?? null,
      tools: u.catalog.tools.length,
      prompts: u.catalog.prompts.length,
      resources: u.catalog.resources.length,
      resourceTemplates: u.catalog.resourceTemplates.length,
    }));
    const findings = gateway.catalog.findings();
    // What `run` would withhold: definitions with a high scan finding, and changed definitions.
    const withheld = gateway.views.withheld().map((item) => {
      const at = item.key.indexOf('\u0000');
      return {
        server: item.server,
        kind: item.key.slice(0, at),
        name: item.key.slice(at + 1),
        reason: item.reason.kind,
        message: item.reason.message,
        ...(item.reason.findings
          ? {
              findings: item.reason.findings.map((f) => ({
                ruleId: f.ruleId,
                severity: f.severity,
                pointer: f.pointer,
                message: f.message,
                ...(f.evidence === undefined ? {} : { evidence: f.evidence }),
              })),
            }
          : {}),
      };
    });
    // Threat: a host config Gatehouse pointed at itself, quietly rewritten to bypass it.
    const hostConfigs = await checkClientConfigs(installerPaths(state.stateDir).clientRecordsFile);
    const changedHosts = hostConfigs.filter((h) => h.status !== 'unchanged');
    const ok =
      servers.every((s) => s.state === 'ready') &&
      withheld.length === 0 &&
      changedHosts.length === 0;
    if (options.json) {
      writeJson({
        ok,
        file: loaded.file,
        format: loaded.format,
        warnings: loaded.warnings,
        servers,
        findings,
        withheld,
        hostConfigs,
      });
    } else {
      writeOut(`${loaded.file} (${loaded.format} format)`);
      for (const w of loaded.warnings) writeOut(`  warning: ${w.path}: ${w.problem}`);
      for (const s of servers) {
        const status =
          s.state === 'ready'
            ? `${s.tools} tools, ${s.prompts} prompts, ${s.resources} resources, ${s.resourceTemplates} templates; protocol ${s.protocolVersion} (${s.era})`
            : `NOT CONNECTED: ${s.error ?? s.state}`;
        writeOut(`  ${s.key} [${s.transport}, prefix "${s.prefix}"]: ${status}`);
        if (s.sandboxed === false) {
          writeOut(`  UNSANDBOXED: ${s.key} runs with Gatehouse's own rights (sandbox: false)`);
        }
      }
      for (const line of formatNamingLines(findings)) writeOut(`  ${line}`);
      for (const item of withheld) {
        writeOut(`  withheld: ${item.server} ${item.kind} "${item.name}": ${item.message}`);
      }
      for (const host of changedHosts) {
        writeOut(
          `  host config ${host.status.toUpperCase()}: ${host.file} (${host.client}) is not what "gatehouse install --client" wrote`,
        );
      }
      writeOut(ok ? 'ok' : 'problems found');
    }
    return ok ? EXIT.OK : EXIT.PROBLEMS;
  } finally {
    await gateway.stop();
    launcher.close();
    state.close();
  }
}
