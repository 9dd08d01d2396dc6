import { request as httpRequest } from 'node:http';

import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import type { PackageVerifier } from '../../../src/creation/registry/index.js';
import { generateSigningKey, readKeyFile } from '../../../src/creation/signing/index.js';
import {
  signTreeHead,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHead,
} from '../../../src/creation/transparency/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import type { TestRegistry } from './registry-harness.js';
import { releaseOf, startTestRegistry } from './registry-harness.js';

const NPM = 'https://registry.npmjs.org/';
const INTEGRITY = `sha512-${'B'.repeat(86)}==`;

/** The npm side is not under test here: every package checks out. */
const acceptAll: PackageVerifier = {
  registry: NPM,
  verify: () => Promise.resolve({ ok: true }),
  close: () => Promise.resolve(),
};

/**
 * The official registry's response shapes, transcribed from its OpenAPI spec
 * (docs/reference/api/openapi.yaml, ServerResponse and ServerList): what an existing client
 * relies on. The official `_meta` block allows no other properties.
 */
const OfficialMeta = z.strictObject({
  status: z.enum(['active', 'deprecated', 'deleted']),
  statusMessage: z.string().max(500).optional(),
  statusChangedAt: z.iso.datetime().optional(),
  publishedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  isLatest: z.boolean(),
});
const OfficialServerResponse = z.object({
  server: z.object({
    name: z
      .string()
      .regex(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/)
      .min(3)
      .max(200),
    description: z.string().min(1).max(100),
    version: z.string().max(255),
    packages: z
      .array(
        z.object({
          registryType: z.string(),
          identifier: z.string(),
          transport: z.object({ type: z.string() }),
        }),
      )
      .optional(),
  }),
  _meta: z.object({ 'io.modelcontextprotocol.registry/official': OfficialMeta }),
});
const OfficialServerList = z.object({
  servers: z.array(OfficialServerResponse),
  metadata: z.object({ nextCursor: z.string().optional(), count: z.number().int() }),
});
const Problem = z.object({
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  code: z.string(),
});

