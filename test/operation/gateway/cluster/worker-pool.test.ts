/**
 * `gatehouse run --listen --workers 2`: two gateway processes on one port. Every request below goes
 * on a fresh connection, and Node's cluster hands new connections to the workers in turn, so
 * consecutive requests land on different workers. Session-era requests must still reach the
 * worker holding their session (passed on over its socket), 2026-07-28 requests are served by
 * either (sharing the pool's requestStateKey, also for an input_required round), the retry of a
 * call parked in one worker reaches that worker, and the audit log stays one chain that
 * `gatehouse audit verify` accepts.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GatehouseHttp } from '../../../helpers/gatehouse-process.js';
import { startGatehouseHttp, writeConfig } from '../../../helpers/gatehouse-process.js';
import { CLI } from '../../../helpers/paths.js';
import { useTempDir } from '../../../helpers/temp-dir.js';
import { modernServer, scriptedServer } from '../eras/support.js';

type Json = Record<string, unknown>;

const dir = useTempDir();
const stateDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-pool-state-'));
const config = writeConfig(dir, {
  servers: {
    // Each worker runs its own copy; the copies share their state key as a fleet would.
    modern: modernServer('modern', {
      env: { MODERN_STATE_KEY: randomBytes(24).toString('hex') },
    }),
    legacy: scriptedServer('legacy'),
  },
});

interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly messages: Json[];
}

/** One request on a connection of its own (`agent: false`); JSON or SSE answers are parsed. */
function request(
  url: string,
  method: 'POST' | 'DELETE',
  headers: Record<string, string>,
  body?: Json,
): Promise<Reply> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent: false,
        headers: {
          accept: 'application/json, text/event-stream',
          ...(text === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }),
          ...headers,
        },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (data += chunk));
        res.on('end', () => {
          const type = String(res.headers['content-type'] ?? '');
          const messages: Json[] = type.startsWith('text/event-stream')
            ? data
                .split('\n')
                .filter((line) => line.startsWith('data: ') && line.length > 6)
                .map((line) => JSON.parse(line.slice(6)) as Json)
            : data === ''
              ? []
              : [JSON.parse(data) as Json];
          resolve({ status: res.statusCode ?? 0, headers: res.headers, messages });
        });
      },
    );
    req.once('error', reject);
    req.end(text);
  });
}

const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'pool-test', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': { elicitation: { form: {} } },
};

/** A stateless 2026-07-28 `tools/call`. */
function modernCall(url: string, id: number, name: string, params: Json): Promise<Reply> {
  return request(
    url,
    'POST',
    { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': name },
    {
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name, ...params, _meta: ENVELOPE },
    },
  );
}

function resultOf(reply: Reply, id: number): Json {
  expect(reply.status).toBe(200);
  const answer = reply.messages.find((m) => m.id === id);
  expect(answer?.error).toBeUndefined();
  return answer?.result as Json;
}

function text(result: Json): string {
  return (result.content as { text?: string }[])[0]?.text ?? '';
}

