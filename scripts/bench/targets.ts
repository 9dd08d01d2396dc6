/**
 * @module scripts/bench/targets
 * The rows of the benchmark: how to start each target in front of the same upstream
 * (server-everything over stdio) and which lean client talks to it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';

import { fetchText } from './http-request.js';
import { LegacySseChannel } from './legacy-sse-channel.js';
import { discover, ECHO_DIR } from './mcp-session.js';
import type { StartedProcess } from './processes.js';
import { freePort, startProcess, stopProcess, waitForPort } from './processes.js';
import { RpcConnection } from './rpc-connection.js';
import { startSandboxedFloor } from './sandboxed-floor.js';
import { StdioChannel } from './stdio-channel.js';
import { MODERN_PROTOCOL_VERSION, StreamableHttpChannel } from './streamable-http-channel.js';

export type Role = 'floor' | 'gatehouse' | 'peer';
export type Transport = 'stdio' | 'streamable-http' | 'sse';

/** Paths and helpers shared by all rows. */
export interface BenchEnv {
  readonly node: string;
  /** server-everything's entry script; run as `node <script> stdio`. */
  readonly everything: string;
  readonly gatehouseCli: string;
  /** The null relay fixture (scripts/bench/null-relay.ts, built). */
  readonly nullRelay: string;
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
  /** The RSS to report when it is not simply the front process's (the sandboxed floor). */
  readonly rss?: () => number | null;
  /**
   * Descendants of the front whose command line contains this are counted in its CPU time (the
   * gateway's worker processes); others (upstream servers) are not.
   */
  readonly cpuMarker?: string;
  /** Gatehouse HTTP rows: reads the gateway's Prometheus `/metrics` text. */
  readonly metrics?: () => Promise<string>;
  /** Opens the conversation and returns the protocol version (default: `initialize`). */
  readonly handshake?: (connection: RpcConnection) => Promise<string>;
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
  /** The tool of call number `i`, when calls rotate over several (default: `tool`). */
  readonly toolFor?: (i: number) => string;
  start(env: BenchEnv): Promise<RunningRow>;
}

function upstreamArgs(env: Pick<BenchEnv, 'everything'>): string[] {
  return [env.everything, 'stdio'];
}

/** POSIX shell quoting, for the one peer that takes the upstream as a single command string. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * How a Gatehouse row is set up. `secured`: every security stage on (definition pins, the
 * definition scanner as `gatehouse run` wires it, a default-deny policy whose allow rule for echo
 * checks a path argument and a rate limit, the audit log). `bare`: pins, policy and audit off, to
 * measure what they cost together.
 */
export type GatehouseSetup = 'secured' | 'bare';

/**
 * The policy of the secured rows: a deny rule and a constrained, rate-limited allow for echo, for
 * the server `server` (a glob over server keys).
 */
function benchPolicy(server: string): string[] {
  return [
    'policy:',
    '  default: deny',
    '  rules:',
    '    - id: no-env',
    '      effect: deny',
    "      identities: '*'",
    `      server: ${JSON.stringify(server)}`,
    '      kind: tool',
    '      item: get-env',
    '    - id: bench-echo',
    '      effect: allow',
    '      identities: local',
    `      server: ${JSON.stringify(server)}`,
    '      kind: tool',
    '      item: echo',
    `      paths: { arg: message, under: [${JSON.stringify(ECHO_DIR)}] }`,
    '      rateLimit: { calls: 100000, perSeconds: 1 }',
  ];
}

/** The key of upstream `k` (1-based) of a row with several; its tools are `<key>__<tool>`. */
export function upstreamKey(k: number): string {
  return `e${k}`;
}

/**
 * The gatehouse.yaml of a Gatehouse row: one stdio upstream, unprefixed tool names. The upstream
 * runs in the bubblewrap sandbox with the default policy (nothing to configure) unless `sandbox`
 * is false, which writes `sandbox: false`.
 */
export function gatehouseConfig(
  env: Pick<BenchEnv, 'node' | 'everything'>,
  setup: GatehouseSetup = 'secured',
  options: { sandbox?: boolean; upstreams?: number; durability?: 'crash' | 'power' } = {},
): string {
  const args = upstreamArgs(env).map((a) => JSON.stringify(a));
  const secured = setup === 'secured';
  const count = options.upstreams ?? 1;
  // One upstream is served unprefixed (as `echo`); several get their key as prefix (`e1__echo`).
  const keys =
    count === 1 ? ['everything'] : Array.from({ length: count }, (_, i) => upstreamKey(i + 1));
  const servers = keys.flatMap((key) => [
    `  ${key}:`,
    '    transport: stdio',
    `    command: ${JSON.stringify(env.node)}`,
    `    args: [${args.join(', ')}]`,
    ...(count === 1 ? ['    prefix: ""'] : []),
    `    pins: ${secured}`,
    ...(options.sandbox === false ? ['    sandbox: false'] : []),
  ]);
  return [
    'servers:',
    ...servers,
    'gateway:',
    '  audit:',
    `    enabled: ${secured}`,
    ...(options.durability === undefined ? [] : [`    durability: ${options.durability}`]),
    ...(secured ? benchPolicy(count === 1 ? 'everything' : '*') : []),
    '',
  ].join('\n');
}

