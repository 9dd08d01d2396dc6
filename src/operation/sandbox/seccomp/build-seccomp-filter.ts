/**
 * @module operation/sandbox/seccomp/build-seccomp-filter
 * Builds the classic-BPF seccomp program bubblewrap installs for every stdio MCP server
 * (`bwrap --seccomp FD`: the raw `struct sock_filter` array). Written by hand: no maintained npm
 * package builds seccomp filters.
 *
 * The program, in order:
 * 1. `seccomp_data.arch` other than the build's architecture → SECCOMP_RET_KILL_PROCESS. Stops
 *    syscall-table confusion: an i386 `int 0x80` on x86-64 reaches a different table where our
 *    numbers mean other syscalls.
 * 2. On x86-64, a number with the x32 bit (0x40000000) → kill, for the same reason.
 * 3. A balanced binary search over the syscall numbers the policy names (a handful of compares
 *    per syscall instead of one per denied syscall; every unnamed number falls through to allow):
 *    - denied syscalls → EPERM;
 *    - clone3 → ENOSYS (its flags live in memory BPF cannot read; glibc and libuv fall back to
 *      clone, whose flags are a register);
 *    - clone → EPERM when the low word of args[0] has a CLONE_NEW* bit (the kernel reads only the
 *      low 32 bits of clone's flags, so higher bits cannot smuggle anything past this check);
 *    - ioctl → EPERM for TIOCSTI / TIOCLINUX in the low word of args[1] (the request is an
 *      `unsigned int`: the kernel ignores the high word, so the filter must too);
 *    - personality → EPERM for any persona other than the ordinary ones (ADDR_NO_RANDOMIZE and
 *      READ_IMPLIES_EXEC weaken exploit mitigations for the children).
 * 4. Everything else → SECCOMP_RET_ALLOW.
 */
import { ErrorCode, GatehouseError } from '../../../shared/errors/gatehouse-error.js';
import { BpfAssembler, encodeSockFilters, type SockFilter } from './bpf-assembler.js';
import { resolveSeccompArch, type SeccompArch } from './seccomp-arch.js';
import {
  ALLOWED_PERSONALITIES,
  CLONE_NAMESPACE_FLAGS,
  ENOSYS,
  EPERM,
  SECCOMP_DATA_ARCH,
  SECCOMP_DATA_NR,
  SECCOMP_RET_ALLOW,
  SECCOMP_RET_ERRNO,
  SECCOMP_RET_KILL_PROCESS,
  seccompArgLowOffset,
  TERMINAL_INJECTION_IOCTLS,
} from './seccomp-constants.js';
import {
  deniedSyscallNames,
  describePolicy,
  type SeccompPolicyDescription,
} from './seccomp-policy.js';

/** Options of {@link buildSeccompFilter}. */
export interface SeccompFilterOptions {
  /** Node's architecture name; defaults to `process.arch`. */
  readonly arch?: string;
}

const ALLOW = 'allow';
const EPERM_LABEL = 'eperm';
const ENOSYS_LABEL = 'enosys';
const KILL = 'kill';
const CLONE_CHECK = 'clone-flags';
const IOCTL_CHECK = 'ioctl-request';
const PERSONALITY_CHECK = 'personality-value';
/** Leaves of the search tree hold up to this many equality tests. */
const LEAF_SIZE = 3;

interface Dispatch {
  readonly nr: number;
  readonly target: string;
}

/**
 * Returns the seccomp program for `options.arch` (default `process.arch`), encoded for
 * `bwrap --seccomp FD`.
 * @throws {GatehouseError} `SECCOMP_UNSUPPORTED_ARCH` for an architecture other than x64/arm64.
 * @example
 * const program = buildSeccompFilter(); // Buffer, 8 bytes per instruction
 */
export function buildSeccompFilter(options: SeccompFilterOptions = {}): Buffer {
  return encodeSockFilters(assembleSeccompFilter(resolveSeccompArch(options.arch ?? process.arch)));
}

