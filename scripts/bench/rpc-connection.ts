/**
 * @module scripts/bench/rpc-connection
 * A JSON-RPC connection over any {@link Channel}: allocates ids, matches answers, and fails loudly
 * on anything a correct server would not send (unknown ids, malformed messages).
 */
import type { Incoming, JsonRpcId, JsonRpcOutgoing } from './json-rpc.js';
import { RpcError } from './json-rpc.js';
import { PendingCalls } from './pending-calls.js';

/** Where a channel delivers what it reads. */
export interface MessageSink {
  receive(incoming: Incoming): void;
  /** The transport refused one request (e.g. an HTTP error status). */
  fail(id: JsonRpcId, error: Error): void;
  /** The transport is gone. */
  failAll(error: Error): void;
}

/** One transport: Streamable HTTP, legacy HTTP+SSE or a child process's pipes. */
export interface Channel {
  /** Sends one message; rejects when the transport refused it. */
  send(message: JsonRpcOutgoing): Promise<void>;
  /** Told the protocol version `initialize` negotiated (Streamable HTTP sends it as a header). */
  setProtocolVersion?(version: string): void;
  close(): Promise<void>;
}

/** Counters a row reports besides latencies. */
export interface ConnectionStats {
  notifications: number;
  serverRequests: number;
}

export class RpcConnection implements MessageSink {
  private readonly pending = new PendingCalls();
  private channelRef: Channel | undefined;
  readonly stats: ConnectionStats = { notifications: 0, serverRequests: 0 };

  /** Opens a channel that reports to a new connection. */
  static async open(connect: (sink: MessageSink) => Promise<Channel>): Promise<RpcConnection> {
    const connection = new RpcConnection();
    connection.channelRef = await connect(connection);
    return connection;
  }

  get channel(): Channel {
    if (!this.channelRef) throw new Error('the channel is not open yet');
    return this.channelRef;
  }

  /** Sends a request and resolves with its `result`; a JSON-RPC error rejects with {@link RpcError}. */
  async request(method: string, params?: unknown): Promise<unknown> {
    const { id, response } = this.pending.open(method);
    const message =
      params === undefined
        ? { jsonrpc: '2.0' as const, id, method }
        : { jsonrpc: '2.0' as const, id, method, params };
    this.channel.send(message).catch((error: unknown) => this.pending.fail(id, asError(error)));
    const answer = await response;
    if ('error' in answer) throw new RpcError(answer.error, method);
    return answer.result;
  }

  async notify(method: string, params?: unknown): Promise<void> {
    await this.channel.send(
      params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params },
    );
  }

  receive(incoming: Incoming): void {
    switch (incoming.kind) {
      case 'response':
        if (!this.pending.settle(incoming.message)) {
          this.failAll(
            new Error(
              `response for an unknown or already answered id: ${JSON.stringify(incoming.message).slice(0, 200)}`,
            ),
          );
        }
        return;
      case 'notification':
        this.stats.notifications++;
        return;
      case 'request':
        this.stats.serverRequests++;
        this.answerServerRequest(incoming.message.id, incoming.message.method);
        return;
      case 'invalid':
        this.failAll(new Error(`invalid message from the server: ${incoming.reason}`));
        return;
    }
  }

  fail(id: JsonRpcId, error: Error): void {
    this.pending.fail(id, error);
  }

  failAll(error: Error): void {
    this.pending.failAll(error);
  }

  async close(): Promise<void> {
    this.pending.failAll(new Error('connection closed'));
    await this.channelRef?.close();
  }

  /** The client declares no capabilities, so only `ping` has an answer. */
  private answerServerRequest(id: JsonRpcId, method: string): void {
    const reply =
      method === 'ping'
        ? { jsonrpc: '2.0' as const, id, result: {} }
        : {
            jsonrpc: '2.0' as const,
            id,
            error: { code: -32601, message: `Method not found: ${method}` },
          };
    this.channel.send(reply).catch((error: unknown) => this.failAll(asError(error)));
  }
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
