/**
 * @module shared/config/translate
 * Detects a parsed file's format and brings it into the canonical gatehouse.yaml shape (still
 * unvalidated, placeholders intact), remembering where each canonical path came from.
 */
import type { ConfigIssue } from '../errors/index.js';
import { translateMcpServers, translateVsCode } from './client-formats.js';
import type { ConfigFormat } from './detect-format.js';
import { detectFormat } from './detect-format.js';
import type { TranslationSink } from './foreign-entry.js';
import { looksLikeSse } from './foreign-entry.js';
import type { InputDefinition } from './inputs.js';
import { SourcePaths } from './source-path.js';

export interface TranslatedConfig {
  readonly format: ConfigFormat;
  /** Canonical shape, not yet validated. */
  readonly tree: unknown;
  readonly paths: SourcePaths;
  /** The VS Code `inputs`; undefined for formats that have none. */
  readonly inputs?: readonly InputDefinition[];
  /** Problems that make the file unusable. */
  readonly issues: ConfigIssue[];
  readonly warnings: ConfigIssue[];
}

export function translate(value: unknown, file: string): TranslatedConfig {
  const sink: TranslationSink = { file, issues: [], warnings: [], paths: new SourcePaths() };
  const result = (
    format: ConfigFormat,
    tree: unknown,
    inputs?: readonly InputDefinition[],
  ): TranslatedConfig => ({
    format,
    tree,
    paths: sink.paths,
    issues: sink.issues,
    warnings: sink.warnings,
    ...(inputs ? { inputs } : {}),
  });
  const detected = detectFormat(value);
  if (!detected.ok) {
    sink.issues.push({ file, path: '', problem: detected.problem });
    return result('gatehouse', value);
  }
  switch (detected.format) {
    case 'gatehouse':
      return result('gatehouse', inferTransports(value));
    case 'mcpServers':
      return result('mcpServers', translateMcpServers(value, sink));
    case 'vscode': {
      const { tree, inputs } = translateVsCode(value, sink);
      return result('vscode', tree, inputs);
    }
  }
}

/**
 * In gatehouse.yaml `transport` may be left out where the entry makes it obvious: `command` means
 * stdio, `url` means Streamable HTTP (legacy SSE when the path ends in `/sse`, as in client files).
 * An entry with both, or neither, is left for validation to reject with a clear message.
 */
function inferTransports(value: unknown): unknown {
  if (!isRecord(value) || !isRecord(value.servers)) return value;
  const servers: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value.servers)) {
    if (!isRecord(entry) || 'transport' in entry) {
      servers[key] = entry;
      continue;
    }
    const hasCommand = 'command' in entry;
    const hasUrl = typeof entry.url === 'string';
    if (hasCommand && !hasUrl) servers[key] = { transport: 'stdio', ...entry };
    else if (hasUrl && !hasCommand) {
      servers[key] = { transport: looksLikeSse(entry.url as string) ? 'sse' : 'http', ...entry };
    } else servers[key] = entry;
  }
  return { ...value, servers };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
