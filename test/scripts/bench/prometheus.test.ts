import { describe, expect, it } from 'vitest';

import {
  parsePrometheusText,
  scanFindings,
  stageDelta,
  stageResults,
  stageTotals,
} from '../../../scripts/bench/index.js';

/** What a gateway's /metrics looks like after a few calls (prom-client's text format). */
const SCRAPE = `# HELP gatehouse_calls_total Requests relayed to servers, by outcome
# TYPE gatehouse_calls_total counter
gatehouse_calls_total{server="everything",method="tools/call",item="echo",outcome="ok"} 250

# HELP gatehouse_scan_findings Definition-scan findings on the current catalogs, by severity
# TYPE gatehouse_scan_findings gauge
gatehouse_scan_findings{severity="high"} 0
gatehouse_scan_findings{severity="medium"} 1
gatehouse_scan_findings{severity="low"} 3

# HELP gatehouse_stage_seconds Time spent in each stage of the call pipeline (policy, audit, relay, ...)
# TYPE gatehouse_stage_seconds histogram
gatehouse_stage_seconds_bucket{le="0.00001",stage="policy.before"} 12
gatehouse_stage_seconds_bucket{le="0.00005",stage="policy.before"} 240
gatehouse_stage_seconds_bucket{le="+Inf",stage="policy.before"} 250
gatehouse_stage_seconds_sum{stage="policy.before"} 0.0075
gatehouse_stage_seconds_count{stage="policy.before"} 250
gatehouse_stage_seconds_bucket{le="0.001",stage="relay"} 200
gatehouse_stage_seconds_bucket{le="+Inf",stage="relay"} 250
gatehouse_stage_seconds_sum{stage="relay"} 0.2125
gatehouse_stage_seconds_count{stage="relay"} 250
gatehouse_stage_seconds_bucket{le="+Inf",stage="audit"} 252
gatehouse_stage_seconds_sum{stage="audit"} 1.26e-1
gatehouse_stage_seconds_count{stage="audit"} 252

# HELP gatehouse_upstream_up 1 when the server is connected, 0 otherwise
# TYPE gatehouse_upstream_up gauge
gatehouse_upstream_up{server="everything"} 1
`;

describe('parsePrometheusText', () => {
  it('reads every sample with its labels, skipping comments and blank lines', () => {
    const samples = parsePrometheusText(SCRAPE);
    expect(samples).toHaveLength(17);
    expect(samples[0]).toEqual({
      name: 'gatehouse_calls_total',
      labels: { server: 'everything', method: 'tools/call', item: 'echo', outcome: 'ok' },
      value: 250,
    });
    expect(samples.find((s) => s.labels.le === '+Inf')?.value).toBe(250);
  });

  it('reads escaped label values, special values and timestamps', () => {
    const [a, b, c, d] = parsePrometheusText(
      [
        'x{path="C:\\\\dir",quote="say \\"hi\\"",nl="a\\nb"} 1 1700000000000',
        'y +Inf',
        'z{le="0.5",} NaN',
        'w -1.5E-3',
      ].join('\n'),
    );
    expect(a).toEqual({
      name: 'x',
      labels: { path: 'C:\\dir', quote: 'say "hi"', nl: 'a\nb' },
      value: 1,
    });
    expect(b?.value).toBe(Number.POSITIVE_INFINITY);
    expect(c?.labels).toEqual({ le: '0.5' });
    expect(Number.isNaN(c?.value)).toBe(true);
    expect(d?.value).toBe(-0.0015);
  });

  it('rejects a malformed line, naming its number', () => {
    expect(() => parsePrometheusText('# c\nok 1\nbad{stage="x" 1')).toThrow(/metrics line 3/);
    expect(() => parsePrometheusText('v abc')).toThrow(/line 1/);
    expect(() => parsePrometheusText('v{a="\\q"} 1')).toThrow(/unknown escape/);
    expect(() => parsePrometheusText('v 1 2 3')).toThrow(/value \[timestamp\]/);
  });
});

describe('stage totals', () => {
  it('takes count and sum of gatehouse_stage_seconds per stage, ignoring buckets', () => {
    const totals = stageTotals(parsePrometheusText(SCRAPE));
    expect([...totals.keys()]).toEqual(['policy.before', 'relay', 'audit']);
    expect(totals.get('relay')).toEqual({ count: 250, sumSeconds: 0.2125 });
    expect(totals.get('audit')).toEqual({ count: 252, sumSeconds: 0.126 });
  });

  it('gives what each stage added between two scrapes, in pipeline order, as µs per call', () => {
    const before = stageTotals(
      parsePrometheusText(
        [
          'gatehouse_stage_seconds_sum{stage="relay"} 0.0125',
          'gatehouse_stage_seconds_count{stage="relay"} 50',
          'gatehouse_stage_seconds_sum{stage="audit"} 0.026',
          'gatehouse_stage_seconds_count{stage="audit"} 52',
          'gatehouse_stage_seconds_sum{stage="policy.before"} 0.0075',
          'gatehouse_stage_seconds_count{stage="policy.before"} 250',
        ].join('\n'),
      ),
    );
    const delta = stageDelta(before, stageTotals(parsePrometheusText(SCRAPE)));
    // policy.before did not move: left out.
    expect([...delta.keys()]).toEqual(['relay', 'audit']);
    const results = stageResults(delta);
    expect(results.map((r) => [r.stage, r.count, r.meanUs])).toEqual([
      ['relay', 200, 1000],
      ['audit', 200, 500],
    ]);
    expect(results[0]?.sumSeconds).toBeCloseTo(0.2, 12);
  });

  it('orders before-stages, then the relay, then the rest', () => {
    const delta = new Map([
      ['audit', { count: 1, sumSeconds: 1e-4 }],
      ['relay', { count: 1, sumSeconds: 1e-3 }],
      ['policy.before', { count: 1, sumSeconds: 2.5e-5 }],
    ]);
    expect(stageResults(delta).map((r) => [r.stage, r.meanUs])).toEqual([
      ['policy.before', 25],
      ['relay', 1000],
      ['audit', 100],
    ]);
  });
});

describe('scanFindings', () => {
  it('reads the findings gauge by severity, or nothing when the gateway has none', () => {
    expect(scanFindings(parsePrometheusText(SCRAPE))).toEqual({ high: 0, medium: 1, low: 3 });
    expect(scanFindings(parsePrometheusText('gatehouse_upstream_up{server="x"} 1'))).toBe(
      undefined,
    );
  });
});
