/**
 * End to end in a real bubblewrap sandbox: the forwarder as the server's parent, the broker on the
 * host, generated /etc files, the namespace prepared between --info-fd and --block-fd. The
 * "server" is a Node script that tries the granted and the forbidden ways out and prints one
 * JSON line of results on stdout (the MCP channel: nothing else may appear there).
 */
import { rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { EgressEvent, LookupAll } from '../../../../src/operation/sandbox/network/index.js';
import {
  EgressBroker,
  planSandboxNetwork,
} from '../../../../src/operation/sandbox/network/index.js';
import { runInSandbox, sandboxUnavailable, traversableTempDir } from './sandbox-run.js';

const unavailable = sandboxUnavailable();

/** Runs inside the sandbox: argv = allowedUrl lowUrl canaryPort literalUrl|'' ipv6Url|'' */
const PROBE = `
import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
const [allowedUrl, lowUrl, canaryPort, literalUrl, ipv6Url] = process.argv.slice(1);
const attempt = async (fn) => {
  try { return { ok: true, value: await fn() }; }
  catch (e) { return { ok: false, error: String(e?.cause?.code ?? e?.code ?? e?.message) }; }
};
const caps = (pid) => Object.fromEntries(readFileSync('/proc/' + pid + '/status', 'utf8').split('\\n')
  .filter((l) => /^Cap(Inh|Prm|Eff|Amb)/.test(l)).map((l) => l.split(/:\\s+/)));
const r = {};
r.allowed = await attempt(async () => (await fetch(allowedUrl)).text());
r.low = await attempt(async () => (await fetch(lowUrl)).text());
r.literal = literalUrl ? await attempt(async () => (await fetch(literalUrl)).text()) : null;
r.ipv6 = ipv6Url ? await attempt(async () => (await fetch(ipv6Url)).text()) : null;
r.grantedNameOtherPort = await attempt(async () => (await fetch('http://allowed.test:' + canaryPort + '/')).text());
r.loopbackOtherPort = await attempt(async () => (await fetch('http://127.0.0.1:' + canaryPort + '/')).text());
r.canary = await attempt(() => new Promise((resolve, reject) => {
  const s = connect(Number(canaryPort), '127.0.0.1');
  s.on('connect', () => { s.destroy(); resolve('connected'); });
  s.on('error', reject);
}));
r.dnsOther = await attempt(() => lookup('example.com'));
r.dnsAllowed = await attempt(async () => (await lookup('allowed.test')).address);
r.caps = caps('self');
r.parentCaps = caps(process.ppid);
process.stdout.write(JSON.stringify(r) + '\\n');
process.exit(7);
`;

function listenHttp(host: string, port: number, body: string): Promise<HttpServer> {
  const server = createHttpServer((_req, res) => res.end(body));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** A low port on 127.0.0.1 (root may bind it); tries downwards from 899 until one is free. */
async function listenLowPort(body: string): Promise<{ server: HttpServer; port: number }> {
  for (let port = 899; port > 600; port -= 1) {
    try {
      return { server: await listenHttp('127.0.0.1', port, body), port };
    } catch {
      // in use: try the next one
    }
  }
  throw new Error('no free port below 900');
}

function portOf(server: Server | HttpServer): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening');
  return address.port;
}

/** A non-loopback IPv4 address of this host: connecting to it stays inside the host. */
function hostAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal)?.address;
}

const testLookup: LookupAll = (hostname) =>
  hostname === 'allowed.test' || hostname === 'low.test'
    ? Promise.resolve([{ address: '127.0.0.1', family: 4 }])
    : Promise.reject(
        Object.assign(new Error(`no such test name ${hostname}`), { code: 'ENOTFOUND' }),
      );