/** The same program as instructions, for inspection and tests. */
export function assembleSeccompFilter(arch: SeccompArch): SockFilter[] {
  const asm = new BpfAssembler();
  asm.loadWord(SECCOMP_DATA_ARCH).jump('jeq', arch.auditArch, null, KILL);
  asm.loadWord(SECCOMP_DATA_NR);
  if (arch.altAbiBit !== null) asm.jump('jset', arch.altAbiBit, KILL);

  emitSearch(asm, dispatchTable(arch), { next: 0 });

  const namespaceMask = Object.values(CLONE_NAMESPACE_FLAGS).reduce((mask, flag) => mask | flag, 0);
  asm.label(CLONE_CHECK).loadWord(seccompArgLowOffset(0));
  asm.jump('jset', namespaceMask >>> 0, EPERM_LABEL, ALLOW);

  asm.label(IOCTL_CHECK).loadWord(seccompArgLowOffset(1));
  const requests = Object.values(TERMINAL_INJECTION_IOCTLS);
  requests.forEach((request, index) => {
    asm.jump('jeq', request, EPERM_LABEL, index === requests.length - 1 ? ALLOW : null);
  });

  asm.label(PERSONALITY_CHECK).loadWord(seccompArgLowOffset(0));
  ALLOWED_PERSONALITIES.forEach((persona, index) => {
    const last = index === ALLOWED_PERSONALITIES.length - 1;
    asm.jump('jeq', persona, ALLOW, last ? EPERM_LABEL : null);
  });

  asm.label(EPERM_LABEL).ret(SECCOMP_RET_ERRNO | EPERM);
  asm.label(ENOSYS_LABEL).ret(SECCOMP_RET_ERRNO | ENOSYS);
  asm.label(KILL).ret(SECCOMP_RET_KILL_PROCESS);
  asm.label(ALLOW).ret(SECCOMP_RET_ALLOW);
  return asm.assemble();
}

/**
 * Describes the policy for humans (`gatehouse sandbox explain`). With `arch`, lists only the
 * syscalls that exist there (throws like {@link buildSeccompFilter} for an unsupported one).
 */
export function describeSeccompPolicy(
  options: SeccompFilterOptions = {},
): SeccompPolicyDescription {
  if (options.arch === undefined) return describePolicy();
  const arch = resolveSeccompArch(options.arch);
  return describePolicy(arch.syscalls, arch.altAbiBit !== null);
}

/** Every syscall number the filter acts on, with where it goes, sorted by number. */
function dispatchTable(arch: SeccompArch): Dispatch[] {
  const { syscalls } = arch;
  const entries: { nr: number | null; target: string }[] = [
    { nr: syscalls.clone, target: CLONE_CHECK },
    { nr: syscalls.clone3, target: ENOSYS_LABEL },
    { nr: syscalls.ioctl, target: IOCTL_CHECK },
    { nr: syscalls.personality, target: PERSONALITY_CHECK },
    ...deniedSyscallNames().map((name) => ({ nr: syscalls[name], target: EPERM_LABEL })),
  ];
  const present = entries.filter((entry): entry is Dispatch => entry.nr !== null);
  present.sort((a, b) => a.nr - b.nr);
  // A number listed twice would make the search tree skip one of its entries: refuse to build.
  present.forEach((entry, index) => {
    if (index > 0 && present[index - 1]?.nr === entry.nr) {
      throw internal(`syscall number ${entry.nr} appears twice in the ${arch.name} table`);
    }
  });
  return present;
}

/**
 * Emits a balanced search over sorted `entries`: `jge pivot` splits, leaves test equality.
 * Every leaf ends in a jump (to its target or to allow), so no subtree falls into the next.
 */
function emitSearch(asm: BpfAssembler, entries: readonly Dispatch[], ids: { next: number }): void {
  const middle = Math.floor(entries.length / 2);
  const pivot = entries[middle];
  if (pivot === undefined) throw internal('empty branch in the seccomp search tree');
  if (entries.length <= LEAF_SIZE) {
    entries.forEach((entry, index) => {
      asm.jump('jeq', entry.nr, entry.target, index === entries.length - 1 ? ALLOW : null);
    });
    return;
  }
  const upper = `upper-${ids.next++}`;
  asm.jump('jge', pivot.nr, upper);
  emitSearch(asm, entries.slice(0, middle), ids);
  asm.label(upper);
  emitSearch(asm, entries.slice(middle), ids);
}

function internal(message: string): GatehouseError {
  return new GatehouseError(ErrorCode.Internal, message);
}
