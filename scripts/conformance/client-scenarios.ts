/**
 * @module scripts/conformance/client-scenarios
 * What the client driver does, through Gatehouse, for each client scenario it knows: the actions
 * each scenario's server waits for (0.1.16 and 0.2.0-alpha.12). The suite judges what reaches
 * its scenario server, i.e. what Gatehouse's upstream side made of these actions.
 */
import type { Client } from '@modelcontextprotocol/client';

const CALL_TIMEOUT_MS = 20_000;

export interface DriverHooks {
  /** Runs `action` once, inside the next elicitation the client answers (between two rounds). */
  betweenRounds(action: () => Promise<void>): void;
}

export type Scenario = (client: Client, hooks: DriverHooks) => Promise<string>;

function textOf(result: { content?: unknown }): string {
  return (Array.isArray(result.content) ? result.content : [])
    .map((block: { type: string; text?: string }) =>
      block.type === 'text' ? (block.text ?? '') : `[${block.type}]`,
    )
    .join(' ');
}

async function listedTools(client: Client): Promise<string[]> {
  return (await client.listTools()).tools.map((tool) => tool.name);
}

/** Calls a tool that must have been listed; an isError result counts as a failure. */
async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<string> {
  const tools = await listedTools(client);
  if (!tools.includes(name)) {
    throw new Error(`tool ${name} not listed through the gateway (got: ${tools.join(', ')})`);
  }
  const result = await client.callTool({ name, arguments: args }, { timeout: CALL_TIMEOUT_MS });
  const text = textOf(result);
  if (result.isError === true) throw new Error(`${name} returned isError: ${text}`);
  return text;
}

/** Placeholder arguments for whatever a listed tool requires (the scenario checks the call). */
function argumentsFor(inputSchema: {
  properties?: Record<string, unknown>;
  required?: string[];
}): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const name of inputSchema.required ?? []) {
    const type = (inputSchema.properties?.[name] as { type?: unknown } | undefined)?.type;
    args[name] = type === 'number' || type === 'integer' ? 1 : type === 'boolean' ? true : 'x';
  }
  return args;
}

/** Every argument of the SEP-2243 custom-header tool, one per encoding case. */
const CUSTOM_HEADER_ARGUMENTS = {
  region: 'us-west1',
  priority: 5,
  verbose: false,
  debug: true,
  empty_val: '',
  method_val: 'tools/call',
  float_val: 3.5,
  non_ascii_val: 'Grüße, 日本',
  whitespace_val: '  padded  ',
  leading_space_val: ' leading',
  trailing_space_val: 'trailing ',
  internal_space_val: 'a b c',
  control_char_val: 'bell\u0007here',
  crlf_val: 'line1\r\nline2',
  tab_val: '\tindented',
  query: 'not mirrored',
};

export const SCENARIOS: Record<string, Scenario> = {
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

  // 2026-07-28 (SEP-2575): every request Gatehouse sends upstream must carry the `_meta`
  // envelope and a matching MCP-Protocol-Version header, and survive one -32022 rejection.
  'request-metadata': async (client) => {
    const tools = await listedTools(client);
    return `${tools.length} tool(s) listed`;
  },
  // 2026-07-28 (SEP-2322): input_required results relayed through Gatehouse, requestState echoed
  // byte for byte, absent state not invented, a fresh JSON-RPC id per retry, another call made
  // between the rounds kept clean, and a result without resultType taken as complete.
  'sep-2322-client-request-state': async (client, hooks) => {
    hooks.betweenRounds(async () => {
      await callTool(client, 'test_mrtr_unrelated', {});
    });
    const echoed = await callTool(client, 'test_mrtr_echo_state', {});
    const noState = await callTool(client, 'test_mrtr_no_state', {});
    const noType = await callTool(client, 'test_mrtr_no_result_type', {});
    return [echoed, noState, noType].join('; ');
  },
  // 2026-07-28 (SEP-2243): Mcp-Method on every POST, Mcp-Name on tools/call, resources/read and
  // prompts/get.
  'http-standard-headers': async (client) => {
    const tools = await listedTools(client);
    for (const name of tools) {
      await client.callTool({ name, arguments: {} }, { timeout: CALL_TIMEOUT_MS });
    }
    const { resources } = await client.listResources();
    for (const resource of resources) await client.readResource({ uri: resource.uri });
    const { prompts } = await client.listPrompts();
    for (const prompt of prompts) await client.getPrompt({ name: prompt.name, arguments: {} });
    return `${tools.length} tool(s), ${resources.length} resource(s), ${prompts.length} prompt(s)`;
  },
  // 2026-07-28 (SEP-2243): x-mcp-header arguments mirrored into Mcp-Param-* headers, Base64
  // where a value cannot travel as is, none for null or unannotated arguments.
  'http-custom-headers': async (client) => {
    const full = await callTool(client, 'test_custom_headers', CUSTOM_HEADER_ARGUMENTS);
    const nulls = await callTool(client, 'test_custom_headers_null', {
      region: 'eu-central1',
      priority: 1,
      verbose: null,
      query: 'q',
    });
    return `${full}; ${nulls}`;
  },
  // 2026-07-28 (SEP-2243): tools with a malformed x-mcp-header must not be offered (or called);
  // the valid one must. The driver calls whatever Gatehouse lists, as a host would.
  'http-invalid-tool-headers': async (client) => {
    const { tools } = await client.listTools();
    const called: string[] = [];
    for (const tool of tools) {
      await client
        .callTool({ name: tool.name, arguments: argumentsFor(tool.inputSchema) })
        .catch(() => undefined);
      called.push(tool.name);
    }
    return `called ${called.join(', ') || '(nothing)'}`;
  },
  // 2026-07-28 (SEP-2106): listing a tool whose schema has a network `$ref` must not fetch it.
  'json-schema-ref-no-deref': async (client) => {
    const tools = await listedTools(client);
    return `${tools.length} tool(s) listed`;
  },
};
