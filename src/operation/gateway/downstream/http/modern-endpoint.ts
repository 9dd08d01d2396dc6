/**
 * @module operation/gateway/downstream/http/modern-endpoint
 * Streamable HTTP for hosts on protocol revision 2026-07-28, on the SDK v2 `createMcpHandler`:
 * no MCP sessions, every request self-describing, served by a short-lived gateway session; the
 * SDK checks the `_meta` envelope against the `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name`
 * headers (HeaderMismatch -32020) and answers GET/DELETE with 405. Change notifications reach
 * `subscriptions/listen` streams through an event bus fed by the gateway; the resources a stream
 * follows are subscribed upstream for as long as the stream is open. Nothing here is sticky: any
 * gateway process sharing the config (and `requestStateKey`) can serve any request.
 */
import { randomUUID } from 'node:crypto';

import type { AuthInfo, JSONRPCMessage, McpHttpHandler } from '@modelcontextprotocol/server';
import { createMcpHandler } from '@modelcontextprotocol/server';

import type { Logger } from '../../../../shared/logging/index.js';
import type { Gateway } from '../../gateway.js';
import { followedResources } from '../listen-filter.js';

export interface ModernEndpointOptions {
  readonly maxBodyBytes: number;
  readonly logger: Logger;
}

/** The principal travels to the per-request session as the SDK's `AuthInfo.clientId`. */
function authInfoFor(principal: string): AuthInfo {
  return { token: '', clientId: principal, scopes: [] };
}

/** 2026-07-28 requests of one HTTP front. */
export class ModernEndpoint {
  private readonly handler: McpHttpHandler;
  private readonly gateway: Gateway;
  private readonly logger: Logger;
  private readonly unsubscribe: () => void;

  constructor(gateway: Gateway, options: ModernEndpointOptions) {
    this.gateway = gateway;
    this.logger = options.logger;
    this.handler = createMcpHandler(
      (ctx) =>
        gateway.openSession('streamable-http', ctx.authInfo?.clientId ?? 'anonymous', 'modern')
          .product,
      {
        legacy: 'reject',
        maxRequestBodySize: options.maxBodyBytes,
        onerror: (error) =>
          options.logger.debug({ err: error.message }, '2026-07-28 request failed'),
      },
    );
    this.unsubscribe = gateway.onChange((event) => this.handler.bus.publish(event));
  }

  /** Serves one request; `body` is the already read and checked body of a POST. */
  async handle(
    request: Request,
    principal: string,
    body?: JSONRPCMessage | JSONRPCMessage[],
  ): Promise<Response> {
    const options = {
      authInfo: authInfoFor(principal),
      ...(body === undefined ? {} : { parsedBody: body }),
    };
    const followed = body === undefined ? undefined : followedResources(body);
    if (!followed) return this.logged(await this.handler.fetch(request, options));
    const follower = `listen:${randomUUID()}`;
    await this.gateway.follow(follower, followed);
    const response = await this.logged(await this.handler.fetch(request, options));
    return whenBodyEnds(response, () => {
      void this.gateway.unfollowAll(follower);
    });
  }

  /**
   * Logs the SDK's refusals (HeaderMismatch, 405, a bad envelope, ...), read from a clone so the
   * response goes out unchanged. Fix (found by the era tests): they left no trace, unlike the
   * session-era transport's refusals, while bad input must be logged.
   */
  private async logged(response: Response): Promise<Response> {
    if (response.status < 400) return response;
    const text = await response
      .clone()
      .text()
      .catch(() => '');
    let reason = text.slice(0, 500);
    try {
      const message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
      if (typeof message === 'string') reason = message;
    } catch {
      // not JSON: the raw text is the reason
    }
    this.logger.warn({ status: response.status, reason }, 'rejected an HTTP request');
    return response;
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.handler.close();
  }
}

/** Calls `done` once the response body has been fully sent or abandoned by the client. */
function whenBodyEnds(response: Response, done: () => void): Response {
  if (!response.body) {
    done();
    return response;
  }
  let called = false;
  const once = (): void => {
    if (!called) {
      called = true;
      done();
    }
  };
  const reader = response.body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done: finished, value } = await reader.read();
        if (finished) {
          controller.close();
          once();
        } else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
        once();
      }
    },
    async cancel(reason) {
      once();
      await reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
