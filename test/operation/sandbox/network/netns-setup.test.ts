import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { PassThrough } from 'node:stream';

import { describe, expect, it, vi } from 'vitest';

import {
  configureSandboxNetns,
  readBwrapInfo,
} from '../../../../src/operation/sandbox/network/index.js';

const lowerPorts = { unprivilegedPortStart: 80, localAddresses: ['10.0.0.5/32'] };
const hostPortStart = readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim();
const canUnshare =
  process.getuid?.() === 0 &&
  ['/usr/bin/unshare', '/usr/bin/nsenter', '/usr/sbin/sysctl', '/usr/sbin/ip'].every(existsSync);

const netnsOf = (pid: number | string): string => readlinkSync(`/proc/${String(pid)}/ns/net`);

/** A sleeping process in a network namespace of its own (root: `unshare --net`). */
async function processInOwnNetns(): Promise<{ pid: number; inode: number; stop: () => void }> {
  const child = spawn('/usr/bin/unshare', ['--net', '--', '/usr/bin/sleep', '60'], {
    stdio: 'ignore',
  });
  const pid = child.pid!;
  // unshare switches namespace before exec'ing sleep: wait until the pid reports a new one.
  await vi.waitFor(() => expect(netnsOf(pid)).not.toBe(netnsOf('self')));
  const inode = Number(/\[(\d+)\]/.exec(netnsOf(pid))![1]);
  return { pid, inode, stop: () => child.kill('SIGKILL') };
}

function inNetns(pid: number, command: string[]): string {
  return execFileSync('/usr/bin/nsenter', [`--net=/proc/${String(pid)}/ns/net`, '--', ...command], {
    encoding: 'utf8',
  }).trim();
}

describe('configureSandboxNetns', () => {
  it("refuses the gateway's own network namespace: the host's port floor is never lowered", async () => {
    await expect(
      configureSandboxNetns({ childPid: process.pid }, lowerPorts),
    ).rejects.toMatchObject({
      code: 'SANDBOX_NETWORK_SETUP_FAILED',
      message: /gateway's own network namespace/,
    });
  });

  it.skipIf(!canUnshare)(
    'refuses a pid whose namespace is not the one bwrap reported, and configures the right one',
    async () => {
      const { pid, inode, stop } = await processInOwnNetns();
      try {
        await expect(
          configureSandboxNetns({ childPid: pid, netNamespace: inode + 1 }, lowerPorts),
        ).rejects.toMatchObject({ message: /not the namespace bwrap reported/ });
        expect(
          inNetns(pid, ['/usr/sbin/sysctl', '-n', 'net.ipv4.ip_unprivileged_port_start']),
        ).toBe('1024');

        await configureSandboxNetns({ childPid: pid, netNamespace: inode }, lowerPorts);
        expect(
          inNetns(pid, ['/usr/sbin/sysctl', '-n', 'net.ipv4.ip_unprivileged_port_start']),
        ).toBe('80');
        expect(
          inNetns(pid, ['/usr/sbin/ip', '-4', '-o', 'address', 'show', 'dev', 'lo']),
        ).toContain('inet 10.0.0.5/32');
        // The host's own setting is untouched.
        expect(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim()).toBe(
          hostPortStart,
        );
      } finally {
        stop();
      }
    },
  );

  it('refuses a pid that does not exist', async () => {
    await expect(
      configureSandboxNetns({ childPid: 2 ** 22 + 1 }, lowerPorts),
    ).rejects.toMatchObject({
      code: 'SANDBOX_NETWORK_SETUP_FAILED',
      message: /cannot read the sandbox's network namespace/,
    });
  });
});

describe('readBwrapInfo', () => {
  it('reads the child pid and namespace from bwrap JSON arriving in pieces', async () => {
    const stream = new PassThrough();
    const info = readBwrapInfo(stream);
    stream.write('{\n    "child-pid": 4242,\n');
    stream.write('    "net-namespace": 4026532183\n}');
    await expect(info).resolves.toEqual({ childPid: 4242, netNamespace: 4026532183 });
  });

  it('fails when bwrap ends without a usable report', async () => {
    const ended = new PassThrough();
    const pending = readBwrapInfo(ended);
    ended.end('{"child');
    await expect(pending).rejects.toMatchObject({ code: 'SANDBOX_NETWORK_SETUP_FAILED' });
    const bad = new PassThrough();
    const badPid = readBwrapInfo(bad);
    bad.write('{"child-pid": 1}');
    await expect(badPid).rejects.toThrow(/no usable child pid/);
  });
});
