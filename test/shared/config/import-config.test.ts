import { homedir } from 'node:os';

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { importConfig, loadConfig } from '../../../src/shared/config/index.js';
import { ConfigError, ErrorCode } from '../../../src/shared/errors/index.js';
import { fixture, tempFiles } from './helpers.js';

const files = tempFiles();

const ENV = {
  GITHUB_TOKEN: 'ghp_test',
  DATABASE_URL: 'postgres://localhost/app',
  CONTEXT7_API_KEY: 'c7',
  API_KEY: 'k1',
  SEARCH_TOKEN: 'tok',
  GATEHOUSE_INPUT_GITHUB_PAT: 'ghp_input',
  GATEHOUSE_INPUT_LOG_LEVEL: 'debug',
};

describe('importConfig', () => {
  it('refuses what loadConfig refuses', async () => {
    const file = await files.write(
      '.vscode/mcp.json',
      JSON.stringify({
        inputs: [],
        servers: { a: { type: 'stdio', command: '${input:nope}', args: ['${'] } },
      }),
    );
    const error: unknown = await importConfig(file).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe(ErrorCode.ConfigInvalid);
    expect((error as ConfigError).issues.map((issue) => issue.path)).toEqual([
      'servers.a.command',
      'servers.a.args[0]',
    ]);
  });

  it('refuses a literal url that would not load', async () => {
    const file = await files.write(
      'mcp.json',
      JSON.stringify({ mcpServers: { a: { url: 'ftp://x' } } }),
    );
    await expect(importConfig(file)).rejects.toThrow(
      'mcpServers.a.url: Must be an http:// or https:// URL.',
    );
  });

  it.each([
    'claude-desktop/claude_desktop_config.json',
    'cursor-project/.cursor/mcp.json',
    'claude-code-project/.mcp.json',
    'cline/cline_mcp_settings.json',
    'vscode-project/.vscode/mcp.json',
    'gatehouse/gatehouse.yaml',
  ])('writes %s as gatehouse.yaml that loads to the same config', async (name) => {
    const source = fixture(name);
    const imported = await importConfig(source);
    // Written elsewhere on purpose: relative paths must not depend on the output's folder.
    const target = await files.write('gatehouse.yaml', imported.yaml);
    const original = await loadConfig(source, { env: ENV });
    const copy = await loadConfig(target, { env: ENV });
    expect(copy.format).toBe('gatehouse');
    expect(copy.warnings).toEqual([]);
    expect(copy.config).toEqual(original.config);
    expect(imported.warnings).toEqual(original.warnings);
  });

  it('keeps variables, writes out workspace and home folders, and turns inputs into env variables', async () => {
    const { yaml } = await importConfig(fixture('vscode-project/.vscode/mcp.json'));
    expect(yaml).toMatch(
      /^# gatehouse\.yaml written by Gatehouse\.\n# Imported from .*vscode-project\/\.vscode\/mcp\.json \(VS Code mcp\.json\)\./,
    );
    expect(yaml).toContain(
      'Authorization: Bearer ${GATEHOUSE_INPUT_GITHUB_PAT} # ${input:github-pat} became ${GATEHOUSE_INPUT_GITHUB_PAT}: set GATEHOUSE_INPUT_GITHUB_PAT to give it',
    );
    expect(yaml).toContain('- ${GATEHOUSE_INPUT_LOG_LEVEL:-info} # ${input:log-level} became');
    expect(yaml).toContain(`envFile: ${fixture('vscode-project/.env')}`);
    expect(yaml).not.toContain('sandboxEnabled');
    expect(yaml).not.toContain('workspaceFolder}');
  });

  it('warns when an input default cannot be carried over', async () => {
    const file = await files.write(
      '.vscode/mcp.json',
      JSON.stringify({
        inputs: [{ type: 'promptString', id: 'fmt', default: '{x}' }],
        servers: { a: { type: 'stdio', command: 'x', args: ['${input:fmt}'] } },
      }),
    );
    const { yaml, warnings } = await importConfig(file);
    expect(yaml).toContain('- ${GATEHOUSE_INPUT_FMT} #');
    expect(warnings).toEqual([
      {
        file,
        path: 'servers.a.args[0]',
        problem:
          'The default of input "fmt" contains "}" and cannot be written as a ${GATEHOUSE_INPUT_FMT:-default} fallback; it is left out.',
      },
    ]);
  });

  it('leaves out fields equal to their default', async () => {
    const { yaml } = await importConfig(fixture('gatehouse/gatehouse.yaml'));
    const written = parse(yaml) as Record<string, any>;
    expect(written['version']).toBeUndefined();
    expect(written['gateway']).toEqual({
      listen: '127.0.0.1:8808',
      requestTimeoutMs: 30000,
      allowedHosts: ['gatehouse.internal'],
    });
    expect(written['servers'].files).toEqual({
      transport: 'stdio',
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-filesystem', '${HOME_DOCS:-/srv/docs}'],
      cwd: '~/work',
      timeoutMs: 20000,
      roots: ['/srv/docs', fixture('gatehouse/shared'), 'file:///srv/data'],
    });
    expect(written['servers'].legacy).toEqual({
      transport: 'sse',
      url: 'http://localhost:9000/sse',
      enabled: false,
    });
  });

  it('writes ${userHome} out and escapes literal ${ so it stays literal', async () => {
    const file = await files.write(
      'mcp.json',
      JSON.stringify({
        mcpServers: { a: { command: 'sh', args: ['-c', 'echo $${HOME}', '${userHome}/x'] } },
      }),
    );
    const { yaml } = await importConfig(file);
    const written = parse(yaml) as Record<string, any>;
    expect(written['servers'].a.args).toEqual(['-c', 'echo $${HOME}', `${homedir()}/x`]);
    const target = await files.write('gatehouse.yaml', yaml);
    expect((await loadConfig(target, { env: {} })).config.servers['a']).toMatchObject({
      args: ['-c', 'echo ${HOME}', `${homedir()}/x`],
    });
  });
});
