/**
 * A registry whose log does not verify, seen through a loopback proxy that rewrites one answer of
 * a real registry: a log key that did not sign the tree heads (a spoofed registry on first
 * contact), a tree head whose signature does not hold, and an inclusion proof that does not prove
 * the message. Each is refused before anything it vouches for is used.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RegistryReader, verifyRegistryLog } from '../../../src/creation/installer/index.js';
import { advanceWitness, checkInclusions } from '../../../src/creation/installer/log-check.js';
import { generateSigningKey, keyIdOf } from '../../../src/creation/signing/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import type { TestRegistry } from '../registry/registry-harness.js';
import { startInstallRegistry } from './install-harness.js';

type Rewrite = (path: string, body: unknown) => unknown;

const dir = useTempDir('gatehouse-spoofed-log-');
let registry: TestRegistry;
let proxy: Server;
let proxyUrl = '';
let rewrite: Rewrite = (_path, body) => body;

describe('a registry whose log does not verify', () => {
  beforeAll(async () => {
    registry = await startInstallRegistry({
      dir,
      dbName: 'r.db',
      npmRegistry: 'http://127.0.0.1:9/',
    });
    await registry.client.claim(generateSigningKey(), 'io.github.alice');
    await registry.client.claim(generateSigningKey(), 'io.github.bob');
    proxy = createServer((req, res) => {
      const path = req.url ?? '/';
      fetch(`${registry.url}${path}`)
        .then(async (answer) => {
          const body = rewrite(path, await answer.json());
          res
            .writeHead(answer.status, { 'content-type': 'application/json' })
            .end(JSON.stringify(body));
        })
        .catch(() => res.writeHead(502).end());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });

  it('refuses, on first contact, a served log key that did not sign the tree heads', async () => {
    const spoofed = generateSigningKey().publicKey;
    rewrite = (path, body) =>
      path === '/v0.1/log/key' ? { logId: keyIdOf(spoofed), publicKey: spoofed } : body;
    await expect(
      verifyRegistryLog({ registry: proxyUrl, stateDir: `${dir}/a` }),
    ).rejects.toMatchObject({
      code: 'TRANSPARENCY_HEAD_INVALID',
      message: expect.stringMatching(/does not verify with its log key.*spoofed or broken/),
    });
  });

  it('refuses a tree head whose signature does not hold', async () => {
    rewrite = (path, body) =>
      path === '/v0.1/log/tree-head' ? { ...(body as object), rootHash: 'f'.repeat(64) } : body;
    await expect(
      verifyRegistryLog({ registry: proxyUrl, stateDir: `${dir}/b` }),
    ).rejects.toMatchObject({
      code: 'TRANSPARENCY_HEAD_INVALID',
      message: expect.stringContaining('is not signed by the log key'),
    });
  });

  it('refuses a message whose inclusion proof does not prove it', async () => {
    rewrite = (path, body) =>
      path.startsWith('/v0.1/log/inclusion')
        ? { ...(body as object), path: ['0'.repeat(64)] }
        : body;
    const reader = new RegistryReader(proxyUrl);
    const logKey = (await reader.logKey())!.publicKey;
    const { head } = await advanceWitness(reader, logKey, `${dir}/c/witness.json`);
    const events = await reader.events('io.github.bob');
    await expect(checkInclusions(reader, logKey, head, events)).rejects.toMatchObject({
      code: 'INSTALL_LOG_PROOF_FAILED',
      message: expect.stringContaining(
        'message 0 (namespace-claim) of namespace io.github.bob is not in the log at index 1',
      ),
    });
    rewrite = (_path, body) => body;
    await expect(checkInclusions(reader, logKey, head, events)).resolves.toBeUndefined();
  });
});
