/** Token buckets with an injected clock: bursts, refill, retry-after, isolation and bounded memory. */
import { describe, expect, it } from 'vitest';

import { RateLimiter } from '../../../src/operation/policy/index.js';

const limit = { calls: 3, perSeconds: 60 };

describe('RateLimiter', () => {
  it('refuses the call after a burst of `calls`, saying when the next token comes', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 3; i++) expect(limiter.take('k', limit, 0)).toEqual({ ok: true });
    expect(limiter.take('k', limit, 0)).toEqual({ ok: false, retryAfterMs: 20_000 });
    expect(limiter.take('k', limit, 5_000)).toEqual({ ok: false, retryAfterMs: 15_000 });
  });

  it('refills at calls/perSeconds, never above `calls`', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 3; i++) limiter.take('k', limit, 0);
    expect(limiter.take('k', limit, 20_000)).toEqual({ ok: true });
    expect(limiter.take('k', limit, 20_000)).toMatchObject({ ok: false });
    // A long pause gives back at most a full bucket.
    for (let i = 0; i < 3; i++) expect(limiter.take('k', limit, 10_000_000)).toEqual({ ok: true });
    expect(limiter.take('k', limit, 10_000_000)).toMatchObject({ ok: false });
  });

  it('does not refill when the clock goes backwards', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 3; i++) limiter.take('k', limit, 100_000);
    expect(limiter.take('k', limit, 0)).toMatchObject({ ok: false });
  });

  it('peek never uses a token', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 10; i++) expect(limiter.peek('k', limit, 0)).toEqual({ ok: true });
    for (let i = 0; i < 3; i++) expect(limiter.take('k', limit, 0)).toEqual({ ok: true });
    expect(limiter.peek('k', limit, 0)).toMatchObject({ ok: false });
  });

  it('keeps keys apart', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 3; i++) limiter.take('alice', limit, 0);
    expect(limiter.take('alice', limit, 0)).toMatchObject({ ok: false });
    expect(limiter.take('bob', limit, 0)).toEqual({ ok: true });
  });

  it('holds at most maxBuckets, dropping full buckets before used ones', () => {
    const limiter = new RateLimiter({ maxBuckets: 2 });
    for (let i = 0; i < 3; i++) limiter.take('busy', limit, 0);
    limiter.take('idle', limit, 0);
    // At 30 s "idle" is full again (dropping it loses nothing); "busy" holds 1.5 tokens.
    limiter.take('new', limit, 30_000);
    expect(limiter.size).toBe(2);
    expect(limiter.take('busy', limit, 30_000)).toEqual({ ok: true });
    expect(limiter.take('busy', limit, 30_000)).toMatchObject({ ok: false });
    for (let n = 0; n < 100; n++) limiter.take(`k${n}`, limit, 40_000);
    expect(limiter.size).toBe(2);
  });
});
