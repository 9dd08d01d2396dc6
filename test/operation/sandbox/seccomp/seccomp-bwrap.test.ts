/**
 * Integration: the filter under real bubblewrap, in the sandbox the launcher builds. A Python
 * probe makes each governed syscall through ctypes and reports what the kernel answered; the same
 * probe without the filter shows those calls are not blocked by anything else, so these tests
 * fail if the filter stops working. Node must still run (threads, fetch, WebAssembly, child
 * processes, fs) under the filter.
 */
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import {
  buildSeccompFilter,
  resolveSeccompArch,
} from '../../../../src/operation/sandbox/seccomp/index.js';
import { runInSandbox, type SandboxRun, sandboxUnavailableReason } from './run-in-sandbox.js';

const unavailable = sandboxUnavailableReason();
const supportedArch = process.arch === 'x64' || process.arch === 'arm64';
const PROBE = fileURLToPath(new URL('./fixtures/probe-syscalls.py', import.meta.url));
const GETPID: Record<string, number> = { x64: 39, arm64: 172 };

type Outcomes = Record<string, string>;

async function probe(filter: Buffer | null): Promise<Outcomes> {
  const arch = resolveSeccompArch(process.arch);
  const config = JSON.stringify({
    arch: arch.name,
    nr: { ...arch.syscalls, getpid: GETPID[arch.name] },
  });
  const run = await runInSandbox({
    filter,
    binds: [[PROBE, '/probe/probe-syscalls.py']],
    command: ['/usr/bin/python3', '/probe/probe-syscalls.py', config],
  });
  expect(run, run.stderr).toMatchObject({ code: 0, signal: null });
  return JSON.parse(run.stdout) as Outcomes;
}

/** What the filter must answer, probe by probe. */
const FILTERED: Outcomes = {
  getpid: 'ok',
  thread: 'ok',
  subprocess: 'ok',
  fork_clone: 'ok',
  ptrace_traceme: 'EPERM',
  mount: 'EPERM',
  unshare_user: 'EPERM',
  clone_newuser: 'EPERM',
  clone_newns_high_bits: 'EPERM',
  clone_newnet: 'EPERM',
  clone3: 'ENOSYS',
  setns: 'EPERM',
  keyctl: 'EPERM',
  bpf: 'EPERM',
  perf_event_open: 'EPERM',
  io_uring_setup: 'EPERM',
  userfaultfd: 'EPERM',
  open_by_handle_at: 'EPERM',
  name_to_handle_at: 'EPERM',
  process_vm_readv: 'EPERM',
  kexec_load: 'EPERM',
  init_module: 'EPERM',
  personality_query: 'ok',
  personality_no_aslr: 'EPERM',
  tiocsti: 'EPERM',
  tiocsti_high_bits: 'EPERM',
  tioclinux: 'EPERM',
  ...(process.arch === 'x64' ? { x32_getpid: 'signal:SIGSYS', i386_getpid: 'signal:SIGSYS' } : {}),
};

/**
 * Probes whose unfiltered answer is fixed by kernel semantics and differs from the filter's:
 * without these differences the filtered test could pass with no filter at all.
 */
const UNFILTERED_DIFFERS = [
  'ptrace_traceme', // succeeds: the parent may trace its child
  'mount', // EFAULT: the NULL target is read before the capability check
  'clone3', // EINVAL: size 0 is too small for struct clone_args
  'setns', // EBADF: fd -1
  'process_vm_readv', // succeeds on our own memory
  'name_to_handle_at', // EFAULT: NULL path
  'personality_no_aslr', // succeeds
  'tiocsti', // succeeds: injects a byte into our own controlling terminal
  'tiocsti_high_bits', // succeeds: the kernel ignores the high word of the request
];

const NODE_CHECKS = String.raw`
const { Worker } = require('node:worker_threads');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
(async () => {
  const out = {};
  out.worker = await new Promise((resolve, reject) => {
    const worker = new Worker('require("node:worker_threads").parentPort.postMessage(6 * 7)', { eval: true });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  try {
    await fetch('http://127.0.0.1:39999/') // nothing listens in the sandbox's own netns;
    out.fetch = 'resolved';
  } catch (error) {
    out.fetch = error.cause?.code ?? String(error);
  }
  const wasm = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 127, 127, 1, 127, 3, 2, 1, 0,
    7, 7, 1, 3, 97, 100, 100, 0, 0, 10, 9, 1, 7, 0, 32, 0, 32, 1, 106, 11]);
  out.wasm = (await WebAssembly.instantiate(wasm)).instance.exports.add(40, 2);
  out.spawnTrue = spawnSync('/bin/true').status;
  out.spawnShell = spawnSync('/bin/sh', ['-c', 'echo $((6 * 7))'], { encoding: 'utf8' }).stdout.trim();
  fs.writeFileSync('/tmp/probe.txt', 'written');
  out.fsSync = fs.readFileSync('/tmp/probe.txt', 'utf8');
  out.fsAsync = await fs.promises.readFile('/tmp/probe.txt', 'utf8');
  console.log(JSON.stringify(out));
})().catch((error) => { console.error(error); process.exit(1); });
`;

describe.skipIf(unavailable !== null || !supportedArch)(
  `seccomp filter under bubblewrap${unavailable === null ? '' : ` (skipped: ${unavailable})`}`,
  () => {
    it('denies every governed syscall: EPERM, ENOSYS for clone3, SIGSYS for foreign ABIs', async () => {
      const outcomes = await probe(buildSeccompFilter());
      expect(outcomes).toEqual(FILTERED);
    });

    it('without the filter the same calls are not refused that way (the tests can fail)', async () => {
      const outcomes = await probe(null);
      const differing = Object.keys(FILTERED).filter((name) => outcomes[name] !== FILTERED[name]);
      expect(differing).toEqual(expect.arrayContaining(UNFILTERED_DIFFERS));
      if (process.arch === 'x64') expect(outcomes.x32_getpid).not.toBe('signal:SIGSYS');
    });

    it('refuses a program that is not whole instructions (bwrap fails closed, nothing runs)', async () => {
      const run: SandboxRun = await runInSandbox({
        filter: buildSeccompFilter().subarray(0, 13),
        command: ['/bin/true'],
      });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/seccomp/i);
    });

    it('keeps Node working: worker threads, fetch, WebAssembly, child processes and fs', async () => {
      const run = await runInSandbox({
        filter: buildSeccompFilter(),
        command: ['/usr/bin/node', '-e', NODE_CHECKS],
      });
      expect(run, run.stderr).toMatchObject({ code: 0, signal: null });
      expect(JSON.parse(run.stdout)).toEqual({
        worker: 42,
        fetch: 'ECONNREFUSED',
        wasm: 42,
        spawnTrue: 0,
        spawnShell: '42',
        fsSync: 'written',
        fsAsync: 'written',
      });
    });
  },
);
