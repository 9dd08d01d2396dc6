/**
 * What flows beside calls, carried across the eras: log messages (a 2026-07-28 host's per-request
 * level and a session-era host's `logging/setLevel`, to and from servers of both eras, filtered
 * by level and labelled with the server), trace context in `_meta`, resource updates (a
 * 2026-07-28 host following resources on its `subscriptions/listen` stream, a session-era host
 * with `resources/subscribe`), the upstream subscription released when the follower goes, and
 * `list_changed` from servers of both eras reaching hosts of both eras.
 */
import path from 'node:path';

import type { Client, McpSubscription } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GatehouseHttp } from '../../../helpers/gatehouse-process.js';
import { startGatehouseHttp, writeConfig } from '../../../helpers/gatehouse-process.js';
import { useTempDir } from '../../../helpers/temp-dir.js';
import type { Era, Json } from './support.js';
import {
  eventsIn,
  firstText,
  httpHost,
  modernServer,
  rawCall,
  scriptedServer,
  stdioHost,
  waitFor,
} from './support.js';

const dir = useTempDir();
const events = path.join(dir, 'scripted-events.jsonl');
const config = writeConfig(dir, {
  servers: {
    // These servers add tools on purpose to show list_changed crossing eras: pinning (which would
    // quarantine the new tools) is off for them here and tested on its own in test/operation/pins.
    modern: modernServer('modern', { pins: false }),
    legacy: scriptedServer('legacy', {
      env: { SCRIPTED_EVENT_LOG: events },
      sandbox: { write: [path.dirname(events)] },
      pins: false,
    }),
  },
});

const LOG_LEVEL = 'io.modelcontextprotocol/logLevel';
const COUNTERS = ['gatehouse://modern/fixture://counter', 'gatehouse://legacy/fixture://counter'];

/** Everything a host was sent outside of answers. */
interface Inbox {
  readonly logs: Json[];
  readonly updates: string[];
  toolsChanged: number;
}

function listenTo(client: Client): Inbox {
  const inbox: Inbox = { logs: [], updates: [], toolsChanged: 0 };
  client.setNotificationHandler('notifications/message', (n) => {
    inbox.logs.push(n.params);
  });
  client.setNotificationHandler('notifications/resources/updated', (n) => {
    inbox.updates.push(n.params.uri);
  });
  client.setNotificationHandler('notifications/tools/list_changed', () => {
    inbox.toolsChanged += 1;
  });
  return inbox;
}

/** Touches both fixtures' counter resource (through any host). */
async function touchBoth(client: Client): Promise<void> {
  await client.callTool({ name: 'modern__touch', arguments: {} });
  await client.callTool({ name: 'legacy__touch', arguments: { uri: 'fixture://counter' } });
}

const unsubscribedAtLegacy = (mark: number): Promise<Json> =>
  waitFor(
    () =>
      eventsIn(events)
        .slice(mark)
        .find((e) => e.event === 'unsubscribe' && e.uri === 'fixture://counter'),
    'the session-era server to see the unsubscribe',
  );

