import { describe, expect, it } from 'vitest';

import { SseParser } from '../../../scripts/bench/index.js';

function parseAll(chunks: readonly string[]) {
  const parser = new SseParser();
  return chunks.flatMap((chunk) => parser.push(chunk));
}

describe('SseParser', () => {
  it('dispatches nothing for an event that is not terminated by a blank line yet', () => {
    expect(parseAll(['event: message\ndata: {"a":1}\n'])).toEqual([]);
  });

  it('does not dispatch comments, or events that carry an id but no data lines', () => {
    expect(parseAll([': keepalive\n\n', 'id: 7\nretry: 1000\n\n'])).toEqual([]);
  });

  it('dispatches a priming event with empty data, which a client must skip itself', () => {
    expect(parseAll(['id: p1\nretry: 1000\ndata: \n\n'])).toEqual([
      { event: 'message', data: '', id: 'p1' },
    ]);
  });

  it('reads the endpoint event and message events of a legacy SSE stream', () => {
    const events = parseAll([
      'event: endpoint\ndata: /message?sessionId=abc\n\n',
      'event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{}}\n\n',
    ]);
    expect(events).toEqual([
      { event: 'endpoint', data: '/message?sessionId=abc', id: undefined },
      { event: 'message', data: '{"jsonrpc":"2.0","id":1,"result":{}}', id: undefined },
    ]);
  });

  it('joins multi-line data with newlines and defaults the type to message', () => {
    expect(parseAll(['data: first\ndata: second\n\n'])).toEqual([
      { event: 'message', data: 'first\nsecond', id: undefined },
    ]);
  });

  it('handles CRLF and CR line ends, also when a CRLF is split across chunks', () => {
    const events = parseAll(['event: message\r', '\ndata: a\r\n\r', '\ndata: b\r\r', ': next\n']);
    expect(events.map((e) => e.data)).toEqual(['a', 'b']);
  });

  it('holds back a CR at the end of a chunk, since an LF may follow', () => {
    const parser = new SseParser();
    expect(parser.push('data: x\r\r')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'message', data: 'x', id: undefined }]);
  });

  it('reassembles an event split inside a field name and a value', () => {
    const text = 'event: message\nid: 42\ndata: {"jsonrpc":"2.0","id":3,"result":{"ok":true}}\n\n';
    const chunks = [...text].map((c) => c); // one character per chunk
    expect(parseAll(chunks)).toEqual([
      { event: 'message', data: '{"jsonrpc":"2.0","id":3,"result":{"ok":true}}', id: '42' },
    ]);
  });

  it('strips one leading space only, and a byte order mark at the start of the stream', () => {
    expect(parseAll(['\ufeffdata:  two spaces\n\n', 'data:none\n\n']).map((e) => e.data)).toEqual([
      ' two spaces',
      'none',
    ]);
  });

  it('keeps the last event id for later events that do not set one', () => {
    expect(parseAll(['id: 1\ndata: a\n\n', 'data: b\n\n']).map((e) => e.id)).toEqual(['1', '1']);
  });
});
