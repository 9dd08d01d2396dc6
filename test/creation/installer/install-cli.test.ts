/**
 * Acceptance, from the command line with real processes: a new user creates a key, claims a
 * namespace on `gatehouse registry serve` (SQLite file, loopback), publishes a server built from
 * `@modelcontextprotocol/server-everything` (a wrapper package with `mcpName`, served by the
 * fixture npm registry; tools listed in the sandbox), installs it by name with
 * `gatehouse install`, runs it through `gatehouse run` and calls a tool. Then `registry
 * verify-log` follows the log, a yanked version is refused with exit 5, and a forked log makes
 * `verify-log` exit 1.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FixtureRegistry } from '../../../fixtures/registry/index.js';
import { sandboxSupport } from '../../../src/operation/sandbox/index.js';
import { connectStdio } from '../../helpers/gatehouse-process.js';
import { CLI } from '../../helpers/paths.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import {
  EVERYTHING,
  makeWrapper,
  useRegistry,
  useWorldReadableTempDir,
} from './install-harness.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const NAME = 'io.github.alice/everything';
const dir = useTempDir('gatehouse-install-cli-');
const packagesDir = useWorldReadableTempDir();
const stateDir = path.join(dir, 'state');
let npm: FixtureRegistry;
const serves: ChildProcess[] = [];

function env(): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    npm_config_registry: npm.url,
    GATEHOUSE_PACKAGES_DIR: packagesDir,
    GATEHOUSE_STATE_DIR: stateDir,
  };
}

function cli(...args: string[]): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: env(), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, ms: Date.now() - started }));
  });
}

function envelope(run: Run): { code: string; message: string } {
  const line = run.stderr.trim().split('\n').at(-1) ?? '';
  return (JSON.parse(line) as { error: { code: string; message: string } }).error;
}

async function serve(db: string, extra: string[] = []): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      CLI,
      'registry',
      'serve',
      '--db',
      path.join(dir, db),
      '--listen',
      '127.0.0.1:0',
      '--npm-registry',
      npm.url,
      '--github-namespaces',
      'first-come',
      '--json',
      ...extra,
    ],
    { env: env(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  serves.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      try {
        resolve((JSON.parse(stdout) as { url: string }).url);
      } catch {
        // More to come.
      }
    });
    child.on('close', (status) => reject(new Error(`registry serve exited ${status}: ${stderr}`)));
  });
}

const text = (result: unknown): string =>
  ((result as { content?: { text?: string }[] }).content ?? []).map((c) => c.text ?? '').join('');

describe.skipIf(!sandboxSupport().ok)('gatehouse install from the command line', () => {
  const alice = path.join(dir, 'alice.key');
  const config = path.join(dir, 'gatehouse.yaml');
  let registryUrl = '';
  let wrapper = '';

  beforeAll(async () => {
    wrapper = makeWrapper(dir, { name: 'alice-everything', version: '1.0.0', mcpName: NAME });
    npm = await useRegistry([EVERYTHING], [wrapper]);
    registryUrl = await serve('registry.db');
  }, 60_000);
  afterAll(() => {
    for (const child of serves) child.kill('SIGTERM');
  });

  it('a new user creates a key, claims a namespace and publishes the server', async () => {
    expect((await cli('registry', 'key', 'create', alice, '--json')).status).toBe(0);
    const signed = ['--key', alice, '--registry', registryUrl, '--json'];
    const claim = await cli('registry', 'claim', 'io.github.alice', ...signed);
    expect(claim.status, claim.stderr).toBe(0);
    const publish = await cli('registry', 'publish', wrapper, ...signed, '--npm-registry', npm.url);
    expect(publish.status, publish.stderr).toBe(0);
    expect(publish.stderr).toContain('starting alice-everything@1.0.0 in the sandbox');
  }, 180_000);

  it('installs it by name, verified, and it runs through gatehouse run', async () => {
    writeFileSync(config, `gateway:\n  registries: [${registryUrl}]\nservers: {}\n`);
    const install = await cli('install', NAME, '-c', config, '--json');
    expect(install.status, install.stderr).toBe(0);
    for (const step of ['[resolve]', '[history]', '[log]', '[names]', '[fetch]', '[definitions]']) {
      expect(install.stderr).toContain(step);
    }
    const result = JSON.parse(install.stdout) as {
      version: string;
      signed: boolean;
      toolCount: number;
      timings: { verify: number; fetch: number; definitions: number; total: number };
    };
    expect(result).toMatchObject({ version: '1.0.0', signed: true });
    // Install end to end, for the report: the whole CLI process and the install itself.
    process.stderr.write(
      `install end to end: ${install.ms} ms (CLI process), ${JSON.stringify(result.timings)}\n`,
    );
    expect(readFileSync(config, 'utf8')).toContain('alice-everything@1.0.0');

    const { client } = await connectStdio(config, {}, env());
    try {
      const { tools } = await client.listTools();
      expect(tools.length).toBe(result.toolCount);
      const echo = await client.callTool({
        name: 'everything__echo',
        arguments: { message: 'installed by name' },
      });
      expect(text(echo)).toContain('installed by name');
    } finally {
      await client.close();
    }
  }, 180_000);

  it('registry verify-log follows the log from the head the install saw', async () => {
    const run = await cli('registry', 'verify-log', '--registry', registryUrl, '--json');
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { logKey: string; previous: { treeSize: number } };
    expect(out.logKey).toBe('pinned');
    expect(out.previous.treeSize).toBe(2);
  });

  it('refuses a yanked version with exit 5 and says why', async () => {
    const yank = await cli(
      'registry',
      'yank',
      `${NAME}@1.0.0`,
      '--key',
      alice,
      '--registry',
      registryUrl,
      '--message',
      'leaks tokens',
    );
    expect(yank.status, yank.stderr).toBe(0);
    const other = path.join(dir, 'other.yaml');
    writeFileSync(other, 'servers: {}\n');
    const run = await cli(
      'install',
      `${NAME}@1.0.0`,
      '-c',
      other,
      '--registry',
      registryUrl,
      '--json',
    );
    expect(run.status).toBe(5);
    expect(envelope(run)).toMatchObject({
      code: 'INSTALL_VERSION_YANKED',
      message: expect.stringContaining('1.0.0 ("leaks tokens")'),
    });
    expect(readFileSync(other, 'utf8')).toBe('servers: {}\n');
  });

  it('verify-log exits 1 on a forked log (another registry signing with the same log key)', async () => {
    const forkUrl = await serve('fork.db', ['--log-key', path.join(dir, 'registry.log-key.json')]);
    const signed = ['--key', alice, '--registry', forkUrl, '--json'];
    expect((await cli('registry', 'claim', 'io.github.alice', ...signed)).status).toBe(0);
    const tools = path.join(dir, 'tools.json');
    writeFileSync(
      tools,
      JSON.stringify({ tools: [{ name: 'other', inputSchema: { type: 'object' } }] }),
    );
    const publish = await cli('registry', 'publish', wrapper, ...signed, '--definitions', tools);
    expect(publish.status, publish.stderr).toBe(0);
    const deprecate = await cli('registry', 'deprecate', `${NAME}@1.0.0`, ...signed);
    expect(deprecate.status, deprecate.stderr).toBe(0);
    const run = await cli('registry', 'verify-log', '--registry', forkUrl, '--json');
    expect(run.status).toBe(1);
    // The witness holds size 2 (the yanked install was refused before the log was read); the
    // fork's tree of 3 does not contain it.
    expect(envelope(run)).toMatchObject({
      code: 'TRANSPARENCY_LOG_INCONSISTENT',
      message: expect.stringContaining('does not extend the one this witness saw'),
    });
  }, 120_000);
});
