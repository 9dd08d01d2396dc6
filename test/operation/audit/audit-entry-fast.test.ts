/**
 * The audit entry's fast check must never accept what the schema refuses: for any entry, mostly
 * well-formed and often broken in one field, `isPlainEntry` passing implies the schema passing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { isPlainEntry } from '../../../src/operation/audit/audit-entry.js';
import { AuditEntrySchema } from '../../../src/operation/audit/index.js';

const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 3000 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.date({ noInvalidDate: false }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);

const token = fc.stringMatching(/^[A-Za-z0-9._:/-]{1,32}$/);
const good = fc.record(
  {
    // The gateway stamps real times: fast-check 4 draws invalid dates unless told not to.
    time: fc.date({ noInvalidDate: true }),
    requestId: fc.oneof(fc.string({ maxLength: 256 }), fc.integer(), fc.constant(null)),
    principal: fc.string({ minLength: 1, maxLength: 256 }),
    front: token,
    era: fc.option(token, { nil: null }),
    sessionId: fc.option(fc.string({ maxLength: 1024 }), { nil: null }),
    method: fc.string({ minLength: 1, maxLength: 128 }),
    serverKey: fc.option(fc.string({ maxLength: 128 }), { nil: null }),
    serverName: fc.option(fc.string({ maxLength: 256 }), { nil: null }),
    serverVersion: fc.option(fc.string({ maxLength: 128 }), { nil: null }),
    serverIdentity: fc.option(fc.string({ maxLength: 256 }), { nil: null }),
    itemKind: fc.constantFrom('tool', 'prompt', 'resource', null),
    item: fc.option(fc.string({ maxLength: 2048 }), { nil: null }),
    definitionHash: fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: null }),
    arguments: fc.jsonValue(),
    decision: fc.constantFrom('allow', 'deny', 'withheld', 'confirm'),
    outcome: fc.constantFrom('ok', 'error', 'cancelled', 'timeout'),
    errorCode: fc.oneof(fc.string({ maxLength: 64 }), fc.integer(), fc.constant(null)),
    latencyMs: fc.double({ min: 0, max: 1e6, noNaN: true }),
    findings: fc.constant(null),
  },
  { requiredKeys: ['principal', 'front', 'method', 'decision', 'outcome', 'latencyMs'] },
);

/** A well-formed entry with one field (or an extra key) replaced by anything at all. */
const broken = fc
  .tuple(good, fc.constantFrom(...Object.keys(AuditEntrySchema.shape), 'extra'), anyValue)
  .map(([entry, key, value]) => ({ ...entry, [key]: value }));

describe('isPlainEntry', () => {
  it('never passes an entry the schema refuses', () => {
    fc.assert(
      fc.property(fc.oneof(good, broken), (entry) => {
        if (isPlainEntry(entry)) {
          expect(AuditEntrySchema.safeParse(entry).success).toBe(true);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('passes the entries the gateway makes (the fast path is taken)', () => {
    fc.assert(
      fc.property(good, (entry) => {
        expect(isPlainEntry(entry as never)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
