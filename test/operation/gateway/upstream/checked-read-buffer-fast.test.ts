/**
 * The read buffer's fast path for plain result responses must read a line exactly as the SDK's
 * JSON-RPC parser does: any line it reads, the parser reads to the same message; whatever the
 * parser refuses still gets the buffer's error handling.
 */
import { parseJSONRPCMessage } from '@modelcontextprotocol/client';
import fc from 'fast-check';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

import { CheckedReadBuffer } from '../../../../src/operation/gateway/upstream/checked-read-buffer.js';

const logger = pino({ level: 'silent' });

/** What the buffer reads from one line (null when it skips it), or the error it throws. */
function read(value: unknown): { message: unknown } | { error: true } {
  const buffer = new CheckedReadBuffer({ serverKey: 's', maxBytes: 1 << 20, logger });
  buffer.append(Buffer.from(`${JSON.stringify(value)}\n`));
  try {
    return { message: buffer.readMessage() };
  } catch {
    return { error: true };
  }
}

function parsed(value: unknown): unknown {
  try {
    return parseJSONRPCMessage(value);
  } catch {
    return undefined;
  }
}

const id = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.double(), fc.constant(null));
const resultLike = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.constant({ _meta: { a: 1 } }),
  fc.constant({ _meta: 'x' }),
  fc.jsonValue({ maxDepth: 1 }),
);
const response = fc.record(
  {
    jsonrpc: fc.constantFrom('2.0', '1.0', 2),
    id,
    result: resultLike,
    extra: fc.constant(1),
    method: fc.constant('m'),
  },
  { requiredKeys: [] },
);

describe('CheckedReadBuffer fast path', () => {
  it('reads every line the way the SDK parser does (same message, or the same refusal)', () => {
    fc.assert(
      fc.property(response, (value) => {
        const sdk = parsed(JSON.parse(JSON.stringify(value)));
        const got = read(value);
        if (sdk !== undefined) expect(got).toEqual({ message: sdk });
        else if ('message' in got) {
          // Refused by the parser: the buffer stands in an error answer for the id, or throws.
          expect((got.message as { error?: unknown }).error).toBeDefined();
        }
      }),
      { numRuns: 3000 },
    );
  });
});
