/**
 * @module scripts/bench/readme-section
 * Replaces the generated part of README.md, between the bench markers, and nothing else.
 */

export const START_MARKER = '<!-- bench:start -->';
export const END_MARKER = '<!-- bench:end -->';

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** The README text with `body` between the markers, or why it cannot be done. */
export function replaceSection(
  readme: string,
  body: string,
): { ok: true; text: string } | { ok: false; problem: string } {
  const starts = count(readme, START_MARKER);
  const ends = count(readme, END_MARKER);
  if (starts === 0 || ends === 0)
    return { ok: false, problem: `no ${START_MARKER} … ${END_MARKER} markers` };
  if (starts > 1 || ends > 1)
    return { ok: false, problem: 'the bench markers appear more than once' };
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (end < start) return { ok: false, problem: `${END_MARKER} comes before ${START_MARKER}` };
  const before = readme.slice(0, start + START_MARKER.length);
  const after = readme.slice(end);
  return { ok: true, text: `${before}\n\n${body.trim()}\n\n${after}` };
}
