/**
 * Write batching per turn of the event loop: writes of one turn reach the stream's sink in one
 * call, and writes released by check-phase work (the audit group commit) leave in that same check
 * phase, not one loop iteration later. Order against an immediate queued during the check phase
 * (which Node runs in the next iteration) tells the two apart, without timing anything.
 */
import { Writable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { coalesceWrites } from '../../../../src/operation/gateway/io/coalesce-writes.js';
import { setImmediateBeforeWrites } from '../../../../src/shared/event-loop/index.js';

/** A sink that logs each system-call-like write (one entry per _write/_writev call). */
function sink(log: string[]): Writable {
  return new Writable({
    writev(chunks, callback) {
      log.push(chunks.map((c) => String(c.chunk)).join(''));
      callback();
    },
    write(chunk: Buffer, _encoding, callback) {
      log.push(String(chunk));
      callback();
    },
  });
}

describe('coalesceWrites', () => {
  it('sends the writes of one turn in one call', async () => {
    const log: string[] = [];
    const stream = sink(log);
    coalesceWrites(stream);
    stream.write('a\n');
    stream.write('b\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['a\nb\n']);
    stream.destroy();
  });

  it('writes a reply released by check-phase work in the same check phase', async () => {
    const log: string[] = [];
    const stream = sink(log);
    coalesceWrites(stream);
    const done = new Promise<void>((resolve) => {
      setImmediateBeforeWrites(() => {
        // Queued during the check phase: runs in the next loop iteration.
        setImmediate(() => {
          log.push('next iteration');
          resolve();
        });
        // The group commit resolving an append, whose reaction writes the reply.
        void Promise.resolve()
          .then(() => undefined)
          .then(() => stream.write('reply\n'));
      });
    });
    await done;
    expect(log).toEqual(['reply\n', 'next iteration']);
    stream.destroy();
  });
});
