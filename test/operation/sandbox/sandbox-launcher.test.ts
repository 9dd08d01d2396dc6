/**
 * The launcher with real bubblewrap: what a server sees from inside its sandbox, and that a server
 * is not started (fail closed) when the sandbox cannot be built or a grant is refused.
 */
import { spawn } from 'node:child_process';
import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import type { PreparedLaunch } from '../../../src/operation/sandbox/index.js';
import {
  SandboxError,
  SandboxLauncher,
  sandboxSupport,
} from '../../../src/operation/sandbox/index.js';
import type { StdioServerConfig } from '../../../src/shared/config/schema.js';
import { StdioServerSchema } from '../../../src/shared/config/schema.js';
import { silentLogger } from '../../../src/shared/logging/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const root = process.getuid?.() === 0;
const dir = useTempDir();
const stateDir = path.join(dir, 'state');
const readable = path.join(dir, 'readable');
const writable = path.join(dir, 'writable');
const hidden = path.join(dir, 'hidden');
for (const d of [stateDir, readable, writable, hidden]) mkdirSync(d);
if (root) chownSync(writable, 65534, 65534);
writeFileSync(path.join(readable, 'note.txt'), 'granted');
writeFileSync(path.join(hidden, 'secret.txt'), 'not granted');
process.env.GATEHOUSE_TEST_HOST_SECRET = 'host-secret-value';

/** Runs inside the sandbox and reports what it sees, as one JSON line. */
const PROBE = String.raw`
const fs = require('node:fs');
const os = require('node:os');
const { PROBE_READABLE: readable, PROBE_WRITABLE: writable, PROBE_HIDDEN: hidden } = process.env;
const attempt = (fn) => { try { return 'ok:' + fn(); } catch (e) { return e.code ?? String(e); } };
const status = fs.readFileSync('/proc/self/status', 'utf8');
const field = (name) => new RegExp('^' + name + ':\\s+(\\S+)', 'm').exec(status)?.[1];
console.log(JSON.stringify({
  uid: process.getuid(), gid: process.getgid(), env: process.env, cwd: process.cwd(),
  hostname: os.hostname(), pid: process.pid,
  shadow: attempt(() => fs.readFileSync('/etc/shadow', 'utf8').length),
  passwd: fs.readFileSync('/etc/passwd', 'utf8'),
  readGranted: attempt(() => fs.readFileSync(readable + '/note.txt', 'utf8')),
  writeReadOnly: attempt(() => fs.writeFileSync(readable + '/x', 'x')),
  writeGranted: attempt(() => fs.writeFileSync(writable + '/x', 'x')),
  readHidden: attempt(() => fs.readFileSync(hidden + '/secret.txt', 'utf8')),
  writeTmp: attempt(() => fs.writeFileSync('/tmp/x', 'x')),
  writeHome: attempt(() => fs.writeFileSync(os.homedir() + '/x', 'x')),
  writeUsr: attempt(() => fs.writeFileSync('/usr/x', 'x')),
  writeRoot: attempt(() => fs.writeFileSync('/x', 'x')),
  writeDev: attempt(() => fs.writeFileSync('/dev/x', 'x')),
  writeShm: attempt(() => fs.writeFileSync('/dev/shm/x', 'x')),
  shmSize: fs.statfsSync('/dev/shm').blocks * fs.statfsSync('/dev/shm').bsize,
  capEff: field('CapEff'), capPrm: field('CapPrm'), noNewPrivs: field('NoNewPrivs'), seccomp: field('Seccomp'),
  root: fs.readdirSync('/').sort(),
}));
`;

function serverConfig(extra: Record<string, unknown>): StdioServerConfig {
  return StdioServerSchema.parse({
    transport: 'stdio',
    command: process.execPath,
    args: ['-e', PROBE],
    env: {
      DECLARED_TOKEN: 'declared-secret',
      PROBE_READABLE: readable,
      PROBE_WRITABLE: writable,
      PROBE_HIDDEN: hidden,
    },
    ...extra,
  });
}

