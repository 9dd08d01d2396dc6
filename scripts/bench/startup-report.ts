/**
 * @module scripts/bench/startup-report
 * The start benchmark as markdown: whole server starts (unsandboxed, sandboxed, with an allowlist)
 * with what the sandbox adds against the target, then where that time goes, then what is paid once
 * per gateway process.
 */
import { addedMillis, millis, table } from './markdown-table.js';
import type { StartMeasure, StartupResult } from './result-schema.js';

type OkMeasure = Extract<StartMeasure, { status: 'ok' }>;

/** The default-policy start set against the unsandboxed one: the number the target is about. */
export const SANDBOX_MEASURE = 'sandbox';
export const BARE_MEASURE = 'bare';

function okMeasure(startup: StartupResult, id: string | undefined): OkMeasure | undefined {
  const m = startup.measures.find((x) => x.id === id);
  return m?.status === 'ok' ? m : undefined;
}

/** `+12.3 ms`, with `over <id>` when the reference is not obvious; `—` without a reference. */
function added(
  startup: StartupResult,
  m: StartMeasure,
  pick: (x: OkMeasure) => number,
  naming: boolean,
): string {
  const ref = okMeasure(startup, m.compare);
  if (m.status !== 'ok' || ref === undefined) return '—';
  const text = addedMillis(pick(m) - pick(ref));
  return naming ? `${text} over ${ref.id}` : text;
}

/** The median of the round-by-round differences against the reference, or `—`. */
function paired(m: StartMeasure): string {
  return m.status === 'ok' && m.pairedAddedP50Us !== undefined
    ? addedMillis(m.pairedAddedP50Us)
    : '—';
}

function cells(m: StartMeasure): [string, string] {
  return m.status === 'ok' ? [millis(m.p50Us), millis(m.p90Us)] : ['—', '—'];
}

/** Whether the sandbox stays within the added-time target at p50, as a sentence (or nothing). */
export function targetSentence(startup: StartupResult): string | undefined {
  const on = okMeasure(startup, SANDBOX_MEASURE);
  const off = okMeasure(startup, BARE_MEASURE);
  if (!on || !off) return undefined;
  const d = on.p50Us - off.p50Us;
  const met = d <= startup.targetAddedMs * 1000;
  const median =
    on.pairedAddedP50Us === undefined
      ? ''
      : `; median of the round-by-round differences ${addedMillis(on.pairedAddedP50Us)}`;
  return (
    `The default sandbox adds ${addedMillis(d)} to a start at p50 ` +
    `(${addedMillis(on.p90Us - off.p90Us)} at p90${median}): ` +
    `target at most +${startup.targetAddedMs} ms at p50, ${met ? 'met' : 'missed'}.`
  );
}

/** The whole start section (markdown lines). */
export function startupReport(startup: StartupResult): string[] {
  const starts = startup.measures.filter((m) => m.group === 'start');
  const parts = startup.measures.filter((m) => m.group === 'part');
  const lines: string[] = [
    `Sandboxed start: ${startup.server}, ${startup.starts} timed starts of each kind after ` +
      `${startup.warmup} untimed rounds, one of each kind per round (in turn forwards and ` +
      'backwards). Timed from ' +
      '`SandboxLauncher.prepare()` to the answer to `initialize` (written at spawn; the server ' +
      'writes nothing before it, so this is also the time to its first byte):',
    '',
    ...table(
      ['start', 'what runs', 'p50 ms', 'p90 ms', 'added at p50', 'added at p90', 'paired added'],
      starts.map((m) => [
        m.label,
        m.detail,
        ...cells(m),
        added(startup, m, (x) => x.p50Us, false),
        added(startup, m, (x) => x.p90Us, false),
        paired(m),
      ]),
      2,
    ),
  ];
  const verdict = targetSentence(startup);
  if (verdict !== undefined) lines.push('', verdict);
  if (parts.length > 0) {
    lines.push(
      '',
      "Where a sandboxed start's time goes (same rounds; each leg of the process chain runs " +
        '`echo` instead of the server, timed from spawn to its first byte on stdout):',
      '',
      ...table(
        ['part', 'what was timed', 'p50 ms', 'p90 ms', 'added at p50', 'paired added'],
        parts.map((m) => [
          m.label,
          m.detail,
          ...cells(m),
          added(startup, m, (x) => x.p50Us, true),
          paired(m),
        ]),
        2,
      ),
    );
  }
  if (startup.once.length > 0) {
    lines.push(
      '',
      `Paid once per gateway process: ${startup.once
        .map((o) => `${o.label}, ${millis(o.us)} ms`)
        .join('; ')}.`,
    );
  }
  const missing = startup.measures.filter((m) => m.status === 'unavailable');
  if (missing.length > 0) {
    lines.push('', 'Start measures not taken:');
    for (const m of missing)
      if (m.status === 'unavailable') lines.push(`- ${m.label}: ${m.reason}`);
  }
  lines.push(
    '',
    '"Paired added" is the median, over the rounds, of the difference to the reference measured ' +
      'in the same round: less moved by load that drifts during the run than the difference of ' +
      'the two p50s.',
  );
  return lines;
}
