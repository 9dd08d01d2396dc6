/**
 * Integrity before every start, end to end: a package installed from a plain `npx -y` entry
 * verifies; a file added to its store tree while the gateway runs makes the next start refuse the
 * server (and the audit log records the refusal), and `gatehouse verify` names the file.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FixtureRegistry } from '../../fixtures/registry/index.js';
import { startFixtureRegistry } from '../../fixtures/registry/index.js';
import { sandboxSupport } from '../../src/operation/sandbox/index.js';
import { connectHttp, startGatehouseHttp } from '../helpers/gatehouse-process.js';
import { CLI, REPO_ROOT } from '../helpers/paths.js';
import { useTempDir } from '../helpers/temp-dir.js';

const EVERYTHING = '@modelcontextprotocol/server-everything';
const dir = useTempDir();
const packagesDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-packages-'));
chmodSync(packagesDir, 0o755);
const stateDir = path.join(dir, 'state');
const config = path.join(dir, 'mcp.json');
writeFileSync(
  config,
  JSON.stringify({ mcpServers: { everything: { command: 'npx', args: ['-y', EVERYTHING] } } }),
);

let registry: FixtureRegistry;
const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  npm_config_registry: registry.url,
  GATEHOUSE_PACKAGES_DIR: packagesDir,
  GATEHOUSE_STATE_DIR: stateDir,
});
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { env: env(), encoding: 'utf8', timeout: 120_000 });

describe.skipIf(!sandboxSupport().ok)('integrity before every start', () => {
  beforeAll(async () => {
    registry = await startFixtureRegistry({ repoRoot: REPO_ROOT, roots: [EVERYTHING] });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('refuses the next start of a server whose store tree got a file while it ran', async () => {
    const first = await startGatehouseHttp(config, ['--startup-timeout', '110000'], env());
    const client = await connectHttp(first.url);
    const echo = await client.callTool({ name: 'everything__echo', arguments: { message: 'hi' } });
    expect(JSON.stringify(echo)).toContain('hi');

    const verified = cli('verify', '-c', config, '--json');
    expect(verified.status, verified.stderr).toBe(0);
    const report = JSON.parse(verified.stdout) as {
      servers: { status: string; storeDir: string }[];
    };
    expect(report.servers[0]?.status).toBe('ok');
    const storeDir = report.servers[0]?.storeDir ?? '';

    // While the server runs: a file planted in its package folder.
    const pkg = path.join(storeDir, 'node_modules', '@modelcontextprotocol', 'server-everything');
    expect(readdirSync(pkg)).toContain('package.json');
    chmodSync(pkg, 0o755);
    writeFileSync(path.join(pkg, 'planted.js'), 'process.exit(1)');
    chmodSync(pkg, 0o555);
    await client.close();
    await first.stop();

    const second = await startGatehouseHttp(config, ['--startup-timeout', '5000'], env());
    const again = await connectHttp(second.url);
    const { tools } = await again.listTools();
    expect(tools.filter((t) => t.name.startsWith('everything__'))).toEqual([]);
    await again.close();
    await second.stop();
    expect(second.stderr()).toContain('planted.js: added after install');

    const audit = cli('audit', 'tail', '--json', '--state-dir', stateDir, '-n', '50');
    expect(audit.status, audit.stderr).toBe(0);
    const records = audit.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toContainEqual(
      expect.objectContaining({
        method: 'sandbox/start',
        serverKey: 'everything',
        decision: 'deny',
        errorCode: 'PACKAGE_STORE_TAMPERED',
      }),
    );

    const changed = cli('verify', '-c', config);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toMatch(
      /everything: @modelcontextprotocol\/server-everything@\S+ CHANGED: .*planted\.js: added after install/,
    );
  }, 180_000);
});
