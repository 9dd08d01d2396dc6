/**
 * The lean `tools/call` lane against a real session-era stdio server (the hand-rolled reply
 * server): every answer and every failure must be what the SDK path gives for the same call. The
 * SDK path is reached through the same connection by asking for progress (progress relaying
 * stays on the SDK client), so each pair differs in the lane alone; the server's record of request
 * ids shows which lane carried a call (the lean lane's ids are `gh-<n>` strings, the SDK's are
 * numbers).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ProtocolError } from '@modelcontextprotocol/client';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';

import type {
  RelayOptions,
  UpstreamHooks,
} from '../../../../src/operation/gateway/upstream/index.js';
import { CallClock, UpstreamConnection } from '../../../../src/operation/gateway/upstream/index.js';
import { StdioServerSchema } from '../../../../src/shared/config/schema.js';
import { REPO_ROOT } from '../../../helpers/paths.js';
import { useTempDir } from '../../../helpers/temp-dir.js';
import { waitFor } from '../bad-input/support.js';

type Json = Record<string, unknown>;

const REPLY_SERVER = path.join(REPO_ROOT, 'dist/fixtures/servers/reply-server.js');
const dir = useTempDir();

const HOOKS: UpstreamHooks = {
  onReady: () => undefined,
  onUnavailable: () => undefined,
  onCatalogChanged: () => undefined,
  onLogMessage: () => undefined,
  onResourceUpdated: () => undefined,
  onServerRequest: () => Promise.reject(new Error('not in these tests')),
};

const opened: UpstreamConnection[] = [];
afterAll(async () => {
  await Promise.all(opened.map((c) => c.stop()));
});

let count = 0;

/** A ready connection to a fresh reply server, what that server recorded, and the log. */
async function open(
  extra: Json = {},
): Promise<{ upstream: UpstreamConnection; events: () => Json[]; logs: Json[] }> {
  const logs: Json[] = [];
  const logger = pino(
    { base: undefined },
    { write: (line: string) => logs.push(JSON.parse(line)) },
  );
  const log = path.join(dir, `events-${++count}.jsonl`);
  const config = StdioServerSchema.parse({
    transport: 'stdio',
    command: process.execPath,
    args: [REPLY_SERVER],
    env: { REPLY_EVENT_LOG: log },
    protocol: 'legacy',
    ...extra,
  });
  const upstream = new UpstreamConnection('reply', config, {
    logger,
    hooks: HOOKS,
    defaultTimeoutMs: 10_000,
    clientInfo: { name: 'lean-call-test', version: '1.0.0' },
    backoff: { initialMs: 20, maxMs: 20, factor: 1, jitter: 0 },
  });
  opened.push(upstream);
  await upstream.start();
  expect(await upstream.whenReady(15_000)).toBe(true);
  const events = (): Json[] => {
    try {
      return readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Json);
    } catch {
      return [];
    }
  };
  return { upstream, events, logs };
}

const reply = (args: Json): Json => ({ name: 'reply', arguments: args });
const HANG = { name: 'hang', arguments: {} };

/** The same call on the lean lane (no progress asked) and on the SDK path (progress asked). */
const lean = (upstream: UpstreamConnection, params: Json, options: RelayOptions = {}) =>
  upstream.request('tools/call', params, options);
const sdk = (upstream: UpstreamConnection, params: Json, options: RelayOptions = {}) =>
  upstream.request('tools/call', params, { ...options, onprogress: () => undefined });

/** Everything a caller can see of an error (its class, code, message, data, and its cause's). */
function describeError(error: unknown): Json {
  if (!(error instanceof Error)) return { thrown: error };
  const fields = error as Error & { code?: unknown; data?: unknown };
  return {
    class: error.constructor.name,
    name: error.name,
    message: error.message,
    code: fields.code,
    data: fields.data,
    cause: error.cause === undefined ? undefined : describeError(error.cause),
  };
}

const failure = async (promise: Promise<unknown>): Promise<Json> => {
  try {
    await promise;
  } catch (error) {
    return describeError(error);
  }
  throw new Error('the call succeeded');
};

