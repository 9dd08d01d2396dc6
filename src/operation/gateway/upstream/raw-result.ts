/**
 * @module operation/gateway/upstream/raw-result
 * A Standard Schema that accepts any JSON object as a result. The gateway relays upstream replies
 * byte-for-byte where it can (unknown fields and extension `_meta` included), so it asks the SDK
 * for the raw result and validates the parts it reads itself, per method, with clear errors.
 */
import type { StandardSchemaV1 } from '@modelcontextprotocol/client';

export type RawResult = Record<string, unknown>;

/** Why a result is refused (the SDK reports it as `Invalid result for <method>: <issue>`). */
export const RAW_RESULT_ISSUE = 'result must be a JSON object';

/** Accepts any JSON object; rejects anything else (an upstream answering `42` is broken). */
export const RAW_RESULT_SCHEMA: StandardSchemaV1<unknown, RawResult> = {
  '~standard': {
    version: 1,
    vendor: 'gatehouse',
    validate(value: unknown) {
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        return { value: value as RawResult };
      }
      return { issues: [{ message: RAW_RESULT_ISSUE }] };
    },
  },
};
