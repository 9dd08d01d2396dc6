/**
 * @module operation/gateway/downstream/http/listen-address
 * Parses `--listen HOST:PORT` and tells loopback from everything else. Threat: a gateway bound to a
 * public address without keys hands every tool of every server to anyone who can reach the port;
 * such a bind is refused unless bearer keys are configured.
 */
import net from 'node:net';

import { UsageError } from '../../../../shared/errors/index.js';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
  readonly loopback: boolean;
}

/** `127.0.0.1:8808`, `localhost:0`, `[::1]:8808`. */
export function parseListenAddress(value: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value.trim());
  if (!match) {
    throw new UsageError(
      `--listen "${value}": expected HOST:PORT, e.g. 127.0.0.1:8808 or [::1]:8808`,
    );
  }
  const host = (match[1] ?? match[2] ?? '').toLowerCase();
  const port = Number(match[3]);
  if (port > 65_535) throw new UsageError(`--listen "${value}": port ${port} is above 65535`);
  if (match[1] !== undefined && net.isIPv6(host) === false) {
    throw new UsageError(`--listen "${value}": "${host}" is not an IPv6 address`);
  }
  return { host, port, loopback: isLoopbackHost(host) };
}

/** True for names and addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (net.isIPv4(host)) return host.startsWith('127.');
  if (net.isIPv6(host)) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** How the address is written in a URL (IPv6 in brackets). */
export function urlHost(host: string): string {
  return net.isIPv6(host) ? `[${host}]` : host;
}
