/** Public surface of shared/observability: Prometheus metrics and OpenTelemetry tracing. */
export type { CallOutcome } from './metrics.js';
export { GatewayMetrics } from './metrics.js';
export { injectTraceContext, withSpan } from './tracing.js';
