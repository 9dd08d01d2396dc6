/**
 * @module operation/gateway/io/coalesce-writes
 * Many writes to one pipe in one turn of the event loop go out as one system call. With many calls
 * in flight, the requests that arrive together (on many HTTP connections, read in one poll of the
 * event loop) or the answers of one read from a server are each written on their own; every write
 * to a pipe wakes the process at the other end, and on a machine with few cores the wake-ups cost
 * more than the bytes. The stream is corked at the first write and uncorked in the check phase
 * of the same loop iteration (`setImmediate`), once every I/O callback of that poll and its
 * promise reactions have run: nothing waits for a later iteration. Writes released by check-phase
 * work (the audit log's group commit) join a batch that work opened for them
 * (shared/event-loop/check-phase-writes), so they too leave in the same turn.
 */
import type { Writable } from 'node:stream';

import { registerWriteBatcher } from '../../../shared/event-loop/index.js';

/** Makes `stream` batch the writes of each turn of the event loop into one. */
export function coalesceWrites(stream: Writable): void {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  let corked = false;
  const uncork = (): void => {
    corked = false;
    stream.uncork();
  };
  const open = (): void => {
    if (!corked && !stream.destroyed) {
      corked = true;
      stream.cork();
      setImmediate(uncork);
    }
  };
  stream.write = ((...args: unknown[]): boolean => {
    open();
    return write(...args);
  }) as Writable['write'];
  const unregister = registerWriteBatcher(open);
  stream.once('close', unregister);
}
