#!/usr/bin/env node
/**
 * @module cli/main
 * The `gatehouse` command. A thin shell: each subcommand parses its flags, calls one module, and
 * prints human or `--json` output; errors map to the documented exit codes in one place.
 */
import { Command, CommanderError } from 'commander';

import { registerApproveCommand } from './commands/approve.js';
import { registerAuditCommand } from './commands/audit.js';
import { registerCheckCommand } from './commands/check.js';
import { registerImportCommand } from './commands/import.js';
import { registerInstallCommand } from './commands/install.js';
import { registerKeyCommand } from './commands/key.js';
import { registerPinsCommand } from './commands/pins.js';
import { registerPolicyCommand } from './commands/policy.js';
import { registerRegistryCommand } from './commands/registry.js';
import { registerRunCommand } from './commands/run.js';
import { registerSandboxCommand } from './commands/sandbox.js';
import { registerScanCommand } from './commands/scan.js';
import { registerVerifyCommand } from './commands/verify.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { reportError } from './output.js';
import { VERSION } from './version.js';

function buildProgram(): Command {
  const program = new Command()
    .name('gatehouse')
    .description('Run the whole life of MCP servers safely: one gateway in front of many servers.')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError();
  registerRunCommand(program);
  registerCheckCommand(program);
  registerScanCommand(program);
  registerImportCommand(program);
  registerKeyCommand(program);
  registerPolicyCommand(program);
  registerAuditCommand(program);
  registerPinsCommand(program);
  registerApproveCommand(program);
  registerSandboxCommand(program);
  registerRegistryCommand(program);
  registerVerifyCommand(program);
  registerInstallCommand(program);
  return program;
}

async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  const json = argv.includes('--json');
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
      return;
    }
    reportError(error, json);
    // A failed command may leave servers or timers behind; its exit code is final.
    process.exit(exitCodeFor(error));
  }
}

void main(process.argv);
