/**
 * `Policy.decide` with its state: the confirmation round trip (single use, bound to the call,
 * TTL), hosts that cannot elicit, and rate limits per identity per rule on an injected clock.
 */
import { describe, expect, it } from 'vitest';

import { confirmationAnswer } from '../../../src/operation/policy/index.js';
import { call, policyOf } from './helpers.js';

const destructive = call({
  item: 'delete_file',
  arguments: { path: '/proj/a.txt' },
  annotations: { destructiveHint: true },
});

function confirming(extra: Record<string, unknown> = {}) {
  return policyOf({
    confirmationTtlSeconds: 60,
    rules: [{ id: 'fs', effect: 'allow', identities: '*', server: 'fs', ...extra }],
  });
}

describe('confirmation', () => {
  it('denies, saying why, when the host cannot elicit', () => {
    const decision = confirming().decide({ ...destructive, canElicit: false }, 0);
    expect(decision.effect).toBe('deny');
    expect(decision.rule).toBe('fs');
    expect(decision.reason).toMatch(/destructive.*cannot answer an elicitation.*refused/);
  });

  it('refuses a confirmation id that was never issued, or issued for another call', () => {
    const policy = confirming();
    expect(policy.decide(destructive, 0, { confirmationId: 'forged' })).toMatchObject({
      effect: 'deny',
      reason: /unknown or was already used/,
    });
    const { id } = policy.askConfirmation(destructive, policy.decide(destructive, 0), 0);
    const other = { ...destructive, arguments: { path: '/proj/b.txt' } };
    expect(policy.decide(other, 1, { confirmationId: id })).toMatchObject({
      effect: 'deny',
      reason: /another call/,
    });
    expect(policy.decide(destructive, 2, { confirmationId: id })).toMatchObject({ effect: 'deny' });
  });

  it('refuses a confirmation used after the TTL', () => {
    const policy = confirming();
    const { id, expiresAt } = policy.askConfirmation(destructive, policy.decide(destructive, 0), 0);
    expect(expiresAt).toBe(60_000);
    expect(policy.decide(destructive, 60_001, { confirmationId: id })).toMatchObject({
      effect: 'deny',
      reason: /expired/,
    });
  });

  it('allows the confirmed call once, with the same arguments', () => {
    const policy = confirming();
    const first = policy.decide(destructive, 0);
    expect(first).toMatchObject({ effect: 'confirm', rule: 'fs' });
    const question = policy.askConfirmation(destructive, first, 0);
    expect(question.params.requestedSchema.properties.confirm.type).toBe('boolean');
    const answer = confirmationAnswer({ action: 'accept', content: { confirm: true } }, first.rule);
    expect(answer.effect).toBe('allow');
    expect(policy.decide(destructive, 1000, { confirmationId: question.id })).toMatchObject({
      effect: 'allow',
      rule: 'fs',
      reason: /confirmed by the user/,
    });
    expect(policy.decide(destructive, 1001, { confirmationId: question.id })).toMatchObject({
      effect: 'deny',
    });
  });

  it('still applies deny rules to a confirmed call', () => {
    const policy = policyOf({
      rules: [
        { effect: 'allow', identities: '*', server: 'fs' },
        { id: 'no-bob', effect: 'deny', identities: 'bob', item: 'delete_*' },
      ],
    });
    const asBob = { ...destructive, principal: 'key:bob' };
    const { id } = policy.askConfirmation(asBob, policy.decide(destructive, 0), 0);
    expect(policy.decide(asBob, 1, { confirmationId: id })).toMatchObject({
      effect: 'deny',
      rule: 'no-bob',
    });
  });
});

describe('rate limits', () => {
  it('limits each identity separately, per rule, and says when to retry', () => {
    const policy = confirming({ rateLimit: { calls: 2, perSeconds: 10 } });
    const alice = call();
    const bob = call({ principal: 'key:bob' });
    expect(policy.decide(alice, 0).effect).toBe('allow');
    expect(policy.decide(alice, 0).effect).toBe('allow');
    expect(policy.decide(alice, 0)).toMatchObject({
      effect: 'deny',
      rule: 'fs',
      rateLimited: { retryAfterMs: 5000 },
      reason: /rate limit of rule fs reached \(2 calls per 10 s\); retry in 5 s/,
    });
    expect(policy.decide(bob, 0).effect).toBe('allow');
    expect(policy.decide(alice, 5000).effect).toBe('allow');
  });

  it('does not use a token when asking for confirmation, only for the confirmed call', () => {
    const policy = confirming({ rateLimit: { calls: 1, perSeconds: 60 } });
    for (let i = 0; i < 3; i++) expect(policy.decide(destructive, 0).effect).toBe('confirm');
    const { id } = policy.askConfirmation(destructive, policy.decide(destructive, 0), 0);
    expect(policy.decide(destructive, 0, { confirmationId: id }).effect).toBe('allow');
    // The bucket is empty now: the next call is refused before anyone is asked.
    expect(policy.decide(destructive, 1)).toMatchObject({ effect: 'deny', rateLimited: {} });
  });

  it('does not count denied calls', () => {
    const policy = confirming({
      rateLimit: { calls: 1, perSeconds: 60 },
      paths: { arg: 'path', under: ['/proj'] },
    });
    for (let i = 0; i < 5; i++) {
      expect(policy.decide(call({ arguments: { path: '/etc' } }), 0).effect).toBe('deny');
    }
    expect(policy.decide(call({ arguments: { path: '/proj/x' } }), 0).effect).toBe('allow');
  });
});
