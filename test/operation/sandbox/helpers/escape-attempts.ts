/**
 * @module test/operation/sandbox/helpers/escape-attempts
 * The escape attempts that are not bombs. Each case names what an unsandboxed server gets, so the
 * `unsandboxed` variant asserts the opposite verdict where the brief says it must succeed there.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import { expect, it } from 'vitest';

import { REPO_ROOT } from '../../../helpers/paths.js';
import type { SuiteContext } from './escape-suite.js';
import { expectEscaped } from './escape-suite.js';

/** The host pid of the process whose command line holds `marker` (a unique folder). */
function hostPidOf(marker: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv.includes(marker) && argv.some((a) => a.endsWith('hostile-server.js'))) {
        if (!argv.some((a) => a.endsWith('bwrap'))) return Number(entry);
      }
    } catch {
      // ended meanwhile
    }
  }
  throw new Error(`no process with ${marker}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Set-user-id-root programs to try, where the machine has them. */
const SETUID = [
  '/usr/bin/su',
  '/usr/bin/passwd',
  '/usr/bin/newgrp',
  '/usr/bin/mount',
  '/usr/bin/chsh',
];

/** Raw syscalls the sandbox must refuse; the unsandboxed run skips the kernel-changing ones. */
const SYSCALLS = [
  'ptrace_traceme',
  'unshare_user',
  'unshare_mount',
  'mount',
  'keyctl',
  'bpf',
  'setns',
  'userfaultfd',
  'io_uring_setup',
  'tiocsti',
  'kexec_load',
  'init_module',
];

export function defineAttemptTests(ctx: SuiteContext): void {
  const hostile = (tool: string, args: Record<string, unknown> = {}) =>
    ctx.gateway().attempt('hostile', tool, args);
  const open = !ctx.sandboxed;
  const verdict = (what: string): string =>
    `${what} ${ctx.sandboxed ? 'fails' : 'succeeds unsandboxed'}`;

  it('controls: the probes report success where something is granted', async () => {
    const w = ctx.world();
    const other = await ctx.gateway().attempt('other', 'read_file', {
      path: w.otherCanary.path,
      expect: w.otherCanary.value,
    });
    expectEscaped(other, true, 'the other server reads its own granted canary');
    const declared = await hostile('read_env', {
      name: w.envDeclared.name,
      expect: w.envDeclared.value,
    });
    expectEscaped(declared, true, 'a declared variable reaches the server');
    const granted = await hostile('read_env', {
      name: w.envGranted.name,
      expect: w.envGranted.value,
    });
    expectEscaped(granted, ctx.sandboxed, 'a variable granted by name (sandbox.env)');
    const inWork = path.join(w.work, `control-${randomBytes(4).toString('hex')}`);
    expectEscaped(await hostile('write_file', { path: inWork, content: 'ok' }), true, 'own grant');
    expect(existsSync(inWork)).toBe(true);
    const who = await hostile('whoami');
    expect(who.uid).toBe(
      ctx.variant === 'root' ? 65534 : ctx.variant === 'unprivileged' ? 64123 : 0,
    );
  });

  it(
    verdict('reading files outside its grants: ~/.ssh, /etc/shadow, the other server, /proc'),
    async () => {
      const w = ctx.world();
      const gw = ctx.gateway();
      const pid1 = readFileSync('/proc/1/cmdline', 'utf8').split('\0')[0] ?? '';
      const cases: [string, Record<string, unknown>][] = [
        ['~/.ssh/id_rsa of the gateway user', { path: w.sshKey.path, expect: w.sshKey.value }],
        ['/etc/shadow', { path: '/etc/shadow', expect: 'root:' }],
        [
          "the other server's granted file",
          { path: w.otherCanary.path, expect: w.otherCanary.value },
        ],
        [
          "the gateway's environment",
          { path: `/proc/${gw.pid}/environ`, expect: w.envCanary.value },
        ],
        ["the host's pid 1", { path: '/proc/1/cmdline', expect: pid1 }],
      ];
      for (const [what, args] of cases) {
        expectEscaped(await hostile('read_file', args), open, what);
      }
      // /proc/1/environ: the sandbox has its own pid 1; compare with the host's when root may read it.
      const environ = await hostile('read_file', { path: '/proc/1/environ' });
      let hostEnviron: string | undefined;
      try {
        hostEnviron = readFileSync('/proc/1/environ', 'hex');
      } catch {
        // the host's init hides its environment even from root
      }
      if (ctx.sandboxed && hostEnviron !== undefined && environ.sha256 !== undefined) {
        const { createHash } = await import('node:crypto');
        const hostSha = createHash('sha256').update(Buffer.from(hostEnviron, 'hex')).digest('hex');
        expect(environ.sha256, 'the host pid 1 environment').not.toBe(hostSha);
      }
      const viaSelf = await hostile('reexec_self', {
        path: w.otherCanary.path,
        expect: w.otherCanary.value,
      });
      expectEscaped(viaSelf, open, 're-exec of /proc/self/exe reading the other canary');
    },
  );

  it('reading variables of the gateway it was not given fails (also unsandboxed)', async () => {
    const { name, value } = ctx.world().envCanary;
    expectEscaped(await hostile('read_env', { name, expect: value }), false, 'the gateway canary');
  });

  it(verdict('writing outside its grants and into its own program folder'), async () => {
    const w = ctx.world();
    const outside = path.join(w.outside, 'planted.txt');
    const outsideTry = await hostile('write_file', { path: outside, content: 'x' });
    expectEscaped(outsideTry, open, 'write into a folder nothing grants');
    expect(existsSync(outside)).toBe(open);
    const scriptFile = path.join(
      REPO_ROOT,
      'dist/fixtures/servers',
      `escape-${randomBytes(6).toString('hex')}.txt`,
    );
    try {
      const scriptTry = await hostile('write_file', { path: scriptFile, content: 'x' });
      expectEscaped(scriptTry, open, 'write into the script folder');
      if (ctx.sandboxed) expect(scriptTry.detail).toContain('EROFS');
      expect(existsSync(scriptFile)).toBe(open);
    } finally {
      rmSync(scriptFile, { force: true });
    }
  });

  it(verdict('reading through links it makes, or links planted in its grant'), async () => {
    const w = ctx.world();
    const target = { dir: w.work, target: w.otherCanary.path, expect: w.otherCanary.value };
    expectEscaped(await hostile('symlink_read', target), open, 'a new symlink');
    expectEscaped(await hostile('hardlink_read', target), open, 'a new hard link');
    for (const link of w.plantedLinks) {
      const planted = await hostile('read_file', { path: link, expect: w.otherCanary.value });
      expectEscaped(planted, open, `the planted link ${path.basename(link)}`);
    }
  });

  it(
    verdict('signalling or tracing the gateway, the other server, a process of its uid'),
    async () => {
      const w = ctx.world();
      const gw = ctx.gateway();
      const otherPid = hostPidOf(w.otherDir);
      const victim = w.victim.pid ?? -1;
      // Unsandboxed, a real SIGTERM would end the test's own gateway: SIGCONT proves the reach.
      const signal = ctx.sandboxed ? 'SIGTERM' : 'SIGCONT';
      expectEscaped(await hostile('ptrace', { pid: victim }), open, 'ptrace of a same-uid process');
      expectEscaped(await hostile('ptrace', { pid: gw.pid }), open, 'ptrace of the gateway');
      expectEscaped(await hostile('signal', { pid: gw.pid, signal }), open, 'signal the gateway');
      expectEscaped(await hostile('signal', { pid: otherPid, signal }), open, 'signal the other');
      const victimEnded = new Promise((resolve) => w.victim.once('exit', resolve));
      expectEscaped(await hostile('signal', { pid: victim }), open, 'SIGTERM a same-uid process');
      // Unsandboxed the SIGTERM lands: wait for the victim's end rather than for some time.
      if (open) await victimEnded;
      expect(gw.alive()).toBe(true);
      expect(alive(otherPid)).toBe(true);
      expect(alive(victim)).toBe(ctx.sandboxed);
    },
  );

  it(verdict('reaching host loopback, abstract and path Unix sockets, host names'), async () => {
    const w = ctx.world();
    const before = w.connections();
    for (const { host, port } of w.tcp) {
      const tcp = await hostile('tcp_connect', { host, port, expect: w.token });
      expectEscaped(tcp, open, `TCP ${host}:${port}`);
    }
    const unix = await hostile('unix_connect', { path: w.hostSocket, expect: w.token });
    expectEscaped(unix, open, 'the host Unix socket');
    const abstract = await hostile('unix_connect', {
      path: `@${w.abstractSocket}`,
      expect: w.token,
    });
    expectEscaped(abstract, open, 'the abstract Unix socket');
    expect(w.connections() - before).toBe(ctx.sandboxed ? 0 : w.tcp.length + 2);
    const dns = await hostile('dns_lookup', { ...w.hostName, expect: w.hostName.address });
    expectEscaped(dns, open && w.hostName.address !== undefined, `resolving ${w.hostName.name}`);
  });

  it(
    verdict('raw syscalls through python3 ctypes (ptrace, unshare, mount, bpf, ...)'),
    async () => {
      const w = ctx.world();
      for (const name of SYSCALLS) {
        // Unsandboxed as root these would reach the running kernel: not tried there.
        if (open && (name === 'kexec_load' || name === 'init_module')) continue;
        const outcome = await hostile('syscall', { name, dir: w.work });
        if (ctx.sandboxed) expectEscaped(outcome, false, name);
        else if (name === 'ptrace_traceme' || name === 'unshare_user') {
          expectEscaped(outcome, true, name);
        }
      }
    },
  );

  it(verdict('gaining root through set-user-id programs'), async () => {
    let tried = 0;
    for (const binary of SETUID.filter((b) => existsSync(b))) {
      tried += 1;
      const outcome = await hostile('setuid_exec', { binary });
      // newgrp without arguments execs the login shell at once; the others stop in their own code.
      if (!binary.endsWith('/newgrp')) {
        expect(outcome.name, `credentials read after exec of ${binary}`).toBe(
          path.basename(binary),
        );
      }
      expectEscaped(outcome, open, `${binary} (effective uid 0 means it worked)`);
    }
    expect(tried).toBeGreaterThan(0);
  });

  it.skipIf(!ctx.sandboxed)('inherits no descriptor of a host file', async () => {
    expectEscaped(await hostile('list_fds', { allowed: ['/dev/null'] }), false, 'descriptors');
  });
}
