import { describe, expect, it } from 'vitest';

import type { LineEvent } from '../../../../../src/operation/gateway/downstream/stdio/line-reader.js';
import { LineReader } from '../../../../../src/operation/gateway/downstream/stdio/line-reader.js';

const text = (events: LineEvent[]): (string | number)[] =>
  events.map((e) => (e.kind === 'line' ? e.bytes.toString('utf8') : -e.bytes));

describe('LineReader', () => {
  it('reports a line over the limit once, with its size, and holds none of it', () => {
    const reader = new LineReader(10);
    expect(reader.push(Buffer.from('0123456789abc'))).toEqual([]);
    expect(reader.push(Buffer.alloc(1_000_000, 0x78))).toEqual([]);
    expect(reader.push(Buffer.from('yz\nok\n'))).toEqual([
      { kind: 'oversized', bytes: 13 + 1_000_000 + 2 },
      { kind: 'line', bytes: Buffer.from('ok') },
    ]);
  });

  it('counts a long line across many small chunks', () => {
    const reader = new LineReader(8);
    const events: LineEvent[] = [];
    for (const c of 'abcdefghij\nk\n') events.push(...reader.push(Buffer.from(c)));
    expect(text(events)).toEqual([-10, 'k']);
  });

  it('accepts a line of exactly the limit and refuses one byte more', () => {
    const reader = new LineReader(4);
    expect(text(reader.push(Buffer.from('abcd\nabcde\n')))).toEqual(['abcd', -5]);
  });

  it('splits several lines in one chunk and joins one line over several chunks', () => {
    const reader = new LineReader(100);
    expect(text(reader.push(Buffer.from('one\ntwo\nthr')))).toEqual(['one', 'two']);
    expect(text(reader.push(Buffer.from('e')))).toEqual([]);
    expect(text(reader.push(Buffer.from('e\n')))).toEqual(['three']);
  });

  it('strips one trailing CR and skips empty lines', () => {
    const reader = new LineReader(100);
    expect(text(reader.push(Buffer.from('a\r\n\n\r\nb\r\r\n')))).toEqual(['a', 'b\r']);
  });

  it('keeps multi-byte characters split across chunks intact', () => {
    const reader = new LineReader(100);
    const bytes = Buffer.from('é✓\n');
    expect(reader.push(bytes.subarray(0, 1))).toEqual([]);
    expect(reader.push(bytes.subarray(1, 4))).toEqual([]);
    expect(text(reader.push(bytes.subarray(4)))).toEqual(['é✓']);
  });

  it('holds an unfinished line until its newline arrives', () => {
    const reader = new LineReader(100);
    expect(reader.push(Buffer.from('{"partial":'))).toEqual([]);
    expect(text(reader.push(Buffer.from('true}\n')))).toEqual(['{"partial":true}']);
  });
});
