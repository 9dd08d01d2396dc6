/**
 * `installServer` against a real registry (SQLite file, HTTP on loopback), the fixture npm
 * registry and the real sandbox: a new user's signed releases of a server-everything wrapper are
 * installed by name — the highest version that is not yanked, never a downgrade below the lock
 * unless asked, never a look-alike name unless typed again — and what was verified is recorded
 * in gatehouse.lock and the config.
 */
import { existsSync, readFileSync } from 'node:fs';

import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import type { FixtureRegistry } from '../../../fixtures/registry/index.js';
import { installServer } from '../../../src/creation/installer/index.js';
import { readLockFile } from '../../../src/creation/packages/index.js';
import { keyIdOf } from '../../../src/creation/signing/index.js';
import { generateSigningKey } from '../../../src/creation/signing/index.js';
import { verifyTreeHead } from '../../../src/creation/transparency/index.js';
import { sandboxSupport } from '../../../src/operation/sandbox/index.js';
import { loadConfig } from '../../../src/shared/config/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import type { TestRegistry } from '../registry/registry-harness.js';
import type { InstallState } from './install-harness.js';
import {
  EVERYTHING,
  freshInstall,
  installOptions,
  makeWrapper,
  publishWrapper,
  startTestRegistry,
  useRegistry,
} from './install-harness.js';

const NAME = 'io.github.alice/everything';
const SQUAT = 'io.github.a1ice/everything';

/** The bytes of every file an install may write, to prove a refusal wrote nothing. */
function snapshot(state: InstallState): Record<string, string | null> {
  const read = (file: string): string | null =>
    existsSync(file) ? readFileSync(file, 'utf8') : null;
  return { config: read(state.configFile), lock: read(state.lockFile) };
}

