/**
 * @module operation/sandbox/seccomp/seccomp-arch
 * The architectures the seccomp filter supports, keyed by Node's `process.arch`. Anything else
 * fails closed with {@link ErrorCode.SeccompUnsupportedArch}: a filter built with the wrong
 * syscall table would deny the wrong calls and allow the dangerous ones, so the launcher refuses
 * to start the server instead.
 */
import { ErrorCode, GatehouseError } from '../../../shared/errors/gatehouse-error.js';
import { AUDIT_ARCH_AARCH64, AUDIT_ARCH_X86_64, X32_SYSCALL_BIT } from './seccomp-constants.js';
import type { SyscallTable } from './seccomp-policy.js';
import { ARM64_SYSCALLS } from './syscalls-arm64.js';
import { X64_SYSCALLS } from './syscalls-x64.js';

/** One supported architecture: its audit tag, syscall table and ABI quirks. */
export interface SeccompArch {
  /** Node's name for it (`process.arch`). */
  readonly name: 'x64' | 'arm64';
  /** The `AUDIT_ARCH_*` value the kernel puts in `seccomp_data.arch`. */
  readonly auditArch: number;
  /** Numbers of every syscall the policy names. */
  readonly syscalls: SyscallTable;
  /** Bit that selects a second ABI sharing the same audit tag (x32 on x86-64), or null. */
  readonly altAbiBit: number | null;
}

const ARCHES: Readonly<Record<SeccompArch['name'], SeccompArch>> = {
  x64: {
    name: 'x64',
    auditArch: AUDIT_ARCH_X86_64,
    syscalls: X64_SYSCALLS,
    altAbiBit: X32_SYSCALL_BIT,
  },
  arm64: {
    name: 'arm64',
    auditArch: AUDIT_ARCH_AARCH64,
    syscalls: ARM64_SYSCALLS,
    altAbiBit: null,
  },
};

/** Node architecture names the filter can be built for. */
export const SUPPORTED_SECCOMP_ARCHES: readonly SeccompArch['name'][] = ['x64', 'arm64'];

/**
 * Looks up an architecture by Node's name.
 * @throws {GatehouseError} `SECCOMP_UNSUPPORTED_ARCH` for any other architecture.
 */
export function resolveSeccompArch(arch: string): SeccompArch {
  if (arch === 'x64' || arch === 'arm64') return ARCHES[arch];
  throw new GatehouseError(
    ErrorCode.SeccompUnsupportedArch,
    `no seccomp filter for architecture "${arch}" (supported: ${SUPPORTED_SECCOMP_ARCHES.join(', ')}); refusing to run a server without one`,
    { data: { arch } },
  );
}
