/**
 * @module scripts/conformance/gateway-config
 * Writes the throwaway `gatehouse.yaml` files the conformance legs run Gatehouse with: one
 * upstream server, empty prefix, so public names equal the upstream's names. Pinning is off for
 * it: the suite's list-change scenarios make the fixture change its tools on purpose, which
 * pinning exists to withhold (a rug pull looks exactly like that); every other stage stays on.
 * Each run also gets a fresh state directory, so no trust carries over between runs.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { stringify } from 'yaml';

export type UpstreamEntry =
  { transport: 'stdio'; command: string; args: string[] } | { transport: 'http'; url: string };

export async function writeGatewayConfig(
  dir: string,
  serverKey: string,
  upstream: UpstreamEntry,
): Promise<string> {
  const file = join(dir, 'gatehouse.yaml');
  const config = {
    gateway: { stateDir: join(dir, 'state') },
    servers: { [serverKey]: { ...upstream, prefix: '', pins: false } },
  };
  await writeFile(file, stringify(config), { mode: 0o600 });
  return file;
}
