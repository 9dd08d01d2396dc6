/**
 * Acceptance: a plain Claude Desktop config with `npx -y` entries, run through `gatehouse run`,
 * gets every stdio server sandboxed and working with no extra key, on an empty npm cache and an
 * empty store. The first start fetches (from a loopback registry serving this repo's installed
 * packages: no test reaches the internet), later starts run offline from the locked store.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FixtureRegistry } from '../../../fixtures/registry/index.js';
import { startFixtureRegistry } from '../../../fixtures/registry/index.js';
import { sandboxSupport } from '../../../src/operation/sandbox/index.js';
import type { GatehouseHttp } from '../../helpers/gatehouse-process.js';
import { connectHttp, startGatehouseHttp } from '../../helpers/gatehouse-process.js';
import { CLI, REPO_ROOT } from '../../helpers/paths.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const EVERYTHING = '@modelcontextprotocol/server-everything';
const FILESYSTEM = '@modelcontextprotocol/server-filesystem';

const dir = useTempDir();
const shared = path.join(dir, 'shared');
const elsewhere = path.join(dir, 'elsewhere');
mkdirSync(shared);
mkdirSync(elsewhere);
writeFileSync(path.join(shared, 'hello.txt'), 'hello from the host');
writeFileSync(path.join(elsewhere, 'secret.txt'), 'not granted');
if (process.getuid?.() === 0) spawnSync('chown', ['65534:65534', shared]);
// An empty store and npm cache of this test's own, reachable by the sandbox's uid.
const packagesDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-packages-'));
chmodSync(packagesDir, 0o755);
const config = path.join(dir, 'claude_desktop_config.json');
writeFileSync(
  config,
  JSON.stringify({
    mcpServers: {
      filesystem: { command: 'npx', args: ['-y', FILESYSTEM, shared] },
      everything: { command: 'npx', args: ['-y', EVERYTHING] },
    },
  }),
);

let registry: FixtureRegistry;
const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  npm_config_registry: registry.url,
  GATEHOUSE_PACKAGES_DIR: packagesDir,
  GATEHOUSE_STATE_DIR: path.join(dir, 'state'),
});

const text = (result: unknown): string =>
  ((result as { content?: { type: string; text?: string }[] }).content ?? [])
    .map((c) => c.text ?? '')
    .join('\n');

describe.skipIf(!sandboxSupport().ok)('a plain Claude Desktop config runs sandboxed', () => {
  let gateway: GatehouseHttp;
  let client: Client;

  beforeAll(async () => {
    registry = await startFixtureRegistry({ repoRoot: REPO_ROOT, roots: [EVERYTHING, FILESYSTEM] });
    gateway = await startGatehouseHttp(config, ['--startup-timeout', '110000'], env());
    client = await connectHttp(gateway.url);
  }, 180_000);

  afterAll(async () => {
    await client?.close();
    await gateway?.stop();
    await registry?.stop();
  });

  it('fetched both packages into the store and locked them beside the config', () => {
    expect(registry.requests.some((r) => r.endsWith('.tgz'))).toBe(true);
    const lock = JSON.parse(readFileSync(path.join(dir, 'gatehouse.lock'), 'utf8')) as unknown;
    const text = JSON.stringify(lock);
    expect(text).toContain(FILESYSTEM);
    expect(text).toContain(EVERYTHING);
    expect(text).toMatch(/sha512-/);
  });

  it('explains both servers as sandboxed, running from the store with no network', () => {
    for (const server of ['filesystem', 'everything']) {
      const out = spawnSync(
        process.execPath,
        [CLI, 'sandbox', 'explain', server, '-c', config, '--json'],
        {
          env: env(),
          encoding: 'utf8',
        },
      );
      expect(out.status, out.stderr).toBe(0);
      const explanation = JSON.parse(out.stdout) as Record<string, any>;
      expect(explanation.sandboxed).toBe(true);
      expect(explanation.network).toBe('none');
      expect(explanation.package.storeDir.startsWith(packagesDir)).toBe(true);
      expect(explanation.command.args[0].startsWith(explanation.package.storeDir)).toBe(true);
    }
  });

  it('filesystem: reads and writes in its granted folder, and nothing else is there', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toContain('filesystem__read_text_file');
    const read = await client.callTool({
      name: 'filesystem__read_text_file',
      arguments: { path: path.join(shared, 'hello.txt') },
    });
    expect(text(read)).toBe('hello from the host');
    const write = await client.callTool({
      name: 'filesystem__write_file',
      arguments: { path: path.join(shared, 'from-sandbox.txt'), content: 'written inside' },
    });
    expect(write.isError ?? false).toBe(false);
    expect(readFileSync(path.join(shared, 'from-sandbox.txt'), 'utf8')).toBe('written inside');
    const outside = await client.callTool({
      name: 'filesystem__read_text_file',
      arguments: { path: path.join(elsewhere, 'secret.txt') },
    });
    expect(outside.isError).toBe(true);
    expect(text(outside)).not.toContain('not granted');
  });

  it('everything: tools, prompts and resources work from inside the sandbox', async () => {
    const echo = await client.callTool({ name: 'everything__echo', arguments: { message: 'hi' } });
    expect(text(echo)).toContain('hi');
    const { tools } = await client.listTools();
    const sum = tools.find((t) => /sum|add/.test(t.name) && t.name.startsWith('everything__'));
    if (sum) {
      const result = await client.callTool({ name: sum.name, arguments: { a: 2, b: 3 } });
      expect(text(result)).toContain('5');
    }
    const { prompts } = await client.listPrompts();
    expect(prompts.length).toBeGreaterThan(0);
    const { resources } = await client.listResources();
    expect(resources.length).toBeGreaterThan(0);
    const first = resources[0];
    if (first) {
      const read = await client.readResource({ uri: first.uri });
      expect(read.contents.length).toBeGreaterThan(0);
    }
  });

  it('starts again offline: the registry sees no request, both servers work from the locked store', async () => {
    await client.close();
    await gateway.stop();
    registry.resetRequests();
    gateway = await startGatehouseHttp(config, [], env());
    client = await connectHttp(gateway.url);
    const echo = await client.callTool({
      name: 'everything__echo',
      arguments: { message: 'again' },
    });
    expect(text(echo)).toContain('again');
    const read = await client.callTool({
      name: 'filesystem__read_text_file',
      arguments: { path: path.join(shared, 'hello.txt') },
    });
    expect(text(read)).toBe('hello from the host');
    expect(registry.requests).toEqual([]);
    expect(existsSync(path.join(dir, 'gatehouse.lock'))).toBe(true);
  }, 120_000);
});
