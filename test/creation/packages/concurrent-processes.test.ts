import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { readLockFile, resolvePackage, verifyStoreTree } from '../../../src/creation/index.js';
import { REPO_ROOT } from '../../helpers/paths.js';
import {
  EVERYTHING,
  FILESYSTEM,
  freshState,
  useRegistry,
  useWorldReadableTempDir,
} from './store-helpers.js';

/** The compiled module, so separate Node processes (real gateways) can race each other. */
const CREATION = path.join(REPO_ROOT, 'dist/src/creation/index.js');

const CHILD = `
const [module, spec, stateDir, lockFile, registry] = process.argv.slice(1);
const { resolvePackage } = await import(module);
const resolved = await resolvePackage(spec, { stateDir, lockFile, registry });
process.stdout.write(JSON.stringify({ storeDir: resolved.storeDir, binPath: resolved.binPath }));
`;

/** Resolves `spec` in a separate Node process; resolves with its result or rejects with stderr. */
function resolveInChild(
  spec: string,
  state: { stateDir: string; lockFile: string },
  registry: string,
): Promise<{ storeDir: string; binPath: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        CHILD,
        CREATION,
        spec,
        state.stateDir,
        state.lockFile,
        registry,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(stdout));
      else reject(new Error(`child for ${spec} exited with ${code}:\n${stderr}`));
    });
  });
}

describe('resolvePackage across processes', () => {
  const base = useWorldReadableTempDir();
  let registry: Awaited<ReturnType<typeof useRegistry>>;

  beforeAll(async () => {
    if (!existsSync(CREATION)) throw new Error(`${CREATION} is missing: run "npm run build"`);
    registry = await useRegistry([EVERYTHING, FILESYSTEM]);
  });

  it('three gateways starting at once (two on one spec) share the store and keep every lock entry', async () => {
    const state = freshState(base);
    const [a, b, c] = await Promise.all([
      resolveInChild(EVERYTHING, state, registry.url),
      resolveInChild(EVERYTHING, state, registry.url),
      resolveInChild(FILESYSTEM, state, registry.url),
    ]);
    expect(a.storeDir).toBe(b.storeDir);
    expect(c.storeDir).not.toBe(a.storeDir);
    const lock = await readLockFile(state.lockFile);
    expect(Object.keys(lock.entries).sort()).toEqual([EVERYTHING, FILESYSTEM]);
    for (const entry of Object.values(lock.entries)) {
      const storeDir = path.join(state.stateDir, 'packages', entry.store);
      expect(await verifyStoreTree(entry, storeDir)).toEqual({ ok: true });
    }
    const root = readdirSync(path.join(state.stateDir, 'packages'));
    expect(root.filter((name) => name.startsWith('.tmp'))).toEqual([]);
    expect(root.filter((name) => /^[0-9a-f]{64}$/.test(name))).toHaveLength(2);
    // Every mutex was released.
    expect(readdirSync(path.join(state.stateDir, 'packages', '.locks'))).toEqual([]);
    expect(readdirSync(path.dirname(state.lockFile))).toEqual(['gatehouse.lock']);
    // And this process now finds both offline.
    registry.resetRequests();
    await resolvePackage(EVERYTHING, { ...state, registry: registry.url });
    await resolvePackage(FILESYSTEM, { ...state, registry: registry.url });
    expect(registry.requests).toEqual([]);
  });
});
