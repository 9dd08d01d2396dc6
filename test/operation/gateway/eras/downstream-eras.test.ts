/**
 * Hosts of both protocol eras on the same gateway: a 2026-07-28 host and a session-era host side
 * by side on one HTTP endpoint (and, separately, on stdio), each listing and calling the tools of
 * a 2026-07-28 upstream and a session-era upstream. On HTTP, the 2026-07-28 rules of the endpoint
 * itself: headers that disagree with the body are refused (400, HeaderMismatch -32020), and GET
 * and DELETE are 405 without a session but keep their session-era meaning with one.
 */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GatehouseHttp } from '../../../helpers/gatehouse-process.js';
import { startGatehouseHttp, writeConfig } from '../../../helpers/gatehouse-process.js';
import { useTempDir } from '../../../helpers/temp-dir.js';
import type { Era, Json } from './support.js';
import {
  firstText,
  httpHost,
  modernServer,
  scriptedServer,
  stdioHost,
  waitForLog,
} from './support.js';

const dir = useTempDir();
const config = writeConfig(dir, {
  servers: { modern: modernServer('modern'), legacy: scriptedServer('legacy') },
});

const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw-host', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};
const JSON_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

/** Both hosts, listing and calling tools of both upstreams, concurrently. */
const sideBySide = (hosts: () => Record<Era, Client>) => {
  it('negotiates 2026-07-28 with one host and the session era with the other', () => {
    const { modern, legacy } = hosts();
    expect(modern.getProtocolEra()).toBe('modern');
    expect(modern.getNegotiatedProtocolVersion()).toBe('2026-07-28');
    expect(legacy.getProtocolEra()).toBe('legacy');
    expect(legacy.getNegotiatedProtocolVersion()).toBe('2025-11-25');
  });

  it('lists the tools of both upstreams to both hosts, identically', async () => {
    const { modern, legacy } = hosts();
    const [a, b] = await Promise.all([modern.listTools(), legacy.listTools()]);
    const names = a.tools.map((t) => t.name).sort();
    expect(names).toContain('modern__echo');
    expect(names).toContain('modern__ask');
    expect(names).toContain('legacy__echo');
    expect(names).toContain('legacy__elicit');
    expect(b.tools.map((t) => t.name).sort()).toEqual(names);
  });

  it('calls tools of both upstreams from both hosts at once, each answered by its server', async () => {
    const { modern, legacy } = hosts();
    const calls = (['modern', 'legacy'] as const).flatMap((era) =>
      (['modern', 'legacy'] as const).map(async (server) => {
        const host = era === 'modern' ? modern : legacy;
        const result = await host.callTool({
          name: `${server}__echo`,
          arguments: { message: `from ${era}` },
        });
        return `${era} -> ${firstText(result)}`;
      }),
    );
    // The 2026-07-28 fixture says which era it served: the gateway speaks 2026-07-28 to it
    // whichever era the host speaks.
    expect(await Promise.all(calls)).toEqual([
      'modern -> modern/modern: from modern',
      'modern -> legacy: from modern',
      'legacy -> modern/modern: from legacy',
      'legacy -> legacy: from legacy',
    ]);
  });
};

