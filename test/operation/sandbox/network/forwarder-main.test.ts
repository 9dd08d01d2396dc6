/**
 * The compiled forwarder run directly on the host (the sandbox end to end is in
 * sandbox-network.e2e.test.ts): plan errors, relaying to a Unix socket, listeners bound before the
 * server starts, exit codes, signals forwarded, and no stdout output of its own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  encodeForwarderPlan,
  FORWARDER_SCRIPT_PATH,
  FORWARDER_SETUP_EXIT_CODE,
  FORWARDER_SPAWN_EXIT_CODE,
  type ForwarderPlan,
} from '../../../../src/operation/sandbox/network/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-forwarder-'));
const unixPath = path.join(dir, 'f0.sock');
let unixServer: Server;
// A loopback address of its own, so a port probed free here is not taken by another test.
const address = `127.0.${String(2 + Math.floor(Math.random() * 250))}.${String(2 + Math.floor(Math.random() * 250))}`;

beforeAll(async () => {
  unixServer = createServer({ allowHalfOpen: true }, (socket) => {
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('end', () => socket.end(`pong:${received}`));
  });
  await new Promise<void>((resolve) => unixServer.listen(unixPath, resolve));
});

afterAll(async () => {
  await new Promise((resolve) => unixServer.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, address, resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function planFor(port: number): ForwarderPlan {
  return {
    version: 1,
    listeners: [{ address, port, socketPath: unixPath }],
    setpriv: '/usr/bin/setpriv',
  };
}

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(args: string[]): { child: ChildProcess; ended: Promise<Ended> } {
  const child = spawn(process.execPath, [FORWARDER_SCRIPT_PATH, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<Ended>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, ended };
}

const node = (script: string): string[] => [process.execPath, '--input-type=module', '-e', script];

describe('forwarder-main', () => {
  it('imports nothing but node: builtins (the sandbox binds only this file)', () => {
    const source = readFileSync(FORWARDER_SCRIPT_PATH, 'utf8');
    const specifiers = [...source.matchAll(/^\s*import\s[^;]*?from\s+'([^']+)'/gm)].map(
      (m) => m[1],
    );
    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.filter((s) => !s!.startsWith('node:'))).toEqual([]);
    expect(source).not.toMatch(/\bimport\(|require\(|console\./);
  });

  it('refuses bad usage and malformed plans without running anything', async () => {
    for (const args of [
      [],
      ['plan-without-separator', 'cmd'],
      [Buffer.from('{"version":2}').toString('base64url'), '--', 'true'],
      ['%%%', '--', 'true'],
      [encodeForwarderPlan({ ...planFor(70000) }), '--', 'true'],
    ]) {
      const { ended } = start(args);
      const result = await ended;
      expect(result.code, args.join(' ')).toBe(FORWARDER_SETUP_EXIT_CODE);
      expect(result.stderr).toMatch(/^gatehouse-forwarder: /);
      expect(result.stdout).toBe('');
    }
  });

  it('does not start the server when a listener cannot be bound', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, address, resolve));
    const { port } = taken.address() as { port: number };
    const marker = path.join(dir, 'started');
    const { ended } = start([
      encodeForwarderPlan(planFor(port)),
      '--',
      ...node(
        `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, '1');`,
      ),
    ]);
    const result = await ended;
    await new Promise((resolve) => taken.close(resolve));
    expect(result.code).toBe(FORWARDER_SETUP_EXIT_CODE);
    expect(result.stderr).toMatch(/cannot listen on 127\.0\.\d+\.\d+ port \d+: .*EADDRINUSE/);
    expect(() => readFileSync(marker)).toThrow(/ENOENT/);
  });

  it('reports a server command that cannot be started', async () => {
    const { ended } = start([
      encodeForwarderPlan(planFor(await freePort())),
      '--',
      '/nonexistent/server',
    ]);
    const result = await ended;
    expect(result.code).toBe(FORWARDER_SPAWN_EXIT_CODE);
    // Directly (no capabilities) or through setpriv (as root here): 127 and the command named.
    expect(result.stderr).toMatch(/\/nonexistent\/server/);
    expect(result.stdout).toBe('');
  });

  it('relays the listener to the Unix socket, bound before the server runs, and passes the exit code', async () => {
    const port = await freePort();
    const client = `
      import { connect } from 'node:net';
      const socket = connect({ host: ${JSON.stringify(address)}, port: ${String(port)}, allowHalfOpen: true });
      let reply = '';
      socket.on('data', (chunk) => (reply += chunk));
      socket.on('close', () => { process.stdout.write(reply); process.exit(3); });
      socket.end('ping');
    `;
    const { ended } = start([encodeForwarderPlan(planFor(port)), '--', ...node(client)]);
    const result = await ended;
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('pong:ping');
    expect(result.code).toBe(3);
  });

  it('forwards SIGTERM to the server and exits as the server does', async () => {
    const server = `
      process.on('SIGTERM', () => { process.stdout.write('got SIGTERM'); process.exit(42); });
      process.stderr.write('ready\\n');
      setInterval(() => undefined, 1000);
    `;
    const { child, ended } = start([
      encodeForwarderPlan(planFor(await freePort())),
      '--',
      ...node(server),
    ]);
    await new Promise<void>((resolve) =>
      child.stderr!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()),
    );
    child.kill('SIGTERM');
    const result = await ended;
    expect(result).toMatchObject({ code: 42, signal: null, stdout: 'got SIGTERM' });
  });

  it('dies of the signal that killed the server', async () => {
    const { ended } = start([
      encodeForwarderPlan(planFor(await freePort())),
      '--',
      ...node(`process.kill(process.pid, 'SIGKILL');`),
    ]);
    const result = await ended;
    expect(result).toMatchObject({ code: null, signal: 'SIGKILL', stdout: '' });
  });
});
