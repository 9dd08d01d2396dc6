/**
 * @module scripts/bench/json-rpc
 * The few JSON-RPC 2.0 shapes the lean clients handle, and a cheap classifier for incoming
 * messages. Deliberately not zod: the check runs once per measured call, and every reply is
 * verified exactly afterwards ({@link checkEchoReply}), which a structural schema would not add to.
 */

export type JsonRpcId = number | string;

export interface JsonRpcRequest {
  readonly jsonrpc: '2.0';
  readonly id: JsonRpcId;
  readonly method: string;
  readonly params?: unknown;
}

export interface JsonRpcNotification {
  readonly jsonrpc: '2.0';
  readonly method: string;
  readonly params?: unknown;
}

export interface JsonRpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

export type JsonRpcResponse =
  | { readonly jsonrpc: '2.0'; readonly id: JsonRpcId; readonly result: unknown }
  | { readonly jsonrpc: '2.0'; readonly id: JsonRpcId | null; readonly error: JsonRpcErrorObject };

export type JsonRpcOutgoing = JsonRpcRequest | JsonRpcNotification | JsonRpcResponse;

export type Incoming =
  | { readonly kind: 'response'; readonly message: JsonRpcResponse }
  | { readonly kind: 'request'; readonly message: JsonRpcRequest }
  | { readonly kind: 'notification'; readonly message: JsonRpcNotification }
  | { readonly kind: 'invalid'; readonly reason: string };

function isId(value: unknown): value is JsonRpcId {
  return typeof value === 'number' || typeof value === 'string';
}

/** Sorts one parsed JSON value into response / server request / notification / invalid. */
export function classify(value: unknown): Incoming {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', reason: 'not a JSON-RPC object' };
  }
  const m = value as Record<string, unknown>;
  if (m['jsonrpc'] !== '2.0') return { kind: 'invalid', reason: 'jsonrpc is not "2.0"' };
  if (typeof m['method'] === 'string') {
    if (isId(m['id'])) return { kind: 'request', message: m as unknown as JsonRpcRequest };
    return { kind: 'notification', message: m as unknown as JsonRpcNotification };
  }
  if ('result' in m && isId(m['id'])) {
    return { kind: 'response', message: m as unknown as JsonRpcResponse };
  }
  if (
    typeof m['error'] === 'object' &&
    m['error'] !== null &&
    (isId(m['id']) || m['id'] === null)
  ) {
    return { kind: 'response', message: m as unknown as JsonRpcResponse };
  }
  return { kind: 'invalid', reason: 'neither a request, a notification nor a response' };
}

/** Parses JSON text holding one message or a batch, and classifies each message. */
export function parseMessages(text: string): Incoming[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [{ kind: 'invalid', reason: `not JSON: ${text.slice(0, 120)}` }];
  }
  return Array.isArray(value) ? value.map(classify) : [classify(value)];
}

/** Thrown when the server answers a request with a JSON-RPC error. */
export class RpcError extends Error {
  readonly code: number;

  constructor(error: JsonRpcErrorObject, method: string) {
    super(`${method}: JSON-RPC error ${error.code}: ${error.message}`);
    this.name = 'RpcError';
    this.code = error.code;
  }
}

/** The text an echo call must return for `message`. */
export function expectedEcho(message: string): string {
  return `Echo: ${message}`;
}

/** Checks a `tools/call echo` result: exactly one text item reading `Echo: <message>`. */
export function checkEchoReply(
  result: unknown,
  message: string,
): { ok: true } | { ok: false; problem: string } {
  const r = result as { content?: unknown; isError?: unknown } | null;
  if (typeof r !== 'object' || r === null) return { ok: false, problem: 'result is not an object' };
  if (r.isError === true) return { ok: false, problem: `tool error: ${JSON.stringify(r.content)}` };
  const content = r.content;
  if (!Array.isArray(content) || content.length !== 1) {
    return { ok: false, problem: `expected one content item, got ${JSON.stringify(content)}` };
  }
  const item = content[0] as { type?: unknown; text?: unknown } | null;
  const want = expectedEcho(message);
  if (item?.type !== 'text' || item.text !== want) {
    return { ok: false, problem: `expected "${want}", got ${JSON.stringify(item)}` };
  }
  return { ok: true };
}
