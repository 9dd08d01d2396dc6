/**
 * @module scripts/conformance/gateway-config
 * Writes the throwaway `gatehouse.yaml` files the conformance legs run Gatehouse with: one
 * upstream server, empty prefix, so public names equal the upstream's names.
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
  const config = { servers: { [serverKey]: { ...upstream, prefix: '' } } };
  await writeFile(file, stringify(config), { mode: 0o600 });
  return file;
}