describe('notifications across the eras (gatehouse run --listen)', () => {
  let gateway: GatehouseHttp;
  const hosts: Partial<Record<Era, Client>> = {};
  const inbox: Partial<Record<Era, Inbox>> = {};
  const host = (era: Era): Client => hosts[era]!;
  const box = (era: Era): Inbox => inbox[era]!;

  beforeAll(async () => {
    gateway = await startGatehouseHttp(config);
    for (const era of ['modern', 'legacy'] as const) {
      hosts[era] = await httpHost(gateway.url, era);
      inbox[era] = listenTo(hosts[era]);
    }
  });
  afterAll(async () => {
    await hosts.modern?.close();
    await hosts.legacy?.close();
    await gateway?.stop();
  });

  /** The log texts `era`'s host got from `server` since `mark`, once `last` has arrived. */
  const logsFrom = async (era: Era, server: string, mark: number, last: string) => {
    const from = (): Json[] =>
      box(era)
        .logs.slice(mark)
        .filter((l) => (l._meta as Json | undefined)?.['dev.gatehouse/server'] === server);
    await waitFor(() => (from().some((l) => l.data === last) ? true : undefined), last);
    return from().map((l) => `${String(l.level)}: ${String(l.data)}`);
  };

  describe('log levels', () => {
    it.each([
      ['modern', 'info', ['info: info from modern', 'error: error from modern']],
      ['legacy', 'warning', ['warning: warning from legacy', 'error: error from legacy']],
    ] as const)(
      "gives a 2026-07-28 host the %s server's messages at its per-request level (%s) and above, labelled",
      async (server, level, expected) => {
        const mark = box('modern').logs.length;
        await rawCall(host('modern'), `${server}__log`, {}, { _meta: { [LOG_LEVEL]: level } });
        expect(await logsFrom('modern', server, mark, `error from ${server}`)).toEqual(expected);
        expect(box('modern').logs.length - mark).toBe(expected.length);
      },
    );

    it.each(['modern', 'legacy'])(
      'gives a 2026-07-28 host no messages from the %s server on a request without a level',
      async (server) => {
        const mark = box('modern').logs.length;
        await rawCall(host('modern'), `${server}__log`);
        // A second call that asks only for errors: whatever the first one got arrived before.
        await rawCall(host('modern'), `${server}__log`, {}, { _meta: { [LOG_LEVEL]: 'error' } });
        expect(await logsFrom('modern', server, mark, `error from ${server}`)).toEqual([
          `error: error from ${server}`,
        ]);
      },
    );

    it("raises a session-era server's level for a 2026-07-28 request that asks for more", async () => {
      const mark = box('modern').logs.length;
      await rawCall(host('modern'), 'legacy__log', {}, { _meta: { [LOG_LEVEL]: 'debug' } });
      await waitFor(
        () =>
          eventsIn(events).find(
            (e) => e.event === 'setLevel' && e.server === 'legacy' && e.level === 'debug',
          ),
        'setLevel debug at the session-era server',
      );
      expect(await logsFrom('modern', 'legacy', mark, 'error from legacy')).toEqual([
        'debug: debug from legacy',
        'info: info from legacy',
        'warning: warning from legacy',
        'error: error from legacy',
      ]);
    });

    it("applies a session-era host's logging/setLevel to servers of both eras", async () => {
      await host('legacy').setLoggingLevel('warning');
      // The session-era server is set at least as verbose as warning (levels are only raised: the
      // server is shared, and each caller's messages are filtered on the way down); the
      // 2026-07-28 one gets the level with each request.
      const verbose = ['debug', 'info', 'notice', 'warning'];
      await waitFor(
        () =>
          eventsIn(events).find(
            (e) =>
              e.event === 'setLevel' && e.server === 'legacy' && verbose.includes(String(e.level)),
          ),
        'setLevel at the session-era server',
      );
      const mark = box('legacy').logs.length;
      await host('legacy').callTool({ name: 'modern__log', arguments: {} });
      expect(await logsFrom('legacy', 'modern', mark, 'error from modern')).toEqual([
        'error: error from modern',
      ]);
      const next = box('legacy').logs.length;
      await host('legacy').callTool({ name: 'legacy__log', arguments: {} });
      expect(await logsFrom('legacy', 'legacy', next, 'error from legacy')).toEqual([
        'warning: warning from legacy',
        'error: error from legacy',
      ]);
      expect(
        box('legacy')
          .logs.slice(mark)
          .map((l) => l._meta),
      ).not.toContainEqual(undefined);
    });
  });

  describe('trace context', () => {
    const trace = {
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      tracestate: 'gatehouse=t61rcWkgMzE',
      baggage: 'tenant=acme',
    };

    it.each([
      ['modern', 'modern'],
      ['modern', 'legacy'],
      ['legacy', 'modern'],
      ['legacy', 'legacy'],
    ] as const)(
      'carries traceparent, tracestate and baggage from a %s-era host to the %s server unchanged',
      async (era, server) => {
        const result = await rawCall(host(era), `${server}__trace`, {}, { _meta: trace });
        expect(JSON.parse(firstText(result))).toEqual(trace);
      },
    );
  });

  describe('resource updates', () => {
    let listen: McpSubscription | undefined;
    afterAll(async () => {
      await listen?.close();
    });

    it('reach a 2026-07-28 host following resources of both servers on its listen stream', async () => {
      const subscribeMark = eventsIn(events).length;
      listen = await host('modern').listen({ resourceSubscriptions: COUNTERS });
      expect(listen.honoredFilter.resourceSubscriptions).toEqual(COUNTERS);
      // Following a session-era server's resource subscribes to it there.
      expect(
        eventsIn(events)
          .slice(subscribeMark)
          .filter((e) => e.event === 'subscribe')
          .map((e) => e.uri),
      ).toEqual(['fixture://counter']);

      const mark = box('modern').updates.length;
      await touchBoth(host('legacy'));
      await waitFor(
        () => (box('modern').updates.length - mark >= 2 ? true : undefined),
        'both updates at the 2026-07-28 host',
      );
      expect(box('modern').updates.slice(mark).sort()).toEqual([...COUNTERS].sort());
    });

    it('releases the upstream subscription when the listen stream closes', async () => {
      const mark = eventsIn(events).length;
      await listen?.close();
      expect(await listen?.closed).toBe('local');
      listen = undefined;
      await unsubscribedAtLegacy(mark);
    });

    it('reach a session-era host subscribed with resources/subscribe, until it unsubscribes', async () => {
      for (const uri of COUNTERS) await host('legacy').subscribeResource({ uri });
      const mark = box('legacy').updates.length;
      await touchBoth(host('modern'));
      await waitFor(
        () => (box('legacy').updates.length - mark >= 2 ? true : undefined),
        'both updates at the session-era host',
      );
      expect(box('legacy').updates.slice(mark).sort()).toEqual([...COUNTERS].sort());

      const unsubscribeMark = eventsIn(events).length;
      for (const uri of COUNTERS) await host('legacy').unsubscribeResource({ uri });
      await unsubscribedAtLegacy(unsubscribeMark);
    });
  });

  describe('list_changed', () => {
    let listen: McpSubscription | undefined;
    beforeAll(async () => {
      listen = await host('modern').listen({ toolsListChanged: true });
    });
    afterAll(async () => {
      await listen?.close();
    });

    it.each([
      ['modern', 'from_modern'],
      ['legacy', 'from_legacy'],
    ] as const)(
      'reaches hosts of both eras when the %s server adds a tool',
      async (server, tool) => {
        const before = { modern: box('modern').toolsChanged, legacy: box('legacy').toolsChanged };
        await host('legacy').callTool({ name: `${server}__add_tool`, arguments: { name: tool } });
        for (const era of ['modern', 'legacy'] as const) {
          await waitFor(
            () => (box(era).toolsChanged > before[era] ? true : undefined),
            `tools/list_changed at the ${era}-era host`,
          );
          const { tools } = await host(era).listTools();
          expect(tools.map((t) => t.name)).toContain(`${server}__${tool}`);
        }
      },
    );
  });
});

