/**
 * A fast-check arbitrary of audit records, shared by the tests that hold the record's fast
 * serializer, chaining and insert parameters against their general forms.
 */
import fc from 'fast-check';

import type { AuditRecord } from '../../../src/operation/audit/index.js';

const text = fc.option(fc.string({ unit: 'binary', maxLength: 40 }), { nil: null });

/** Any record of the stored shape (strings of every kind, every number form, findings or not). */
export const record: fc.Arbitrary<AuditRecord> = fc.record({
  v: fc.constant(1 as const),
  seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  time: fc.string({ minLength: 1, maxLength: 30 }),
  requestId: text,
  principal: fc.string({ minLength: 1, unit: 'grapheme' }),
  front: fc.constantFrom('stdio', 'http', 'sse'),
  era: text,
  session: text,
  method: fc.string({ minLength: 1 }),
  serverKey: text,
  serverName: text,
  serverVersion: text,
  serverIdentity: text,
  itemKind: fc.constantFrom('tool' as const, 'prompt' as const, 'resource' as const, null),
  item: text,
  definitionHash: fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: null }),
  argumentsHmac: fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: null }),
  decision: fc.string({ minLength: 1 }),
  outcome: fc.string({ minLength: 1 }),
  errorCode: text,
  latencyMs: fc.oneof(
    fc.double({ min: 0, max: 1e9, noNaN: true }),
    fc.integer({ min: 0, max: 1e9 }),
    fc.constant(-0),
    fc.constant(1e21),
    fc.constant(1.5e-7),
  ),
  findings: fc.option(
    fc.record({
      count: fc.nat(),
      maxSeverity: text,
      codes: fc.array(fc.string({ unit: 'binary' }), { maxLength: 5 }),
    }),
    { nil: null },
  ),
});
