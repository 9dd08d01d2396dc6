/** Public surface of shared/observability: Prometheus metrics and OpenTelemetry tracing. */
export type { CallOutcome } from './metrics.js';
export { GatewayMetrics } from './metrics.js';
export { injectTraceContext, tracingInactive, withSpan } from './tracing.js';
