/**
 * @module operation/sandbox/network/forwarder-main
 * The in-sandbox forwarder: `node forwarder-main.js <base64url JSON plan> -- <command> [args…]`.
 * Runs inside bubblewrap as the parent of the real server. It listens on each planned loopback
 * address and port (a granted name's 127.0.0.N from the generated /etc/hosts, or a granted
 * literal), pipes every accepted connection to the broker's Unix socket for that grant, and once
 * every listener is bound starts the server with stdio inherited, forwards SIGTERM, SIGINT and
 * SIGHUP to it, and exits with its exit code (or dies of its signal).
 *
 * Constraints: the sandbox binds only this one file, so it imports nothing but `node:` builtins
 * (type-only imports are erased when compiled). The server's stdin and stdout are the MCP channel:
 * this program never writes to stdout; diagnostics go to stderr.
 *
 * The forwarder is a convenience, not the security boundary: the server can reach the broker's
 * sockets itself, and the broker (outside) decides where each one leads. It does guard one thing:
 * if it was started holding capabilities, the server is started through `setpriv` with the
 * inheritable and ambient sets cleared, so the server never holds any (threat: a server using a
 * capability granted for the forwarder's sake).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { constants } from 'node:os';

import type { ForwarderListener, ForwarderPlan } from './forwarder-plan.js';

// Same values as FORWARDER_SETUP_EXIT_CODE / FORWARDER_SPAWN_EXIT_CODE in constants.ts (this
// file cannot import them).
const SETUP_FAILED = 125;
const SPAWN_FAILED = 127;
const FORWARDED_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

function fail(message: string, code: number): never {
  process.stderr.write(`gatehouse-forwarder: ${message}\n`);
  process.exit(code);
}

/** Hand-parsed (no zod in the sandbox): the plan comes from the launcher, but fail closed anyway. */
function parseArguments(argv: readonly string[]): {
  plan: ForwarderPlan;
  command: string;
  args: string[];
} {
  const [encoded, separator, command, ...args] = argv;
  if (encoded === undefined || separator !== '--' || command === undefined) {
    fail('usage: forwarder-main.js <plan> -- <command> [args...]', SETUP_FAILED);
  }
  let plan: unknown;
  try {
    plan = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch (error) {
    fail(`unreadable plan: ${String(error)}`, SETUP_FAILED);
  }
  if (!isPlan(plan)) fail('malformed plan', SETUP_FAILED);
  return { plan, command, args };
}

function isPlan(value: unknown): value is ForwarderPlan {
  if (typeof value !== 'object' || value === null) return false;
  const plan = value as Partial<Record<keyof ForwarderPlan, unknown>>;
  return (
    plan.version === 1 &&
    typeof plan.setpriv === 'string' &&
    Array.isArray(plan.listeners) &&
    plan.listeners.every((entry: unknown) => {
      const l = entry as Partial<Record<keyof ForwarderListener, unknown>> | null;
      return (
        typeof l === 'object' &&
        l !== null &&
        typeof l.address === 'string' &&
        typeof l.socketPath === 'string' &&
        Number.isInteger(l.port) &&
        (l.port as number) >= 1 &&
        (l.port as number) <= 65_535
      );
    })
  );
}

/** Pipes both ways with half-close; an error on either side ends both. */
function relay(a: Socket, b: Socket): void {
  const destroyBoth = (): void => {
    a.destroy();
    b.destroy();
  };
  a.on('error', destroyBoth);
  b.on('error', destroyBoth);
  a.on('close', () => b.destroySoon());
  b.on('close', () => a.destroySoon());
  a.pipe(b);
  b.pipe(a);
}

function listen(listener: ForwarderListener): Promise<Server> {
  const server = createServer({ allowHalfOpen: true }, (client) => {
    relay(client, connect({ path: listener.socketPath, allowHalfOpen: true }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: listener.address, port: listener.port, exclusive: true }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Whether this process holds any capability (unreadable status counts as yes: fail closed). */
function holdsCapabilities(): boolean {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const sets = status.match(/^Cap(?:Inh|Prm|Eff|Amb):\s*([0-9a-f]+)$/gm) ?? [];
    if (sets.length !== 4) return true;
    return sets.some((line) => !/:\s*0+$/.test(line));
  } catch {
    return true;
  }
}

function startServer(plan: ForwarderPlan, command: string, args: readonly string[]): ChildProcess {
  const [file, argv] = holdsCapabilities()
    ? [plan.setpriv, ['--inh-caps=-all', '--ambient-caps=-all', '--', command, ...args]]
    : [command, [...args]];
  const child = spawn(file, argv, { stdio: 'inherit' });
  child.on('error', (error) => fail(`cannot start ${command}: ${error.message}`, SPAWN_FAILED));
  child.on('exit', (code, signal) => {
    if (signal !== null) {
      for (const name of FORWARDED_SIGNALS) process.removeAllListeners(name);
      process.kill(process.pid, signal);
      process.exit(128 + (constants.signals[signal] ?? 0));
    }
    process.exit(code ?? 1);
  });
  return child;
}

async function main(): Promise<void> {
  const { plan, command, args } = parseArguments(process.argv.slice(2));
  const running: { child?: ChildProcess } = {};
  for (const name of FORWARDED_SIGNALS) {
    process.on(name, () => {
      // A signal before the server started: nothing to forward it to, end as it asked.
      if (running.child === undefined) process.exit(128 + constants.signals[name]);
      running.child.kill(name);
    });
  }
  for (const listener of plan.listeners) {
    try {
      await listen(listener);
    } catch (error) {
      const where = `${listener.address} port ${String(listener.port)}`;
      fail(`cannot listen on ${where}: ${(error as Error).message}`, SETUP_FAILED);
    }
  }
  running.child = startServer(plan, command, args);
}

void main();
