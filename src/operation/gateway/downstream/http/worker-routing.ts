/**
 * @module operation/gateway/downstream/http/worker-routing
 * Several gateway processes on one port (`gatehouse run --workers N`): the port's connections are
 * shared out among them, so a request may reach a process that does not hold its session. A
 * session-era MCP session (Streamable HTTP `Mcp-Session-Id`, legacy SSE `?sessionId=`) lives in
 * the process that opened it; its id starts with that process's mark (`w<id>.`). A request
 * naming another process's session is passed on, unchanged, to that process over its private
 * Unix socket, and the answer (an event stream too) streamed back. 2026-07-28 requests carry no
 * session and are served wherever they land, except the retry of an `input_required` round whose
 * call is parked (or whose confirmation is held) in one process: the `requestState` that process
 * sealed carries its mark too.
 *
 * Threats: the sockets live in a folder only the gateway's user can enter (0700), and the owner
 * checks a passed-on request exactly as any other (Host, Origin, bearer key, session principal),
 * so passing on grants nothing.
 */
import http from 'node:http';
import path from 'node:path';

import type { Logger } from '../../../../shared/logging/index.js';

/** Where the processes of one gateway meet. */
export interface WorkerRoutes {
  /** This process's worker id. */
  readonly self: number;
  /** The folder holding every worker's socket, `w<id>.sock`. */
  readonly socketDir: string;
}

/** The session-id mark of worker `id`. */
export function sessionMark(id: number): string {
  return `w${id}.`;
}

/** The socket of worker `id`. */
export function workerSocket(routes: WorkerRoutes, id: number): string {
  return path.join(routes.socketDir, `w${id}.sock`);
}

const MARK = /^w([1-9][0-9]{0,5})\./;

/** The worker a session id belongs to, if it carries a mark. */
export function ownerOf(sessionId: string | undefined): number | undefined {
  if (sessionId === undefined) return undefined;
  const match = MARK.exec(sessionId);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The session a request names: the `Mcp-Session-Id` header, or legacy SSE's `sessionId`. */
export function sessionOfRequest(req: http.IncomingMessage): string | undefined {
  const header = req.headers['mcp-session-id'];
  if (typeof header === 'string') return header;
  const url = req.url ?? '';
  const query = url.indexOf('?');
  if (query === -1) return undefined;
  return new URLSearchParams(url.slice(query + 1)).get('sessionId') ?? undefined;
}

/** Headers that belong to one connection and are not passed on. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

function passedOn(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

/** Passes requests on to the worker that holds their session. */
export class WorkerForwarder {
  private readonly routes: WorkerRoutes;
  private readonly logger: Logger;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

  constructor(routes: WorkerRoutes, logger: Logger) {
    this.routes = routes;
    this.logger = logger;
  }

  /** The worker to pass `req` on to, or undefined when this process serves it. */
  target(req: http.IncomingMessage): number | undefined {
    const owner = ownerOf(sessionOfRequest(req));
    return owner === undefined || owner === this.routes.self ? undefined : owner;
  }

  /**
   * The worker to pass a 2026-07-28 request on to: the one that sealed its `requestState` (a
   * parked call or a confirmation lives there), or undefined when this process serves it.
   */
  stateTarget(body: unknown): number | undefined {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
    const state = (body as { params?: { requestState?: unknown } }).params?.requestState;
    const owner = typeof state === 'string' ? ownerOf(state) : undefined;
    return owner === undefined || owner === this.routes.self ? undefined : owner;
  }

  /**
   * Passes `req` on to worker `owner` and streams its answer back. `body`: the request's body when
   * it was already read here (sent as JSON instead of the unread stream).
   */
  forward(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    owner: number,
    body?: unknown,
  ): void {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers = passedOn(req.headers);
    if (text !== undefined) headers['content-length'] = Buffer.byteLength(text);
    const upstream = http.request(
      {
        agent: this.agent,
        socketPath: workerSocket(this.routes, owner),
        method: req.method,
        path: req.url,
        headers,
      },
      (reply) => {
        const headers = passedOn(reply.headers);
        res.writeHead(reply.statusCode ?? 502, reply.statusMessage, headers);
        // An event stream may stay quiet for a while: the client gets the head at once.
        if (String(reply.headers['content-type'] ?? '').startsWith('text/event-stream')) {
          res.flushHeaders();
        }
        reply.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      // The owner is gone (restarted, or stopped): its sessions went with it.
      this.logger.warn({ err: error.message, worker: owner }, 'could not reach the session owner');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          jsonrpc: '2.0',
          error: { code: -32001, message: 'Session not found' },
          id: null,
        }),
      );
    });
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (text === undefined) req.pipe(upstream);
    else upstream.end(text);
  }

  close(): void {
    this.agent.destroy();
  }
}
