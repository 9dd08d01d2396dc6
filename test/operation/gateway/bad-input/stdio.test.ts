/**
 * Bad input on the stdio front, end to end: `gatehouse run --stdio` spawned with raw pipes, the
 * way a host spawns it, and fed malformed lines. Each gets exactly one JSON-RPC error (the id
 * echoed when it could be read, null otherwise) and the same pipe keeps working afterwards.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withStateDir, writeConfig } from '../../../helpers/gatehouse-process.js';
import { CLI, SCRIPTED_SERVER } from '../../../helpers/paths.js';
import { useTempDir } from '../../../helpers/temp-dir.js';
import type { Json } from './support.js';
import { logRecords, PROTOCOL_VERSION, waitForLog } from './support.js';

const MAX_LINE = 32 * 1024;
const dir = useTempDir();

/** A host's end of the pipes: write lines, read answers in order. */
class RawStdioHost {
  readonly child: ChildProcessWithoutNullStreams;
  stderr = '';
  private pending = '';
  private readonly answers: Json[] = [];
  private wake: (() => void) | undefined;

  constructor(configFile: string) {
    this.child = spawn(process.execPath, [CLI, 'run', '-c', configFile, '--stdio'], {
      stdio: 'pipe',
      env: withStateDir({ ...process.env }),
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.pending += chunk;
      let newline: number;
      while ((newline = this.pending.indexOf('\n')) !== -1) {
        const line = this.pending.slice(0, newline);
        this.pending = this.pending.slice(newline + 1);
        const message = JSON.parse(line) as Json;
        // Only answers matter here; notifications (e.g. list_changed) are not answers.
        if ('id' in message && !('method' in message)) this.answers.push(message);
        this.wake?.();
      }
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => (this.stderr += chunk));
  }

  write(line: string | Buffer): void {
    this.child.stdin.write(
      Buffer.concat([Buffer.isBuffer(line) ? line : Buffer.from(line), Buffer.from('\n')]),
    );
  }

  /** The next answer on stdout. */
  async answer(): Promise<Json> {
    const deadline = Date.now() + 15_000;
    while (this.answers.length === 0) {
      if (this.child.exitCode !== null) throw new Error(`gatehouse exited:\n${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`no answer on stdout:\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 100);
      });
    }
    return this.answers.shift() as Json;
  }

  async request(message: Json): Promise<Json> {
    this.write(JSON.stringify({ jsonrpc: '2.0', ...message }));
    return this.answer();
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end();
    await exited;
  }
}

describe('bad input on gatehouse run --stdio', () => {
  let host: RawStdioHost;
  let nextPing = 1_000;

  beforeAll(async () => {
    const config = writeConfig(dir, {
      gateway: { maxBodyBytes: MAX_LINE },
      servers: {
        alpha: {
          transport: 'stdio',
          command: process.execPath,
          args: [SCRIPTED_SERVER, '--name', 'alpha'],
        },
      },
    });
    host = new RawStdioHost(config);
    const init = await host.request({
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: 'raw', version: '1' },
      },
    });
    expect(init).toMatchObject({ id: 0, result: { serverInfo: { name: 'gatehouse' } } });
    host.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
  });
  afterAll(async () => {
    await host?.stop();
  });

  /** A valid request right after the bad line gets its own answer: nothing extra came before. */
  const pipeStillWorks = async (): Promise<void> => {
    const id = nextPing++;
    expect(await host.request({ id, method: 'ping' })).toEqual({ jsonrpc: '2.0', id, result: {} });
  };

  const cases: [string, string | Buffer, number, string | number | null, RegExp][] = [
    ['malformed JSON', '{"jsonrpc":"2.0","id":1,"method":', -32700, null, /^Parse error/],
    [
      'invalid UTF-8',
      Buffer.concat([
        Buffer.from('{"jsonrpc":"2.0","id":2,"method":"ping","x":"'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}'),
      ]),
      -32700,
      null,
      /not valid UTF-8/,
    ],
    ['a bare number', '42', -32600, null, /must be an object, got number/],
    ['an empty array', '[]', -32600, null, /batches are not supported/],
    [
      'an array of requests',
      '[{"jsonrpc":"2.0","id":3,"method":"ping"}]',
      -32600,
      null,
      /batches are not supported/,
    ],
    [
      'a line over the limit',
      JSON.stringify({
        jsonrpc: '2.0',
        id: 4,
        method: 'ping',
        params: { pad: 'x'.repeat(MAX_LINE) },
      }),
      -32600,
      null,
      new RegExp(`exceeds the limit of ${MAX_LINE} bytes`),
    ],
    [
      'JSON nested 10,000 deep',
      `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
      -32600,
      null,
      /nested deeper than 128/,
    ],
    [
      'a wrong jsonrpc version',
      '{"jsonrpc":"1.0","id":7,"method":"ping"}',
      -32600,
      7,
      /"jsonrpc" must be "2.0"/,
    ],
    [
      'params that are an array',
      '{"jsonrpc":"2.0","id":"p","method":"ping","params":[1]}',
      -32600,
      'p',
      /"params" must be an object/,
    ],
    [
      'a tool name that is a number',
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":42}}',
      -32602,
      1,
      /name/,
    ],
    [
      'an unknown method',
      '{"jsonrpc":"2.0","id":"abc","method":"nope/nothing"}',
      -32601,
      'abc',
      /Method not found/,
    ],
    [
      'an unknown tool',
      '{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"alpha__nope"}}',
      -32602,
      9,
      /Tool alpha__nope not found/,
    ],
  ];

  it.each(cases)(
    'answers %s with exactly one error, then serves the next request',
    async (_what, line, code, id, message) => {
      host.write(line);
      const answer = await host.answer();
      expect(answer).toEqual({ jsonrpc: '2.0', id, error: expect.objectContaining({ code }) });
      expect(String((answer.error as Json).message)).toMatch(message);
      await pipeStillWorks();
    },
  );

  it('logs each rejection on stderr, never on stdout', async () => {
    const from = logRecords(host.stderr).length;
    host.write('not json at all');
    expect(await host.answer()).toMatchObject({ id: null, error: { code: -32700 } });
    await waitForLog(
      () => host.stderr,
      from,
      (r) => r.msg === 'rejected a malformed message on stdio' && r.code === -32700,
      'stdio rejection',
    );
    expect(await host.request({ id: 'm', method: 'nope/nothing' })).toMatchObject({
      error: { code: -32601 },
    });
    await waitForLog(
      () => host.stderr,
      from,
      (r) =>
        r.msg === 'answered a request with an error' && r.id === 'm' && r.method === 'nope/nothing',
      'answered with an error',
    );
  });

  it('still relays a tool call on the same pipe after all of the above', async () => {
    const answer = await host.request({
      id: 'last',
      method: 'tools/call',
      params: { name: 'alpha__echo', arguments: { message: 'fine' } },
    });
    expect(answer).toMatchObject({
      id: 'last',
      result: { content: [{ type: 'text', text: 'alpha: fine' }] },
    });
  });
});
