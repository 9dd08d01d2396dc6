/**
 * @module operation/gateway/downstream/http/web-bridge
 * The few requests `node:http` hands to a web-standard handler (the SDK's 2026-07-28 entry): a
 * `Request` made from the Node request's head (the body, already read and checked, travels as the
 * handler's `parsedBody`). The handler's `Response` is written back by @hono/node-server's writer
 * (see `mcp-endpoint.ts`).
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/**
 * A signal that aborts when the client goes away before its answer is complete (the handler
 * cancels the call then).
 */
function goneSignal(res: ServerResponse): AbortSignal {
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  return gone.signal;
}

function requestUrl(req: IncomingMessage): string {
  // The Host header was checked by the front before the request got here.
  return `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
}

/**
 * A body-less web `Request` with the Node request's method, URL and headers, whose `signal` aborts
 * when the client goes away before its answer is complete (the handler cancels the call then).
 */
export function toWebRequest(req: IncomingMessage, res: ServerResponse): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2)
    headers.append(raw[i] as string, raw[i + 1] as string);
  return new Request(requestUrl(req), {
    method: req.method ?? 'GET',
    headers,
    signal: goneSignal(res),
  });
}

/**
 * The read side of a web `Headers` over a Node request's headers (Node lower-cases the names and
 * joins repeated fields with ", ", as `Headers.get` does). Read-only: nothing writes to a request's
 * headers on the way in.
 */
class NodeHeadersView implements Headers {
  constructor(private readonly h: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.h[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.h[name.toLowerCase()] !== undefined;
  }

  getSetCookie(): string[] {
    const value = this.h['set-cookie'];
    return value === undefined ? [] : [...value];
  }

  forEach(
    callback: (value: string, key: string, parent: Headers) => void,
    thisArg?: unknown,
  ): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  *entries(): IterableIterator<[string, string]> {
    for (const key of Object.keys(this.h).sort()) {
      const value = this.get(key);
      if (value !== null) yield [key, value];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  append(): void {
    throw new TypeError('the headers of a received request are read-only');
  }

  set(): void {
    throw new TypeError('the headers of a received request are read-only');
  }

  delete(): void {
    throw new TypeError('the headers of a received request are read-only');
  }
}

/**
 * The head of a POST whose body was already read and checked, as the SDK's 2026-07-28 entry reads
 * it (`method`, `url`, `headers.get`, `signal`; it never reads the body when handed `parsedBody`).
 *
 * A lean stand-in for a web `Request`, kept to this one use: building a real one (undici: a header
 * list filled name by name, a URL parse, a second `AbortSignal` following ours) and then reading
 * its headers through undici's checks was about 16 % of the gateway's CPU per 2026-07-28 call at
 * 64 in flight (`npm run bench -- --rows gatehouse-http-modern --windows 64 --profile DIR`:
 * `toWebRequest` 214 ms and `standardHeadersOf` 62 ms of 5.7 s busy for 3,200 calls). Anything
 * else asked of it is answered by a real `Request` made on first use.
 */
class PostedRequestHead {
  readonly method: string;
  readonly headers: Headers;
  readonly signal: AbortSignal;
  private full: Request | undefined;

  constructor(
    private readonly req: IncomingMessage,
    res: ServerResponse,
  ) {
    this.method = req.method ?? 'POST';
    this.headers = new NodeHeadersView(req.headers);
    this.signal = goneSignal(res);
  }

  get url(): string {
    return requestUrl(this.req);
  }

  /** A real (body-less) `Request` with this head, for whatever else is asked. */
  real(): Request {
    if (this.full === undefined) {
      const headers = new Headers();
      for (const [name, value] of this.headers) headers.append(name, value);
      this.full = new Request(this.url, { method: this.method, headers, signal: this.signal });
    }
    return this.full;
  }

  clone(): Request {
    return this.real().clone();
  }
}

// Whatever else a `Request` has (body methods, `cache`, `mode`, ...; the SDK reads none of it
// today) is answered by the real one, through getters on the prototype: no cost per request.
const OWN = new Set(['constructor', 'method', 'headers', 'signal', 'url', 'clone', 'real', 'full']);
for (const key of Object.getOwnPropertyNames(Request.prototype)) {
  if (OWN.has(key) || key in PostedRequestHead.prototype) continue;
  Object.defineProperty(PostedRequestHead.prototype, key, {
    get(this: PostedRequestHead): unknown {
      const real = this.real();
      const value = Reflect.get(real, key, real) as unknown;
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(real)
        : value;
    },
  });
}

/**
 * The head of a POST whose body the front already read (handed to the handler as `parsedBody`),
 * as a web `Request` for the SDK's 2026-07-28 entry.
 */
export function postedRequestHead(req: IncomingMessage, res: ServerResponse): Request {
  return new PostedRequestHead(req, res) as unknown as Request;
}
