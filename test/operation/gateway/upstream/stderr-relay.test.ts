import { PassThrough } from 'node:stream';

import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

import {
  DEFAULT_MAX_STDERR_LINE,
  relayStderr,
} from '../../../../src/operation/gateway/upstream/stderr-relay.js';

/** A logger whose records land in an array, and a stream relayed into it. */
const setup = (maxLineBytes?: number) => {
  const records: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info', base: undefined },
    { write: (line: string) => records.push(JSON.parse(line)) },
  );
  const stream = new PassThrough();
  relayStderr(stream, logger, maxLineBytes);
  const ended = new Promise((resolve) => stream.once('end', resolve));
  const finish = async (): Promise<Record<string, unknown>[]> => {
    stream.end();
    await ended;
    return records;
  };
  return { stream, records, finish };
};

describe('relayStderr', () => {
  it('never holds more than the cap of a 50 MB line without a newline', async () => {
    const { stream, records, finish } = setup();
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const total = 50 * 1024 * 1024;
    for (let sent = 0; sent < total; sent += chunk.length) stream.write(chunk);
    stream.write('\nnext line\n');
    await finish();
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      msg: 'server stderr',
      truncatedBytes: total - DEFAULT_MAX_STDERR_LINE,
    });
    expect(Buffer.byteLength(String(records[0]!.stderr))).toBe(DEFAULT_MAX_STDERR_LINE);
    expect(records[1]).toEqual(expect.objectContaining({ stderr: 'next line' }));
    expect(records[1]).not.toHaveProperty('truncatedBytes');
  });

  it('counts the cap and the truncation in bytes, multi-byte characters included', async () => {
    const { stream, records, finish } = setup(10);
    stream.write(Buffer.from(`${'é'.repeat(8)}\n`)); // 16 bytes
    await finish();
    expect(records).toHaveLength(1);
    const kept = String(records[0]!.stderr);
    expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(10);
    expect(kept).toBe('ééééé');
    expect(records[0]!.truncatedBytes).toBe(6);
  });

  it('keeps a character split across chunks whole', async () => {
    const { stream, records, finish } = setup();
    const bytes = Buffer.from('✓ ok\n');
    stream.write(bytes.subarray(0, 1));
    stream.write(bytes.subarray(1));
    await finish();
    expect(records.map((r) => r.stderr)).toEqual(['✓ ok']);
  });

  it('logs one record per line, strips CR, skips empty lines, and flushes the last line at the end', async () => {
    const { stream, records, finish } = setup();
    stream.write('one\r\ntw');
    stream.write('o\n\n\r\nthree');
    await finish();
    expect(records.map((r) => r.stderr)).toEqual(['one', 'two', 'three']);
    expect(records.every((r) => r.msg === 'server stderr' && r.level === 30)).toBe(true);
  });
});

describe('relayStderr cutting inside a character', () => {
  it.each([
    ['two-byte', 'é', 9, 'éééé', 8],
    ['three-byte', '✓', 10, '✓✓✓', 9],
    ['four-byte', '😀', 6, '😀', 4],
  ])(
    'drops a %s character the cap splits instead of logging half of it',
    async (_what, char, cap, kept, keptBytes) => {
      const { stream, records, finish } = setup(cap);
      const line = char.repeat(10);
      stream.write(`${line}\n`);
      await finish();
      expect(records[0]).toMatchObject({
        stderr: kept,
        truncatedBytes: Buffer.byteLength(line) - keptBytes,
      });
    },
  );
});
