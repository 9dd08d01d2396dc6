/**
 * Log lines never carry a credential: not under a secret-named field, not inside an error's
 * message or stack, not in the message text; ids and hashes stay readable.
 */
import { Writable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { createLogger } from '../../../src/shared/logging/index.js';

function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('redacts secrets in fields, errors and messages, and keeps hashes and ids', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', destination: out.stream });
    const hash = 'a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
    logger.error(
      {
        err: new Error('GET https://api.example.com/mcp?token=s3cr3tValue1 failed'),
        url: 'https://deploy:hunter2pass@registry.example.com/',
        apiKey: 'plain-words-but-secret',
        definitionHash: hash,
        server: 'github',
      },
      'upstream said: Bearer abcdefghijklmnop0123 is not valid',
    );
    const [line] = out.lines();
    const text = JSON.stringify(line);
    for (const secret of [
      's3cr3tValue1',
      'hunter2pass',
      'plain-words-but-secret',
      'abcdefghijklmnop0123',
    ])
      expect(text).not.toContain(secret);
    expect(line).toMatchObject({ definitionHash: hash, server: 'github', apiKey: '[redacted]' });
    expect((line?.err as { message: string }).message).toMatch(/token=\[redacted\]/);
    expect((line?.err as { stack: string }).stack).not.toContain('s3cr3tValue1');
    expect(line?.msg).toBe('upstream said: [redacted] is not valid');
  });
});
