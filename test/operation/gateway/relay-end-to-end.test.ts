/**
 * End to end through the real CLI on stdio: two scripted servers behind one gateway, an SDK v2
 * client as the host. Everything an upstream sends mid-call must reach this host, labelled and
 * routed; everything the host sends must reach the right upstream.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { connectStdio, writeConfig } from '../../helpers/gatehouse-process.js';
import { SCRIPTED_SERVER } from '../../helpers/paths.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const dir = useTempDir();
const eventLog = path.join(dir, 'events.jsonl');
const allowed = path.join(dir, 'allowed');

const events = (): Record<string, unknown>[] => {
  try {
    return readFileSync(eventLog, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  } catch {
    return [];
  }
};

const waitFor = async (predicate: () => boolean, what: string): Promise<void> => {
  const deadline = Date.now() + 10_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('relaying through gatehouse run --stdio', () => {
  let client: Client;
  const elicitations: Record<string, unknown>[] = [];
  const samplings: Record<string, unknown>[] = [];
  const toolListChanges: number[] = [];
  const updates: string[] = [];
  const logs: Record<string, unknown>[] = [];

  beforeAll(async () => {
    // `add_tool` adds tools on purpose to show list_changed followed live: pinning (which would
    // quarantine them) is off here and tested on its own in test/operation/pins.
    const server = (name: string, extra: Record<string, unknown> = {}) => ({
      transport: 'stdio',
      command: process.execPath,
      args: [SCRIPTED_SERVER, '--name', name],
      env: { SCRIPTED_EVENT_LOG: eventLog },
      sandbox: { write: [path.dirname(eventLog)] },
      pins: false,
      ...extra,
    });
    const config = writeConfig(dir, {
      servers: {
        alpha: server('alpha', { roots: [allowed] }),
        beta: server('beta', { args: [SCRIPTED_SERVER, '--name', 'beta', '--page-size', '2'] }),
      },
    });
    ({ client } = await connectStdio(config, {
      elicitation: { form: {} },
      sampling: {},
      roots: { listChanged: true },
    }));
    client.setRequestHandler('elicitation/create', (request) => {
      elicitations.push(request.params);
      return { action: 'accept', content: { answer: 'forty-two' } };
    });
    client.setRequestHandler('sampling/createMessage', (request) => {
      samplings.push(request.params);
      return { role: 'assistant', content: { type: 'text', text: 'sampled' }, model: 'test-model' };
    });
    client.setRequestHandler('roots/list', () => ({
      roots: [
        { uri: `file://${allowed}/project`, name: 'inside' },
        { uri: `file://${allowed}-sibling`, name: 'look-alike sibling' },
        { uri: 'file:///etc', name: 'outside' },
      ],
    }));
    client.setNotificationHandler('notifications/tools/list_changed', () => {
      toolListChanges.push(Date.now());
    });
    client.setNotificationHandler('notifications/resources/updated', (n) => {
      updates.push(String(n.params.uri));
    });
    client.setNotificationHandler('notifications/message', (n) => {
      logs.push(n.params);
    });
  });

  afterAll(async () => {
    await client?.close();
  });

  it('lists every tool of every server under prefix__name, across all pages', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toContain('alpha__echo');
    expect(names).toContain('beta__echo');
    // beta pages its tools two at a time; all of them must arrive.
    expect(names.filter((n) => n.startsWith('beta__'))).toHaveLength(
      names.filter((n) => n.startsWith('alpha__')).length,
    );
  });

  it('routes each call to the server its prefix names', async () => {
    const a = await client.callTool({ name: 'alpha__echo', arguments: { message: 'x' } });
    const b = await client.callTool({ name: 'beta__echo', arguments: { message: 'y' } });
    expect(a.content).toEqual([{ type: 'text', text: 'alpha: x' }]);
    expect(b.content).toEqual([{ type: 'text', text: 'beta: y' }]);
  });

  it('rewrites resource links and embedded resources so they route back to their server', async () => {
    const result = await client.callTool({ name: 'beta__link', arguments: {} });
    const content = result.content as { type: string; uri?: string; resource?: { uri: string } }[];
    expect(content[0]?.uri).toBe('gatehouse://beta/fixture://a');
    expect(content[1]?.resource?.uri).toBe('gatehouse://beta/fixture://item/7');
    const read = await client.readResource({ uri: content[1]!.resource!.uri });
    expect(read.contents[0]).toMatchObject({
      uri: 'gatehouse://beta/fixture://item/7',
      text: 'beta:fixture://item/7',
    });
  });

  it('namespaces resources, templates and prompt messages by server', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(
      expect.arrayContaining(['gatehouse://alpha/fixture://a', 'gatehouse://beta/fixture://a']),
    );
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toContain(
      'gatehouse://alpha/fixture://item/{id}',
    );
    const read = await client.readResource({ uri: 'gatehouse://alpha/fixture://a' });
    expect(read.contents[0]).toMatchObject({ text: 'alpha:fixture://a' });
    const prompt = await client.getPrompt({ name: 'beta__greet', arguments: { who: 'ann' } });
    expect(prompt.messages[0]?.content).toEqual({ type: 'text', text: 'Hello ann from beta' });
    expect(prompt.messages[1]?.content).toMatchObject({
      resource: { uri: 'gatehouse://beta/fixture://a' },
    });
  });

  it('relays progress with the host progress token', async () => {
    const seen: { progress: number; total?: number }[] = [];
    await client.callTool(
      { name: 'alpha__progress', arguments: { steps: 3 } },
      { onprogress: (p) => seen.push(p) },
    );
    expect(seen.map((p) => p.progress)).toEqual([1, 2, 3]);
    expect(seen[0]?.total).toBe(3);
  });

  it('relays log messages at or above the level the host chose, labelled with the server', async () => {
    await client.setLoggingLevel('info');
    await waitFor(
      () => events().some((e) => e.event === 'setLevel' && e.server === 'alpha'),
      'setLevel at alpha',
    );
    logs.length = 0;
    await client.callTool({ name: 'alpha__log', arguments: {} });
    await waitFor(() => logs.length >= 3, 'log messages');
    expect(logs.map((l) => l.level)).toEqual(['info', 'warning', 'error']);
    expect(logs[0]?._meta).toMatchObject({ 'dev.gatehouse/server': 'alpha' });
  });

  it('forwards cancellation to the upstream', async () => {
    const controller = new AbortController();
    const call = client.callTool(
      { name: 'beta__slow', arguments: { ms: 20_000 } },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 200);
    await expect(call).rejects.toThrow();
    await waitFor(
      () => events().some((e) => e.event === 'cancelled' && e.server === 'beta'),
      'cancellation at beta',
    );
  });

  it('relays elicitation to the caller, labelled with the server that asks', async () => {
    const result = await client.callTool({
      name: 'alpha__elicit',
      arguments: { question: 'Name?' },
    });
    expect(elicitations.at(-1)?.message).toBe('[alpha] Name?');
    expect(elicitations.at(-1)?._meta).toMatchObject({ 'dev.gatehouse/server': 'alpha' });
    expect(JSON.parse((result.content as { text: string }[])[0]!.text)).toEqual({
      action: 'accept',
      content: { answer: 'forty-two' },
    });
  });

  it("relays sampling but downgrades includeContext so no server sees another one's context", async () => {
    for (const includeContext of ['allServers', 'thisServer']) {
      const result = await client.callTool({
        name: 'beta__sample',
        arguments: { prompt: 'p', includeContext },
      });
      expect(samplings.at(-1)?.includeContext).toBe('none');
      expect(samplings.at(-1)?._meta).toMatchObject({ 'dev.gatehouse/server': 'beta' });
      expect((result.content as { text: string }[])[0]!.text).toContain('sampled');
    }
  });

  it('shows a server only the roots inside its allowed folders', async () => {
    const alpha = await client.callTool({ name: 'alpha__roots', arguments: {} });
    const alphaRoots = JSON.parse((alpha.content as { text: string }[])[0]!.text).roots as {
      name: string;
    }[];
    expect(alphaRoots.map((r) => r.name)).toEqual(['inside']);
    const beta = await client.callTool({ name: 'beta__roots', arguments: {} });
    const betaRoots = JSON.parse((beta.content as { text: string }[])[0]!.text).roots as {
      name: string;
    }[];
    expect(betaRoots).toHaveLength(3);
  });

  it('follows list_changed live and tells the host', async () => {
    const before = toolListChanges.length;
    await client.callTool({ name: 'alpha__add_tool', arguments: { name: 'fresh' } });
    await waitFor(() => toolListChanges.length > before, 'tools/list_changed');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('alpha__fresh');
  });

  it('delivers resource updates to subscribers with the public URI, once per subject upstream', async () => {
    await client.subscribeResource({ uri: 'gatehouse://beta/fixture://counter' });
    await waitFor(
      () =>
        events().some(
          (e) => e.event === 'subscribe' && e.server === 'beta' && e.uri === 'fixture://counter',
        ),
      'subscribe at beta',
    );
    await client.callTool({ name: 'beta__touch', arguments: { uri: 'fixture://counter' } });
    await waitFor(
      () => updates.includes('gatehouse://beta/fixture://counter'),
      'resources/updated',
    );
    await client.unsubscribeResource({ uri: 'gatehouse://beta/fixture://counter' });
    await waitFor(
      () => events().some((e) => e.event === 'unsubscribe' && e.server === 'beta'),
      'unsubscribe at beta',
    );
  });

  it('routes completions by prompt name', async () => {
    const result = await client.complete({
      ref: { type: 'ref/prompt', name: 'alpha__greet' },
      argument: { name: 'who', value: 'an' },
    });
    expect(result.completion.values).toEqual(['an-1', 'an-2']);
  });

  it("combines the servers' instructions under headings that name them", () => {
    const instructions = client.getInstructions() ?? '';
    expect(instructions).toContain('Server "alpha"');
    expect(instructions).toContain('The beta test server.');
  });
});
