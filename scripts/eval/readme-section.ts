/**
 * @module scripts/eval/readme-section
 * Replaces the generated part of README.md between the eval markers, and nothing else.
 */

export const START_MARKER = '<!-- eval:start -->';
export const END_MARKER = '<!-- eval:end -->';

/** The README text with `body` between the markers, or why it cannot be done. */
export function replaceEvalSection(
  readme: string,
  body: string,
): { ok: true; text: string } | { ok: false; problem: string } {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start < 0 || end < 0)
    return { ok: false, problem: `no ${START_MARKER} … ${END_MARKER} markers` };
  if (readme.indexOf(START_MARKER, start + 1) >= 0 || readme.indexOf(END_MARKER, end + 1) >= 0) {
    return { ok: false, problem: 'the eval markers appear more than once' };
  }
  if (end < start) return { ok: false, problem: `${END_MARKER} comes before ${START_MARKER}` };
  return {
    ok: true,
    text: `${readme.slice(0, start + START_MARKER.length)}\n\n${body.trim()}\n\n${readme.slice(end)}`,
  };
}
