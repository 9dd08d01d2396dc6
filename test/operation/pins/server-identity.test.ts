/** Server identity: the command or URL, never the config key or its secrets. */
import { describe, expect, it } from 'vitest';

import { serverIdentity } from '../../../src/operation/pins/index.js';

const stdio = (extra: Record<string, unknown> = {}) =>
  ({ transport: 'stdio', command: 'node', args: ['server.js'], env: {}, ...extra }) as never;

describe('serverIdentity', () => {
  it('does not depend on env (tokens rotate) or on anything but the launch command', () => {
    expect(serverIdentity(stdio({ env: { TOKEN: 'a' } })).id).toBe(
      serverIdentity(stdio({ env: { TOKEN: 'b' } })).id,
    );
  });

  it('differs when the command, its arguments or its folder differ', () => {
    const base = serverIdentity(stdio()).id;
    expect(serverIdentity(stdio({ args: ['other.js'] })).id).not.toBe(base);
    expect(serverIdentity(stdio({ command: 'deno' })).id).not.toBe(base);
    expect(serverIdentity(stdio({ cwd: '/srv' })).id).not.toBe(base);
  });

  it('is the same for HTTP and SSE entries of one URL, and ignores headers and fragments', () => {
    const http = serverIdentity({
      transport: 'http',
      url: 'https://MCP.example.com/mcp#x',
      headers: { a: '1' },
    } as never);
    const sse = serverIdentity({
      transport: 'sse',
      url: 'https://mcp.example.com/mcp',
      headers: {},
    } as never);
    expect(http.id).toBe(sse.id);
  });
});
