/**
 * @module operation/sandbox/network/netns-setup
 * Prepares the sandbox's own network namespace from outside, before anything runs in it: lowers
 * `net.ipv4.ip_unprivileged_port_start` (so the forwarder can listen on a granted port below 1024
 * holding no capability) and adds granted non-loopback literals (`10.0.0.5`) to the sandbox's
 * loopback (so the server's connect to them lands on the forwarder). Both are settings of that
 * namespace only; the host's stay untouched.
 *
 * Why from outside: bwrap's `--dev` and `--disable-userns` make it nest a second user namespace
 * under the one that owns the network namespace, so `--cap-add CAP_NET_BIND_SERVICE` gives the
 * sandbox a capability that does not count for its network namespace (bind still fails with
 * EACCES; checked with bwrap 0.8 started as uid 65534). Instead the launcher passes
 * `--info-fd` and `--block-fd`; bwrap reports its child's pid and waits; the gateway (root)
 * enters only the child's network namespace with util-linux `nsenter`, runs `sysctl` and `ip`
 * there, then releases bwrap. The sandbox itself never holds a capability, and cannot undo or
 * widen these settings (its user namespace does not own the network namespace).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readlink } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';

import { ErrorCode } from '../../../shared/errors/index.js';
import { SandboxNetworkError } from './network-error.js';
import type { NetnsSetup } from './plan-network.js';

/** What bwrap writes to `--info-fd` (the fields used here). */
export interface BwrapInfo {
  /** Host pid of the sandbox's first process (inside all its namespaces). */
  readonly childPid: number;
  /** Inode of its network namespace, when bwrap reports it. */
  readonly netNamespace?: number;
}

/** Tool paths and bounds of {@link configureSandboxNetns}. */
export interface NetnsToolOptions {
  readonly nsenter?: string;
  readonly sysctl?: string;
  readonly ip?: string;
  /** Per command; default 5000 ms. */
  readonly timeoutMs?: number;
}

/**
 * Reads bwrap's `--info-fd` JSON (`{"child-pid": N, "net-namespace": I, …}`).
 * @throws {SandboxNetworkError} when the stream ends or times out without a complete report.
 */
export function readBwrapInfo(stream: Readable, timeoutMs = 10_000): Promise<BwrapInfo> {
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = (result: BwrapInfo | Error): void => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onEnd);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer | string): void => {
      text += chunk.toString();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return; // not complete yet
      }
      const info = parsed as Record<string, unknown>;
      const pid = info['child-pid'];
      const ns = info['net-namespace'];
      if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 1) {
        finish(setupError(`bwrap reported no usable child pid: ${text}`));
        return;
      }
      finish({ childPid: pid, ...(typeof ns === 'number' ? { netNamespace: ns } : {}) });
    };
    const onEnd = (): void => finish(setupError('bwrap ended before reporting its child pid'));
    const timer = setTimeout(
      () => finish(setupError('bwrap did not report its child pid')),
      timeoutMs,
    );
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onEnd);
  });
}

/**
 * Applies {@link NetnsSetup} inside the network namespace of `info.childPid`. Refuses (fail closed)
 * when that namespace is the gateway's own or not the one bwrap reported: a wrong pid must never
 * lower the host's port floor or add addresses to the host's loopback.
 * @throws {SandboxNetworkError} `SANDBOX_NETWORK_SETUP_FAILED`; the launcher must then kill bwrap.
 */
export async function configureSandboxNetns(
  info: BwrapInfo,
  setup: NetnsSetup,
  options: NetnsToolOptions = {},
): Promise<void> {
  const nsPath = `/proc/${String(info.childPid)}/ns/net`;
  let target: string;
  let own: string;
  try {
    [target, own] = await Promise.all([readlink(nsPath), readlink('/proc/self/ns/net')]);
  } catch (cause) {
    throw setupError(`cannot read the sandbox's network namespace (${nsPath})`, cause);
  }
  if (target === own) throw setupError(`${nsPath} is the gateway's own network namespace`);
  if (info.netNamespace !== undefined && target !== `net:[${String(info.netNamespace)}]`) {
    throw setupError(`${nsPath} is ${target}, not the namespace bwrap reported`);
  }
  const nsenter = options.nsenter ?? findTool('nsenter');
  const enter = [`--net=${nsPath}`, '--'];
  const timeoutMs = options.timeoutMs ?? 5_000;
  if (setup.unprivilegedPortStart !== null) {
    const sysctl = options.sysctl ?? findTool('sysctl');
    const setting = `net.ipv4.ip_unprivileged_port_start=${String(setup.unprivilegedPortStart)}`;
    await run(nsenter, [...enter, sysctl, '-q', '-w', setting], timeoutMs);
  }
  for (const cidr of setup.localAddresses) {
    const ip = options.ip ?? findTool('ip');
    const family = cidr.includes(':') ? ['-6'] : ['-4'];
    const extra = cidr.includes(':') ? ['nodad'] : [];
    await run(
      nsenter,
      [...enter, ip, ...family, 'address', 'add', cidr, 'dev', 'lo', ...extra],
      timeoutMs,
    );
  }
}

/**
 * The whole step between starting bwrap and letting it run: read the child pid from `info`,
 * configure the namespace when the plan needs it, then write one byte to `release` (bwrap's
 * `--block-fd`). On failure nothing is released; the caller kills bwrap.
 */
export async function prepareSandboxNetns(options: {
  readonly info: Readable;
  readonly release: Writable;
  readonly setup: NetnsSetup;
  readonly tools?: NetnsToolOptions;
}): Promise<BwrapInfo> {
  const info = await readBwrapInfo(options.info);
  const { setup } = options;
  if (setup.unprivilegedPortStart !== null || setup.localAddresses.length > 0) {
    await configureSandboxNetns(info, setup, options.tools);
  }
  options.release.end('1');
  return info;
}

const TOOL_DIRS = ['/usr/bin', '/usr/sbin', '/bin', '/sbin'];

function findTool(name: string): string {
  const found = TOOL_DIRS.map((dir) => `${dir}/${name}`).find((path) => existsSync(path));
  if (found === undefined) {
    throw setupError(`${name} is not installed (looked in ${TOOL_DIRS.join(', ')})`);
  }
  return found;
}

function run(file: string, args: readonly string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, env: {} }, (error, _stdout, stderr) => {
      if (error === null) resolve();
      else
        reject(
          setupError(
            `${[file, ...args].join(' ')} failed: ${stderr.trim() || error.message}`,
            error,
          ),
        );
    });
  });
}

function setupError(message: string, cause?: unknown): SandboxNetworkError {
  return new SandboxNetworkError(
    ErrorCode.SandboxNetworkSetupFailed,
    message,
    cause === undefined ? undefined : { cause },
  );
}
