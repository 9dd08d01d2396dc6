/**
 * @module scripts/conformance/child-processes
 * Small helpers around `child_process`: long-running services (fixture, gateway) with a bounded
 * stderr tail, readiness by TCP connect, and one-shot commands with a hard timeout.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';

const TAIL_BYTES = 8 * 1024;

export interface Service {
  name: string;
  child: ChildProcess;
  /** The last few KiB the service wrote to stderr, for error messages. */
  stderrTail(): string;
  /** Resolves once the process has exited. */
  exited: Promise<number | null>;
}

export function startService(name: string, command: string, args: readonly string[]): Service {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-TAIL_BYTES);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  return { name, child, stderrTail: () => tail.trim(), exited };
}

export async function stopService(service: Service, graceMs = 3000): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), graceMs);
  await service.exited;
  clearTimeout(timer);
}

/** A port that was free a moment ago on 127.0.0.1 (inside the private namespace nothing races). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function tcpConnects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls until `port` accepts a TCP connection, the service dies, or `timeoutMs` passes. */
export async function waitForPort(
  service: Service,
  port: number,
  timeoutMs: number,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void service.exited.then((code) => {
    exitCode = code;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      return {
        ok: false,
        message: `${service.name} exited (code ${String(exitCode)}) before listening on port ${port}`,
      };
    }
    if (await tcpConnects(port)) return { ok: true };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    ok: false,
    message: `${service.name} did not listen on port ${port} within ${timeoutMs} ms`,
  };
}

export interface CommandResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs a command to completion with a hard timeout. `onStdoutLine` sees each stdout line as it
 * arrives (used for progress).
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { timeoutMs: number; onStdoutLine?: (line: string) => void; env?: NodeJS.ProcessEnv },
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onStdoutLine?.(line);
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ exitCode: null, stdout, stderr: `${stderr}\n${error.message}`, timedOut });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (pending !== '') options.onStdoutLine?.(pending);
      resolve({ exitCode: code, stdout, stderr, timedOut });
    });
  });
}
