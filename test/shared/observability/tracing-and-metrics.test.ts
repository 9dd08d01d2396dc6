/**
 * Tracing and metrics on a real gateway (in process, with a real upstream): a relayed call gets a
 * span that continues the host's trace, the upstream receives the span's own context, and
 * /metrics counts the call.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RunningHttpFront } from '../../../src/operation/gateway/downstream/index.js';
import {
  parseListenAddress,
  startHttpFront,
} from '../../../src/operation/gateway/downstream/index.js';
import { Gateway } from '../../../src/operation/gateway/gateway.js';
import { SandboxLauncher } from '../../../src/operation/sandbox/index.js';
import { GatehouseConfigSchema } from '../../../src/shared/config/index.js';
import { silentLogger } from '../../../src/shared/logging/index.js';
import { SCRIPTED_SERVER } from '../../helpers/paths.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const stateDir = useTempDir();
const launcher = new SandboxLauncher({ stateDir, logger: silentLogger() });

const exporter = new InMemorySpanExporter();
const HOST_TRACE = '0af7651916cd43dd8448eb211c80319c';
const HOST_PARENT = 'b7ad6b7169203331';

describe('a relayed call, traced and counted', () => {
  let gateway: Gateway;
  let front: RunningHttpFront;
  let client: Client;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
    const config = GatehouseConfigSchema.parse({
      servers: {
        alpha: {
          transport: 'stdio',
          command: process.execPath,
          args: [SCRIPTED_SERVER, '--name', 'alpha'],
        },
      },
    });
    const logger = silentLogger();
    gateway = new Gateway({
      config,
      logger,
      version: '0.0.0',
      launcher,
    });
    await gateway.start(20_000);
    front = await startHttpFront({
      address: parseListenAddress('127.0.0.1:0'),
      gateway,
      config: config.gateway,
      logger,
    });
    client = new Client({ name: 'host', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(front.url)));
  });
  afterAll(async () => {
    await client?.close();
    await front?.close();
    await gateway?.stop();
    launcher.close();
    trace.disable();
    context.disable();
  });

  it('continues the host trace and hands the upstream the gateway span as parent', async () => {
    const result = await client.callTool({
      name: 'alpha__trace',
      arguments: {},
      _meta: { traceparent: `00-${HOST_TRACE}-${HOST_PARENT}-01` },
    });
    const seen = JSON.parse((result.content as { text: string }[])[0]!.text) as {
      traceparent: string;
    };
    const span = exporter.getFinishedSpans().find((s) => s.name === 'mcp tools/call');
    expect(span).toBeDefined();
    expect(span!.spanContext().traceId).toBe(HOST_TRACE);
    expect(span!.parentSpanContext?.spanId).toBe(HOST_PARENT);
    expect(span!.attributes['mcp.server']).toBe('alpha');
    expect(seen.traceparent).toBe(`00-${HOST_TRACE}-${span!.spanContext().spanId}-01`);
  });

  it('counts the call and its latency at /metrics', async () => {
    await client.callTool({ name: 'alpha__echo', arguments: { message: 'm' } });
    const text = await (await fetch(front.url.replace(/\/mcp$/, '/metrics'))).text();
    expect(text).toMatch(
      /gatehouse_calls_total\{server="alpha",method="tools\/call",item="echo",outcome="ok"\} 1/,
    );
    expect(text).toMatch(
      /gatehouse_call_duration_seconds_count\{server="alpha",method="tools\/call",item="echo"\} 1/,
    );
    expect(text).toMatch(/gatehouse_upstream_up\{server="alpha"\} 1/);
  });
});