describe.skipIf(unavailable !== null)(
  `network allowlist in a real sandbox${unavailable === null ? '' : ` (skipped: ${unavailable})`}`,
  () => {
    const servers: (Server | HttpServer)[] = [];
    let allowedPort = 0;
    let lowPort = 0;
    let canaryPort = 0;
    let canaryConnections = 0;
    let literal: { address: string; port: number } | undefined;
    let ipv6Port: number | undefined;

    beforeAll(async () => {
      const allowed = await listenHttp('127.0.0.1', 0, 'hello from the host');
      allowedPort = portOf(allowed);
      const low = await listenLowPort('hello from a low port');
      lowPort = low.port;
      const canary = createServer((socket) => {
        canaryConnections += 1;
        socket.destroy();
      });
      await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
      canaryPort = portOf(canary);
      servers.push(allowed, low.server, canary);
      const address = hostAddress();
      if (address !== undefined) {
        const server = await listenHttp(address, 0, 'hello from a literal');
        servers.push(server);
        literal = { address, port: portOf(server) };
      }
      const v6 = await listenHttp('::1', 0, 'hello over IPv6').catch(() => undefined);
      if (v6 !== undefined) {
        servers.push(v6);
        ipv6Port = portOf(v6);
      }
    });

    afterAll(async () => {
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    });

    async function run(extraBwrapArgs: readonly string[] = []) {
      const workDir = traversableTempDir('gatehouse-net-e2e-');
      const grants = [`allowed.test:${String(allowedPort)}`, `low.test:${String(lowPort)}`];
      if (literal !== undefined) grants.push(`${literal.address}:${String(literal.port)}`);
      if (ipv6Port !== undefined) grants.push(`[::1]:${String(ipv6Port)}`);
      const plan = planSandboxNetwork(grants, { privateNetwork: true });
      const events: EgressEvent[] = [];
      const broker = await EgressBroker.open({
        directory: path.join(workDir, 'egress-1'),
        plan,
        lookup: testLookup,
        onEvent: (event) => events.push(event),
      });
      try {
        const args = [
          '--input-type=module',
          '-e',
          PROBE,
          `http://allowed.test:${String(allowedPort)}/`,
          `http://low.test:${String(lowPort)}/`,
          String(canaryPort),
          literal === undefined ? '' : `http://${literal.address}:${String(literal.port)}/`,
          ipv6Port === undefined ? '' : `http://[::1]:${String(ipv6Port)}/`,
        ];
        const result = await runInSandbox({
          plan,
          brokerDirectory: broker.directory,
          workDir,
          command: '/usr/bin/node',
          args,
          extraBwrapArgs,
        });
        return { result, events, plan };
      } finally {
        await broker.close();
        rmSync(workDir, { recursive: true, force: true });
      }
    }

    it('reaches granted names and literals (low port included), nothing else, with no capabilities', async () => {
      const { result, events, plan } = await run();
      expect(plan.netns.unprivilegedPortStart).toBe(lowPort);
      expect(result.stderr).not.toMatch(/gatehouse-forwarder/);
      // The server's exit code comes back through forwarder and bwrap.
      expect(result.code).toBe(7);
      // stdout is the MCP channel: exactly the probe's one line, nothing from the forwarder.
      const lines = result.stdout.split('\n').filter((line) => line !== '');
      expect(lines).toHaveLength(1);
      const r = JSON.parse(lines[0]!);

      expect(r.allowed).toEqual({ ok: true, value: 'hello from the host' });
      expect(r.low).toEqual({ ok: true, value: 'hello from a low port' });
      // A non-loopback literal (this host's own address, added to the sandbox's loopback) and
      // an IPv6 literal; each only where this host has one.
      if (literal !== undefined)
        expect(r.literal).toEqual({ ok: true, value: 'hello from a literal' });
      if (ipv6Port !== undefined) expect(r.ipv6).toEqual({ ok: true, value: 'hello over IPv6' });
      // A granted name on another port, and loopback ports nobody granted: nothing listens.
      expect(r.grantedNameOtherPort.ok).toBe(false);
      expect(r.loopbackOtherPort.ok).toBe(false);
      // The sandbox's loopback is its own: the host's canary never sees a connection.
      expect(r.canary).toEqual({ ok: false, error: 'ECONNREFUSED' });
      expect(canaryConnections).toBe(0);
      // No DNS: only the generated hosts file answers.
      expect(r.dnsOther.ok).toBe(false);
      expect(r.dnsAllowed).toEqual({ ok: true, value: '127.0.0.2' });
      for (const set of ['CapInh', 'CapPrm', 'CapEff', 'CapAmb']) {
        expect(r.caps[set], set).toMatch(/^0+$/);
        expect(r.parentCaps[set], `forwarder ${set}`).toMatch(/^0+$/);
      }
      const connects = events.filter((e) => e.type === 'connect').map((e) => e.grant);
      expect(connects).toContain(`allowed.test:${String(allowedPort)}`);
      expect(connects).toContain(`low.test:${String(lowPort)}`);
      expect(events.filter((e) => e.type !== 'connect')).toEqual([]);
    });

    it('starts the server through setpriv without capabilities when the forwarder was given some', async () => {
      // bwrap --cap-add lands in the nested user namespace (useless for the network namespace,
      // see netns-setup.ts), but the forwarder must still not pass it on.
      const { result } = await run(['--cap-add', 'CAP_NET_BIND_SERVICE']);
      expect(result.code).toBe(7);
      const r = JSON.parse(result.stdout.trim());
      expect(r.allowed).toEqual({ ok: true, value: 'hello from the host' });
      expect(r.parentCaps.CapAmb).not.toMatch(/^0+$/);
      for (const set of ['CapInh', 'CapPrm', 'CapEff', 'CapAmb']) {
        expect(r.caps[set], set).toMatch(/^0+$/);
      }
    });
  },
);
