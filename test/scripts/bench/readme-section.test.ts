import { describe, expect, it } from 'vitest';

import { END_MARKER, replaceSection, START_MARKER } from '../../../scripts/bench/index.js';

describe('replaceSection', () => {
  it('refuses a README without both markers, with duplicates, or with the markers reversed', () => {
    expect(replaceSection('# Title\n', 'x').ok).toBe(false);
    expect(replaceSection(`${START_MARKER}\n`, 'x').ok).toBe(false);
    expect(replaceSection(`${START_MARKER}${END_MARKER}${START_MARKER}${END_MARKER}`, 'x').ok).toBe(
      false,
    );
    expect(replaceSection(`${END_MARKER}\n${START_MARKER}`, 'x').ok).toBe(false);
  });

  it('replaces only what lies between the markers and keeps the rest byte for byte', () => {
    const readme = `# Gatehouse\n\nIntro.\n\n${START_MARKER}\nold table\n${END_MARKER}\n\nAfter.\n`;
    const result = replaceSection(readme, '| new | table |\n');
    expect(result).toEqual({
      ok: true,
      text: `# Gatehouse\n\nIntro.\n\n${START_MARKER}\n\n| new | table |\n\n${END_MARKER}\n\nAfter.\n`,
    });
  });

  it('gives the same text when run twice with the same body', () => {
    const readme = `a\n${START_MARKER}\n${END_MARKER}\nb\n`;
    const once = replaceSection(readme, 'body');
    expect(once.ok).toBe(true);
    if (!once.ok) return;
    expect(replaceSection(once.text, 'body')).toEqual(once);
  });
});
