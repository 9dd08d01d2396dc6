/**
 * Reading a registry's names through `GET /v0.1/servers` from a real loopback HTTP server.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { fetchRegistryNames } from '../../../src/creation/names/index.js';
import type { FakeRegistry } from './registry-fixture.js';
import { startFakeRegistry } from './registry-fixture.js';

let registry: FakeRegistry | undefined;
afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

describe('fetchRegistryNames', () => {
  it('fails closed on an error status, a non-list body, a pagination loop or too many pages', async () => {
    registry = await startFakeRegistry({ servers: [], status: 503 });
    await expect(fetchRegistryNames(registry.url)).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
    await registry.close();
    registry = await startFakeRegistry({ servers: [], body: '{"items": []}' });
    await expect(fetchRegistryNames(registry.url)).rejects.toMatchObject({
      code: 'UPSTREAM_PROTOCOL',
    });
    await registry.close();
    registry = await startFakeRegistry({ servers: [{ name: 'io.github.a/x' }], loopCursor: 'c1' });
    await expect(fetchRegistryNames(registry.url)).rejects.toThrow(/twice/);
    await registry.close();
    registry = await startFakeRegistry({
      servers: Array.from({ length: 9 }, (_, i) => ({ name: `io.github.a/x${i}` })),
    });
    await expect(fetchRegistryNames(registry.url, { maxPages: 2 })).rejects.toThrow(/more than 2/);
  });

  it('fails closed when the registry is unreachable', async () => {
    registry = await startFakeRegistry({ servers: [] });
    const url = registry.url;
    await registry.close();
    registry = undefined;
    await expect(fetchRegistryNames(url, { timeoutMs: 2_000 })).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
  });

  it('follows nextCursor over every page and collects npm identifiers per name', async () => {
    registry = await startFakeRegistry({
      servers: [
        { name: 'io.github.alice/weather', npm: '@alice/weather-mcp' },
        { name: 'io.github.bob/notes' },
        { name: 'io.github.alice/weather', npm: 'weather-mcp-legacy' },
        { name: 'com.example/search', owner: 'key-7' },
        { name: 'io.github.carol/maps' },
      ],
    });
    const names = await fetchRegistryNames(`${registry.url}/`, {
      ownerOf: (item) => {
        const owner = item._meta?.['test/owner'];
        return typeof owner === 'string' ? owner : undefined;
      },
    });
    expect(registry.requests).toEqual([
      '/v0.1/servers?limit=100',
      '/v0.1/servers?limit=100&cursor=2',
      '/v0.1/servers?limit=100&cursor=4',
    ]);
    expect(names).toEqual([
      { name: 'io.github.alice/weather', npm: ['@alice/weather-mcp', 'weather-mcp-legacy'] },
      { name: 'io.github.bob/notes' },
      { name: 'com.example/search', owner: 'key-7' },
      { name: 'io.github.carol/maps' },
    ]);
  });
});
