/**
 * @module operation/audit/audit-entry
 * What the gateway hands the audit log for one request, and how it becomes a record: the
 * arguments are redacted and reduced to a keyed HMAC, the session id to a keyed pseudonym, and
 * free-text fields lose embedded credentials. Nothing given here is stored in clear except the
 * identifying fields (principal, server, item, decision, outcome).
 */
import { z } from 'zod';

import { canonicalJson } from '../../shared/canonical/index.js';
import { redactEmbedded, redactValue } from '../../shared/redaction/index.js';
import { AuditError } from './audit-error.js';
import {
  AUDIT_DECISIONS,
  AUDIT_OUTCOMES,
  type AuditFields,
  FindingsSummarySchema,
  HEX64,
  ITEM_KINDS,
  RECORD_FORMAT,
} from './audit-record.js';
import type { HmacKeys } from './key-files.js';

const TOKEN = /^[A-Za-z0-9._:/-]{1,32}$/;
const optionalText = (max: number) => z.string().max(max).nullable().optional();

/** One request as the gateway reports it. Unknown fields are refused (a caller bug). */
export const AuditEntrySchema = z.strictObject({
  /** When the request arrived; default: when `append` was called. */
  time: z.union([z.date(), z.iso.datetime({ offset: true })]).optional(),
  /** The JSON-RPC id (or the gateway's own request id). */
  requestId: z
    .union([z.string().max(256), z.number()])
    .nullable()
    .optional(),
  /** Who asked: `key:<id>` for a bearer key, `local`, `stdio`, … */
  principal: z.string().min(1).max(256),
  /** Which front received it: `stdio`, `http`, `sse`. */
  front: z.string().regex(TOKEN),
  /** Protocol era of the host: `session` or `stateless`. */
  era: z.string().regex(TOKEN).nullable().optional(),
  /** The MCP session id; stored only as a keyed pseudonym. */
  sessionId: z.string().max(1024).nullable().optional(),
  /** JSON-RPC method, e.g. `tools/call`. */
  method: z.string().min(1).max(128),
  serverKey: optionalText(128),
  serverName: optionalText(256),
  serverVersion: optionalText(128),
  /** The pinned identity of the server (e.g. a package integrity digest). */
  serverIdentity: optionalText(256),
  itemKind: z.enum(ITEM_KINDS).nullable().optional(),
  /** The tool or prompt name, or the resource URI, as the server knows it. */
  item: optionalText(2048),
  /** `jcsHash` of the item's definition as pinned. */
  definitionHash: z.string().regex(HEX64).nullable().optional(),
  /** The request's arguments; only their HMAC is kept. */
  arguments: z.unknown().optional(),
  decision: z.enum(AUDIT_DECISIONS),
  outcome: z.enum(AUDIT_OUTCOMES),
  /** A JSON-RPC error code or a Gatehouse error code, when `outcome` is not `ok`. */
  errorCode: z
    .union([z.string().max(64), z.number().int()])
    .nullable()
    .optional(),
  latencyMs: z.number().min(0).finite(),
  findings: FindingsSummarySchema.nullable().optional(),
});
export type AuditEntry = z.input<typeof AuditEntrySchema>;

/** Validates an entry and derives the record fields (HMACs, redactions, nulls for absent). */
export function toAuditFields(input: AuditEntry, keys: HmacKeys, now: Date): AuditFields {
  const parsed = AuditEntrySchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`);
    throw new AuditError('invalid-entry', `invalid entry: ${issues.join('; ')}`);
  }
  const entry = parsed.data;
  const time = entry.time === undefined ? now : new Date(entry.time);
  return {
    v: RECORD_FORMAT,
    time: time.toISOString(),
    requestId: entry.requestId == null ? null : redactEmbedded(String(entry.requestId)),
    principal: entry.principal,
    front: entry.front,
    era: entry.era ?? null,
    session: entry.sessionId == null ? null : keys.session(entry.sessionId),
    method: entry.method,
    serverKey: entry.serverKey ?? null,
    serverName: entry.serverName ?? null,
    serverVersion: entry.serverVersion ?? null,
    serverIdentity: entry.serverIdentity ?? null,
    itemKind: entry.itemKind ?? null,
    // Threat: a resource URI carrying a credential (?token=…, user:pass@).
    item: entry.item == null ? null : redactEmbedded(entry.item),
    definitionHash: entry.definitionHash ?? null,
    argumentsHmac: entry.arguments === undefined ? null : argumentsHmac(entry.arguments, keys),
    decision: entry.decision,
    outcome: entry.outcome,
    errorCode: entry.errorCode == null ? null : redactEmbedded(String(entry.errorCode)),
    latencyMs: Math.round(entry.latencyMs * 1000) / 1000,
    findings: entry.findings ?? null,
  };
}

/** The keyed HMAC of the canonical JSON of the arguments after secrets are redacted. */
export function argumentsHmac(args: unknown, keys: HmacKeys): string {
  let canonical: string;
  try {
    canonical = canonicalJson(redactValue(args));
  } catch (error) {
    throw new AuditError('invalid-entry', 'arguments are not a JSON value', { cause: error });
  }
  return keys.arguments(canonical);
}
