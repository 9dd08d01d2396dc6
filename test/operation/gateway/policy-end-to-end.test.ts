/**
 * The policy on the request path, end to end: per-identity allow and deny, argument constraints,
 * rate limits, and confirmations asked of the host (pushed to a session-era host, an
 * input_required round for a 2026-07-28 host), single-use and refused when the host cannot elicit.
 */
import { createHash } from 'node:crypto';

import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GatehouseHttp } from '../../helpers/gatehouse-process.js';
import { startGatehouseHttp, writeConfig } from '../../helpers/gatehouse-process.js';
import { SCRIPTED_SERVER } from '../../helpers/paths.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { firstText, httpHost, rawCall } from './eras/support.js';

const dir = useTempDir();
const sha = (key: string): string => createHash('sha256').update(key).digest('hex');
const keys = { alice: 'gh_alice_policy_key', bob: 'gh_bob_policy_key' };

const errorOf = (
  promise: Promise<unknown>,
): Promise<{ code: number; message: string; data?: unknown }> =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: { code: number; message: string; data?: unknown }) => error,
  );

describe('policy on the request path', () => {
  let gateway: GatehouseHttp;
  const clients: Client[] = [];
  const host = async (
    who: 'alice' | 'bob',
    era: 'legacy' | 'modern',
    elicit = true,
  ): Promise<Client> => {
    const client = await httpHost(gateway.url, era, elicit ? { elicitation: { form: {} } } : {}, {
      headers: { Authorization: `Bearer ${keys[who]}` },
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const config = writeConfig(dir, {
      gateway: {
        auth: {
          keys: [
            { id: 'alice', sha256: sha(keys.alice) },
            { id: 'bob', sha256: sha(keys.bob) },
          ],
        },
      },
      servers: {
        alpha: {
          transport: 'stdio',
          command: process.execPath,
          args: [SCRIPTED_SERVER, '--name', 'alpha'],
          pins: false,
        },
      },
      policy: {
        default: 'deny',
        rules: [
          { id: 'no-crash', effect: 'deny', identities: '*', server: 'alpha', item: 'crash' },
          {
            id: 'alice-echo',
            effect: 'allow',
            identities: 'alice',
            server: 'alpha',
            item: 'echo',
            paths: { arg: 'message', under: ['/tmp/allowed'] },
          },
          {
            id: 'alice-link',
            effect: 'allow',
            identities: 'alice',
            server: 'alpha',
            item: 'link',
            confirm: true,
          },
          {
            id: 'bob-progress',
            effect: 'allow',
            identities: 'bob',
            server: 'alpha',
            item: 'progress',
            rateLimit: { calls: 2, perSeconds: 3600 },
          },
        ],
      },
    });
    gateway = await startGatehouseHttp(config);
  });
  afterAll(async () => {
    for (const client of clients) await client.close().catch(() => undefined);
    await gateway?.stop();
  });

  it('allows a call its rule admits and refuses one its constraint does not, naming rule and reason', async () => {
    const alice = await host('alice', 'legacy');
    expect(
      firstText(
        await alice.callTool({ name: 'alpha__echo', arguments: { message: '/tmp/allowed/notes' } }),
      ),
    ).toBe('alpha: /tmp/allowed/notes');
    const refused = await errorOf(
      alice.callTool({ name: 'alpha__echo', arguments: { message: '/tmp/allowed-not/x' } }),
    );
    expect(refused.code).toBe(-32003);
    expect(refused.message).toMatch(/Denied by policy/);
    expect(refused.message).toMatch(/\/tmp\/allowed/);
  });

  it('refuses what no rule allows, and what a deny rule names, for any identity', async () => {
    const bob = await host('bob', 'legacy');
    expect(
      (await errorOf(bob.callTool({ name: 'alpha__echo', arguments: { message: 'x' } }))).code,
    ).toBe(-32003);
    const crash = await errorOf(bob.callTool({ name: 'alpha__crash', arguments: {} }));
    expect(crash.message).toMatch(/rule no-crash/);
  });

  it('applies the rate limit per identity and says when to retry', async () => {
    const bob = await host('bob', 'legacy');
    await bob.callTool({ name: 'alpha__progress', arguments: { steps: 1 } });
    await bob.callTool({ name: 'alpha__progress', arguments: { steps: 1 } });
    const limited = await errorOf(
      bob.callTool({ name: 'alpha__progress', arguments: { steps: 1 } }),
    );
    expect(limited.message).toMatch(/rate limit of rule bob-progress/);
    expect(limited.data).toMatchObject({ retryAfterMs: expect.any(Number) as number });
  });

  it('asks a session-era host to confirm, and runs the call only on a yes', async () => {
    const alice = await host('alice', 'legacy');
    const asked: string[] = [];
    let answer: 'accept' | 'decline' = 'accept';
    alice.setRequestHandler('elicitation/create', (request) => {
      asked.push(String(request.params.message));
      return answer === 'accept'
        ? { action: 'accept', content: { confirm: true } }
        : { action: 'decline' };
    });
    const result = await alice.callTool({ name: 'alpha__link', arguments: {} });
    expect((result.content as unknown[]).length).toBe(2);
    expect(asked[0]).toMatch(/link/);
    answer = 'decline';
    const declined = await errorOf(alice.callTool({ name: 'alpha__link', arguments: {} }));
    expect(declined.message).toMatch(/declined/);
  });

  it('refuses a call needing confirmation when the host cannot elicit', async () => {
    const alice = await host('alice', 'legacy', false);
    const refused = await errorOf(alice.callTool({ name: 'alpha__link', arguments: {} }));
    expect(refused.message).toMatch(/cannot answer an elicitation/);
  });

  it('asks a 2026-07-28 host with an input_required round, and the confirmation is single-use', async () => {
    const alice = await host('alice', 'modern');
    const round = await rawCall(alice, 'alpha__link', {});
    expect(round.resultType).toBe('input_required');
    const requests = round.inputRequests as Record<string, { method: string }>;
    expect(requests['gatehouse.confirm']?.method).toBe('elicitation/create');
    const retry = {
      inputResponses: { 'gatehouse.confirm': { action: 'accept', content: { confirm: true } } },
      requestState: round.requestState,
    };
    const done = await rawCall(alice, 'alpha__link', {}, retry);
    expect((done.content as unknown[]).length).toBe(2);
    const replay = await errorOf(rawCall(alice, 'alpha__link', {}, retry));
    expect(replay.message).toMatch(/unknown or was already used/);
  });
});
