/** Name globs: flat (`*` spans `/`), exact case, `!` and `#` taken literally. */
import { describe, expect, it } from 'vitest';

import { compileGlob } from '../../../src/operation/policy/index.js';

describe('compileGlob', () => {
  it.each([
    ['read_*', 'write_file'],
    ['read_*', 'READ_file'],
    ['fs', 'fs2'],
    ['a?c', 'a/c'],
    ['!x', 'y'],
    ['{a,b}', 'c'],
    ['f*', 'xf'],
  ])('%j does not match %j', (pattern, value) => {
    expect(compileGlob(pattern)(value)).toBe(false);
  });

  it.each([
    ['*', ''],
    ['*', 'a/b'],
    ['read_*', 'read_'],
    ['read_*', 'read_file'],
    ['delete*', 'delete/everything'],
    ['file:///proj/*', 'file:///proj/a/b.txt'],
    ['a?c', 'abc'],
    ['{a,b}', 'b'],
    ['!x', '!x'],
    ['#x', '#x'],
    ['*', '.hidden'],
    ['my server', 'my server'],
  ])('%j matches %j', (pattern, value) => {
    expect(compileGlob(pattern)(value)).toBe(true);
  });
});
