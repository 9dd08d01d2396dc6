/**
 * The lean `tools/call` lane against the SDK path it stands in for: two session-era sessions of
 * one real gateway (a real scripted stdio upstream), one with the lane and one without, each with
 * an SDK client as the host. Every call must get the same answer either way, mid-call requests
 * and cancellation included; the lane must take only the calls it can answer alike.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { JSONRPCMessage } from '@modelcontextprotocol/client';
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import type { Transport } from '@modelcontextprotocol/server';
import { specTypeSchemas } from '@modelcontextprotocol/server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  installLeanToolCalls,
  leanCallParams,
} from '../../../../src/operation/gateway/downstream/lean-tool-calls.js';
import { Gateway } from '../../../../src/operation/gateway/gateway.js';
import { SandboxLauncher } from '../../../../src/operation/sandbox/index.js';
import { GatehouseConfigSchema } from '../../../../src/shared/config/index.js';
import { silentLogger } from '../../../../src/shared/logging/index.js';
import { SCRIPTED_SERVER } from '../../../helpers/paths.js';
import { useTempDir } from '../../../helpers/temp-dir.js';

const stateDir = useTempDir();
const eventDir = useTempDir();
const eventLog = (): string => path.join(eventDir, 'events.jsonl');
const cancelledAtServer = (): number => {
  try {
    return readFileSync(eventLog(), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"cancelled"')).length;
  } catch {
    return 0;
  }
};
const launcher = new SandboxLauncher({ stateDir, logger: silentLogger() });

type Json = Record<string, unknown>;

interface Host {
  client: Client;
  /** Requests the lane answered (always 0 without the lane). */
  taken: () => number;
  elicitations: Json[];
}

