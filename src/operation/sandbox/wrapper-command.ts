/**
 * @module operation/sandbox/wrapper-command
 * The process chain that starts one sandbox: `sh` (as Gatehouse) moves itself into the server's
 * cgroups and opens the seccomp program on fd 3, then execs `prlimit` (resource limits), `setpriv`
 * (when root: drop to the unprivileged uid, no new privileges) and `bwrap`. Joining the cgroups
 * before exec means no process of the sandbox ever exists outside its limits. No value of the
 * config is interpreted by the shell: the script is fixed and everything else is a positional
 * argument; secrets travel in the environment, never on a command line others can read.
 */
import type { SandboxLimits } from '../../shared/config/schema.js';
import { NETNS_FDS, SECCOMP_FD } from './bwrap-args.js';
import type { SandboxTools } from './sandbox-support.js';
import { dropArgs } from './sandbox-support.js';

const MIB = 1024 * 1024;

/**
 * `$1`: how many cgroup files follow; then the files, the seccomp file, the FIFO folder (or an
 * empty string) and the command. With a FIFO folder, bwrap's info and block descriptors are its
 * `info` and `block` FIFOs, whose other ends the gateway holds.
 */
const SCRIPT = [
  'n=$1; shift',
  'while [ "$n" -gt 0 ]; do',
  '  echo $$ > "$1" || { echo "gatehouse: cannot enter the sandbox cgroup $1" >&2; exit 125; }',
  '  shift; n=$((n - 1))',
  'done',
  'f=$1; d=$2; shift 2',
  `[ -z "$d" ] && exec "$@" ${SECCOMP_FD}< "$f"`,
  `exec "$@" ${SECCOMP_FD}< "$f" ${NETNS_FDS.info}> "$d/info" ${NETNS_FDS.block}< "$d/block"`,
].join('\n');

export interface WrapperInput {
  readonly tools: SandboxTools;
  readonly limits: SandboxLimits;
  /** `cgroup.procs` files to join; empty when limits fall back to rlimits. */
  readonly cgroupProcs: readonly string[];
  /** Tasks the server's uid already has (RLIMIT_NPROC counts every task of the uid). */
  readonly existingTasks?: number;
  readonly seccompFile: string;
  /** A folder with the `info` and `block` FIFOs of the network namespace setup, if any. */
  readonly fifoDir?: string;
  readonly bwrapArgs: readonly string[];
}

/** The command and arguments the stdio transport spawns. */
export function wrapperCommand(input: WrapperInput): { command: string; args: string[] } {
  const { limits } = input;
  const rlimits = [
    `--nofile=${limits.openFiles}:${limits.openFiles}`,
    `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds}`,
    `--fsize=${limits.fileSizeMb * MIB}:${limits.fileSizeMb * MIB}`,
    '--core=0:0',
  ];
  if (input.cgroupProcs.length === 0) {
    // Without cgroups (not root): memory by RLIMIT_DATA (RLIMIT_AS would break Node's WebAssembly
    // and with it fetch), processes by RLIMIT_NPROC, which counts every task of the uid.
    const nproc = limits.processes + (input.existingTasks ?? 0);
    rlimits.push(
      `--data=${limits.memoryMb * MIB}:${limits.memoryMb * MIB}`,
      `--nproc=${nproc}:${nproc}`,
    );
  }
  const chain = [
    input.tools.prlimit,
    ...rlimits,
    '--',
    ...(input.tools.setpriv ? [input.tools.setpriv, ...dropArgs()] : []),
    input.tools.bwrap,
    ...input.bwrapArgs,
  ];
  return {
    command: input.tools.sh,
    args: [
      '-c',
      SCRIPT,
      'gatehouse-sandbox',
      String(input.cgroupProcs.length),
      ...input.cgroupProcs,
      input.seccompFile,
      input.fifoDir ?? '',
      ...chain,
    ],
  };
}