describe.skipIf(!sandboxSupport().ok)('gatehouse install: versions and names', () => {
  const dir = useTempDir('gatehouse-install-versions-');
  const alice = generateSigningKey();
  const mallory = generateSigningKey();
  let npm: FixtureRegistry;
  let registry: TestRegistry;
  let tools: readonly unknown[];
  let main: InstallState;
  const wrappers = {
    v100: '',
    v110: '',
    v120: '',
    squat: '',
  };

  beforeAll(async () => {
    wrappers.v100 = makeWrapper(dir, { name: 'alice-everything', version: '1.0.0', mcpName: NAME });
    wrappers.v110 = makeWrapper(
      dir,
      { name: 'alice-everything', version: '1.1.0', mcpName: NAME },
      { 'CHANGES.md': '1.1.0\n' },
    );
    wrappers.v120 = makeWrapper(
      dir,
      { name: 'alice-everything', version: '1.2.0', mcpName: NAME },
      { 'CHANGES.md': '1.2.0\n' },
    );
    wrappers.squat = makeWrapper(dir, {
      name: 'a1ice-everything',
      version: '1.0.0',
      mcpName: SQUAT,
    });
    npm = await useRegistry([EVERYTHING], Object.values(wrappers));
    // The registry's own look-alike guard is off here, so a squat can exist: this file tests
    // the installer's check, the last line of defence.
    registry = await startTestRegistry({
      dir,
      npmRegistry: npm.url,
      names: { check: () => Promise.resolve({ verdict: 'ok', similar: [] }) },
    });
    await registry.client.claim(alice, 'io.github.alice');
    const publisher = freshInstall(dir);
    const publish = (wrapperDir: string, given?: readonly unknown[]) =>
      publishWrapper({
        registry,
        key: alice,
        npm,
        wrapperDir,
        stateDir: publisher.stateDir,
        packagesDir: publisher.packagesDir,
        ...(given ? { tools: given } : {}),
      });
    tools = (await publish(wrappers.v100)).tools;
    await publish(wrappers.v110, tools);
    await publish(wrappers.v120, tools);
    await registry.client.setStatus(alice, 'io.github.alice', {
      name: NAME,
      version: '1.2.0',
      status: 'yanked',
      message: 'broken build',
    });
    main = freshInstall(dir);
  }, 300_000);

  it('installs the highest version that is not yanked and records what it verified', async () => {
    const steps: string[] = [];
    const result = await installServer({
      ...installOptions(main, NAME, registry.url, npm.url),
      onProgress: (event) => steps.push(event.step),
    });
    expect(result).toMatchObject({
      name: NAME,
      version: '1.1.0',
      serverKey: 'everything',
      signed: true,
      npmSignatures: 'verified',
      package: { name: 'alice-everything', version: '1.1.0' },
      signer: { keyId: keyIdOf(alice.publicKey), namespace: 'io.github.alice' },
    });
    expect(result.toolCount).toBe(tools.length);
    expect(result.closureSize).toBeGreaterThan(90);
    // Progress in the order of the checks.
    expect([...new Set(steps)]).toEqual([
      'resolve',
      'history',
      'log',
      'names',
      'npm-signatures',
      'fetch',
      'definitions',
      'write',
    ]);

    const lock = await readLockFile(main.lockFile);
    const record = lock.installs?.[NAME];
    expect(record).toMatchObject({
      version: '1.1.0',
      serverKey: 'everything',
      spec: 'alice-everything@1.1.0',
      signed: true,
      grants: 'default',
      npmSignatures: 'verified',
      definitionsHash: result.definitionsHash,
    });
    expect(record?.release?.signer.publicKey).toBe(alice.publicKey);
    expect(record?.release?.definitionsHash).toBe(result.definitionsHash);
    const logKey = (await registry.client.getJson('/v0.1/log/key')) as { publicKey: string };
    expect(verifyTreeHead(record?.release?.log.treeHead, logKey.publicKey).ok).toBe(true);
    const entry = lock.entries['alice-everything@1.1.0'];
    expect(entry?.integrity).toBe(record?.package.integrity);
    expect(entry?.tree).toMatch(/^[0-9a-f]{64}$/);

    const config = parse(readFileSync(main.configFile, 'utf8')) as { servers: unknown };
    expect(config.servers).toEqual({
      everything: { transport: 'stdio', command: 'npx', args: ['-y', 'alice-everything@1.1.0'] },
    });
    const loaded = await loadConfig(main.configFile);
    expect(loaded.config.servers.everything?.transport).toBe('stdio');
    expect(existsSync(`${main.stateDir}/registry-witness.json`)).toBe(true);
    expect(result.warnings.some((w) => w.includes('now pinned'))).toBe(true);
  }, 180_000);

  it('refuses a yanked version, saying it was yanked and why, and writes nothing', async () => {
    const before = snapshot(main);
    await expect(
      installServer({ ...installOptions(main, NAME, registry.url, npm.url), range: '1.2.0' }),
    ).rejects.toMatchObject({
      code: 'INSTALL_VERSION_YANKED',
      message: expect.stringMatching(/yanked by its owner: 1\.2\.0 \("broken build"\)/),
    });
    expect(snapshot(main)).toEqual(before);
  });

  it('refuses a version below the one in gatehouse.lock; --allow-downgrade installs it', async () => {
    const before = snapshot(main);
    await expect(
      installServer({ ...installOptions(main, NAME, registry.url, npm.url), range: '1.0.0' }),
    ).rejects.toMatchObject({
      code: 'INSTALL_DOWNGRADE',
      message: expect.stringContaining('gatehouse.lock has 1.1.0'),
    });
    expect(snapshot(main)).toEqual(before);
    const result = await installServer({
      ...installOptions(main, NAME, registry.url, npm.url),
      range: '1.0.0',
      allowDowngrade: true,
    });
    expect(result.version).toBe('1.0.0');
    expect((await readLockFile(main.lockFile)).installs?.[NAME]?.version).toBe('1.0.0');
    const config = parse(readFileSync(main.configFile, 'utf8')) as {
      servers: Record<string, { args: string[] }>;
    };
    expect(Object.keys(config.servers)).toEqual(['everything']);
    expect(config.servers.everything?.args).toEqual(['-y', 'alice-everything@1.0.0']);
  }, 180_000);

  it('refuses a look-alike name unless the exact name is typed again', async () => {
    await registry.client.claim(mallory, 'io.github.a1ice');
    const publisher = freshInstall(dir);
    await publishWrapper({
      registry,
      key: mallory,
      npm,
      wrapperDir: wrappers.squat,
      stateDir: publisher.stateDir,
      packagesDir: publisher.packagesDir,
      tools,
    });
    const state = freshInstall(dir);
    const refusal = installServer(installOptions(state, SQUAT, registry.url, npm.url));
    await expect(refusal).rejects.toMatchObject({ code: 'INSTALL_NAME_CONFUSABLE' });
    await expect(refusal).rejects.toThrow(/looks like another owner's name \(reject\)/);
    await expect(refusal).rejects.toThrow(
      /io\.github\.alice\/everything \(owner io\.github\.alice\)/,
    );
    await expect(refusal).rejects.toThrow(`--confirm-name ${SQUAT}`);
    // Retyping the look-alike's twin is not confirming it.
    await expect(
      installServer({
        ...installOptions(state, SQUAT, registry.url, npm.url),
        confirmName: NAME,
      }),
    ).rejects.toMatchObject({ code: 'INSTALL_NAME_CONFUSABLE' });
    expect(snapshot(state)).toEqual({ config: 'servers: {}\n', lock: null });
    const confirmed = await installServer({
      ...installOptions(state, SQUAT, registry.url, npm.url),
      confirmName: SQUAT,
    });
    expect(confirmed.package.name).toBe('a1ice-everything');
    expect(confirmed.warnings.some((w) => w.includes("looks like another owner's name"))).toBe(
      true,
    );
  }, 180_000);
});
