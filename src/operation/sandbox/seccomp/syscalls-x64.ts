/**
 * @module operation/sandbox/seccomp/syscalls-x64
 * Numbers of the syscalls the filter names, x86-64 (64-bit ABI) table, from
 * `arch/x86/entry/syscalls/syscall_64.tbl` (`asm/unistd_64.h`). A test compares them with the
 * host's headers when present. `null`: the syscall does not exist on x86-64.
 */
import type { SyscallTable } from './seccomp-policy.js';

/** x86-64 syscall numbers (AUDIT_ARCH_X86_64). */
export const X64_SYSCALLS: SyscallTable = {
  // argument-checked
  clone: 56,
  clone3: 435,
  ioctl: 16,
  personality: 135,
  // process memory and descriptors
  ptrace: 101,
  process_vm_readv: 310,
  process_vm_writev: 311,
  kcmp: 312,
  pidfd_getfd: 438,
  // mounts
  mount: 165,
  umount2: 166,
  pivot_root: 155,
  chroot: 161,
  open_tree: 428,
  open_tree_attr: 467,
  move_mount: 429,
  fsopen: 430,
  fsconfig: 431,
  fsmount: 432,
  fspick: 433,
  mount_setattr: 442,
  // namespaces
  unshare: 272,
  setns: 308,
  // keyrings
  keyctl: 250,
  add_key: 248,
  request_key: 249,
  // kernel attack surface
  bpf: 321,
  perf_event_open: 298,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
  userfaultfd: 323,
  fanotify_init: 300,
  lookup_dcookie: 212,
  nfsservctl: 180,
  uselib: 134,
  modify_ldt: 154,
  // file handles
  open_by_handle_at: 304,
  name_to_handle_at: 303,
  // kernel and machine state
  kexec_load: 246,
  kexec_file_load: 320,
  init_module: 175,
  finit_module: 313,
  delete_module: 176,
  reboot: 169,
  swapon: 167,
  swapoff: 168,
  acct: 163,
  quotactl: 179,
  quotactl_fd: 443,
  syslog: 103,
  sethostname: 170,
  setdomainname: 171,
  vhangup: 153,
  // clock
  settimeofday: 164,
  clock_settime: 227,
  adjtimex: 159,
  clock_adjtime: 305,
  // I/O ports
  iopl: 172,
  ioperm: 173,
};
