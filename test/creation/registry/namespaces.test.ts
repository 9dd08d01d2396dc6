import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { NamespaceProofOptions } from '../../../src/creation/registry/index.js';
import { formatProofRecord, signMessage } from '../../../src/creation/registry/index.js';
import { fetchWellKnown } from '../../../src/creation/registry/well-known-fetch.js';
import { generateSigningKey } from '../../../src/creation/signing/index.js';
import { GatehouseError } from '../../../src/shared/errors/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { useRegistry } from '../packages/store-helpers.js';
import type { TestRegistry } from './registry-harness.js';
import { makePackage, releaseOf, startTestRegistry } from './registry-harness.js';

async function refusal(
  call: Promise<unknown>,
): Promise<{ code: string; message: string; data?: unknown }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof GatehouseError) {
      return { code: error.code, message: error.message, data: error.data };
    }
    throw error;
  }
  throw new Error('the call was accepted');
}

/** A loopback web server standing in for the domains' `/.well-known/mcp-registry-auth`. */
async function wellKnownHost(
  files: Map<string, string>,
): Promise<{ base: string; server: Server }> {
  const server = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    if (req.url === '/.well-known/mcp-registry-auth' && body !== undefined) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(body);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("namespace claims: a domain namespace needs its domain's proof", () => {
  const dir = useTempDir('gatehouse-registry-proof-');
  const owner = generateSigningKey();
  const squatter = generateSigningKey();
  const files = new Map<string, string>();
  const txt = new Map<string, string[][]>();
  let host: { base: string; server: Server };
  let redirecting: Server;
  let redirectBase: string;
  let registry: TestRegistry;

  beforeAll(async () => {
    host = await wellKnownHost(files);
    redirecting = createServer((_req, res) => {
      res.writeHead(302, { location: `${host.base}/.well-known/mcp-registry-auth` }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    redirectBase = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`;
    // Only example.com and alice.github.io are served by the stand-in web host; every other
    // domain points at a port where nothing listens.
    const proofs: NamespaceProofOptions = {
      policy: { domain: ['http', 'dns'], github: 'domain' },
      httpBase: (domain) =>
        domain === 'example.com' || domain === 'alice.github.io'
          ? host.base
          : domain === 'example.net'
            ? redirectBase
            : 'http://127.0.0.1:9',
      resolveTxt: (domain) => {
        const records = txt.get(domain);
        return records
          ? Promise.resolve(records)
          : Promise.reject(new Error(`ENOTFOUND ${domain}`));
      },
      timeoutMs: 5_000,
    };
    const npm = await useRegistry([]);
    registry = await startTestRegistry({ dir, npmRegistry: npm.url, proofs });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => host.server.close(() => resolve()));
    await new Promise<void>((resolve) => redirecting.close(() => resolve()));
  });

  it('refuses a domain namespace without proof, and says which record to publish', async () => {
    const refused = await refusal(registry.client.claim(squatter, 'com.example'));
    expect(refused.code).toBe('REGISTRY_NAMESPACE_PROOF_FAILED');
    expect(refused.message).toContain('example.com does not prove key');
    expect(refused.message).toContain('http: ');
    expect(refused.message).toContain('dns: TXT lookup failed');
    expect(refused.data).toMatchObject({ expectedRecord: formatProofRecord(squatter.publicKey) });
    expect(await registry.client.namespace('com.example')).toBeUndefined();
  });

  it("refuses a proof that names another key (the domain owner's, not the claimant's)", async () => {
    files.set('/.well-known/mcp-registry-auth', `${formatProofRecord(owner.publicKey)}\n`);
    const refused = await refusal(registry.client.claim(squatter, 'com.example'));
    expect(refused.code).toBe('REGISTRY_NAMESPACE_PROOF_FAILED');
    expect(refused.message).toContain('the well-known file names another key');
  });

  it('accepts a claim proven by the HTTP well-known file (official record format)', async () => {
    const answer = await registry.client.claim(owner, 'com.example');
    expect(answer.namespace?.proof).toBe('http');
    expect(answer.namespace?.owners.map((o) => o.publicKey)).toEqual([owner.publicKey]);
    // The record is the official registry's: standard base64 of the raw 32-byte key.
    expect(formatProofRecord(owner.publicKey)).toMatch(
      /^v=MCPv1; k=ed25519; p=[A-Za-z0-9+/]{43}=$/,
    );
  });

  it('refuses a second claim of a claimed namespace, even with a valid proof', async () => {
    const refused = await refusal(registry.client.claim(owner, 'com.example'));
    expect(refused.code).toBe('REGISTRY_NAMESPACE_TAKEN');
  });

  it('accepts a claim proven by a DNS TXT record on the apex (split strings joined)', async () => {
    const record = formatProofRecord(owner.publicKey);
    txt.set('example.org', [['v=spf1 -all'], [record.slice(0, 20), record.slice(20)]]);
    const answer = await registry.client.claim(owner, 'org.example');
    expect(answer.namespace?.proof).toBe('dns');
  });

  it('proves io.github.<user> through <user>.github.io, never by a DNS record there', async () => {
    txt.set('bob.github.io', [[formatProofRecord(squatter.publicKey)]]);
    const refused = await refusal(registry.client.claim(squatter, 'io.github.bob'));
    expect(refused.code).toBe('REGISTRY_NAMESPACE_PROOF_FAILED');
    expect(refused.message).not.toContain('dns:');
    const answer = await registry.client.claim(owner, 'io.github.alice');
    expect(answer.namespace?.proof).toBe('http');
  });

  it('does not follow a redirect of the well-known file (the official rule)', async () => {
    const refused = await refusal(registry.client.claim(owner, 'net.example'));
    expect(refused.code).toBe('REGISTRY_NAMESPACE_PROOF_FAILED');
    expect(refused.message).toContain('answered HTTP 302');
  });

  it('never fetches a well-known file from a loopback or private address (SSRF)', async () => {
    const result = await fetchWellKnown('localhost', { timeoutMs: 5_000 });
    expect(result).toEqual({ ok: false, message: expect.stringContaining('not a public address') });
  });

  it('refuses namespaces that are not lower-case reverse DNS', async () => {
    for (const namespace of ['IO.GitHub.alice', 'localhost', 'com.-bad']) {
      const refused = await refusal(registry.client.claim(owner, namespace));
      expect(refused.code).toBe('REGISTRY_REQUEST_INVALID');
    }
  });
});

describe('owner keys: added and rotated by an owner, never replayed', () => {
  const dir = useTempDir('gatehouse-registry-keys-');
  const alice = generateSigningKey();
  const bob = generateSigningKey();
  const carol = generateSigningKey();
  let registry: TestRegistry;
  let npmUrl: string;

  beforeAll(async () => {
    const npm = await useRegistry(
      [],
      [makePackage(dir, { name: 'keys-mcp', version: '1.0.0', mcpName: 'io.github.alice/keys' })],
    );
    npmUrl = npm.url;
    registry = await startTestRegistry({ dir, npmRegistry: npm.url });
    await registry.client.claim(alice, 'io.github.alice');
  });

  it('refuses a key addition signed by a key that is not an owner', async () => {
    const refused = await refusal(
      registry.client.addKey(carol, 'io.github.alice', carol.publicKey),
    );
    expect(refused.code).toBe('REGISTRY_NOT_OWNER');
  });

  it('refuses an old rotation replayed after the namespace moved on', async () => {
    await registry.client.addKey(alice, 'io.github.alice', bob.publicKey);
    const state = (await registry.client.namespace('io.github.alice'))!;
    const removeBob = signMessage(alice, 'key-rotation', {
      type: 'key-rotation',
      namespace: 'io.github.alice',
      seq: state.seq,
      previous: state.head,
      remove: bob.publicKey,
      add: null,
    });
    const first = await registry.client.send('/v0.1/namespaces/keys/rotate', removeBob);
    expect(first.status).toBe(200);
    await registry.client.addKey(alice, 'io.github.alice', bob.publicKey);
    // The same signed rotation, sent again: it names a state the namespace has left.
    const replay = await registry.client.send('/v0.1/namespaces/keys/rotate', removeBob);
    expect(replay.status).toBe(409);
    expect(((await replay.json()) as { code: string }).code).toBe('REGISTRY_STALE_STATE');
    const owners = (await registry.client.namespace('io.github.alice'))!.owners;
    expect(owners.map((o) => o.publicKey).sort()).toEqual([alice.publicKey, bob.publicKey].sort());
  });

  it('lets a rotated-out key do nothing more, and the new key everything', async () => {
    await registry.client.rotateKey(bob, 'io.github.alice', alice.publicKey, carol.publicKey);
    const { server, release } = await releaseOf(npmUrl, {
      serverName: 'io.github.alice/keys',
      identifier: 'keys-mcp',
      version: '1.0.0',
    });
    const refused = await refusal(
      registry.client.publish(alice, 'io.github.alice', server, release),
    );
    expect(refused.code).toBe('REGISTRY_NOT_OWNER');
    const published = await registry.client.publish(carol, 'io.github.alice', server, release);
    expect(published.warnings).toEqual([]);
  });

  it('refuses removing the last owner key', async () => {
    await registry.client.rotateKey(carol, 'io.github.alice', bob.publicKey, null);
    const refused = await refusal(
      registry.client.rotateKey(carol, 'io.github.alice', carol.publicKey, null),
    );
    expect(refused.code).toBe('REGISTRY_REQUEST_INVALID');
    expect(refused.message).toContain('is the last owner');
  });

  it('keeps the whole history, chained by hash and logged in order', async () => {
    const history = (await registry.client.getJson('/v0.1/namespaces/io.github.alice/events')) as {
      events: {
        seq: number;
        kind: string;
        hash: string;
        logIndex: number;
        entry: { signature: string; payload: { previous: string | null } };
      }[];
    };
    expect(history.events.map((e) => e.kind)).toEqual([
      'namespace-claim',
      'key-addition',
      'key-rotation',
      'key-addition',
      'key-rotation',
      'release',
      'key-rotation',
    ]);
    history.events.forEach((event, i) => {
      expect(event.seq).toBe(i);
      expect(event.entry.payload.previous).toBe(i === 0 ? null : history.events[i - 1]!.hash);
    });
    const logged = (await registry.client.getJson(
      `/v0.1/log/entries?start=0&end=${history.events.length}`,
    )) as { entries: { entry: { signature: string } }[] };
    expect(logged.entries.map((e) => e.entry.signature)).toEqual(
      history.events.map((e) => e.entry.signature),
    );
  });
});
