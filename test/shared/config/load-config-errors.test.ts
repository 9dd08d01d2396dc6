import { dirname, join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadConfig } from '../../../src/shared/config/index.js';
import { ErrorCode } from '../../../src/shared/errors/index.js';
import { failure, fixture, scripted, tempFiles } from './helpers.js';

const files = tempFiles();

describe('loadConfig: errors', () => {
  it('says when the file does not exist', async () => {
    const error = await failure(loadConfig('missing.yaml', { cwd: '/nonexistent-dir' }));
    expect(error.code).toBe(ErrorCode.ConfigNotFound);
    expect(error.issues).toEqual([
      { file: '/nonexistent-dir/missing.yaml', path: '', problem: 'The file does not exist.' },
    ]);
  });

  it('names file, line and column of invalid JSON', async () => {
    const file = await files.write(
      'mcp.json',
      '{\n  "mcpServers": {\n    "a": { "command": "x", }\n    "b": 1\n',
    );
    const error = await failure(loadConfig(file));
    expect(error.code).toBe(ErrorCode.ConfigInvalid);
    expect(error.issues[0]).toEqual({
      file,
      path: '',
      problem: 'Invalid JSON at line 4, column 5: comma expected.',
    });
    expect(error.message).toContain(`${file}: Invalid JSON at line 4, column 5`);
  });

  it('names file, line and column of invalid YAML', async () => {
    const file = await files.write(
      'gatehouse.yaml',
      'servers:\n  a:\n    transport: stdio\n   command: x\n',
    );
    const error = await failure(loadConfig(file));
    expect(error.issues[0]?.file).toBe(file);
    expect(error.issues[0]?.problem).toMatch(/^Invalid YAML at line 4, column \d+: /);
  });

  it('refuses a file in no known format', async () => {
    const file = await files.write('other.json', '{ "mcp": { "servers": {} } }');
    const error = await failure(loadConfig(file));
    expect(error.issues[0]?.problem).toMatch(/^Not a recognised configuration/);
  });

  it('reports every unknown or invalid key of gatehouse.yaml, not only the first', async () => {
    const file = await files.write(
      'gatehouse.yaml',
      [
        'version: 2',
        'gateway: { listen: 127.0.0.1:1, colour: blue, names: { maxLength: 8 } }',
        'servers:',
        '  a: { transport: stdio, command: x, autoApprove: [] }',
        '  b: { transport: http, url: "ftp://example.com" }',
        '  c: { transport: websocket }',
        '  "bad/key": { transport: stdio, command: x }',
      ].join('\n'),
    );
    const error = await failure(loadConfig(file));
    expect(error.code).toBe(ErrorCode.ConfigInvalid);
    expect(error.issues.map(({ path, problem }) => [path, problem])).toEqual(
      expect.arrayContaining([
        ['version', 'Must be 1.'],
        ['gateway.colour', expect.stringMatching(/^Unknown key/)],
        ['gateway.names.maxLength', 'Must be at least 16.'],
        ['servers.a.autoApprove', expect.stringMatching(/^Unknown key/)],
        ['servers.b.url', 'Must be an http:// or https:// URL.'],
        ['servers.c.transport', 'Must be one of "stdio", "http", "sse".'],
        ['servers["bad/key"]', expect.stringMatching(/^Invalid key: Server keys must start/)],
      ]),
    );
    expect(error.issues).toHaveLength(7);
  });

  it('reports wrong types in the file’s own terms', async () => {
    const file = await files.write(
      'mcp.json',
      JSON.stringify({
        mcpServers: { github: { command: 'npx', args: ['-y', 3], env: { A: null } } },
      }),
    );
    const error = await failure(loadConfig(file));
    expect(error.issues).toEqual([
      { file, path: 'mcpServers.github.args[1]', problem: 'Expected a string, found a number.' },
      {
        file,
        path: 'mcpServers.github.env.A',
        problem: 'Expected a string or a number, found null.',
      },
    ]);
  });

  it('requires a command for stdio and a url for http', async () => {
    const file = await files.write(
      'mcp.json',
      JSON.stringify({
        mcpServers: {
          a: { type: 'stdio', args: ['x'] },
          b: { type: 'http', headers: {} },
          c: { env: {} },
          d: { command: 'x', url: 'https://example.com' },
          e: { type: 'websocket', url: 'wss://example.com' },
        },
      }),
    );
    const error = await failure(loadConfig(file));
    expect(error.issues).toEqual([
      { file, path: 'mcpServers.a.command', problem: 'Required: a stdio server needs a command.' },
      { file, path: 'mcpServers.b.url', problem: 'Required: an http server needs a url.' },
      {
        file,
        path: 'mcpServers.c',
        problem: 'Needs "command" (a local stdio server) or "url" (a remote server).',
      },
      {
        file,
        path: 'mcpServers.d',
        problem: 'Has both "command" and "url": add "type" (stdio, http or sse) to say which.',
      },
      {
        file,
        path: 'mcpServers.e.type',
        problem: 'Must be one of "stdio", "http", "sse", "streamable-http", "streamableHttp".',
      },
    ]);
  });

  it('refuses a url that is not http(s), at the path the user wrote', async () => {
    const file = await files.write(
      'mcp.json',
      JSON.stringify({
        mcpServers: { api: { url: 'not a url' }, ws: { serverUrl: 'wss://example.com/mcp' } },
      }),
    );
    const error = await failure(loadConfig(file));
    expect(error.issues).toEqual([
      { file, path: 'mcpServers.api.url', problem: 'Must be an http:// or https:// URL.' },
      { file, path: 'mcpServers.ws.serverUrl', problem: 'Must be an http:// or https:// URL.' },
    ]);
  });

  it('refuses a network grant the sandbox would refuse, when the config is loaded', async () => {
    const file = await files.write(
      'gatehouse.yaml',
      [
        'servers:',
        '  a:',
        '    transport: stdio',
        '    command: x',
        '    sandbox:',
        '      network: ["api.example.com:443", "https://api.example.com:443", "*.example.com:443", "::1:80", "api.example.com:0"]',
        '',
      ].join('\n'),
    );
    const error = await failure(loadConfig(file));
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'servers.a.sandbox.network[1]',
      'servers.a.sandbox.network[2]',
      'servers.a.sandbox.network[3]',
      'servers.a.sandbox.network[4]',
    ]);
    expect(error.issues[0]?.problem).toContain('a URL or path is not a grant');
    expect(error.issues[1]?.problem).toContain('wildcards are not allowed');
    expect(error.issues[2]?.problem).toContain('IPv6 addresses go in brackets');
    expect(error.issues[3]?.problem).toContain('api.example.com:0');
  });

  it('requires type in VS Code entries', async () => {
    const file = await files.write(
      '.vscode/mcp.json',
      JSON.stringify({
        inputs: [],
        servers: { a: { command: 'x' }, b: { type: 'streamable-http', url: 'https://x' } },
      }),
    );
    const error = await failure(loadConfig(file));
    expect(error.issues).toEqual([
      { file, path: 'servers.a.type', problem: 'Required: one of "stdio", "http", "sse".' },
      { file, path: 'servers.b.type', problem: 'Must be one of "stdio", "http", "sse".' },
    ]);
  });

  it('names the variable, file and path of an unresolved ${VAR}', async () => {
    const file = await files.write(
      'mcp.json',
      JSON.stringify({
        mcpServers: {
          api: {
            url: 'https://api.example.com/mcp',
            headers: { Authorization: 'Bearer ${API_TOKEN}' },
          },
          local: { command: 'x', args: ['--key', '${env:LOCAL_KEY}'] },
        },
      }),
    );
    const error = await failure(loadConfig(file, { env: {} }));
    expect(error.code).toBe(ErrorCode.ConfigVariableUnresolved);
    expect(error.issues).toEqual([
      {
        file,
        path: 'mcpServers.api.headers.Authorization',
        problem:
          'Environment variable API_TOKEN is not set (write ${API_TOKEN:-default} to give a fallback).',
      },
      {
        file,
        path: 'mcpServers.local.args[1]',
        problem:
          'Environment variable LOCAL_KEY is not set (write ${LOCAL_KEY:-default} to give a fallback).',
      },
    ]);
    expect(error.message).toContain(
      `${file}: mcpServers.api.headers.Authorization: Environment variable API_TOKEN`,
    );
  });

  it('reports a malformed placeholder as invalid', async () => {
    const file = await files.write(
      'gatehouse.yaml',
      'servers:\n  a:\n    transport: stdio\n    command: "x${"\n    args: ["${:x}"]\n',
    );
    const error = await failure(loadConfig(file, { env: {} }));
    expect(error.code).toBe(ErrorCode.ConfigInvalid);
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'servers.a.command',
      'servers.a.args[0]',
    ]);
  });

  it('refuses ${input:id} outside VS Code files and unknown input ids', async () => {
    const plain = await files.write(
      'mcp.json',
      JSON.stringify({ mcpServers: { a: { command: '${input:x}' } } }),
    );
    expect((await failure(loadConfig(plain, { env: {} }))).issues[0]?.problem).toMatch(
      /works only in a VS Code mcp\.json with "inputs"/,
    );
    const vscode = await files.write(
      'mcp.json',
      JSON.stringify({ inputs: [], servers: { a: { type: 'stdio', command: '${input:token}' } } }),
    );
    const error = await failure(loadConfig(vscode, { env: {} }));
    expect(error.code).toBe(ErrorCode.ConfigVariableUnresolved);
    expect(error.issues).toEqual([
      {
        file: vscode,
        path: 'servers.a.command',
        problem: 'Input "token" is not defined in "inputs".',
      },
    ]);
  });

  it('names the input and the variable to set when nothing can give a value', async () => {
    const error = await failure(
      loadConfig(fixture('vscode-project/.vscode/mcp.json'), { env: {} }),
    );
    expect(error.code).toBe(ErrorCode.ConfigVariableUnresolved);
    expect(error.issues).toEqual([
      {
        file: fixture('vscode-project/.vscode/mcp.json'),
        path: 'servers.github.headers.Authorization',
        problem:
          'Input "github-pat" (GitHub personal access token) has no value: set GATEHOUSE_INPUT_GITHUB_PAT, or run Gatehouse from a terminal to be asked.',
      },
    ]);
  });

  it('gives up after three empty answers', async () => {
    const prompter = scripted(['', ' ', '']);
    const error = await failure(
      loadConfig(fixture('vscode-project/.vscode/mcp.json'), {
        env: { GATEHOUSE_INPUT_LOG_LEVEL: 'info' },
        prompter,
      }),
    );
    expect(prompter.questions).toHaveLength(3);
    expect(prompter.questions[1]?.retry).toBe('An answer is required.');
    expect(error.code).toBe(ErrorCode.ConfigVariableUnresolved);
    expect(error.issues[0]?.problem).toBe(
      'Input "github-pat" (GitHub personal access token) got no usable answer after 3 attempts; set GATEHOUSE_INPUT_GITHUB_PAT to give it without a terminal.',
    );
  });

  it('stops at the first question that is cancelled', async () => {
    const file = await files.write(
      '.vscode/mcp.json',
      JSON.stringify({
        inputs: [
          { type: 'promptString', id: 'a' },
          { type: 'promptString', id: 'b' },
        ],
        servers: { x: { type: 'stdio', command: 'x', args: ['${input:a}', '${input:b}'] } },
      }),
    );
    const prompter = scripted([new Error('input cancelled (Ctrl-C)'), 'unused']);
    const error = await failure(loadConfig(file, { env: {}, prompter }));
    expect(prompter.questions.map((question) => question.id)).toEqual(['a']);
    expect(error.issues).toEqual([
      {
        file,
        path: 'servers.x.args[0]',
        problem: 'Input "a" could not be read: input cancelled (Ctrl-C).',
      },
    ]);
  });

  it('checks the whole file before asking anything', async () => {
    const file = await files.write(
      '.vscode/mcp.json',
      JSON.stringify({
        inputs: [{ type: 'promptString', id: 'key', password: true }],
        servers: {
          a: { type: 'http', url: 'https://x.example/mcp', headers: { K: '${input:key}' } },
          b: { type: 'stdio' },
        },
      }),
    );
    const prompter = scripted(['secret']);
    await failure(loadConfig(file, { env: {}, prompter }));
    expect(prompter.questions).toEqual([]);
  });

  it('validates values typed at the prompt, at the path that used them', async () => {
    const file = await files.write(
      '.vscode/mcp.json',
      JSON.stringify({
        inputs: [{ type: 'promptString', id: 'endpoint', description: 'Endpoint' }],
        servers: { api: { type: 'http', url: '${input:endpoint}' } },
      }),
    );
    const error = await failure(loadConfig(file, { env: {}, prompter: scripted(['not a url']) }));
    expect(error.code).toBe(ErrorCode.ConfigInvalid);
    expect(error.issues).toEqual([
      { file, path: 'servers.api.url', problem: 'Must be an http:// or https:// URL.' },
    ]);
  });

  it('refuses inputs defined twice or read from the same variable', async () => {
    const file = await files.write(
      '.vscode/mcp.json',
      JSON.stringify({
        inputs: [
          { type: 'promptString', id: 'a-b' },
          { type: 'promptString', id: 'a.b' },
          { type: 'promptString', id: 'a-b' },
          { type: 'pickString', id: 'c' },
          { type: 'promptString' },
        ],
        servers: {},
      }),
    );
    const error = await failure(loadConfig(file, { env: {} }));
    expect(error.issues.map(({ path, problem }) => [path, problem])).toEqual([
      ['inputs[4].id', 'Required: expected a string.'],
    ]);
    const valid = await files.write(
      '.vscode/mcp.json',
      JSON.stringify({
        inputs: [
          { type: 'promptString', id: 'a-b' },
          { type: 'promptString', id: 'a.b' },
          { type: 'promptString', id: 'a-b' },
          { type: 'pickString', id: 'c' },
        ],
        servers: {},
      }),
    );
    const second = await failure(loadConfig(valid, { env: {} }));
    expect(second.issues.map(({ path, problem }) => [path, problem])).toEqual([
      [
        'inputs[1].id',
        'Inputs "a-b" and "a.b" would both be read from GATEHOUSE_INPUT_A_B; rename one.',
      ],
      ['inputs[2].id', 'Input "a-b" is defined twice.'],
      ['inputs[3].options', 'Required: a pickString input needs options.'],
    ]);
  });

  it('names the env file that cannot be read', async () => {
    const file = await files.write(
      'mcp.json',
      JSON.stringify({ mcpServers: { a: { command: 'x', envFile: 'missing.env' } } }),
    );
    const error = await failure(loadConfig(file));
    expect(error.issues).toEqual([
      {
        file,
        path: 'mcpServers.a.envFile',
        problem: `Cannot read the env file ${join(dirname(file), 'missing.env')}: it does not exist.`,
      },
    ]);
  });
});
