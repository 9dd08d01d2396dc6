/**
 * @module operation/gateway/downstream/wire/inspect-message
 * First contact with untrusted bytes from a host: UTF-8 decoding, JSON parsing, a nesting limit
 * and the JSON-RPC envelope, each failure turned into the JSON-RPC error the spec asks for (and a
 * reason for the log). The SDK's own stdio reader silently drops malformed lines; a host deserves
 * an answer, so both fronts run this first.
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import {
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResponse,
} from '@modelcontextprotocol/server';

import { jsonDepth } from './json-depth.js';

/** Deepest nesting accepted in one message. */
export const MAX_JSON_DEPTH = 128;

export const JSONRPC_PARSE_ERROR = -32700;
export const JSONRPC_INVALID_REQUEST = -32600;

export interface WireError {
  readonly code: number;
  readonly message: string;
  /** The request id, when one could be read; otherwise null as the spec requires. */
  readonly id: string | number | null;
}

export type InspectedMessage =
  | { readonly ok: true; readonly value: JSONRPCMessage | JSONRPCMessage[] }
  | { readonly ok: false; readonly error: WireError };

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes bytes as UTF-8, refusing invalid sequences instead of replacing them. */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false } {
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    return { ok: false };
  }
}

/** Checks one message text (a line on stdio, a body on HTTP). */
export function inspectMessage(text: string, options: { allowBatch: boolean }): InspectedMessage {
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return fail(
      JSONRPC_INVALID_REQUEST,
      `Invalid Request: JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
      null,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(JSONRPC_PARSE_ERROR, `Parse error: ${(error as Error).message}`, null);
  }
  if (Array.isArray(parsed)) {
    if (!options.allowBatch) {
      return fail(
        JSONRPC_INVALID_REQUEST,
        'Invalid Request: JSON-RPC batches are not supported',
        null,
      );
    }
    if (parsed.length === 0)
      return fail(JSONRPC_INVALID_REQUEST, 'Invalid Request: empty batch', null);
    for (const item of parsed) {
      const one = checkEnvelope(item);
      if (!one.ok) return one;
    }
    return { ok: true, value: parsed as JSONRPCMessage[] };
  }
  return checkEnvelope(parsed);
}

function checkEnvelope(value: unknown): InspectedMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(
      JSONRPC_INVALID_REQUEST,
      `Invalid Request: a JSON-RPC message must be an object, got ${kind(value)}`,
      null,
    );
  }
  if (
    isPlainRequest(value as Record<string, unknown>) ||
    isJSONRPCRequest(value) ||
    isJSONRPCNotification(value) ||
    isJSONRPCResponse(value)
  ) {
    return { ok: true, value: value as JSONRPCMessage };
  }
  const record = value as Record<string, unknown>;
  const id = typeof record.id === 'string' || typeof record.id === 'number' ? record.id : null;
  if (record.jsonrpc !== '2.0') {
    return fail(JSONRPC_INVALID_REQUEST, 'Invalid Request: "jsonrpc" must be "2.0"', id);
  }
  if ('method' in record && typeof record.method !== 'string') {
    return fail(JSONRPC_INVALID_REQUEST, 'Invalid Request: "method" must be a string', id);
  }
  if (
    'params' in record &&
    (typeof record.params !== 'object' || record.params === null || Array.isArray(record.params))
  ) {
    return fail(JSONRPC_INVALID_REQUEST, 'Invalid Request: "params" must be an object', id);
  }
  return fail(
    JSONRPC_INVALID_REQUEST,
    'Invalid Request: not a JSON-RPC request, notification or response',
    id,
  );
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The common request (`jsonrpc`, an id, a method, params with at most a plain `_meta`), told
 * apart without the SDK's zod schema: its `safeParse` was about 1 % of the gateway's busy time per
 * call (issue 7 profile, HTTP at 64 in flight). Only shapes the schema certainly accepts pass here
 * (property-tested); anything else still goes through the schema.
 */
function isPlainRequest(m: Record<string, unknown>): boolean {
  for (const key in m) {
    if (key !== 'jsonrpc' && key !== 'id' && key !== 'method' && key !== 'params') return false;
  }
  if (m.jsonrpc !== '2.0' || typeof m.method !== 'string') return false;
  if (typeof m.id !== 'string' && !Number.isSafeInteger(m.id)) return false;
  const params = m.params;
  if (params === undefined) return true;
  if (!isObject(params)) return false;
  const meta = params._meta;
  if (meta === undefined) return true;
  if (!isObject(meta) || 'io.modelcontextprotocol/related-task' in meta) return false;
  const token = meta.progressToken;
  return token === undefined || typeof token === 'string' || Number.isSafeInteger(token);
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

function fail(code: number, message: string, id: string | number | null): InspectedMessage {
  return { ok: false, error: { code, message, id } };
}

/** The JSON-RPC error response for a wire error. */
export function errorResponse(error: WireError): Record<string, unknown> {
  return { jsonrpc: '2.0', id: error.id, error: { code: error.code, message: error.message } };
}
