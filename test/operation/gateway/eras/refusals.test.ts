/**
 * Every way a 2026-07-28 `requestState` can be misused is refused with a clear JSON-RPC error,
 * and a round nobody answers is given up. Raw 2026-07-28 requests drive the rounds by hand: a call
 * to a session-era server that asks for input mid-call is parked and answered `input_required`;
 * a 2026-07-28 server's own `input_required` is passed through under the gateway's handle. Two
 * bearer keys make two principals.
 */
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';

import type { Client } from '@modelcontextprotocol/client';
import { createRequestStateCodec } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GatehouseHttp } from '../../../helpers/gatehouse-process.js';
import { startGatehouseHttp, writeConfig } from '../../../helpers/gatehouse-process.js';
import { useTempDir } from '../../../helpers/temp-dir.js';
import type { Json } from './support.js';
import {
  eventsIn,
  firstText,
  httpHost,
  inputRequestsOf,
  modernServer,
  rawCall,
  rejectionOf,
  scriptedServer,
  waitFor,
} from './support.js';

const dir = useTempDir();
const events = path.join(dir, 'scripted-events.jsonl');
const KEYS = {
  alice: `alice-${randomBytes(16).toString('hex')}`,
  bob: `bob-${randomBytes(16).toString('hex')}`,
};
const sha256 = (key: string): string => createHash('sha256').update(key).digest('hex');
const gatewaySettings = {
  auth: {
    keys: [
      { id: 'alice', sha256: sha256(KEYS.alice) },
      { id: 'bob', sha256: sha256(KEYS.bob) },
    ],
  },
};
const servers = {
  modern: modernServer('modern'),
  legacy: scriptedServer('legacy', {
    env: { SCRIPTED_EVENT_LOG: events },
    sandbox: { write: [path.dirname(events)] },
  }),
  // A second session-era server with the same tool names as `legacy`.
  other: scriptedServer('other', {
    env: { SCRIPTED_EVENT_LOG: events },
    sandbox: { write: [path.dirname(events)] },
  }),
};

const ELICITATION = { elicitation: { form: {} } };
const REFUSED = -32602;
const ANOTHER_PROCESS_OR_USED =
  'requestState refused: this requestState was already used, has expired, or was issued by another Gatehouse process';

/** A 2026-07-28 host authenticated with one of the bearer keys. */
const hostAs = (url: string, who: keyof typeof KEYS, capabilities: Json = ELICITATION) =>
  httpHost(url, 'modern', capabilities, { headers: { authorization: `Bearer ${KEYS[who]}` } });

/** Starts a round: the raw `input_required` result and its only request's key. */
async function startRound(
  client: Client,
  tool: string,
  args: Json,
): Promise<{ state: string; key: string }> {
  const asked = await rawCall(client, tool, args);
  const [key] = Object.keys(inputRequestsOf(asked));
  expect(typeof asked.requestState).toBe('string');
  return { state: asked.requestState as string, key: key! };
}

/** A retry of `tool` with `state` and an accepted elicitation answer under `key`. */
const retry = (
  client: Client,
  tool: string,
  args: Json,
  key: string,
  state: string,
  content: Json,
) =>
  rawCall(client, tool, args, {
    inputResponses: { [key]: { action: 'accept', content } },
    requestState: state,
  });

