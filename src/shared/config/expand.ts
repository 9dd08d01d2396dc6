/**
 * @module shared/config/expand
 * Walks a parsed configuration and replaces the placeholders in every string value (never in
 * keys), through a resolver that decides what each variable means. Every problem is collected,
 * with the path where it appeared; nothing is ever silently replaced by an empty string.
 */
import type { VariableRef } from './placeholders.js';
import { escapeLiteral, tokenize } from './placeholders.js';
import type { PathSegment } from './source-path.js';

export type Resolution =
  | {
      readonly ok: true;
      readonly value: string;
      /** The value is placeholder text to keep as written (only when writing a config file). */
      readonly verbatim?: boolean;
    }
  | {
      readonly ok: false;
      readonly problem: string;
      /** `true`: the variable is well formed but has no value. `false`: the text is invalid. */
      readonly unresolved: boolean;
    };

/** Gives a placeholder its value; `raw` is the placeholder as written, e.g. `${env:HOME}`. */
export type Resolver = (ref: VariableRef, path: readonly PathSegment[], raw: string) => Resolution;

export interface ExpansionProblem {
  readonly path: readonly PathSegment[];
  readonly problem: string;
  readonly unresolved: boolean;
}

export interface ExpandOptions {
  /** Produce config text to be read again: literal parts are escaped, verbatim parts kept. */
  readonly forOutput?: boolean;
}

/** Expands one string; problems are appended to `problems`. */
export function expandString(
  source: string,
  path: readonly PathSegment[],
  resolve: Resolver,
  problems: ExpansionProblem[],
  options: ExpandOptions = {},
): string {
  const literal = (text: string): string => (options.forOutput ? escapeLiteral(text) : text);
  let result = '';
  for (const token of tokenize(source)) {
    if (token.kind === 'text') {
      result += literal(token.text);
    } else if (token.kind === 'malformed') {
      problems.push({ path, problem: token.problem, unresolved: false });
      result += token.raw;
    } else {
      const resolution = resolve(token.ref, path, token.raw);
      if (!resolution.ok) {
        problems.push({ path, problem: resolution.problem, unresolved: resolution.unresolved });
        result += token.raw;
      } else result += resolution.verbatim ? resolution.value : literal(resolution.value);
    }
  }
  return result;
}

/** Expands every string value in a tree of plain JSON-like values; returns a new tree. */
export function expandTree(
  value: unknown,
  resolve: Resolver,
  problems: ExpansionProblem[],
  options: ExpandOptions = {},
  path: readonly PathSegment[] = [],
): unknown {
  if (typeof value === 'string') return expandString(value, path, resolve, problems, options);
  if (Array.isArray(value)) {
    return value.map((item: unknown, index) =>
      expandTree(item, resolve, problems, options, [...path, index]),
    );
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        expandTree(item, resolve, problems, options, [...path, key]),
      ]),
    );
  }
  return value;
}