describe('gatehouse run --workers 2', () => {
  let pool: GatehouseHttp;

  beforeAll(async () => {
    pool = await startGatehouseHttp(config, ['--workers', '2'], {
      ...process.env,
      GATEHOUSE_STATE_DIR: stateDir,
    });
  });
  afterAll(async () => {
    await pool?.stop();
  });

  it('refuses --workers with --stdio, and a count out of range (usage errors)', () => {
    for (const args of [
      ['--stdio', '--workers', '2'],
      ['--listen', '127.0.0.1:0', '--workers', '0'],
      ['--listen', '127.0.0.1:0', '--workers', 'many'],
    ]) {
      const run = spawnSync(process.execPath, [CLI, 'run', '-c', config, ...args], {
        encoding: 'utf8',
        env: { ...process.env, GATEHOUSE_STATE_DIR: stateDir },
      });
      expect(run.status, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/--workers/);
    }
  });

  it('serves one session-era session from both workers: requests reach the worker holding it', async () => {
    const init = await request(
      pool.url,
      'POST',
      {},
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-11-25',
          capabilities: {},
          clientInfo: { name: 'pool-test', version: '1.0.0' },
        },
      },
    );
    expect(init.status).toBe(200);
    const session = String(init.headers['mcp-session-id']);
    expect(session).toMatch(/^w[0-9]+\./);
    const headers = { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' };
    const initialized = await request(pool.url, 'POST', headers, {
      jsonrpc: '2.0',
      method: 'notifications/initialized',
    });
    expect(initialized.status).toBe(202);
    for (let id = 2; id < 8; id++) {
      const reply = await request(pool.url, 'POST', headers, {
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params: { name: 'legacy__echo', arguments: { message: `s${id}` } },
      });
      expect(text(resultOf(reply, id))).toBe(`legacy: s${id}`);
    }
    expect((await request(pool.url, 'DELETE', headers)).status).toBe(200);
    // Gone on both workers.
    for (let id = 8; id < 10; id++) {
      const after = await request(pool.url, 'POST', headers, {
        jsonrpc: '2.0',
        id,
        method: 'tools/list',
      });
      expect(after.status).toBe(404);
    }
  });

  it('serves 2026-07-28 requests on either worker, an input_required round across them too', async () => {
    for (let id = 1; id <= 4; id++) {
      const reply = await modernCall(pool.url, id, 'modern__echo', {
        arguments: { message: `m${id}` },
      });
      expect(text(resultOf(reply, id))).toBe(`modern/modern: m${id}`);
    }
    // Consecutive connections go to different workers: the retry never meets the first worker.
    for (let round = 0; round < 2; round++) {
      const asked = resultOf(
        await modernCall(pool.url, 10 + round, 'modern__sign', {
          arguments: { document: 'lease' },
        }),
        10 + round,
      );
      expect(asked.resultType).toBe('input_required');
      const done = resultOf(
        await modernCall(pool.url, 20 + round, 'modern__sign', {
          arguments: { document: 'lease' },
          inputResponses: { name: { action: 'accept', content: { name: 'Ann' } } },
          requestState: asked.requestState,
        }),
        20 + round,
      );
      expect(text(done)).toBe('lease signed by Ann');
    }
  });

  it('passes the retry of a parked call (a session-era upstream asking mid-call) to the worker holding it', async () => {
    for (let round = 0; round < 2; round++) {
      const asked = resultOf(
        await modernCall(pool.url, 30 + round, 'legacy__elicit', {
          arguments: { question: 'Who?' },
        }),
        30 + round,
      );
      expect(asked.resultType).toBe('input_required');
      expect(String(asked.requestState)).toMatch(/^w[0-9]+\./);
      const [key] = Object.keys(asked.inputRequests as Json);
      const done = resultOf(
        await modernCall(pool.url, 40 + round, 'legacy__elicit', {
          arguments: { question: 'Who?' },
          inputResponses: { [key!]: { action: 'accept', content: { answer: 'Bea' } } },
          requestState: asked.requestState,
        }),
        40 + round,
      );
      expect(JSON.parse(text(done))).toEqual({ action: 'accept', content: { answer: 'Bea' } });
    }
  });

  it('keeps one audit chain that verifies, with the calls of both workers in it', async () => {
    await pool.stop();
    const verify = spawnSync(
      process.execPath,
      [CLI, 'audit', 'verify', '--state-dir', stateDir, '--json'],
      { encoding: 'utf8' },
    );
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    const report = JSON.parse(verify.stdout) as {
      ok: boolean;
      rows: number;
      unsignedTail: number;
      checkpoints: { valid: number };
    };
    expect(report.ok).toBe(true);
    // Both workers closed their logs with a final checkpoint: nothing is left unsigned.
    expect(report.unsignedTail).toBe(0);
    expect(report.checkpoints.valid).toBeGreaterThanOrEqual(2);
    const exported = spawnSync(
      process.execPath,
      [CLI, 'audit', 'export', '--state-dir', stateDir],
      {
        encoding: 'utf8',
      },
    );
    const records = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Json);
    const calls = records.filter((r) => r.method === 'tools/call');
    // 6 session-era calls, 4 echo calls and 4 rounds of 2 requests each.
    expect(calls.length).toBeGreaterThanOrEqual(18);
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
  });
});
