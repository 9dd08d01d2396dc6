/**
 * @module scripts/bench/markdown-table
 * The report's markdown tables and the number formats its cells use.
 */

/** A markdown table; the first `textColumns` columns are left-aligned, the numbers right-aligned. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  textColumns = 1,
): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i < textColumns ? '---' : '---:')).join('|')}|`,
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ];
}

/** A whole number with thousands separators, or `—` when missing. */
export function int(value: number | undefined): string {
  return value === undefined ? '—' : Math.round(value).toLocaleString('en-US');
}

/** `×1.23`, or `—` when either side is missing. */
export function ratio(value: number | undefined, reference: number | undefined): string {
  if (value === undefined || reference === undefined || reference === 0) return '—';
  const r = value / reference;
  return `×${r >= 10 ? r.toFixed(1) : r.toFixed(2)}`;
}

/** µs with one decimal below 100, whole above. */
export function micros(value: number): string {
  return value < 100 ? value.toFixed(1) : int(value);
}

/** `part` as a percentage of `whole`, one decimal. */
export function share(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : '—';
}

/** `+` or the minus sign (U+2212) in front of a difference. */
export function sign(value: number): string {
  return value >= 0 ? '+' : '−';
}

/** µs as milliseconds: two decimals below 1 ms, one from 1 ms up. */
export function millis(us: number): string {
  const ms = us / 1000;
  return Math.abs(ms) < 1 ? ms.toFixed(2) : ms.toFixed(1);
}

/** A difference in µs as signed milliseconds (`+12.3 ms`, `−0.40 ms`). */
export function addedMillis(us: number): string {
  return `${sign(us)}${millis(Math.abs(us))} ms`;
}
