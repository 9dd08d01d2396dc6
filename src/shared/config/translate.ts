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
      return result('gatehouse', value);
    case 'mcpServers':
      return result('mcpServers', translateMcpServers(value, sink));
    case 'vscode': {
      const { tree, inputs } = translateVsCode(value, sink);
      return result('vscode', tree, inputs);
    }
  }
}
