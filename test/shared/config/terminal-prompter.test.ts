import { writeFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import { createTerminalPrompter } from '../../../src/shared/config/terminal-prompter.js';
import { tempFiles } from './helpers.js';

const files = tempFiles();

describe('createTerminalPrompter', () => {
  it('returns undefined when there is no terminal to open', () => {
    expect(createTerminalPrompter({ path: '/nonexistent/tty' })).toBeUndefined();
  });

  it('returns undefined for a file that is not a terminal', async () => {
    const file = await files.write('not-a-tty', '');
    await writeFile(file, 'answer\n');
    expect(createTerminalPrompter({ path: file })).toBeUndefined();
  });
});
