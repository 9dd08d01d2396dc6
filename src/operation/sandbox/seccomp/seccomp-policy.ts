/**
 * @module operation/sandbox/seccomp/seccomp-policy
 * What the stdio sandbox's seccomp filter denies, as data: each group of syscalls names the
 * threat it stops. An untrusted MCP server (Node, Python, a static binary) needs none of these;
 * bubblewrap already drops every capability, so most would fail anyway: the filter removes the
 * kernel code behind them from reach (defence in depth against kernel bugs) and closes the ones
 * that work without capabilities (ptrace, process_vm_*, keyrings, io_uring, userfaultfd, …).
 * Numbers live in one table per architecture (`syscalls-x64.ts`, `syscalls-arm64.ts`).
 */
import {
  ALLOWED_PERSONALITIES,
  CLONE_NAMESPACE_FLAGS,
  TERMINAL_INJECTION_IOCTLS,
} from './seccomp-constants.js';

/** Syscalls answered with EPERM whatever their arguments, grouped by the threat they carry. */
export const DENIED_SYSCALL_GROUPS = [
  {
    threat: 'reading or writing the memory of other processes, stealing their descriptors',
    syscalls: ['ptrace', 'process_vm_readv', 'process_vm_writev', 'kcmp', 'pidfd_getfd'],
  },
  {
    threat: 'changing the filesystem view the sandbox was built with',
    syscalls: [
      'mount',
      'umount2',
      'pivot_root',
      'chroot',
      'open_tree',
      'open_tree_attr',
      'move_mount',
      'fsopen',
      'fsconfig',
      'fsmount',
      'fspick',
      'mount_setattr',
    ],
  },
  {
    threat: 'entering or creating namespaces (user namespaces open large kernel attack surface)',
    syscalls: ['unshare', 'setns'],
  },
  {
    threat: 'kernel keyrings: secrets of the user outside the sandbox, a history of kernel bugs',
    syscalls: ['keyctl', 'add_key', 'request_key'],
  },
  {
    threat: 'kernel attack surface that ordinary programs do not need (exploit primitives)',
    syscalls: [
      'bpf',
      'perf_event_open',
      'io_uring_setup',
      'io_uring_enter',
      'io_uring_register',
      'userfaultfd',
      'fanotify_init',
      'lookup_dcookie',
      'nfsservctl',
      'uselib',
      'modify_ldt',
    ],
  },
  {
    threat: 'opening files by handle, bypassing the mount namespace (the "shocker" escape)',
    syscalls: ['open_by_handle_at', 'name_to_handle_at'],
  },
  {
    threat: 'changing the running kernel, its modules or the machine state',
    syscalls: [
      'kexec_load',
      'kexec_file_load',
      'init_module',
      'finit_module',
      'delete_module',
      'reboot',
      'swapon',
      'swapoff',
      'acct',
      'quotactl',
      'quotactl_fd',
      'syslog',
      'sethostname',
      'setdomainname',
      'vhangup',
    ],
  },
  {
    threat: 'setting the system clock',
    syscalls: ['settimeofday', 'clock_settime', 'adjtimex', 'clock_adjtime'],
  },
  {
    threat: 'direct access to I/O ports',
    syscalls: ['iopl', 'ioperm'],
  },
] as const satisfies readonly { threat: string; syscalls: readonly string[] }[];

/** A syscall the filter denies outright. */
export type DeniedSyscallName = (typeof DENIED_SYSCALL_GROUPS)[number]['syscalls'][number];

/** Syscalls the filter inspects by argument, or answers with ENOSYS. */
export const ARGUMENT_CHECKED_SYSCALLS = ['clone', 'clone3', 'ioctl', 'personality'] as const;

/** Every syscall the filter names; each architecture's table must give all of them a number or null. */
export type FilteredSyscallName = DeniedSyscallName | (typeof ARGUMENT_CHECKED_SYSCALLS)[number];

/** Syscall numbers of one architecture; `null` where the syscall does not exist there. */
export type SyscallTable = Readonly<Record<FilteredSyscallName, number | null>>;

/** Every denied syscall name, in policy order. */
export function deniedSyscallNames(): DeniedSyscallName[] {
  return DENIED_SYSCALL_GROUPS.flatMap((group) => [...group.syscalls]);
}

/** The policy in words, for `gatehouse sandbox explain`. */
export interface SeccompPolicyDescription {
  /** Syscalls answered with EPERM whatever their arguments. */
  denied: string[];
  /** Syscalls answered with ENOSYS, so that callers fall back (clone3 → clone). */
  enosys: string[];
  /** clone(2) flags for which clone answers EPERM. */
  cloneFlagsDenied: string[];
  /** ioctl(2) requests answered with EPERM, as `NAME (0xHEX)`. */
  ioctlDenied: string[];
  /** personality(2) values allowed (hex); any other persona is answered with EPERM. */
  personalityAllowed: string[];
  /** What kills the whole process (SIGSYS) instead of failing the call. */
  killed: string[];
}

/**
 * Describes the policy for humans. With `table`, lists only the syscalls that exist on that
 * architecture; without, every syscall the policy names on some architecture.
 */
export function describePolicy(table?: SyscallTable, x32Denied = true): SeccompPolicyDescription {
  const exists = (name: FilteredSyscallName): boolean =>
    table === undefined || table[name] !== null;
  return {
    denied: deniedSyscallNames().filter(exists),
    enosys: ['clone3'],
    cloneFlagsDenied: Object.keys(CLONE_NAMESPACE_FLAGS),
    ioctlDenied: Object.entries(TERMINAL_INJECTION_IOCTLS).map(
      ([name, value]) => `${name} (0x${value.toString(16)})`,
    ),
    personalityAllowed: ALLOWED_PERSONALITIES.map((value) => `0x${value.toString(16)}`),
    killed: [
      'any syscall made through a foreign architecture ABI (e.g. i386 int 0x80 on x86-64)',
      ...(x32Denied ? ['any syscall made through the x32 ABI (number | 0x40000000)'] : []),
    ],
  };
}
