/**
 * @module operation/sandbox/sandbox-support
 * Whether this machine can sandbox stdio servers, checked once per process by building a real
 * sandbox the way servers get theirs. Fails closed with the reason and the fix: not Linux, no
 * bubblewrap, user namespaces disabled (a sysctl, or Ubuntu's AppArmor restriction), missing
 * util-linux tools.
 */
import { spawnSync } from 'node:child_process';

import { systemBinds } from './bwrap-args.js';
import type { CgroupV1Support } from './cgroup-v1.js';
import { detectCgroupV1 } from './cgroup-v1.js';
import { findExecutable } from './host-tools.js';
import { ESCAPE_HATCH } from './sandbox-error.js';

/** The unprivileged identity servers run as when Gatehouse runs as root (`nobody`). */
export const DROP_UID = 65534;
export const DROP_GID = 65534;

export interface SandboxTools {
  readonly bwrap: string;
  readonly sh: string;
  readonly prlimit: string;
  /** Present when Gatehouse runs as root: drops to {@link DROP_UID} before bwrap starts. */
  readonly setpriv?: string;
  readonly bwrapVersion: string;
}

export type SandboxSupport =
  | {
      readonly ok: true;
      readonly tools: SandboxTools;
      /** Memory and process limits by cgroups (root), or by rlimits when absent. */
      readonly cgroups?: CgroupV1Support;
      /** The uid and gid the server has on the host (and inside). */
      readonly uid: number;
      readonly gid: number;
    }
  | { readonly ok: false; readonly reason: string; readonly fix: string };

let cached: SandboxSupport | undefined;

const PROBE = { encoding: 'utf8', timeout: 10_000 } as const;

/** The machine's sandbox support, probed on first use and remembered. */
export function sandboxSupport(): SandboxSupport {
  cached ??= probe();
  return cached;
}

function probe(): SandboxSupport {
  if (process.platform !== 'linux') {
    return {
      ok: false,
      reason: `the stdio sandbox needs Linux namespaces; this is ${process.platform}`,
      fix: `Run Gatehouse on Linux for sandboxed stdio servers. ${ESCAPE_HATCH}`,
    };
  }
  const override = process.env.GATEHOUSE_BWRAP;
  const bwrap = override
    ? findExecutable(override)
    : findExecutable('bwrap', process.env.PATH, true);
  if (override && !bwrap) {
    return {
      ok: false,
      reason: `GATEHOUSE_BWRAP=${override} is not an executable file`,
      fix: `Point GATEHOUSE_BWRAP at bubblewrap, or unset it to use the one on PATH. ${ESCAPE_HATCH}`,
    };
  }
  if (!bwrap) {
    return {
      ok: false,
      reason: 'bubblewrap (bwrap) is not installed',
      fix: `Install it: "apt-get install bubblewrap" (Debian, Ubuntu) or "dnf install bubblewrap" (Fedora). ${ESCAPE_HATCH}`,
    };
  }
  const root = process.getuid?.() === 0;
  const sh = findExecutable('sh', undefined, true);
  const prlimit = findExecutable('prlimit', undefined, true);
  const setpriv = root ? findExecutable('setpriv', undefined, true) : undefined;
  if (!sh || !prlimit || (root && !setpriv)) {
    return {
      ok: false,
      reason: `util-linux tools are missing (${[!sh && 'sh', !prlimit && 'prlimit', root && !setpriv && 'setpriv'].filter(Boolean).join(', ')})`,
      fix: `Install util-linux ("apt-get install util-linux"). ${ESCAPE_HATCH}`,
    };
  }
  const version = spawnSync(bwrap, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const uid = root ? DROP_UID : (process.getuid?.() ?? DROP_UID);
  const gid = root ? DROP_GID : (process.getgid?.() ?? DROP_GID);
  // The trial sandbox uses the same namespace flags as a server's.
  const trialArgs = [
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    '--die-with-parent',
    ...systemBinds(),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--',
    sh,
  ];
  const trial = setpriv
    ? spawnSync(setpriv, [...dropArgs(), bwrap, ...trialArgs, '-c', 'exit 0'], PROBE)
    : spawnSync(bwrap, [...trialArgs, '-c', 'exit 0'], PROBE);
  if (trial.status !== 0) {
    const said = `${trial.stderr ?? ''}${trial.error ? String(trial.error) : ''}`.trim();
    return {
      ok: false,
      reason: `bubblewrap cannot create a sandbox here${said ? ` (${said})` : ''}`,
      fix: `Allow unprivileged user namespaces: "sysctl -w kernel.unprivileged_userns_clone=1" (Debian), or on Ubuntu 23.10+ "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0" or an AppArmor profile for ${bwrap}. ${ESCAPE_HATCH}`,
    };
  }
  const cgroups = detectCgroupV1();
  return {
    ok: true,
    tools: {
      bwrap,
      sh,
      prlimit,
      ...(setpriv ? { setpriv } : {}),
      bwrapVersion: version.replace(/^bubblewrap\s*/, ''),
    },
    ...(cgroups ? { cgroups } : {}),
    uid,
    gid,
  };
}

/** setpriv's arguments that make the rest of the chain run as the unprivileged user. */
export function dropArgs(): string[] {
  return [
    `--reuid=${DROP_UID}`,
    `--regid=${DROP_GID}`,
    '--clear-groups',
    '--no-new-privs',
    '--inh-caps=-all',
  ];
}
