/**
 * @module operation/gateway/downstream/http/web-bridge
 * The few requests `node:http` hands to a web-standard handler (the SDK's 2026-07-28 entry): a
 * `Request` made from the Node request's head (the body, already read and checked, travels as the
 * handler's `parsedBody`), and a `Response` written back to the Node response, streaming its body
 * until it ends or the client goes away.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A body-less web `Request` with the Node request's method, URL and headers, whose `signal` aborts
 * when the client goes away before its answer is complete (the handler cancels the call then).
 */
export function toWebRequest(req: IncomingMessage, res: ServerResponse): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2)
    headers.append(raw[i] as string, raw[i + 1] as string);
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  // The Host header was checked by the front before the request got here.
  const host = req.headers.host ?? 'localhost';
  return new Request(`http://${host}${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers,
    signal: gone.signal,
  });
}

/** Writes `response` to `res`; resolves once its body has ended (or the client left). */
export async function writeWebResponse(
  response: Response,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    const previous = headers[name];
    if (previous === undefined) headers[name] = value;
    else headers[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  });
  const body = response.body;
  const streaming = (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
  if (!streaming) {
    // A whole answer (JSON): head and body leave in one write.
    const bytes = body ? Buffer.from(await response.arrayBuffer()) : undefined;
    if (bytes) headers['content-length'] = String(bytes.length);
    res.writeHead(response.status, response.statusText, headers);
    res.end(bytes);
    return;
  }
  res.writeHead(response.status, response.statusText, headers);
  if (!body) {
    res.end();
    return;
  }
  // An event stream may stay quiet for a while: the client gets the head at once.
  res.flushHeaders();
  const reader = body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  const abandon = (): void => {
    void reader.cancel().catch(() => undefined);
  };
  res.once('close', abandon);
  req.once('aborted', abandon);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) break;
      res.write(value);
    }
  } catch {
    // The handler's stream failed: end what was sent.
  } finally {
    res.off('close', abandon);
    if (!res.destroyed) res.end();
  }
}
