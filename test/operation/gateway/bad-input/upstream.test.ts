/**
 * Bad behaviour on the upstream side, end to end through `gatehouse run`: a server that crashes
 * mid-call, one that never answers, one that floods stdout without a newline, a hand-rolled one
 * whose answers are malformed, and hosts that go away mid-call. Every failing call gets a clear
 * error naming its server, the gateway's memory stays bounded, and other hosts and servers carry
 * on undisturbed.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GatehouseHttp } from '../../../helpers/gatehouse-process.js';
import {
  connectHttp,
  startGatehouseHttp,
  withStateDir,
  writeConfig,
} from '../../../helpers/gatehouse-process.js';
import { CLI, SCRIPTED_SERVER } from '../../../helpers/paths.js';
import { useTempDir } from '../../../helpers/temp-dir.js';
import type { Json } from './support.js';
import {
  firstText,
  logRecords,
  MCP_HEADERS,
  openRawSession,
  PROTOCOL_VERSION,
  RAW_SERVER,
  rawHttp,
  residentMiB,
  waitFor,
  waitForLog,
} from './support.js';

const dir = useTempDir();
const rawEvents = path.join(dir, 'raw-events.jsonl');

const scripted = (name: string, extra: Json = {}): Json => ({
  transport: 'stdio',
  command: process.execPath,
  args: [SCRIPTED_SERVER, '--name', name],
  ...extra,
});
const raw = (name: string): Json => ({
  transport: 'stdio',
  command: process.execPath,
  args: [RAW_SERVER, '--name', name],
  env: { RAW_EVENT_LOG: rawEvents },
  sandbox: { write: [dir] },
});

/** What the raw server recorded about `wait` calls. */
const events = (): Json[] => {
  try {
    return readFileSync(rawEvents, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Json);
  } catch {
    return [];
  }
};

/** Waits for the raw server `server` to record a `wait` call it had not recorded before. */
const nextStarted = async (server: string, seen: number): Promise<Json> =>
  waitFor(
    () => events().filter((e) => e.server === server && e.event === 'started')[seen],
    `${server}: wait started`,
  );

const cancelledFor = (server: string, requestId: unknown): Promise<Json> =>
  waitFor(
    () =>
      events().find(
        (e) => e.server === server && e.event === 'cancelled' && e.requestId === requestId,
      ),
    `${server}: cancellation of ${String(requestId)}`,
  );

const startedCount = (server: string): number =>
  events().filter((e) => e.server === server && e.event === 'started').length;

/** The error a client call rejected with. */
const rejectionOf = async (
  call: Promise<unknown>,
): Promise<Error & { code?: unknown; data?: unknown }> => {
  try {
    await call;
  } catch (error) {
    return error as Error & { code?: unknown };
  }
  throw new Error('the call succeeded');
};

