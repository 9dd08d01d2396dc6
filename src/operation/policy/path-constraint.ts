/**
 * @module operation/policy/path-constraint
 * `paths: { arg, under: [prefixes] }`: the argument (a path, or a list of paths) must lie under
 * one of the prefixes after lexical normalisation. Fails closed: a missing argument (unless
 * `optional`), a value that is not a string, and every path form `lexical-path` refuses, fail.
 */
import type { PolicyPathConstraintConfig } from '../../shared/config/schema.js';
import { parseArgumentPath, selectArgument } from './argument-path.js';
import type { CompiledConstraint, ConstraintCheck } from './constraint.js';
import { displayValue } from './display.js';
import { isFileUri, pathFromFileUri } from './file-uri.js';
import type { LexicalPath, PathStyle } from './lexical-path.js';
import { isUnder, normalizeLexicalPath } from './lexical-path.js';

export interface PathConstraint {
  readonly type: 'path';
  readonly arg: string;
  readonly segments: readonly string[];
  readonly under: readonly LexicalPath[];
  readonly style: PathStyle;
  readonly fileUris: boolean;
  readonly optional: boolean;
}

/** Validates and normalises a `paths` entry of the config. */
export function compilePathConstraint(
  config: PolicyPathConstraintConfig,
): CompiledConstraint<PathConstraint> {
  const argument = parseArgumentPath(config.arg);
  if (!argument.ok) return { ok: false, path: ['arg'], problem: argument.problem };
  const under: LexicalPath[] = [];
  for (const [index, prefix] of config.under.entries()) {
    const normalised = normalizeLexicalPath(prefix, config.style);
    if (!normalised.ok) {
      const hint = prefix.startsWith('~') ? ' (write ${userHome}/…)' : '';
      return { ok: false, path: ['under', index], problem: `${normalised.problem}${hint}` };
    }
    under.push(normalised.path);
  }
  return {
    ok: true,
    constraint: {
      type: 'path',
      arg: config.arg,
      segments: argument.segments,
      under,
      style: config.style,
      fileUris: config.fileUris,
      optional: config.optional,
    },
  };
}

/** Checks the constraint against a call's arguments. */
export function checkPathConstraint(
  constraint: PathConstraint,
  args: Readonly<Record<string, unknown>> | undefined,
): ConstraintCheck {
  const selected = selectArgument(args ?? {}, constraint.segments);
  if (!selected.found) {
    return constraint.optional ? { ok: true } : { ok: false, problem: 'the argument is missing' };
  }
  const values = Array.isArray(selected.value) ? selected.value : [selected.value];
  // An empty list may mean "everywhere" to some tools: refused rather than read as "nowhere".
  if (values.length === 0) return { ok: false, problem: 'the list of paths is empty' };
  for (const value of values) {
    const check = checkOnePath(constraint, value);
    if (!check.ok) return check;
  }
  return { ok: true };
}

function checkOnePath(constraint: PathConstraint, value: unknown): ConstraintCheck {
  if (typeof value !== 'string') return { ok: false, problem: 'the value is not a string' };
  let text = value;
  if (constraint.fileUris && isFileUri(value)) {
    const fromUri = pathFromFileUri(value, constraint.style);
    if (!fromUri.ok) return { ok: false, problem: `${displayValue(value)}: ${fromUri.problem}` };
    text = fromUri.path;
  }
  const normalised = normalizeLexicalPath(text, constraint.style);
  if (!normalised.ok) {
    return { ok: false, problem: `${displayValue(value)}: ${normalised.problem}` };
  }
  if (constraint.under.some((prefix) => isUnder(normalised.path, prefix, constraint.style))) {
    return { ok: true };
  }
  const allowed = constraint.under.map((prefix) => prefix.text).join(', ');
  return {
    ok: false,
    problem: `${displayValue(value)} is not under ${allowed}`,
  };
}