async function get(
  registry: TestRegistry,
  path: string,
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${registry.url}${path}`);
  return { status: response.status, body: await response.json(), headers: response.headers };
}

describe("read API: the official registry's shapes under /v0 and /v0.1", () => {
  const dir = useTempDir('gatehouse-registry-read-');
  const key = generateSigningKey();
  let registry: TestRegistry;
  const published: string[] = [];

  beforeAll(async () => {
    registry = await startTestRegistry({ dir, npmRegistry: NPM, packages: acceptAll });
    await registry.client.claim(key, 'io.github.acme');
    const plan: [string, string[]][] = [
      ['io.github.acme/alpha', ['1.0.0', '1.1.0', '2.0.0']],
      ['io.github.acme/Weather-Pro', ['0.1.0']],
      ['io.github.acme/weather', ['1.0.0', '1.0.1']],
      ['io.github.acme/zeta', ['3.0.0']],
    ];
    for (const [name, versions] of plan) {
      for (const version of versions) {
        const { server, release } = await releaseOf(NPM, {
          serverName: name,
          identifier: `@acme/${name.split('/')[1]!.toLowerCase()}`,
          version,
          integrity: INTEGRITY,
        });
        await registry.client.publish(key, 'io.github.acme', server, release);
        published.push(`${name}:${version}`);
      }
    }
  });

  it('answers the same list under both prefixes, in the official shape', async () => {
    const v0 = await get(registry, '/v0/servers');
    const v01 = await get(registry, '/v0.1/servers');
    expect(v0.status).toBe(200);
    expect(v0.body).toEqual(v01.body);
    const list = OfficialServerList.parse(v01.body);
    expect(list.metadata).toEqual({ count: 7 });
    expect(list.servers.map((s) => `${s.server.name}:${s.server.version}`)).toEqual(
      [...published].sort((a, b) =>
        a.split(':')[0]! < b.split(':')[0]! ? -1 : a.split(':')[0]! > b.split(':')[0]! ? 1 : 0,
      ),
    );
  });

  it('pages with an opaque cursor until no nextCursor is left', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const query = `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const { body } = await get(registry, `/v0.1/servers${query}`);
      const list = OfficialServerList.parse(body);
      expect(list.metadata.count).toBe(list.servers.length);
      seen.push(...list.servers.map((s) => `${s.server.name}:${s.server.version}`));
      cursor = list.metadata.nextCursor;
      if (cursor === undefined) break;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const all = OfficialServerList.parse((await get(registry, '/v0.1/servers')).body);
    expect(seen).toEqual(all.servers.map((s) => `${s.server.name}:${s.server.version}`));
  });

  it('searches names case-insensitively (substring), with pagination and version=latest', async () => {
    const { body } = await get(registry, '/v0.1/servers?search=WEATHER');
    const names = OfficialServerList.parse(body).servers.map(
      (s) => `${s.server.name}:${s.server.version}`,
    );
    expect(names).toEqual([
      'io.github.acme/Weather-Pro:0.1.0',
      'io.github.acme/weather:1.0.0',
      'io.github.acme/weather:1.0.1',
    ]);
    const page = OfficialServerList.parse(
      (await get(registry, '/v0.1/servers?search=weather&limit=2')).body,
    );
    expect(page.servers).toHaveLength(2);
    expect(page.metadata.nextCursor).toBe('io.github.acme/weather:1.0.0');
    const rest = OfficialServerList.parse(
      (
        await get(
          registry,
          `/v0.1/servers?search=weather&limit=2&cursor=${encodeURIComponent(page.metadata.nextCursor!)}`,
        )
      ).body,
    );
    expect(rest.servers.map((s) => s.server.version)).toEqual(['1.0.1']);
    expect(rest.metadata.nextCursor).toBeUndefined();
    const latest = OfficialServerList.parse(
      (await get(registry, '/v0.1/servers?version=latest')).body,
    );
    expect(latest.servers.map((s) => `${s.server.name}:${s.server.version}`)).toEqual([
      'io.github.acme/Weather-Pro:0.1.0',
      'io.github.acme/alpha:2.0.0',
      'io.github.acme/weather:1.0.1',
      'io.github.acme/zeta:3.0.0',
    ]);
    expect(
      latest.servers.every((s) => s._meta['io.modelcontextprotocol.registry/official'].isLatest),
    ).toBe(true);
    const none = OfficialServerList.parse(
      (
        await get(
          registry,
          `/v0.1/servers?updated_since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
        )
      ).body,
    );
    expect(none.servers).toEqual([]);
  });

  it('serves one version, the latest, and every version newest first (encoded or not)', async () => {
    const one = await get(registry, '/v0.1/servers/io.github.acme%2Falpha/versions/1.1.0');
    expect(OfficialServerResponse.parse(one.body).server.version).toBe('1.1.0');
    expect(one.body._meta['io.modelcontextprotocol.registry/official'].isLatest).toBe(false);
    const latest = await get(registry, '/v0/servers/io.github.acme%2Falpha/versions/latest');
    expect(latest.body.server.version).toBe('2.0.0');
    const plain = await get(registry, '/v0.1/servers/io.github.acme/alpha/versions/latest');
    expect(plain.body).toEqual(latest.body);
    const versions = OfficialServerList.parse(
      (await get(registry, '/v0.1/servers/io.github.acme%2Falpha/versions')).body,
    );
    expect(versions.servers.map((s) => s.server.version)).toEqual(['2.0.0', '1.1.0', '1.0.0']);
  });

  it('answers problems as application/problem+json with the official fields', async () => {
    for (const [path, status, code] of [
      ['/v0.1/servers/io.github.acme%2Fnope/versions/latest', 404, 'REGISTRY_NOT_FOUND'],
      ['/v0.1/servers/io.github.acme%2Falpha/versions/9.9.9', 404, 'REGISTRY_NOT_FOUND'],
      ['/v0.1/servers?limit=0', 400, 'REGISTRY_REQUEST_INVALID'],
      ['/v0.1/servers?limit=101', 400, 'REGISTRY_REQUEST_INVALID'],
      ['/v0.1/servers?cursor=nocolon', 400, 'REGISTRY_REQUEST_INVALID'],
      ['/v0.1/servers?updated_since=yesterday', 400, 'REGISTRY_REQUEST_INVALID'],
      ['/v0.1/nowhere', 404, 'REGISTRY_NOT_FOUND'],
    ] as const) {
      const response = await fetch(`${registry.url}${path}`);
      expect(response.status, path).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(Problem.parse(await response.json())).toMatchObject({ status, code });
    }
  });

  it('serves the JSON Schema of server.json', async () => {
    const { body } = await get(registry, '/v0.1/server.schema.json');
    expect(body.type).toBe('object');
    expect(body.required).toEqual(expect.arrayContaining(['name', 'description', 'version']));
    expect(body.properties.name.pattern).toBe('^[a-zA-Z0-9.-]+\\/[a-zA-Z0-9._-]+$');
  });

  it('lets browsers read (CORS *) and refuses a Host it is not reachable as (DNS rebinding)', async () => {
    const { headers } = await get(registry, '/v0.1/servers?limit=1');
    expect(headers.get('access-control-allow-origin')).toBe('*');
    const port = new URL(registry.url).port;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/v0.1/servers',
          headers: { host: `evil.example:${port}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('serves the transparency log: signed heads, inclusion and consistency proofs that verify', async () => {
    const { publicKey } = (await get(registry, '/v0.1/log/key')).body as { publicKey: string };
    const head = (await get(registry, '/v0.1/log/tree-head')).body;
    expect(verifyTreeHead(head, publicKey).ok).toBe(true);
    expect(head.treeSize).toBe(8);
    const { entries } = (await get(registry, '/v0.1/log/entries?start=0&end=100')).body as {
      entries: { index: number; leaf: string; entry: { domain: string } }[];
    };
    expect(entries.map((e) => e.entry.domain)).toEqual([
      'gatehouse/namespace-claim/v1',
      ...Array<string>(7).fill('gatehouse/release/v1'),
    ]);
    for (const entry of entries) {
      const proof = (
        await get(registry, `/v0.1/log/inclusion?index=${entry.index}&treeSize=${head.treeSize}`)
      ).body;
      expect(
        verifyInclusion(Buffer.from(entry.leaf, 'base64'), entry.index, proof, head, publicKey).ok,
      ).toBe(true);
    }
    // The head a client saw after the third entry, and the proof that today's log extends it.
    const log = registry.opened.log;
    const older = signTreeHead(
      {
        logId: log.logId,
        treeSize: 3,
        rootHash: log.rootHash(3),
        timestamp: new Date().toISOString(),
      },
      readKeyFile(registry.opened.logKeyFile),
    );
    const proof = (await get(registry, `/v0.1/log/consistency?first=3&second=${head.treeSize}`))
      .body;
    expect(proof.firstSize).toBe(3);
    expect(verifyConsistency(older, head, proof, publicKey).ok).toBe(true);
    const forked = { ...proof, path: [...proof.path].reverse() };
    expect(verifyConsistency(older, head, forked, publicKey).ok).toBe(false);
    const bad = await fetch(`${registry.url}/v0.1/log/inclusion?index=8&treeSize=8`);
    expect(bad.status).toBe(400);
  });
});
