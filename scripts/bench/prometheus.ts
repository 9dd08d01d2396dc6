/**
 * @module scripts/bench/prometheus
 * Reads the Prometheus text exposition format (what Gatehouse serves at `/metrics`) and turns the
 * `gatehouse_stage_seconds` histogram into per-stage counts and sums, so the bench can report
 * what each stage of the call pipeline costs per call.
 */

/** One sample line: `name{label="value",...} value [timestamp]`. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The histogram Gatehouse times its call-pipeline stages with (`stage` label). */
export const STAGE_HISTOGRAM = 'gatehouse_stage_seconds';

/** Scan findings on the current catalogs, by severity (a gauge). */
export const FINDINGS_GAUGE = 'gatehouse_scan_findings';

/** Count and total seconds of one stage. */
export interface StageTotal {
  readonly count: number;
  readonly sumSeconds: number;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_:]*/;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** A sample value as the format writes it (`1.5e-05`, `+Inf`, `-Inf`, `NaN`). */
function parseValue(text: string): number | undefined {
  switch (text) {
    case '+Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
    case 'NaN':
      return Number.NaN;
  }
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** Parses `{a="x",b="y\"z"}` from the start of `text`; returns the labels and what follows. */
function parseLabels(text: string, line: number): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let i = 1; // past "{"
  const bad = (why: string): Error => new Error(`metrics line ${line}: ${why}`);
  for (;;) {
    while (text[i] === ' ') i++;
    if (text[i] === '}') return { labels, rest: text.slice(i + 1) };
    const name = LABEL_NAME.exec(text.slice(i))?.[0];
    if (name === undefined) throw bad('expected a label name');
    i += name.length;
    if (text[i] !== '=' || text[i + 1] !== '"') throw bad(`expected ="…" after label ${name}`);
    i += 2;
    let value = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) throw bad(`unterminated value of label ${name}`);
      i++;
      if (c === '"') break;
      if (c === '\\') {
        const escaped = text[i];
        i++;
        if (escaped === 'n') value += '\n';
        else if (escaped === '\\' || escaped === '"') value += escaped;
        else throw bad(`unknown escape \\${escaped ?? ''} in label ${name}`);
      } else {
        value += c;
      }
    }
    labels[name] = value;
    while (text[i] === ' ') i++;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') throw bad(`expected , or } after label ${name}`);
  }
}

/**
 * Every sample in a text exposition. Comments (`# HELP`, `# TYPE`) and blank lines are skipped; a
 * malformed line throws, naming its line number.
 */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const lineNo = index + 1;
    const name = NAME.exec(line)?.[0];
    if (name === undefined) throw new Error(`metrics line ${lineNo}: expected a metric name`);
    let rest = line.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) ({ labels, rest } = parseLabels(rest, lineNo));
    const [valueText, timestamp, ...extra] = rest.trim().split(/\s+/);
    const value = valueText === undefined ? undefined : parseValue(valueText);
    if (
      value === undefined ||
      extra.length > 0 ||
      (timestamp !== undefined && !/^-?\d+$/.test(timestamp))
    )
      throw new Error(`metrics line ${lineNo}: expected "value [timestamp]" after ${name}`);
    samples.push({ name, labels, value });
  }
  return samples;
}

/** Count and sum of `gatehouse_stage_seconds` per `stage` label. */
export function stageTotals(samples: readonly Sample[]): Map<string, StageTotal> {
  const totals = new Map<string, { count: number; sumSeconds: number }>();
  for (const sample of samples) {
    const field =
      sample.name === `${STAGE_HISTOGRAM}_count`
        ? 'count'
        : sample.name === `${STAGE_HISTOGRAM}_sum`
          ? 'sumSeconds'
          : undefined;
    const stage = sample.labels.stage;
    if (field === undefined || stage === undefined) continue;
    const total = totals.get(stage) ?? { count: 0, sumSeconds: 0 };
    total[field] += sample.value;
    totals.set(stage, total);
  }
  return totals;
}

/** What each stage added between two scrapes (a stage absent before counts from zero). */
export function stageDelta(
  before: ReadonlyMap<string, StageTotal>,
  after: ReadonlyMap<string, StageTotal>,
): Map<string, StageTotal> {
  const delta = new Map<string, StageTotal>();
  for (const [stage, total] of after) {
    const start = before.get(stage) ?? { count: 0, sumSeconds: 0 };
    const count = total.count - start.count;
    if (count <= 0) continue;
    delta.set(stage, { count, sumSeconds: Math.max(0, total.sumSeconds - start.sumSeconds) });
  }
  return delta;
}

/** The `gatehouse_scan_findings` gauge by severity, or undefined when the gateway has none. */
export function scanFindings(samples: readonly Sample[]): Record<string, number> | undefined {
  const findings: Record<string, number> = {};
  let any = false;
  for (const sample of samples) {
    const severity = sample.labels.severity;
    if (sample.name !== FINDINGS_GAUGE || severity === undefined) continue;
    findings[severity] = sample.value;
    any = true;
  }
  return any ? findings : undefined;
}

/** The gateway's own memory gauges (`gatehouse_process_*`), when it serves them. */
export function processMemory(
  samples: readonly Sample[],
): { heapUsedBytes: number; heapTotalBytes: number; externalBytes: number } | undefined {
  const value = (name: string): number | undefined => samples.find((s) => s.name === name)?.value;
  const heapUsedBytes = value('gatehouse_process_heap_used_bytes');
  const heapTotalBytes = value('gatehouse_process_heap_total_bytes');
  const externalBytes = value('gatehouse_process_external_bytes');
  if (heapUsedBytes === undefined || heapTotalBytes === undefined || externalBytes === undefined) {
    return undefined;
  }
  return { heapUsedBytes, heapTotalBytes, externalBytes };
}
