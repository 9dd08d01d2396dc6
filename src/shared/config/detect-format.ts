/**
 * @module shared/config/detect-format
 * Tells the three accepted formats apart by content, never by file name:
 * - `mcpServers` at the top: Claude Desktop, Cursor, Claude Code `.mcp.json`, Cline, Windsurf,
 *   the MCP Inspector;
 * - `servers` with `inputs`, or with entries that have a `type` field: VS Code `mcp.json`
 *   (unless `version` or `gateway` is present, which only gatehouse.yaml has);
 * - `servers` otherwise: gatehouse.yaml.
 */

export type ConfigFormat = 'gatehouse' | 'mcpServers' | 'vscode';

export type DetectedFormat =
  | { readonly ok: true; readonly format: ConfigFormat }
  | { readonly ok: false; readonly problem: string };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NOT_RECOGNISED =
  'Not a recognised configuration: expected a top-level "servers" map (gatehouse.yaml, VS Code mcp.json) or "mcpServers" map (Claude Desktop, Cursor, Claude Code and others).';

/** Works out which format a parsed file is in. */
export function detectFormat(value: unknown): DetectedFormat {
  if (!isRecord(value)) return { ok: false, problem: NOT_RECOGNISED };
  if (Object.hasOwn(value, 'mcpServers')) return { ok: true, format: 'mcpServers' };
  if (!Object.hasOwn(value, 'servers')) return { ok: false, problem: NOT_RECOGNISED };
  if (Object.hasOwn(value, 'version') || Object.hasOwn(value, 'gateway')) {
    return { ok: true, format: 'gatehouse' };
  }
  if (Object.hasOwn(value, 'inputs')) return { ok: true, format: 'vscode' };
  const servers = value['servers'];
  const typed =
    isRecord(servers) &&
    Object.values(servers).some((entry) => isRecord(entry) && Object.hasOwn(entry, 'type'));
  return { ok: true, format: typed ? 'vscode' : 'gatehouse' };
}

/** How a format is named in messages and in the header of imported files. */
export const FORMAT_TITLES: Record<ConfigFormat, string> = {
  gatehouse: 'gatehouse.yaml',
  mcpServers: 'mcpServers JSON: Claude Desktop, Cursor, Claude Code and others',
  vscode: 'VS Code mcp.json',
};
