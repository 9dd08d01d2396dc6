/**
 * The registry from the command line, end to end with real processes: `registry serve` on a
 * SQLite file, `key create`, `claim`, `publish` of the real `@modelcontextprotocol/server-everything`
 * from the loopback npm registry (its tools listed by starting it in the sandbox), key changes,
 * yank and deprecate, and refusals with their exit codes and JSON error envelopes.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FixtureRegistry } from '../../../fixtures/registry/index.js';
import { definitionsHashOf, formatProofRecord } from '../../../src/creation/registry/index.js';
import { readKeyFile } from '../../../src/creation/signing/index.js';
import { sandboxSupport } from '../../../src/operation/sandbox/index.js';
import { CLI, EVERYTHING_SERVER } from '../../helpers/paths.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { EVERYTHING, useRegistry, useWorldReadableTempDir } from '../packages/store-helpers.js';
import { makePackage } from './registry-harness.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

const dir = useTempDir('gatehouse-registry-cli-');
const packagesDir = useWorldReadableTempDir();
let npm: FixtureRegistry;
let registryUrl = '';
let serveProcess: ChildProcess | undefined;

function env(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    npm_config_registry: npm.url,
    GATEHOUSE_PACKAGES_DIR: packagesDir,
    GATEHOUSE_STATE_DIR: path.join(dir, 'state'),
  };
}

/** Runs the CLI without blocking this process (the npm fixture registry lives here). */
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

/** The `--json` error envelope a failed command prints on stderr. */
function envelope(run: Run): { code: string; message: string } {
  const line = run.stderr.trim().split('\n').at(-1) ?? '';
  return (JSON.parse(line) as { error: { code: string; message: string } }).error;
}

const signed = (key: string): string[] => ['--key', key, '--registry', registryUrl, '--json'];

async function startServe(extra: string[]): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      CLI,
      'registry',
      'serve',
      '--db',
      path.join(dir, 'registry.db'),
      '--listen',
      '127.0.0.1:0',
      ...extra,
      '--json',
    ],
    { env: env(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  serveProcess = child;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      try {
        resolve((JSON.parse(stdout) as { url: string }).url);
      } catch {
        // More output to come.
      }
    });
    child.on('close', (status) => reject(new Error(`registry serve exited ${status}: ${stderr}`)));
  });
}

