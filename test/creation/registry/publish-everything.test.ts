/**
 * The publisher's release of a real package: `@modelcontextprotocol/server-everything` (which
 * declares `mcpName`) resolved from the loopback npm registry with its whole closure, signed,
 * and accepted by a registry that checks every integrity against that npm registry. The tools
 * are given here (the sandboxed listing is tested with the CLI).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import type { FixtureRegistry } from '../../../fixtures/registry/index.js';
import { definitionsHashOf } from '../../../src/creation/registry/index.js';
import type { BuiltRelease } from '../../../src/creation/registry/publisher/build-release.js';
import { buildRelease, closureOf } from '../../../src/creation/registry/publisher/build-release.js';
import { generateSigningKey } from '../../../src/creation/signing/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { EVERYTHING, useRegistry, useWorldReadableTempDir } from '../packages/store-helpers.js';
import type { TestRegistry } from './registry-harness.js';
import { makePackage, startTestRegistry } from './registry-harness.js';

const TOOLS = [
  { name: 'echo', inputSchema: { type: 'object', properties: { message: { type: 'string' } } } },
  { name: 'add', inputSchema: { type: 'object' } },
];

describe('buildRelease + publish: server-everything from the npm registry', () => {
  const dir = useTempDir('gatehouse-registry-everything-');
  const packagesDir = useWorldReadableTempDir();
  const key = generateSigningKey();
  let npm: FixtureRegistry;
  let registry: TestRegistry;
  let built: BuiltRelease;

  beforeAll(async () => {
    const nameless = makePackage(dir, { name: 'nameless-mcp', version: '1.0.0' });
    npm = await useRegistry([EVERYTHING], [nameless]);
    registry = await startTestRegistry({ dir, npmRegistry: npm.url });
    built = await buildRelease({
      target: `${EVERYTHING}@2026.8.31`,
      npmRegistry: npm.url,
      packagesDir,
      tools: TOOLS,
    });
  });

  it('binds the package, its integrity, the whole closure and the definitions hash', () => {
    const { release, server } = built;
    expect(built.namespace).toBe('io.github.modelcontextprotocol');
    expect(release.name).toBe('io.github.modelcontextprotocol/server-everything');
    expect(release.package).toEqual({
      registryType: 'npm',
      identifier: EVERYTHING,
      version: '2026.8.31',
    });
    expect(release.integrity).toBe(built.resolved.lockEntry.integrity);
    // Every locked package but the server's own is in the closure, once, sorted.
    const locked = Object.entries(built.resolved.lockEntry.packages).filter(
      ([location, pkg]) => location !== `node_modules/${EVERYTHING}` && pkg.integrity !== undefined,
    );
    expect(release.closure.length).toBe(
      new Set(locked.map(([, p]) => `${p.name}@${p.version}`)).size,
    );
    expect(release.closure.some((entry) => entry.name === EVERYTHING)).toBe(false);
    expect(release.closure).toEqual(closureOf(built.resolved));
    expect(release.definitionsHash).toBe(definitionsHashOf([...TOOLS].reverse()));
    expect(server.packages?.[0]).toMatchObject({
      registryBaseUrl: npm.url,
      identifier: EVERYTHING,
    });
  });

  it('is accepted by the registry (every integrity checked against npm) and served', async () => {
    await registry.client.claim(key, built.namespace);
    const answer = await registry.client.publish(key, built.namespace, built.server, built.release);
    expect(answer.logIndex).toBe(1);
    const served = (await registry.client.getJson(
      `/v0.1/servers/${encodeURIComponent(built.release.name)}/versions/2026.8.31`,
    )) as any;
    expect(served._meta['io.gatehouse.registry/release'].release).toEqual(built.release);
    // The registry asked the npm registry for the package and for every closure packument.
    const asked = new Set(npm.requests.map((r) => decodeURIComponent(r.slice(1))));
    for (const entry of built.release.closure) expect(asked.has(entry.name)).toBe(true);
  });

  it('refuses to build a release of a package without mcpName, or a server.json naming another server', async () => {
    await expect(
      buildRelease({
        target: 'nameless-mcp@1.0.0',
        npmRegistry: npm.url,
        packagesDir,
        tools: TOOLS,
      }),
    ).rejects.toThrow(/has no "mcpName"/);
    const serverJson = path.join(dir, 'server.json');
    writeFileSync(
      serverJson,
      JSON.stringify({ ...built.server, name: 'io.github.modelcontextprotocol/other' }),
    );
    await expect(
      buildRelease({
        target: `${EVERYTHING}@2026.8.31`,
        npmRegistry: npm.url,
        packagesDir,
        serverJsonFile: serverJson,
        tools: TOOLS,
      }),
    ).rejects.toThrow(/names io.github.modelcontextprotocol\/other, the package's mcpName is/);
  });
});