describe('bad upstreams behind gatehouse run --listen', () => {
  let gateway: GatehouseHttp;
  let ann: Client;
  let bob: Client;

  beforeAll(async () => {
    const config = writeConfig(dir, {
      servers: {
        alpha: scripted('alpha'),
        beta: scripted('beta'),
        sleepy: scripted('sleepy', { timeoutMs: 500 }),
        flood: scripted('flood'),
        raw: raw('raw'),
      },
    });
    gateway = await startGatehouseHttp(config);
    ann = await connectHttp(gateway.url);
    bob = await connectHttp(gateway.url);
  });
  afterAll(async () => {
    await ann?.close().catch(() => undefined);
    await bob?.close().catch(() => undefined);
    await gateway?.stop();
  });

  const connectedCount = (server: string): number =>
    logRecords(gateway.stderr()).filter((r) => r.msg === 'server connected' && r.server === server)
      .length;

  const echo = async (client: Client, tool: string, message: string): Promise<string> =>
    firstText(await client.callTool({ name: tool, arguments: { message } }));

  describe('a server that crashes mid-call', () => {
    it('fails the call naming the server, restarts it, and never touches calls to other servers', async () => {
      const connected = connectedCount('alpha');
      const bobsCall = bob.callTool({ name: 'beta__slow', arguments: { ms: 1_000 } });
      const error = await rejectionOf(ann.callTool({ name: 'alpha__crash', arguments: {} }));
      expect(error.message).toMatch(
        /Server "alpha" closed the connection before answering tools\/call/,
      );
      expect(error.code).toBe(-32603);
      expect(firstText(await bobsCall)).toBe('slept');
      expect(await echo(bob, 'beta__echo', 'meanwhile')).toBe('beta: meanwhile');

      await waitFor(
        () => (connectedCount('alpha') > connected ? true : undefined),
        'alpha restarted',
      );
      expect(await echo(ann, 'alpha__echo', 'back')).toBe('alpha: back');
    });
  });

  describe('a server that never answers', () => {
    it('fails the call after the server timeoutMs, naming the server and the timeout', async () => {
      const error = await rejectionOf(ann.callTool({ name: 'sleepy__hang', arguments: {} }));
      expect(error.message).toBe('Server "sleepy" did not answer tools/call within 500 ms');
      expect(error.code).toBe(-32603);
      expect(error.data).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
      expect(await echo(ann, 'sleepy__echo', 'awake')).toBe('sleepy: awake');
      expect(await echo(bob, 'beta__echo', 'fine')).toBe('beta: fine');
    });
  });

  describe('a server that writes 200 MB without a newline', () => {
    it('fails the call clearly, keeps the gateway small, and other servers keep serving', async () => {
      const from = logRecords(gateway.stderr()).length;
      const connected = connectedCount('flood');
      let peak = residentMiB(gateway.pid);
      const sampler = setInterval(() => {
        peak = Math.max(peak, residentMiB(gateway.pid));
      }, 10);
      try {
        const flood = rejectionOf(ann.callTool({ name: 'flood__flood', arguments: { mb: 200 } }));
        expect(await echo(bob, 'beta__echo', 'during the flood')).toBe('beta: during the flood');
        const error = await flood;
        expect(error.message).toMatch(
          /Server "flood" closed the connection before answering tools\/call/,
        );
        const line = await waitForLog(
          gateway.stderr,
          from,
          (r) =>
            r.server === 'flood' &&
            /wrote a message longer than 16777216 bytes/.test(String(r.err)),
          'flood refused',
        );
        expect(line.msg).toBe('transport error');
        await waitFor(
          () => (connectedCount('flood') > connected ? true : undefined),
          'flood restarted',
        );
        expect(await echo(ann, 'flood__echo', 'after')).toBe('flood: after');
        expect(await echo(bob, 'alpha__echo', 'after')).toBe('alpha: after');
      } finally {
        clearInterval(sampler);
      }
      peak = Math.max(peak, residentMiB(gateway.pid));
      expect(peak).toBeLessThan(300);
    });
  });

  describe('a hand-rolled server with malformed answers', () => {
    it('drops only the invalid item of its tools/list, and says so in the log', async () => {
      const names = (await ann.listTools()).tools
        .map((t) => t.name)
        .filter((n) => n.startsWith('raw__'));
      expect(names).toEqual([
        'raw__echo',
        'raw__result_42',
        'raw__content_not_array',
        'raw__garbage_then_valid',
        'raw__unknown_id',
        'raw__error_not_object',
        'raw__wait',
      ]);
      const line = await waitForLog(
        gateway.stderr,
        0,
        (r) => r.server === 'raw' && r.msg === 'dropped an invalid item the server listed',
        'dropped item',
      );
      expect(line).toMatchObject({
        method: 'tools/list',
        index: 2,
        problem: expect.stringMatching(/inputSchema/),
      });
    });

    it.each([
      [
        'raw__result_42',
        'Server "raw" sent a malformed response: "result" must be an object, got number',
      ],
      [
        'raw__error_not_object',
        'Server "raw" sent a malformed response: "error" must be an object with an integer "code" and a string "message"',
      ],
      [
        'raw__content_not_array',
        'Server "raw" returned an invalid tools/call result: content: Invalid input: expected array, received string',
      ],
    ])('answers %s at once with a clear error, and keeps serving', async (tool, message) => {
      const connected = connectedCount('raw');
      const error = await rejectionOf(ann.callTool({ name: tool, arguments: {} }));
      expect(error.message).toBe(message);
      expect(error.code).toBe(-32603);
      expect(error.data).toMatchObject({ code: 'UPSTREAM_PROTOCOL', server: 'raw' });
      expect(await echo(ann, 'raw__echo', 'next')).toBe('raw: next');
      expect(await echo(bob, 'beta__echo', 'unaffected')).toBe('beta: unaffected');
      expect(connectedCount('raw')).toBe(connected);
    });

    it.each([
      [
        'raw__garbage_then_valid',
        'raw: after garbage',
        /skipped a line from the server that is not JSON/,
      ],
      ['raw__unknown_id', 'raw: after a stranger', /transport error/],
    ])(
      'relays the valid answer %s sends after noise, and logs the noise',
      async (tool, text, logged) => {
        const from = logRecords(gateway.stderr()).length;
        expect(firstText(await ann.callTool({ name: tool, arguments: {} }))).toBe(text);
        await waitForLog(
          gateway.stderr,
          from,
          (r) => r.server === 'raw' && logged.test(String(r.msg)),
          String(logged),
        );
        expect(await echo(ann, 'raw__echo', 'next')).toBe('raw: next');
      },
    );
  });

  describe('a host that goes away mid-call', () => {
    it("passes an SDK client's cancellation to the server, and other hosts carry on", async () => {
      const seen = startedCount('raw');
      const abort = new AbortController();
      const call = rejectionOf(
        ann.callTool({ name: 'raw__wait', arguments: {} }, { signal: abort.signal }),
      );
      const started = await nextStarted('raw', seen);
      abort.abort(new Error('host gave up'));
      await call;
      await cancelledFor('raw', started.requestId);
      expect(await echo(bob, 'beta__echo', 'unaffected')).toBe('beta: unaffected');
      expect(await echo(ann, 'raw__echo', 'again')).toBe('raw: again');
    });

    it('keeps a call whose HTTP stream dropped (not a cancellation), and cancels it when the session ends', async () => {
      // Streamable HTTP: a dropped connection is not a cancellation (the host may resume the
      // stream); ending the session is.
      const session = await openRawSession(gateway.url);
      const headers = {
        ...MCP_HEADERS,
        'mcp-session-id': session,
        'mcp-protocol-version': PROTOCOL_VERSION,
      };
      const seen = startedCount('raw');
      const abort = new AbortController();
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'raw__wait', arguments: {} },
        }),
        signal: abort.signal,
      });
      expect(response.status).toBe(200);
      const started = await nextStarted('raw', seen);
      abort.abort();
      expect(await echo(bob, 'beta__echo', 'unaffected')).toBe('beta: unaffected');
      expect(
        events().some((e) => e.event === 'cancelled' && e.requestId === started.requestId),
      ).toBe(false);

      const ended = await rawHttp(gateway.url, { method: 'DELETE', headers });
      expect(ended.status).toBe(200);
      await cancelledFor('raw', started.requestId);
      expect(await echo(ann, 'raw__echo', 'still')).toBe('raw: still');
    });
  });
});

describe('a stdio host that goes away mid-call', () => {
  it('cancels its call at the server before the gateway exits', async () => {
    const config = writeConfig(dir, { servers: { lone: raw('lone') } }, 'stdio.yaml');
    const child = spawn(process.execPath, [CLI, 'run', '-c', config, '--stdio'], {
      stdio: 'pipe',
      env: withStateDir({ ...process.env }),
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    const line = (message: Json): boolean =>
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);

    const seen = startedCount('lone');
    line({
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: 'raw', version: '1' },
      },
    });
    await waitFor(
      () => (stdout.includes('"id":1') ? true : undefined),
      `initialize answered:\n${stderr}`,
    );
    line({ method: 'notifications/initialized' });
    line({ id: 2, method: 'tools/call', params: { name: 'lone__wait', arguments: {} } });
    const started = await nextStarted('lone', seen);

    child.stdin.end(); // the host is gone: its end of the pipe closes
    await cancelledFor('lone', started.requestId);
    expect(await exited).toBe(0);
  });
});
