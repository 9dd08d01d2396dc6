/**
 * @module test/operation/sandbox/seccomp/bpf-interpreter
 * A test-only interpreter for the classic-BPF subset seccomp programs use (32-bit absolute loads
 * from `struct seccomp_data`, `jeq`/`jge`/`jset` with constants, `ja`, `ret`), so unit tests can
 * ask the built program what it decides for any syscall and arguments. Follows the kernel's
 * semantics: the program runs forward only and an unknown opcode is an error, not a guess.
 */
import type { SockFilter } from '../../../../src/operation/sandbox/seccomp/index.js';

/** The fields of `struct seccomp_data` a filter can read. */
export interface SeccompData {
  nr: number;
  arch: number;
  instructionPointer?: bigint;
  args?: readonly bigint[];
}

/** Encodes `data` as the kernel lays it out for the filter (little-endian). */
export function seccompDataBytes(data: SeccompData): Buffer {
  const bytes = Buffer.alloc(64);
  bytes.writeInt32LE(data.nr, 0);
  bytes.writeUInt32LE(data.arch, 4);
  bytes.writeBigUInt64LE(data.instructionPointer ?? 0n, 8);
  for (let index = 0; index < 6; index++) {
    bytes.writeBigUInt64LE(BigInt.asUintN(64, data.args?.[index] ?? 0n), 16 + 8 * index);
  }
  return bytes;
}

/** Runs `program` over `data` and returns the 32-bit action it returns. */
export function runSeccompProgram(program: readonly SockFilter[], data: SeccompData): number {
  const bytes = seccompDataBytes(data);
  let accumulator = 0;
  let pc = 0;
  for (let steps = 0; steps <= program.length; steps++) {
    const insn = program[pc];
    if (insn === undefined) throw new Error(`fell off the program at ${pc}`);
    switch (insn.code) {
      case 0x20: // BPF_LD | BPF_W | BPF_ABS
        if (insn.k % 4 !== 0 || insn.k + 4 > bytes.length) throw new Error(`bad load ${insn.k}`);
        accumulator = bytes.readUInt32LE(insn.k);
        pc += 1;
        break;
      case 0x15: // BPF_JMP | BPF_JEQ | BPF_K
        pc += 1 + (accumulator === insn.k ? insn.jt : insn.jf);
        break;
      case 0x35: // BPF_JMP | BPF_JGE | BPF_K
        pc += 1 + (accumulator >= insn.k ? insn.jt : insn.jf);
        break;
      case 0x45: // BPF_JMP | BPF_JSET | BPF_K
        pc += 1 + ((accumulator & insn.k) >>> 0 !== 0 ? insn.jt : insn.jf);
        break;
      case 0x05: // BPF_JMP | BPF_JA
        pc += 1 + insn.k;
        break;
      case 0x06: // BPF_RET | BPF_K
        return insn.k;
      default:
        throw new Error(`unsupported opcode 0x${insn.code.toString(16)} at ${pc}`);
    }
  }
  throw new Error('program did not return');
}
