/**
 * @module scripts/bench/pending-calls
 * Matches responses to outstanding requests by JSON-RPC id, so many calls can be in flight on one
 * pipe or event stream and answers may come back in any order.
 */
import type { JsonRpcId, JsonRpcResponse } from './json-rpc.js';

interface Waiter {
  readonly method: string;
  resolve(response: JsonRpcResponse): void;
  reject(error: Error): void;
}

/** Outstanding requests keyed by id; ids are allocated here, so they are unique per connection. */
export class PendingCalls {
  private readonly waiters = new Map<JsonRpcId, Waiter>();
  private counter = 0;
  private failure: Error | undefined;

  /** Number of requests still waiting for an answer. */
  get size(): number {
    return this.waiters.size;
  }

  /** Allocates the next id and the promise its response will settle. */
  open(method: string): { id: number; response: Promise<JsonRpcResponse> } {
    const id = ++this.counter;
    if (this.failure) return { id, response: Promise.reject(this.failure) };
    const response = new Promise<JsonRpcResponse>((resolve, reject) => {
      this.waiters.set(id, { method, resolve, reject });
    });
    return { id, response };
  }

  /** Delivers a response; false when no request with its id is waiting (unknown or duplicate). */
  settle(response: JsonRpcResponse): boolean {
    if (response.id === null) return false;
    const waiter = this.waiters.get(response.id);
    if (!waiter) return false;
    this.waiters.delete(response.id);
    waiter.resolve(response);
    return true;
  }

  /** Fails one request (e.g. its POST was refused). */
  fail(id: JsonRpcId, error: Error): void {
    const waiter = this.waiters.get(id);
    if (!waiter) return;
    this.waiters.delete(id);
    waiter.reject(error);
  }

  /** Fails every waiting request and every later one (the connection is gone). */
  failAll(error: Error): void {
    this.failure ??= error;
    const waiting = [...this.waiters.values()];
    this.waiters.clear();
    for (const waiter of waiting) waiter.reject(error);
  }

  /** Method of a waiting request, for error messages. */
  methodOf(id: JsonRpcId): string | undefined {
    return this.waiters.get(id)?.method;
  }
}
