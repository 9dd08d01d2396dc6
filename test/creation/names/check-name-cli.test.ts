/**
 * `gatehouse registry check-name`, run as the real CLI against a names file and a loopback
 * registry.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CLI } from '../../helpers/paths.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import type { FakeRegistry } from './registry-fixture.js';
import { startFakeRegistry } from './registry-fixture.js';

const dir = useTempDir('gatehouse-check-name-');
const namesFile = path.join(dir, 'names.txt');

/** Runs the CLI without blocking the event loop (the loopback registry answers meanwhile). */
function gatehouse(
  ...args: string[]
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'registry', 'check-name', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let registry: FakeRegistry;
beforeAll(async () => {
  writeFileSync(
    namesFile,
    [
      '# registered servers',
      'io.github.modelcontextprotocol/server-filesystem',
      'io.github.github/github-mcp-server\tgithub',
      '',
      'mcp-server-fetch\r',
    ].join('\n'),
  );
  registry = await startFakeRegistry({
    servers: [
      { name: 'io.github.modelcontextprotocol/memory', npm: '@modelcontextprotocol/server-memory' },
      { name: 'io.github.upstash/context7' },
    ],
  });
});
afterAll(() => registry.close());

describe('gatehouse registry check-name', () => {
  it('exits 2 without --names or --registry, or with both, and for an unreadable file', async () => {
    expect((await gatehouse('io.github.a/b')).status).toBe(2);
    expect(
      (await gatehouse('io.github.a/b', '--names', namesFile, '--registry', registry.url)).status,
    ).toBe(2);
    const missing = await gatehouse('io.github.a/b', '--names', path.join(dir, 'none'), '--json');
    expect(missing.status).toBe(2);
    expect(JSON.parse(missing.stderr).error.code).toBe('USAGE');
  });

  it('exits 1 and prints the verdict as JSON for a look-alike of a listed name', async () => {
    const result = await gatehouse('io.github.evil/githu6', '--names', namesFile, '--json');
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.verdict).toBe('reject');
    expect(report.similar[0]).toMatchObject({
      name: 'io.github.github/github-mcp-server',
      owner: 'github',
      reason: 'look-alike-skeleton',
      field: 'name',
    });
  });

  it('exits 1 for review and 0 for ok, in human form too', async () => {
    const review = await gatehouse('io.github.evil/server-filesytem', '--names', namesFile);
    expect(review.status).toBe(1);
    expect(review.stdout).toMatch(/REVIEW \(compared with 3 names\)/);
    expect(review.stdout).toMatch(/edit-distance 1/);
    const ok = await gatehouse('io.github.alice/weather', '--names', namesFile, '--json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ verdict: 'ok', similar: [] });
  });

  it('does not compare a name with its own owner (--owner)', async () => {
    const own = await gatehouse(
      'io.github.x/githu6',
      '--owner',
      'github',
      '--names',
      namesFile,
      '--json',
    );
    expect(JSON.parse(own.stdout).verdict).toBe('ok');
    expect(own.status).toBe(0);
  });

  it('checks npm identifiers given with --npm, and bare npm names', async () => {
    const npm = await gatehouse(
      'io.github.evil/x-tool',
      '--npm',
      'fetch_mcp_server',
      '--names',
      namesFile,
      '--json',
    );
    expect(JSON.parse(npm.stdout).similar[0]).toMatchObject({
      name: 'mcp-server-fetch',
      field: 'npm',
    });
    const bare = await gatehouse('mcp-server-fetch', '--names', namesFile, '--json');
    expect(JSON.parse(bare.stdout).verdict).toBe('ok'); // the name itself: same owner
  });

  it('reads the names of a registry through /v0.1/servers', async () => {
    const result = await gatehouse('io.github.evil/rnemory', '--registry', registry.url, '--json');
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.verdict).toBe('reject');
    expect(report.similar.map((s: { name: string }) => s.name)).toContain(
      'io.github.modelcontextprotocol/memory',
    );
  });

  it('exits 4 when the registry cannot be reached', async () => {
    const closed = await startFakeRegistry({ servers: [] });
    await closed.close();
    const result = await gatehouse('io.github.a/b', '--registry', closed.url, '--json');
    expect(result.status).toBe(4);
    expect(JSON.parse(result.stderr).error.code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('documents the verdicts and exit codes in its help', async () => {
    const help = await gatehouse('--help');
    expect(help.stdout).toMatch(/Exit codes: 0 ok, 1 review or reject/);
  });
});
