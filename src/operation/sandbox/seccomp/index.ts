/**
 * @module operation/sandbox/seccomp
 * Public surface of operation/sandbox/seccomp: the seccomp filter every stdio MCP server runs
 * under (passed to `bwrap --seccomp FD`), its description for humans, and the per-architecture
 * syscall tables it is built from. Every export here is public API; no wildcards.
 */
export type { SockFilter } from './bpf-assembler.js';
export { decodeSockFilters } from './bpf-assembler.js';
export type { SeccompFilterOptions } from './build-seccomp-filter.js';
export {
  assembleSeccompFilter,
  buildSeccompFilter,
  describeSeccompPolicy,
} from './build-seccomp-filter.js';
export type { SeccompArch } from './seccomp-arch.js';
export { resolveSeccompArch, SUPPORTED_SECCOMP_ARCHES } from './seccomp-arch.js';
export type {
  DeniedSyscallName,
  FilteredSyscallName,
  SeccompPolicyDescription,
  SyscallTable,
} from './seccomp-policy.js';
export { DENIED_SYSCALL_GROUPS } from './seccomp-policy.js';
export { ARM64_SYSCALLS } from './syscalls-arm64.js';
export { X64_SYSCALLS } from './syscalls-x64.js';