/** A Gatehouse row's own config file and fresh state directory, inside the bench work dir. */
interface GatehouseFiles {
  readonly config: string;
  /** The gateway's environment: GATEHOUSE_STATE_DIR points at the row's own state directory. */
  readonly env: NodeJS.ProcessEnv;
}

function gatehouseFiles(
  env: BenchEnv,
  rowId: string,
  setup: GatehouseSetup,
  sandbox: boolean,
  upstreams = 1,
  durability?: 'crash' | 'power',
): GatehouseFiles {
  const config = path.join(env.workDir, `gatehouse-${rowId}.yaml`);
  writeFileSync(
    config,
    gatehouseConfig(env, setup, {
      sandbox,
      upstreams,
      ...(durability === undefined ? {} : { durability }),
    }),
  );
  const stateDir = mkdtempSync(path.join(env.workDir, `state-${rowId}-`));
  return { config, env: { ...process.env, GATEHOUSE_STATE_DIR: stateDir } };
}

async function stdioRow(
  command: string,
  args: readonly string[],
  env?: NodeJS.ProcessEnv,
  cpuMarker?: string,
): Promise<RunningRow> {
  let channel: StdioChannel | undefined;
  const connection = await RpcConnection.open((sink) => {
    channel = StdioChannel.start(command, args, sink, env === undefined ? {} : { env });
    return Promise.resolve(channel);
  });
  const pid = channel?.pid ?? 0;
  return {
    connection,
    frontPid: pid,
    ...(cpuMarker === undefined ? {} : { cpuMarker }),
    stop: () => connection.close(),
  };
}

/**
 * Starts an HTTP service, waits for its port, and connects the client `transport` needs. With
 * `metrics`, the row can scrape the service's `/metrics`.
 */