describe('gatehouse registry: serve, keys, claim, publish, yank', () => {
  const alice = path.join(dir, 'alice.key');
  const bob = path.join(dir, 'bob.key');
  const mallory = path.join(dir, 'mallory.key');
  let proofHost: Server;
  let proofBase = '';
  const proofFiles = new Map<string, string>();

  beforeAll(async () => {
    const echo = makePackage(dir, {
      name: 'echo-mcp',
      version: '1.0.0',
      mcpName: 'io.github.alice/echo',
      description: 'Echoes',
    });
    npm = await useRegistry([EVERYTHING], [echo]);
    proofHost = createServer((req, res) => {
      const body = proofFiles.get(req.url ?? '');
      if (body === undefined) res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end(body);
    });
    await new Promise<void>((resolve) => proofHost.listen(0, '127.0.0.1', resolve));
    proofBase = `http://127.0.0.1:${(proofHost.address() as AddressInfo).port}`;
    registryUrl = await startServe([
      '--npm-registry',
      npm.url,
      '--github-namespaces',
      'first-come',
      '--proof-base',
      `example.com=${proofBase}`,
    ]);
  });
  afterAll(async () => {
    serveProcess?.kill('SIGTERM');
    await new Promise<void>((resolve) => proofHost.close(() => resolve()));
  });

  it('creates owner-only publisher keys and prints the proof record', async () => {
    for (const file of [alice, bob, mallory]) {
      const run = await cli('registry', 'key', 'create', file, '--json');
      expect(run.status, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout) as { publicKey: string; proofRecord: string };
      expect(out.publicKey).toBe(readKeyFile(file).publicKey);
      expect(out.proofRecord).toBe(formatProofRecord(out.publicKey));
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    const again = await cli('registry', 'key', 'create', alice, '--json');
    expect(again.status).toBe(2);
  });

  it('claims namespaces: first-come for io.github.*, the proof for a domain', async () => {
    const claim = await cli('registry', 'claim', 'io.github.alice', ...signed(alice));
    expect(claim.status, claim.stderr).toBe(0);
    expect(JSON.parse(claim.stdout).namespace.proof).toBe('first-come');
    const everything = await cli(
      'registry',
      'claim',
      'io.github.modelcontextprotocol',
      ...signed(alice),
    );
    expect(everything.status, everything.stderr).toBe(0);
    const unproven = await cli('registry', 'claim', 'com.example', ...signed(mallory));
    expect(unproven.status).toBe(5);
    expect(envelope(unproven).code).toBe('REGISTRY_NAMESPACE_PROOF_FAILED');
    proofFiles.set('/.well-known/mcp-registry-auth', formatProofRecord(readKeyFile(bob).publicKey));
    const proven = await cli('registry', 'claim', 'com.example', ...signed(bob));
    expect(proven.status, proven.stderr).toBe(0);
    expect(JSON.parse(proven.stdout).namespace.proof).toBe('http');
  });

  it.skipIf(!sandboxSupport().ok)(
    'publishes server-everything: closure and integrity from npm, tools listed in the sandbox',
    async () => {
      const run = await cli(
        'registry',
        'publish',
        `${EVERYTHING}@2026.8.31`,
        ...signed(alice),
        '--npm-registry',
        npm.url,
        '--arg',
        'stdio',
        '--timeout',
        '90000',
      );
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toContain(
        'starting @modelcontextprotocol/server-everything@2026.8.31 in the sandbox',
      );
      const answer = JSON.parse(run.stdout);
      expect(answer.treeHead.treeSize).toBe(answer.logIndex + 1);
      const release = answer.server._meta['io.gatehouse.registry/release'].release;
      expect(release.name).toBe('io.github.modelcontextprotocol/server-everything');
      expect(release.closure.length).toBeGreaterThan(90);
      expect(
        release.closure.every((e: { integrity: string }) => e.integrity.startsWith('sha512-')),
      ).toBe(true);
      expect(release.closure.some((e: { name: string }) => e.name === 'express')).toBe(true);
      // The sandboxed listing equals what the server lists when started directly, to a client
      // with the gateway's capabilities (server-everything adds tools for sampling, elicitation
      // and roots only when the client offers them).
      const client = new Client(
        { name: 'test', version: '1' },
        {
          capabilities: {
            sampling: {},
            elicitation: { form: {}, url: {} },
            roots: { listChanged: true },
          },
        },
      );
      await client.connect(
        new StdioClientTransport({ command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'] }),
      );
      try {
        const { tools } = await client.listTools();
        expect(release.definitionsHash).toBe(definitionsHashOf(tools));
      } finally {
        await client.close();
      }
      const served = await fetch(
        `${registryUrl}/v0/servers/${encodeURIComponent(release.name)}/versions/latest`,
      );
      expect(served.status).toBe(200);
    },
    180_000,
  );

  it('publishes a package folder with --definitions, then deprecates and yanks it', async () => {
    const tools = path.join(dir, 'tools.json');
    writeFileSync(
      tools,
      JSON.stringify({ tools: [{ name: 'echo', inputSchema: { type: 'object' } }] }),
    );
    const folder = path.join(dir, 'echo-mcp-1.0.0');
    const run = await cli('registry', 'publish', folder, ...signed(alice), '--definitions', tools);
    expect(run.status, run.stderr).toBe(0);
    const release = JSON.parse(run.stdout).server._meta['io.gatehouse.registry/release'].release;
    expect(release).toMatchObject({ name: 'io.github.alice/echo', version: '1.0.0', closure: [] });
    const deprecate = await cli(
      'registry',
      'deprecate',
      'io.github.alice/echo@1.0.0',
      ...signed(alice),
      '--message',
      'old',
    );
    expect(deprecate.status, deprecate.stderr).toBe(0);
    const yank = await cli('registry', 'yank', 'io.github.alice/echo@1.0.0', ...signed(alice));
    expect(yank.status, yank.stderr).toBe(0);
    expect(
      JSON.parse(yank.stdout).server._meta['io.modelcontextprotocol.registry/official'].status,
    ).toBe('deleted');
    const republish = await cli(
      'registry',
      'publish',
      folder,
      ...signed(alice),
      '--definitions',
      tools,
    );
    expect(republish.status).toBe(5);
    expect(envelope(republish).code).toBe('REGISTRY_VERSION_EXISTS');
  });

  it("refuses, with exit 5 and the reason, a publish into another owner's namespace", async () => {
    const tools = path.join(dir, 'tools.json');
    const run = await cli(
      'registry',
      'publish',
      path.join(dir, 'echo-mcp-1.0.0'),
      ...signed(mallory),
      '--definitions',
      tools,
    );
    expect(run.status).toBe(5);
    expect(envelope(run)).toMatchObject({ code: 'REGISTRY_NOT_OWNER' });
    expect(envelope(run).message).toContain('is not an owner of namespace io.github.alice');
  });

  it('adds and rotates owner keys', async () => {
    const add = await cli(
      'registry',
      'key',
      'add',
      'io.github.alice',
      ...signed(alice),
      '--new',
      bob,
    );
    expect(add.status, add.stderr).toBe(0);
    const rotate = await cli(
      'registry',
      'key',
      'rotate',
      'io.github.alice',
      ...signed(bob),
      '--remove',
      alice,
    );
    expect(rotate.status, rotate.stderr).toBe(0);
    expect(
      JSON.parse(rotate.stdout).namespace.owners.map((o: { publicKey: string }) => o.publicKey),
    ).toEqual([readKeyFile(bob).publicKey]);
    const removed = await cli(
      'registry',
      'reactivate',
      'io.github.alice/echo@1.0.0',
      ...signed(alice),
    );
    expect(removed.status).toBe(5);
    expect(envelope(removed).code).toBe('REGISTRY_NOT_OWNER');
  });

  it('refuses to listen beyond loopback without --public, and an unreachable registry is exit 4', async () => {
    const run = await cli(
      'registry',
      'serve',
      '--db',
      path.join(dir, 'other.db'),
      '--listen',
      '0.0.0.0:0',
      '--json',
    );
    expect(run.status).toBe(5);
    expect(envelope(run).code).toBe('BIND_REFUSED');
    const down = await cli(
      'registry',
      'claim',
      'io.github.zed',
      '--key',
      alice,
      '--registry',
      'http://127.0.0.1:9',
      '--json',
    );
    expect(down.status).toBe(4);
    expect(envelope(down).code).toBe('REGISTRY_UNAVAILABLE');
  });
});
