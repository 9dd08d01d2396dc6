/**
 * @module operation/gateway/upstream/call-clock
 * The deadline of one relayed call, kept by the gateway rather than the SDK: it restarts on every
 * progress notification (within ten times the timeout in all), it can be paused while the call
 * waits for a human on the host side (an input-required round), and when it runs out the call is
 * aborted, which cancels it at the upstream.
 */

/** A restartable, pausable deadline that aborts a signal when it expires. */
export class CallClock {
  readonly timeoutMs: number;
  private readonly controller: AbortController;
  private readonly startedAt = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private paused = false;
  private expiredValue = false;

  /**
   * `controller`: what to abort when the deadline passes (default: the clock's own). Sharing the
   * call's controller saves combining two signals per call.
   */
  constructor(timeoutMs: number, controller: AbortController = new AbortController()) {
    this.timeoutMs = timeoutMs;
    this.controller = controller;
    this.restart();
  }

  /** Aborted when the deadline passes (or, with a shared controller, whenever it is aborted). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The deadline passed (not: the shared controller was aborted for another reason). */
  get expired(): boolean {
    return this.expiredValue;
  }

  private expire(): void {
    this.expiredValue = true;
    this.controller.abort();
  }

  /** Starts the full timeout again (progress shows the server is alive). */
  restart(): void {
    if (this.paused || this.expired) return;
    clearTimeout(this.timer);
    const left = Math.min(this.timeoutMs, this.startedAt + this.timeoutMs * 10 - Date.now());
    this.timer = setTimeout(() => this.expire(), Math.max(0, left));
  }

  /** Stops the clock (the call waits for the host, not for the server). */
  pause(): void {
    this.paused = true;
    clearTimeout(this.timer);
  }

  /** Starts the clock again with a full timeout. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    clearTimeout(this.timer);
    if (!this.expired) this.timer = setTimeout(() => this.expire(), this.timeoutMs);
  }

  /** The call ended; no timer stays behind. */
  stop(): void {
    clearTimeout(this.timer);
  }
}
