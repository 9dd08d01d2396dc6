/**
 * The per-architecture syscall tables and the ABI constants, checked against the kernel headers
 * installed on the host (linux-libc-dev) when they are present. A wrong number would deny a
 * harmless syscall and, worse, allow the dangerous one it was meant to deny.
 */
import { existsSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  ARM64_SYSCALLS,
  DENIED_SYSCALL_GROUPS,
  type SyscallTable,
  X64_SYSCALLS,
} from '../../../../src/operation/sandbox/seccomp/index.js';
import * as constants from '../../../../src/operation/sandbox/seccomp/seccomp-constants.js';

const X64_HEADER = [
  '/usr/include/x86_64-linux-gnu/asm/unistd_64.h',
  '/usr/include/asm/unistd_64.h',
].find((path) => existsSync(path));
const GENERIC_HEADER = '/usr/include/asm-generic/unistd.h';

/** `#define NAME VALUE` lines with a plain numeric value (decimal or hex, optional U suffix). */
function numericDefines(path: string): Map<string, number> {
  const defines = new Map<string, number>();
  for (const match of readFileSync(path, 'utf8').matchAll(
    /^#define\s+(\w+)\s+\(?(0x[0-9a-fA-F]+|\d+)U?L?\)?\s*(?:\/\*.*)?$/gm,
  )) {
    defines.set(match[1]!, Number(match[2]));
  }
  return defines;
}

function syscallNumbers(path: string): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const [name, value] of numericDefines(path)) {
    if (name.startsWith('__NR_') && name !== '__NR_syscalls') numbers.set(name.slice(5), value);
  }
  return numbers;
}

function compareWithHeader(table: SyscallTable, header: Map<string, number>): void {
  expect(header.size).toBeGreaterThan(250); // the header was really parsed
  const newestInHeader = Math.max(...header.values());
  for (const [name, number] of Object.entries(table)) {
    if (number === null) {
      expect({ name, inHeader: header.get(name) }).toEqual({ name, inHeader: undefined });
    } else if (header.has(name)) {
      expect({ name, number }).toEqual({ name, number: header.get(name) });
    } else {
      // Newer than the installed headers (e.g. open_tree_attr, Linux 6.15): must be past their end.
      expect({ name, newer: number > newestInHeader }).toEqual({ name, newer: true });
    }
  }
}

describe('syscall tables', () => {
  for (const [arch, table] of [
    ['x64', X64_SYSCALLS],
    ['arm64', ARM64_SYSCALLS],
  ] as const) {
    it(`${arch}: names every syscall of the policy, with distinct numbers`, () => {
      for (const group of DENIED_SYSCALL_GROUPS) {
        for (const name of group.syscalls) expect(Object.keys(table)).toContain(name);
      }
      const numbers = Object.values(table).filter((value) => value !== null);
      expect(new Set(numbers).size).toBe(numbers.length);
      for (const number of numbers)
        expect(Number.isInteger(number) && number >= 0 && number < 1024).toBe(true);
    });
  }

  it('every denied syscall exists on at least one architecture', () => {
    for (const group of DENIED_SYSCALL_GROUPS) {
      for (const name of group.syscalls) {
        expect({
          name,
          somewhere: X64_SYSCALLS[name] !== null || ARM64_SYSCALLS[name] !== null,
        }).toEqual({
          name,
          somewhere: true,
        });
      }
    }
  });

  it.skipIf(X64_HEADER === undefined)('x64 matches asm/unistd_64.h', () => {
    compareWithHeader(X64_SYSCALLS, syscallNumbers(X64_HEADER!));
  });

  it.skipIf(!existsSync(GENERIC_HEADER))('arm64 matches asm-generic/unistd.h', () => {
    compareWithHeader(ARM64_SYSCALLS, syscallNumbers(GENERIC_HEADER));
  });
});

describe('ABI constants', () => {
  const header = (path: string): Map<string, number> =>
    existsSync(path) ? numericDefines(path) : new Map<string, number>();

  it.skipIf(!existsSync('/usr/include/linux/seccomp.h'))('match linux/seccomp.h', () => {
    const seccomp = header('/usr/include/linux/seccomp.h');
    expect(seccomp.get('SECCOMP_RET_KILL_PROCESS')).toBe(constants.SECCOMP_RET_KILL_PROCESS);
    expect(seccomp.get('SECCOMP_RET_ERRNO')).toBe(constants.SECCOMP_RET_ERRNO);
    expect(seccomp.get('SECCOMP_RET_ALLOW')).toBe(constants.SECCOMP_RET_ALLOW);
  });

  it.skipIf(!existsSync('/usr/include/linux/sched.h'))('match linux/sched.h', () => {
    const sched = header('/usr/include/linux/sched.h');
    for (const [name, value] of Object.entries(constants.CLONE_NAMESPACE_FLAGS)) {
      expect({ name, value: sched.get(name) }).toEqual({ name, value });
    }
  });

  it.skipIf(!existsSync('/usr/include/asm-generic/ioctls.h'))(
    'match asm-generic/ioctls.h and errno',
    () => {
      const ioctls = header('/usr/include/asm-generic/ioctls.h');
      expect(ioctls.get('TIOCSTI')).toBe(constants.TERMINAL_INJECTION_IOCTLS.TIOCSTI);
      expect(ioctls.get('TIOCLINUX')).toBe(constants.TERMINAL_INJECTION_IOCTLS.TIOCLINUX);
      expect(header('/usr/include/asm-generic/errno-base.h').get('EPERM')).toBe(constants.EPERM);
      expect(header('/usr/include/asm-generic/errno.h').get('ENOSYS')).toBe(constants.ENOSYS);
    },
  );

  it.skipIf(!existsSync('/usr/include/linux/elf-em.h'))(
    'audit architectures match linux/elf-em.h and linux/audit.h',
    () => {
      const elf = header('/usr/include/linux/elf-em.h');
      const audit = header('/usr/include/linux/audit.h');
      const bits =
        (audit.get('__AUDIT_ARCH_64BIT') ?? 0x8000_0000) |
        (audit.get('__AUDIT_ARCH_LE') ?? 0x4000_0000);
      expect((elf.get('EM_X86_64')! | bits) >>> 0).toBe(constants.AUDIT_ARCH_X86_64);
      expect((elf.get('EM_AARCH64')! | bits) >>> 0).toBe(constants.AUDIT_ARCH_AARCH64);
    },
  );

  it.skipIf(X64_HEADER === undefined)('x32 bit matches asm/unistd.h', () => {
    const unistd = header(X64_HEADER!.replace('unistd_64.h', 'unistd.h'));
    expect(unistd.get('__X32_SYSCALL_BIT')).toBe(constants.X32_SYSCALL_BIT);
  });
});
