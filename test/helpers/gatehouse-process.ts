/**
 * Runs the real `gatehouse` CLI as a child process, the way hosts do, and connects an SDK v2
 * client to it over stdio or HTTP.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { ClientCapabilities } from '@modelcontextprotocol/client';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { stringify } from 'yaml';

import { CLI } from './paths.js';

export interface GatehouseHttp {
  readonly url: string;
  readonly pid: number;
  readonly stderr: () => string;
  stop(): Promise<void>;
}

/**
 * A fresh state directory (pins, audit) for one gateway process, unless the caller chose one:
 * tests must not share trust decisions through the user's state folder.
 */
export function withStateDir<T extends Record<string, string | undefined>>(
  env: T,
): T & { GATEHOUSE_STATE_DIR: string } {
  return {
    ...env,
    GATEHOUSE_STATE_DIR:
      env.GATEHOUSE_STATE_DIR ?? mkdtempSync(path.join(tmpdir(), 'gatehouse-state-')),
  };
}

/** Writes `config` (a gatehouse.yaml object) into `dir` and returns its path. */
export function writeConfig(dir: string, config: unknown, name = 'gatehouse.yaml'): string {
  const file = path.join(dir, name);
  writeFileSync(file, name.endsWith('.json') ? JSON.stringify(config, null, 2) : stringify(config));
  return file;
}

/** Starts `gatehouse run --listen 127.0.0.1:0` and waits for the printed endpoint. */
export async function startGatehouseHttp(
  configFile: string,
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<GatehouseHttp> {
  const child = spawn(
    process.execPath,
    [CLI, 'run', '-c', configFile, '--listen', '127.0.0.1:0', ...extraArgs],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: withStateDir(env),
    },
  );
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`gatehouse did not start:\n${stderr}`)),
      120_000,
    );
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      const match = /Gatehouse listening on (\S+)/.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gatehouse exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url,
    pid: child.pid ?? 0,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** An SDK v2 client connected to a gatehouse HTTP endpoint. */
export async function connectHttp(
  url: string,
  capabilities: ClientCapabilities = {},
  headers: Record<string, string> = {},
): Promise<Client> {
  const client = new Client({ name: 'test-host', version: '1.0.0' }, { capabilities });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }),
  );
  return client;
}

/** An SDK v2 client that spawned `gatehouse run --stdio` like a host does. */
export async function connectStdio(
  configFile: string,
  capabilities: ClientCapabilities = {},
  env: Record<string, string> = {},
): Promise<{ client: Client; transport: StdioClientTransport }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'run', '-c', configFile, '--stdio', '--log-level', 'warn'],
    env: withStateDir({ ...(process.env as Record<string, string>), ...env }),
    stderr: 'pipe',
  });
  const client = new Client({ name: 'test-host', version: '1.0.0' }, { capabilities });
  await client.connect(transport);
  return { client, transport };
}
