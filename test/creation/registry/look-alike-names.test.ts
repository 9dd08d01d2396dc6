/**
 * Look-alike names at publish, with the registry's default guard (creation/names over the
 * registry's own names): a name confusable with another owner's is refused and the similar
 * names are named; a weaker similarity is accepted with a warning.
 */
import { beforeAll, describe, expect, it } from 'vitest';

import type { FixtureRegistry } from '../../../fixtures/registry/index.js';
import { generateSigningKey } from '../../../src/creation/signing/index.js';
import { GatehouseError } from '../../../src/shared/errors/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { useRegistry } from '../packages/store-helpers.js';
import type { TestRegistry } from './registry-harness.js';
import { makePackage, releaseOf, startTestRegistry } from './registry-harness.js';

describe('look-alike names are refused at publish', () => {
  const dir = useTempDir('gatehouse-registry-names-');
  const alice = generateSigningKey();
  const mallory = generateSigningKey();
  const bob = generateSigningKey();
  let npm: FixtureRegistry;
  let registry: TestRegistry;

  beforeAll(async () => {
    npm = await useRegistry(
      [],
      [
        makePackage(dir, {
          name: 'weather-mcp',
          version: '1.0.0',
          mcpName: 'io.github.alice/weather',
        }),
        makePackage(dir, {
          name: 'weather-mcp-2',
          version: '1.0.0',
          mcpName: 'io.github.a1ice/weather',
        }),
        makePackage(dir, {
          name: 'bobs-weather',
          version: '1.0.0',
          mcpName: 'io.github.bob/weather',
        }),
      ],
    );
    registry = await startTestRegistry({ dir, npmRegistry: npm.url });
    await registry.client.claim(alice, 'io.github.alice');
    await registry.client.claim(mallory, 'io.github.a1ice');
    await registry.client.claim(bob, 'io.github.bob');
    const first = await releaseOf(npm.url, {
      serverName: 'io.github.alice/weather',
      identifier: 'weather-mcp',
      version: '1.0.0',
    });
    await registry.client.publish(alice, 'io.github.alice', first.server, first.release);
  });

  it('refuses a name in a look-alike namespace (a1ice for alice) and names the one it imitates', async () => {
    const { server, release } = await releaseOf(npm.url, {
      serverName: 'io.github.a1ice/weather',
      identifier: 'weather-mcp-2',
      version: '1.0.0',
    });
    const refused = await registry.client.publish(mallory, 'io.github.a1ice', server, release).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(GatehouseError);
    expect((refused as GatehouseError).code).toBe('REGISTRY_NAME_CONFUSABLE');
    expect((refused as GatehouseError).message).toContain('io.github.alice/weather');
    expect(
      await fetch(`${registry.url}/v0.1/servers/io.github.a1ice%2Fweather/versions/latest`).then(
        (r) => r.status,
      ),
    ).toBe(404);
  });

  it('accepts the same product name under a visibly different owner, with a warning', async () => {
    const { server, release } = await releaseOf(npm.url, {
      serverName: 'io.github.bob/weather',
      identifier: 'bobs-weather',
      version: '1.0.0',
    });
    const answer = await registry.client.publish(bob, 'io.github.bob', server, release);
    expect(answer.warnings).toEqual([expect.stringContaining('resembles io.github.alice/weather')]);
  });
});
