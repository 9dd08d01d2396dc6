/**
 * @module shared/observability/tracing
 * OpenTelemetry spans for relayed requests, on `@opentelemetry/api` only: with no SDK registered
 * they cost next to nothing. Trace context travels in MCP `_meta` (`traceparent`, `tracestate`,
 * SEP-414): a request's span continues the host's trace, and the span's own context is written
 * into the `_meta` sent upstream, so the server's spans hang under the gateway's. Without a
 * registered tracer the span is non-recording and carries the host's context unchanged.
 */
import type { Attributes, Context, Span, TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import {
  context,
  createContextKey,
  INVALID_SPAN_CONTEXT,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

type Meta = Record<string, unknown>;

const propagator = new W3CTraceContextPropagator();

const getter: TextMapGetter<Meta> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    return typeof value === 'string' ? value : undefined;
  },
};

const setter: TextMapSetter<Meta> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

/** The API's no-op provider: what the global proxy delegates to while no SDK is registered. */
const NOOP_PROVIDER = new ProxyTracerProvider().getDelegate();
/** A span for `fn` when nothing records spans (what the no-op tracer would have made). */
const UNRECORDED: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
const PROBE_KEY = createContextKey('gatehouse.context-probe');
const PROBE = ROOT_CONTEXT.setValue(PROBE_KEY, true);
/** Built once: a closure per call was a per-call allocation of the hot path (issue 7). */
const probeActive = (): unknown => context.active().getValue(PROBE_KEY);

/**
 * True when no OpenTelemetry SDK is registered: no tracer provider and no context manager (with
 * the no-op manager `context.with` does not make the context active). Then a span would record
 * nothing and carry no context anywhere, so `withSpan` skips extracting and starting it: per
 * call, a few µs of the stdio bench's 1-in-flight CPU (docs/performance.md). Checked per call, so
 * an SDK registered later is honoured at once.
 */
export function tracingInactive(): boolean {
  const provider = trace.getTracerProvider();
  return (
    provider instanceof ProxyTracerProvider &&
    provider.getDelegate() === NOOP_PROVIDER &&
    context.with(PROBE, probeActive) !== true
  );
}

/** Runs `fn` inside a span that continues the trace named in `meta` (a request's `_meta`). */
export async function withSpan<T>(
  name: string,
  meta: unknown,
  attributes: Attributes,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  if (tracingInactive()) return fn(UNRECORDED);
  const carrier = typeof meta === 'object' && meta !== null ? (meta as Meta) : {};
  const parent: Context = propagator.extract(ROOT_CONTEXT, carrier, getter);
  const span = trace
    .getTracer('gatehouse')
    .startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : new Error(String(error)));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
    throw error;
  } finally {
    span.end();
  }
}

/** Writes the active span's context into `meta` (a copy): what the upstream should continue. */
export function injectTraceContext(meta: Meta | undefined): Meta | undefined {
  const out: Meta = { ...(meta ?? {}) };
  propagator.inject(context.active(), out, setter);
  return Object.keys(out).length > 0 ? out : undefined;
}
