/**
 * Attacks at the npm registry an install fetches from (a loopback mirror serving the same
 * packages as the registry the release was checked against), each refused with a message that
 * names the package, before anything is installed, configured or locked: the server's own
 * tarball or a transitive one swapped (with the packument relabelled to match, or not), a version
 * served without npm's registry signature, and a newer dependency version that npm would pick
 * although the release signed another.
 */
import { existsSync, readFileSync } from 'node:fs';

import { beforeAll, describe, expect, it } from 'vitest';

import type { FixtureRegistry, TamperMode } from '../../../fixtures/registry/index.js';
import { installServer } from '../../../src/creation/installer/index.js';
import type { Release } from '../../../src/creation/registry/index.js';
import { generateSigningKey } from '../../../src/creation/signing/index.js';
import { sandboxSupport } from '../../../src/operation/sandbox/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { makePackage } from '../registry/registry-harness.js';
import type { InstallState } from './install-harness.js';
import {
  EVERYTHING,
  freshInstall,
  installOptions,
  makeWrapper,
  publishWrapper,
  startInstallRegistry,
  useRegistry,
} from './install-harness.js';

const NAME = 'io.github.alice/everything';
const WRONG_TOOLS = [{ name: 'echo', inputSchema: { type: 'object' } }];

describe.skipIf(!sandboxSupport().ok)('gatehouse install: attacks at the npm mirror', () => {
  const dir = useTempDir('gatehouse-install-npm-');
  const alice = generateSigningKey();
  let wrapper = '';
  let registryUrl = '';
  let release: Release;
  let express: { name: string; version: string };

  beforeAll(async () => {
    wrapper = makeWrapper(dir, { name: 'alice-everything', version: '1.0.0', mcpName: NAME });
    const npm = await useRegistry([EVERYTHING], [wrapper]);
    const registry = await startInstallRegistry({ dir, dbName: 'r.db', npmRegistry: npm.url });
    await registry.client.claim(alice, 'io.github.alice');
    const publisher = freshInstall(dir);
    release = (
      await publishWrapper({
        registry,
        key: alice,
        npm,
        wrapperDir: wrapper,
        stateDir: publisher.stateDir,
        packagesDir: publisher.packagesDir,
        tools: WRONG_TOOLS,
      })
    ).built.release;
    registryUrl = registry.url;
    const found = release.closure.find((entry) => entry.name === 'express');
    if (found === undefined) throw new Error('express is not in the closure');
    express = found;
  }, 120_000);

  /** A fresh mirror and install state; nothing fetched before or in between. */
  async function attempt(
    prepare: (mirror: FixtureRegistry) => Promise<void> | void,
    extraDirs: readonly string[] = [],
  ): Promise<{ mirror: FixtureRegistry; state: InstallState; outcome: Promise<unknown> }> {
    const mirror = await useRegistry([EVERYTHING], [wrapper, ...extraDirs]);
    await prepare(mirror);
    const state = freshInstall(dir);
    const outcome = installServer({
      ...installOptions(state, NAME, registryUrl, mirror.url),
      npmMirror: mirror.url,
    });
    outcome.catch(() => undefined);
    return { mirror, state, outcome };
  }

  function nothingWritten(state: InstallState): void {
    expect(readFileSync(state.configFile, 'utf8')).toBe('servers: {}\n');
    expect(existsSync(state.lockFile)).toBe(false);
  }

  const tarballsFetched = (mirror: FixtureRegistry): string[] =>
    mirror.requests.filter((request) => request.endsWith('.tgz'));

  for (const [mode, how] of [
    ['announce-tampered', 'relabelled in the packument'],
    ['keep-integrity', 'under the genuine packument'],
  ] as const satisfies readonly (readonly [TamperMode, string])[]) {
    it(`refuses the server's own tarball swapped at the mirror, ${how}`, async () => {
      const { mirror, state, outcome } = await attempt((m) =>
        m.tamper('alice-everything', '1.0.0', mode),
      );
      if (mode === 'announce-tampered') {
        await expect(outcome).rejects.toMatchObject({
          code: 'PACKAGE_CLOSURE_MISMATCH',
          message: expect.stringContaining(
            `alice-everything@1.0.0: ${mirror.url} announces integrity sha512-`,
          ),
        });
        await expect(outcome).rejects.toThrow(
          `the release ${NAME}@1.0.0 signed ${release.integrity}`,
        );
        expect(tarballsFetched(mirror)).toEqual([]);
      } else {
        await expect(outcome).rejects.toMatchObject({
          code: 'PACKAGE_INTEGRITY_MISMATCH',
          message: expect.stringContaining('integrity check failed for alice-everything@1.0.0'),
        });
      }
      nothingWritten(state);
    }, 120_000);

    it(`refuses a transitive tarball (express) swapped at the mirror, ${how}`, async () => {
      const id = `${express.name}@${express.version}`;
      const { mirror, state, outcome } = await attempt((m) =>
        m.tamper(express.name, express.version, mode),
      );
      if (mode === 'announce-tampered') {
        await expect(outcome).rejects.toMatchObject({
          code: 'PACKAGE_CLOSURE_MISMATCH',
          message: expect.stringContaining(`${id}: ${mirror.url} announces integrity`),
        });
        expect(tarballsFetched(mirror)).toEqual([]);
      } else {
        await expect(outcome).rejects.toMatchObject({
          code: 'PACKAGE_INTEGRITY_MISMATCH',
          message: expect.stringContaining(`integrity check failed for ${id}`),
        });
      }
      nothingWritten(state);
    }, 120_000);
  }

  it("refuses a version the mirror serves without npm's registry signature", async () => {
    const { state, outcome } = await attempt((m) => m.unsign(express.name, express.version));
    await expect(outcome).rejects.toMatchObject({
      code: 'INSTALL_NPM_SIGNATURE_INVALID',
      message: expect.stringContaining(
        `${express.name}@${express.version} carries no npm registry signature`,
      ),
    });
    nothingWritten(state);
  }, 120_000);

  it('refuses a tree npm resolves differently from the signed closure (a newer dependency)', async () => {
    // A zod the release never saw, inside the ranges its dependents accept: npm would pick it.
    const zod = makePackage(dir, { name: 'zod', version: '4.99.0' });
    const { mirror, state, outcome } = await attempt(() => undefined, [zod]);
    await expect(outcome).rejects.toMatchObject({
      code: 'PACKAGE_CLOSURE_MISMATCH',
      message: expect.stringMatching(
        /the tree npm built of "alice-everything@1\.0\.0" is not the dependency closure io\.github\.alice\/everything@1\.0\.0 signed: zod@4\.99\.0 is not in the signed closure, which has zod@/,
      ),
    });
    expect(tarballsFetched(mirror)).toEqual([]);
    nothingWritten(state);
  }, 120_000);
});
