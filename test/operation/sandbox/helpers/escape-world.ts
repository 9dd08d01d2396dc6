/**
 * @module test/operation/sandbox/helpers/escape-world
 * Everything the escape suite plants on the host before the gateway starts: random canary files
 * (the gateway user's `~/.ssh/id_rsa`, another server's granted file), a folder nothing grants, a
 * host Unix socket and an abstract one, loopback-only TCP listeners that hand out a token, a
 * victim process to signal and trace, and the gateway config. Canary files are world-readable
 * where the gateway runs as root, so that only the sandbox (not file modes) stands between the
 * hostile server and them; the unprivileged gateway owns its canaries with the usual 0600 modes
 * and its sandbox runs as that same uid, so again only the sandbox protects them.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import type { Server } from 'node:net';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';

import { stringify } from 'yaml';

import { REPO_ROOT } from '../../../helpers/paths.js';

export const HOSTILE_SERVER = path.join(REPO_ROOT, 'dist/fixtures/servers/hostile-server.js');
/** The uid root-run sandboxes use (`nobody`). */
export const NOBODY = 65534;
/** The unprivileged gateway's uid: no passwd entry needed. */
export const GATEWAY_USER = 64123;

/** The limits the suite configures, small so that every bomb ends fast. */
export const LIMITS = { memoryMb: 128, processes: 64, tmpMb: 8, fileSizeMb: 4 } as const;

export type Variant = 'root' | 'unprivileged' | 'unsandboxed';

export interface Canary {
  readonly path: string;
  readonly value: string;
}

