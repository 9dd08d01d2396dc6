import { beforeAll, describe, expect, it } from 'vitest';

import type { FixtureRegistry } from '../../../fixtures/registry/index.js';
import { integrityOf } from '../../../fixtures/registry/index.js';
import type { WriteAnswer } from '../../../src/creation/registry/index.js';
import { signMessage } from '../../../src/creation/registry/index.js';
import {
  generateSigningKey,
  SIGNING_DOMAINS,
  signPayload,
} from '../../../src/creation/signing/index.js';
import { GatehouseError } from '../../../src/shared/errors/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { useRegistry } from '../packages/store-helpers.js';
import type { TestRegistry } from './registry-harness.js';
import { makePackage, releaseOf, startTestRegistry } from './registry-harness.js';

const alice = generateSigningKey();
const bob = generateSigningKey();
const mallory = generateSigningKey();

/** The registry's refusal of a call, as `{code, status, message}`. */
async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof GatehouseError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('the call was accepted');
}

describe('publishing: every attack is refused with a reason, the happy path is logged', () => {
  const dir = useTempDir('gatehouse-registry-publish-');
  let npm: FixtureRegistry;
  let registry: TestRegistry;
  let first: WriteAnswer;

  beforeAll(async () => {
    const packages = [
      makePackage(dir, {
        name: 'weather-mcp',
        version: '1.0.0',
        mcpName: 'io.github.alice/weather',
      }),
      makePackage(dir, {
        name: 'weather-mcp',
        version: '1.1.0',
        mcpName: 'io.github.alice/weather',
      }),
      makePackage(dir, {
        name: 'weather-mcp',
        version: '1.2.0',
        mcpName: 'io.github.alice/weather',
      }),
      makePackage(dir, { name: 'other-mcp', version: '1.0.0', mcpName: 'io.github.mallory/other' }),
      makePackage(dir, {
        name: 'swapped-mcp',
        version: '1.0.0',
        mcpName: 'io.github.alice/swapped',
      }),
      makePackage(dir, {
        name: 'relabel-mcp',
        version: '1.0.0',
        mcpName: 'io.github.alice/relabel',
      }),
      makePackage(dir, { name: 'left-pad-ish', version: '2.0.0' }),
    ];
    npm = await useRegistry([], packages);
    registry = await startTestRegistry({ dir, npmRegistry: npm.url });
    await registry.client.claim(alice, 'io.github.alice');
    await registry.client.claim(mallory, 'io.github.mallory');
    const { server, release } = await releaseOf(npm.url, {
      serverName: 'io.github.alice/weather',
      identifier: 'weather-mcp',
      version: '1.0.0',
    });
    first = await registry.client.publish(alice, 'io.github.alice', server, release);
  });

  it('publishes a signed release: logged (inclusion proof checked by the client), served as latest', async () => {
    expect(first.logIndex).toBe(2);
    expect(first.treeHead.treeSize).toBe(3);
    const served = (await registry.client.getJson(
      '/v0.1/servers/io.github.alice%2Fweather/versions/1.0.0',
    )) as any;
    expect(served.server.name).toBe('io.github.alice/weather');
    expect(served._meta['io.modelcontextprotocol.registry/official']).toMatchObject({
      status: 'active',
      isLatest: true,
    });
    expect(served._meta['io.gatehouse.registry/release'].signature).toMatchObject({
      publicKey: alice.publicKey,
      logIndex: 2,
      domain: SIGNING_DOMAINS.release,
    });
  });

  it("refuses a publish into another owner's namespace (signed by a key that is not an owner)", async () => {
    const { server, release } = await releaseOf(npm.url, {
      serverName: 'io.github.alice/weather',
      identifier: 'weather-mcp',
      version: '1.1.0',
    });
    const refused = await refusal(
      registry.client.publish(mallory, 'io.github.alice', server, release),
    );
    expect(refused.code).toBe('REGISTRY_NOT_OWNER');
    expect(refused.message).toContain('is not an owner of namespace io.github.alice');
  });

  it('refuses a server name outside the namespace the signer owns', async () => {
    const { server, release } = await releaseOf(npm.url, {
      serverName: 'io.github.alice/weather',
      identifier: 'weather-mcp',
      version: '1.1.0',
    });
    // Mallory signs for her own namespace but names Alice's server.
    const refused = await refusal(
      registry.client.publish(mallory, 'io.github.mallory', server, release),
    );
    expect(refused.code).toBe('REGISTRY_REQUEST_INVALID');
    expect(refused.message).toContain('is not in namespace io.github.mallory');
  });

  it('refuses unsigned and wrongly signed publishes', async () => {
    const state = (await registry.client.namespace('io.github.alice'))!;
    const { server, release } = await releaseOf(npm.url, {
      serverName: 'io.github.alice/weather',
      identifier: 'weather-mcp',
      version: '1.1.0',
    });
    const payload = {
      type: 'release' as const,
      namespace: 'io.github.alice',
      seq: state.seq,
      previous: state.head,
      server,
      release,
    };
    const unsigned = await registry.client.send('/v0.1/publish', {
      payload,
      publicKey: alice.publicKey,
    });
    expect(unsigned.status).toBe(400);
    expect(((await unsigned.json()) as { code: string }).code).toBe('REGISTRY_REQUEST_INVALID');
    // Mallory's signature presented as Alice's.
    const forged = await registry.client.send('/v0.1/publish', {
      payload,
      publicKey: alice.publicKey,
      signature: signPayload(mallory.privateKey, SIGNING_DOMAINS.release, payload),
    });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { code: string }).code).toBe('REGISTRY_SIGNATURE_INVALID');
    // Alice's genuine signature over a payload changed afterwards (another tarball).
    const genuine = signMessage(alice, 'release', payload);
    const changed = {
      ...genuine,
      payload: { ...payload, release: { ...release, integrity: `sha512-${'A'.repeat(86)}==` } },
    };
    const tampered = await registry.client.send('/v0.1/publish', changed);
    expect(tampered.status).toBe(401);
  });

  it('refuses bodies that are not JSON, not an envelope, or larger than the cap, before any check', async () => {
    const notJson = await fetch(`${registry.url}/v0.1/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"payload":',
    });
    expect(notJson.status).toBe(400);
    const extra = await registry.client.send('/v0.1/publish', {
      payload: {},
      publicKey: alice.publicKey,
      signature: 'A'.repeat(86),
      admin: true,
    });
    expect(extra.status).toBe(400);
    const huge = await fetch(`${registry.url}/v0.1/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payload: { pad: 'x'.repeat(5 * 1024 * 1024) } }),
    });
    expect(huge.status).toBe(400);
    expect(((await huge.json()) as { detail: string }).detail).toContain('too large');
  });

  it('refuses a key-rotation signature replayed as a release (domain separation)', async () => {
    const state = (await registry.client.namespace('io.github.alice'))!;
    const rotation = signMessage(alice, 'key-rotation', {
      type: 'key-rotation',
      namespace: 'io.github.alice',
      seq: state.seq,
      previous: state.head,
      remove: alice.publicKey,
      add: bob.publicKey,
    });
    const replayed = await registry.client.send('/v0.1/publish', rotation);
    expect(replayed.status).toBe(401);
    const body = (await replayed.json()) as { code: string; detail: string };
    expect(body.code).toBe('REGISTRY_SIGNATURE_INVALID');
    expect(body.detail).toContain('as a release message');
    // Even a release-shaped payload signed under the rotation domain never passes as a release.
    const { server, release } = await releaseOf(npm.url, {
      serverName: 'io.github.alice/weather',
      identifier: 'weather-mcp',
      version: '1.1.0',
    });
    const payload = {
      type: 'release',
      namespace: 'io.github.alice',
      seq: state.seq,
      previous: state.head,
      server,
      release,
    };
    const crossDomain = await registry.client.send('/v0.1/publish', {
      payload,
      publicKey: alice.publicKey,
      signature: signPayload(alice.privateKey, SIGNING_DOMAINS.keyRotation, payload),
    });
    expect(crossDomain.status).toBe(401);
    expect((await registry.client.namespace('io.github.alice'))!.seq).toBe(state.seq);
  });

  it('refuses a republished version, mutated or replayed byte for byte; the stored one is unchanged', async () => {
    const { server, release } = await releaseOf(npm.url, {
      serverName: 'io.github.alice/weather',
      identifier: 'weather-mcp',
      version: '1.0.0',
      description: 'Now with more weather',
    });
    const mutated = await refusal(
      registry.client.publish(alice, 'io.github.alice', server, release),
    );
    expect(mutated.code).toBe('REGISTRY_VERSION_EXISTS');
    expect(mutated.message).toContain('versions are immutable');
    const events = (await registry.client.getJson(
      '/v0.1/namespaces/io.github.alice/events',
    )) as any;
    const original = events.events.find((e: any) => e.kind === 'release').entry;
    const replay = await registry.client.send('/v0.1/publish', {
      payload: original.payload,
      publicKey: original.publicKey,
      signature: original.signature,
    });
    expect(replay.status).toBe(409);
    expect(((await replay.json()) as { code: string }).code).toBe('REGISTRY_STALE_STATE');
    const served = (await registry.client.getJson(
      '/v0.1/servers/io.github.alice%2Fweather/versions/1.0.0',
    )) as any;
    expect(served.server.description).toBe('A test server');
  });

  it('refuses a package whose package.json names another server in mcpName', async () => {
    const { server, release } = await releaseOf(npm.url, {
      serverName: 'io.github.alice/other',
      identifier: 'other-mcp',
      version: '1.0.0',
    });
    const refused = await refusal(
      registry.client.publish(alice, 'io.github.alice', server, release),
    );
    expect(refused.code).toBe('REGISTRY_PACKAGE_MISMATCH');
    expect(refused.message).toContain('mcpName mismatch');
    expect(refused.message).toContain('io.github.mallory/other');
    const none = await refusal(
      registry.client.publish(
        alice,
        'io.github.alice',
        ...(Object.values(
          await releaseOf(npm.url, {
            serverName: 'io.github.alice/pad',
            identifier: 'left-pad-ish',
            version: '2.0.0',
          }),
        ) as [any, any]),
      ),
    );
    expect(none.message).toContain('declares mcpName null');
  });

  it('refuses integrity mismatches: a wrong signed hash, swapped bytes, a relabelled announcement', async () => {
    const wrong = await releaseOf(npm.url, {
      serverName: 'io.github.alice/weather',
      identifier: 'weather-mcp',
      version: '1.1.0',
      integrity: integrityOf(Buffer.from('other bytes')),
    });
    const signedWrong = await refusal(
      registry.client.publish(alice, 'io.github.alice', wrong.server, wrong.release),
    );
    expect(signedWrong.code).toBe('REGISTRY_PACKAGE_MISMATCH');
    expect(signedWrong.message).toContain('integrity mismatch: the npm registry announces');

    const swapped = await releaseOf(npm.url, {
      serverName: 'io.github.alice/swapped',
      identifier: 'swapped-mcp',
      version: '1.0.0',
    });
    await npm.tamper('swapped-mcp', '1.0.0', 'keep-integrity');
    const bytes = await refusal(
      registry.client.publish(alice, 'io.github.alice', swapped.server, swapped.release),
    );
    expect(bytes.code).toBe('REGISTRY_PACKAGE_MISMATCH');
    expect(bytes.message).toContain('the tarball the npm registry serves');

    const relabel = await releaseOf(npm.url, {
      serverName: 'io.github.alice/relabel',
      identifier: 'relabel-mcp',
      version: '1.0.0',
    });
    await npm.tamper('relabel-mcp', '1.0.0', 'announce-tampered');
    const announced = await refusal(
      registry.client.publish(alice, 'io.github.alice', relabel.server, relabel.release),
    );
    expect(announced.message).toContain('integrity mismatch: the npm registry announces');
  });

  it('refuses a closure entry whose integrity the npm registry does not announce', async () => {
    const { server, release } = await releaseOf(npm.url, {
      serverName: 'io.github.alice/weather',
      identifier: 'weather-mcp',
      version: '1.1.0',
      closure: [
        { name: 'left-pad-ish', version: '2.0.0', integrity: integrityOf(Buffer.from('x')) },
      ],
    });
    const refused = await refusal(
      registry.client.publish(alice, 'io.github.alice', server, release),
    );
    expect(refused.code).toBe('REGISTRY_PACKAGE_MISMATCH');
    expect(refused.message).toContain('closure integrity mismatch');
    expect(refused.message).toContain('left-pad-ish@2.0.0');
  });

  it('accepts higher versions only, and marks deprecated and yanked versions without hiding them', async () => {
    const next = await releaseOf(npm.url, {
      serverName: 'io.github.alice/weather',
      identifier: 'weather-mcp',
      version: '1.2.0',
    });
    await registry.client.publish(alice, 'io.github.alice', next.server, next.release);
    const lower = await releaseOf(npm.url, {
      serverName: 'io.github.alice/weather',
      identifier: 'weather-mcp',
      version: '1.1.0',
    });
    const refused = await refusal(
      registry.client.publish(alice, 'io.github.alice', lower.server, lower.release),
    );
    expect(refused.code).toBe('REGISTRY_VERSION_NOT_NEWER');

    await registry.client.setStatus(alice, 'io.github.alice', {
      name: 'io.github.alice/weather',
      version: '1.0.0',
      status: 'deprecated',
      message: 'use 1.2.0',
    });
    const yank = await registry.client.setStatus(alice, 'io.github.alice', {
      name: 'io.github.alice/weather',
      version: '1.2.0',
      status: 'yanked',
      message: 'broken build',
    });
    expect(yank.logIndex).toBeGreaterThan(first.logIndex);
    const yanked = (await registry.client.getJson(
      '/v0.1/servers/io.github.alice%2Fweather/versions/1.2.0',
    )) as any;
    expect(yanked._meta['io.modelcontextprotocol.registry/official']).toMatchObject({
      status: 'deleted',
      statusMessage: 'broken build',
      isLatest: false,
    });
    expect(yanked._meta['io.gatehouse.registry/release'].status).toBe('yanked');
    expect(yanked._meta['io.gatehouse.registry/release'].statusChange.entry.domain).toBe(
      SIGNING_DOMAINS.releaseStatus,
    );
    const latest = (await registry.client.getJson(
      '/v0.1/servers/io.github.alice%2Fweather/versions/latest',
    )) as any;
    expect(latest.server.version).toBe('1.0.0');
    expect(latest._meta['io.modelcontextprotocol.registry/official'].status).toBe('deprecated');
    const listed = (await registry.client.getJson('/v0.1/servers?search=weather')) as any;
    expect(listed.servers.map((s: { server: { version: string } }) => s.server.version)).toEqual([
      '1.0.0',
    ]);
    const all = (await registry.client.getJson(
      '/v0.1/servers?search=weather&include_deleted=true',
    )) as any;
    expect(all.servers.map((s: { server: { version: string } }) => s.server.version)).toEqual([
      '1.0.0',
      '1.2.0',
    ]);
    // A yanked version number stays used: 1.2.0 cannot come back with other bytes.
    const again = await refusal(
      registry.client.publish(alice, 'io.github.alice', next.server, next.release),
    );
    expect(again.code).toBe('REGISTRY_VERSION_EXISTS');
  });

  it("refuses a status change signed by another namespace's owner", async () => {
    const refused = await refusal(
      registry.client.setStatus(mallory, 'io.github.alice', {
        name: 'io.github.alice/weather',
        version: '1.0.0',
        status: 'yanked',
        message: null,
      }),
    );
    expect(refused.code).toBe('REGISTRY_NOT_OWNER');
  });
});
