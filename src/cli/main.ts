#!/usr/bin/env node
/**
 * @module cli/main
 * The `gatehouse` command. A thin shell: each subcommand parses its flags, calls one module, and
 * prints human or `--json` output; errors map to the documented exit codes in one place.
 */
import { Command, CommanderError } from 'commander';

import { EXIT, exitCodeFor } from './exit-codes.js';
import { reportError } from './output.js';
import { VERSION } from './version.js';

type Register = (program: Command) => void;

/**
 * Every subcommand, in the order `--help` lists them, each module loaded only when needed: a
 * command's module imports what it runs (the gateway, the registry, the installer with npm's
 * libraries…), and loading all of them cost every `gatehouse run` tens of MiB of RSS it never
 * used (the RSS target with ten upstreams, issue 7).
 */
const COMMANDS: readonly { readonly name: string; readonly load: () => Promise<Register> }[] = [
  { name: 'run', load: async () => (await import('./commands/run.js')).registerRunCommand },
  { name: 'check', load: async () => (await import('./commands/check.js')).registerCheckCommand },
  { name: 'scan', load: async () => (await import('./commands/scan.js')).registerScanCommand },
  {
    name: 'import',
    load: async () => (await import('./commands/import.js')).registerImportCommand,
  },
  { name: 'key', load: async () => (await import('./commands/key.js')).registerKeyCommand },
  {
    name: 'policy',
    load: async () => (await import('./commands/policy.js')).registerPolicyCommand,
  },
  { name: 'audit', load: async () => (await import('./commands/audit.js')).registerAuditCommand },
  { name: 'pins', load: async () => (await import('./commands/pins.js')).registerPinsCommand },
  {
    name: 'approve',
    load: async () => (await import('./commands/approve.js')).registerApproveCommand,
  },
  {
    name: 'sandbox',
    load: async () => (await import('./commands/sandbox.js')).registerSandboxCommand,
  },
  {
    name: 'registry',
    load: async () => (await import('./commands/registry.js')).registerRegistryCommand,
  },
  {
    name: 'verify',
    load: async () => (await import('./commands/verify.js')).registerVerifyCommand,
  },
  {
    name: 'install',
    load: async () => (await import('./commands/install.js')).registerInstallCommand,
  },
];

/**
 * The commands to register for `argv`: the one named when the first word is a subcommand (the
 * program has no options of its own that take a value, so the first word that is not a flag
 * is the command), otherwise all of them (`--help`, `help run`, a typo that commander answers
 * with a suggestion), so help and errors read as before.
 */
async function commandsFor(argv: readonly string[]): Promise<Register[]> {
  const first = argv.slice(2).find((arg) => !arg.startsWith('-'));
  const named = COMMANDS.find((command) => command.name === first);
  return Promise.all((named ? [named] : COMMANDS).map((command) => command.load()));
}

function buildProgram(registers: readonly Register[]): Command {
  const program = new Command()
    .name('gatehouse')
    .description('Run the whole life of MCP servers safely: one gateway in front of many servers.')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError();
  for (const register of registers) register(program);
  return program;
}

async function main(argv: readonly string[]): Promise<void> {
  const json = argv.includes('--json');
  try {
    const program = buildProgram(await commandsFor(argv));
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
