/**
 * Chaining builds each row as one object literal and hashes it from its fields: the rows, their
 * key order and their hashes must be exactly those of the general form (spread the fields, add the
 * seq, hash the RFC 8785 form, spread again with the two hashes).
 */
import { createHash } from 'node:crypto';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  type AuditFields,
  type AuditRow,
  type ChainPoint,
  chainRecords,
  EMPTY_CHAIN,
} from '../../../src/operation/audit/audit-record.js';
import { canonicalJson } from '../../../src/shared/canonical/index.js';
import { record } from './record-arbitrary.js';

/** The chain rule as docs/audit.md states it, with nothing specialised. */
function generalChain(tail: ChainPoint, fields: readonly AuditFields[]): AuditRow[] {
  let prev = tail;
  return fields.map((field) => {
    const rec = { ...field, seq: prev.seq + 1 };
    const hash = createHash('sha256')
      .update(prev.hash + canonicalJson(rec), 'utf8')
      .digest('hex');
    const row = { ...rec, prevHash: prev.hash, hash };
    prev = { seq: rec.seq, hash };
    return row;
  });
}

/** Fields in the key order `toAuditFields` makes them. */
const fields: fc.Arbitrary<AuditFields> = record.map((r) => ({
  v: r.v,
  time: r.time,
  requestId: r.requestId,
  principal: r.principal,
  front: r.front,
  era: r.era,
  session: r.session,
  method: r.method,
  serverKey: r.serverKey,
  serverName: r.serverName,
  serverVersion: r.serverVersion,
  serverIdentity: r.serverIdentity,
  itemKind: r.itemKind,
  item: r.item,
  definitionHash: r.definitionHash,
  argumentsHmac: r.argumentsHmac,
  decision: r.decision,
  outcome: r.outcome,
  errorCode: r.errorCode,
  latencyMs: r.latencyMs,
  findings: r.findings,
}));

const tail: fc.Arbitrary<ChainPoint> = fc.oneof(
  fc.constant(EMPTY_CHAIN),
  fc.record({
    seq: fc.integer({ min: 1, max: 2 ** 40 }),
    hash: fc.stringMatching(/^[0-9a-f]{64}$/),
  }),
);

describe('chainRecords', () => {
  it('makes the rows, key order and hashes of the general chain rule', () => {
    fc.assert(
      fc.property(tail, fc.array(fields, { maxLength: 5 }), (point, batch) => {
        const rows = chainRecords(point, batch);
        const expected = generalChain(point, batch);
        expect(rows).toStrictEqual(expected);
        expect(rows.map((row) => Object.keys(row))).toEqual(
          expected.map((row) => Object.keys(row)),
        );
      }),
      { numRuns: 1000 },
    );
  });
});