/** The ids of the `tools/call` requests the server received, in order. */
const callIds = (events: Json[]): unknown[] =>
  events.filter((e) => e.event === 'request' && e.method === 'tools/call').map((e) => e.id);

const cancelled = (events: () => Json[], requestId: unknown): Promise<Json> =>
  waitFor(
    () => events().find((e) => e.event === 'cancelled' && e.requestId === requestId),
    `cancellation of ${String(requestId)}`,
  );

describe('the lean tools/call lane', () => {
  it('answers every result shape as the SDK path does, on its own ids', async () => {
    const { upstream, events } = await open();
    const shapes: Json[] = [
      { content: [{ type: 'text', text: 'plain' }] },
      { content: [], structuredContent: { a: 1, b: [true, null] }, isError: true },
      { content: [{ type: 'text', text: 'meta' }], _meta: { 'example.com/trace': 'x' } },
      { resultType: 'complete', content: [{ type: 'text', text: 'typed' }] },
      { content: 'not an array', extra: { nested: [1, 2] } },
      {},
    ];
    for (const shape of shapes) {
      const viaLean = await lean(upstream, reply({ result: shape }));
      const viaSdk = await sdk(upstream, reply({ result: shape }));
      expect(viaLean).toEqual(viaSdk);
      const { resultType: _dropped, ...expected } = shape;
      expect(viaLean).toEqual(expected);
    }
    const ids = callIds(events());
    expect(ids).toHaveLength(shapes.length * 2);
    expect(ids.filter((_, i) => i % 2 === 0)).toEqual(shapes.map((_, i) => `gh-${i + 1}`));
    for (const id of ids.filter((_, i) => i % 2 === 1)) expect(typeof id).toBe('number');
  });

  it('fails with the same error as the SDK path for JSON-RPC errors and malformed answers', async () => {
    const { upstream } = await open();
    const answers: Json[] = [
      { error: { code: -32602, message: 'bad arguments', data: { field: 'x' } } },
      { error: { code: -32603, message: 'boom' } },
      { error: { code: 12345, message: 'custom', data: [1, 2] } },
      { result: 42 },
      { error: 'a string, not an error object' },
    ];
    for (const answer of answers) {
      const viaLean = await failure(lean(upstream, reply(answer)));
      expect(viaLean).toEqual(await failure(sdk(upstream, reply(answer))));
      expect(viaLean.class).toBe(ProtocolError.name);
    }
    // The connection carries on.
    expect(await lean(upstream, reply({ result: { ok: true } }))).toEqual({ ok: true });
  });

  it('times out as the SDK path does and tells the server to cancel', async () => {
    const { upstream, events } = await open({ timeoutMs: 300 });
    const viaLean = await failure(lean(upstream, HANG));
    const viaSdk = await failure(sdk(upstream, HANG));
    expect(viaLean).toEqual(viaSdk);
    expect(viaLean).toMatchObject({
      class: 'GatehouseError',
      code: 'UPSTREAM_TIMEOUT',
      message: 'Server "reply" did not answer tools/call within 300 ms',
    });
    const [leanId, sdkId] = callIds(events());
    expect(leanId).toBe('gh-1');
    const leanCancel = await cancelled(events, leanId);
    const sdkCancel = await cancelled(events, sdkId);
    expect(leanCancel.reason).toBe(sdkCancel.reason);
  });

  it('leaves a late answer to a timed-out call to the SDK, which reports it, and carries on', async () => {
    const { upstream, logs } = await open({ timeoutMs: 300 });
    expect(
      await failure(lean(upstream, reply({ result: { late: true }, delayMs: 600 }))),
    ).toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
    });
    const report = await waitFor(
      () => logs.find((r) => String(r.err).includes('unknown message ID')),
      'the late answer reported',
    );
    expect(String(report.err)).toContain('"gh-1"');
    expect(await lean(upstream, reply({ result: { next: 1 } }))).toEqual({ next: 1 });
  });

  it('runs on the caller’s clock when given one, as the SDK path does', async () => {
    const { upstream, events } = await open();
    const viaLean = await failure(
      lean(upstream, HANG, { clock: new CallClock(200), allowInputRequired: true }),
    );
    const viaSdk = await failure(
      sdk(upstream, HANG, { clock: new CallClock(200), allowInputRequired: true }),
    );
    expect(viaLean).toEqual(viaSdk);
    expect(viaLean.message).toBe('Server "reply" did not answer tools/call within 200 ms');
    const [leanId, sdkId] = callIds(events());
    expect((await cancelled(events, leanId)).reason).toBe((await cancelled(events, sdkId)).reason);
  });

  it('cancels at the server when the caller aborts, failing the same way', async () => {
    const { upstream, events } = await open();
    const outcomes: Json[] = [];
    for (const [index, call] of [lean, sdk].entries()) {
      const controller = new AbortController();
      const pending = failure(call(upstream, HANG, { signal: controller.signal }));
      await waitFor(() => callIds(events())[index], 'the call reaching the server');
      controller.abort('the host went away');
      outcomes.push(await pending);
    }
    expect(outcomes[0]).toEqual(outcomes[1]);
    const [leanId, sdkId] = callIds(events());
    expect((await cancelled(events, leanId)).reason).toBe('the host went away');
    expect((await cancelled(events, sdkId)).reason).toBe('the host went away');
  });

  it('sends nothing for a call whose caller aborted before it started', async () => {
    const { upstream, events } = await open();
    const signal = AbortSignal.abort('too late');
    expect(await failure(lean(upstream, HANG, { signal }))).toEqual(
      await failure(sdk(upstream, HANG, { signal })),
    );
    expect(await lean(upstream, reply({ result: { after: 1 } }))).toEqual({ after: 1 });
    expect(callIds(events())).toHaveLength(1);
  });

  it('fails every pending call at once when the server crashes, then serves the restarted one', async () => {
    const { upstream } = await open();
    const hanging = [failure(lean(upstream, HANG)), failure(lean(upstream, HANG))];
    const crashing = failure(lean(upstream, { name: 'crash', arguments: {} }));
    const outcomes = await Promise.all([...hanging, crashing]);
    const expected = {
      class: 'GatehouseError',
      code: 'UPSTREAM_UNAVAILABLE',
      message:
        'Server "reply" closed the connection before answering tools/call; it is being restarted',
    };
    for (const outcome of outcomes) expect(outcome).toMatchObject(expected);
    expect(await upstream.whenReady(15_000)).toBe(true);
    const viaSdk = await failure(sdk(upstream, { name: 'crash', arguments: {} }));
    expect(outcomes[0]).toEqual(viaSdk);
    expect(await upstream.whenReady(15_000)).toBe(true);
    expect(await lean(upstream, reply({ result: { back: true } }))).toEqual({ back: true });
  });

  it('fails a pending call as the SDK path does when the server writes an over-long line', async () => {
    const { upstream } = await open({ maxMessageBytes: 2048 });
    const long = reply({ result: { content: [{ type: 'text', text: 'x'.repeat(4096) }] } });
    const viaLean = await failure(lean(upstream, long));
    expect(viaLean).toMatchObject({ class: 'GatehouseError', code: 'UPSTREAM_UNAVAILABLE' });
    expect(await upstream.whenReady(15_000)).toBe(true);
    expect(viaLean).toEqual(await failure(sdk(upstream, long)));
  });

  it('keeps lean calls and SDK requests in flight together apart', async () => {
    const { upstream, events } = await open();
    const text = (value: string): Json => ({ content: [{ type: 'text', text: value }] });
    const results = await Promise.all([
      lean(upstream, reply({ result: text('one'), delayMs: 120 })),
      upstream.request('gatehouse-test/wait', { delayMs: 60 }),
      sdk(upstream, reply({ result: text('three'), delayMs: 90 })),
      lean(upstream, reply({ result: text('four') })),
      upstream.request('tools/list', { delayMs: 30 }),
    ]);
    expect(results[0]).toEqual(text('one'));
    expect(results[1]).toEqual({});
    expect(results[2]).toEqual(text('three'));
    expect(results[3]).toEqual(text('four'));
    expect((results[4].tools as unknown[]).length).toBe(3);
    const requests = events().filter((e) => e.event === 'request' && e.method !== 'initialize');
    const ids = requests.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(callIds(requests).filter((id) => typeof id === 'string')).toEqual(['gh-1', 'gh-2']);
  });
});
