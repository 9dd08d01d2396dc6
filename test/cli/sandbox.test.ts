/**
 * The sandbox from the command line: a stdio server is never started without a working sandbox
 * (the error says why and how to fix it), `sandbox: false` is the explicit way out and `check`
 * reports it, and `sandbox explain` prints the effective policy with secrets redacted.
 */
import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { sandboxSupport } from '../../src/operation/sandbox/index.js';
import { withStateDir, writeConfig } from '../helpers/gatehouse-process.js';
import { CLI, SCRIPTED_SERVER } from '../helpers/paths.js';
import { useTempDir } from '../helpers/temp-dir.js';

const dir = useTempDir();
const scripted = (name: string, extra: Record<string, unknown> = {}) => ({
  transport: 'stdio',
  command: process.execPath,
  args: [SCRIPTED_SERVER, '--name', name],
  ...extra,
});

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: withStateDir({ ...process.env, ...env }),
    timeout: 60_000,
  });

const config = writeConfig(dir, {
  servers: {
    boxed: scripted('boxed', { env: { BOXED_TOKEN: 'token-value-123' } }),
    open: scripted('open', { sandbox: false }),
  },
});

describe('fail closed', () => {
  it('does not start a stdio server without a working sandbox, naming why and the way out', () => {
    const out = cli(['check', '-c', config, '--json'], { GATEHOUSE_BWRAP: '/nonexistent/bwrap' });
    expect(out.status).toBe(1);
    const report = JSON.parse(out.stdout) as {
      servers: { key: string; state: string; error?: string; sandboxed: boolean }[];
    };
    const boxed = report.servers.find((s) => s.key === 'boxed');
    expect(boxed?.state).not.toBe('ready');
    expect(boxed?.error).toContain(
      'Server "boxed" was not started: GATEHOUSE_BWRAP=/nonexistent/bwrap is not an executable file',
    );
    expect(boxed?.error).toContain('set "sandbox: false" on it');
    // The explicitly unsandboxed server still runs, and is reported as such.
    expect(report.servers.find((s) => s.key === 'open')).toMatchObject({
      state: 'ready',
      sandboxed: false,
    });
  });

  it.skipIf(!sandboxSupport().ok)('check reports every unsandboxed server', () => {
    const out = cli(['check', '-c', config]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toContain(
      "UNSANDBOXED: open runs with Gatehouse's own rights (sandbox: false)",
    );
    expect(out.stdout).not.toContain('UNSANDBOXED: boxed');
  });

  it('refuses to explain a server the sandbox cannot run, with exit code 5', () => {
    const out = cli(['sandbox', 'explain', 'boxed', '-c', config], {
      GATEHOUSE_BWRAP: '/nonexistent/bwrap',
    });
    expect(out.status).toBe(5);
    expect(out.stderr).toContain('not an executable file');
  });
});

describe.skipIf(!sandboxSupport().ok)('gatehouse sandbox explain', () => {
  it('prints the effective policy and command line, secrets redacted', () => {
    const out = cli(['sandbox', 'explain', 'boxed', '-c', config]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^namespaces: user, pid, ipc, uts, cgroup, mount, network$/m);
    expect(out.stdout).toMatch(/^env: BOXED_TOKEN=<redacted>$/m);
    expect(out.stdout).toMatch(/^network: none/m);
    expect(out.stdout).toMatch(/^command line: /m);
    expect(out.stdout).toMatch(/bwrap --unshare-all .* --seccomp 3 -- /);
    expect(out.stdout).not.toContain('token-value-123');
  });

  it('says an unsandboxed server is unsandboxed', () => {
    const out = cli(['sandbox', 'explain', 'open', '-c', config, '--json']);
    expect(out.status, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ server: 'open', sandboxed: false });
  });

  it('names the servers there are when asked about an unknown one (usage error)', () => {
    const out = cli(['sandbox', 'explain', 'nope', '-c', config]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('no server "nope"');
    expect(out.stderr).toContain('boxed, open');
  });
});
