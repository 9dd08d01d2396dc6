import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import {
  EgressBroker,
  type EgressBrokerOptions,
  type EgressEvent,
  type LookupAll,
  planSandboxNetwork,
  SandboxNetworkError,
} from '../../../../src/operation/sandbox/network/index.js';

const root = mkdtempSync(path.join(tmpdir(), 'gatehouse-egress-'));
let echoPort = 0;
let echoConnections = 0;
let holdPort = 0;
const servers: Server[] = [];
let counter = 0;
const held = new Set<Socket>();

/** Replies `pong:<everything received>` once the client has finished sending (half-close). */
function echoServer(): Server {
  return createServer({ allowHalfOpen: true }, (socket) => {
    echoConnections += 1;
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('end', () => socket.end(`pong:${received}`));
  });
}

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

beforeAll(async () => {
  echoPort = await listen(echoServer());
  // Accepts and keeps connections open.
  holdPort = await listen(createServer((socket) => held.add(socket.on('error', () => undefined))));
});

afterAll(async () => {
  for (const socket of held) socket.destroy();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  rmSync(root, { recursive: true, force: true });
});

async function openBroker(
  grants: string[],
  options: Partial<EgressBrokerOptions> & { privateNetwork?: boolean } = {},
): Promise<{ broker: EgressBroker; events: EgressEvent[]; socket: (i?: number) => string }> {
  const plan = planSandboxNetwork(grants, { privateNetwork: options.privateNetwork ?? false });
  const events: EgressEvent[] = [];
  counter += 1;
  const broker = await EgressBroker.open({
    directory: path.join(root, `egress-${String(counter)}`),
    plan,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { broker, events, socket: (i = 0) => broker.socketPath(plan.forwards[i]!) };
}

/**
 * Sends `text`, half-closes, and returns everything received until the connection closes. A
 * refused connection is closed by the broker, possibly with a reset (ECONNRESET, EPIPE): that
 * counts as closed with nothing received.
 */
function exchange(socketPath: string, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ path: socketPath, allowHalfOpen: true });
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('close', () => resolve(received));
    socket.on('error', () => undefined);
    socket.end(text);
  });
}

function connectHeld(socketPath: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ path: socketPath }, () => resolve(socket));
    socket.on('error', reject);
  });
}

const lookupOf =
  (...addresses: string[]): LookupAll =>
  () =>
    Promise.resolve(
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );

