/**
 * 2026-07-28 requests are stateless, so a fleet of Gatehouse processes with the same config and
 * the same `gateway.requestStateKey` can serve one host whose requests land on any of them. One
 * 2026-07-28 client here sends every HTTP request to the next of two processes in turn (a custom
 * `fetch` that rotates the base URL).
 *
 * The one exception, by design: a call parked for a session-era upstream is open in the process
 * that parked it, so its retry must reach that process; elsewhere it is refused with a clear
 * error, and the round stays intact for a retry that reaches the right process.
 */
import { randomBytes } from 'node:crypto';

import type { Client, FetchLike } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GatehouseHttp } from '../../../helpers/gatehouse-process.js';
import { startGatehouseHttp, writeConfig } from '../../../helpers/gatehouse-process.js';
import { useTempDir } from '../../../helpers/temp-dir.js';
import {
  firstText,
  httpHost,
  inputRequestsOf,
  modernServer,
  rawCall,
  rejectionOf,
  scriptedServer,
} from './support.js';

const dir = useTempDir();
// The upstream fleet shares its own state key, as the gateway fleet shares requestStateKey.
const servers = {
  modern: modernServer('modern', {
    env: { MODERN_STATE_KEY: 'fleet-shared-upstream-state-key-0123456789' },
  }),
  legacy: scriptedServer('legacy'),
};
const sharedKey = randomBytes(32).toString('hex');
const fleetConfig = writeConfig(
  dir,
  { gateway: { requestStateKey: sharedKey }, servers },
  'a.yaml',
);
const otherKeyConfig = writeConfig(
  dir,
  { gateway: { requestStateKey: randomBytes(32).toString('hex') }, servers },
  'other.yaml',
);

/** One HTTP request as the rotating fetch sent it. */
interface Hit {
  readonly process: number;
  readonly method: string | null;
}

describe('two gatehouse processes sharing gateway.requestStateKey, one 2026-07-28 host', () => {
  const fleet: GatehouseHttp[] = [];
  let outsider: GatehouseHttp;
  let client: Client;
  const hits: Hit[] = [];
  let turn = 0;

  /** Sends each request to the next process of the fleet, whatever URL the client had in mind. */
  const rotating: FetchLike = (url, init) => {
    const index = turn++ % fleet.length;
    const target = new URL(String(url));
    target.host = new URL(fleet[index]!.url).host;
    hits.push({ process: index, method: new Headers(init?.headers).get('mcp-method') });
    return fetch(target, init);
  };

  /** The processes that served the requests since `from`. */
  const servedBy = (from: number): number[] => hits.slice(from).map((h) => h.process);

  beforeAll(async () => {
    const started = await Promise.all([
      startGatehouseHttp(fleetConfig),
      startGatehouseHttp(fleetConfig),
      startGatehouseHttp(otherKeyConfig),
    ]);
    fleet.push(started[0], started[1]);
    outsider = started[2];
    client = await httpHost(
      fleet[0]!.url,
      'modern',
      { elicitation: { form: {} } },
      {
        fetch: rotating,
      },
    );
  });
  afterAll(async () => {
    await client?.close();
    await Promise.all([...fleet, outsider].map((g) => g?.stop()));
  });

  it('lists and calls tools of both upstreams on either process', async () => {
    const from = hits.length;
    for (let i = 0; i < 2; i++) {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(
        expect.arrayContaining(['modern__echo', 'legacy__echo']),
      );
      const modern = await rawCall(client, 'modern__echo', { message: `m${i}` });
      const legacy = await rawCall(client, 'legacy__echo', { message: `l${i}` });
      expect(firstText(modern)).toBe(`modern/modern: m${i}`);
      expect(firstText(legacy)).toBe(`legacy: l${i}`);
    }
    const served = hits.slice(from);
    for (const method of ['tools/list', 'tools/call']) {
      const processes = new Set(served.filter((h) => h.method === method).map((h) => h.process));
      expect([...processes].sort()).toEqual([0, 1]);
    }
  });

  it("completes a 2026-07-28 upstream's input_required round on the other process", async () => {
    const from = hits.length;
    const asked = await rawCall(client, 'modern__sign', { document: 'lease' });
    const requests = inputRequestsOf(asked);
    expect(requests.name?.params.message).toBe('[modern] Who signs lease?');
    const done = await rawCall(
      client,
      'modern__sign',
      { document: 'lease' },
      {
        inputResponses: { name: { action: 'accept', content: { name: 'Ann' } } },
        requestState: asked.requestState,
      },
    );
    expect(firstText(done)).toBe('lease signed by Ann');
    const [first, retry] = servedBy(from);
    expect(retry).not.toBe(first);
  });

  it('refuses that handle at a process with another requestStateKey', async () => {
    const asked = await rawCall(client, 'modern__sign', { document: 'lease' });
    inputRequestsOf(asked);
    const stranger = await httpHost(outsider.url, 'modern', { elicitation: { form: {} } });
    try {
      const error = await rejectionOf(
        rawCall(
          stranger,
          'modern__sign',
          { document: 'lease' },
          {
            inputResponses: { name: { action: 'accept', content: { name: 'Ann' } } },
            requestState: asked.requestState,
          },
        ),
      );
      expect(error.code).toBe(-32602);
      expect(error.message).toMatch(/Invalid or expired requestState/);
    } finally {
      await stranger.close();
    }
  });

  it('needs the same process for a parked (session-era upstream) round: elsewhere it is refused clearly', async () => {
    const from = hits.length;
    const asked = await rawCall(client, 'legacy__elicit', { question: 'Who?' });
    const [key, request] = Object.entries(inputRequestsOf(asked))[0]!;
    expect(request.params.message).toBe('[legacy] Who?');
    const retry = () =>
      rawCall(
        client,
        'legacy__elicit',
        { question: 'Who?' },
        {
          inputResponses: { [key]: { action: 'accept', content: { answer: 'Bea' } } },
          requestState: asked.requestState,
        },
      );

    // The retry lands on the other process, where the upstream call is not open.
    const error = await rejectionOf(retry());
    expect(error.code).toBe(-32602);
    expect(error.message).toBe(
      'requestState refused: this requestState was already used, has expired, or was issued by another Gatehouse process',
    );

    // The next one lands on the process that parked the call: the round was left intact.
    const done = await retry();
    expect(JSON.parse(firstText(done))).toEqual({ action: 'accept', content: { answer: 'Bea' } });
    const [parkedAt, refusedAt, resumedAt] = servedBy(from);
    expect(refusedAt).not.toBe(parkedAt);
    expect(resumedAt).toBe(parkedAt);
  });
});
