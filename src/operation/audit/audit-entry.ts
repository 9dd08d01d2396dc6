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

const ENTRY_KEYS = new Set(Object.keys(AuditEntrySchema.shape));
const DECISIONS: ReadonlySet<unknown> = new Set(AUDIT_DECISIONS);
const OUTCOMES: ReadonlySet<unknown> = new Set(AUDIT_OUTCOMES);
const KINDS: ReadonlySet<unknown> = new Set(ITEM_KINDS);

const absent = (value: unknown): boolean => value === undefined || value === null;
const text = (value: unknown, min: number, max: number): boolean =>
  typeof value === 'string' && value.length >= min && value.length <= max;
const maybeText = (value: unknown, max: number): boolean => absent(value) || text(value, 0, max);

/**
 * The entries the gateway makes, recognised without the schema parse (a fifth of an append's CPU
 * time): every field has the schema's type and bounds, and nothing else is there. Only entries the
 * schema certainly accepts pass; any other (a time given as a string, findings, a malformed
 * entry) goes through the schema, which gives the error message.
 */
export function isPlainEntry(input: AuditEntry): boolean {
  const e = input as Record<string, unknown>;
  for (const key in e) if (!ENTRY_KEYS.has(key)) return false;
  const id = e.requestId;
  const code = e.errorCode;
  return (
    (e.time === undefined || (e.time instanceof Date && !Number.isNaN(e.time.getTime()))) &&
    (absent(id) || text(id, 0, 256) || (typeof id === 'number' && Number.isFinite(id))) &&
    text(e.principal, 1, 256) &&
    typeof e.front === 'string' &&
    TOKEN.test(e.front) &&
    (absent(e.era) || (typeof e.era === 'string' && TOKEN.test(e.era))) &&
    maybeText(e.sessionId, 1024) &&
    text(e.method, 1, 128) &&
    maybeText(e.serverKey, 128) &&
    maybeText(e.serverName, 256) &&
    maybeText(e.serverVersion, 128) &&
    maybeText(e.serverIdentity, 256) &&
    (absent(e.itemKind) || KINDS.has(e.itemKind)) &&
    maybeText(e.item, 2048) &&
    (absent(e.definitionHash) ||
      (typeof e.definitionHash === 'string' && HEX64.test(e.definitionHash))) &&
    DECISIONS.has(e.decision) &&
    OUTCOMES.has(e.outcome) &&
    (absent(code) || text(code, 0, 64) || Number.isSafeInteger(code)) &&
    typeof e.latencyMs === 'number' &&
    Number.isFinite(e.latencyMs) &&
    e.latencyMs >= 0 &&
    absent(e.findings)
  );
}

/**
 * Validates an entry and derives the record fields (HMACs, redactions, nulls for absent). `now`
 * is asked only when the entry has no time of its own (the gateway always gives one).
 */
export function toAuditFields(input: AuditEntry, keys: HmacKeys, now: () => Date): AuditFields {
  let entry: z.output<typeof AuditEntrySchema>;
  if (isPlainEntry(input)) {
    entry = input;
  } else {
    const parsed = AuditEntrySchema.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map(
        (i) => `${i.path.join('.') || '(entry)'}: ${i.message}`,
      );
      throw new AuditError('invalid-entry', `invalid entry: ${issues.join('; ')}`);
    }
    entry = parsed.data;
  }
  const time =
    entry.time === undefined
      ? now()
      : entry.time instanceof Date
        ? entry.time
        : new Date(entry.time);
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
