/**
 * @module scripts/eval-names/report
 * The eval's result as JSON and as Markdown tables.
 */
import type { DetectionRow } from './detection.js';
import type { FalseAlarmReport } from './false-alarms.js';

/** Everything `npm run eval:names` measured. */
export interface NamesEvalResult {
  readonly datasetDir: string;
  readonly limits: readonly { readonly minLength: number; readonly maxDistance: number }[];
  readonly registry: FalseAlarmReport;
  readonly display: FalseAlarmReport;
  readonly listedPairs: readonly { a: string; b: string; verdict: string }[];
  readonly detection: readonly DetectionRow[];
  readonly sweep: readonly {
    readonly minLength: number;
    readonly falseAlarmPairs: number;
    readonly namesWithFalseAlarm: number;
    readonly typingCaught: number;
    readonly typingSquats: number;
  }[];
}

const pct = (n: number, d: number): string => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)} %`);

function falseAlarmTable(label: string, r: FalseAlarmReport): string[] {
  return [
    `| ${label} | ${r.names} | ${r.verdicts.reject} | ${r.verdicts.review} | ${r.pairs['same-name']} | ${r.pairs['listed-benign']} | ${r.pairs['false-alarm']} | ${r.namesWithFalseAlarm.reject} / ${r.namesWithFalseAlarm.review} |`,
  ];
}

/** The result as Markdown. */
export function renderMarkdown(result: NamesEvalResult): string {
  const lines: string[] = [];
  lines.push('### False alarms on the real names', '');
  lines.push(
    '| list | names | reject | review | flagged pairs: same name | listed benign | false alarm | names with a false alarm (reject / review) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...falseAlarmTable('registry names (reverse-DNS + npm)', result.registry),
    ...falseAlarmTable('README display names', result.display),
    '',
  );
  const listedRejected = result.listedPairs.filter((p) => p.verdict === 'reject').length;
  lines.push(
    `Listed one-edit benign pairs (${result.listedPairs.length}): ${result.listedPairs
      .map((p) => `${p.a}/${p.b} ${p.verdict}`)
      .join(', ')}; rejected: ${listedRejected}.`,
    '',
  );
  const fa = [...result.registry.falseAlarms, ...result.display.falseAlarms];
  if (fa.length > 0) {
    lines.push(
      'False alarms (names that differ and are not listed as benign):',
      '',
      ...fa.map((p) => `- ${p.verdict} ${p.reason} (${p.field}): \`${p.a}\` ~ \`${p.b}\``),
      '',
    );
  }
  lines.push('### Detection of synthetic typosquats', '');
  lines.push(
    '| field | mutation | squats | reject | review | missed | caught, distinctive part ≥ 6 letters |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const row of result.detection) {
    lines.push(
      `| ${row.field} | ${row.type} | ${row.squats} | ${pct(row.reject, row.squats)} | ${pct(row.review, row.squats)} | ${pct(row.missed, row.squats)} | ${row.long.squats > 0 ? pct(row.long.caught, row.long.squats) : '–'} |`,
    );
  }
  lines.push(
    '',
    '### Edit-distance threshold (names shorter than this compare by equality only)',
    '',
  );
  lines.push(
    '| min length | false-alarm pairs | names with a false alarm | typing-mistake squats caught |',
    '| --- | --- | --- | --- |',
  );
  for (const s of result.sweep) {
    lines.push(
      `| ${s.minLength} | ${s.falseAlarmPairs} | ${s.namesWithFalseAlarm} | ${pct(s.typingCaught, s.typingSquats)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
