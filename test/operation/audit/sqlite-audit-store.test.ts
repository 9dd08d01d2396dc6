/**
 * The insert's parameters are written out field by field: they must follow the table's column
 * order (COLUMNS, then prev_hash and hash), and `findings` must be stored in canonical form.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { AuditRow } from '../../../src/operation/audit/audit-record.js';
import { COLUMNS, toParams } from '../../../src/operation/audit/sqlite-audit-store.js';
import { canonicalJson } from '../../../src/shared/canonical/index.js';
import { record } from './record-arbitrary.js';

const row: fc.Arbitrary<AuditRow> = fc
  .tuple(record, fc.stringMatching(/^[0-9a-f]{64}$/), fc.stringMatching(/^[0-9a-f]{64}$/))
  .map(([r, prevHash, hash]) => ({ ...r, prevHash, hash }));

describe('toParams', () => {
  it('lists the columns in table order, findings in canonical form', () => {
    fc.assert(
      fc.property(row, (r) => {
        const values = r as unknown as Record<string, unknown>;
        const expected = [
          ...COLUMNS.map(([field]) =>
            field === 'findings'
              ? r.findings === null
                ? null
                : canonicalJson(r.findings)
              : values[field],
          ),
          r.prevHash,
          r.hash,
        ];
        expect(toParams(r)).toStrictEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
