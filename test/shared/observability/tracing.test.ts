/**
 * withSpan's shortcut when no OpenTelemetry SDK is registered, and that it ends as soon as one is:
 * a tracer provider, or a context manager alone (which would carry the host's context upstream).
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';

import { tracingInactive, withSpan } from '../../../src/shared/observability/index.js';

afterEach(() => {
  trace.disable();
  context.disable();
});

describe('tracingInactive', () => {
  it('is true with nothing registered, and withSpan still runs the work and passes its errors', async () => {
    expect(tracingInactive()).toBe(true);
    await expect(withSpan('mcp tools/call', undefined, {}, () => Promise.resolve(7))).resolves.toBe(
      7,
    );
    await expect(
      withSpan('mcp tools/call', {}, {}, () => Promise.reject(new Error('upstream down'))),
    ).rejects.toThrow('upstream down');
  });

  it('is false once a tracer provider is registered, and the span is recorded', async () => {
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
    expect(tracingInactive()).toBe(false);
    await withSpan('mcp tools/call', undefined, { 'mcp.item': 'echo' }, () => Promise.resolve());
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['mcp tools/call']);
  });

  it('is false with only a context manager registered', () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    expect(tracingInactive()).toBe(false);
  });
});