describe('EgressBroker', () => {
  it('refuses a name resolving to loopback (localhost via the system resolver) without privateNetwork', async () => {
    const before = echoConnections;
    const { broker, events, socket } = await openBroker([`localhost:${String(echoPort)}`]);
    expect(await exchange(socket(), 'ping')).toBe('');
    expect(echoConnections).toBe(before);
    expect(events).toEqual([
      {
        type: 'refused',
        grant: `localhost:${String(echoPort)}`,
        host: 'localhost',
        port: echoPort,
        address: '127.0.0.1',
        reason: '127.0.0.1 is a loopback address',
      },
    ]);
    await broker.close();
  });

  it('allows the same name with privateNetwork, relaying both ways across a half-close', async () => {
    const { broker, events, socket } = await openBroker([`localhost:${String(echoPort)}`], {
      privateNetwork: true,
    });
    expect(await exchange(socket(), 'ping')).toBe('pong:ping');
    expect(events).toEqual([
      {
        type: 'connect',
        grant: `localhost:${String(echoPort)}`,
        host: 'localhost',
        port: echoPort,
        address: '127.0.0.1',
      },
    ]);
    await broker.close();
  });

  it('reaches a granted IP-literal loopback target: the user named the address', async () => {
    const { broker, events, socket } = await openBroker([`127.0.0.1:${String(echoPort)}`], {
      lookup: () => Promise.reject(new Error('a literal must not be looked up')),
    });
    expect(await exchange(socket(), 'hello')).toBe('pong:hello');
    expect(events.map((e) => [e.type, e.address])).toEqual([['connect', '127.0.0.1']]);
    await broker.close();
  });

  it('refuses a name answering with a public and an internal address, before connecting anywhere', async () => {
    const { broker, events, socket } = await openBroker(['mixed.test:443'], {
      lookup: lookupOf('8.8.8.8', '::ffff:169.254.169.254'),
    });
    expect(await exchange(socket(), 'GET /')).toBe('');
    expect(events).toMatchObject([
      {
        type: 'refused',
        address: '::ffff:169.254.169.254',
        reason: '::ffff:169.254.169.254 is the IPv4-mapped form of a link-local address',
      },
    ]);
    await broker.close();
  });

  it('reports a failed lookup as an error event', async () => {
    const { broker, events, socket } = await openBroker(['nowhere.test:443'], {
      lookup: () =>
        Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })),
    });
    expect(await exchange(socket(), 'x')).toBe('');
    expect(events).toMatchObject([
      { type: 'error', host: 'nowhere.test', reason: /lookup failed/ },
    ]);
    await broker.close();
  });

  it('falls back to the next checked address when one refuses the connection', async () => {
    const { broker, events, socket } = await openBroker([`multi.test:${String(echoPort)}`], {
      privateNetwork: true,
      lookup: lookupOf('127.0.0.2', '127.0.0.1'), // the echo server listens on 127.0.0.1 only
    });
    expect(await exchange(socket(), 'again')).toBe('pong:again');
    expect(events.map((e) => [e.type, e.address])).toEqual([['connect', '127.0.0.1']]);
    await broker.close();
  });

  it('refuses connections beyond the per-server cap, and admits again once one ends', async () => {
    const { broker, events, socket } = await openBroker([`127.0.0.1:${String(holdPort)}`], {
      maxConnections: 2,
    });
    const first = await connectHeld(socket());
    await connectHeld(socket());
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'connect')).toHaveLength(2));
    expect(await exchange(socket(), 'third')).toBe('');
    expect(events.at(-1)).toMatchObject({ type: 'refused', reason: 'more than 2 connections' });
    first.destroy();
    await vi.waitFor(() => expect(broker.activeConnections).toBe(1));
    await connectHeld(socket());
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'connect')).toHaveLength(3));
    await broker.close();
    expect(broker.activeConnections).toBe(0);
  });

  it('drops a connection that the audit hook fails to record', async () => {
    const { broker, socket } = await openBroker([`127.0.0.1:${String(echoPort)}`], {
      onEvent: () => {
        throw new Error('audit log unavailable');
      },
    });
    expect(await exchange(socket(), 'ping')).toBe('');
    await broker.close();
  });

  it('makes a 0711 folder of 0666 sockets, ends relays and removes the folder on close', async () => {
    const { broker, socket } = await openBroker([
      `127.0.0.1:${String(holdPort)}`,
      `a.test:${String(holdPort)}`,
    ]);
    expect(statSync(broker.directory).mode & 0o777).toBe(0o711);
    for (const i of [0, 1]) {
      expect(statSync(socket(i)).isSocket()).toBe(true);
      expect(statSync(socket(i)).mode & 0o777).toBe(0o666);
    }
    const held = await connectHeld(socket(0));
    const closed = new Promise((resolve) => held.on('close', resolve));
    await vi.waitFor(() => expect(broker.activeConnections).toBe(1));
    await broker.close();
    await closed;
    await broker.close(); // idempotent
    expect(() => statSync(broker.directory)).toThrow(/ENOENT/);
  });

  it('refuses a folder that already exists and socket paths that are too long', async () => {
    const existing = path.join(root, 'planted');
    mkdirSync(existing);
    const plan = planSandboxNetwork(['a.test:443'], { privateNetwork: false });
    await expect(EgressBroker.open({ directory: existing, plan })).rejects.toMatchObject({
      code: 'SANDBOX_EGRESS_FAILED',
      message: /cannot create the egress folder/,
    });
    const long = path.join(root, 'x'.repeat(120));
    const error = await EgressBroker.open({ directory: long, plan }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxNetworkError);
    expect(error).toMatchObject({
      code: 'SANDBOX_EGRESS_FAILED',
      message: /longer than 107 bytes/,
    });
    expect(() => statSync(long)).toThrow(/ENOENT|ENAMETOOLONG/);
  });
});
