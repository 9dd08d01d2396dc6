/**
 * Attacks on the registry side of an install, each against a real registry (SQLite file, HTTP on
 * loopback) and each refused with a message that says why, leaving the config and the lock as
 * they were: a release re-signed by a non-owner key written into the registry's database, a
 * forked log (a second registry sharing the first one's log key and a prefix of its history), a
 * registry whose log key is not the pinned one (spoofed), a release whose tool definitions are
 * not the ones the server lists, and an unsigned server (refused; with --allow-unsigned,
 * installed and recorded as unsigned).
 */
import { existsSync, readFileSync } from 'node:fs';

import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';

import type { FixtureRegistry } from '../../../fixtures/registry/index.js';
import { installServer, verifyRegistryLog } from '../../../src/creation/installer/index.js';
import { readLockFile } from '../../../src/creation/packages/index.js';
import type { ServerJson } from '../../../src/creation/registry/index.js';
import { signMessage } from '../../../src/creation/registry/index.js';
import { generateSigningKey, keyIdOf } from '../../../src/creation/signing/index.js';
import { sandboxSupport } from '../../../src/operation/sandbox/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import type { TestRegistry } from '../registry/registry-harness.js';
import type { InstallState } from './install-harness.js';
import {
  EVERYTHING,
  freshInstall,
  installOptions,
  makeWrapper,
  publishWrapper,
  startInstallRegistry,
  startUnsignedRegistry,
  useRegistry,
} from './install-harness.js';

const NAME = 'io.github.alice/everything';
/** Tools no wrapper of server-everything lists: a release signed over them cannot verify. */
const WRONG_TOOLS = [{ name: 'echo', inputSchema: { type: 'object' } }];

function untouched(state: InstallState): void {
  expect(readFileSync(state.configFile, 'utf8')).toBe('servers: {}\n');
  expect(existsSync(state.lockFile)).toBe(false);
}

