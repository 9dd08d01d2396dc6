import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

import {
  CheckedReadBuffer,
  installReadBuffer,
} from '../../../../src/operation/gateway/upstream/checked-read-buffer.js';

const setup = (maxBytes = 1024) => {
  const records: Record<string, unknown>[] = [];
  const logger = pino(
    { base: undefined },
    { write: (line: string) => records.push(JSON.parse(line)) },
  );
  const buffer = new CheckedReadBuffer({ serverKey: 'raw', maxBytes, logger });
  const drain = () => {
    const out: unknown[] = [];
    for (let m = buffer.readMessage(); m !== null; m = buffer.readMessage()) out.push(m);
    return out;
  };
  return { buffer, records, drain };
};

const line = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value)}\n`);

describe('CheckedReadBuffer', () => {
  it('throws once for a line over the limit, holds none of it, and reads the next line', () => {
    const { buffer, drain } = setup(64);
    buffer.append(Buffer.alloc(40, 0x61));
    expect(() => buffer.append(Buffer.alloc(40, 0x61))).toThrow(
      'Server "raw" wrote a message longer than 64 bytes (maxMessageBytes); closing the connection',
    );
    for (let i = 0; i < 1_000; i++) buffer.append(Buffer.alloc(1024, 0x61)); // the rest of that line
    expect(drain()).toEqual([]);
    buffer.append(Buffer.from('tail\n{"jsonrpc":"2.0","id":1,"result":{}}\n'));
    expect(drain()).toEqual([{ jsonrpc: '2.0', id: 1, result: {} }]);
  });

  it('turns a response whose result is not an object into an error for that id', () => {
    const { buffer, drain, records } = setup();
    buffer.append(line({ jsonrpc: '2.0', id: 7, result: 42 }));
    expect(drain()).toEqual([
      {
        jsonrpc: '2.0',
        id: 7,
        error: {
          code: -32603,
          message: 'Server "raw" sent a malformed response: "result" must be an object, got number',
          data: { code: 'UPSTREAM_PROTOCOL', server: 'raw' },
        },
      },
    ]);
    expect(records).toEqual([
      expect.objectContaining({ id: 7, msg: 'the server sent a malformed response' }),
    ]);
  });

  it.each([
    [{ jsonrpc: '2.0', id: 'a', result: [1] }, '"result" must be an object, got an array'],
    [{ jsonrpc: '2.0', id: 1, result: null }, '"result" must be an object, got null'],
    [
      { jsonrpc: '2.0', id: 1, error: 'boom' },
      '"error" must be an object with an integer "code" and a string "message"',
    ],
    [
      { jsonrpc: '2.0', id: 1, error: { code: 1.5, message: 'x' } },
      '"error" must be an object with an integer "code"',
    ],
    [{ jsonrpc: '2.0', id: 1, error: { code: 1 } }, 'a string "message"'],
    [{ jsonrpc: '2.0', id: 1 }, 'it has neither "result" nor "error"'],
    [{ jsonrpc: '1.0', id: 1, result: {} }, '"jsonrpc" must be "2.0"'],
  ])('explains the malformed response %j', (value, problem) => {
    const { buffer, drain } = setup();
    buffer.append(line(value));
    const [message] = drain() as { id: unknown; error: { message: string } }[];
    expect(message!.id).toBe(value.id);
    expect(message!.error.message).toContain(problem);
  });

  it('reports a malformed message without a usable id as an error, and goes on with the next line', () => {
    const { buffer } = setup();
    buffer.append(
      Buffer.concat([
        line({ jsonrpc: '2.0', id: null, result: 1 }),
        line({ jsonrpc: '2.0', method: 7 }),
      ]),
    );
    buffer.append(
      line({
        jsonrpc: '2.0',
        method: 'notifications/message',
        params: { level: 'info', data: 'x' },
      }),
    );
    expect(() => buffer.readMessage()).toThrow();
    expect(() => buffer.readMessage()).toThrow();
    expect(buffer.readMessage()).toMatchObject({ method: 'notifications/message' });
    expect(buffer.readMessage()).toBeNull();
  });

  it('skips a line that is not JSON, logging a preview of it', () => {
    const { buffer, drain, records } = setup();
    buffer.append(Buffer.from(`Debugger listening on ws://127.0.0.1 ${'x'.repeat(500)}\n\n\r\n`));
    buffer.append(line({ jsonrpc: '2.0', id: 2, result: { ok: true } }));
    expect(drain()).toEqual([{ jsonrpc: '2.0', id: 2, result: { ok: true } }]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ msg: 'skipped a line from the server that is not JSON' });
    expect(String(records[0]!.line)).toHaveLength(200);
  });

  it('joins a message split over many chunks, a multi-byte character and CRLF included', () => {
    const { buffer, drain } = setup();
    const bytes = Buffer.from('{"jsonrpc":"2.0","id":3,"result":{"text":"é✓😀"}}\r\n');
    for (let i = 0; i < bytes.length; i++) buffer.append(bytes.subarray(i, i + 1));
    expect(drain()).toEqual([{ jsonrpc: '2.0', id: 3, result: { text: 'é✓😀' } }]);
  });

  it('forgets everything on clear', () => {
    const { buffer } = setup();
    buffer.append(Buffer.from('{"jsonrpc":"2.0","id":1,"result":{}}\n{"jsonrpc"'));
    buffer.clear();
    buffer.append(Buffer.from(':"2.0","id":2,"result":{}}\n'));
    expect(buffer.readMessage()).toBeNull();
  });
});

describe('installReadBuffer', () => {
  it("replaces the SDK stdio transport's read buffer", () => {
    const { buffer } = setup();
    const transport = new StdioClientTransport({ command: process.execPath });
    expect(installReadBuffer(transport, buffer, pino({ level: 'silent' }))).toBe(true);
    expect((transport as unknown as { _readBuffer: unknown })._readBuffer).toBe(buffer);
  });

  it('leaves a transport of another shape alone and says so', () => {
    const records: Record<string, unknown>[] = [];
    const logger = pino({ base: undefined }, { write: (l: string) => records.push(JSON.parse(l)) });
    const other = { _readBuffer: { append: () => undefined } };
    expect(installReadBuffer(other, setup().buffer, logger)).toBe(false);
    expect(installReadBuffer({}, setup().buffer, logger)).toBe(false);
    expect(records).toHaveLength(2);
  });
});
