/**
 * Unit tests of the seccomp program: its structure (what the kernel's checker requires and
 * more), and its decision for every syscall number and the argument edge cases, computed by a
 * test-only BPF interpreter and compared with expectations written out here independently.
 */
import { describe, expect, it } from 'vitest';

import {
  assembleSeccompFilter,
  buildSeccompFilter,
  decodeSockFilters,
  DENIED_SYSCALL_GROUPS,
  describeSeccompPolicy,
  resolveSeccompArch,
  type SockFilter,
} from '../../../../src/operation/sandbox/seccomp/index.js';
import { GatehouseError } from '../../../../src/shared/errors/gatehouse-error.js';
import { runSeccompProgram } from './bpf-interpreter.js';

const KILL = 0x8000_0000;
const EPERM = 0x0005_0001;
const ENOSYS = 0x0005_0026;
const ALLOW = 0x7fff_0000;
const AUDIT: Record<string, number> = { x64: 0xc000_003e, arm64: 0xc000_00b7 };
const FOREIGN_AUDIT = [0x4000_0003 /* i386 */, 0x4000_0028 /* arm */, 0xc000_00f3 /* riscv64 */];

/** Syscalls Node and Python need every day; the filter must let them through untouched. */
const MUST_ALLOW: Record<string, Record<string, number>> = {
  x64: {
    read: 0,
    write: 1,
    mmap: 9,
    execve: 59,
    wait4: 61,
    prctl: 157,
    futex: 202,
    epoll_wait: 232,
    openat: 257,
    seccomp: 317,
    getrandom: 318,
    rseq: 334,
    pidfd_open: 434,
  },
  arm64: {
    read: 63,
    write: 64,
    openat: 56,
    execve: 221,
    futex: 98,
    mmap: 222,
    epoll_pwait: 22,
    wait4: 260,
    prctl: 167,
    getrandom: 278,
    rseq: 293,
    pidfd_open: 434,
  },
};

const NAMESPACE_FLAGS = [
  0x80, 0x2_0000, 0x200_0000, 0x400_0000, 0x800_0000, 0x1000_0000, 0x2000_0000, 0x4000_0000,
];
const CLONE_THREAD_FLAGS = 0x003d_0f00; // what glibc passes for pthread_create
const SIGCHLD = 17;

function reachable(program: readonly SockFilter[]): Set<number> {
  const seen = new Set<number>();
  const queue = [0];
  while (queue.length > 0) {
    const pc = queue.pop()!;
    if (seen.has(pc)) continue;
    seen.add(pc);
    const insn = program[pc]!;
    if ((insn.code & 0x07) === 0x06) continue; // ret
    if ((insn.code & 0x07) === 0x05) queue.push(pc + 1 + insn.jt, pc + 1 + insn.jf);
    else queue.push(pc + 1);
  }
  return seen;
}

