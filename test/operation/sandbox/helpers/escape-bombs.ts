/**
 * @module test/operation/sandbox/helpers/escape-bombs
 * Resource bombs against the sandbox's limits: processes, memory (in a child, in the server
 * itself, and as shared memory), the private /tmp and home, /dev, and the file size. Each must
 * stay within its limit, the gateway must keep serving (the other server answers, the hostile
 * one answers again after a restart), and where the gateway can see the hit (root: cgroup
 * counters; both: full tmpfs) it must be in the log and the audit log. Every bomb is bounded by
 * its own `maxMb` / `count`, so even a broken limit cannot take the machine down.
 */
import path from 'node:path';

import { expect, it } from 'vitest';

import type { Attempt, NoAnswer } from './escape-gateway.js';
import { eventually } from './escape-gateway.js';
import type { SuiteContext } from './escape-suite.js';
import { expectEscaped } from './escape-suite.js';
import { LIMITS } from './escape-world.js';

type LimitKind = 'memory' | 'processes' | 'tmp-full' | 'home-full';

const BOMB_TIMEOUT = 60_000;

export function defineBombTests(ctx: SuiteContext): void {
  if (!ctx.sandboxed) {
    it.skip('bombs are not run unsandboxed: nothing would stop them but the machine itself', () => {});
    return;
  }
  const root = ctx.variant === 'root';
  const hostile = (tool: string, args: Record<string, unknown>) =>
    ctx.gateway().attempt('hostile', tool, args);

  /** The gateway still serves: the other server answers, and the hostile one (maybe restarted). */
  const stillServing = async (): Promise<void> => {
    const gw = ctx.gateway();
    expect(gw.alive()).toBe(true);
    expect((await gw.attempt('other', 'whoami')).detail).toBe('other');
    // A server the bomb ended is refused ("not connected") until its restart: retry, bounded.
    let last: Attempt | NoAnswer | undefined;
    await eventually(
      async () => {
        last = await gw.attemptOrNoAnswer('hostile', 'whoami');
        return 'noAnswer' in last ? undefined : true;
      },
      `the hostile server back after a restart (last: ${JSON.stringify(last)})`,
      30_000,
    );
  };

  const logged = (kind: LimitKind): number =>
    ctx
      .gateway()
      .logRecords()
      .filter((r) => r.server === 'hostile' && r.limit === kind).length;
  const audited = (kind: LimitKind): number =>
    ctx
      .gateway()
      .limitRecords()
      .filter((r) => r.serverKey === 'hostile' && r.item === kind && r.decision === 'contained')
      .length;
  const marks = (kind: LimitKind) => ({ log: logged(kind), audit: audited(kind) });

  /** Waits until a new hit of `kind` is in both the log and the audit log. */
  const expectReported = async (kind: LimitKind, before: { log: number; audit: number }) => {
    await eventually(
      () => Promise.resolve(logged(kind) > before.log ? true : undefined),
      `a ${kind} log line`,
    );
    await eventually(
      () => Promise.resolve(audited(kind) > before.audit ? true : undefined),
      `a ${kind} audit record`,
    );
  };

  /** A bomb that may end the server before it answers; an answer must not have escaped. */
  const contained = (outcome: Attempt | NoAnswer, what: string): void => {
    if ('noAnswer' in outcome) {
      expect(outcome.noAnswer, what).toMatch(/closed the connection|restart|not connected/i);
    } else {
      expectEscaped(outcome, false, what);
    }
  };

  it(
    `a fork bomb stops at ${LIMITS.processes} processes${root ? ', reported' : ''}`,
    { timeout: BOMB_TIMEOUT },
    async () => {
      const before = marks('processes');
      const outcome = await hostile('fork_bomb', { count: 200, limit: LIMITS.processes });
      expectEscaped(outcome, false, 'fork bomb');
      expect(outcome.running, 'some children do start').toBeGreaterThan(0);
      await stillServing();
      if (root) await expectReported('processes', before);
    },
  );

  it(
    `a memory bomb in a child stops at ${LIMITS.memoryMb} MiB${root ? ', reported' : ''}`,
    { timeout: BOMB_TIMEOUT },
    async () => {
      const before = marks('memory');
      const outcome = await hostile('memory_bomb', {
        mode: 'child',
        maxMb: LIMITS.memoryMb * 4,
        limitMb: LIMITS.memoryMb,
      });
      expectEscaped(outcome, false, 'memory bomb (child)');
      await stillServing();
      if (root) await expectReported('memory', before);
    },
  );

  it(
    'a memory bomb in the server itself ends it or fails, and the gateway serves on',
    { timeout: BOMB_TIMEOUT },
    async () => {
      const before = marks('memory');
      const outcome = await ctx.gateway().attemptOrNoAnswer('hostile', 'memory_bomb', {
        mode: 'in-process',
        maxMb: LIMITS.memoryMb * 4,
        limitMb: LIMITS.memoryMb,
      });
      contained(outcome, 'memory bomb (in the server)');
      await stillServing();
      if (root) await expectReported('memory', before);
    },
  );

  // KNOWN HOLE (reported): without cgroups the memory limit is RLIMIT_DATA, which does not count
  // MAP_SHARED memory. The unprivileged run asserts the escape, so a fix turns it red: flip it then.
  const hole = !root;
  it(
    hole
      ? 'KNOWN HOLE (reported): shared memory (python3 mmap) escapes the RLIMIT_DATA memory limit'
      : 'shared memory (python3 mmap) stops at the memory limit',
    { timeout: BOMB_TIMEOUT },
    async () => {
      const outcome = await hostile('memory_bomb', {
        mode: 'shared',
        maxMb: LIMITS.memoryMb * 2,
        limitMb: LIMITS.memoryMb,
      });
      expectEscaped(outcome, hole, 'shared-memory bomb');
      await stillServing();
    },
  );

  it(
    `filling /tmp and the home stops at ${LIMITS.tmpMb} MiB each, reported as tmp-full and home-full`,
    { timeout: BOMB_TIMEOUT },
    async () => {
      for (const [dir, kind] of [
        ['/tmp', 'tmp-full'],
        ['/home/sandbox', 'home-full'],
      ] as const) {
        const before = marks(kind);
        const outcome = await hostile('fill_dir', {
          dir,
          maxMb: LIMITS.tmpMb * 4,
          limitMb: LIMITS.tmpMb,
        });
        expectEscaped(outcome, false, `filling ${dir}`);
        expect(outcome.detail).toContain('ENOSPC');
        // The files stay until the report is seen: the gateway looks once a second.
        await expectReported(kind, before);
        await hostile('release_dir', { dir });
      }
      await stillServing();
    },
  );

  it(
    `/dev/shm stops at ${LIMITS.tmpMb} MiB; the root, /dev and /etc take no files`,
    { timeout: BOMB_TIMEOUT },
    async () => {
      const shm = await hostile('fill_dir', {
        dir: '/dev/shm',
        maxMb: LIMITS.tmpMb * 4,
        limitMb: LIMITS.tmpMb,
      });
      expectEscaped(shm, false, 'filling /dev/shm');
      await hostile('release_dir', { dir: '/dev/shm' });
      // bwrap builds the root and /dev on tmpfs without a size: they must not be writable.
      for (const dir of ['/', '/dev', '/etc', '/usr']) {
        const outcome = await hostile('fill_dir', { dir, maxMb: 2, limitMb: 0 });
        expectEscaped(outcome, false, `writing into ${dir}`);
      }
      await stillServing();
    },
  );

  it(
    `one file larger than ${LIMITS.fileSizeMb} MiB fails with EFBIG`,
    { timeout: BOMB_TIMEOUT },
    async () => {
      const outcome = await hostile('big_file', {
        path: path.join(ctx.world().work, 'big-file'),
        mb: LIMITS.fileSizeMb * 2,
        limitMb: LIMITS.fileSizeMb,
      });
      expectEscaped(outcome, false, 'a file over the size limit');
      expect(outcome.detail).toContain('EFBIG');
      await stillServing();
    },
  );
}
