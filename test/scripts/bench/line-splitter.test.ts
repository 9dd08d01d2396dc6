import { describe, expect, it } from 'vitest';

import { LineSplitter } from '../../../scripts/bench/index.js';

describe('LineSplitter', () => {
  it('holds back a line until its newline arrives', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('{"a":')).toEqual([]);
    expect(splitter.pending).toBe('{"a":');
    expect(splitter.push('1}\n{"b"')).toEqual(['{"a":1}']);
    expect(splitter.push(':2}\n')).toEqual(['{"b":2}']);
  });

  it('returns several lines from one chunk, drops CR before LF and skips blank lines', () => {
    expect(new LineSplitter().push('one\r\n\n  \ntwo\nthree\n')).toEqual(['one', 'two', 'three']);
  });
});
