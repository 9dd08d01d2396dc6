/**
 * @module test/operation/sandbox/helpers/escape-gateway
 * The real `gatehouse run --stdio` for the escape suite, optionally started as an
 * unprivileged uid through `setpriv`, with an SDK client, a typed way to call an escape attempt,
 * and readers for the gateway's log (stderr) and audit log (`gatehouse audit tail --json`).
 */
import { spawnSync } from 'node:child_process';

import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

import { CLI } from '../../../helpers/paths.js';

/** What every hostile tool answers. */
export interface Attempt {
  readonly attempt: string;
  readonly escaped: boolean;
  readonly detail: string;
  readonly [key: string]: unknown;
}

/** A call that did not answer (the server was killed mid-call) becomes this. */
export interface NoAnswer {
  readonly noAnswer: string;
}

export interface GatewayOptions {
  readonly configFile: string;
  readonly stateDir: string;
  /** The gateway's complete environment. */
  readonly env: Record<string, string>;
  /** Runs the gateway (and the audit CLI) as this uid/gid instead of the test's own. */
  readonly runAs?: number;
}

export interface EscapeGateway {
  readonly pid: number;
  readonly client: Client;
  /** Calls `server__tool`; throws when the call fails. */
  attempt(server: string, tool: string, args?: Record<string, unknown>): Promise<Attempt>;
  /** Like {@link attempt}, but a call that ends without an answer is returned, not thrown. */
  attemptOrNoAnswer(
    server: string,
    tool: string,
    args?: Record<string, unknown>,
  ): Promise<Attempt | NoAnswer>;
  /** Gateway log lines (JSON) so far. */
  logRecords(): Record<string, unknown>[];
  /** `sandbox/limit` audit records so far. */
  limitRecords(): Record<string, unknown>[];
  alive(): boolean;
  stop(): Promise<void>;
}

const SETPRIV = '/usr/bin/setpriv';

function withUid(runAs: number | undefined, command: string, args: string[]): [string, string[]] {
  if (runAs === undefined) return [command, args];
  return [SETPRIV, [`--reuid=${runAs}`, `--regid=${runAs}`, '--clear-groups', command, ...args]];
}

/**
 * Starts `gatehouse run --stdio` and connects a client over its stdin/stdout (stdio, not HTTP: an
 * idle HTTP keep-alive connection can be closed by the gateway just as the client reuses it).
 */
export async function startEscapeGateway(options: GatewayOptions): Promise<EscapeGateway> {
  const [command, args] = withUid(options.runAs, process.execPath, [
    CLI,
    'run',
    '-c',
    options.configFile,
    '--stdio',
    '--log-level',
    'info',
  ]);
  const transport = new StdioClientTransport({ command, args, env: options.env, stderr: 'pipe' });
  let stderr = '';
  const stream = transport.stderr as NodeJS.ReadableStream | null;
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => (stderr += chunk));
  const client = new Client({ name: 'escape-suite', version: '1.0.0' }, { capabilities: {} });
  let closed = false;
  client.onclose = () => (closed = true);
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`gatehouse did not start:\n${stderr}`, { cause: error });
  }
  const pid = transport.pid ?? 0;

  const call = async (server: string, tool: string, args: Record<string, unknown>) => {
    const result = await client.callTool(
      { name: `${server}__${tool}`, arguments: args },
      { timeout: 45_000 },
    );
    const content = result.content as { type: string; text?: string }[] | undefined;
    const text = content?.[0]?.text;
    if (result.isError || text === undefined) {
      throw new Error(`${server}__${tool} failed: ${JSON.stringify(result.content)}`);
    }
    return JSON.parse(text) as Attempt;
  };

  return {
    pid,
    client,
    attempt: (server, tool, args = {}) => call(server, tool, args),
    async attemptOrNoAnswer(server, tool, args = {}) {
      try {
        return await call(server, tool, args);
      } catch (error) {
        return { noAnswer: error instanceof Error ? error.message : String(error) };
      }
    },
    logRecords: () =>
      stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    limitRecords: () => auditLimitRecords(options.stateDir, options.runAs),
    alive: () => !closed,
    async stop() {
      // Closing stdin ends the gateway; the SDK sends SIGTERM and SIGKILL after grace periods.
      await client.close().catch(() => undefined);
    },
  };
}

/** The `sandbox/limit` records of the audit log, read with the real CLI as the gateway's uid. */
export function auditLimitRecords(stateDir: string, runAs?: number): Record<string, unknown>[] {
  const [command, args] = withUid(runAs, process.execPath, [
    CLI,
    'audit',
    'tail',
    '--json',
    '-n',
    '1000',
    '--state-dir',
    stateDir,
  ]);
  const out = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (out.status !== 0) throw new Error(`audit tail failed: ${out.stderr}`);
  return out.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((record) => record.method === 'sandbox/limit');
}

/** Polls `probe` until it gives a value; a bounded wait for something the gateway reports. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
