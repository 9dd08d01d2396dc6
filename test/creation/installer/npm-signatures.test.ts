/**
 * npm's registry signatures, checked with pacote's `verifySignatures` against the fixture npm
 * registry, which signs like npm does (ECDSA P-256 over `name@version:integrity`, keys at
 * `/-/npm/v1/keys`): accepted when genuine; refused when missing, made by a key the registry
 * does not list, or when the announced integrity is not the signed release's.
 */
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import type { FixtureRegistry } from '../../../fixtures/registry/index.js';
import { startFixtureRegistry } from '../../../fixtures/registry/index.js';
import { fetchNpmKeys, verifyNpmSignatures } from '../../../src/creation/installer/index.js';
import type { ExpectedClosure } from '../../../src/creation/packages/index.js';
import { REPO_ROOT } from '../../helpers/paths.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { announcedIntegrity, makePackage } from '../registry/registry-harness.js';
import { useRegistry } from './install-harness.js';

const dir = useTempDir('gatehouse-npm-signatures-');
let npm: FixtureRegistry;
let expected: ExpectedClosure;
let cacheCount = 0;
const cache = (): string => path.join(dir, `cache-${cacheCount++}`);

describe('npm registry signatures', () => {
  beforeAll(async () => {
    const a = makePackage(dir, { name: 'sig-a', version: '1.0.0' });
    const b = makePackage(dir, { name: 'sig-b', version: '2.0.0' });
    npm = await useRegistry([], [a, b]);
    expected = {
      root: {
        name: 'sig-a',
        version: '1.0.0',
        integrity: await announcedIntegrity(npm.url, 'sig-a', '1.0.0'),
      },
      closure: [
        {
          name: 'sig-b',
          version: '2.0.0',
          integrity: await announcedIntegrity(npm.url, 'sig-b', '2.0.0'),
        },
      ],
      signedBy: 'io.github.alice/sig@1.0.0',
    };
  });

  it('the fixture serves its key as npm does and signs every version', async () => {
    const keys = await fetchNpmKeys(npm.url);
    expect(keys).toHaveLength(1);
    expect(keys[0]?.keyid).toMatch(/^SHA256:[A-Za-z0-9+/]+=*$/);
    expect(keys[0]?.pemkey).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const packument = (await (await fetch(`${npm.url}sig-a`)).json()) as {
      versions: Record<string, { dist: { signatures: { keyid: string }[] } }>;
    };
    expect(packument.versions['1.0.0']?.dist.signatures[0]?.keyid).toBe(keys[0]?.keyid);
  });

  it('accepts genuine signatures over the signed integrities', async () => {
    const keys = await fetchNpmKeys(npm.url);
    const seen: number[] = [];
    await verifyNpmSignatures(expected, {
      registry: npm.url,
      cache: cache(),
      keys,
      onChecked: (done) => seen.push(done),
    });
    expect(seen.sort()).toEqual([1, 2]);
  });

  it("refuses a signature by a key the registry does not list (another registry's key)", async () => {
    const other = await useRegistry([], []);
    await expect(
      verifyNpmSignatures(expected, {
        registry: npm.url,
        cache: cache(),
        keys: await fetchNpmKeys(other.url),
      }),
    ).rejects.toMatchObject({
      code: 'INSTALL_NPM_SIGNATURE_INVALID',
      message: expect.stringContaining('no corresponding public key'),
    });
  });

  it('refuses an announced integrity other than the signed one, naming both', async () => {
    const relabelled = {
      ...expected,
      closure: [{ ...expected.closure[0]!, integrity: `sha512-${'Q'.repeat(86)}==` }],
    };
    await expect(
      verifyNpmSignatures(relabelled, {
        registry: npm.url,
        cache: cache(),
        keys: await fetchNpmKeys(npm.url),
      }),
    ).rejects.toMatchObject({
      code: 'PACKAGE_CLOSURE_MISMATCH',
      message: expect.stringContaining(
        `sig-b@2.0.0: ${npm.url} announces integrity ${expected.closure[0]!.integrity}`,
      ),
    });
  });

  it('refuses a version served without a signature by a registry that signs', async () => {
    const c = makePackage(dir, { name: 'sig-c', version: '1.0.0' });
    const registry = await useRegistry([], [c]);
    registry.unsign('sig-c', '1.0.0');
    const only: ExpectedClosure = {
      root: {
        name: 'sig-c',
        version: '1.0.0',
        integrity: await announcedIntegrity(registry.url, 'sig-c', '1.0.0'),
      },
      closure: [],
      signedBy: 'x',
    };
    await expect(
      verifyNpmSignatures(only, {
        registry: registry.url,
        cache: cache(),
        keys: await fetchNpmKeys(registry.url),
      }),
    ).rejects.toThrow(/sig-c@1\.0\.0 carries no npm registry signature/);
  });

  it('a registry that publishes no keys: nothing to check, integrities still compared', async () => {
    const unsigned = await startFixtureRegistry({
      repoRoot: REPO_ROOT,
      packageDirs: [path.join(dir, 'sig-a-1.0.0')],
      signing: 'none',
    });
    try {
      expect(await fetchNpmKeys(unsigned.url)).toEqual([]);
      const root = { ...expected, closure: [] };
      await verifyNpmSignatures(root, { registry: unsigned.url, cache: cache(), keys: [] });
      await expect(
        verifyNpmSignatures(
          { ...root, root: { ...root.root, integrity: `sha512-${'Q'.repeat(86)}==` } },
          { registry: unsigned.url, cache: cache(), keys: [] },
        ),
      ).rejects.toMatchObject({ code: 'PACKAGE_CLOSURE_MISMATCH' });
    } finally {
      await unsigned.stop();
    }
  });
});
