/**
 * The `gatehouse` entry loads a subcommand's module only when it is named; help and unknown
 * commands still see every command.
 */
import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { CLI } from '../helpers/paths.js';

const COMMANDS = [
  'run',
  'check',
  'scan',
  'import',
  'key',
  'policy',
  'audit',
  'pins',
  'approve',
  'sandbox',
  'registry',
  'verify',
  'install',
];

function gatehouse(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

describe('gatehouse (entry)', () => {
  it('lists every command, in order, in --help', () => {
    const result = gatehouse('--help');
    expect(result.status).toBe(0);
    const listed = [...result.stdout.matchAll(/^ {2}([a-z-]+)[ [<]/gm)].map((m) => m[1]);
    expect(listed).toEqual([...COMMANDS, 'help']);
  });

  it("shows a named command's own help and subcommands", () => {
    const result = gatehouse('audit', '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: gatehouse audit');
    for (const sub of ['verify', 'tail', 'export']) expect(result.stdout).toContain(sub);
  });

  it('answers `help <command>` like `<command> --help`', () => {
    expect(gatehouse('help', 'pins').stdout).toBe(gatehouse('pins', '--help').stdout);
  });

  it('refuses an unknown command with a suggestion and the usage exit code', () => {
    const result = gatehouse('instal');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown command 'instal'");
    expect(result.stderr).toContain('install');
  });
});
