/**
 * @module scripts/conformance/client-driver
 * The `--command` the conformance suite runs in client mode, with the scenario server's URL as
 * the last argument and the scenario name in `MCP_CONFORMANCE_SCENARIO`. It puts Gatehouse
 * between the suite and an SDK v2 client:
 *
 *   suite scenario server (HTTP)  <-  Gatehouse upstream (http, prefix "")  <-  stdio  <-  this Client
 *
 * so what the suite judges is Gatehouse's upstream (client) side. Exit 0 when the scenario's
 * actions succeeded through the gateway.
 *
 * With `--direct` (before the URL) the same client talks to the scenario server itself, without
 * Gatehouse: the baseline that tells a Gatehouse failure from one of the SDK client.
 *
 * When the suite asks for protocol revision 2026-07-28 (`MCP_CONFORMANCE_PROTOCOL_VERSION`, set
 * by `--spec-version`), the client negotiates the era (`versionNegotiation: { mode: 'auto' }`):
 * `server/discover` first, `initialize` only if Gatehouse does not offer 2026-07-28. Otherwise
 * it opens with the 2025 `initialize` handshake, byte for byte as before.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Transport } from '@modelcontextprotocol/client';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { z } from 'zod';

import { SCENARIOS } from './client-scenarios.js';
import { writeGatewayConfig } from './gateway-config.js';
import { PATHS } from './paths.js';

/**
 * The SDK runs a 2026-07-28 probe on a disposable sibling process when the transport is exactly
 * `StdioClientTransport`; a subclass probes in place. In place keeps one Gatehouse (and so one
 * upstream connection to the scenario server, which counts what it receives) per scenario.
 */
class InPlaceProbeStdioTransport extends StdioClientTransport {}

const ArgsSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  scenario: z.string().min(1),
  protocolVersion: z.string().optional(),
});

async function main(): Promise<number> {
  const parsed = ArgsSchema.safeParse({
    url: process.argv.at(-1),
    scenario: process.env.MCP_CONFORMANCE_SCENARIO,
    protocolVersion: process.env.MCP_CONFORMANCE_PROTOCOL_VERSION,
  });
  if (!parsed.success) {
    console.error('usage: MCP_CONFORMANCE_SCENARIO=<name> client-driver.js <url>');
    return 2;
  }
  const { url, scenario, protocolVersion } = parsed.data;
  const direct = process.argv.slice(2, -1).includes('--direct');
  const run = SCENARIOS[scenario];
  if (run === undefined) {
    console.error(
      `client-driver: unknown scenario ${scenario} (known: ${Object.keys(SCENARIOS).join(', ')})`,
    );
    return 2;
  }
  const modern = protocolVersion !== undefined && protocolVersion >= '2026-07-28';

  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-driver-'));
  const client = new Client(
    { name: 'gatehouse-conformance-driver', version: '1.0.0' },
    {
      capabilities: { elicitation: { form: { applyDefaults: true } }, sampling: {} },
      ...(modern && { versionNegotiation: { mode: 'auto' as const } }),
    },
  );
  let betweenRounds: (() => Promise<void>) | undefined;
  // A person would fill the form; accepting with no fields lets applyDefaults do its job.
  client.setRequestHandler('elicitation/create', async () => {
    const action = betweenRounds;
    betweenRounds = undefined;
    await action?.();
    return { action: 'accept', content: {} };
  });
  client.setRequestHandler('sampling/createMessage', () => ({
    role: 'assistant',
    content: { type: 'text', text: 'sampled by the conformance driver' },
    model: 'conformance-driver',
  }));
  let transport: Transport;
  if (direct) {
    transport = new StreamableHTTPClientTransport(new URL(url));
  } else {
    const config = await writeGatewayConfig(dir, 'upstream', { transport: 'http', url });
    transport = new InPlaceProbeStdioTransport({
      command: process.execPath,
      args: [PATHS.gatewayCli, 'run', '-c', config, '--stdio', '--log-level', 'warn'],
      stderr: 'inherit',
    });
  }
  try {
    await client.connect(transport);
    const era = client.getProtocolEra() ?? 'unknown';
    const outcome = await run(client, {
      betweenRounds: (action) => {
        betweenRounds = action;
      },
    });
    const via = direct ? 'direct' : 'through gatehouse';
    console.error(`client-driver: ${scenario} (${era} era, ${via}): ${outcome}`);
    return 0;
  } catch (error) {
    console.error(`client-driver: ${scenario} failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await client.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('client-driver crashed:', error);
    process.exit(1);
  },
);
