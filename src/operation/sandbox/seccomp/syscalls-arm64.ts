/**
 * @module operation/sandbox/seccomp/syscalls-arm64
 * Numbers of the syscalls the filter names, arm64 table: arm64 uses the generic syscall table
 * (`include/uapi/asm-generic/unistd.h`). A test compares them with the host's headers when
 * present. `null`: the syscall does not exist on arm64.
 */
import type { SyscallTable } from './seccomp-policy.js';

/** arm64 syscall numbers (AUDIT_ARCH_AARCH64). */
export const ARM64_SYSCALLS: SyscallTable = {
  // argument-checked
  clone: 220,
  clone3: 435,
  ioctl: 29,
  personality: 92,
  // process memory and descriptors
  ptrace: 117,
  process_vm_readv: 270,
  process_vm_writev: 271,
  kcmp: 272,
  pidfd_getfd: 438,
  // mounts
  mount: 40,
  umount2: 39,
  pivot_root: 41,
  chroot: 51,
  open_tree: 428,
  open_tree_attr: 467,
  move_mount: 429,
  fsopen: 430,
  fsconfig: 431,
  fsmount: 432,
  fspick: 433,
  mount_setattr: 442,
  // namespaces
  unshare: 97,
  setns: 268,
  // keyrings
  keyctl: 219,
  add_key: 217,
  request_key: 218,
  // kernel attack surface
  bpf: 280,
  perf_event_open: 241,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
  userfaultfd: 282,
  fanotify_init: 262,
  lookup_dcookie: 18,
  nfsservctl: 42,
  uselib: null,
  modify_ldt: null,
  // file handles
  open_by_handle_at: 265,
  name_to_handle_at: 264,
  // kernel and machine state
  kexec_load: 104,
  kexec_file_load: 294,
  init_module: 105,
  finit_module: 273,
  delete_module: 106,
  reboot: 142,
  swapon: 224,
  swapoff: 225,
  acct: 89,
  quotactl: 60,
  quotactl_fd: 443,
  syslog: 116,
  sethostname: 161,
  setdomainname: 162,
  vhangup: 58,
  // clock
  settimeofday: 170,
  clock_settime: 112,
  adjtimex: 171,
  clock_adjtime: 266,
  // I/O ports (x86 only)
  iopl: null,
  ioperm: null,
};
