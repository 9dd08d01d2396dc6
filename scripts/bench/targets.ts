/**
 * @module scripts/bench/targets
 * The rows of the benchmark: how to start each target in front of the same upstream
 * (server-everything over stdio) and which lean client talks to it.
 */
import { writeFileSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';

import { LegacySseChannel } from './legacy-sse-channel.js';
import type { StartedProcess } from './processes.js';
import { freePort, startProcess, stopProcess, waitForPort } from './processes.js';
import { RpcConnection } from './rpc-connection.js';
import { StdioChannel } from './stdio-channel.js';
import { StreamableHttpChannel } from './streamable-http-channel.js';

export type Role = 'floor' | 'gatehouse' | 'peer';
export type Transport = 'stdio' | 'streamable-http' | 'sse';

/** Paths and helpers shared by all rows. */
export interface BenchEnv {
  readonly node: string;
  /** server-everything's entry script; run as `node <script> stdio`. */
  readonly everything: string;
  readonly gatehouseCli: string;
  /** Extra node flags for Gatehouse processes (e.g. `--cpu-prof`). */
  readonly gatehouseNodeArgs: readonly string[];
  readonly supergateway: string;
  readonly mcpProxy: string;
  /** A private temp dir for config files. */
  readonly workDir: string;
  readonly agent: http.Agent;
}

/** A started row: a connected (not yet initialized) client and the process to weigh. */
export interface RunningRow {
  readonly connection: RpcConnection;
  /** The process whose RSS is reported: the gateway or bridge (the server itself for the floor). */
  readonly frontPid: number;
  stop(): Promise<void>;
}

export interface RowSpec {
  readonly id: string;
  readonly label: string;
  readonly role: Role;
  readonly transport: Transport;
  /** How the target runs, for the report (mode and notable flags). */
  readonly mode: string;
  /** Tool name as the target exposes it. */
  readonly tool: string;
  start(env: BenchEnv): Promise<RunningRow>;
}

function upstreamArgs(env: BenchEnv): string[] {
  return [env.everything, 'stdio'];
}

/** POSIX shell quoting, for the one peer that takes the upstream as a single command string. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The gatehouse.yaml every Gatehouse row uses: one stdio upstream, unprefixed tool names. */
export function gatehouseConfig(env: BenchEnv): string {
  const args = upstreamArgs(env).map((a) => JSON.stringify(a));
  return [
    'servers:',
    '  everything:',
    '    transport: stdio',
    `    command: ${JSON.stringify(env.node)}`,
    `    args: [${args.join(', ')}]`,
    '    prefix: ""',
    '',
  ].join('\n');
}

function writeGatehouseConfig(env: BenchEnv): string {
  const file = path.join(env.workDir, 'gatehouse.yaml');
  writeFileSync(file, gatehouseConfig(env));
  return file;
}

async function stdioRow(command: string, args: readonly string[]): Promise<RunningRow> {
  let channel: StdioChannel | undefined;
  const connection = await RpcConnection.open((sink) => {
    channel = StdioChannel.start(command, args, sink);
    return Promise.resolve(channel);
  });
  const pid = channel?.pid ?? 0;
  return { connection, frontPid: pid, stop: () => connection.close() };
}

/** Starts an HTTP service, waits for its port, and connects the client `transport` needs. */
async function httpRow(
  env: BenchEnv,
  args: (port: number) => readonly string[],
  transport: 'streamable-http' | 'sse',
  urlPath: string,
): Promise<RunningRow> {
  const port = await freePort();
  const service: StartedProcess = startProcess(env.node, args(port), { stdin: 'ignore' });
  try {
    await waitForPort(port, service);
    const url = new URL(`http://127.0.0.1:${port}${urlPath}`);
    const connection = await RpcConnection.open(async (sink) =>
      transport === 'sse'
        ? LegacySseChannel.connect(url, env.agent, sink)
        : new StreamableHttpChannel(url, env.agent, sink),
    );
    void service.exited.then((why) =>
      connection.failAll(new Error(`the service ${why}\n${service.stderr.toString()}`)),
    );
    return {
      connection,
      frontPid: service.pid,
      async stop() {
        await connection.close();
        await stopProcess(service);
      },
    };
  } catch (error) {
    await stopProcess(service);
    throw error;
  }
}

function gatehouseArgs(env: BenchEnv, front: readonly string[]): string[] {
  return [
    ...env.gatehouseNodeArgs,
    env.gatehouseCli,
    'run',
    '-c',
    writeGatehouseConfig(env),
    ...front,
  ];
}

function gatehouseHttpArgs(env: BenchEnv, port: number): string[] {
  return gatehouseArgs(env, ['--listen', `127.0.0.1:${port}`]);
}

function supergatewayArgs(env: BenchEnv, port: number, extra: readonly string[]): string[] {
  const upstream = [env.node, ...upstreamArgs(env)].map(shellQuote).join(' ');
  return [
    env.supergateway,
    '--stdio',
    upstream,
    '--port',
    String(port),
    '--logLevel',
    'none',
    ...extra,
  ];
}

function mcpProxyArgs(env: BenchEnv, port: number, server: 'sse' | 'stream'): string[] {
  return [
    env.mcpProxy,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--server',
    server,
    '--',
    env.node,
    ...upstreamArgs(env),
  ];
}

/** The five required rows, in order, then the extra rows (the other mode of each target). */
export const ROWS: readonly RowSpec[] = [
  {
    id: 'direct-stdio',
    label: 'server-everything, direct stdio (floor)',
    role: 'floor',
    transport: 'stdio',
    mode: 'node index.js stdio',
    tool: 'echo',
    start: (env) => stdioRow(env.node, upstreamArgs(env)),
  },
  {
    id: 'gatehouse-http',
    label: 'Gatehouse, Streamable HTTP',
    role: 'gatehouse',
    transport: 'streamable-http',
    mode: 'run --listen, POST /mcp',
    tool: 'echo',
    start: (env) => httpRow(env, (port) => gatehouseHttpArgs(env, port), 'streamable-http', '/mcp'),
  },
  {
    id: 'gatehouse-stdio',
    label: 'Gatehouse, stdio',
    role: 'gatehouse',
    transport: 'stdio',
    mode: 'run --stdio',
    tool: 'echo',
    start: (env) => stdioRow(env.node, gatehouseArgs(env, ['--stdio'])),
  },
  {
    id: 'supergateway-sse',
    label: 'supergateway, stdio→SSE',
    role: 'peer',
    transport: 'sse',
    mode: '--stdio … (default SSE output) --logLevel none',
    tool: 'echo',
    start: (env) => httpRow(env, (port) => supergatewayArgs(env, port, []), 'sse', '/sse'),
  },
  {
    id: 'mcp-proxy-sse',
    label: 'mcp-proxy, stdio→SSE',
    role: 'peer',
    transport: 'sse',
    mode: '--server sse, GET /sse',
    tool: 'echo',
    start: (env) => httpRow(env, (port) => mcpProxyArgs(env, port, 'sse'), 'sse', '/sse'),
  },
  {
    id: 'gatehouse-sse',
    label: 'Gatehouse, legacy SSE',
    role: 'gatehouse',
    transport: 'sse',
    mode: 'run --listen, GET /sse',
    tool: 'echo',
    start: (env) => httpRow(env, (port) => gatehouseHttpArgs(env, port), 'sse', '/sse'),
  },
  {
    id: 'supergateway-streamable',
    label: 'supergateway, stdio→Streamable HTTP',
    role: 'peer',
    transport: 'streamable-http',
    mode: '--outputTransport streamableHttp --stateful --logLevel none',
    tool: 'echo',
    start: (env) =>
      httpRow(
        env,
        (port) =>
          supergatewayArgs(env, port, ['--outputTransport', 'streamableHttp', '--stateful']),
        'streamable-http',
        '/mcp',
      ),
  },
  {
    id: 'mcp-proxy-streamable',
    label: 'mcp-proxy, stdio→Streamable HTTP',
    role: 'peer',
    transport: 'streamable-http',
    mode: '--server stream, POST /mcp',
    tool: 'echo',
    start: (env) =>
      httpRow(env, (port) => mcpProxyArgs(env, port, 'stream'), 'streamable-http', '/mcp'),
  },
];
