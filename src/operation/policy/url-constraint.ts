/**
 * @module operation/policy/url-constraint
 * `urls: { arg, hosts: [allowlist], schemes }`: the argument (a URL, or a list of URLs) must use
 * one of the schemes (default `https`, `http`) and point at an allowed host and port. Fails
 * closed: a missing argument (unless `optional`), a value that is not a string, and every URL
 * form `url-target` refuses, fail.
 */
import type { PolicyUrlConstraintConfig } from '../../shared/config/schema.js';
import { parseArgumentPath, selectArgument } from './argument-path.js';
import type { CompiledConstraint, ConstraintCheck } from './constraint.js';
import { displayValue } from './display.js';
import type { HostPattern } from './host-pattern.js';
import { hostMatches, parseHostPattern } from './host-pattern.js';
import { readUrlTarget } from './url-target.js';

export interface UrlConstraint {
  readonly type: 'url';
  readonly arg: string;
  readonly segments: readonly string[];
  readonly hosts: readonly HostPattern[];
  readonly schemes: readonly string[];
  readonly optional: boolean;
}

/** Validates and normalises a `urls` entry of the config. */
export function compileUrlConstraint(
  config: PolicyUrlConstraintConfig,
): CompiledConstraint<UrlConstraint> {
  const argument = parseArgumentPath(config.arg);
  if (!argument.ok) return { ok: false, path: ['arg'], problem: argument.problem };
  const hosts: HostPattern[] = [];
  for (const [index, text] of config.hosts.entries()) {
    const parsed = parseHostPattern(text);
    if (!parsed.ok) return { ok: false, path: ['hosts', index], problem: parsed.problem };
    hosts.push(parsed.pattern);
  }
  return {
    ok: true,
    constraint: {
      type: 'url',
      arg: config.arg,
      segments: argument.segments,
      hosts,
      schemes: config.schemes,
      optional: config.optional,
    },
  };
}

/** Checks the constraint against a call's arguments. */
export function checkUrlConstraint(
  constraint: UrlConstraint,
  args: Readonly<Record<string, unknown>> | undefined,
): ConstraintCheck {
  const selected = selectArgument(args ?? {}, constraint.segments);
  if (!selected.found) {
    return constraint.optional ? { ok: true } : { ok: false, problem: 'the argument is missing' };
  }
  const values = Array.isArray(selected.value) ? selected.value : [selected.value];
  if (values.length === 0) return { ok: false, problem: 'the list of URLs is empty' };
  for (const value of values) {
    const check = checkOneUrl(constraint, value);
    if (!check.ok) return check;
  }
  return { ok: true };
}

function checkOneUrl(constraint: UrlConstraint, value: unknown): ConstraintCheck {
  if (typeof value !== 'string') return { ok: false, problem: 'the value is not a string' };
  const read = readUrlTarget(value);
  if (!read.ok) return { ok: false, problem: `${displayValue(value)}: ${read.problem}` };
  const { target } = read;
  if (!constraint.schemes.includes(target.scheme)) {
    return {
      ok: false,
      problem: `${displayValue(value)}: scheme "${target.scheme}" is not one of ${constraint.schemes.join(', ')}`,
    };
  }
  if (constraint.hosts.some((pattern) => hostMatches(pattern, target, target.defaultPort))) {
    return { ok: true };
  }
  const port = target.port === 'default' ? '' : `:${target.port}`;
  return {
    ok: false,
    problem: `${displayValue(value)}: host ${target.host}${port} is not in ${constraint.hosts.map((h) => h.text).join(', ')}`,
  };
}
