import { writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadConfig } from '../../../src/shared/config/index.js';
import { fixture, scripted, tempFiles } from './helpers.js';

const files = tempFiles();

describe('loadConfig: formats', () => {
  it('reads a Claude Desktop config, warning about its other settings', async () => {
    const file = fixture('claude-desktop/claude_desktop_config.json');
    const loaded = await loadConfig(file, { env: { GITHUB_TOKEN: 'ghp_test' } });
    expect(loaded.format).toBe('mcpServers');
    expect(loaded.file).toBe(file);
    expect(loaded.config.servers).toEqual({
      filesystem: {
        transport: 'stdio',
        command: 'npx',
        args: [
          '-y',
          '@modelcontextprotocol/server-filesystem',
          '/Users/alice/Desktop',
          '/Users/alice/Downloads',
        ],
        env: {},
      },
      github: {
        transport: 'stdio',
        command: 'docker',
        args: [
          'run',
          '-i',
          '--rm',
          '-e',
          'GITHUB_PERSONAL_ACCESS_TOKEN',
          'ghcr.io/github/github-mcp-server',
        ],
        env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_test' },
      },
      sqlite: {
        transport: 'stdio',
        command: 'uvx',
        args: ['mcp-server-sqlite', '--db-path', '/Users/alice/test.db'],
        env: {},
        enabled: false,
      },
    });
    expect(loaded.config.gateway.requestTimeoutMs).toBe(60_000);
    expect(loaded.warnings).toEqual([
      {
        file,
        path: 'globalShortcut',
        problem: '"globalShortcut" is not a Gatehouse setting and is ignored.',
      },
    ]);
  });

  it('reads a Cursor config with ${env:...}, ${userHome}, ${workspaceFolder} and url-only entries', async () => {
    const file = fixture('cursor-project/.cursor/mcp.json');
    const loaded = await loadConfig(file, {
      env: { DATABASE_URL: 'postgres://localhost/app', CONTEXT7_API_KEY: '' },
    });
    expect(loaded.warnings).toEqual([]);
    expect(loaded.config.servers).toEqual({
      postgres: {
        transport: 'stdio',
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-postgres', 'postgres://localhost/app'],
        env: {},
      },
      notes: {
        transport: 'stdio',
        command: 'node',
        args: [`${fixture('cursor-project')}/tools/notes-server.js`],
        env: { NOTES_DIR: `${homedir()}/notes`, NOTES_PAGE_SIZE: '50' },
      },
      // The path ends in /sse: legacy SSE. Otherwise a url means Streamable HTTP.
      linear: { transport: 'sse', url: 'https://mcp.linear.app/sse', headers: {} },
      // Set but empty is a value the user chose.
      context7: {
        transport: 'http',
        url: 'https://mcp.context7.com/mcp',
        headers: { CONTEXT7_API_KEY: '' },
      },
    });
  });

  it('reads a Claude Code .mcp.json with ${VAR:-default}, http and sse entries', async () => {
    const file = fixture('claude-code-project/.mcp.json');
    const loaded = await loadConfig(file, {
      env: { API_KEY: 'k1', LOG_LEVEL: '', DB_URL: 'postgres://db' },
    });
    expect(loaded.config.servers).toEqual({
      sentry: { transport: 'http', url: 'https://mcp.sentry.dev/mcp', headers: {} },
      asana: { transport: 'sse', url: 'https://mcp.asana.com/sse', headers: {} },
      api: {
        transport: 'http',
        url: 'https://api.example.com/mcp',
        headers: { Authorization: 'Bearer k1' },
      },
      db: {
        transport: 'stdio',
        command: 'python',
        args: ['-m', 'db_mcp', '--dsn', 'postgres://db'],
        // Empty uses the default, as in the shell.
        env: { LOG_LEVEL: 'info' },
        cwd: fixture('claude-code-project/tools/db'),
      },
    });
  });

  it('reads a Cline config, warning about each key it ignores', async () => {
    const file = fixture('cline/cline_mcp_settings.json');
    const loaded = await loadConfig(file, { env: {} });
    expect(loaded.config.servers['remote-docs']).toEqual({
      transport: 'http',
      url: 'https://docs.example.com/mcp',
      headers: {},
      enabled: false,
    });
    expect(loaded.config.servers['weather']).toMatchObject({ transport: 'stdio', enabled: true });
    expect(loaded.warnings.map((warning) => [warning.file, warning.path])).toEqual([
      [file, 'mcpServers.weather.autoApprove'],
      [file, 'mcpServers.weather.timeout'],
      [file, 'mcpServers.remote-docs.alwaysAllow'],
    ]);
    expect(loaded.warnings[1]?.problem).toMatch(
      /^"timeout" is ignored: its unit differs between clients/,
    );
  });

  it('reads a VS Code mcp.json, asking each input once, password hidden', async () => {
    const file = await files.write(
      'project/.vscode/mcp.json',
      JSON.stringify({
        inputs: [
          { type: 'promptString', id: 'api-key', description: 'API key', password: true },
          {
            type: 'pickString',
            id: 'region',
            description: 'Region',
            options: ['eu', 'us'],
            default: 'eu',
          },
        ],
        servers: {
          api: {
            type: 'http',
            url: 'https://${input:region}.example.com/mcp',
            headers: { Authorization: 'Bearer ${input:api-key}', 'X-Key': '${input:api-key}' },
          },
          tool: {
            type: 'stdio',
            command: 'tool',
            args: ['--key=${input:api-key}'],
            cwd: '${workspaceFolder}/tool',
          },
        },
      }),
    );
    const prompter = scripted(['2', 's3cret']);
    const loaded = await loadConfig(file, { env: {}, prompter });
    expect(loaded.format).toBe('vscode');
    // In order of first use; api-key is used three times but asked once.
    expect(prompter.questions).toEqual([
      {
        id: 'region',
        message: 'Region',
        password: false,
        choices: [
          { label: 'eu', value: 'eu' },
          { label: 'us', value: 'us' },
        ],
        default: 'eu',
      },
      { id: 'api-key', message: 'API key', password: true },
    ]);
    expect(loaded.config.servers).toEqual({
      api: {
        transport: 'http',
        url: 'https://us.example.com/mcp',
        headers: { Authorization: 'Bearer s3cret', 'X-Key': 's3cret' },
      },
      tool: {
        transport: 'stdio',
        command: 'tool',
        args: ['--key=s3cret'],
        env: {},
        cwd: join(dirname(dirname(file)), 'tool'),
      },
    });
  });

  it('reads the VS Code fixture from the environment, with envFile and warnings', async () => {
    const file = fixture('vscode-project/.vscode/mcp.json');
    const loaded = await loadConfig(file, { env: { GATEHOUSE_INPUT_GITHUB_PAT: 'ghp_env' } });
    expect(loaded.config.servers['github']).toEqual({
      transport: 'http',
      url: 'https://api.githubcopilot.com/mcp/',
      headers: { Authorization: 'Bearer ghp_env' },
    });
    expect(loaded.config.servers['fetch']).toEqual({
      transport: 'stdio',
      command: 'uvx',
      // No prompter: the pickString's default.
      args: ['mcp-server-fetch', '--log-level', 'info'],
      // env wins over the env file.
      env: { FETCH_USER_AGENT: 'gatehouse-tests/1.0', FETCH_TIMEOUT: '30' },
      envFile: fixture('vscode-project/.env'),
    });
    expect(loaded.config.servers['playwright']).toMatchObject({ cwd: fixture('vscode-project') });
    expect(loaded.warnings).toEqual([
      {
        file,
        path: 'servers.fetch.sandboxEnabled',
        problem: '"sandboxEnabled" is a VS Code-only setting and is ignored.',
      },
    ]);
  });

  it('reads gatehouse.yaml with variables, ~ and defaults', async () => {
    const loaded = await loadConfig(fixture('gatehouse/gatehouse.yaml'), {
      env: { SEARCH_TOKEN: 'tok' },
    });
    expect(loaded.format).toBe('gatehouse');
    expect(loaded.warnings).toEqual([]);
    expect(loaded.config.gateway).toEqual({
      listen: '127.0.0.1:8808',
      maxBodyBytes: 4 * 1024 * 1024,
      requestTimeoutMs: 30_000,
      allowedHosts: ['gatehouse.internal'],
      allowedOrigins: [],
      names: { maxLength: 64 },
      auth: { keys: [] },
      recheckSeconds: 300,
      audit: { enabled: true, checkpointEvery: 100, checkpointSeconds: 10, durability: 'crash' },
      packages: {},
      registries: [],
    });
    expect(loaded.config.servers['files']).toEqual({
      transport: 'stdio',
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-filesystem', '/srv/docs'],
      env: {},
      cwd: join(homedir(), 'work'),
      timeoutMs: 20_000,
      roots: ['/srv/docs', fixture('gatehouse/shared'), 'file:///srv/data'],
    });
    expect(loaded.config.servers['search']).toEqual({
      transport: 'http',
      url: 'https://search.example.com/mcp',
      headers: { Authorization: 'Bearer tok' },
      prefix: 'web',
    });
  });

  it('reads gatehouse.yaml written as JSON, and JSONC VS Code files', async () => {
    const json = await files.write(
      'gatehouse.json',
      '{ "servers": { "a": { "transport": "stdio", "command": "x" } } }',
    );
    expect((await loadConfig(json)).format).toBe('gatehouse');
    const jsonc = await files.write(
      'mcp.json',
      '// mine\n{ "servers": { "a": { "type": "stdio", "command": "x", }, }, }',
    );
    expect((await loadConfig(jsonc)).config.servers['a']).toMatchObject({
      transport: 'stdio',
      command: 'x',
    });
  });

  it('maps streamable-http, serverUrl and relative paths', async () => {
    const file = await files.write(
      'mcp_config.json',
      JSON.stringify({
        mcpServers: {
          inspector: { type: 'streamable-http', url: 'http://localhost:6277/mcp' },
          windsurf: { serverUrl: 'https://example.com/sse/?x=1' },
          local: { command: './bin/server', cwd: 'srv', envFile: '.env' },
        },
      }),
    );
    await writeFile(join(dirname(file), '.env'), 'A=1\n');
    const loaded = await loadConfig(file, { cwd: '/' });
    expect(loaded.config.servers).toMatchObject({
      inspector: { transport: 'http' },
      windsurf: { transport: 'sse', url: 'https://example.com/sse/?x=1' },
      local: {
        cwd: join(dirname(file), 'srv'),
        envFile: join(dirname(file), '.env'),
        env: { A: '1' },
      },
    });
  });

  it('warns about fields that do not apply to the transport', async () => {
    const file = await files.write(
      'mcp.json',
      JSON.stringify({ mcpServers: { a: { url: 'https://example.com/mcp', args: [], env: {} } } }),
    );
    const loaded = await loadConfig(file);
    expect(loaded.warnings.map((warning) => [warning.path, warning.problem])).toEqual([
      ['mcpServers.a.args', '"args" applies only to stdio servers and is ignored.'],
      ['mcpServers.a.env', '"env" applies only to stdio servers and is ignored.'],
    ]);
  });
});