for (const archName of ['x64', 'arm64'] as const) {
  describe(`seccomp filter for ${archName}`, () => {
    const arch = resolveSeccompArch(archName);
    const program = assembleSeccompFilter(arch);
    const decide = (nr: number, args: readonly bigint[] = [], audit = AUDIT[archName]!): number =>
      runSeccompProgram(program, { nr, arch: audit, args });
    const nr = (name: keyof typeof arch.syscalls): number => {
      const value = arch.syscalls[name];
      if (value === null) throw new Error(`${name} does not exist on ${archName}`);
      return value;
    };

    it('is a valid classic BPF program: short, forward jumps in range, aligned loads, ends in ret', () => {
      expect(program.length).toBeGreaterThan(10);
      expect(program.length).toBeLessThan(4096);
      program.forEach((insn, pc) => {
        expect([0x20, 0x15, 0x35, 0x45, 0x06]).toContain(insn.code);
        if ((insn.code & 0x07) === 0x05) {
          expect(pc + 1 + insn.jt).toBeLessThan(program.length);
          expect(pc + 1 + insn.jf).toBeLessThan(program.length);
        }
        if (insn.code === 0x20) {
          expect(insn.k % 4).toBe(0);
          expect(insn.k).toBeLessThan(64);
        }
      });
      expect(program.at(-1)!.code).toBe(0x06);
      expect(reachable(program).size).toBe(program.length);
    });

    it('encodes 8 bytes per instruction and decodes back to the same program', () => {
      const encoded = buildSeccompFilter({ arch: archName });
      expect(encoded.length).toBe(program.length * 8);
      expect(decodeSockFilters(encoded)).toEqual(program);
      expect(encoded.readUInt16LE(0)).toBe(0x20); // first instruction loads seccomp_data.arch
      expect(encoded.readUInt32LE(4)).toBe(4);
    });

    it('kills the process for a foreign architecture, whatever the syscall', () => {
      for (const audit of FOREIGN_AUDIT) {
        for (const number of [0, 1, 20, nr('ptrace'), 500])
          expect(decide(number, [], audit)).toBe(KILL);
      }
    });

    it(`${archName === 'x64' ? 'kills' : 'does not special-case'} syscall numbers with the x32 bit`, () => {
      const expected = archName === 'x64' ? KILL : ALLOW;
      for (const number of [0x4000_0000, 0x4000_0027, 0x4000_0000 | nr('ptrace'), 0x7fff_ffff]) {
        expect(decide(number)).toBe(expected);
      }
    });

    it('answers every number in 0..1023 as the policy says, and allows everything it does not name', () => {
      const denied = new Set<number>(
        DENIED_SYSCALL_GROUPS.flatMap((group) =>
          group.syscalls.map((name) => arch.syscalls[name]),
        ).filter((value): value is number => value !== null),
      );
      for (let number = 0; number < 1024; number++) {
        const expected = denied.has(number) ? EPERM : number === nr('clone3') ? ENOSYS : ALLOW;
        expect({ number, action: decide(number) }).toEqual({ number, action: expected });
      }
      for (const [name, number] of Object.entries(MUST_ALLOW[archName]!)) {
        expect({ name, action: decide(number) }).toEqual({ name, action: ALLOW });
      }
      expect(decide(-1)).toBe(archName === 'x64' ? KILL : ALLOW); // -1 has the x32 bit set
      expect(decide(0x3fff_ffff)).toBe(ALLOW);
    });

    it('denies clone with any namespace flag, also with high bits set, and allows fork and threads', () => {
      for (const flag of NAMESPACE_FLAGS) {
        expect(decide(nr('clone'), [BigInt(flag | SIGCHLD)])).toBe(EPERM);
        expect(decide(nr('clone'), [(0xffff_ffffn << 32n) | BigInt(flag)])).toBe(EPERM);
      }
      expect(decide(nr('clone'), [BigInt(SIGCHLD)])).toBe(ALLOW);
      expect(decide(nr('clone'), [BigInt(CLONE_THREAD_FLAGS)])).toBe(ALLOW);
      expect(decide(nr('clone'), [(1n << 40n) | BigInt(SIGCHLD)])).toBe(ALLOW); // ignored by the kernel
      expect(decide(nr('clone'), [0n, BigInt(NAMESPACE_FLAGS[5]!)])).toBe(ALLOW); // args[1] is the stack
    });

    it('denies TIOCSTI and TIOCLINUX on the low word of the request only, allows other ioctls', () => {
      for (const request of [
        0x5412n,
        0x541cn,
        (1n << 32n) | 0x5412n,
        (0xffff_ffffn << 32n) | 0x541cn,
      ]) {
        expect(decide(nr('ioctl'), [0n, request])).toBe(EPERM);
      }
      for (const request of [0x5401n /* TCGETS */, 0x5413n /* TIOCGWINSZ */, 0x5412n << 32n]) {
        expect(decide(nr('ioctl'), [0n, request])).toBe(ALLOW);
      }
      expect(decide(nr('ioctl'), [0x5412n, 0n])).toBe(ALLOW); // the fd is not the request
    });

    it('allows the ordinary personalities and the query, denies personas that weaken mitigations', () => {
      for (const persona of [0n, 8n, 0x2_0000n, 0x2_0008n, 0xffff_ffffn]) {
        expect(decide(nr('personality'), [persona])).toBe(ALLOW);
      }
      for (const persona of [
        0x004_0000n /* ADDR_NO_RANDOMIZE */,
        0x040_0000n /* READ_IMPLIES_EXEC */,
        0x5n,
      ]) {
        expect(decide(nr('personality'), [persona])).toBe(EPERM);
      }
    });
  });
}

describe('buildSeccompFilter and describeSeccompPolicy', () => {
  it('fails closed with a coded error for an architecture it has no table for', () => {
    for (const arch of ['ia32', 'arm', 'riscv64', 's390x', 'ppc64', 'mips', '']) {
      const attempt = (): Buffer => buildSeccompFilter({ arch });
      expect(attempt).toThrow(GatehouseError);
      expect(attempt).toThrow(expect.objectContaining({ code: 'SECCOMP_UNSUPPORTED_ARCH' }));
      expect(() => describeSeccompPolicy({ arch })).toThrow(GatehouseError);
    }
  });

  it('builds for the running machine by default', () => {
    if (process.arch === 'x64' || process.arch === 'arm64') {
      expect(buildSeccompFilter()).toEqual(buildSeccompFilter({ arch: process.arch }));
    } else {
      expect(() => buildSeccompFilter()).toThrow(GatehouseError);
    }
  });

  it('describes the policy in words, per architecture when asked', () => {
    const all = describeSeccompPolicy();
    expect(all.denied).toEqual(
      expect.arrayContaining(['ptrace', 'mount', 'bpf', 'io_uring_setup', 'iopl']),
    );
    expect(all.enosys).toEqual(['clone3']);
    expect(all.cloneFlagsDenied).toHaveLength(8);
    expect(all.cloneFlagsDenied).toContain('CLONE_NEWUSER');
    expect(all.ioctlDenied).toEqual(['TIOCSTI (0x5412)', 'TIOCLINUX (0x541c)']);
    expect(all.killed.join(' ')).toMatch(/x32/);
    const arm64 = describeSeccompPolicy({ arch: 'arm64' });
    expect(arm64.denied).not.toContain('iopl');
    expect(arm64.denied).not.toContain('modify_ldt');
    expect(arm64.killed.join(' ')).not.toMatch(/x32/);
    expect(describeSeccompPolicy({ arch: 'x64' }).denied).toEqual(all.denied);
  });
});
