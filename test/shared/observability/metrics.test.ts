/**
 * GatewayMetrics: counts and latencies land on the series of their own labels however the calls
 * interleave, and label values whose concatenations coincide stay apart.
 */
import type { MetricValue } from 'prom-client';
import { describe, expect, it } from 'vitest';

import { GatewayMetrics } from '../../../src/shared/observability/index.js';

async function values(metrics: GatewayMetrics, name: string) {
  const metric = metrics.registry.getSingleMetric(name);
  if (metric === undefined) throw new Error(`no metric ${name}`);
  // Histogram values carry the series name (_bucket, _sum, _count); the type does not say so.
  return (await metric.get()).values as (MetricValue<string> & { metricName?: string })[];
}

describe('GatewayMetrics', () => {
  it('counts each call on the series of its own labels', async () => {
    const metrics = new GatewayMetrics();
    metrics.call('alpha', 'tools/call', 'echo', 'ok', 0.001);
    metrics.call('alpha', 'tools/call', 'echo', 'ok', 0.002);
    metrics.call('alpha', 'tools/call', 'echo', 'denied', 0.001);
    metrics.call('beta', 'tools/call', 'echo', 'ok', 0.001);
    // Same concatenation of method and item, different labels.
    metrics.call('alpha', 'a', 'bc', 'ok', 0.001);
    metrics.call('alpha', 'ab', 'c', 'ok', 0.001);
    const calls = await values(metrics, 'gatehouse_calls_total');
    const count = (labels: Record<string, string>) =>
      calls.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))?.value;
    expect(count({ server: 'alpha', item: 'echo', outcome: 'ok' })).toBe(2);
    expect(count({ server: 'alpha', item: 'echo', outcome: 'denied' })).toBe(1);
    expect(count({ server: 'beta', item: 'echo', outcome: 'ok' })).toBe(1);
    expect(count({ method: 'a', item: 'bc' })).toBe(1);
    expect(count({ method: 'ab', item: 'c' })).toBe(1);
    const latency = await values(metrics, 'gatehouse_call_duration_seconds');
    const sum = latency.find(
      (v) =>
        v.metricName === 'gatehouse_call_duration_seconds_sum' &&
        v.labels.server === 'alpha' &&
        v.labels.item === 'echo',
    );
    // ok and denied calls share the latency series (it has no outcome label).
    expect(sum?.value).toBeCloseTo(0.004, 9);
  });

  it('observes each stage on its own series', async () => {
    const metrics = new GatewayMetrics();
    metrics.stage('policy.before', 0.00001);
    metrics.stage('audit', 0.00002);
    metrics.stage('policy.before', 0.00003);
    const stages = await values(metrics, 'gatehouse_stage_seconds');
    const countOf = (stage: string) =>
      stages.find(
        (v) => v.metricName === 'gatehouse_stage_seconds_count' && v.labels.stage === stage,
      )?.value;
    expect(countOf('policy.before')).toBe(2);
    expect(countOf('audit')).toBe(1);
  });
});
