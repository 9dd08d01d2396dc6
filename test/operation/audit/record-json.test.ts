/**
 * The audit record's own canonical serializer must equal RFC 8785 (`canonicalJson`) byte for byte:
 * the chain hashes depend on it, and `verify` recomputes them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { AuditRecord } from '../../../src/operation/audit/index.js';
import { recordJson } from '../../../src/operation/audit/record-json.js';
import { canonicalJson } from '../../../src/shared/canonical/index.js';

const text = fc.option(fc.string({ unit: 'binary', maxLength: 40 }), { nil: null });

const record: fc.Arbitrary<AuditRecord> = fc.record({
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

describe('recordJson', () => {
  it('equals canonicalJson for any record (keys, escapes, lone surrogates, number forms)', () => {
    fc.assert(
      fc.property(record, (r) => {
        expect(recordJson(r)).toBe(canonicalJson(r));
      }),
      { numRuns: 2000 },
    );
  });

  it('falls back to the general serializer for a record with a key it does not know', () => {
    const base = fc.sample(record, 1)[0] as AuditRecord;
    const { findings: _drop, ...rest } = base;
    const odd = { ...rest, extra: { b: 1, a: [2, 'x'] } } as unknown as AuditRecord;
    expect(recordJson(odd)).toBe(canonicalJson(odd));
    const missing = { ...rest } as unknown as AuditRecord;
    expect(recordJson(missing)).toBe(canonicalJson(missing));
  });
});