describe('requestState refusals (gatehouse run --listen, two bearer keys)', () => {
  let gateway: GatehouseHttp;
  let alice: Client;
  let bob: Client;

  beforeAll(async () => {
    gateway = await startGatehouseHttp(writeConfig(dir, { gateway: gatewaySettings, servers }));
    alice = await hostAs(gateway.url, 'alice');
    bob = await hostAs(gateway.url, 'bob');
  });
  afterAll(async () => {
    await alice?.close();
    await bob?.close();
    await gateway?.stop();
  });

  it("refuses a retry of alice's parked round by bob, and leaves the round to alice", async () => {
    const args = { question: 'PIN?' };
    const { state, key } = await startRound(alice, 'legacy__elicit', args);
    const error = await rejectionOf(
      retry(bob, 'legacy__elicit', args, key, state, { answer: 'bob' }),
    );
    expect(error.code).toBe(REFUSED);
    expect(error.message).toBe('requestState refused: this requestState belongs to another caller');

    const done = await retry(alice, 'legacy__elicit', args, key, state, { answer: 'alice' });
    expect(JSON.parse(firstText(done))).toEqual({ action: 'accept', content: { answer: 'alice' } });
  });

  it("refuses a retry of alice's pass-through (2026-07-28 server) round by bob", async () => {
    const args = { document: 'lease' };
    const { state, key } = await startRound(alice, 'modern__sign', args);
    const error = await rejectionOf(retry(bob, 'modern__sign', args, key, state, { name: 'bob' }));
    expect(error.code).toBe(REFUSED);
    expect(error.message).toBe('requestState refused: this requestState belongs to another caller');
  });

  it('refuses a replay of a requestState that was already used', async () => {
    const args = { question: 'Once?' };
    const { state, key } = await startRound(alice, 'legacy__elicit', args);
    const done = await retry(alice, 'legacy__elicit', args, key, state, { answer: 'first' });
    expect(JSON.parse(firstText(done))).toEqual({ action: 'accept', content: { answer: 'first' } });

    const error = await rejectionOf(
      retry(alice, 'legacy__elicit', args, key, state, { answer: 'again' }),
    );
    expect(error.code).toBe(REFUSED);
    expect(error.message).toBe(ANOTHER_PROCESS_OR_USED);
  });

  it('refuses a tampered requestState (the principal rewritten inside it)', async () => {
    const args = { question: 'Mine?' };
    const { state, key } = await startRound(alice, 'legacy__elicit', args);
    // v1.<payload>.<mac>: bob rewrites the principal in the payload and keeps alice's MAC.
    const [version, payload, mac] = state.split('.');
    const decoded = Buffer.from(payload!, 'base64url').toString('utf8');
    expect(decoded).toContain('"p":"key:alice"');
    const tampered = [
      version,
      Buffer.from(decoded.replace('"p":"key:alice"', '"p":"key:bob"')).toString('base64url'),
      mac,
    ].join('.');

    for (const [who, forged] of [
      [bob, tampered],
      [alice, `${state.slice(0, -2)}${state.endsWith('AA') ? 'BB' : 'AA'}`],
    ] as const) {
      const error = await rejectionOf(
        retry(who, 'legacy__elicit', args, key, forged, { answer: 'x' }),
      );
      expect(error.code).toBe(REFUSED);
      expect(error.message).toMatch(/Invalid or expired requestState/);
    }
    // The real handle still works for its owner.
    const done = await retry(alice, 'legacy__elicit', args, key, state, { answer: 'still mine' });
    expect(JSON.parse(firstText(done))).toMatchObject({ content: { answer: 'still mine' } });
  });

  it('refuses a forged requestState sealed with another key, and one that is not a handle at all', async () => {
    const forger = createRequestStateCodec({ key: randomBytes(32) });
    const forged = await forger.mint({ k: 'park', id: 'x', nonce: 'y', p: 'key:alice' });
    for (const state of [forged, 'not-a-request-state']) {
      const error = await rejectionOf(
        retry(alice, 'legacy__elicit', { question: 'Q' }, 'r1', state, { answer: 'x' }),
      );
      expect(error.code).toBe(REFUSED);
      expect(error.message).toMatch(/Invalid or expired requestState/);
    }
  });

  it('refuses a retry naming another tool, and leaves the round intact', async () => {
    const args = { question: 'Which?' };
    const { state, key } = await startRound(alice, 'legacy__elicit', args);
    const error = await rejectionOf(retry(alice, 'legacy__echo', { message: 'm' }, key, state, {}));
    expect(error.code).toBe(REFUSED);
    expect(error.message).toBe(
      'requestState refused: this requestState belongs to tools/call "elicit" at server "legacy", not tools/call "echo" at server "legacy"',
    );
    const done = await retry(alice, 'legacy__elicit', args, key, state, { answer: 'right tool' });
    expect(JSON.parse(firstText(done))).toMatchObject({ content: { answer: 'right tool' } });
  });

  it('refuses a retry naming the same tool at another server (it must not resume this call)', async () => {
    const args = { question: 'Where?' };
    const { state, key } = await startRound(alice, 'legacy__elicit', args);
    const error = await rejectionOf(
      retry(alice, 'other__elicit', args, key, state, { answer: 'x' }),
    );
    expect(error.code).toBe(REFUSED);
    expect(error.message).toBe(
      'requestState refused: this requestState belongs to tools/call "elicit" at server "legacy", not tools/call "elicit" at server "other"',
    );
    const done = await retry(alice, 'legacy__elicit', args, key, state, { answer: 'right server' });
    expect(JSON.parse(firstText(done))).toMatchObject({ content: { answer: 'right server' } });
  });

  it('refuses a pass-through handle retried on another tool', async () => {
    const args = { document: 'lease' };
    const { state, key } = await startRound(alice, 'modern__sign', args);
    const error = await rejectionOf(retry(alice, 'modern__echo', { message: 'm' }, key, state, {}));
    expect(error.code).toBe(REFUSED);
    expect(error.message).toBe(
      'requestState refused: this requestState belongs to tools/call "sign" at server "modern"',
    );
  });

  it('fails a request the host declared no capability for back to the server at once', async () => {
    const incapable = await hostAs(gateway.url, 'alice', {});
    try {
      const mark = eventsIn(events).length;
      const error = await rejectionOf(rawCall(incapable, 'legacy__elicit', { question: 'Q' }));
      // The server's tool failed on the refused request; its error is the call's answer.
      expect(error.code).toBe(-32603);
      expect(error.message).toMatch(/the host did not declare the elicitation capability/);
      const failed = eventsIn(events)
        .slice(mark)
        .find((e) => e.event === 'elicitation-failed' && e.server === 'legacy');
      expect(failed?.message).toBe('the host did not declare the elicitation capability');

      // A 2026-07-28 server's input_required for that host is refused as well (by the SDK).
      const modern = await rejectionOf(rawCall(incapable, 'modern__ask', { question: 'Q' }));
      expect(modern.code).toBe(-32021);
      expect(modern.message).toMatch(/do not declare the required capability/);
    } finally {
      await incapable.close();
    }
  });
});

