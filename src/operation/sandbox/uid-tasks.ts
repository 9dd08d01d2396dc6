/**
 * @module operation/sandbox/uid-tasks
 * Counts the tasks (threads included) a uid already has, because RLIMIT_NPROC, the process limit
 * used when cgroups are not available, counts every task of the uid, not only the sandbox's.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Tasks of `uid` on this machine now (0 where /proc cannot be read). */
export function tasksOfUid(uid: number): number {
  let count = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const owner = /^Uid:\s+([0-9]+)/m.exec(status)?.[1];
      if (Number(owner) !== uid) continue;
      count += Number(/^Threads:\s+([0-9]+)/m.exec(status)?.[1] ?? 1);
    } catch {
      // The process ended meanwhile.
    }
  }
  return count;
}
