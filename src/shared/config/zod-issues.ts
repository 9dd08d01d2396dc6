/**
 * @module shared/config/zod-issues
 * Turns zod validation failures into {@link ConfigIssue}s: one issue per problem, located in the
 * source file's own terms, with a sentence a user can act on instead of zod's default wording.
 */
import type { z } from 'zod';

import type { ConfigIssue } from '../errors/index.js';
import type { SourcePaths } from './source-path.js';
import { formatPath } from './source-path.js';

/** A short name for the kind of a JSON/YAML value, for "found a number" style messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(value) ? 'a number' : `the number ${value}`;
    case 'boolean':
      return `${value}`;
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  null: 'null',
};

function expected(name: string): string {
  return EXPECTED[name] ?? name;
}

function listValues(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

function bound(
  issue: { origin: string; inclusive?: boolean },
  limit: number | bigint,
  side: 'min' | 'max',
): string {
  if (issue.origin === 'string') {
    if (side === 'min' && Number(limit) === 1) return 'Must not be empty.';
    return `Must be ${side === 'min' ? 'at least' : 'at most'} ${limit} characters long.`;
  }
  if (issue.origin === 'array') {
    return `Must have ${side === 'min' ? 'at least' : 'at most'} ${limit} items.`;
  }
  if (issue.inclusive === false)
    return `Must be ${side === 'min' ? 'greater' : 'less'} than ${limit}.`;
  return `Must be ${side === 'min' ? 'at least' : 'at most'} ${limit}.`;
}

/** Per-parse zod error map: sentences in place of zod's defaults (schema messages still win). */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `Required: expected ${expected(issue.expected)}.`;
      return `Expected ${expected(issue.expected)}, found ${describeValue(issue.input)}.`;
    case 'too_small':
      return bound(issue, issue.minimum, 'min');
    case 'too_big':
      return bound(issue, issue.maximum, 'max');
    case 'invalid_value':
      if (issue.input === undefined) return `Required: one of ${listValues(issue.values)}.`;
      return issue.values.length === 1
        ? `Must be ${listValues(issue.values)}.`
        : `Must be one of ${listValues(issue.values)}.`;
    case 'invalid_union':
      if (issue.discriminator !== undefined && Array.isArray(issue['options'])) {
        return `Must be one of ${listValues(issue['options'])}.`;
      }
      return unionMessage(issue.errors, issue.input);
    case 'invalid_format':
      return `Is not a valid ${issue.format}.`;
    default:
      return undefined;
  }
};

function unionMessage(branches: readonly (readonly z.core.$ZodIssue[])[], input: unknown): string {
  const types = branches.flatMap((branch) =>
    branch.flatMap((issue) => (issue.code === 'invalid_type' ? [expected(issue.expected)] : [])),
  );
  if (types.length === branches.length && types.length > 0) {
    return `Expected ${types.join(' or ')}, found ${describeValue(input)}.`;
  }
  return 'Does not match any accepted form.';
}

/** Converts zod issues into config issues; `paths` maps canonical paths to the file's terms. */
export function toConfigIssues(
  issues: readonly z.core.$ZodIssue[],
  file: string,
  paths?: SourcePaths,
): ConfigIssue[] {
  const where = (path: readonly PropertyKey[]): string =>
    paths ? paths.format(path) : formatPath(path);
  return issues.flatMap((issue): ConfigIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        file,
        path: where([...issue.path, key]),
        problem: 'Unknown key: not a field of this format (see docs/configuration.md).',
      }));
    }
    if (issue.code === 'invalid_key') {
      const inner = issue.issues[0]?.message ?? issue.message;
      return [{ file, path: where(issue.path), problem: `Invalid key: ${inner}` }];
    }
    return [{ file, path: where(issue.path), problem: issue.message }];
  });
}