async function httpRow(
  env: BenchEnv,
  args: (port: number) => readonly string[],
  transport: 'streamable-http' | 'sse',
  urlPath: string,
  options: {
    env?: NodeJS.ProcessEnv;
    metrics?: boolean;
    /** Speak stateless 2026-07-28 instead of a session-era session. */
    modern?: boolean;
    cpuMarker?: string;
  } = {},
): Promise<RunningRow> {
  const port = await freePort();
  const service: StartedProcess = startProcess(env.node, args(port), {
    stdin: 'ignore',
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  try {
    await waitForPort(port, service);
    const url = new URL(`http://127.0.0.1:${port}${urlPath}`);
    const connection = await RpcConnection.open(async (sink) =>
      transport === 'sse'
        ? LegacySseChannel.connect(url, env.agent, sink)
        : new StreamableHttpChannel(
            url,
            env.agent,
            sink,
            options.modern === true ? 'modern' : 'session',
          ),
    );
    void service.exited.then((why) =>
      connection.failAll(new Error(`the service ${why}\n${service.stderr.toString()}`)),
    );
    const metricsUrl = new URL(`http://127.0.0.1:${port}/metrics`);
    return {
      connection,
      frontPid: service.pid,
      ...(options.cpuMarker === undefined ? {} : { cpuMarker: options.cpuMarker }),
      ...(options.modern === true
        ? { handshake: (c: RpcConnection) => discover(c, MODERN_PROTOCOL_VERSION) }
        : {}),
      ...(options.metrics === true ? { metrics: () => fetchText(env.agent, metricsUrl) } : {}),
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

function gatehouseArgs(env: BenchEnv, files: GatehouseFiles, front: readonly string[]): string[] {
  return [...env.gatehouseNodeArgs, env.gatehouseCli, 'run', '-c', files.config, ...front];
}

/** A Gatehouse row over stdio; `durability` sets `gateway.audit.durability` (default: crash). */
function gatehouseStdioRow(
  env: BenchEnv,
  rowId: string,
  setup: GatehouseSetup,
  sandbox = true,
  durability?: 'crash' | 'power',
): Promise<RunningRow> {
  const files = gatehouseFiles(env, rowId, setup, sandbox, 1, durability);
  return stdioRow(env.node, gatehouseArgs(env, files, ['--stdio']), files.env, env.gatehouseCli);
}

/** How a Gatehouse HTTP row differs from the plain one. */
interface HttpRowVariant {
  readonly sandbox?: boolean;
  /** Gateway processes serving the port (`--workers`); default 1. */
  readonly workers?: number;
  /** The client speaks stateless 2026-07-28. */
  readonly modern?: boolean;
  /** Upstream servers (each server-everything); default 1. */
  readonly upstreams?: number;
}

/**
 * A Gatehouse row on its HTTP front (`/mcp` or `/sse`); its `/metrics` are scraped (one process
 * only: with several workers a scrape reaches one of them).
 */
function gatehouseHttpRow(
  env: BenchEnv,
  rowId: string,
  setup: GatehouseSetup,
  transport: 'streamable-http' | 'sse',
  variant: HttpRowVariant = {},
): Promise<RunningRow> {
  const workers = variant.workers ?? 1;
  const files = gatehouseFiles(env, rowId, setup, variant.sandbox ?? true, variant.upstreams);
  return httpRow(
    env,
    (port) =>
      gatehouseArgs(env, files, [
        '--listen',
        `127.0.0.1:${port}`,
        ...(workers > 1 ? ['--workers', String(workers)] : []),
      ]),
    transport,
    transport === 'sse' ? '/sse' : '/mcp',
    {
      env: files.env,
      metrics: workers === 1,
      cpuMarker: env.gatehouseCli,
      ...(variant.modern === true ? { modern: true } : {}),
    },
  );
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

/** How the secured Gatehouse rows run, for the mode column (the upstream sandboxed). */
const SECURED_MODE = 'pins, policy, audit, sandbox';

/** The Gatehouse Streamable HTTP row with the security stages off (the ablation). */
export const BARE_ROW_ID = 'gatehouse-http-bare';

/** The Gatehouse row with ten upstream servers (its RSS is held against the target). */
export const TEN_UPSTREAMS_ROW_ID = 'gatehouse-http-10';

/** Upstream servers of that row. */
export const TEN_UPSTREAMS = 10;

/** The floor row with its server in the stdio sandbox. */
export const SANDBOXED_FLOOR_ROW_ID = 'direct-stdio-sandboxed';

/** The floor of any stdio gateway: a second process copying bytes both ways, parsing nothing. */
export const NULL_RELAY_ROW_ID = 'null-relay-stdio';

/**
 * The sandbox's per-call ablation: each row whose server runs sandboxed, and the same row with the
 * server unsandboxed (the plain floor; `sandbox: false` for Gatehouse).
 */
export const SANDBOX_ABLATIONS: readonly { readonly on: string; readonly off: string }[] = [
  { on: SANDBOXED_FLOOR_ROW_ID, off: 'direct-stdio' },
  { on: 'gatehouse-stdio', off: 'gatehouse-stdio-unsandboxed' },
  { on: 'gatehouse-http', off: 'gatehouse-http-unsandboxed' },
];

/**
 * The five required rows, in order, then the extra rows: the null relay (the floor of any stdio
 * gateway: the second process and its two pipe hops, no work), the sandbox's ablation (the floor with its
 * server sandboxed, the secured stdio and HTTP rows with `sandbox: false`; as close to the rows
 * they pair with as the order allows), the ablation of the Gatehouse HTTP row (security stages
 * off), and the other mode of each target.
 */
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
    mode: `run --listen, POST /mcp; ${SECURED_MODE}`,
    tool: 'echo',
    start: (env) => gatehouseHttpRow(env, 'gatehouse-http', 'secured', 'streamable-http'),
  },
  {
    id: 'gatehouse-stdio',
    label: 'Gatehouse, stdio',
    role: 'gatehouse',
    transport: 'stdio',
    mode: `run --stdio; ${SECURED_MODE}`,
    tool: 'echo',
    start: (env) => gatehouseStdioRow(env, 'gatehouse-stdio', 'secured'),
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
    id: SANDBOXED_FLOOR_ROW_ID,
    label: 'server-everything, direct stdio, sandboxed',
    role: 'floor',
    transport: 'stdio',
    mode: 'SandboxLauncher.prepare(), default policy; node index.js stdio',
    tool: 'echo',
    start: (env) => startSandboxedFloor(env, SANDBOXED_FLOOR_ROW_ID),
  },
  {
    id: NULL_RELAY_ROW_ID,
    label: 'null relay, stdio (floor of any stdio gateway)',
    role: 'floor',
    transport: 'stdio',
    mode: 'scripts/bench/null-relay.ts: stdin→server→stdout piped unparsed; server unsandboxed',
    tool: 'echo',
    start: (env) => stdioRow(env.node, [env.nullRelay, env.node, ...upstreamArgs(env)]),
  },
  {
    id: 'gatehouse-stdio-unsandboxed',
    label: 'Gatehouse, stdio, upstream unsandboxed',
    role: 'gatehouse',
    transport: 'stdio',
    mode: 'run --stdio; pins, policy, audit; sandbox: false',
    tool: 'echo',
    start: (env) => gatehouseStdioRow(env, 'gatehouse-stdio-unsandboxed', 'secured', false),
  },
  {
    id: 'gatehouse-stdio-power',
    label: 'Gatehouse, stdio, audit durability power',
    role: 'gatehouse',
    transport: 'stdio',
    mode: `run --stdio; ${SECURED_MODE}; audit durability: power (reply waits for the WAL fdatasync)`,
    tool: 'echo',
    start: (env) => gatehouseStdioRow(env, 'gatehouse-stdio-power', 'secured', true, 'power'),
  },
  {
    id: 'gatehouse-http-unsandboxed',
    label: 'Gatehouse, Streamable HTTP, upstream unsandboxed',
    role: 'gatehouse',
    transport: 'streamable-http',
    mode: 'run --listen, POST /mcp; pins, policy, audit; sandbox: false',
    tool: 'echo',
    start: (env) =>
      gatehouseHttpRow(env, 'gatehouse-http-unsandboxed', 'secured', 'streamable-http', {
        sandbox: false,
      }),
  },
  {
    id: BARE_ROW_ID,
    label: 'Gatehouse, Streamable HTTP, security stages off',
    role: 'gatehouse',
    transport: 'streamable-http',
    mode: 'run --listen, POST /mcp; pins: false, no policy, audit off; sandbox',
    tool: 'echo',
    start: (env) => gatehouseHttpRow(env, BARE_ROW_ID, 'bare', 'streamable-http'),
  },
  {
    id: 'gatehouse-sse',
    label: 'Gatehouse, legacy SSE',
    role: 'gatehouse',
    transport: 'sse',
    mode: `run --listen, GET /sse; ${SECURED_MODE}`,
    tool: 'echo',
    start: (env) => gatehouseHttpRow(env, 'gatehouse-sse', 'secured', 'sse'),
  },
  {
    id: 'gatehouse-http-modern',
    label: 'Gatehouse, Streamable HTTP 2026-07-28',
    role: 'gatehouse',
    transport: 'streamable-http',
    mode: `run --listen, stateless POST /mcp; ${SECURED_MODE}`,
    tool: 'echo',
    start: (env) =>
      gatehouseHttpRow(env, 'gatehouse-http-modern', 'secured', 'streamable-http', {
        modern: true,
      }),
  },
  {
    id: 'gatehouse-http-modern-2w',
    label: 'Gatehouse, Streamable HTTP 2026-07-28, 2 workers',
    role: 'gatehouse',
    transport: 'streamable-http',
    mode: `run --listen --workers 2, stateless POST /mcp; ${SECURED_MODE}`,
    tool: 'echo',
    start: (env) =>
      gatehouseHttpRow(env, 'gatehouse-http-modern-2w', 'secured', 'streamable-http', {
        modern: true,
        workers: 2,
      }),
  },
  {
    id: 'gatehouse-http-2w',
    label: 'Gatehouse, Streamable HTTP, 2 workers',
    role: 'gatehouse',
    transport: 'streamable-http',
    mode: `run --listen --workers 2, POST /mcp (one session: passed to its worker); ${SECURED_MODE}`,
    tool: 'echo',
    start: (env) =>
      gatehouseHttpRow(env, 'gatehouse-http-2w', 'secured', 'streamable-http', { workers: 2 }),
  },
  {
    id: TEN_UPSTREAMS_ROW_ID,
    label: 'Gatehouse, Streamable HTTP, 10 upstreams',
    role: 'gatehouse',
    transport: 'streamable-http',
    mode: `run --listen, POST /mcp, echo of each server in turn; ${SECURED_MODE}`,
    tool: `${upstreamKey(1)}__echo`,
    toolFor: (i) => `${upstreamKey((i % TEN_UPSTREAMS) + 1)}__echo`,
    start: (env) =>
      gatehouseHttpRow(env, TEN_UPSTREAMS_ROW_ID, 'secured', 'streamable-http', {
        upstreams: TEN_UPSTREAMS,
      }),
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
