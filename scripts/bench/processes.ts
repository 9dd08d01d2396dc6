/**
 * @module scripts/bench/processes
 * Starting, watching and stopping the processes a row needs (servers, bridges, the gateway).
 * Each is started in its own process group, so stopping it also stops whatever it spawned.
 */
import type { ChildProcess, StdioOptions } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import type { Readable } from 'node:stream';

const TAIL_BYTES = 8_192;

/** Every process started here and not yet exited, so an interrupted run can clean up. */
const live = new Set<StartedProcess>();

/** Keeps the last few KB of a stream (stderr), for error messages; also keeps the pipe drained. */
export class OutputTail {
  private text = '';

  constructor(stream: Readable | null) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      this.text = (this.text + chunk).slice(-TAIL_BYTES);
    });
  }

  toString(): string {
    return this.text.trim();
  }
}

export interface StartedProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly stderr: OutputTail;
  /** Resolves with the exit description when the process ends. */
  readonly exited: Promise<string>;
}

/** Spawns `command` in a new process group; stdout/stderr are piped, stdin as given. */
export function startProcess(
  command: string,
  args: readonly string[],
  options: { stdin: 'pipe' | 'ignore'; env?: NodeJS.ProcessEnv; cwd?: string },
): StartedProcess {
  const stdio: StdioOptions = [options.stdin, 'pipe', 'pipe'];
  const child = spawn(command, args, {
    stdio,
    detached: true,
    env: options.env ?? process.env,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  const stderr = new OutputTail(child.stderr);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) =>
      resolve(signal ? `killed by ${signal}` : `exited with code ${code}`),
    );
    child.once('error', (error) => resolve(`failed to start: ${error.message}`));
  });
  if (child.pid === undefined) {
    throw new Error(`could not start ${command}`);
  }
  const started: StartedProcess = { child, pid: child.pid, stderr, exited };
  live.add(started);
  void exited.then(() => live.delete(started));
  return started;
}

/** Sends SIGTERM to every process group still running (synchronous: usable in an exit handler). */
export function terminateAll(): void {
  for (const started of live) signalGroup(started.pid, 'SIGTERM');
}

/** SIGTERM to the process group, SIGKILL after `graceMs` if it is still there. */
export async function stopProcess(started: StartedProcess, graceMs = 2_000): Promise<void> {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null) return;
  signalGroup(started.pid, 'SIGTERM');
  const timer = new Promise<'timeout'>((resolve) =>
    setTimeout(() => resolve('timeout'), graceMs).unref(),
  );
  if ((await Promise.race([started.exited, timer])) === 'timeout') {
    signalGroup(started.pid, 'SIGKILL');
    await started.exited;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls until something accepts connections on 127.0.0.1:`port`; fails if `started` exits first. */
export async function waitForPort(
  port: number,
  started: StartedProcess,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exit: string | undefined;
  void started.exited.then((why) => {
    exit = why;
  });
  for (;;) {
    if (exit !== undefined)
      throw new Error(`${exit} before listening on port ${port}\n${started.stderr.toString()}`);
    if (await canConnect(port)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `nothing listening on port ${port} after ${timeoutMs} ms\n${started.stderr.toString()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resident set size of a process in bytes (Linux `/proc`), or null when unknown. */
export function rssBytes(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match?.[1] === undefined ? null : Number(match[1]) * 1024;
  } catch {
    return null;
  }
}

/** Clock ticks per second of `/proc/<pid>/stat` times (USER_HZ: 100 on every Linux ABI in use). */
const USER_HZ = 100;

/** The direct children of a process (Linux `/proc`, every thread's list). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text !== '') for (const child of text.split(/\s+/)) out.push(Number(child));
    }
  } catch {
    /* gone */
  }
  return out;
}

/** User + system CPU time of one process so far, in µs (10 ms resolution), or null when gone. */
export function cpuMicros(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1_000_000) / USER_HZ;
  } catch {
    return null;
  }
}

/**
 * The processes of a front whose CPU time is counted: the front itself and any descendant whose
 * command line names `marker` (the gateway's worker processes; for the sandboxed floor, the server
 * below its wrapper processes), not the others (a gateway's upstream servers).
 */
export function frontProcesses(pid: number, marker: string | undefined): number[] {
  const out = [pid];
  if (marker === undefined) return out;
  const queue = childPids(pid);
  while (queue.length > 0) {
    const next = queue.shift() as number;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${next}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.includes(marker)) out.push(next);
    queue.push(...childPids(next));
  }
  return out;
}

/** Summed CPU µs of `pids` (processes already gone count as 0). */
export function cpuMicrosOf(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + (cpuMicros(pid) ?? 0), 0);
}

/**
 * Runs a script's `main`: its result is the exit code; a throw is logged with its stack, stops
 * every child process started through this module, and exits 1.
 */
export function runScriptMain(main: () => Promise<number>, log: (text: string) => void): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      terminateAll();
      process.exitCode = 1;
    },
  );
}