describe('the lean tools/call lane', () => {
  let gateway: Gateway;
  let lean: Host;
  let plain: Host;
  let tool: (name: string) => string;

  const connect = async (withLane: boolean): Promise<Host> => {
    const session = gateway.openSession('streamable-http', 'tester');
    const [hostSide, gatewaySide] = InMemoryTransport.createLinkedPair();
    const transport = gatewaySide as unknown as Transport;
    await session.server.connect(transport);
    let taken = 0;
    if (withLane) {
      installLeanToolCalls(transport, {
        gateway,
        session: () => session,
        taken: () => taken++,
        logger: silentLogger(),
      });
    }
    const client = new Client(
      { name: 'host', version: '1' },
      { capabilities: { elicitation: { form: {} } } },
    );
    const elicitations: Json[] = [];
    client.setRequestHandler('elicitation/create', (request) => {
      elicitations.push(request.params);
      return { action: 'accept', content: { answer: 'forty-two' } };
    });
    await client.connect(hostSide);
    return { client, taken: () => taken, elicitations };
  };

  beforeAll(async () => {
    const config = GatehouseConfigSchema.parse({
      servers: {
        alpha: {
          transport: 'stdio',
          command: process.execPath,
          args: [SCRIPTED_SERVER, '--name', 'alpha'],
          env: { SCRIPTED_EVENT_LOG: eventLog() },
          sandbox: { write: [eventDir] },
        },
      },
    });
    gateway = new Gateway({ config, logger: silentLogger(), version: '0.0.0', launcher });
    await gateway.start(20_000);
    lean = await connect(true);
    plain = await connect(false);
    const { tools } = await lean.client.listTools();
    tool = (name) => {
      const found = tools.find((t) => t.name === name || t.name.endsWith(`_${name}`));
      if (!found) throw new Error(`no public tool for ${name}`);
      return found.name;
    };
  }, 30_000);
  afterAll(async () => {
    await lean?.client.close();
    await plain?.client.close();
    await gateway?.stop();
    launcher.close();
  });

  /** The same request on both sessions: the raw JSON-RPC answers, and whether the lane took it. */
  const both = async (params: Json): Promise<{ lean: unknown; plain: unknown; took: boolean }> => {
    const before = lean.taken();
    const ask = (host: Host): Promise<unknown> =>
      host.client
        .request({ method: 'tools/call', params } as never, specTypeSchemas.CallToolResult as never)
        .then(
          (result: unknown) => ({ result }),
          (error: unknown) => ({
            error: {
              code: (error as { code?: unknown }).code,
              message: (error as Error).message,
              data: (error as { data?: unknown }).data,
            },
          }),
        );
    // One after the other: a mid-call request of the upstream is attributed to its one caller.
    const a = await ask(lean);
    const b = await ask(plain);
    return { lean: a, plain: b, took: lean.taken() > before };
  };

  it('answers a plain text result exactly as the SDK path does', async () => {
    const outcome = await both({ name: tool('echo'), arguments: { message: 'hi' } });
    expect(outcome.took).toBe(true);
    expect(outcome.lean).toEqual({ result: { content: [{ type: 'text', text: 'alpha: hi' }] } });
    expect(outcome.lean).toEqual(outcome.plain);
  });

  it('checks and rewrites a result that is not plain text exactly as the SDK path does', async () => {
    const outcome = await both({ name: tool('link'), arguments: {} });
    expect(outcome.took).toBe(true);
    expect(outcome.lean).toEqual(outcome.plain);
    expect(JSON.stringify(outcome.lean)).toContain('resource_link');
  });

  it('answers unknown and malformed calls with the same errors', async () => {
    const unknown = await both({ name: 'no_such_tool', arguments: {} });
    expect(unknown.took).toBe(true);
    expect(unknown.lean).toEqual(unknown.plain);
    expect(unknown.lean).toMatchObject({ error: { code: -32602 } });
    // Shapes the SDK reshapes or refuses are left to it.
    for (const params of [
      { name: tool('echo'), arguments: 'text' },
      { name: 42 },
      { name: tool('echo'), arguments: {}, extra: true },
    ]) {
      const outcome = await both(params);
      expect(outcome.took).toBe(false);
      expect(outcome.lean).toEqual(outcome.plain);
    }
  });

  it('carries a mid-call elicitation to its host and its answer back', async () => {
    const outcome = await both({ name: tool('elicit'), arguments: { question: 'Name?' } });
    expect(outcome.took).toBe(true);
    expect(outcome.lean).toEqual(outcome.plain);
    expect(JSON.stringify(outcome.lean)).toContain('forty-two');
    expect(lean.elicitations).toHaveLength(1);
    expect(lean.elicitations[0]).toEqual(plain.elicitations[0]);
  });

  it('relays the progress of a call with a progress token to its host, in order', async () => {
    const run = async (host: Host): Promise<{ steps: number[]; content: unknown }> => {
      const steps: number[] = [];
      const result = await host.client.callTool(
        { name: tool('progress'), arguments: { steps: 3 } },
        { onprogress: (p) => steps.push(p.progress) },
      );
      return { steps, content: result.content };
    };
    const before = lean.taken();
    const viaLane = await run(lean);
    expect(lean.taken()).toBe(before + 1);
    expect(viaLane).toEqual({ steps: [1, 2, 3], content: [{ type: 'text', text: 'done' }] });
    expect(viaLane).toEqual(await run(plain));
  });

  it('cancels the call at the server when the host cancels, and sends no answer', async () => {
    const controller = new AbortController();
    const before = lean.taken();
    const call = lean.client.callTool(
      { name: tool('slow'), arguments: { ms: 5_000 } },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort('changed my mind'), 100);
    await expect(call).rejects.toThrow();
    expect(lean.taken()).toBe(before + 1);
    const deadline = Date.now() + 10_000;
    while (cancelledAtServer() === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(cancelledAtServer()).toBe(1);
    // The session keeps serving.
    const after = await both({ name: tool('echo'), arguments: { message: 'still here' } });
    expect(after.lean).toEqual(after.plain);
  });
});

describe('which calls the lane takes', () => {
  const request = (params: unknown): JSONRPCMessage =>
    ({ jsonrpc: '2.0', id: 1, method: 'tools/call', params }) as JSONRPCMessage;

  it('takes name, object arguments, a progress token and foreign _meta; leaves envelopes and extras', () => {
    expect(leanCallParams(request({ name: 'a' }))).toBeDefined();
    expect(leanCallParams(request({ name: 'a', arguments: { x: 1 } }))).toBeDefined();
    expect(leanCallParams(request({ name: 'a', _meta: { 'example.com/k': 1 } }))).toBeDefined();
    expect(leanCallParams(request({ name: 'a', _meta: { progressToken: 'p' } }))).toBeDefined();
    expect(leanCallParams(request({ name: 'a', _meta: { progressToken: 1.5 } }))).toBeUndefined();
    expect(
      leanCallParams(request({ name: 'a', _meta: { 'io.modelcontextprotocol/clientInfo': {} } })),
    ).toBeUndefined();
    expect(leanCallParams(request({ name: 'a', task: {} }))).toBeUndefined();
    expect(leanCallParams(request({ name: 'a', arguments: [] }))).toBeUndefined();
    expect(leanCallParams(request({ arguments: {} }))).toBeUndefined();
    expect(leanCallParams({ jsonrpc: '2.0', id: 1, method: 'tools/list' })).toBeUndefined();
  });

  it("never takes params the SDK's request parse would change", () => {
    const schema = specTypeSchemas.CallToolRequest['~standard'];
    fc.assert(
      fc.property(
        fc.record(
          {
            name: fc.oneof(fc.string(), fc.integer()),
            arguments: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()),
            _meta: fc.oneof(
              fc.dictionary(
                fc.oneof(fc.string(), fc.constant('progressToken')),
                fc.oneof(fc.jsonValue(), fc.double(), fc.integer()),
              ),
              fc.jsonValue(),
            ),
            task: fc.jsonValue(),
          },
          { requiredKeys: [] },
        ),
        (params) => {
          const taken = leanCallParams(request(params));
          if (taken === undefined) return;
          const parsed = schema.validate({ method: 'tools/call', params });
          if (parsed instanceof Promise) throw new Error('async schema');
          expect(parsed.issues).toBeUndefined();
          expect((parsed as { value: { params: unknown } }).value.params).toEqual(params);
        },
      ),
      { numRuns: 500 },
    );
  });
});
