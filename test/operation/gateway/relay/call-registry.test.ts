import { describe, expect, it } from 'vitest';

import { CallRegistry } from '../../../../src/operation/gateway/relay/call-registry.js';

interface Session {
  readonly id: string;
}
const ann: Session = { id: 'ann' };
const bob: Session = { id: 'bob' };

describe('CallRegistry.attribute', () => {
  it('refuses when two sessions have calls in flight at the server', () => {
    const calls = new CallRegistry<Session, string>();
    calls.begin('alpha', ann, 'ann-1');
    calls.begin('alpha', bob, 'bob-1');
    const result = calls.attribute('alpha', [ann, bob]);
    expect(result).toEqual({
      ok: false,
      reason:
        '2 clients have calls in flight at this server, so the request cannot be attributed to one of them',
    });
  });

  it('refuses when nothing is in flight and several sessions are connected', () => {
    const calls = new CallRegistry<Session, string>();
    calls.begin('beta', ann, 'elsewhere');
    expect(calls.attribute('alpha', [ann, bob])).toEqual({
      ok: false,
      reason:
        'no call is in flight and 2 clients are connected, so the request cannot be attributed to one of them',
    });
  });

  it('refuses when no session is connected', () => {
    const calls = new CallRegistry<Session, string>();
    expect(calls.attribute('alpha', [])).toEqual({ ok: false, reason: 'no client is connected' });
  });

  it('attributes to the one caller, and to its most recent call', () => {
    const calls = new CallRegistry<Session, string>();
    calls.begin('alpha', ann, 'first');
    calls.begin('alpha', ann, 'second');
    calls.begin('beta', bob, 'other server');
    const result = calls.attribute('alpha', [ann, bob]);
    expect(result).toMatchObject({
      ok: true,
      session: ann,
      call: { context: 'second', upstreamKey: 'alpha' },
    });
  });

  it('attributes to the only session when nothing is in flight, without a call', () => {
    const calls = new CallRegistry<Session, string>();
    expect(calls.attribute('alpha', [ann])).toEqual({ ok: true, session: ann });
  });

  it('forgets a call when it ends, so a finished caller no longer blocks attribution', () => {
    const calls = new CallRegistry<Session, string>();
    const annCall = calls.begin('alpha', ann, 'ann-1');
    calls.begin('alpha', bob, 'bob-1');
    expect(calls.inFlight('alpha')).toBe(2);
    annCall.end();
    annCall.end(); // ending twice is harmless
    expect(calls.inFlight('alpha')).toBe(1);
    expect(calls.attribute('alpha', [ann, bob])).toMatchObject({ ok: true, session: bob });
  });
});

describe('CallRegistry.callsOf', () => {
  it('lists every call of a session across servers, and nothing of others', () => {
    const calls = new CallRegistry<Session, string>();
    calls.begin('alpha', ann, 'a');
    calls.begin('beta', ann, 'b');
    calls.begin('beta', bob, 'c');
    expect(
      calls
        .callsOf('ann')
        .map((c) => c.context)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(calls.callsOf('nobody')).toEqual([]);
    expect(calls.inFlight('gamma')).toBe(0);
  });
});
