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
  let pending = '';
  let dropped = 0;
  const flush = (line: string): void => {
    const text = line.replace(/\r$/, '');
    if (text.length === 0 && dropped === 0) return;
    logger.info(
      { stderr: text, ...(dropped > 0 ? { truncatedBytes: dropped } : {}) },
      'server stderr',
    );
    dropped = 0;
  };
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    let rest = chunk;
    for (;;) {
      const newline = rest.indexOf('\n');
      if (newline === -1) break;
      flush(pending + rest.slice(0, newline));
      pending = '';
      rest = rest.slice(newline + 1);
    }
    const room = maxLineBytes - pending.length;
    if (rest.length > room) {
      dropped += rest.length - Math.max(0, room);
      rest = rest.slice(0, Math.max(0, room));
    }
    pending += rest;
  });
  stream.on('end', () => {
    if (pending.length > 0 || dropped > 0) flush(pending);
  });
  stream.on('error', () => {
    /* the process side reports its own errors */
  });
}