export interface EscapeWorld {
  readonly variant: Variant;
  readonly root: string;
  readonly configFile: string;
  readonly stateDir: string;
  /** The gateway's complete environment. */
  readonly gatewayEnv: Record<string, string>;
  /** The uid the gateway runs as when not the test's own. */
  readonly runAs?: number;
  /** The gateway user's private key stand-in (`$HOME/.ssh/id_rsa`). */
  readonly sshKey: Canary;
  /** The hostile server's writable folder (an argument path). */
  readonly work: string;
  /** The other server's folder and the canary in it. */
  readonly otherDir: string;
  readonly otherCanary: Canary;
  /** A world-writable folder nothing grants. */
  readonly outside: string;
  /** Links planted in `work` before the start, pointing at the other server's canary. */
  readonly plantedLinks: readonly string[];
  readonly hostSocket: string;
  readonly abstractSocket: string;
  /** Loopback TCP canaries; each connection receives `token`. */
  readonly tcp: readonly { host: string; port: number }[];
  readonly token: string;
  /** Variables of the gateway's environment: one never granted, one passed through by name. */
  readonly envCanary: { name: string; value: string };
  readonly envGranted: { name: string; value: string };
  readonly envDeclared: { name: string; value: string };
  /** What the host resolves its own hostname to, if it does. */
  readonly hostName: { name: string; address?: string };
  /** A process of the sandbox's uid to signal and trace. */
  readonly victim: ChildProcess;
  /** Connections the TCP and Unix canaries accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

const random = (): string => randomBytes(12).toString('hex');

function listen(server: Server, ...args: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    (server.listen as (...a: unknown[]) => void)(...args, () => resolve());
  });
}

/** Builds the world of one variant under a fresh temp folder. */
export async function buildEscapeWorld(variant: Variant): Promise<EscapeWorld> {
  const root = mkdtempSync(path.join(tmpdir(), `gatehouse-escape-${variant}-`));
  chmodSync(root, 0o755);
  const owner = variant === 'unprivileged' ? GATEWAY_USER : 0;
  const sandboxUid = variant === 'unprivileged' ? GATEWAY_USER : NOBODY;
  const own = (p: string, uid = owner): void => chownSync(p, uid, uid);
  const dir = (name: string, mode = 0o755, uid = owner): string => {
    const p = path.join(root, name);
    mkdirSync(p, { recursive: true });
    chmodSync(p, mode);
    own(p, uid);
    return p;
  };
  const file = (p: string, value: string, mode: number, uid = owner): Canary => {
    writeFileSync(p, value);
    chmodSync(p, mode);
    own(p, uid);
    return { path: p, value };
  };
  const privateMode = variant === 'unprivileged';
  const stateDir = dir('state', 0o700);
  const home = dir('home', 0o755);
  const ssh = dir('home/.ssh', privateMode ? 0o700 : 0o755);
  const sshKey = file(
    path.join(ssh, 'id_rsa'),
    `ssh-canary-${random()}`,
    privateMode ? 0o600 : 0o644,
  );
  // Granted folders belong to the uid the sandboxes run as.
  const work = dir('work', 0o755, sandboxUid);
  const otherDir = dir('other', 0o755, sandboxUid);
  const otherCanary = file(path.join(otherDir, 'canary.txt'), `other-canary-${random()}`, 0o644);
  const outside = dir('outside', 0o777);
  const plantedLinks = [path.join(work, 'planted-absolute'), path.join(work, 'planted-relative')];
  symlinkSync(otherCanary.path, plantedLinks[0]!);
  symlinkSync('../other/canary.txt', plantedLinks[1]!);

  const token = `tcp-canary-${random()}`;
  let accepted = 0;
  const servers: Server[] = [];
  const canaryServer = (): Server => {
    const server = createServer((socket) => {
      accepted += 1;
      socket.end(token);
    });
    servers.push(server);
    return server;
  };
  const tcp: { host: string; port: number }[] = [];
  for (const host of ['127.0.0.1', '127.0.0.2']) {
    const server = canaryServer();
    await listen(server, 0, host);
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    tcp.push({ host, port: address.port });
  }
  const socketDir = dir('sockets', 0o755);
  const hostSocket = path.join(socketDir, 'docker.sock');
  await listen(canaryServer(), hostSocket);
  chmodSync(hostSocket, 0o777);
  const abstractSocket = `gatehouse-escape-${random()}`;
  await listen(canaryServer(), `\0${abstractSocket}`);

  let address: string | undefined;
  try {
    address = (await lookup(hostname())).address;
  } catch {
    // The host does not resolve its own name; the lookup attempt then only has to fail.
  }
  const victim = spawn('/usr/bin/sleep', ['600'], {
    uid: sandboxUid,
    gid: sandboxUid,
    stdio: 'ignore',
  });
  await new Promise((resolve, reject) => victim.once('spawn', resolve).once('error', reject));

  const envCanary = { name: 'ESCAPE_CANARY', value: `env-canary-${random()}` };
  const envGranted = { name: 'ESCAPE_GRANTED', value: `granted-${random()}` };
  const envDeclared = { name: 'ESCAPE_DECLARED', value: `declared-${random()}` };
  const hostileArgs = [HOSTILE_SERVER, '--name', 'hostile', work];
  const config = {
    gateway: { stateDir },
    servers: {
      hostile: {
        transport: 'stdio',
        command: process.execPath,
        args: hostileArgs,
        env: { [envDeclared.name]: envDeclared.value },
        sandbox:
          variant === 'unsandboxed'
            ? false
            : { env: [envGranted.name], network: 'none', limits: LIMITS },
      },
      other: {
        transport: 'stdio',
        command: process.execPath,
        args: [HOSTILE_SERVER, '--name', 'other', otherDir],
      },
    },
  };
  const configFile = path.join(root, 'gatehouse.yaml');
  writeFileSync(configFile, stringify(config));
  chmodSync(configFile, 0o644);

  return {
    variant,
    root,
    configFile,
    stateDir,
    gatewayEnv: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      LANG: 'C.UTF-8',
      [envCanary.name]: envCanary.value,
      [envGranted.name]: envGranted.value,
    },
    ...(variant === 'unprivileged' ? { runAs: GATEWAY_USER } : {}),
    sshKey,
    work,
    otherDir,
    otherCanary,
    outside,
    plantedLinks,
    hostSocket,
    abstractSocket,
    tcp,
    token,
    envCanary,
    envGranted,
    envDeclared,
    hostName: { name: hostname(), ...(address ? { address } : {}) },
    victim,
    connections: () => accepted,
    async close() {
      victim.kill('SIGKILL');
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
