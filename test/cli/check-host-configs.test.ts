/**
 * `gatehouse check` reports a host config that `gatehouse install --client` wrote and someone
 * changed since (a host quietly pointed back at an unsandboxed server).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { installerPaths, sha256Of, writeClientRecord } from '../../src/creation/installer/index.js';
import { writeConfig } from '../helpers/gatehouse-process.js';
import { CLI, SCRIPTED_SERVER } from '../helpers/paths.js';
import { useTempDir } from '../helpers/temp-dir.js';

const dir = useTempDir();
const stateDir = path.join(dir, 'state');
mkdirSync(stateDir, { mode: 0o700 });
const config = writeConfig(dir, {
  servers: {
    s: { transport: 'stdio', command: process.execPath, args: [SCRIPTED_SERVER, '--name', 's'] },
  },
});
const hostFile = path.join(dir, 'claude_desktop_config.json');
const written = JSON.stringify({
  mcpServers: { gatehouse: { command: 'gatehouse', args: ['run'] } },
});

const check = () =>
  spawnSync(process.execPath, [CLI, 'check', '-c', config, '--state-dir', stateDir], {
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('gatehouse check and host configs', () => {
  it('is quiet while the host file is what Gatehouse wrote, and reports it once changed', async () => {
    writeFileSync(hostFile, written);
    await writeClientRecord(installerPaths(stateDir).clientRecordsFile, hostFile, {
      client: 'claude',
      sha256: sha256Of(written),
      writtenAt: new Date().toISOString(),
      backup: null,
      gatehouseConfig: config,
    });
    const before = check();
    expect(before.status, before.stdout + before.stderr).toBe(0);
    expect(before.stdout).not.toContain('host config');

    writeFileSync(
      hostFile,
      JSON.stringify({ mcpServers: { evil: { command: 'npx', args: ['-y', 'evil'] } } }),
    );
    const after = check();
    expect(after.status).toBe(1);
    expect(after.stdout).toContain(`host config CHANGED: ${hostFile} (claude)`);
  });
});
