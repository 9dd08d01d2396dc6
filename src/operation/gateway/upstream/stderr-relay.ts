/**
 * @module operation/gateway/upstream/stderr-relay
 * Forwards a stdio server's stderr to the gateway log, one record per line, each line cut at a
 * fixed size. A server that writes megabytes without a newline cannot grow the gateway's memory:
 * at most `maxLineBytes` are held at any time.
 */
import type { Readable } from 'node:stream';

import type { Logger } from '../../../shared/logging/index.js';

export const DEFAULT_MAX_STDERR_LINE = 8 * 1024;

/** Starts relaying `stream`; returns nothing, the relay ends with the stream. */
export function relayStderr(
  stream: Readable,
  logger: Logger,
  maxLineBytes: number = DEFAULT_MAX_STDERR_LINE,
): void {
  // Bad-input fix: the cap and `truncatedBytes` are counted in bytes, as documented. They were
  // counted in UTF-16 units of decoded text, so a line of multi-byte characters could hold and
  // log up to three times the cap. Kept parts are copied, so no larger chunk stays referenced.
  let pending: Buffer[] = [];
  let size = 0;
  let dropped = 0;
  const flush = (): void => {
    let bytes = Buffer.concat(pending, size);
    pending = [];
    size = 0;
    if (dropped > 0) {
      // The cut may have split a character: drop its first bytes rather than log a broken one.
      const end = completeCharsEnd(bytes);
      dropped += bytes.length - end;
      bytes = bytes.subarray(0, end);
    }
    const text = bytes.toString('utf8').replace(/\r$/, '');
    if (text.length > 0 || dropped > 0) {
      logger.info(
        { stderr: text, ...(dropped > 0 ? { truncatedBytes: dropped } : {}) },
        'server stderr',
      );
    }
    dropped = 0;
  };
  const take = (part: Buffer): void => {
    const room = maxLineBytes - size;
    const kept = part.length > room ? part.subarray(0, Math.max(0, room)) : part;
    dropped += part.length - kept.length;
    if (kept.length === 0) return;
    pending.push(Buffer.from(kept));
    size += kept.length;
  };
  stream.on('data', (chunk: Buffer | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (;;) {
      const newline = bytes.indexOf(0x0a, start);
      take(bytes.subarray(start, newline === -1 ? bytes.length : newline));
      if (newline === -1) return;
      flush();
      start = newline + 1;
    }
  });
  stream.on('end', () => {
    if (size > 0 || dropped > 0) flush();
  });
  stream.on('error', () => {
    /* the process side reports its own errors */
  });
}

/** Length of the longest prefix of `bytes` that does not end inside a UTF-8 sequence. */
function completeCharsEnd(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    const length = byte < 0x80 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}
