/**
 * Acceptance: `gatehouse run -c F --listen 127.0.0.1:P`, with F in Claude Desktop's format and
 * real servers from npm, answers the MCP Inspector CLI, and prints the endpoint and a client
 * snippet at start.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GatehouseHttp } from '../helpers/gatehouse-process.js';
import { startGatehouseHttp, writeConfig } from '../helpers/gatehouse-process.js';
import { EVERYTHING_SERVER, FILESYSTEM_SERVER, REPO_ROOT } from '../helpers/paths.js';
import { useTempDir } from '../helpers/temp-dir.js';

const dir = useTempDir();
const home = path.join(dir, 'home');
const files = path.join(dir, 'files');

describe('a Claude Desktop config behind gatehouse, driven by the MCP Inspector CLI', () => {
  let gateway: GatehouseHttp;

  beforeAll(async () => {
    mkdirSync(home);
    mkdirSync(files);
    writeFileSync(path.join(files, 'hello.txt'), 'hello from the demo folder');
    const config = writeConfig(
      dir,
      {
        mcpServers: {
          everything: { command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'] },
          filesystem: { command: process.execPath, args: [FILESYSTEM_SERVER, files] },
        },
      },
      'claude_desktop_config.json',
    );
    gateway = await startGatehouseHttp(config);
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  const inspector = (...args: string[]) =>
    spawnSync('npx', ['--no-install', '@modelcontextprotocol/inspector', '--cli', ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      // The Inspector keeps state under ~/.mcp-inspector: give it a throwaway home.
      env: { ...process.env, HOME: home },
    });

  it('prints the endpoint and a ready-to-paste client config at start', () => {
    expect(gateway.stderr()).toContain(`Gatehouse listening on ${gateway.url}`);
    expect(gateway.stderr()).toContain('"mcpServers"');
  });

  it("answers tools/list with every server's tools under their prefixes", () => {
    const result = inspector(gateway.url, '--method', 'tools/list');
    expect(result.status).toBe(0);
    const names = (JSON.parse(result.stdout) as { tools: { name: string }[] }).tools.map(
      (t) => t.name,
    );
    expect(names).toContain('everything__echo');
    expect(names).toContain('filesystem__read_text_file');
  });

  it('answers tools/call on both servers', () => {
    const echo = inspector(
      gateway.url,
      '--method',
      'tools/call',
      '--tool-name',
      'everything__echo',
      '--tool-arg',
      'message=hi',
    );
    expect(echo.status).toBe(0);
    expect(echo.stdout).toContain('Echo: hi');
    const read = inspector(
      gateway.url,
      '--method',
      'tools/call',
      '--tool-name',
      'filesystem__read_text_file',
      '--tool-arg',
      `path=${path.join(files, 'hello.txt')}`,
    );
    expect(read.status).toBe(0);
    expect(read.stdout).toContain('hello from the demo folder');
  });
});
