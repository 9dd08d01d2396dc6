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
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { z } from 'zod';

import { writeGatewayConfig } from './gateway-config.js';
import { PATHS } from './paths.js';

const CALL_TIMEOUT_MS = 20_000;

type Scenario = (client: Client) => Promise<string>;

async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<string> {
  const { tools } = await client.listTools();
  if (!tools.some((tool) => tool.name === name)) {
    throw new Error(
      `tool ${name} not listed through the gateway (got: ${tools.map((t) => t.name).join(', ')})`,
    );
  }
  const result = await client.callTool({ name, arguments: args }, { timeout: CALL_TIMEOUT_MS });
  const text = (Array.isArray(result.content) ? result.content : [])
    .map((block: { type: string; text?: string }) =>
      block.type === 'text' ? (block.text ?? '') : `[${block.type}]`,
    )
    .join(' ');
  if (result.isError === true) throw new Error(`${name} returned isError: ${text}`);
  return text;
}

/** What each client scenario of conformance 0.1.16 expects the client to do. */
const SCENARIOS: Record<string, Scenario> = {
  // Initialize (done by connect) and list tools.
  initialize: async (client) => {
    const { tools } = await client.listTools();
    return `initialized; ${tools.length} tool(s) listed`;
  },
  // Call add_numbers {a, b}; the scenario checks the arguments and the sum.
  tools_call: (client) => callTool(client, 'add_numbers', { a: 5, b: 3 }),
  // The tool elicits a form whose fields all have defaults; accepting with no content must come
  // back with every default applied (SEP-1034).
  'elicitation-sep1034-client-defaults': (client) =>
    callTool(client, 'test_client_elicitation_defaults', {}),
  // The tool call's SSE stream is closed after a priming event carrying `retry`; the gateway's
  // upstream client must reconnect with GET + Last-Event-ID after that delay (SEP-1699).
  'sse-retry': (client) => callTool(client, 'test_reconnection', {}),
};

const ArgsSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  scenario: z.string().min(1),
});

async function main(): Promise<number> {
  const parsed = ArgsSchema.safeParse({
    url: process.argv.at(-1),
    scenario: process.env.MCP_CONFORMANCE_SCENARIO,
  });
  if (!parsed.success) {
    console.error('usage: MCP_CONFORMANCE_SCENARIO=<name> client-driver.js <url>');
    return 2;
  }
  const { url, scenario } = parsed.data;
  const run = SCENARIOS[scenario];
  if (run === undefined) {
    console.error(
      `client-driver: unknown scenario ${scenario} (known: ${Object.keys(SCENARIOS).join(', ')})`,
    );
    return 2;
  }

  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-driver-'));
  const config = await writeGatewayConfig(dir, 'upstream', { transport: 'http', url });
  const client = new Client(
    { name: 'gatehouse-conformance-driver', version: '1.0.0' },
    { capabilities: { elicitation: { form: { applyDefaults: true } }, sampling: {} } },
  );
  // A person would fill the form; accepting with no fields lets applyDefaults do its job.
  client.setRequestHandler('elicitation/create', () => ({ action: 'accept', content: {} }));
  client.setRequestHandler('sampling/createMessage', () => ({
    role: 'assistant',
    content: { type: 'text', text: 'sampled by the conformance driver' },
    model: 'conformance-driver',
  }));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [PATHS.gatewayCli, 'run', '-c', config, '--stdio', '--log-level', 'warn'],
    stderr: 'inherit',
  });
  try {
    await client.connect(transport);
    const outcome = await run(client);
    console.error(`client-driver: ${scenario}: ${outcome}`);
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
