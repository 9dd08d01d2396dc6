/**
 * @module operation/policy/compile-policy
 * The `policy` section of the configuration turned into matchers: identity sets, globs and
 * argument constraints, checked once at load so that deciding a call does no parsing. Problems
 * the schema cannot see (an invalid path prefix, host entry or JSON pointer) are a `ConfigError`
 * naming the place; harmless oddities (a key id not in `gateway.auth.keys`, a server glob that
 * matches no server) are warnings.
 */
import type { GatehouseConfig, PolicyRuleConfig } from '../../shared/config/schema.js';
import type { ConfigIssue } from '../../shared/errors/index.js';
import { ConfigError } from '../../shared/errors/index.js';
import type { CompiledConstraint, Constraint } from './constraint.js';
import type { PolicyItemKind } from './decision.js';
import type { GlobMatcher } from './glob.js';
import { compileGlob } from './glob.js';
import type { IdentityMatcher } from './identity.js';
import { compileIdentities } from './identity.js';
import { compilePathConstraint } from './path-constraint.js';
import type { RateLimit } from './rate-limiter.js';
import { compileUrlConstraint } from './url-constraint.js';

export type DestructiveMode = 'annotated' | 'unless-read-only' | 'off';

export interface CompiledRule {
  readonly index: number;
  /** The rule's `id`, else `rules[<index>]`. */
  readonly label: string;
  readonly effect: 'allow' | 'deny';
  readonly identities: IdentityMatcher;
  readonly server: GlobMatcher;
  readonly kind: PolicyItemKind | '*';
  readonly item: GlobMatcher;
  /** The rule as written, for explanations. */
  readonly source: PolicyRuleConfig;
  readonly constraints: readonly Constraint[];
  readonly rateLimit?: RateLimit;
  /** `true` always asks, `false` never, absent: per `destructive`. */
  readonly confirm?: boolean;
}

export interface CompiledPolicy {
  /** `false` when the configuration has no `policy` section: everything is allowed. */
  readonly enabled: boolean;
  readonly default: 'deny' | 'allow';
  readonly destructive: DestructiveMode;
  readonly confirmationTtlMs: number;
  readonly rules: readonly CompiledRule[];
  readonly warnings: readonly string[];
}

export type PolicySource = Pick<GatehouseConfig, 'policy' | 'servers'> & {
  readonly gateway?: { readonly auth?: { readonly keys?: readonly { readonly id: string }[] } };
};

/** Compiles the `policy` section; `file` names the configuration in errors. */
export function compilePolicyConfig(config: PolicySource, file = 'configuration'): CompiledPolicy {
  const policy = config.policy;
  if (policy === undefined) {
    return {
      enabled: false,
      default: 'allow',
      destructive: 'off',
      confirmationTtlMs: 120_000,
      rules: [],
      warnings: [],
    };
  }
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  const keyIds = new Set((config.gateway?.auth?.keys ?? []).map((key) => key.id));
  const serverKeys = Object.keys(config.servers);
  const rules = policy.rules.map((rule, index) => {
    const compiled = compileRule(rule, index, (path, problem) =>
      issues.push({ file, path: formatPath(['policy', 'rules', index, ...path]), problem }),
    );
    for (const id of compiled.identities.keyIds) {
      if (!keyIds.has(id)) {
        warnings.push(
          `${compiled.label}: key "${id}" is not in gateway.auth.keys; it never matches`,
        );
      }
    }
    if (rule.server !== '*' && !serverKeys.some((key) => compiled.server(key))) {
      warnings.push(`${compiled.label}: server "${rule.server}" matches no configured server`);
    }
    return compiled;
  });
  if (issues.length > 0) throw new ConfigError(issues);
  return {
    enabled: true,
    default: policy.default,
    destructive: policy.destructive,
    confirmationTtlMs: policy.confirmationTtlSeconds * 1000,
    rules,
    warnings,
  };
}

type Report = (path: readonly (string | number)[], problem: string) => void;

function compileRule(rule: PolicyRuleConfig, index: number, report: Report): CompiledRule {
  const base = {
    index,
    label: rule.id ?? `rules[${index}]`,
    effect: rule.effect,
    identities: compileIdentities(rule.identities),
    server: compileGlob(rule.server),
    kind: rule.kind,
    item: compileGlob(rule.item),
    source: rule,
  };
  if (rule.effect === 'deny') return { ...base, constraints: [] };
  const constraints: Constraint[] = [];
  const collect = (
    field: 'paths' | 'urls',
    single: boolean,
    results: readonly CompiledConstraint<Constraint>[],
  ): void => {
    for (const [position, result] of results.entries()) {
      if (result.ok) constraints.push(result.constraint);
      else report([field, ...(single ? [] : [position]), ...result.path], result.problem);
    }
  };
  collect('paths', !Array.isArray(rule.paths), listOf(rule.paths).map(compilePathConstraint));
  collect('urls', !Array.isArray(rule.urls), listOf(rule.urls).map(compileUrlConstraint));
  return {
    ...base,
    constraints,
    ...(rule.rateLimit === undefined ? {} : { rateLimit: rule.rateLimit }),
    ...(rule.confirm === undefined ? {} : { confirm: rule.confirm }),
  };
}

function listOf<T extends object>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (text, part) =>
      typeof part === 'number' ? `${text}[${part}]` : text === '' ? part : `${text}.${part}`,
    '',
  );
}
