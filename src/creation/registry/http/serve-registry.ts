/**
 * @module creation/registry/http/serve-registry
 * Starts the registry's HTTP API (`gatehouse registry serve`). Loopback by default. Threat: a
 * registry reachable from other machines by accident. Reads are public by design and writes are
 * signed, so no bearer key is asked, but a non-loopback bind must be asked for explicitly
 * (`--public`, the registry's counterpart of the gateway's keys rule) and is refused otherwise.
 */
import os from 'node:os';

import type { ServerType } from '@hono/node-server';
import { serve } from '@hono/node-server';

import type { ListenAddress } from '../../../operation/gateway/downstream/index.js';
import { ErrorCode, GatehouseError } from '../../../shared/errors/index.js';
import type { Logger } from '../../../shared/logging/index.js';
import type { RegistryService } from '../registry-service.js';
import { createRegistryApp } from './registry-app.js';

/** Options of {@link startRegistryServer}. */
export interface RegistryServerOptions {
  readonly service: RegistryService;
  readonly address: ListenAddress;
  /** Allow a non-loopback bind. */
  readonly public?: boolean;
  /** Extra names accepted in `Host` (a reverse proxy's public name). */
  readonly allowedHosts?: readonly string[];
  readonly logger: Logger;
}

/** A running registry server. */
export interface RunningRegistry {
  /** Base URL, e.g. `http://127.0.0.1:8809`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Throws unless `address` may be bound: a non-loopback address needs `public`. */
export function assertRegistryBindAllowed(address: ListenAddress, allowPublic: boolean): void {
  if (!address.loopback && !allowPublic) {
    throw new GatehouseError(
      ErrorCode.BindRefused,
      `Refusing to listen on ${address.host}: it is reachable from other machines. ` +
        'Pass --public to serve the registry beyond this machine, or listen on 127.0.0.1.',
    );
  }
}

/** The names the registry answers to in `Host`. */
export function registryHostnames(address: ListenAddress, extra: readonly string[]): string[] {
  const names = new Set(extra.map((host) => host.toLowerCase()));
  if (address.loopback) {
    for (const host of ['localhost', '127.0.0.1', '[::1]']) names.add(host);
    return [...names];
  }
  names.add(address.host.includes(':') ? `[${address.host}]` : address.host);
  if (address.host === '0.0.0.0' || address.host === '::') {
    names.add(os.hostname().toLowerCase());
    for (const list of Object.values(os.networkInterfaces())) {
      for (const info of list ?? []) {
        names.add(info.family === 'IPv6' ? `[${info.address}]` : info.address);
      }
    }
  }
  return [...names];
}

/** Starts the registry server; refuses a non-loopback bind without `public`. */
export async function startRegistryServer(
  options: RegistryServerOptions,
): Promise<RunningRegistry> {
  const { address } = options;
  assertRegistryBindAllowed(address, options.public === true);
  const app = createRegistryApp({
    service: options.service,
    allowedHosts: registryHostnames(address, options.allowedHosts ?? []),
    logger: options.logger,
  });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: address.host, port: address.port }, () =>
      resolve(s),
    );
    s.once('error', reject);
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : address.port;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