describe('gatehouse run --listen: hosts of both eras on one /mcp endpoint', () => {
  let gateway: GatehouseHttp;
  const clients: Partial<Record<Era, Client>> = {};

  beforeAll(async () => {
    gateway = await startGatehouseHttp(config);
    clients.modern = await httpHost(gateway.url, 'modern');
    clients.legacy = await httpHost(gateway.url, 'legacy');
  });
  afterAll(async () => {
    await clients.modern?.close();
    await clients.legacy?.close();
    await gateway?.stop();
  });

  sideBySide(() => clients as Record<Era, Client>);

  describe('headers that disagree with the body', () => {
    const call = { jsonrpc: '2.0', id: 7, method: 'tools/call' };
    const post = (headers: Record<string, string>, body: Json) =>
      fetch(gateway.url, {
        method: 'POST',
        headers: { ...JSON_HEADERS, ...headers },
        body: JSON.stringify(body),
      });
    const body = (name = 'legacy__echo') => ({
      ...call,
      params: { name, arguments: { message: 'raw' }, _meta: ENVELOPE },
    });
    const agreeing = {
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': 'legacy__echo',
    };

    it.each([
      [
        'MCP-Protocol-Version names another revision than the _meta envelope',
        { 'mcp-protocol-version': '2025-11-25' },
        '2025-11-25',
        /body envelope names protocol version 2026-07-28 but the MCP-Protocol-Version header names 2025-11-25/,
      ],
      [
        'Mcp-Method names another method than the body',
        { 'mcp-method': 'tools/list' },
        'tools/list',
        /body names method tools\/call but the Mcp-Method header names tools\/list/,
      ],
      [
        'Mcp-Name names another tool than the body',
        { 'mcp-name': 'modern__echo' },
        'modern__echo',
        /params\.name="legacy__echo" but the Mcp-Name header names "modern__echo"/,
      ],
    ])(
      'refuses a request whose %s with 400 and HeaderMismatch (-32020)',
      async (_, wrong, header, message) => {
        const response = await post({ ...agreeing, ...wrong }, body());
        expect(response.status).toBe(400);
        const answer = (await response.json()) as {
          error: { code: number; message: string; data: { mismatch: { header: string } } };
        };
        expect(answer.error.code).toBe(-32020);
        expect(answer.error.message).toMatch(/^Bad Request: the request headers and body disagree/);
        expect(answer.error.message).toMatch(message);
        expect(answer.error.data.mismatch.header).toBe(header);
        // Bad input leaves a trace in the gateway's log.
        await waitForLog(
          gateway.stderr,
          (r) =>
            r.msg === 'rejected an HTTP request' &&
            r.status === 400 &&
            message.test(String(r.reason)),
          'the HeaderMismatch refusal',
        );
      },
    );

    it('refuses a tools/call without the Mcp-Name header the body requires', async () => {
      const { 'mcp-name': _omitted, ...headers } = agreeing;
      const response = await post(headers, body());
      expect(response.status).toBe(400);
      const answer = (await response.json()) as {
        error: { code: number; message: string; data: { mismatch: { header: string } } };
      };
      expect(answer.error.code).toBe(-32020);
      expect(answer.error.message).toMatch(/the required Mcp-Name header is absent/);
      expect(answer.error.data.mismatch.header).toBe('(missing)');
    });

    it('answers the same request when headers and body agree (the control case)', async () => {
      const response = await post(agreeing, body());
      expect(response.status).toBe(200);
      const text = await response.text();
      const data = text.trim().startsWith('{')
        ? text
        : (text
            .split('\n')
            .find((line) => line.startsWith('data: {'))
            ?.slice('data: '.length) ?? '{}');
      const answer = JSON.parse(data) as { id: number; result: { content: unknown } };
      expect(answer.id).toBe(7);
      expect(answer.result.content).toEqual([{ type: 'text', text: 'legacy: raw' }]);
    });
  });

  describe('GET and DELETE', () => {
    it.each(['GET', 'DELETE'])(
      'answers %s without a session 405 the 2026-07-28 way (Allow: POST)',
      async (method) => {
        const response = await fetch(gateway.url, {
          method,
          headers: { accept: 'application/json, text/event-stream' },
        });
        expect(response.status).toBe(405);
        expect(response.headers.get('allow')).toBe('POST');
        const answer = (await response.json()) as { error: { code: number; message: string } };
        expect(answer.error).toEqual({ code: -32000, message: 'Method not allowed.' });
      },
    );

    it('with a session, GET opens its SSE stream and DELETE ends the session (404 after)', async () => {
      const init = await fetch(gateway.url, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 0,
          method: 'initialize',
          params: {
            protocolVersion: '2025-11-25',
            capabilities: {},
            clientInfo: { name: 'raw-session-host', version: '1.0.0' },
          },
        }),
      });
      expect(init.status).toBe(200);
      await init.text();
      const session = init.headers.get('mcp-session-id');
      expect(session).toBeTruthy();
      const sessionHeaders = {
        'mcp-session-id': session ?? '',
        'mcp-protocol-version': '2025-11-25',
      };
      const initialized = await fetch(gateway.url, {
        method: 'POST',
        headers: { ...JSON_HEADERS, ...sessionHeaders },
        body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      });
      expect(initialized.status).toBe(202);

      const stream = await fetch(gateway.url, {
        method: 'GET',
        headers: { accept: 'text/event-stream', ...sessionHeaders },
      });
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);

      const deleted = await fetch(gateway.url, { method: 'DELETE', headers: sessionHeaders });
      expect(deleted.status).toBe(200);
      // Ending the session ends its open stream too.
      await stream.text();

      const after = await fetch(gateway.url, {
        method: 'POST',
        headers: { ...JSON_HEADERS, ...sessionHeaders },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(after.status).toBe(404);
      const getAfter = await fetch(gateway.url, {
        method: 'GET',
        headers: { accept: 'text/event-stream', ...sessionHeaders },
      });
      expect(getAfter.status).toBe(404);
      await getAfter.body?.cancel();
    });
  });
});

describe('gatehouse run --stdio: a host of each era (one gateway process each)', () => {
  const clients: Partial<Record<Era, Client>> = {};

  beforeAll(async () => {
    [clients.modern, clients.legacy] = await Promise.all([
      stdioHost(config, 'modern'),
      stdioHost(config, 'legacy'),
    ]);
  });
  afterAll(async () => {
    await clients.modern?.close();
    await clients.legacy?.close();
  });

  sideBySide(() => clients as Record<Era, Client>);
});
