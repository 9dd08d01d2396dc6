/** The README section of `npm run eval`: replaced between its markers, nothing else. */
import { describe, expect, it } from 'vitest';

import {
  END_MARKER,
  replaceEvalSection,
  START_MARKER,
} from '../../../scripts/eval/readme-section.js';

describe('replaceEvalSection', () => {
  it('refuses a README without markers, with repeated markers, or with them reversed', () => {
    expect(replaceEvalSection('# x', 'body').ok).toBe(false);
    expect(replaceEvalSection(`${START_MARKER}${END_MARKER}${START_MARKER}`, 'b').ok).toBe(false);
    expect(replaceEvalSection(`${END_MARKER}\n${START_MARKER}`, 'b').ok).toBe(false);
  });

  it('replaces only what is between the markers', () => {
    const readme = `# T\n\n${START_MARKER}\nold\n${END_MARKER}\n\n## Next\n`;
    expect(replaceEvalSection(readme, 'new\n')).toEqual({
      ok: true,
      text: `# T\n\n${START_MARKER}\n\nnew\n\n${END_MARKER}\n\n## Next\n`,
    });
  });
});
