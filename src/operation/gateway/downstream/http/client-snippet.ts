/**
 * @module operation/gateway/downstream/http/client-snippet
 * What `gatehouse run --listen` prints at start: the endpoint and a ready-to-paste client entry in
 * the common `mcpServers` shape (Claude Code, Cursor, VS Code via `.mcp.json`, the Inspector).
 */

/** Lines for stderr announcing the endpoint and how to point a host at it. */
export function clientSnippet(url: string, options: { keyed: boolean; sseUrl: string }): string {
  const entry: Record<string, unknown> = { type: 'http', url };
  if (options.keyed) entry.headers = { Authorization: 'Bearer ${GATEHOUSE_KEY}' };
  const config = JSON.stringify({ mcpServers: { gatehouse: entry } }, null, 2);
  return [
    `Gatehouse listening on ${url}`,
    `  legacy HTTP+SSE clients: ${options.sseUrl}`,
    '  add it to a client config (Claude Code .mcp.json, Cursor mcp.json, the Inspector):',
    ...config.split('\n').map((line) => `    ${line}`),
    '',
  ].join('\n');
}
