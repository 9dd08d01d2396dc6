/**
 * @module operation/sandbox/seccomp/seccomp-constants
 * Kernel ABI constants the seccomp filter is made of, copied from the Linux UAPI headers
 * (`linux/seccomp.h`, `linux/audit.h`, `linux/sched.h`, `asm-generic/ioctls.h`,
 * `linux/personality.h`). They are part of the stable kernel ABI; the tests compare the ones the
 * host's headers define against these values.
 */

/** `SECCOMP_RET_KILL_PROCESS` (Linux 4.14+): kill the whole thread group with SIGSYS. */
export const SECCOMP_RET_KILL_PROCESS = 0x8000_0000;
/** `SECCOMP_RET_ERRNO`: fail the call with the errno in the low 16 bits. */
export const SECCOMP_RET_ERRNO = 0x0005_0000;
/** `SECCOMP_RET_ALLOW`: run the call. */
export const SECCOMP_RET_ALLOW = 0x7fff_0000;

/** errno values used by the filter (asm-generic/errno-base.h, asm-generic/errno.h). */
export const EPERM = 1;
export const ENOSYS = 38;

/** `AUDIT_ARCH_X86_64` = EM_X86_64 (62) | `__AUDIT_ARCH_64BIT` | `__AUDIT_ARCH_LE`. */
export const AUDIT_ARCH_X86_64 = 0xc000_003e;
/** `AUDIT_ARCH_AARCH64` = EM_AARCH64 (183) | `__AUDIT_ARCH_64BIT` | `__AUDIT_ARCH_LE`. */
export const AUDIT_ARCH_AARCH64 = 0xc000_00b7;

/** `__X32_SYSCALL_BIT`: x86-64 syscall numbers with this bit set use the x32 ABI's table. */
export const X32_SYSCALL_BIT = 0x4000_0000;

/**
 * Byte offsets into `struct seccomp_data { int nr; __u32 arch; __u64 instruction_pointer;
 * __u64 args[6]; }`. Classic BPF loads 32-bit words; on the little-endian ABIs we support the
 * low word of `args[i]` sits at `16 + 8 * i`.
 */
export const SECCOMP_DATA_NR = 0;
export const SECCOMP_DATA_ARCH = 4;
export function seccompArgLowOffset(index: number): number {
  return 16 + 8 * index;
}

/** Namespace flags of clone(2)/unshare(2) (linux/sched.h). */
export const CLONE_NAMESPACE_FLAGS = {
  CLONE_NEWTIME: 0x0000_0080,
  CLONE_NEWNS: 0x0002_0000,
  CLONE_NEWCGROUP: 0x0200_0000,
  CLONE_NEWUTS: 0x0400_0000,
  CLONE_NEWIPC: 0x0800_0000,
  CLONE_NEWUSER: 0x1000_0000,
  CLONE_NEWPID: 0x2000_0000,
  CLONE_NEWNET: 0x4000_0000,
} as const;

/** Terminal ioctls that push input into a terminal (asm-generic/ioctls.h). */
export const TERMINAL_INJECTION_IOCTLS = {
  TIOCSTI: 0x5412,
  TIOCLINUX: 0x541c,
} as const;

/**
 * personality(2) values an ordinary program may use, as in Docker's default profile: PER_LINUX,
 * UNAME26, PER_LINUX32, PER_LINUX32|UNAME26, and 0xffffffff (query only).
 */
export const ALLOWED_PERSONALITIES = [0x0, 0x0008, 0x2_0000, 0x2_0008, 0xffff_ffff] as const;
