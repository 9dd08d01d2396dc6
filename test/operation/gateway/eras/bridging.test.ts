/**
 * Every bridging direction end to end, through the real CLI, with SDK v2 hosts of both eras and
 * the two fixture servers behind one gateway; every answer is checked to have reached the server
 * that asked, and every request to have reached the host labelled with that server:
 *
 * (a) a 2026-07-28 host and a session-era server that pushes elicitation, sampling and roots
 *     requests mid-call (the gateway parks the call and answers `input_required`), two rounds in
 *     one call included;
 * (b) a 2026-07-28 host and a 2026-07-28 server answering `input_required` (passed through);
 * (c) a session-era host and a 2026-07-28 server (the requests are pushed to the host);
 * (d) progress in every combination of host and server era;
 * (e) a 2026-07-28 host abandoning a call cancels it at the server.
 */
import path from 'node:path';

import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GatehouseHttp } from '../../../helpers/gatehouse-process.js';
import { startGatehouseHttp, writeConfig } from '../../../helpers/gatehouse-process.js';
import { useTempDir } from '../../../helpers/temp-dir.js';
import type { Era, Json } from './support.js';
import {
  ALL_CAPABILITIES,
  eventsIn,
  firstText,
  httpHost,
  inputRequestsOf,
  modernServer,
  RAW_SERVER,
  rawCall,
  rejectionOf,
  scriptedServer,
  stdioHost,
  waitFor,
} from './support.js';

const dir = useTempDir();
const allowed = path.join(dir, 'allowed');
const rawEvents = path.join(dir, 'raw-events.jsonl');
const config = writeConfig(dir, {
  servers: {
    modern: modernServer('modern', { roots: [allowed] }),
    legacy: scriptedServer('legacy', { roots: [allowed] }),
    raw: {
      transport: 'stdio',
      command: process.execPath,
      args: [RAW_SERVER, '--name', 'raw'],
      env: { RAW_EVENT_LOG: rawEvents },
      sandbox: { write: [dir] },
      protocol: 'legacy',
    },
  },
});

/** The roots every host offers; each server is configured to see only the first. */
const HOST_ROOTS = [
  { uri: `file://${allowed}/project`, name: 'inside' },
  { uri: `file://${allowed}-sibling`, name: 'look-alike sibling' },
  { uri: 'file:///etc', name: 'outside' },
];
const VISIBLE_ROOT = `file://${allowed}/project`;

/** What a host saw of the requests relayed to it. */
interface Seen {
  readonly elicitations: Json[];
  readonly samplings: Json[];
  roots: number;
}

/** A host of `era` that answers every mid-call request and records what it was asked. */
async function answeringHost(url: string, era: Era): Promise<{ client: Client; seen: Seen }> {
  const client = await httpHost(url, era, ALL_CAPABILITIES);
  const seen: Seen = { elicitations: [], samplings: [], roots: 0 };
  client.setRequestHandler('elicitation/create', (request) => {
    const params = request.params as Json;
    seen.elicitations.push(params);
    // Answers every field the form asks for with "<era>-<field>".
    const schema = params.requestedSchema as { properties?: Json } | undefined;
    const content = Object.fromEntries(
      Object.keys(schema?.properties ?? {}).map((field) => [field, `${era}-${field}`]),
    );
    return { action: 'accept', content };
  });
  client.setRequestHandler('sampling/createMessage', (request) => {
    seen.samplings.push(request.params);
    return {
      role: 'assistant',
      model: `${era}-model`,
      content: { type: 'text', text: `${era} sampled` },
    };
  });
  client.setRequestHandler('roots/list', () => {
    seen.roots += 1;
    return { roots: HOST_ROOTS };
  });
  return { client, seen };
}

/**
 * Calls the raw server's `wait` (which never answers), aborts it once the server has it, and
 * waits for the server to record the cancellation of that very request.
 */
async function expectCancelledUpstream(client: Client): Promise<void> {
  const mark = eventsIn(rawEvents).length;
  const abort = new AbortController();
  const call = client.callTool({ name: 'raw__wait', arguments: {} }, { signal: abort.signal });
  const at = await waitFor(() => {
    const index = eventsIn(rawEvents).findIndex((e, i) => i >= mark && e.event === 'started');
    return index === -1 ? undefined : index;
  }, 'the call to reach the server');
  const requestId = eventsIn(rawEvents)[at]?.requestId;
  abort.abort();
  await rejectionOf(call);
  await waitFor(
    () =>
      eventsIn(rawEvents)
        .slice(at + 1)
        .find((e) => e.event === 'cancelled' && e.requestId === requestId),
    'the cancellation at the server',
  );
}

