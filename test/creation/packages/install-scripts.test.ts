import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { resolvePackage } from '../../../src/creation/index.js';
import { freshState, useRegistry, useWorldReadableTempDir } from './store-helpers.js';

const LIFECYCLE = ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish'] as const;

/** A package folder whose every install script writes `<markers>/<name>-<script>`. */
function scriptedPackage(
  root: string,
  name: string,
  markers: string,
  extra: Record<string, unknown>,
): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  const scripts = Object.fromEntries(
    LIFECYCLE.map((script) => [
      script,
      `node -e "require('fs').writeFileSync(${JSON.stringify(
        path.join(markers, `${name}-${script}`),
      ).replace(/"/g, "'")}, 'ran')"`,
    ]),
  );
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name, version: '1.0.0', scripts, ...extra }, null, 2),
  );
  writeFileSync(path.join(dir, 'index.js'), '#!/usr/bin/env node\nconsole.log("probe");\n');
  // A binding.gyp makes npm imply `node-gyp rebuild` as the install script.
  writeFileSync(path.join(dir, 'binding.gyp'), '{"targets": []}\n');
  return dir;
}

describe('resolvePackage never runs install scripts', () => {
  const base = useWorldReadableTempDir();
  const markers = path.join(base, 'markers');
  let registry: Awaited<ReturnType<typeof useRegistry>>;
  let probeDir: string;

  beforeAll(async () => {
    mkdirSync(markers);
    const packages = path.join(base, 'packages');
    const depDir = scriptedPackage(packages, 'script-probe-dep', markers, {});
    probeDir = scriptedPackage(packages, 'script-probe', markers, {
      bin: { 'script-probe': 'index.js' },
      dependencies: { 'script-probe-dep': '^1.0.0' },
    });
    registry = await useRegistry([], [probeDir, depDir]);
  });

  it('the probe scripts do write their marker when run (so the check below can fail)', () => {
    const manifest = JSON.parse(readFileSync(path.join(probeDir, 'package.json'), 'utf8'));
    const run = spawnSync('/bin/sh', ['-c', manifest.scripts.postinstall]);
    expect(run.status).toBe(0);
    expect(existsSync(path.join(markers, 'script-probe-postinstall'))).toBe(true);
    rmSync(path.join(markers, 'script-probe-postinstall'));
  });

  it('installs the package and its dependency with no script run, on first and re-install', async () => {
    const state = freshState(base);
    const resolved = await resolvePackage('script-probe', { ...state, registry: registry.url });
    expect(resolved.binPath).toBe(path.join(resolved.packageDir, 'index.js'));
    expect(existsSync(path.join(resolved.storeDir, 'node_modules/script-probe-dep'))).toBe(true);
    // The packument told npm about the scripts; none ran.
    expect(resolved.lockEntry.packages['node_modules/script-probe']?.integrity).toMatch(/^sha512-/);
    // Reinstall from the lock (store folder gone, new cache): still no script.
    const again = freshState(base);
    mkdirSync(path.dirname(again.lockFile), { recursive: true });
    writeFileSync(again.lockFile, readFileSync(state.lockFile));
    await resolvePackage('script-probe', { ...again, registry: registry.url });
    expect(readdirSync(markers)).toEqual([]);
  });
});
