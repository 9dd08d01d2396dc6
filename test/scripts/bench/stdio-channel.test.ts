import { describe, expect, it } from 'vitest';

import { callEcho, initialize, RpcConnection, StdioChannel } from '../../../scripts/bench/index.js';

/** A tiny stdio MCP echo server that answers every fourth request, in reverse, two per write. */
const SERVER = `
let rest = '';
let waiting = [];
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  const lines = (rest + chunk).split('\\n');
  rest = lines.pop();
  for (const line of lines) {
    if (!line.trim()) continue;
    const m = JSON.parse(line);
    if (m.id === undefined) continue;
    if (m.method === 'initialize') {
      process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: '2025-11-25' } }) + '\\n');
      continue;
    }
    if (m.params.arguments.message === 'crash') process.exit(3);
    waiting.push(m);
    if (waiting.length < 4) continue;
    const out = waiting.reverse().map((r) => JSON.stringify({ jsonrpc: '2.0', id: r.id,
      result: { content: [{ type: 'text', text: 'Echo: ' + r.params.arguments.message }] } }) + '\\n');
    waiting = [];
    process.stdout.write(out[0] + out[1]);
    process.stdout.write(out[2] + out[3]);
  }
});
`;

async function start(): Promise<RpcConnection> {
  const connection = await RpcConnection.open((sink) =>
    Promise.resolve(StdioChannel.start(process.execPath, ['-e', SERVER], sink)),
  );
  await initialize(connection);
  return connection;
}

describe('StdioChannel', () => {
  it('fails outstanding calls when the process exits, with its exit code', async () => {
    const connection = await start();
    await expect(callEcho(connection, 'echo', 'crash')).rejects.toThrow(/exited with code 3/);
    await connection.close();
  });

  it('keeps several requests in flight on one pipe and matches out-of-order answers by id', async () => {
    const connection = await start();
    await Promise.all(Array.from({ length: 16 }, (_, i) => callEcho(connection, 'echo', `m${i}`)));
    await connection.close();
    expect(connection.stats.notifications).toBe(0);
  });
});