function run(
  launch: PreparedLaunch,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(launch.command, [...launch.args], {
      env: { ...launch.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    launch.started(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end();
    child.on('exit', (code, signal) => {
      launch.ended(code, signal);
      resolve({ code, stdout, stderr });
    });
  });
}

const launcher = new SandboxLauncher({ stateDir, logger: silentLogger() });
afterAll(() => launcher.close());
const supported = sandboxSupport().ok;

describe.skipIf(!supported)('a sandboxed server sees only what it was granted', () => {
  it('runs unprivileged, with no capabilities, no new privileges, a seccomp filter and its own PID namespace', async () => {
    const result = await run(
      await launcher.prepare(
        'probe',
        serverConfig({ sandbox: { read: [readable], write: [writable] } }),
      ),
    );
    expect(result.stderr).toBe('');
    const seen = JSON.parse(result.stdout) as Record<string, unknown>;
    if (root) expect([seen.uid, seen.gid]).toEqual([65534, 65534]);
    expect(seen).toMatchObject({
      capEff: '0000000000000000',
      capPrm: '0000000000000000',
      noNewPrivs: '1',
      seccomp: '2',
      hostname: 'sandbox',
    });
    expect(seen.pid).toBeLessThan(10);
    expect(seen.passwd).toMatch(/^sandbox:x:/m);
    expect(seen.passwd).not.toMatch(/^cloudsdk|^daemon/m);
  });

  it('sees the granted paths as granted, no other host path, and a private writable /tmp and home', async () => {
    const seen = JSON.parse(
      (
        await run(
          await launcher.prepare(
            'probe',
            serverConfig({ sandbox: { read: [readable], write: [writable] } }),
          ),
        )
      ).stdout,
    ) as Record<string, unknown>;
    expect(seen).toMatchObject({
      shadow: 'ENOENT',
      readGranted: 'ok:granted',
      writeReadOnly: 'EROFS',
      writeGranted: 'ok:undefined',
      readHidden: 'ENOENT',
      writeTmp: 'ok:undefined',
      writeHome: 'ok:undefined',
      writeUsr: 'EROFS',
      // The tmpfs bwrap builds the root and /dev on is read-only: no unbounded place to write.
      writeRoot: 'EROFS',
      writeDev: 'EROFS',
      writeShm: 'ok:undefined',
      shmSize: 64 * 1024 * 1024,
      cwd: '/home/sandbox',
    });
    expect(seen.root).not.toContain('root');
    expect(seen.root).not.toContain('var');
  });

  it("gets a cleared environment: the allowlist and its declared variables, none of the gateway's", async () => {
    const seen = JSON.parse(
      (await run(await launcher.prepare('probe', serverConfig({})))).stdout,
    ) as { env: Record<string, string> };
    expect(seen.env.DECLARED_TOKEN).toBe('declared-secret');
    expect(seen.env.GATEHOUSE_TEST_HOST_SECRET).toBeUndefined();
    // bwrap sets PWD to the sandbox's working folder; the gateway's own PWD does not reach it.
    expect(seen.env.PWD).toBe('/home/sandbox');
    expect(Object.keys(seen.env).sort()).toEqual(
      [
        'DECLARED_TOKEN',
        'HOME',
        'LOGNAME',
        'PATH',
        'PWD',
        'PROBE_HIDDEN',
        'PROBE_READABLE',
        'PROBE_WRITABLE',
        'TMPDIR',
        'USER',
        ...Object.keys(process.env).filter((k) => /^(LANG|LANGUAGE|TZ|LC_[A-Z]+)$/.test(k)),
      ].sort(),
    );
  });

  it('passes a host variable only when granted by name', async () => {
    const seen = JSON.parse(
      (
        await run(
          await launcher.prepare(
            'probe',
            serverConfig({ sandbox: { env: ['GATEHOUSE_TEST_HOST_SECRET'] } }),
          ),
        )
      ).stdout,
    ) as { env: Record<string, string> };
    expect(seen.env.GATEHOUSE_TEST_HOST_SECRET).toBe('host-secret-value');
  });

  it('grants absolute paths named in the arguments read-write, unless told not to', async () => {
    const withArgs = await launcher.plan(
      'probe',
      serverConfig({ args: ['-e', PROBE, readable, writable, '/no/such'] }),
    );
    expect(withArgs?.grants.map((g) => [g.path, g.mode, g.origin])).toEqual([
      [readable, 'rw', 'argument'],
      [writable, 'rw', 'argument'],
    ]);
    const without = await launcher.plan(
      'probe',
      serverConfig({ args: ['-e', PROBE, readable], sandbox: { argumentPaths: false } }),
    );
    expect(without?.grants).toEqual([]);
  });

  it('refuses a grant that would expose the state folder, and does not start the server', async () => {
    const attempt = launcher.prepare('probe', serverConfig({ sandbox: { read: [dir] } }));
    await expect(attempt).rejects.toBeInstanceOf(SandboxError);
    await expect(attempt).rejects.toThrow(
      /Server "probe": cannot grant .* holds or is inside Gatehouse's state/,
    );
  });

  it('explains the sandbox with the secrets redacted, on the command line too', async () => {
    const explanation = await launcher.explain(
      'probe',
      serverConfig({ sandbox: { env: ['GATEHOUSE_TEST_HOST_SECRET'] } }),
    );
    expect(explanation.environment).toMatchObject({
      DECLARED_TOKEN: '<redacted>',
      GATEHOUSE_TEST_HOST_SECRET: '<redacted>',
    });
    const text = JSON.stringify(explanation);
    expect(text).not.toContain('declared-secret');
    expect(text).not.toContain('host-secret-value');
    expect(explanation.commandLine?.join(' ')).toMatch(
      /bwrap .*--unshare-all .*--disable-userns .*--seccomp 3 -- /,
    );
  });
});

describe('fail closed', () => {
  it('refuses to start a stdio server without a working sandbox, saying why and how to fix it', async () => {
    const broken = new SandboxLauncher({
      stateDir,
      logger: silentLogger(),
      support: () => ({
        ok: false,
        reason: 'bubblewrap (bwrap) is not installed',
        fix: 'Install it. Or set "sandbox: false".',
      }),
    });
    const attempt = broken.prepare('probe', serverConfig({}));
    await expect(attempt).rejects.toMatchObject({ code: 'SANDBOX_UNAVAILABLE' });
    await expect(attempt).rejects.toThrow(
      'Server "probe" was not started: bubblewrap (bwrap) is not installed. Install it.',
    );
  });

  it('runs a server unsandboxed only when its config says sandbox: false', async () => {
    const broken = new SandboxLauncher({
      stateDir,
      logger: silentLogger(),
      support: () => ({ ok: false, reason: 'no', fix: 'no' }),
    });
    const launch = await broken.prepare('probe', serverConfig({ sandbox: false }));
    expect(launch.sandboxed).toBe(false);
    expect(launch.command).toBe(process.execPath);
  });
});
