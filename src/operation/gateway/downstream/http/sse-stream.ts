/**
 * @module operation/gateway/downstream/http/sse-stream
 * One open SSE response of a session-era Streamable HTTP session (node-streamable-transport): each
 * event is one string written to the Node response; a POST stream's priming event waits briefly
 * for the first message so that both leave in one write; keep-alive comments; nothing is written
 * after the end.
 */
import type { ServerResponse } from 'node:http';

import type { JSONRPCMessage } from '@modelcontextprotocol/server';

/**
 * How long a POST stream's priming event may wait for the first message, to leave with it in one
 * write (one system call and one read for the client instead of two); a call that takes longer
 * gets its priming event on its own once this passes.
 */
export const PRIMING_HOLD_MS = 50;

/** One open SSE response. */
export class SseStream {
  private keepAlive: NodeJS.Timeout | undefined;
  private ended = false;
  /** A priming event not written yet, and the timer that writes it alone. */
  private held: string | undefined;
  private holdTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly res: ServerResponse,
    /** Events replayed on this stream by a resumption, not to be written twice. */
    readonly replayedEventIds?: ReadonlySet<string>,
  ) {}

  get open(): boolean {
    return !this.ended && !this.res.destroyed;
  }

  /** Holds `text` (a priming event) for the first message, or writes it after a while. */
  hold(text: string): void {
    this.held = text;
    this.holdTimer = setTimeout(() => this.write(''), PRIMING_HOLD_MS);
  }

  write(text: string): void {
    const out = this.release(text);
    if (this.open && out !== '') this.res.write(out);
  }

  /** Writes `text` (if any) and ends the response. */
  end(text?: string): void {
    if (this.keepAlive !== undefined) clearInterval(this.keepAlive);
    if (this.ended) return;
    const out = this.release(text ?? '');
    this.ended = true;
    if (this.res.destroyed) return;
    if (out === '') this.res.end();
    else this.res.end(out);
  }

  /** `text` after whatever was held. */
  private release(text: string): string {
    if (this.held === undefined) return text;
    clearTimeout(this.holdTimer);
    const out = this.held + text;
    this.held = undefined;
    return out;
  }

  startKeepAlive(intervalMs: number): void {
    if (!Number.isFinite(intervalMs) || intervalMs < 1 || this.ended) return;
    this.keepAlive = setInterval(() => this.write(': keepalive\n\n'), intervalMs);
    this.keepAlive.unref();
  }
}

/** One SSE `message` event carrying `message`, with its event id when the store gave one. */
export function sseEvent(message: JSONRPCMessage, eventId: string | undefined): string {
  return eventId === undefined
    ? `event: message\ndata: ${JSON.stringify(message)}\n\n`
    : `event: message\nid: ${eventId}\ndata: ${JSON.stringify(message)}\n\n`;
}