describe('bridging mid-call requests between the eras (gatehouse run --listen)', () => {
  let gateway: GatehouseHttp;
  let modern: { client: Client; seen: Seen };
  let legacy: { client: Client; seen: Seen };

  beforeAll(async () => {
    gateway = await startGatehouseHttp(config);
    modern = await answeringHost(gateway.url, 'modern');
    legacy = await answeringHost(gateway.url, 'legacy');
  });
  afterAll(async () => {
    await modern?.client.close();
    await legacy?.client.close();
    await gateway?.stop();
  });

  describe('(a) 2026-07-28 host, session-era server pushing requests', () => {
    it('relays an elicitation, labelled, and hands the answer back to the server', async () => {
      const result = await modern.client.callTool({
        name: 'legacy__elicit',
        arguments: { question: 'Name?' },
      });
      const asked = modern.seen.elicitations.at(-1);
      expect(asked?.message).toBe('[legacy] Name?');
      expect(asked?._meta).toMatchObject({ 'dev.gatehouse/server': 'legacy' });
      expect(JSON.parse(firstText(result))).toEqual({
        action: 'accept',
        content: { answer: 'modern-answer' },
      });
    });

    it('relays sampling, labelled, with includeContext downgraded to none', async () => {
      const asked = await rawCall(modern.client, 'legacy__sample', {
        prompt: 'Summarise',
        includeContext: 'allServers',
      });
      const [key, request] = Object.entries(inputRequestsOf(asked))[0]!;
      expect(request.method).toBe('sampling/createMessage');
      expect(request.params.includeContext).toBe('none');
      expect(request.params._meta).toMatchObject({ 'dev.gatehouse/server': 'legacy' });
      expect(request.params.messages).toEqual([
        { role: 'user', content: { type: 'text', text: 'Summarise' } },
      ]);
      const answer = { role: 'assistant', model: 'm1', content: { type: 'text', text: 'S1' } };
      const done = await rawCall(
        modern.client,
        'legacy__sample',
        { prompt: 'Summarise', includeContext: 'allServers' },
        { inputResponses: { [key]: answer }, requestState: asked.requestState },
      );
      expect(JSON.parse(firstText(done))).toEqual(answer);

      // The same through the SDK client's own input_required loop.
      const result = await modern.client.callTool({
        name: 'legacy__sample',
        arguments: { prompt: 'again', includeContext: 'thisServer' },
      });
      expect(modern.seen.samplings.at(-1)?.includeContext).toBe('none');
      expect(JSON.parse(firstText(result))).toMatchObject({
        model: 'modern-model',
        content: { type: 'text', text: 'modern sampled' },
      });
    });

    it('relays roots/list and shows the server only the roots its config allows', async () => {
      const before = modern.seen.roots;
      const result = await modern.client.callTool({ name: 'legacy__roots', arguments: {} });
      expect(modern.seen.roots).toBe(before + 1);
      expect(JSON.parse(firstText(result))).toEqual({
        roots: [{ uri: VISIBLE_ROOT, name: 'inside' }],
      });
    });

    it('carries two rounds of one call, each with its own input_required and handle', async () => {
      const first = await rawCall(modern.client, 'legacy__ask_twice');
      const [key1, request1] = Object.entries(inputRequestsOf(first))[0]!;
      expect(request1.method).toBe('elicitation/create');
      expect(request1.params.message).toBe('[legacy] First question?');

      const second = await rawCall(
        modern.client,
        'legacy__ask_twice',
        {},
        {
          inputResponses: { [key1]: { action: 'accept', content: { answer: 'one' } } },
          requestState: first.requestState,
        },
      );
      const [key2, request2] = Object.entries(inputRequestsOf(second))[0]!;
      expect(request2.params.message).toBe('[legacy] Second question?');
      expect(second.requestState).not.toBe(first.requestState);

      const done = await rawCall(
        modern.client,
        'legacy__ask_twice',
        {},
        {
          inputResponses: { [key2]: { action: 'accept', content: { answer: 'two' } } },
          requestState: second.requestState,
        },
      );
      expect(done.resultType).not.toBe('input_required');
      expect(JSON.parse(firstText(done))).toEqual([
        { action: 'accept', content: { answer: 'one' } },
        { action: 'accept', content: { answer: 'two' } },
      ]);
    });

    it("lets the SDK client's own input_required loop answer both rounds of one call", async () => {
      const before = modern.seen.elicitations.length;
      const result = await modern.client.callTool({ name: 'legacy__ask_twice', arguments: {} });
      expect(modern.seen.elicitations.slice(before).map((e) => e.message)).toEqual([
        '[legacy] First question?',
        '[legacy] Second question?',
      ]);
      expect(JSON.parse(firstText(result))).toEqual([
        { action: 'accept', content: { answer: 'modern-answer' } },
        { action: 'accept', content: { answer: 'modern-answer' } },
      ]);
    });
  });

  describe("(b) 2026-07-28 host, 2026-07-28 server's input_required passed through", () => {
    it('passes the elicitation through labelled; a round without server state needs no handle', async () => {
      const asked = await rawCall(modern.client, 'modern__ask', { question: 'Name?' });
      const request = inputRequestsOf(asked).name;
      expect(request?.method).toBe('elicitation/create');
      expect(request?.params.message).toBe('[modern] Name?');
      expect(request?.params._meta).toMatchObject({ 'dev.gatehouse/server': 'modern' });
      // The server kept no state, so the gateway adds none: the retry carries only answers.
      expect(asked.requestState).toBeUndefined();

      const done = await rawCall(
        modern.client,
        'modern__ask',
        { question: 'Name?' },
        { inputResponses: { name: { action: 'accept', content: { name: 'Ann' } } } },
      );
      expect(firstText(done)).toBe('hello Ann');
    });

    it("seals the server's own requestState in a gateway handle, and the retry reaches the server", async () => {
      const asked = await rawCall(modern.client, 'modern__sign', { document: 'lease' });
      expect(inputRequestsOf(asked).name?.params.message).toBe('[modern] Who signs lease?');
      expect(typeof asked.requestState).toBe('string');

      const done = await rawCall(
        modern.client,
        'modern__sign',
        { document: 'lease' },
        {
          inputResponses: { name: { action: 'accept', content: { name: 'Ann' } } },
          requestState: asked.requestState,
        },
      );
      expect(firstText(done)).toBe('lease signed by Ann');
    });

    it("answers the SDK client's own loop for elicitation, sampling and roots (filtered)", async () => {
      const ask = await modern.client.callTool({
        name: 'modern__ask',
        arguments: { question: 'Who?' },
      });
      expect(modern.seen.elicitations.at(-1)?.message).toBe('[modern] Who?');
      expect(firstText(ask)).toBe('hello modern-name');

      // (The SDK client hands sampling params to its handler without `_meta`; the label is
      // checked on the raw result below.)
      const sample = await modern.client.callTool({
        name: 'modern__sample',
        arguments: { prompt: 'p' },
      });
      expect(firstText(sample)).toBe('sampled: {"type":"text","text":"modern sampled"}');
      const raw = await rawCall(modern.client, 'modern__sample', { prompt: 'p' });
      expect(inputRequestsOf(raw).llm?.params._meta).toMatchObject({
        'dev.gatehouse/server': 'modern',
      });

      const roots = await modern.client.callTool({ name: 'modern__roots', arguments: {} });
      expect(JSON.parse(firstText(roots))).toEqual([VISIBLE_ROOT]);
    });
  });

  describe('(c) session-era host, 2026-07-28 server asking for input', () => {
    it('pushes the elicitation to the host, labelled, and sends its answer back as the retry', async () => {
      const result = await legacy.client.callTool({
        name: 'modern__ask',
        arguments: { question: 'Name?' },
      });
      const asked = legacy.seen.elicitations.at(-1);
      expect(asked?.message).toBe('[modern] Name?');
      expect(asked?._meta).toMatchObject({ 'dev.gatehouse/server': 'modern' });
      expect(firstText(result)).toBe('hello legacy-name');
    });

    it('pushes sampling and roots/list, with roots filtered for the server', async () => {
      const sample = await legacy.client.callTool({
        name: 'modern__sample',
        arguments: { prompt: 'p' },
      });
      expect(legacy.seen.samplings.at(-1)?._meta).toMatchObject({
        'dev.gatehouse/server': 'modern',
      });
      expect(firstText(sample)).toBe('sampled: {"type":"text","text":"legacy sampled"}');

      const before = legacy.seen.roots;
      const roots = await legacy.client.callTool({ name: 'modern__roots', arguments: {} });
      expect(legacy.seen.roots).toBeGreaterThan(before);
      expect(JSON.parse(firstText(roots))).toEqual([VISIBLE_ROOT]);
    });
  });

  describe('(d) progress', () => {
    it.each([
      ['modern', 'modern'],
      ['modern', 'legacy'],
      ['legacy', 'modern'],
      ['legacy', 'legacy'],
    ] as const)(
      'reaches a %s-era host from the %s server, every step, before the result',
      async (era, server) => {
        const host = era === 'modern' ? modern.client : legacy.client;
        const steps: { progress: number; total?: number }[] = [];
        const result = await host.callTool(
          { name: `${server}__progress`, arguments: {} },
          { onprogress: ({ progress, total }) => steps.push({ progress, total }) },
        );
        expect(firstText(result)).toBe('done');
        expect(steps).toEqual([
          { progress: 1, total: 3 },
          { progress: 2, total: 3 },
          { progress: 3, total: 3 },
        ]);
      },
    );
  });

  describe('(e) cancellation', () => {
    it('cancels the call at the server when a 2026-07-28 host aborts it (closing its stream)', async () => {
      await expectCancelledUpstream(modern.client);
    });
  });
});

describe('bridging on stdio (gatehouse run --stdio, a 2026-07-28 host)', () => {
  let client: Client;

  beforeAll(async () => {
    client = await stdioHost(config, 'modern', ALL_CAPABILITIES);
    client.setRequestHandler('elicitation/create', () => ({
      action: 'accept',
      content: { answer: 'stdio' },
    }));
  });
  afterAll(async () => {
    await client?.close();
  });

  it('parks a session-era server call for two rounds and resumes it', async () => {
    const result = await client.callTool({ name: 'legacy__ask_twice', arguments: {} });
    expect(JSON.parse(firstText(result))).toEqual([
      { action: 'accept', content: { answer: 'stdio' } },
      { action: 'accept', content: { answer: 'stdio' } },
    ]);
  });

  it('cancels the call at the server when the host aborts it', async () => {
    await expectCancelledUpstream(client);
  });
});