describe('a 2026-07-28 host on stdio (gatehouse run --stdio)', () => {
  let client: Client;
  let inbox: Inbox;

  beforeAll(async () => {
    client = await stdioHost(config, 'modern');
    inbox = listenTo(client);
  });
  afterAll(async () => {
    await client?.close();
  });

  it('follows resources of both servers while its listen stream is open', async () => {
    const listen = await client.listen({ resourceSubscriptions: COUNTERS });
    await touchBoth(client);
    await waitFor(
      () => (inbox.updates.length >= 2 ? true : undefined),
      'both updates at the stdio host',
    );
    expect([...inbox.updates].sort()).toEqual([...COUNTERS].sort());

    const mark = eventsIn(events).length;
    await listen.close();
    await unsubscribedAtLegacy(mark);
  });

  it('gets list_changed from servers of both eras on its listen stream', async () => {
    const listen = await client.listen({ toolsListChanged: true });
    try {
      for (const server of ['modern', 'legacy']) {
        const before = inbox.toolsChanged;
        await client.callTool({ name: `${server}__add_tool`, arguments: { name: 'on_stdio' } });
        await waitFor(
          () => (inbox.toolsChanged > before ? true : undefined),
          `tools/list_changed after ${server} added a tool`,
        );
        const { tools } = await client.listTools();
        expect(tools.map((t) => t.name)).toContain(`${server}__on_stdio`);
      }
    } finally {
      await listen.close();
    }
  });
});
