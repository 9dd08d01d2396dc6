/**
 * The audit record's own canonical serializer must equal RFC 8785 (`canonicalJson`) byte for byte:
 * the chain hashes depend on it, and `verify` recomputes them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { AuditFields } from '../../../src/operation/audit/audit-record.js';
import type { AuditRecord } from '../../../src/operation/audit/index.js';
import { recordJson, recordJsonAt } from '../../../src/operation/audit/record-json.js';
import { canonicalJson } from '../../../src/shared/canonical/index.js';
import { record } from './record-arbitrary.js';

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

  it('recordJsonAt: the record fields make at a seq, without building it', () => {
    fc.assert(
      fc.property(record, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (r, seq) => {
        const { seq: _seq, ...fields } = r;
        expect(recordJsonAt(fields, seq)).toBe(canonicalJson({ ...fields, seq }));
      }),
      { numRuns: 2000 },
    );
  });

  it('recordJsonAt serializes only the keys a record has (what the store keeps)', () => {
    const { seq: _seq, ...fields } = fc.sample(record, 1)[0] as AuditRecord;
    for (const findings of [null, { count: 1, maxSeverity: 'low', codes: ['a'] }]) {
      const odd = { ...fields, findings, extra: 'x' } as unknown as AuditFields;
      expect(recordJsonAt(odd, 7)).toBe(canonicalJson({ ...fields, findings, seq: 7 }));
    }
    const { era: _era, ...missing } = fields;
    expect(recordJsonAt(missing as unknown as AuditFields, 7)).toBe(
      canonicalJson({ ...missing, seq: 7 }),
    );
  });
});
