/**
 * @module operation/sandbox/network/egress-broker
 * The gateway side of a sandboxed server's network allowlist. The sandbox has its own network
 * namespace with nothing but loopback; its only way out is one Unix socket per granted
 * `host:port`, in a folder the launcher binds into the sandbox. Whatever the server sends into a
 * socket goes to that grant's destination and nowhere else; where the destination is, is decided
 * here (see open-destination.ts), after resolving the name in the gateway.
 *
 * Threats: a server reaching hosts it was not granted (only granted sockets exist), DNS rebinding
 * and SSRF into the host's loopback or private network through a granted name, a server
 * exhausting the gateway with connections (a per-server cap; beyond it, refused), other local
 * users reaching the sockets (folder 0711, created fresh so a planted folder or symlink fails;
 * sockets 0666 only so the sandbox's uid 65534 can connect; the launcher's runtime folder is the
 * outer gate). Every refusal and failure is reported through `onEvent` for logs and audit.
 */
import { chmod, mkdir, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';

import { ErrorCode } from '../../../shared/errors/index.js';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_LOOKUP_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
} from './constants.js';
import { SandboxNetworkError } from './network-error.js';
import { type LookupAll, openDestination } from './open-destination.js';
import type { NetworkForward, NetworkPlan } from './plan-network.js';
import { relay } from './relay.js';
import { systemLookup } from './system-lookup.js';

/** What happened to one connection from the sandbox. */
export interface EgressEvent {
  /** `connect`: relayed; `refused`: against the policy; `error`: the destination failed. */
  readonly type: 'connect' | 'refused' | 'error';
  /** The grant the connection came in on, e.g. `api.example.com:443`. */
  readonly grant: string;
  readonly host: string;
  readonly port: number;
  /** The address connected to, or the one that caused the refusal. */
  readonly address?: string;
  readonly reason?: string;
}

/** Options of {@link EgressBroker.open}. */
export interface EgressBrokerOptions {
  /** The folder to create (its parent must exist), e.g. `<runtimeDir>/egress-<id>`. */
  readonly directory: string;
  readonly plan: Pick<NetworkPlan, 'forwards' | 'privateNetwork'>;
  /** Name resolution; default `dns.lookup` with `all: true`. Tests map names here. */
  readonly lookup?: LookupAll;
  /** Concurrent connections of this server; beyond, refused. Default 64. */
  readonly maxConnections?: number;
  readonly connectTimeoutMs?: number;
  readonly lookupTimeoutMs?: number;
  /** Called for every connect, refusal and error. If it throws on `connect`, the connection is
   * dropped (a connection that cannot be audited is not made). */
  readonly onEvent?: (event: EgressEvent) => void;
}

/** Longest Unix socket path (`sun_path` is 108 bytes with the terminating NUL). */
const MAX_SOCKET_PATH = 107;

/** One server's egress broker: a folder of Unix sockets, one per granted destination. */
export class EgressBroker {
  readonly directory: string;
  readonly #options: EgressBrokerOptions;
  readonly #servers: Server[] = [];
  readonly #clients = new Set<Socket>();
  readonly #upstreams = new Set<Socket>();
  #closing: Promise<void> | undefined;

  private constructor(options: EgressBrokerOptions) {
    this.directory = options.directory;
    this.#options = options;
  }

  /**
   * Creates the folder and listens on every grant's socket.
   * @throws {SandboxNetworkError} `SANDBOX_EGRESS_FAILED` when the folder exists already, a socket
   * path is too long, or a socket cannot be created (nothing is left behind).
   */
  static async open(options: EgressBrokerOptions): Promise<EgressBroker> {
    const broker = new EgressBroker(options);
    for (const forward of options.plan.forwards) {
      const path = broker.socketPath(forward);
      if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
        throw new SandboxNetworkError(
          ErrorCode.SandboxEgressFailed,
          `egress socket path ${path} is longer than ${String(MAX_SOCKET_PATH)} bytes; use a shorter runtime folder`,
        );
      }
    }
    try {
      // Not recursive: a folder (or symlink) already there is refused, never reused.
      await mkdir(options.directory, { mode: 0o711 });
    } catch (cause) {
      throw new SandboxNetworkError(
        ErrorCode.SandboxEgressFailed,
        `cannot create the egress folder ${options.directory}: ${(cause as Error).message}`,
        { cause },
      );
    }
    try {
      await chmod(options.directory, 0o711);
      for (const forward of options.plan.forwards) await broker.#listen(forward);
    } catch (cause) {
      await broker.close();
      throw new SandboxNetworkError(
        ErrorCode.SandboxEgressFailed,
        `cannot open the egress sockets in ${options.directory}: ${(cause as Error).message}`,
        { cause },
      );
    }
    return broker;
  }

  /** The host path of a grant's socket. */
  socketPath(forward: Pick<NetworkForward, 'socketName'>): string {
    return join(this.directory, forward.socketName);
  }

  /** Connections currently accepted from the sandbox (resolving, connecting or relaying). */
  get activeConnections(): number {
    return this.#clients.size;
  }

  /** Ends every connection, stops listening and removes the folder. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const closed = this.#servers.map(
        (server) => new Promise<void>((resolve) => server.close(() => resolve())),
      );
      for (const socket of [...this.#clients, ...this.#upstreams]) socket.destroy();
      await Promise.all(closed);
      await rm(this.directory, { recursive: true, force: true });
    })();
    return this.#closing;
  }

  async #listen(forward: NetworkForward): Promise<void> {
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (client) => {
      this.#accept(forward, client);
    });
    this.#servers.push(server);
    const path = this.socketPath(forward);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
    // The sandbox runs as uid 65534, the socket belongs to the gateway: connect needs write.
    await chmod(path, 0o666);
  }

  #accept(forward: NetworkForward, client: Socket): void {
    const base = { grant: forward.grant, host: forward.host, port: forward.port };
    client.on('error', () => client.destroy());
    const max = this.#options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    if (this.#closing !== undefined || this.#clients.size >= max) {
      if (this.#closing === undefined) {
        this.#emit({ ...base, type: 'refused', reason: `more than ${String(max)} connections` });
      }
      client.destroy();
      return;
    }
    this.#clients.add(client);
    const hungUp = new AbortController();
    client.on('close', () => {
      this.#clients.delete(client);
      hungUp.abort();
    });
    void openDestination(forward, {
      lookup: this.#options.lookup ?? systemLookup,
      privateNetwork: this.#options.plan.privateNetwork,
      lookupTimeoutMs: this.#options.lookupTimeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS,
      connectTimeoutMs: this.#options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      signal: hungUp.signal,
    })
      .then((destination) => {
        if (!destination.ok) {
          const { kind, reason, address } = destination;
          this.#emit({
            ...base,
            type: kind,
            reason,
            ...(address === undefined ? {} : { address }),
          });
          client.destroy();
          return;
        }
        const upstream = destination.socket;
        if (client.destroyed || this.#closing !== undefined) {
          upstream.destroy();
          return;
        }
        if (!this.#emit({ ...base, type: 'connect', address: destination.address })) {
          upstream.destroy();
          client.destroy();
          return;
        }
        this.#upstreams.add(upstream);
        upstream.on('close', () => this.#upstreams.delete(upstream));
        relay(client, upstream);
      })
      .catch(() => client.destroy());
  }

  /** Reports an event; false if the hook threw (the caller then drops a connect). */
  #emit(event: EgressEvent): boolean {
    try {
      this.#options.onEvent?.(event);
      return true;
    } catch {
      return false;
    }
  }
}
