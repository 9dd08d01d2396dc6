/**
 * @module test/operation/sandbox/seccomp/run-in-sandbox
 * Runs a command inside the realistic stdio sandbox of the tests: dropped to nobody with
 * setpriv, every namespace unshared, nested user namespaces disabled, /usr and /etc read-only.
 * The seccomp program travels as the launcher will send it: written to a pipe on fd 3
 * (`bwrap --seccomp 3`), then closed.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { platform } from 'node:os';
import type { Writable } from 'node:stream';

export const BWRAP = '/usr/bin/bwrap';
export const SETPRIV = '/usr/bin/setpriv';

/** Why the sandbox tests cannot run here, or null when they can. */
export function sandboxUnavailableReason(): string | null {
  if (platform() !== 'linux') return 'seccomp and bubblewrap exist only on Linux';
  if (!existsSync(BWRAP)) return `${BWRAP} is missing (apt-get install bubblewrap)`;
  if (!existsSync(SETPRIV)) return `${SETPRIV} is missing (util-linux)`;
  return null;
}

export interface SandboxRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SandboxOptions {
  /** The seccomp program, or null to run without one (the control case). */
  readonly filter: Buffer | null;
  /** Command and arguments inside the sandbox. */
  readonly command: readonly string[];
  /** Extra read-only binds, host path → sandbox path. */
  readonly binds?: readonly (readonly [string, string])[];
  /** Kills a hung sandbox after this long; a guard only, never part of an assertion. */
  readonly timeoutMs?: number;
}

function sandboxArgs(options: SandboxOptions): string[] {
  const binds = (options.binds ?? []).flatMap(([from, to]) => ['--ro-bind', from, to]);
  return [
    '--reuid=65534',
    '--regid=65534',
    '--clear-groups',
    '--no-new-privs',
    BWRAP,
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    '--die-with-parent',
    '--ro-bind',
    '/usr',
    '/usr',
    '--symlink',
    'usr/bin',
    '/bin',
    '--symlink',
    'usr/lib',
    '/lib',
    '--symlink',
    'usr/lib64',
    '/lib64',
    '--symlink',
    'usr/sbin',
    '/sbin',
    '--ro-bind',
    '/etc',
    '/etc',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
    ...binds,
    ...(options.filter === null ? [] : ['--seccomp', '3']),
    '--',
    ...options.command,
  ];
}

/** Runs `options.command` in the sandbox and collects its output. */
export function runInSandbox(options: SandboxOptions): Promise<SandboxRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(SETPRIV, sandboxArgs(options), {
      shell: false,
      cwd: '/',
      env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe', options.filter === null ? 'ignore' : 'pipe'],
      timeout: options.timeoutMs ?? 20_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    if (options.filter !== null) {
      const programPipe = child.stdio[3] as Writable;
      programPipe.on('error', reject);
      programPipe.end(options.filter);
    }
  });
}