describe('loadConfig: gatehouse.yaml without transport', () => {
  it('infers stdio from command, http from url, and sse from a url ending in /sse', async () => {
    const file = await files.write(
      'gatehouse.yaml',
      [
        'servers:',
        '  local: { command: node, args: [server.js] }',
        '  remote: { url: "https://mcp.example.com/mcp" }',
        '  old: { url: "https://mcp.example.com/sse" }',
      ].join('\n'),
    );
    const loaded = await loadConfig(file, { env: {} });
    expect(loaded.config.servers.local?.transport).toBe('stdio');
    expect(loaded.config.servers.remote?.transport).toBe('http');
    expect(loaded.config.servers.old?.transport).toBe('sse');
  });

  it('still refuses an entry with both command and url, naming where', async () => {
    const file = await files.write(
      'gatehouse.yaml',
      'servers:\n  both: { command: node, url: "https://x.example/mcp" }\n',
    );
    await expect(loadConfig(file, { env: {} })).rejects.toThrow(/servers\.both/);
  });
});

describe('loadConfig: gateway.stateDir', () => {
  it('resolves a relative state directory against the config file, and ~ against home', async () => {
    const file = await files.write(
      'gatehouse.yaml',
      'gateway: { stateDir: ./state }\nservers:\n  a: { command: node }\n',
    );
    expect((await loadConfig(file, { env: {} })).config.gateway.stateDir).toBe(
      join(dirname(file), 'state'),
    );
    const home = await files.write(
      'home.yaml',
      'gateway: { stateDir: ~/gh-state }\nservers:\n  a: { command: node }\n',
    );
    expect((await loadConfig(home, { env: {} })).config.gateway.stateDir).toBe(
      join(homedir(), 'gh-state'),
    );
  });
});
