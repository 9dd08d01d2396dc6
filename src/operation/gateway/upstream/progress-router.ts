/**
 * @module operation/gateway/upstream/progress-router
 * Routes an upstream's `notifications/progress` to the relayed call it belongs to, by a progress
 * token the gateway mints per call. Hand-written instead of the SDK client's `onprogress` because
 * the SDK dispatches notifications one microtask after responses and drops its progress handler
 * when the response arrives: a server's last progress notification, written just before its
 * result, would be lost whenever both arrive in one read. Here a handler lives until the relay has
 * seen the response, and notifications are dispatched in wire order.
 */

export interface Progress {
  readonly progress: number;
  readonly total?: number;
  readonly message?: string;
}

export type ProgressHandler = (progress: Progress) => void;

/** Progress tokens of one upstream connection. */
export class ProgressRouter {
  private readonly handlers = new Map<string, ProgressHandler>();
  private readonly prefix: string;
  private seq = 0;

  constructor(prefix: string) {
    this.prefix = prefix;
  }

  /** Registers a handler under a fresh token; `close` removes it. */
  open(handler: ProgressHandler): { token: string; close: () => void } {
    const token = `${this.prefix}-${++this.seq}`;
    this.handlers.set(token, handler);
    return { token, close: () => this.handlers.delete(token) };
  }

  /** Delivers one notification's params; false when no call holds the token (it is dropped). */
  dispatch(params: Record<string, unknown>): boolean {
    const token = params.progressToken;
    if (typeof token !== 'string' && typeof token !== 'number') return false;
    const handler = this.handlers.get(String(token));
    if (!handler || typeof params.progress !== 'number') return false;
    handler({
      progress: params.progress,
      ...(typeof params.total === 'number' ? { total: params.total } : {}),
      ...(typeof params.message === 'string' ? { message: params.message } : {}),
    });
    return true;
  }
}