describe('a round nobody answers (gateway.inputTimeoutMs)', () => {
  let gateway: GatehouseHttp;
  let alice: Client;

  beforeAll(async () => {
    const config = writeConfig(
      dir,
      { gateway: { ...gatewaySettings, inputTimeoutMs: 1_000 }, servers },
      'short-ttl.yaml',
    );
    gateway = await startGatehouseHttp(config);
    alice = await hostAs(gateway.url, 'alice');
  });
  afterAll(async () => {
    await alice?.close();
    await gateway?.stop();
  });

  it("fails the server's pending request when the time runs out, and refuses the late retry", async () => {
    const mark = eventsIn(events).length;
    const args = { question: 'Anyone?' };
    const { state, key } = await startRound(alice, 'other__elicit', args);
    const failed = await waitFor(
      () =>
        eventsIn(events)
          .slice(mark)
          .find((e) => e.event === 'elicitation-failed' && e.server === 'other'),
      'the server to see its request fail',
    );
    expect(failed.message).toBe('the host did not answer within 1 s');

    const error = await rejectionOf(
      retry(alice, 'other__elicit', args, key, state, { answer: 'late' }),
    );
    expect(error.code).toBe(REFUSED);
    // Whichever check sees it first: the sealed handle's own expiry, or the abandoned round.
    expect(error.message).toMatch(
      /^(Invalid or expired requestState|requestState refused: this requestState was already used, has expired, or was issued by another Gatehouse process)$/,
    );
  });
});
