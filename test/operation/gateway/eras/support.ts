/**
 * Shared by the era tests: the two fixture servers as config entries, SDK v2 hosts of either era
 * on HTTP or stdio, raw 2026-07-28 requests with full control over `inputResponses` and
 * `requestState`, and polling with a deadline (never a fixed sleep).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type {
  ClientCapabilities,
  FetchLike,
  RequestOptions,
  StandardSchemaV1,
} from '@modelcontextprotocol/client';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { expect } from 'vitest';

import { withStateDir } from '../../../helpers/gatehouse-process.js';
import { CLI, REPO_ROOT, SCRIPTED_SERVER } from '../../../helpers/paths.js';

export type Json = Record<string, unknown>;
export type Era = 'modern' | 'legacy';

export const MODERN_SERVER = path.join(REPO_ROOT, 'dist/fixtures/servers/modern-server.js');
export const RAW_SERVER = path.join(REPO_ROOT, 'dist/fixtures/servers/raw-server.js');

/** Every capability a host may declare for mid-call requests. */
export const ALL_CAPABILITIES: ClientCapabilities = {
  elicitation: { form: {} },
  sampling: {},
  roots: { listChanged: true },
};

/** The 2026-07-28 fixture (both eras on stdio; the gateway picks 2026-07-28 with `auto`). */
export function modernServer(name: string, extra: Json = {}): Json {
  return {
    transport: 'stdio',
    command: process.execPath,
    args: [MODERN_SERVER, '--name', name],
    ...extra,
  };
}

/** The session-era fixture. */
export function scriptedServer(name: string, extra: Json = {}): Json {
  return {
    transport: 'stdio',
    command: process.execPath,
    args: [SCRIPTED_SERVER, '--name', name],
    ...extra,
  };
}

/** An SDK v2 client of `era`: 2026-07-28 negotiates (`auto`), the session era is the default. */
export function newHost(era: Era, capabilities: ClientCapabilities = {}): Client {
  return new Client(
    { name: `${era}-host`, version: '1.0.0' },
    { capabilities, ...(era === 'modern' ? { versionNegotiation: { mode: 'auto' } } : {}) },
  );
}

/** A host of `era` connected to a gateway's HTTP endpoint. */
export async function httpHost(
  url: string,
  era: Era,
  capabilities: ClientCapabilities = {},
  options: { headers?: Record<string, string>; fetch?: FetchLike } = {},
): Promise<Client> {
  const client = newHost(era, capabilities);
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: options.headers ?? {} },
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
  );
  return client;
}

/** A host of `era` that spawned `gatehouse run --stdio` (one host per gateway process). */
export async function stdioHost(
  configFile: string,
  era: Era,
  capabilities: ClientCapabilities = {},
): Promise<Client> {
  const client = newHost(era, capabilities);
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'run', '-c', configFile, '--stdio', '--log-level', 'warn'],
      env: withStateDir(process.env as Record<string, string>),
      stderr: 'pipe',
    }),
  );
  return client;
}

/** Accepts any result: raw requests see `input_required` and `_meta` exactly as sent. */
export const PASSTHROUGH: StandardSchemaV1<unknown, Json> = {
  '~standard': {
    version: 1,
    vendor: 'gatehouse-test',
    validate: (value: unknown) => ({ value: value as Json }),
  },
};

/** A `tools/call` with full control over its params; `input_required` comes back as it is. */
export function rawCall(
  client: Client,
  name: string,
  args: Json = {},
  extra: Json = {},
  options: RequestOptions = {},
): Promise<Json> {
  return client.request(
    { method: 'tools/call', params: { name, arguments: args, ...extra } },
    PASSTHROUGH,
    { ...options, allowInputRequired: true },
  );
}

/** The embedded requests of an `input_required` result, by key. */
export function inputRequestsOf(result: Json): Record<string, { method: string; params: Json }> {
  expect(result.resultType).toBe('input_required');
  return result.inputRequests as Record<string, { method: string; params: Json }>;
}

/** The error a call rejected with (fails the test if it succeeded). */
export async function rejectionOf(
  call: Promise<unknown>,
): Promise<Error & { code?: unknown; data?: unknown }> {
  try {
    await call;
  } catch (error) {
    return error as Error & { code?: unknown };
  }
  throw new Error('the call succeeded');
}

/** Text of the first content block of a tool result. */
export function firstText(result: { content?: unknown }): string {
  return (result.content as { text?: string }[] | undefined)?.[0]?.text ?? '';
}

/** Polls `probe` until it returns something other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => T | undefined,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The JSON lines a fixture appended to its event log (none yet: empty). */
export function eventsIn(file: string): Json[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Json);
  } catch {
    return [];
  }
}

/** Waits for the gateway's log (pino JSON lines on stderr) to hold a record matching `match`. */
export function waitForLog(stderr: () => string, match: (record: Json) => boolean, what: string) {
  return waitFor(() => {
    for (const line of stderr().split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const record = JSON.parse(line) as Json;
        if (match(record)) return record;
      } catch {
        // a line still being written
      }
    }
    return undefined;
  }, `a log record: ${what}`);
}