describe.skipIf(!sandboxSupport().ok)('gatehouse install: registry-side attacks', () => {
  const dir = useTempDir('gatehouse-install-attacks-');
  const alice = generateSigningKey();
  const mallory = generateSigningKey();
  let npm: FixtureRegistry;
  const wrappers = { v100: '', v110: '', bob: '' };
  let publisher: InstallState;

  beforeAll(async () => {
    wrappers.v100 = makeWrapper(dir, { name: 'alice-everything', version: '1.0.0', mcpName: NAME });
    wrappers.v110 = makeWrapper(
      dir,
      { name: 'alice-everything', version: '1.1.0', mcpName: NAME },
      { 'CHANGES.md': '1.1.0\n' },
    );
    wrappers.bob = makeWrapper(dir, {
      name: 'bob-plain',
      version: '1.0.0',
      mcpName: 'io.github.bob/plain',
    });
    npm = await useRegistry([EVERYTHING], Object.values(wrappers));
    publisher = freshInstall(dir);
  }, 120_000);

  async function registryWith(
    name: string,
    versions: readonly string[],
    options: { logKeyFile?: string; tools?: readonly unknown[] } = {},
  ): Promise<TestRegistry> {
    const registry = await startInstallRegistry({
      dir,
      dbName: `${name}.db`,
      npmRegistry: npm.url,
      ...(options.logKeyFile ? { logKeyFile: options.logKeyFile } : {}),
    });
    await registry.client.claim(alice, 'io.github.alice');
    for (const version of versions) {
      await publishWrapper({
        registry,
        key: alice,
        npm,
        wrapperDir: version === '1.0.0' ? wrappers.v100 : wrappers.v110,
        stateDir: publisher.stateDir,
        packagesDir: publisher.packagesDir,
        tools: options.tools ?? WRONG_TOOLS,
      });
    }
    return registry;
  }

  it('refuses a release re-signed by a non-owner key injected into the registry database', async () => {
    const registry = await registryWith('resigned', ['1.0.0']);
    // The attacker has the database file, not alice's key: the release row keeps its payload,
    // signed again by mallory.
    const db = new Database(registry.dbFile);
    try {
      db.exec('DROP TRIGGER registry_events_no_update');
      const row = db
        .prepare("SELECT seq, entry FROM registry_events WHERE kind = 'release'")
        .get() as { seq: number; entry: string };
      const entry = JSON.parse(row.entry) as { payload: never };
      const forged = signMessage(mallory, 'release', entry.payload);
      db.prepare('UPDATE registry_events SET entry = ? WHERE kind = ?').run(
        JSON.stringify({ ...entry, publicKey: forged.publicKey, signature: forged.signature }),
        'release',
      );
    } finally {
      db.close();
    }
    const state = freshInstall(dir);
    const refusal = installServer(installOptions(state, NAME, registry.url, npm.url));
    await expect(refusal).rejects.toMatchObject({ code: 'INSTALL_SIGNER_NOT_OWNER' });
    await expect(refusal).rejects.toThrow(
      `the release of ${NAME}@1.0.0 in namespace io.github.alice is signed by key ` +
        `${keyIdOf(mallory.publicKey).slice(0, 16)}`,
    );
    await expect(refusal).rejects.toThrow(/never owned the namespace.*re-signed by a non-owner/s);
    untouched(state);
  });

  it('refuses a forked log: a second registry with the same log key and another history', async () => {
    const first = await registryWith('first', ['1.0.0'], {});
    // The fork signs with the first registry's log key and shares its first leaf (the claim,
    // byte for byte), then logs another release at the same index.
    const fork = await registryWith('fork', ['1.1.0'], { logKeyFile: first.opened.logKeyFile });
    const state = freshInstall(dir);
    const seen = await verifyRegistryLog({ registry: first.url, stateDir: state.stateDir });
    expect(seen.head.treeSize).toBe(2);
    const refusal = installServer(installOptions(state, NAME, fork.url, npm.url));
    await expect(refusal).rejects.toMatchObject({ code: 'TRANSPARENCY_LOG_FORK' });
    await expect(refusal).rejects.toThrow(/the log forked \(two signed roots for one size\)/);
    untouched(state);
    // A longer fork is refused too: its tree does not extend the one seen.
    await fork.client.setStatus(alice, 'io.github.alice', {
      name: NAME,
      version: '1.1.0',
      status: 'deprecated',
      message: 'grows the fork',
    });
    await expect(
      installServer(installOptions(state, NAME, fork.url, npm.url)),
    ).rejects.toMatchObject({
      code: 'TRANSPARENCY_LOG_INCONSISTENT',
      message: expect.stringContaining('does not extend the one this witness saw'),
    });
    untouched(state);
  });

  it('refuses a registry whose log key is not the pinned one (spoofed)', async () => {
    const registry = await registryWith('spoofed', ['1.0.0']);
    const state = freshInstall(dir);
    const pinned = generateSigningKey().publicKey;
    await expect(
      installServer({
        ...installOptions(state, NAME, registry.url, npm.url),
        registries: [{ url: registry.url, logPublicKey: pinned }],
      }),
    ).rejects.toMatchObject({
      code: 'INSTALL_LOG_KEY_MISMATCH',
      message: expect.stringContaining('another server answers at this address (spoofed)'),
    });
    untouched(state);
  });

  it('refuses a release whose tool definitions are not the ones the server lists', async () => {
    const registry = await registryWith('definitions', ['1.0.0']);
    const state = freshInstall(dir);
    await expect(
      installServer(installOptions(state, NAME, registry.url, npm.url)),
    ).rejects.toMatchObject({
      code: 'INSTALL_DEFINITIONS_MISMATCH',
      message: expect.stringMatching(/the server lists \d+ tools whose definitions hash to/),
    });
    untouched(state);
  }, 120_000);

  it('refuses an unsigned server; --allow-unsigned installs it, loudly, recorded as unsigned', async () => {
    const server: ServerJson = {
      name: 'io.github.bob/plain',
      description: 'unsigned',
      version: '1.0.0',
      packages: [
        {
          registryType: 'npm',
          registryBaseUrl: npm.url,
          identifier: 'bob-plain',
          version: '1.0.0',
          transport: { type: 'stdio' },
        },
      ],
    };
    const official = await startUnsignedRegistry([server]);
    try {
      const state = freshInstall(dir);
      await expect(
        installServer(installOptions(state, 'io.github.bob/plain', official.url, npm.url)),
      ).rejects.toMatchObject({
        code: 'INSTALL_UNSIGNED',
        message: expect.stringContaining('without a signed release'),
      });
      untouched(state);
      const result = await installServer({
        ...installOptions(state, 'io.github.bob/plain', official.url, npm.url),
        allowUnsigned: true,
      });
      expect(result.signed).toBe(false);
      expect(result.warnings[0]).toMatch(/^UNSIGNED: io\.github\.bob\/plain@1\.0\.0/);
      const record = (await readLockFile(state.lockFile)).installs?.['io.github.bob/plain'];
      expect(record).toMatchObject({ signed: false, npmSignatures: 'verified', version: '1.0.0' });
      expect(record?.release).toBeUndefined();
      expect(readFileSync(state.configFile, 'utf8')).toContain('bob-plain@1.0.0');
    } finally {
      await official.stop();
    }
  }, 120_000);
});
