/**
 * The hand-written classic-BPF assembler refuses, rather than emits, programs the kernel would
 * reject or that would jump somewhere unintended.
 */
import { describe, expect, it } from 'vitest';

import {
  BpfAssembler,
  decodeSockFilters,
  encodeSockFilters,
} from '../../../../src/operation/sandbox/seccomp/bpf-assembler.js';
import { GatehouseError } from '../../../../src/shared/errors/gatehouse-error.js';
import { runSeccompProgram } from './bpf-interpreter.js';

describe('BpfAssembler', () => {
  it('refuses an undefined label, a label defined twice, and a jump backwards', () => {
    expect(() => new BpfAssembler().jump('jeq', 1, 'nowhere').ret(0).assemble()).toThrow(
      /not defined/,
    );
    expect(() => new BpfAssembler().label('a').ret(0).label('a')).toThrow(/defined twice/);
    const backwards = new BpfAssembler().label('top').loadWord(0).jump('jeq', 1, 'top').ret(0);
    expect(() => backwards.assemble()).toThrow(/out of range/);
  });

  it('refuses a label past the last instruction', () => {
    const dangling = new BpfAssembler().jump('jeq', 1, 'end').ret(0).label('end');
    expect(() => dangling.assemble()).toThrow(GatehouseError);
  });

  it('refuses a jump farther than 255 instructions, accepts exactly 255', () => {
    const far = (distance: number): BpfAssembler => {
      const asm = new BpfAssembler().loadWord(0).jump('jeq', 1, 'target');
      for (let index = 0; index < distance; index++) asm.ret(0);
      return asm.label('target').ret(1);
    };
    expect(() => far(255).assemble()).not.toThrow();
    expect(() => far(256).assemble()).toThrow(/out of range/);
  });

  it('refuses operands that are not unsigned 32-bit integers and programs over 4096 instructions', () => {
    expect(() => new BpfAssembler().ret(-1)).toThrow(GatehouseError);
    expect(() => new BpfAssembler().ret(2 ** 32)).toThrow(GatehouseError);
    expect(() => new BpfAssembler().jump('jeq', 1.5, null)).toThrow(GatehouseError);
    const long = new BpfAssembler();
    for (let index = 0; index < 4097; index++) long.ret(0);
    expect(() => long.assemble()).toThrow(/exceeds 4096/);
  });

  it('assembles jumps that the interpreter follows to the labelled instruction', () => {
    const program = new BpfAssembler()
      .loadWord(0)
      .jump('jeq', 7, 'seven', null)
      .jump('jge', 100, 'big', 'small')
      .label('seven')
      .ret(0x7)
      .label('big')
      .ret(0x100)
      .label('small')
      .ret(0x1)
      .assemble();
    expect(runSeccompProgram(program, { nr: 7, arch: 0 })).toBe(0x7);
    expect(runSeccompProgram(program, { nr: 500, arch: 0 })).toBe(0x100);
    expect(runSeccompProgram(program, { nr: 3, arch: 0 })).toBe(0x1);
  });

  it('encodes struct sock_filter little-endian and decodes it back; refuses a partial instruction', () => {
    const program = new BpfAssembler()
      .loadWord(4)
      .jump('jset', 0x4000_0000, 'x')
      .ret(1)
      .label('x')
      .ret(0x8000_0000)
      .assemble();
    const bytes = encodeSockFilters(program);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x20, 0, 0, 0, 4, 0, 0, 0]));
    expect(bytes.subarray(8, 16)).toEqual(Buffer.from([0x45, 0, 1, 0, 0, 0, 0, 0x40]));
    expect(decodeSockFilters(bytes)).toEqual(program);
    expect(() => decodeSockFilters(bytes.subarray(0, 12))).toThrow(GatehouseError);
  });
});
