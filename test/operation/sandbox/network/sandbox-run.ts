/**
 * Test helper: runs a command in a real bubblewrap sandbox the way the launcher does (setpriv to
 * uid 65534, `--unshare-all --unshare-user --disable-userns`, system folders read-only), with the
 * network allowlist's binds, generated /etc files, `--info-fd 3 --block-fd 4` and the namespace
 * setup in between; returns what the sandbox wrote and how it ended.
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

import type { NetworkPlan } from '../../../../src/operation/sandbox/network/index.js';
import {
  FORWARDER_SCRIPT_PATH,
  forwarderCommand,
  prepareSandboxNetns,
  sandboxNetworkBinds,
} from '../../../../src/operation/sandbox/network/index.js';

export const BWRAP = '/usr/bin/bwrap';
export const SETPRIV = '/usr/bin/setpriv';

/** Why the real-sandbox tests cannot run here, or null. */
export function sandboxUnavailable(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (!existsSync(BWRAP)) return `${BWRAP} is missing`;
  if (process.getuid?.() !== 0) return 'needs root (setpriv to uid 65534, nsenter)';
  if (!existsSync(FORWARDER_SCRIPT_PATH)) return `${FORWARDER_SCRIPT_PATH} missing: npm run build`;
  return null;
}

/** A temp folder uid 65534 can traverse (bwrap resolves bind sources as that uid). */
export function traversableTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o711);
  return dir;
}

export interface SandboxRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command args` as the server behind the forwarder, in a sandbox. */
export async function runInSandbox(options: {
  readonly plan: NetworkPlan;
  readonly brokerDirectory: string;
  readonly workDir: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly extraBwrapArgs?: readonly string[];
}): Promise<SandboxRun> {
  const { plan, workDir } = options;
  const etc = {
    hosts: plan.hostsFile,
    'resolv.conf': plan.resolvConf,
    'nsswitch.conf': plan.nsswitchConf,
  };
  const etcArgs: string[] = [];
  for (const [name, content] of Object.entries(etc)) {
    const file = path.join(workDir, name);
    writeFileSync(file, content, { mode: 0o644 });
    etcArgs.push('--ro-bind', file, `/etc/${name}`);
  }
  const systemArgs: string[] = ['--ro-bind', '/usr', '/usr'];
  for (const top of ['/bin', '/sbin', '/lib', '/lib64']) {
    if (!existsSync(top)) continue;
    if (lstatSync(top).isSymbolicLink()) systemArgs.push('--symlink', readlinkSync(top), top);
    else systemArgs.push('--ro-bind', top, top);
  }
  const bindArgs = sandboxNetworkBinds(options.brokerDirectory).flatMap((bind) => [
    '--ro-bind',
    bind.source,
    bind.target,
  ]);
  const inner = forwarderCommand(plan, options.command, options.args);
  const argv = [
    '--reuid=65534',
    '--regid=65534',
    '--clear-groups',
    '--no-new-privs',
    BWRAP,
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--clearenv',
    '--setenv',
    'PATH',
    '/usr/bin:/bin',
    ...systemArgs,
    ...etcArgs,
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
    ...bindArgs,
    '--info-fd',
    '3',
    '--block-fd',
    '4',
    ...(options.extraBwrapArgs ?? []),
    '--',
    inner.command,
    ...inner.args,
  ];
  const child = spawn(SETPRIV, argv, { stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  try {
    await prepareSandboxNetns({
      info: child.stdio[3] as Readable,
      release: child.stdio[4] as Writable,
      setup: plan.netns,
    });
  } catch (error) {
    child.kill('SIGKILL');
    await ended;
    throw error;
  }
  const { code, signal } = await ended;
  return { code, signal, stdout, stderr };
}
