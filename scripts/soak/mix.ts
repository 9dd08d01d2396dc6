/**
 * @module scripts/soak/mix
 * The mixed calls of a soak run against one gateway on Streamable HTTP, each checked: echo calls
 * on a long-lived session-era session and as stateless 2026-07-28 requests, a call the policy
 * denies, list requests, whole short sessions (initialize, a call, DELETE), and a malformed body.
 * Every kind walks a different path through the gateway (sessions opened and closed, refusals,
 * the audit of errors), which is where leaks hide.
 */
import type http from 'node:http';

import { drain, httpRequest } from '../bench/http-request.js';
import { RpcError } from '../bench/json-rpc.js';
import { callEcho, discover, echoMessage, initialize } from '../bench/mcp-session.js';
import { RpcConnection } from '../bench/rpc-connection.js';
import {
  MODERN_PROTOCOL_VERSION,
  StreamableHttpChannel,
} from '../bench/streamable-http-channel.js';

/** The kinds of call, with their share of the mix (weights). */
export const MIX = [
  ['echo', 50],
  ['echo-modern', 15],
  ['denied', 10],
  ['list', 10],
  ['resources', 5],
  ['session', 5],
  ['malformed', 5],
] as const;

export type CallKind = (typeof MIX)[number][0];

const TOTAL_WEIGHT = MIX.reduce((sum, [, w]) => sum + w, 0);

/** The kind of call number `i`: a fixed interleaving with the weights of {@link MIX}. */
export function kindOf(i: number): CallKind {
  // Multiplying by a number prime to the total spreads each kind's slots over the cycle.
  let slot = (i * 37) % TOTAL_WEIGHT;
  for (const [kind, weight] of MIX) {
    if (slot < weight) return kind;
    slot -= weight;
  }
  return 'echo';
}

/** Connections of a soak client to one gateway. */
export class SoakClient {
  private constructor(
    private readonly url: URL,
    private readonly agent: http.Agent,
    private readonly session: RpcConnection,
    private readonly modern: RpcConnection,
  ) {}

  static async open(url: URL, agent: http.Agent): Promise<SoakClient> {
    const session = await RpcConnection.open((sink) =>
      Promise.resolve(new StreamableHttpChannel(url, agent, sink)),
    );
    await initialize(session);
    const modern = await RpcConnection.open((sink) =>
      Promise.resolve(new StreamableHttpChannel(url, agent, sink, 'modern')),
    );
    await discover(modern, MODERN_PROTOCOL_VERSION);
    return new SoakClient(url, agent, session, modern);
  }

  /** Makes call number `i` of kind `kind`; rejects when the answer is not the expected one. */
  async call(kind: CallKind, i: number): Promise<void> {
    switch (kind) {
      case 'echo':
        return callEcho(this.session, 'echo', echoMessage(i));
      case 'echo-modern':
        return callEcho(this.modern, 'echo', echoMessage(i));
      case 'denied':
        return this.expectRefusal();
      case 'list': {
        const result = (await this.session.request('tools/list', {})) as { tools?: unknown };
        if (!Array.isArray(result.tools) || result.tools.length === 0) {
          throw new Error(`tools/list returned no tools: ${JSON.stringify(result).slice(0, 200)}`);
        }
        return;
      }
      case 'resources': {
        const result = (await this.session.request('resources/list', {})) as {
          resources?: unknown;
        };
        if (!Array.isArray(result.resources)) throw new Error('resources/list without resources');
        return;
      }
      case 'session':
        return this.shortSession(i);
      case 'malformed':
        return this.malformed();
    }
  }

  async close(): Promise<void> {
    await this.session.close();
    await this.modern.close();
  }

  /** A call the policy refuses (the bench policy denies `get-env` for everyone). */
  private async expectRefusal(): Promise<void> {
    try {
      await this.session.request('tools/call', { name: 'get-env', arguments: {} });
    } catch (error) {
      if (error instanceof RpcError) return;
      throw error;
    }
    throw new Error('get-env was answered: the policy should have refused it');
  }

  /** A whole session: initialize, one call, DELETE (the gateway must forget it). */
  private async shortSession(i: number): Promise<void> {
    const connection = await RpcConnection.open((sink) =>
      Promise.resolve(new StreamableHttpChannel(this.url, this.agent, sink)),
    );
    try {
      await initialize(connection);
      await callEcho(connection, 'echo', echoMessage(i));
    } finally {
      await connection.close();
    }
  }

  /** A body that is not JSON: answered 400 with a parse error. */
  private async malformed(): Promise<void> {
    const body = '{"jsonrpc":"2.0","id":1,"method":"tools/call",';
    const response = await httpRequest(this.agent, this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'content-length': Buffer.byteLength(body),
      },
      body,
    });
    await drain(response);
    if (response.statusCode !== 400) {
      throw new Error(`a malformed body was answered ${response.statusCode ?? '?'}, not 400`);
    }
  }
}
