/**
 * @module operation/sandbox/cgroup-v1
 * Memory and process-count limits of one sandboxed server's whole process tree, through cgroups v1
 * (the `memory` and `pids` controllers; root only). Threat: a server that forks or allocates without
 * bound takes the machine, and with it the gateway, down.
 *
 * Written by hand: no maintained Node library manages cgroup v1 groups; it is a few file writes.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

const ROOT = '/sys/fs/cgroup';

/** The v1 hierarchies this machine offers to root, or undefined when there are none. */
export interface CgroupV1Support {
  readonly memory: string;
  readonly pids: string;
}

/** Finds writable v1 `memory` and `pids` hierarchies (only when running as root). */
export function detectCgroupV1(): CgroupV1Support | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const memory = path.join(ROOT, 'memory');
  const pids = path.join(ROOT, 'pids');
  if (!existsSync(path.join(memory, 'memory.limit_in_bytes'))) return undefined;
  if (!existsSync(path.join(pids, 'cgroup.procs'))) return undefined;
  return { memory, pids };
}

/** Counters a group keeps of limits it enforced. */
export interface LimitCounters {
  /** Times the memory limit was hit (`memory.failcnt`). */
  readonly memoryFailures: number;
  /** Processes the OOM killer ended inside the group. */
  readonly oomKills: number;
  /** Forks refused at the process limit (`pids.events` max). */
  readonly forkRefusals: number;
}

/** One server's pair of groups; the wrapper moves the sandbox's first process into both. */
export class CgroupPair {
  readonly memoryDir: string;
  readonly pidsDir: string;

  private constructor(memoryDir: string, pidsDir: string) {
    this.memoryDir = memoryDir;
    this.pidsDir = pidsDir;
  }

  /** Creates `gatehouse/<name>` in both hierarchies with the given limits. */
  static create(
    support: CgroupV1Support,
    name: string,
    limits: { memoryBytes: number; processes: number },
  ): CgroupPair {
    const memoryDir = path.join(support.memory, 'gatehouse', name);
    const pidsDir = path.join(support.pids, 'gatehouse', name);
    mkdirSync(memoryDir, { recursive: true });
    mkdirSync(pidsDir, { recursive: true });
    writeFileSync(path.join(memoryDir, 'memory.limit_in_bytes'), String(limits.memoryBytes));
    // Swap counts too where the kernel accounts it; absent file means no swap accounting.
    const memsw = path.join(memoryDir, 'memory.memsw.limit_in_bytes');
    if (existsSync(memsw)) writeFileSync(memsw, String(limits.memoryBytes));
    writeFileSync(path.join(pidsDir, 'pids.max'), String(limits.processes));
    return new CgroupPair(memoryDir, pidsDir);
  }

  /** The `cgroup.procs` files the wrapper writes its pid to before exec. */
  get procsFiles(): readonly [string, string] {
    return [path.join(this.memoryDir, 'cgroup.procs'), path.join(this.pidsDir, 'cgroup.procs')];
  }

  /** Reads the limit counters; zeros when the groups are gone. */
  counters(): LimitCounters {
    return {
      memoryFailures: readNumber(path.join(this.memoryDir, 'memory.failcnt')),
      oomKills: readKeyed(path.join(this.memoryDir, 'memory.oom_control'), 'oom_kill'),
      forkRefusals: readKeyed(path.join(this.pidsDir, 'pids.events'), 'max'),
    };
  }

  /** Removes both groups once empty; a group still holding processes is kept (and retried later). */
  remove(): boolean {
    let removed = true;
    for (const dir of [this.memoryDir, this.pidsDir]) {
      try {
        rmdirSync(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') removed = false;
      }
    }
    return removed;
  }
}

function readNumber(file: string): number {
  try {
    const value = Number(readFileSync(file, 'utf8').trim());
    return Number.isFinite(value) ? value : 0;
  } catch {
    return 0;
  }
}

function readKeyed(file: string, key: string): number {
  try {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [k, v] = line.trim().split(/\s+/);
      if (k === key) return Number(v) || 0;
    }
  } catch {
    // Missing file: the counter is not kept here.
  }
  return 0;
}

/**
 * Removes the empty groups earlier gateway processes left behind (killed before they could clean
 * up). Group names end in `-<gateway pid>-<start>`; a group whose gateway is gone and that holds
 * no process is removed, anything else is left alone.
 */
export function sweepStaleGroups(support: CgroupV1Support): number {
  let removed = 0;
  for (const hierarchy of [support.memory, support.pids]) {
    const parent = path.join(hierarchy, 'gatehouse');
    let names: string[];
    try {
      names = readdirSync(parent);
    } catch {
      continue;
    }
    for (const name of names) {
      const pid = Number(/-([0-9]+)-[0-9]+$/.exec(name)?.[1]);
      if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue;
      try {
        rmdirSync(path.join(parent, name));
        removed += 1;
      } catch {
        // Still holds a process, or already gone.
      }
    }
  }
  return removed;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
