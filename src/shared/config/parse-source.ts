/**
 * @module shared/config/parse-source
 * Reads a configuration file's text into a plain value. Text whose first character (after any
 * line or block comments) is `{` or `[` is JSON, parsed with `jsonc-parser` (the parser VS Code
 * uses), so the comments and trailing commas that VS Code and Cursor accept in `mcp.json` are
 * fine; anything else is YAML. Every syntax error is reported with its line and column.
 */
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import { parseTree, printParseErrorCode } from 'jsonc-parser';
import { parseDocument } from 'yaml';

import type { ConfigIssue } from '../errors/index.js';

export type ParsedSource =
  | { readonly ok: true; readonly value: unknown; readonly warnings: ConfigIssue[] }
  | { readonly ok: false; readonly issues: ConfigIssue[] };

/** 1-based line and column of a character offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

function at(text: string, offset: number): string {
  const { line, column } = position(text, offset);
  return `line ${line}, column ${column}`;
}

/** `CloseBraceExpected` -> `close brace expected`. */
function jsonMessage(error: ParseError): string {
  return printParseErrorCode(error.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/**
 * Builds the value of a JSON tree. Hand-written because jsonc-parser's own `parse` assigns keys
 * with `obj[key] =`: a `"__proto__"` key would replace the object's prototype (prototype
 * poisoning); here `Object.fromEntries` makes every key an own property, as `JSON.parse` does. Duplicate keys keep
 * the last value, as `JSON.parse` does, and are reported as warnings.
 */
function toValue(node: JsonNode, text: string, file: string, warnings: ConfigIssue[]): unknown {
  if (node.type === 'array')
    return (node.children ?? []).map((c) => toValue(c, text, file, warnings));
  if (node.type !== 'object') return node.value as unknown;
  const result = new Map<string, unknown>();
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode === undefined || valueNode === undefined) continue;
    const key = String(keyNode.value);
    if (result.has(key)) {
      warnings.push({
        file,
        path: '',
        problem: `Duplicate key "${key}" at ${at(text, keyNode.offset)}: the last one is used.`,
      });
    }
    result.set(key, toValue(valueNode, text, file, warnings));
  }
  return Object.fromEntries(result);
}

function parseJson(text: string, file: string): ParsedSource {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || tree === undefined) {
    return {
      ok: false,
      issues: errors.map((error) => ({
        file,
        path: '',
        problem: `Invalid JSON at ${at(text, error.offset)}: ${jsonMessage(error)}.`,
      })),
    };
  }
  const warnings: ConfigIssue[] = [];
  return { ok: true, value: toValue(tree, text, file, warnings), warnings };
}

function parseYaml(text: string, file: string): ParsedSource {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((error) => {
        const where = error.linePos?.[0];
        const message = (error.message.split('\n')[0] ?? '')
          .replace(/ at line \d+, column \d+:?$/, '')
          .replace(/\.$/, '');
        return {
          file,
          path: '',
          problem: `Invalid YAML${where ? ` at line ${where.line}, column ${where.col}` : ''}: ${message}.`,
        };
      }),
    };
  }
  try {
    // maxAliasCount bounds alias expansion ("billion laughs").
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }), warnings: [] };
  } catch (error) {
    return { ok: false, issues: [{ file, path: '', problem: `Invalid YAML: ${String(error)}.` }] };
  }
}

/** The text after leading blanks and JSONC line and block comments. */
function withoutLeadingComments(text: string): string {
  let rest = text.trimStart();
  for (;;) {
    if (rest.startsWith('//')) rest = rest.slice(rest.indexOf('\n') + 1 || rest.length).trimStart();
    else if (rest.startsWith('/*') && rest.includes('*/'))
      rest = rest.slice(rest.indexOf('*/') + 2).trimStart();
    else return rest;
  }
}

/** Parses configuration text; `file` only names the file in issues. */
export function parseSource(text: string, file: string): ParsedSource {
  const body = text.replace(/^\uFEFF/, '');
  const first = withoutLeadingComments(body)[0];
  if (body.trim() === '') {
    return { ok: false, issues: [{ file, path: '', problem: 'The file is empty.' }] };
  }
  return first === '{' || first === '[' ? parseJson(body, file) : parseYaml(body, file);
}
