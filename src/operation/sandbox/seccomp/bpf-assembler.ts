/**
 * @module operation/sandbox/seccomp/bpf-assembler
 * A minimal classic-BPF assembler for seccomp programs: 32-bit absolute loads, conditional
 * jumps to labels, and returns. Written by hand because no maintained npm package builds seccomp
 * BPF (libseccomp has no Node binding on the registry); the subset here is the one libseccomp
 * itself emits for simple policies.
 *
 * Classic BPF jumps only forward, by an 8-bit offset; {@link BpfAssembler.assemble} refuses a
 * backward or out-of-range jump instead of emitting a program the kernel would reject or, worse,
 * one that jumps somewhere unintended.
 */
import { ErrorCode, GatehouseError } from '../../../shared/errors/gatehouse-error.js';

/** Opcode parts from linux/bpf_common.h. */
export const BPF_LD = 0x00;
export const BPF_JMP = 0x05;
export const BPF_RET = 0x06;
export const BPF_W = 0x00;
export const BPF_ABS = 0x20;
export const BPF_JEQ = 0x10;
export const BPF_JGE = 0x30;
export const BPF_JSET = 0x40;
export const BPF_K = 0x00;

/** `BPF_MAXINSNS`: the kernel refuses longer classic programs. */
export const BPF_MAXINSNS = 4096;

/** One `struct sock_filter { __u16 code; __u8 jt; __u8 jf; __u32 k; }`. */
export interface SockFilter {
  readonly code: number;
  readonly jt: number;
  readonly jf: number;
  readonly k: number;
}

/** Size of one encoded instruction in bytes. */
export const SOCK_FILTER_SIZE = 8;

/** The conditional jumps the assembler offers. */
export type JumpKind = 'jeq' | 'jge' | 'jset';

const JUMP_OPCODES: Readonly<Record<JumpKind, number>> = {
  jeq: BPF_JMP | BPF_JEQ | BPF_K,
  jge: BPF_JMP | BPF_JGE | BPF_K,
  jset: BPF_JMP | BPF_JSET | BPF_K,
};

type Pending =
  | { readonly kind: 'plain'; readonly insn: SockFilter }
  | {
      readonly kind: 'jump';
      readonly code: number;
      readonly k: number;
      readonly ifTrue: string | null;
      readonly ifFalse: string | null;
    };

/** Builds a program instruction by instruction; jump targets are label names (null = next). */
export class BpfAssembler {
  readonly #pending: Pending[] = [];
  readonly #labels = new Map<string, number>();

  /** Marks the position of the next instruction as `name`. */
  label(name: string): this {
    if (this.#labels.has(name)) throw internal(`BPF label "${name}" defined twice`);
    this.#labels.set(name, this.#pending.length);
    return this;
  }

  /** `A = *(u32 *)(seccomp_data + offset)`. */
  loadWord(offset: number): this {
    return this.#plain({ code: BPF_LD | BPF_W | BPF_ABS, jt: 0, jf: 0, k: u32(offset) });
  }

  /** Compares A with `k`; goes to `ifTrue` / `ifFalse` (null: the next instruction). */
  jump(kind: JumpKind, k: number, ifTrue: string | null, ifFalse: string | null = null): this {
    this.#pending.push({ kind: 'jump', code: JUMP_OPCODES[kind], k: u32(k), ifTrue, ifFalse });
    return this;
  }

  /** Returns `action` to the kernel. */
  ret(action: number): this {
    return this.#plain({ code: BPF_RET | BPF_K, jt: 0, jf: 0, k: u32(action) });
  }

  /** Resolves labels. @throws {GatehouseError} `INTERNAL` on an unknown label or a bad jump. */
  assemble(): SockFilter[] {
    if (this.#pending.length > BPF_MAXINSNS) {
      throw internal(`BPF program of ${this.#pending.length} instructions exceeds ${BPF_MAXINSNS}`);
    }
    return this.#pending.map((entry, index) => {
      if (entry.kind === 'plain') return entry.insn;
      return {
        code: entry.code,
        jt: this.#offset(index, entry.ifTrue),
        jf: this.#offset(index, entry.ifFalse),
        k: entry.k,
      };
    });
  }

  #plain(insn: SockFilter): this {
    this.#pending.push({ kind: 'plain', insn });
    return this;
  }

  #offset(from: number, label: string | null): number {
    if (label === null) return 0;
    const target = this.#labels.get(label);
    if (target === undefined) throw internal(`BPF label "${label}" is not defined`);
    const offset = target - (from + 1);
    if (offset < 0 || offset > 0xff || target >= this.#pending.length) {
      throw internal(`BPF jump from ${from} to "${label}" (${target}) is out of range`);
    }
    return offset;
  }
}

/**
 * Encodes instructions as the kernel's `struct sock_filter` array. Both supported ABIs (x86-64,
 * little-endian arm64) are little-endian, so host byte order is little-endian here.
 */
export function encodeSockFilters(program: readonly SockFilter[]): Buffer {
  const buffer = Buffer.alloc(program.length * SOCK_FILTER_SIZE);
  program.forEach((insn, index) => {
    const at = index * SOCK_FILTER_SIZE;
    buffer.writeUInt16LE(insn.code, at);
    buffer.writeUInt8(insn.jt, at + 2);
    buffer.writeUInt8(insn.jf, at + 3);
    buffer.writeUInt32LE(insn.k, at + 4);
  });
  return buffer;
}

/** Decodes an encoded program (the inverse of {@link encodeSockFilters}). */
export function decodeSockFilters(buffer: Buffer): SockFilter[] {
  if (buffer.length % SOCK_FILTER_SIZE !== 0) {
    throw internal(`BPF program of ${buffer.length} bytes is not a whole number of instructions`);
  }
  const program: SockFilter[] = [];
  for (let at = 0; at < buffer.length; at += SOCK_FILTER_SIZE) {
    program.push({
      code: buffer.readUInt16LE(at),
      jt: buffer.readUInt8(at + 2),
      jf: buffer.readUInt8(at + 3),
      k: buffer.readUInt32LE(at + 4),
    });
  }
  return program;
}

function u32(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
    throw internal(`BPF operand ${value} is not an unsigned 32-bit integer`);
  }
  return value;
}

function internal(message: string): GatehouseError {
  return new GatehouseError(ErrorCode.Internal, message);
}
