/**
 * @module operation/policy/rate-limiter
 * Token buckets in memory, one per (rule, principal): a bucket holds up to `calls` tokens and
 * refills at `calls / perSeconds` per second, so bursts of `calls` are allowed and the long-run
 * rate is `calls` per `perSeconds`. The clock is passed in (milliseconds), so tests need no timers.
 *
 * Memory is bounded (threat: a flood of distinct keys exhausting memory). When the table is full,
 * buckets that have refilled completely are dropped first (losing nothing: a new bucket starts
 * full), then the least recently used. Dropping a partly used bucket gives its key a fresh one,
 * so keep `maxBuckets` well above rules x principals; keys come from the configuration, not from
 * callers, so the default is ample.
 */

export interface RateLimit {
  readonly calls: number;
  readonly perSeconds: number;
}

export type RateCheck =
  { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
  readonly limit: RateLimit;
}

export interface RateLimiterOptions {
  /** Most buckets kept at once; default 10 000. */
  readonly maxBuckets?: number;
}

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #max: number;

  constructor(options: RateLimiterOptions = {}) {
    this.#max = Math.max(1, options.maxBuckets ?? 10_000);
  }

  /** Buckets currently held. */
  get size(): number {
    return this.#buckets.size;
  }

  /** Whether a call may go now, without using a token. */
  peek(key: string, limit: RateLimit, now: number): RateCheck {
    return this.#check(this.#refilled(key, limit, now), limit);
  }

  /** Uses one token if there is one; otherwise says how long until there is. */
  take(key: string, limit: RateLimit, now: number): RateCheck {
    const bucket = this.#refilled(key, limit, now);
    const check = this.#check(bucket, limit);
    if (check.ok) {
      bucket.tokens -= 1;
      this.#store(key, bucket);
    }
    return check;
  }

  #check(bucket: Bucket, limit: RateLimit): RateCheck {
    if (bucket.tokens >= 1) return { ok: true };
    const perMs = limit.calls / (limit.perSeconds * 1000);
    return { ok: false, retryAfterMs: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs)) };
  }

  #refilled(key: string, limit: RateLimit, now: number): Bucket {
    const bucket = this.#buckets.get(key);
    // A changed limit (a reloaded config) starts over rather than mixing two rates.
    if (
      bucket === undefined ||
      bucket.limit.calls !== limit.calls ||
      bucket.limit.perSeconds !== limit.perSeconds
    ) {
      return { tokens: limit.calls, at: now, limit };
    }
    const perMs = limit.calls / (limit.perSeconds * 1000);
    // A clock that goes backwards refills nothing.
    const elapsed = Math.max(0, now - bucket.at);
    return {
      tokens: Math.min(limit.calls, bucket.tokens + elapsed * perMs),
      at: Math.max(now, bucket.at),
      limit,
    };
  }

  #store(key: string, bucket: Bucket): void {
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size <= this.#max) return;
    for (const [other, held] of this.#buckets) {
      if (this.#buckets.size <= this.#max) return;
      const refill = (bucket.at - held.at) * (held.limit.calls / (held.limit.perSeconds * 1000));
      if (other !== key && held.tokens + refill >= held.limit.calls) this.#buckets.delete(other);
    }
    for (const other of this.#buckets.keys()) {
      if (this.#buckets.size <= this.#max) return;
      if (other !== key) this.#buckets.delete(other);
    }
  }
}
