/**
 * `gatehouse install --client claude|cursor|vscode|claude-code`, from the command line on temp
 * host files: the host's servers move into the Gatehouse config (through the import code,
 * variables kept), the host gets one `gatehouse` stdio entry and keeps its other settings, a
 * timestamped backup holds the original bytes, and the SHA-256 of what was written is recorded so
 * a later change by someone else is told. The rewritten Claude config is then started the way
 * the host starts it, and the moved server answers through Gatehouse.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { parse as parseJsonc } from 'jsonc-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import type { FixtureRegistry } from '../../../fixtures/registry/index.js';
import { checkClientConfigs, installerPaths } from '../../../src/creation/installer/index.js';
import { sandboxSupport } from '../../../src/operation/sandbox/index.js';
import { CLI } from '../../helpers/paths.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { EVERYTHING, useRegistry, useWorldReadableTempDir } from './install-harness.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

const dir = useTempDir('gatehouse-install-client-');
const packagesDir = useWorldReadableTempDir();
const stateDir = path.join(dir, 'state');
let npm: FixtureRegistry | undefined;

function env(): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    ...(npm ? { npm_config_registry: npm.url } : {}),
    GATEHOUSE_PACKAGES_DIR: packagesDir,
    GATEHOUSE_STATE_DIR: stateDir,
  };
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: env(), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const sha256 = (file: string): string =>
  createHash('sha256').update(readFileSync(file)).digest('hex');

/** Host files may carry comments (JSONC), as Claude and VS Code allow. */
const readJson = (file: string): Record<string, any> =>
  parseJsonc(readFileSync(file, 'utf8')) as Record<string, any>;

