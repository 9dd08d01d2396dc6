/**
 * @module operation/sandbox/bwrap-args
 * The bubblewrap command line of one sandbox, from its plan. Every namespace is new (user, PID,
 * IPC, UTS, cgroup, and network unless granted `all`); the root is an empty tmpfs with the system
 * directories read-only, a private home and `/tmp` of bounded size, generated identity files, and
 * exactly the granted host paths. Threats: reading the host's files (keys, other servers' data,
 * `/proc` of the host), signalling or tracing host processes, re-enabling user namespaces, terminal
 * injection through a shared session.
 */
import { existsSync, lstatSync, readlinkSync } from 'node:fs';

import { SANDBOX_HOME } from './environment.js';
import type { PathGrant } from './path-grants.js';

/** The file descriptor the wrapper opens the seccomp program on. */
export const SECCOMP_FD = 3;

/** The descriptors of bwrap's `--info-fd` and `--block-fd` (FIFOs the wrapper opens). */
export const NETNS_FDS = { info: 4, block: 5 } as const;

/** Top-level folders that are either merged-/usr symlinks or read-only system folders. */
const SYSTEM_TOP = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/**
 * The parts of /etc programs need (TLS roots, the dynamic linker, locale and time zone, name
 * service switch, interpreter configs); the rest of /etc (host secrets, service configs) stays out.
 */
export const ETC_ALLOWLIST = [
  '/etc/alternatives',
  '/etc/ca-certificates',
  '/etc/ca-certificates.conf',
  '/etc/crypto-policies',
  '/etc/debian_version',
  '/etc/gai.conf',
  '/etc/host.conf',
  '/etc/ld.so.cache',
  '/etc/ld.so.conf',
  '/etc/ld.so.conf.d',
  '/etc/locale.alias',
  '/etc/localtime',
  '/etc/mime.types',
  '/etc/nsswitch.conf',
  '/etc/os-release',
  '/etc/pki',
  '/etc/protocols',
  '/etc/services',
  '/etc/ssl',
  '/etc/timezone',
];

/** Files generated per sandbox and bound read-only over their /etc place. */
export interface GeneratedFiles {
  readonly passwd: string;
  readonly group: string;
  readonly hosts: string;
  readonly resolvConf: string;
}

export interface BwrapPlan {
  readonly grants: readonly PathGrant[];
  readonly files: GeneratedFiles;
  /** Share the host's network (`network: all`); otherwise a namespace with only loopback. */
  readonly shareNetwork: boolean;
  /** Extra binds for the network allowlist (the broker's socket folder, the forwarder script). */
  readonly networkBinds: readonly { readonly source: string; readonly target: string }[];
  /**
   * bwrap reports its child's pid on `info` and waits on `block` until the gateway has set up the
   * sandbox's network namespace (an allowlist with ports below 1024 or non-loopback literals).
   */
  readonly netnsFds?: { readonly info: number; readonly block: number };
  readonly tmpBytes: number;
  readonly cwd: string;
  /** Variables the transport adds that must not reach the server. */
  readonly unset: readonly string[];
  readonly command: string;
  readonly args: readonly string[];
}

/** `/usr` read-only and the top-level folders as the host has them (merged-/usr symlinks or binds). */
export function systemBinds(): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const top of SYSTEM_TOP) {
    if (!existsSync(top)) continue;
    if (lstatSync(top).isSymbolicLink()) args.push('--symlink', readlinkSync(top), top);
    else args.push('--ro-bind', top, top);
  }
  return args;
}

/** The bwrap arguments (without the bwrap program itself). */
export function bwrapArgs(plan: BwrapPlan): string[] {
  const args = [
    '--unshare-all',
    ...(plan.shareNetwork ? ['--share-net'] : []),
    '--unshare-user',
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--hostname',
    'sandbox',
    ...systemBinds(),
  ];
  for (const entry of ETC_ALLOWLIST) args.push('--ro-bind-try', entry, entry);
  args.push(
    '--ro-bind',
    plan.files.passwd,
    '/etc/passwd',
    '--ro-bind',
    plan.files.group,
    '/etc/group',
    '--ro-bind',
    plan.files.hosts,
    '/etc/hosts',
    '--ro-bind',
    plan.files.resolvConf,
    '/etc/resolv.conf',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--size',
    String(plan.tmpBytes),
    '--tmpfs',
    '/dev/shm',
    '--size',
    String(plan.tmpBytes),
    '--tmpfs',
    '/tmp',
    '--size',
    String(plan.tmpBytes),
    '--tmpfs',
    '/home',
    '--dir',
    SANDBOX_HOME,
  );
  for (const grant of plan.grants) {
    args.push(grant.mode === 'rw' ? '--bind' : '--ro-bind', grant.path, grant.path);
  }
  for (const bind of plan.networkBinds) args.push('--ro-bind', bind.source, bind.target);
  if (plan.netnsFds) {
    args.push('--info-fd', String(plan.netnsFds.info), '--block-fd', String(plan.netnsFds.block));
  }
  for (const name of plan.unset) args.push('--unsetenv', name);
  // Threat: filling memory or disk through the unbounded tmpfs bwrap builds the root and /dev on.
  // Both become read-only once every mount point exists; /tmp, home and /dev/shm stay bounded.
  args.push('--remount-ro', '/dev', '--remount-ro', '/');
  args.push('--chdir', plan.cwd, '--seccomp', String(SECCOMP_FD), '--', plan.command, ...plan.args);
  return args;
}

/** The identity files of the sandbox: one unprivileged user, no host accounts. */
export function identityFiles(uid: number, gid: number): { passwd: string; group: string } {
  return {
    passwd: `root:x:0:0:root:/root:/usr/sbin/nologin\nsandbox:x:${uid}:${gid}:sandbox:${SANDBOX_HOME}:/usr/sbin/nologin\n`,
    group: `root:x:0:\nsandbox:x:${gid}:\n`,
  };
}
