/**
 * @module scripts/bench/start-chain
 * The legs of the sandbox's process chain, each running `echo` instead of the server, so their
 * start cost (spawn to the first byte on stdout) can be timed one step at a time: bwrap alone with the fewest arguments (the
 * floor), bwrap with a real start's arguments (binds, tmpfs, `/proc`, `/dev`) without and with
 * seccomp, then with the uid drop in front (`setpriv`), then the whole chain the gateway spawns
 * without and with the cgroups to join (`sh`, `prlimit`, `setpriv`, `bwrap`). The legs are cut out of what
 * `SandboxLauncher.prepare()` returned, so they follow its arguments as they change.
 */
import { existsSync, lstatSync, readlinkSync } from 'node:fs';

import type { PreparedLaunch, SandboxTools } from '../../src/operation/sandbox/index.js';

/** What every leg runs in place of the server: it writes one line at once and exits. */
export const LEG_COMMAND: readonly string[] = ['/usr/bin/echo', 'ready'];

/** One leg: what to spawn, and the file to open on fd 3 for bwrap's `--seccomp 3` (if any). */
export interface ChainLeg {
  readonly command: string;
  readonly args: readonly string[];
  readonly seccompFile?: string;
}

/** The legs cut from one prepared start, each one step further along the chain. */
export interface ChainLegs {
  /** `bwrap <the start's arguments without --seccomp> -- echo`, as the gateway's own user. */
  readonly bwrapNoSeccomp: ChainLeg;
  /** `bwrap <the start's arguments> -- echo`, as the gateway's own user (seccomp on fd 3). */
  readonly bwrap: ChainLeg;
  /** `setpriv <drop> bwrap <the start's arguments> -- echo` (only when Gatehouse runs as root). */
  readonly setpriv?: ChainLeg;
  /** The whole chain with no cgroup to join (`sh` told of none), ending in `echo`. */
  readonly chainNoCgroups: ChainLeg;
  /** The whole chain the gateway spawns, ending in `echo`. */
  readonly chain: ChainLeg;
}

/**
 * bwrap's floor: new namespaces as a server's sandbox has them and `/usr` (with the merged-/usr
 * top-level links), nothing else bound, no seccomp, no uid drop.
 */
export function bwrapFloorArgs(): string[] {
  const args = [
    '--unshare-all',
    '--unshare-user',
    '--die-with-parent',
    '--ro-bind',
    '/usr',
    '/usr',
  ];
  for (const top of ['/bin', '/sbin', '/lib', '/lib64']) {
    if (!existsSync(top)) continue;
    if (lstatSync(top).isSymbolicLink()) args.push('--symlink', readlinkSync(top), top);
    else args.push('--ro-bind', top, top);
  }
  return [...args, '--', ...LEG_COMMAND];
}

/**
 * Cuts the legs out of a prepared sandboxed start whose bwrap runs the target directly (the
 * default network policy: no forwarder in front). The chain is
 * `sh -c SCRIPT NAME n <n cgroup files> SECCOMP FIFOS prlimit … -- [setpriv …] bwrap … -- CMD ARGS`.
 */
export function chainLegs(
  prepared: PreparedLaunch,
  tools: SandboxTools,
): { ok: true; legs: ChainLegs } | { ok: false; problem: string } {
  const args = prepared.args;
  if (!prepared.sandboxed) return { ok: false, problem: 'the start is not sandboxed' };
  if (prepared.command !== tools.sh || args[0] !== '-c')
    return { ok: false, problem: `the chain does not start with ${tools.sh} -c` };
  const cgroups = Number(args[3]);
  const seccompFile = args[4 + cgroups];
  if (!Number.isInteger(cgroups) || cgroups < 0 || seccompFile === undefined)
    return { ok: false, problem: 'no cgroup count and seccomp file after the script' };
  const bwrapAt = args.indexOf(tools.bwrap, 5 + cgroups);
  if (bwrapAt === -1) return { ok: false, problem: `${tools.bwrap} is not in the chain` };
  const target = [prepared.target.command, ...prepared.target.args];
  const tailAt = args.length - target.length;
  const tail = args.slice(tailAt);
  // bwrap's own arguments end with `--seccomp FD --`: then the target, unless a forwarder is in front.
  if (
    args[tailAt - 1] !== '--' ||
    args[tailAt - 3] !== '--seccomp' ||
    tail.some((word, i) => word !== target[i])
  )
    return { ok: false, problem: 'bwrap does not run the target directly (a forwarder in front?)' };
  const toLeg = (from: number): string[] => [...args.slice(from, tailAt), ...LEG_COMMAND];
  const bwrap: ChainLeg = { command: tools.bwrap, args: toLeg(bwrapAt + 1), seccompFile };
  let setpriv: ChainLeg | undefined;
  if (tools.setpriv !== undefined) {
    const setprivAt = args.lastIndexOf(tools.setpriv, bwrapAt);
    if (setprivAt === -1) return { ok: false, problem: `${tools.setpriv} is not before bwrap` };
    setpriv = { command: tools.setpriv, args: toLeg(setprivAt + 1), seccompFile };
  }
  const seccompAt = bwrap.args.indexOf('--seccomp');
  if (seccompAt === -1) return { ok: false, problem: 'bwrap has no --seccomp argument' };
  const bwrapNoSeccomp: ChainLeg = {
    command: tools.bwrap,
    args: bwrap.args.filter((_, i) => i !== seccompAt && i !== seccompAt + 1),
  };
  const chain: ChainLeg = { command: prepared.command, args: toLeg(0) };
  // The same script with a cgroup count of 0 and the cgroup files left out.
  const chainNoCgroups: ChainLeg = {
    command: prepared.command,
    args: [...args.slice(0, 3), '0', ...toLeg(4 + cgroups)],
  };
  return {
    ok: true,
    legs: { bwrapNoSeccomp, bwrap, ...(setpriv ? { setpriv } : {}), chainNoCgroups, chain },
  };
}
