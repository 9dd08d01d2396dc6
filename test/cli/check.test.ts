/**
 * `gatehouse check`: connects to every server once and reports what it offers, the protocol
 * revision it speaks, and every naming finding with its resolution.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { withStateDir, writeConfig } from '../helpers/gatehouse-process.js';
import { CLI, REPO_ROOT, SCRIPTED_SERVER } from '../helpers/paths.js';
import { useTempDir } from '../helpers/temp-dir.js';

const dir = useTempDir();
const scripted = (name: string, extra: Record<string, unknown> = {}) => ({
  transport: 'stdio',
  command: process.execPath,
  args: [SCRIPTED_SERVER, '--name', name],
  ...extra,
});

const MODERN_SERVER = path.join(REPO_ROOT, 'dist/fixtures/servers/modern-server.js');
const modern = (name: string, extra: Record<string, unknown> = {}) => ({
  transport: 'stdio',
  command: process.execPath,
  args: [MODERN_SERVER, '--name', name],
  ...extra,
});

const check = (config: string, ...args: string[]) =>
  spawnSync(process.execPath, [CLI, 'check', '-c', config, ...args], {
    encoding: 'utf8',
    env: withStateDir({ ...process.env }),
    timeout: 60_000,
  });

describe('gatehouse check', () => {
  it('exits 1 and names the server when one cannot be started', () => {
    const config = writeConfig(
      dir,
      {
        servers: {
          good: scripted('good'),
          broken: { transport: 'stdio', command: '/nonexistent/server' },
        },
      },
      'broken.yaml',
    );
    const result = check(config, '--json', '--timeout', '5000');
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      servers: { key: string; state: string; error?: string }[];
    };
    expect(report.ok).toBe(false);
    const broken = report.servers.find((s) => s.key === 'broken');
    expect(broken?.state).not.toBe('ready');
    expect(broken?.error).toMatch(/ENOENT|nonexistent/);
    expect(report.servers.find((s) => s.key === 'good')?.state).toBe('ready');
  });

  it("reports each server's counts, prefix and protocol revision", () => {
    const config = writeConfig(dir, { servers: { alpha: scripted('alpha') } }, 'one.yaml');
    const result = check(config, '--json');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { ok: boolean; servers: Record<string, unknown>[] };
    expect(report.ok).toBe(true);
    expect(report.servers[0]).toMatchObject({
      key: 'alpha',
      state: 'ready',
      prefix: 'alpha',
      protocolVersion: '2025-11-25',
      era: 'session',
      resourceTemplates: 1,
    });
  });

  it("reports each server's protocol era: stateless for 2026-07-28, session otherwise", () => {
    const config = writeConfig(
      dir,
      {
        servers: {
          modern: modern('modern'),
          scripted: scripted('scripted'),
          // The same 2026-07-28-capable server, told to speak the session era.
          pinned: modern('pinned', { protocol: 'legacy' }),
        },
      },
      'eras.yaml',
    );
    const result = check(config, '--json');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { servers: Record<string, unknown>[] };
    const byKey = Object.fromEntries(report.servers.map((s) => [s.key, s]));
    expect(byKey.modern).toMatchObject({
      state: 'ready',
      protocolVersion: '2026-07-28',
      era: 'stateless',
    });
    expect(byKey.scripted).toMatchObject({
      state: 'ready',
      protocolVersion: '2025-11-25',
      era: 'session',
    });
    expect(byKey.pinned).toMatchObject({
      state: 'ready',
      protocolVersion: '2025-11-25',
      era: 'session',
    });
  });

  it('reports case-only clashes between servers and how each was resolved', () => {
    const config = writeConfig(
      dir,
      { servers: { GitHub: scripted('upper'), github: scripted('lower') } },
      'clash.yaml',
    );
    const json = check(config, '--json');
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout) as {
      findings: { code: string; message: string; details: Record<string, unknown> }[];
    };
    const clashes = report.findings.filter((f) => f.code === 'name-clash');
    expect(clashes.length).toBeGreaterThan(0);
    expect(clashes.map((c) => c.message).join('\n')).toMatch(/echo/);
    const human = check(config);
    expect(human.stdout).toMatch(/clash/i);
  });

  it('fails with exit code 3 and names file, path and problem for an invalid config', () => {
    const config = writeConfig(
      dir,
      { servers: { bad: { transport: 'http', url: 'ftp://x' } } },
      'invalid.yaml',
    );
    const result = check(config, '--json');
    expect(result.status).toBe(3);
    const envelope = JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '{}') as {
      error: { code: string; issues: { file: string; path: string; problem: string }[] };
    };
    expect(envelope.error.code).toBe('CONFIG_INVALID');
    expect(envelope.error.issues[0]).toMatchObject({ path: 'servers.bad.url' });
    expect(envelope.error.issues[0]?.file).toBe(config);
  });
});
