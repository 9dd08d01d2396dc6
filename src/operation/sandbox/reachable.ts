/**
 * @module operation/sandbox/reachable
 * Whether the unprivileged uid a root-run sandbox uses can reach a host path. bwrap runs as that
 * uid and resolves every bind source itself, so a grant under a folder it cannot traverse (e.g.
 * `/root`, mode 0700) cannot be mounted; saying so at start beats bwrap's bare "Permission denied".
 */
import { statSync } from 'node:fs';
import path from 'node:path';

/** The first ancestor folder of `target` that `uid`/`gid` cannot traverse, if any. */
export function untraversableAncestor(
  target: string,
  uid: number,
  gid: number,
): string | undefined {
  let dir = path.dirname(target);
  const chain: string[] = [];
  while (true) {
    chain.unshift(dir);
    if (dir === '/') break;
    dir = path.dirname(dir);
  }
  for (const folder of chain) {
    let mode: number;
    let owner: number;
    let group: number;
    try {
      const st = statSync(folder);
      mode = st.mode;
      owner = st.uid;
      group = st.gid;
    } catch {
      return folder;
    }
    const bit = owner === uid ? 0o100 : group === gid ? 0o010 : 0o001;
    if ((mode & bit) === 0) return folder;
  }
  return undefined;
}

/** Whether `uid`/`gid` may write `target` by its mode bits (ACLs aside). */
export function writableBy(target: string, uid: number, gid: number): boolean {
  try {
    const st = statSync(target);
    const bit = st.uid === uid ? 0o200 : st.gid === gid ? 0o020 : 0o002;
    return (st.mode & bit) !== 0;
  } catch {
    return false;
  }
}
