/**
 * @module shared/config/placeholders
 * The `${...}` placeholder grammar shared by every accepted format. Hand-written: the forms are
 * a mix of shell (`${VAR:-default}`) and VS Code (`${env:VAR}`, `${input:id}`) syntax that no
 * single library parses.
 *
 * - `${VAR}`, `${VAR:-default}` (default used when VAR is unset or empty; taken literally, it
 *   cannot contain `}`), `${env:VAR}`;
 * - `${userHome}`, `${workspaceFolder}`, `${workspaceFolderBasename}`, `${pathSeparator}`, `${/}`;
 * - `${input:id}`;
 * - `$${` is a literal `${`.
 */

export type VariableRef =
  | { readonly kind: 'env'; readonly name: string; readonly default?: string }
  | { readonly kind: 'userHome' | 'workspaceFolder' | 'workspaceFolderBasename' }
  | { readonly kind: 'pathSeparator' }
  | { readonly kind: 'input'; readonly id: string };

export type Token =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'variable'; readonly raw: string; readonly ref: VariableRef }
  | { readonly kind: 'malformed'; readonly raw: string; readonly problem: string };

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const PLAIN = new RegExp(`^(${NAME})$`);
const WITH_DEFAULT = new RegExp(`^(${NAME}):-([^]*)$`);
const ENV = new RegExp(`^env:(${NAME})$`);
const INPUT = /^input:([^\s]+)$/;
const BUILTINS = new Set(['userHome', 'workspaceFolder', 'workspaceFolderBasename']);

const SUPPORTED =
  'use ${VAR}, ${VAR:-default}, ${env:VAR}, ${userHome}, ${workspaceFolder} or ${input:id}';

function classify(inner: string): VariableRef | string {
  if (BUILTINS.has(inner)) return { kind: inner as 'userHome' };
  if (inner === 'pathSeparator' || inner === '/') return { kind: 'pathSeparator' };
  let match = PLAIN.exec(inner);
  if (match?.[1] !== undefined) return { kind: 'env', name: match[1] };
  match = WITH_DEFAULT.exec(inner);
  if (match?.[1] !== undefined) return { kind: 'env', name: match[1], default: match[2] ?? '' };
  match = ENV.exec(inner);
  if (match?.[1] !== undefined) return { kind: 'env', name: match[1] };
  match = INPUT.exec(inner);
  if (match?.[1] !== undefined) return { kind: 'input', id: match[1] };
  if (inner === '') return `"\${}" names no variable (${SUPPORTED}).`;
  return `"\${${inner}}" is not a supported variable (${SUPPORTED}).`;
}

/** Splits a string into literal text and placeholders. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let text = '';
  let index = 0;
  while (index < source.length) {
    const start = source.indexOf('${', index);
    if (start < 0) break;
    if (start > 0 && source[start - 1] === '$') {
      text += source.slice(index, start - 1) + '${';
      index = start + 2;
      continue;
    }
    text += source.slice(index, start);
    const end = source.indexOf('}', start + 2);
    if (end < 0) {
      if (text) tokens.push({ kind: 'text', text });
      tokens.push({
        kind: 'malformed',
        raw: source.slice(start),
        problem: `"\${" at character ${start + 1} is not closed by "}".`,
      });
      return tokens;
    }
    if (text) tokens.push({ kind: 'text', text });
    text = '';
    const raw = source.slice(start, end + 1);
    const ref = classify(source.slice(start + 2, end));
    tokens.push(
      typeof ref === 'string'
        ? { kind: 'malformed', raw, problem: ref }
        : { kind: 'variable', raw, ref },
    );
    index = end + 1;
  }
  text += source.slice(index);
  if (text) tokens.push({ kind: 'text', text });
  return tokens;
}

/** Whether a string holds any placeholder (or a malformed one). */
export function hasPlaceholder(source: string): boolean {
  return tokenize(source).some((token) => token.kind !== 'text');
}

/** Writes text so that {@link tokenize} reads it back literally (`${` becomes `$${`). */
export function escapeLiteral(text: string): string {
  // A replacer function: in a replacement string, "$$" would mean a single "$".
  return text.replaceAll('${', () => '$${');
}
