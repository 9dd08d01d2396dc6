/**
 * @module operation/sandbox/limit-watch
 * Notices when a running sandbox hits one of its limits (memory, processes, its private /tmp or
 * home full) and when it ended on one (CPU time, file size), so each is logged and audited instead
 * of surfacing only as a server's odd error.
 */
import { readFileSync, statfsSync } from 'node:fs';

import type { CgroupPair, LimitCounters } from './cgroup-v1.js';

/** Which limit was hit. */
export type SandboxLimitKind =
  'memory' | 'processes' | 'cpu' | 'file-size' | 'tmp-full' | 'home-full' | 'shm-full';

export interface SandboxLimitEvent {
  readonly serverKey: string;
  readonly limit: SandboxLimitKind;
  readonly detail: string;
}

/** How often a running sandbox's counters are read. */
export const WATCH_INTERVAL_MS = 1_000;

/** Watches one running sandbox; `stop` reads the counters a last time. */
export class LimitWatch {
  private last: LimitCounters = { memoryFailures: 0, oomKills: 0, forkRefusals: 0 };
  private readonly full = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly serverKey: string,
    private readonly cgroups: CgroupPair | undefined,
    private readonly report: (event: SandboxLimitEvent) => void,
  ) {}

  /** Starts watching the sandbox whose bwrap process is `pid`. */
  start(pid: number | undefined): void {
    this.timer = setInterval(() => this.poll(pid), WATCH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Final reading once the process ended; `signal` is its end (bwrap reports 128+N). */
  stop(exitCode: number | null, signal: NodeJS.Signals | null): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.readCounters();
    const sig = signal ?? (exitCode !== null && exitCode > 128 ? exitCode - 128 : undefined);
    if (sig === 'SIGXCPU' || sig === 24) {
      this.report({
        serverKey: this.serverKey,
        limit: 'cpu',
        detail: 'the CPU time limit ended the server',
      });
    } else if (sig === 'SIGXFSZ' || sig === 25) {
      this.report({
        serverKey: this.serverKey,
        limit: 'file-size',
        detail: 'the file size limit ended the server',
      });
    }
  }

  private poll(pid: number | undefined): void {
    this.readCounters();
    if (pid === undefined) return;
    const inner = sandboxInit(pid);
    if (inner === undefined) return;
    for (const [dir, kind] of [
      ['/tmp', 'tmp-full'],
      ['/home', 'home-full'],
      ['/dev/shm', 'shm-full'],
    ] as const) {
      try {
        const stats = statfsSync(`/proc/${inner}/root${dir}`);
        const isFull = stats.bavail === 0;
        if (isFull && !this.full.has(dir)) {
          this.report({
            serverKey: this.serverKey,
            limit: kind,
            detail: `the private ${dir} is full`,
          });
        }
        if (isFull) this.full.add(dir);
        else this.full.delete(dir);
      } catch {
        // The sandbox is starting or gone.
      }
    }
  }

  private readCounters(): void {
    if (!this.cgroups) return;
    const now = this.cgroups.counters();
    const key = this.serverKey;
    if (now.oomKills > this.last.oomKills) {
      this.report({
        serverKey: key,
        limit: 'memory',
        detail: `the memory limit killed ${now.oomKills - this.last.oomKills} process(es)`,
      });
    } else if (now.memoryFailures > this.last.memoryFailures) {
      this.report({
        serverKey: key,
        limit: 'memory',
        detail: `the memory limit refused ${now.memoryFailures - this.last.memoryFailures} allocation(s)`,
      });
    }
    if (now.forkRefusals > this.last.forkRefusals) {
      this.report({
        serverKey: key,
        limit: 'processes',
        detail: `the process limit refused ${now.forkRefusals - this.last.forkRefusals} fork(s)`,
      });
    }
    this.last = now;
  }
}

/** The sandbox's first process inside its namespaces: bwrap's child. */
function sandboxInit(bwrapPid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${bwrapPid}/task/${bwrapPid}/children`, 'utf8').trim();
    const first = Number(children.split(/\s+/)[0]);
    return Number.isInteger(first) && first > 0 ? first : undefined;
  } catch {
    return undefined;
  }
}