describe('gatehouse install --client', () => {
  const claudeDir = path.join(dir, 'claude');
  const host = path.join(claudeDir, 'claude_desktop_config.json');
  const gatehouseConfig = path.join(dir, 'gatehouse.yaml');
  const original = `{
  // Claude Desktop settings Gatehouse must keep
  "globalShortcut": "Ctrl+Space",
  "mcpServers": {
    "everything": { "command": "npx", "args": ["-y", "${EVERYTHING}"] },
    "notes": { "command": "node", "args": ["notes.js"], "cwd": "work", "env": { "TOKEN": "\${NOTES_TOKEN}" } }
  }
}
`;

  beforeAll(() => {
    mkdirSync(claudeDir);
    writeFileSync(host, original);
  });

  it('refuses to point a host at itself: -c must not be the host file', async () => {
    const run = await cli(
      'install',
      '--client',
      'claude',
      '--config-path',
      host,
      '-c',
      host,
      '--json',
    );
    expect(run.status).toBe(2);
    expect(readFileSync(host, 'utf8')).toBe(original);
  });

  it('moves the servers into the Gatehouse config, backs up the host file and records its hash', async () => {
    const run = await cli(
      'install',
      '--client',
      'claude',
      '--config-path',
      host,
      '-c',
      gatehouseConfig,
      '--json',
    );
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, any>;
    expect(result).toMatchObject({
      client: 'claude',
      moved: ['everything', 'notes'],
      changedSinceLastWrite: false,
    });
    // The backup holds the original bytes.
    expect(readFileSync(result.backup as string, 'utf8')).toBe(original);
    expect(path.dirname(result.backup as string)).toBe(claudeDir);
    // The host keeps its settings and comments, and runs only Gatehouse.
    const text = readFileSync(host, 'utf8');
    expect(text).toContain('// Claude Desktop settings Gatehouse must keep');
    const written = parseJsonc(text) as Record<string, any>;
    expect(written.globalShortcut).toBe('Ctrl+Space');
    expect(Object.keys(written.mcpServers as object)).toEqual(['gatehouse']);
    expect(written.mcpServers.gatehouse.args.slice(-4)).toEqual([
      'run',
      '-c',
      gatehouseConfig,
      '--stdio',
    ]);
    // The servers moved, variables still variables (no secret copied in clear).
    const moved = parse(readFileSync(gatehouseConfig, 'utf8')) as Record<string, any>;
    expect(moved.servers.everything).toEqual({
      transport: 'stdio',
      command: 'npx',
      args: ['-y', EVERYTHING],
    });
    expect(moved.servers.notes.env).toEqual({ TOKEN: '${NOTES_TOKEN}' });
    // A relative folder is taken from the host file's folder, as the host takes it.
    expect(moved.servers.notes.cwd).toBe(path.join(claudeDir, 'work'));
    expect(readdirSync(claudeDir).filter((f) => f.includes('gatehouse-import'))).toEqual([]);
    // The hash of what was written is recorded, owner-only.
    const records = readJson(installerPaths(stateDir).clientRecordsFile);
    expect(records.files[host].sha256).toBe(sha256(host));
    expect(result.sha256).toBe(sha256(host));
    expect((await checkClientConfigs(installerPaths(stateDir).clientRecordsFile))[0]).toMatchObject(
      {
        file: host,
        status: 'unchanged',
      },
    );
  });

  it('tells when someone else changed the host file since, and moves what they added', async () => {
    const current = readJson(host);
    current.mcpServers.added = { command: 'node', args: ['added.js'] };
    writeFileSync(host, JSON.stringify(current, null, 2));
    expect((await checkClientConfigs(installerPaths(stateDir).clientRecordsFile))[0]).toMatchObject(
      {
        status: 'changed',
      },
    );
    const run = await cli(
      'install',
      '--client',
      'claude',
      '--config-path',
      host,
      '-c',
      gatehouseConfig,
      '--json',
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('was changed by someone else since Gatehouse wrote it');
    const result = JSON.parse(run.stdout) as Record<string, any>;
    expect(result).toMatchObject({ moved: ['added'], changedSinceLastWrite: true });
    expect(Object.keys(readJson(host).mcpServers as object)).toEqual(['gatehouse']);
    // Run again: nothing to move, nothing changed by others.
    const again = JSON.parse(
      (
        await cli(
          'install',
          '--client',
          'claude',
          '--config-path',
          host,
          '-c',
          gatehouseConfig,
          '--json',
        )
      ).stdout,
    ) as Record<string, any>;
    expect(again).toMatchObject({ moved: [], changedSinceLastWrite: false });
    expect(readdirSync(claudeDir).filter((f) => f.includes('gatehouse-backup-')).length).toBe(3);
  });

  it('VS Code: replaces `servers`, keeps `inputs`, renames a clash and skips what is already there', async () => {
    const workspace = path.join(dir, 'workspace');
    mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    const vscode = path.join(workspace, '.vscode', 'mcp.json');
    writeFileSync(
      vscode,
      JSON.stringify({
        inputs: [{ type: 'promptString', id: 'key', description: 'API key', password: true }],
        servers: {
          everything: { type: 'stdio', command: 'npx', args: ['-y', EVERYTHING] },
          notes: { type: 'stdio', command: 'node', args: ['other-notes.js'] },
          keyed: { type: 'stdio', command: 'node', args: ['k.js'], env: { KEY: '${input:key}' } },
        },
      }),
    );
    const run = await cli(
      'install',
      '--client',
      'vscode',
      '--config-path',
      vscode,
      '-c',
      gatehouseConfig,
      '--json',
    );
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, any>;
    expect(result.alreadyThere).toEqual(['everything']);
    expect(result.moved).toEqual(['notes->notes-vscode', 'keyed']);
    const written = readJson(vscode);
    expect(written.inputs).toHaveLength(1);
    expect(written.servers).toEqual({
      gatehouse: expect.objectContaining({ type: 'stdio', command: process.execPath }),
    });
    const config = parse(readFileSync(gatehouseConfig, 'utf8')) as Record<string, any>;
    expect(config.servers['notes-vscode'].args).toEqual(['other-notes.js']);
    expect(config.servers.keyed.env.KEY).toBe('${GATEHOUSE_INPUT_KEY}');
  });

  it('Cursor and Claude Code: their own entry shapes, a new file created owner-only', async () => {
    const cursor = path.join(dir, 'cursor-mcp.json');
    const claudeCode = path.join(dir, 'project', '.mcp.json');
    mkdirSync(path.dirname(claudeCode));
    for (const [client, file] of [
      ['cursor', cursor],
      ['claude-code', claudeCode],
    ] as const) {
      const run = await cli(
        'install',
        '--client',
        client,
        '--config-path',
        file,
        '-c',
        gatehouseConfig,
        '--json',
      );
      expect(run.status, run.stderr).toBe(0);
      expect((JSON.parse(run.stdout) as { backup: unknown }).backup).toBeNull();
      const entry = readJson(file).mcpServers.gatehouse as Record<string, unknown>;
      expect(entry.type).toBe(client === 'claude-code' ? 'stdio' : undefined);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
  });

  it.skipIf(!sandboxSupport().ok)(
    'the rewritten Claude config starts Gatehouse, and the moved server answers through it',
    async () => {
      npm = await useRegistry([EVERYTHING]);
      // Only the sandboxable server stays; the notes servers are placeholders.
      const config = parse(readFileSync(gatehouseConfig, 'utf8')) as Record<string, any>;
      writeFileSync(
        gatehouseConfig,
        JSON.stringify({ servers: { everything: config.servers.everything } }),
      );
      const entry = readJson(host).mcpServers.gatehouse as { command: string; args: string[] };
      const client = new Client({ name: 'claude-desktop-stand-in', version: '1' });
      await client.connect(
        new StdioClientTransport({
          command: entry.command,
          args: entry.args,
          env: env(),
          stderr: 'pipe',
        }),
      );
      try {
        const echo = await client.callTool({
          name: 'everything__echo',
          arguments: { message: 'via host' },
        });
        expect(JSON.stringify(echo)).toContain('via host');
      } finally {
        await client.close();
      }
    },
    180_000,
  );
});
