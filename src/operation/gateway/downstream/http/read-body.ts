/**
 * @module operation/gateway/downstream/http/read-body
 * Reads and checks an HTTP request body before anything else sees it: a size cap enforced while
 * streaming (a lying or absent Content-Length cannot get past it), strict UTF-8, a nesting limit
 * and the JSON-RPC envelope. Each failure becomes the HTTP status and JSON-RPC error the spec asks
 * for, with a message that says what was wrong.
 */
import type { IncomingMessage } from 'node:http';

import type { JSONRPCMessage } from '@modelcontextprotocol/server';

import type { WireError } from '../wire/inspect-message.js';
import { decodeUtf8, inspectMessage, JSONRPC_PARSE_ERROR } from '../wire/inspect-message.js';

export type BodyResult =
  | { readonly ok: true; readonly value: JSONRPCMessage | JSONRPCMessage[] }
  | { readonly ok: false; readonly status: 400 | 413 | 415; readonly error: WireError };

const TOO_LARGE = (limit: number): BodyResult => ({
  ok: false,
  status: 413,
  error: { code: -32000, message: `Payload Too Large: the body exceeds ${limit} bytes`, id: null },
});

const UNSUPPORTED_TYPE: BodyResult = {
  ok: false,
  status: 415,
  error: {
    code: -32000,
    message: 'Unsupported Media Type: Content-Type must be application/json',
    id: null,
  },
};

function isJsonType(type: string | null | undefined): boolean {
  return /^application\/json\s*(;|$)/i.test((type ?? '').trim());
}

/** Reads `request`'s body up to `limit` bytes and inspects it as one JSON-RPC message or batch. */
export async function readJsonRpcBody(
  request: Request,
  limit: number,
  options: { allowBatch: boolean },
): Promise<BodyResult> {
  if (!isJsonType(request.headers.get('content-type'))) return UNSUPPORTED_TYPE;
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return TOO_LARGE(limit);
  const bytes = await readLimited(request, limit);
  if (bytes === undefined) return TOO_LARGE(limit);
  return inspectBody(bytes, options);
}

/** The same as {@link readJsonRpcBody}, for a Node request (the body is read from the stream). */
export async function readNodeJsonRpcBody(
  request: IncomingMessage,
  limit: number,
  options: { allowBatch: boolean },
): Promise<BodyResult> {
  if (!isJsonType(request.headers['content-type'])) return UNSUPPORTED_TYPE;
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return TOO_LARGE(limit);
  const bytes = await readNodeLimited(request, limit);
  if (bytes === undefined) return TOO_LARGE(limit);
  return inspectBody(bytes, options);
}

function inspectBody(bytes: Uint8Array, options: { allowBatch: boolean }): BodyResult {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    return {
      ok: false,
      status: 400,
      error: {
        code: JSONRPC_PARSE_ERROR,
        message: 'Parse error: body is not valid UTF-8',
        id: null,
      },
    };
  }
  const inspected = inspectMessage(decoded.text, options);
  if (!inspected.ok) return { ok: false, status: 400, error: inspected.error };
  return inspected;
}

/** Collects a Node request's body; undefined (and the rest discarded) once it passes `limit`. */
function readNodeLimited(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        // Threat: an endless body. Nothing more is kept; the rest is read and dropped.
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => {
      if (!over) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    request.once('error', reject);
  });
}

async function readLimited(request: Request, limit: number): Promise<Uint8Array | undefined> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
