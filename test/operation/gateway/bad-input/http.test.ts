/**
 * Bad input on the HTTP front, end to end: a real `gatehouse run --listen 127.0.0.1:0` in front of
 * the scripted server, raw requests for everything malformed. Each gets the spec's HTTP status and
 * JSON-RPC error, leaves a line in the gateway's log, and a well-behaved host connected before it
 * keeps listing and calling tools.
 */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GatehouseHttp } from '../../../helpers/gatehouse-process.js';
import {
  connectHttp,
  startGatehouseHttp,
  writeConfig,
} from '../../../helpers/gatehouse-process.js';
import { SCRIPTED_SERVER } from '../../../helpers/paths.js';
import { useTempDir } from '../../../helpers/temp-dir.js';
import type { Json, RawResponse } from './support.js';
import {
  firstText,
  logRecords,
  MCP_HEADERS,
  openRawSession,
  PROTOCOL_VERSION,
  rawHttp,
  rpcMessages,
  waitForLog,
} from './support.js';

const MAX_BODY = 32 * 1024;
const dir = useTempDir();

describe('bad input on gatehouse run --listen', () => {
  let gateway: GatehouseHttp;
  let bystander: Client;
  let session: string;

  beforeAll(async () => {
    const config = writeConfig(dir, {
      gateway: { maxBodyBytes: MAX_BODY },
      servers: {
        alpha: {
          transport: 'stdio',
          command: process.execPath,
          args: [SCRIPTED_SERVER, '--name', 'alpha'],
        },
      },
    });
    gateway = await startGatehouseHttp(config);
    bystander = await connectHttp(gateway.url);
    session = await openRawSession(gateway.url);
  });
  afterAll(async () => {
    await bystander?.close().catch(() => undefined);
    await gateway?.stop();
  });

  const sessionHeaders = (): Record<string, string> => ({
    ...MCP_HEADERS,
    'mcp-session-id': session,
    'mcp-protocol-version': PROTOCOL_VERSION,
  });

  /** Sends `body` on the raw session. */
  const post = (
    body: Buffer | string,
    headers: Record<string, string> = {},
  ): Promise<RawResponse> =>
    rawHttp(gateway.url, { headers: { ...sessionHeaders(), ...headers }, body });

  const mark = (): number => logRecords(gateway.stderr()).length;

  /** The bad request did not disturb a host that was already connected. */
  const bystanderStillWorks = async (): Promise<void> => {
    const { tools } = await bystander.listTools();
    expect(tools.map((t) => t.name)).toContain('alpha__echo');
    const result = await bystander.callTool({
      name: 'alpha__echo',
      arguments: { message: 'still here' },
    });
    expect(firstText(result)).toBe('alpha: still here');
  };

  const expectHttpError = (response: RawResponse, status: number, code: number): Json => {
    expect(response.status).toBe(status);
    const [body] = rpcMessages(response.text);
    expect(body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code } });
    return (body as { error: Json }).error;
  };

  const rejectedLine = (from: number, status: number, reason: RegExp): Promise<Json> =>
    waitForLog(
      gateway.stderr,
      from,
      (r) =>
        r.msg === 'rejected an HTTP request' &&
        r.status === status &&
        reason.test(String(r.reason)),
      `rejected ${status} ${reason}`,
    );

  /** Sends one JSON-RPC request on the raw session and returns the one answer to it. */
  const call = async (message: Json): Promise<Json> => {
    const response = await post(JSON.stringify({ jsonrpc: '2.0', ...message }));
    expect(response.status).toBe(200);
    const answer = rpcMessages(response.text).find((m) => m.id === message.id);
    if (!answer) throw new Error(`no answer to ${String(message.id)} in ${response.text}`);
    return answer;
  };

  const answeredLine = (from: number, id: number, code: number): Promise<Json> =>
    waitForLog(
      gateway.stderr,
      from,
      (r) => r.msg === 'answered a request with an error' && r.id === id && r.code === code,
      `answered ${id} with ${code}`,
    );

  it('answers malformed JSON with 400 and a parse error', async () => {
    const from = mark();
    const error = expectHttpError(await post('{"jsonrpc": "2.0", "id": 1, "method":'), 400, -32700);
    expect(error.message).toMatch(/^Parse error/);
    await bystanderStillWorks();
    await rejectedLine(from, 400, /^Parse error/);
  });

  it('answers invalid UTF-8 with 400 and a parse error', async () => {
    const from = mark();
    const bytes = Buffer.concat([
      Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"'),
      Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
      Buffer.from('"}}'),
    ]);
    const error = expectHttpError(await post(bytes), 400, -32700);
    expect(error.message).toMatch(/not valid UTF-8/);
    await bystanderStillWorks();
    await rejectedLine(from, 400, /not valid UTF-8/);
  });

  it('answers JSON nested 10,000 levels deep with 400 and an invalid request, and stays up', async () => {
    const from = mark();
    const deep = `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
    expect(Buffer.byteLength(deep)).toBeLessThan(MAX_BODY);
    const error = expectHttpError(await post(deep), 400, -32600);
    expect(error.message).toMatch(/nested deeper than 128 levels/);
    await bystanderStillWorks();
    await rejectedLine(from, 400, /nested deeper/);
  });

  it.each([
    ['a JSON string', '"tools/list"', /got string/],
    ['a JSON number', '42', /got number/],
    ['JSON null', 'null', /got null/],
    ['an array of junk', '[1, "two", null]', /got number/],
  ])('answers %s with 400 and an invalid request', async (_what, body, reason) => {
    const from = mark();
    const error = expectHttpError(await post(body), 400, -32600);
    expect(error.message).toMatch(reason);
    await bystanderStillWorks();
    await rejectedLine(from, 400, reason);
  });

  it('answers a body over maxBodyBytes with 413 when Content-Length says so', async () => {
    const from = mark();
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'ping',
      params: { pad: 'x'.repeat(MAX_BODY) },
    });
    const error = expectHttpError(await post(body), 413, -32000);
    expect(error.message).toBe(`Payload Too Large: the body exceeds ${MAX_BODY} bytes`);
    await bystanderStillWorks();
    await rejectedLine(from, 413, /Payload Too Large/);
  });

  it('answers a chunked body over maxBodyBytes (no Content-Length) with 413', async () => {
    const from = mark();
    const text = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'ping',
      params: { pad: 'y'.repeat(MAX_BODY) },
    });
    const bytes = Buffer.from(text);
    const quarter = Math.ceil(bytes.length / 4);
    const chunks = [0, 1, 2, 3].map((i) => bytes.subarray(i * quarter, (i + 1) * quarter));
    const response = await rawHttp(gateway.url, { headers: sessionHeaders(), chunks });
    const error = expectHttpError(response, 413, -32000);
    expect(error.message).toMatch(/Payload Too Large/);
    await bystanderStillWorks();
    await rejectedLine(from, 413, /Payload Too Large/);
  });

  it('answers a wrong Content-Type with 415', async () => {
    const from = mark();
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const error = expectHttpError(await post(body, { 'content-type': 'text/plain' }), 415, -32000);
    expect(error.message).toMatch(/Content-Type must be application\/json/);
    await bystanderStillWorks();
    await rejectedLine(from, 415, /Unsupported Media Type/);
  });

  it('answers an unknown method with -32601, echoing the id', async () => {
    const from = mark();
    const answer = await call({ id: 101, method: 'tools/frobnicate', params: {} });
    expect(answer).toMatchObject({ id: 101, error: { code: -32601, message: 'Method not found' } });
    await bystanderStillWorks();
    const line = await answeredLine(from, 101, -32601);
    expect(line.method).toBe('tools/frobnicate');
  });

  it('answers bad params (a tool name that is a number) with -32602', async () => {
    const from = mark();
    const answer = await call({ id: 102, method: 'tools/call', params: { name: 42 } });
    expect(answer).toMatchObject({ id: 102, error: { code: -32602 } });
    expect(String((answer.error as Json).message)).toMatch(/name/);
    await bystanderStillWorks();
    await answeredLine(from, 102, -32602);
  });

  it('answers an unknown tool with -32602 naming it', async () => {
    const from = mark();
    const answer = await call({
      id: 103,
      method: 'tools/call',
      params: { name: 'alpha__nope', arguments: {} },
    });
    expect(answer).toMatchObject({
      id: 103,
      error: { code: -32602, message: 'Tool alpha__nope not found' },
    });
    await bystanderStillWorks();
    await answeredLine(from, 103, -32602);
  });

  it('answers an unknown prompt with -32602 naming it', async () => {
    const from = mark();
    const answer = await call({ id: 104, method: 'prompts/get', params: { name: 'alpha__nope' } });
    expect(answer).toMatchObject({
      id: 104,
      error: { code: -32602, message: 'Prompt alpha__nope not found' },
    });
    await bystanderStillWorks();
    await answeredLine(from, 104, -32602);
  });

  // MCP moved "resource not found" from -32002 to -32602 with `data.uri` (SEP-2164); SDK v2 emits
  // -32602 on every protocol revision, and its clients read either code with `data.uri` as
  // ResourceNotFoundError.
  it.each([
    ["in no server's namespace", 'gatehouse://nobody/x', 105],
    ['that its server does not have', 'gatehouse://alpha/fixture://missing', 106],
  ])(
    'answers an unknown resource %s with resource-not-found about the URI asked for',
    async (_what, uri, id) => {
      const from = mark();
      const answer = await call({ id, method: 'resources/read', params: { uri } });
      expect(answer).toMatchObject({
        id,
        error: { code: -32602, message: `Resource not found: ${uri}`, data: { uri } },
      });
      await bystanderStillWorks();
      await answeredLine(from, id, -32602);
    },
  );

  it('answers an unknown Mcp-Session-Id with 404', async () => {
    const from = mark();
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const response = await post(body, { 'mcp-session-id': 'no-such-session' });
    expectHttpError(response, 404, -32001);
    await bystanderStillWorks();
    await rejectedLine(from, 404, /Session not found/);
  });

  it('answers a non-initialize POST without a session id with 400', async () => {
    const from = mark();
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const response = await rawHttp(gateway.url, { headers: MCP_HEADERS, body });
    const error = expectHttpError(response, 400, -32000);
    expect(error.message).toMatch(/Mcp-Session-Id header is required/);
    await bystanderStillWorks();
    await rejectedLine(from, 400, /Mcp-Session-Id header is required/);
  });

  it('answers a bad MCP-Protocol-Version header with 400', async () => {
    const from = mark();
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const response = await post(body, { 'mcp-protocol-version': '1999-01-01' });
    const error = expectHttpError(response, 400, -32000);
    expect(error.message).toMatch(/Unsupported protocol version: 1999-01-01/);
    await bystanderStillWorks();
    await rejectedLine(from, 400, /Unsupported protocol version/);
  });

  it('answers Host: evil.example.com with 403 (DNS rebinding)', async () => {
    const from = mark();
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const response = await post(body, { host: 'evil.example.com' });
    expectHttpError(response, 403, -32000);
    await bystanderStillWorks();
    await waitForLog(
      gateway.stderr,
      from,
      (r) =>
        r.msg === 'rejected a request for its Host or Origin header' &&
        r.host === 'evil.example.com',
      'refused Host',
    );
  });

  it('answers Origin: http://evil.example.com with 403', async () => {
    const from = mark();
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const response = await post(body, { origin: 'http://evil.example.com' });
    expectHttpError(response, 403, -32000);
    await bystanderStillWorks();
    await waitForLog(
      gateway.stderr,
      from,
      (r) =>
        r.msg === 'rejected a request for its Host or Origin header' &&
        r.origin === 'http://evil.example.com',
      'refused Origin',
    );
  });

  it('still serves the raw session that sent all of the above', async () => {
    const answer = await call({
      id: 200,
      method: 'tools/call',
      params: { name: 'alpha__echo', arguments: { message: 'ok' } },
    });
    expect(answer).toMatchObject({
      id: 200,
      result: { content: [{ type: 'text', text: 'alpha: ok' }] },
    });
  });
});
