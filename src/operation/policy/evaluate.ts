/**
 * @module operation/policy/evaluate
 * The policy's answer for one call, without side effects (no rate-limit tokens, no
 * confirmations): what `decide` builds on and what `gatehouse policy explain` shows.
 *
 * Precedence, in this order:
 * 1. No `policy` section: allow.
 * 2. A resource URI that cannot be judged as text (see `resource-uri`): deny.
 * 3. Any deny rule whose identities, server, kind and item match: deny, wherever it stands. A
 *    broad allow written first cannot undo a deny (deny overrides allow).
 * 4. The first allow rule, in file order, whose identities, server, kind and item match and
 *    whose argument constraints all hold decides: `confirm` when the rule says `confirm: true`,
 *    or leaves `confirm` out and the tool is destructive; else `allow`. (Its rate limit is
 *    applied by `decide`.) An allow rule whose constraints fail does not decide; later allow
 *    rules are tried.
 * 5. Allow rules matched but none had its constraints hold: deny, naming the first failure.
 * 6. No rule matched: `default` (deny unless configured `allow`; a destructive tool is then
 *    confirmed).
 */
import type { CompiledPolicy, CompiledRule, DestructiveMode } from './compile-policy.js';
import { checkConstraint } from './constraint.js';
import type { ConstraintFailure, Decision, PolicyRequest } from './decision.js';
import { ambiguousResourceUri } from './resource-uri.js';

/** How one rule related to the call, for explanations. */
export interface RuleTrace {
  readonly rule: string;
  readonly effect: 'allow' | 'deny';
  /** `skipped`: evaluation stopped before it mattered. */
  readonly outcome: 'no-match' | 'matched' | 'constraint-failed' | 'skipped';
  /** Which part did not match, or which constraint failed and why. */
  readonly detail?: string;
}

export interface Evaluation {
  readonly decision: Decision;
  /** The rule that decided, if one did. */
  readonly rule?: CompiledRule;
  readonly trace: readonly RuleTrace[];
}

export function evaluatePolicy(policy: CompiledPolicy, request: PolicyRequest): Evaluation {
  if (!policy.enabled) {
    return {
      decision: { effect: 'allow', reason: 'no policy section: every call is allowed' },
      trace: [],
    };
  }
  if (request.kind === 'resource') {
    const problem = ambiguousResourceUri(request.item);
    if (problem !== undefined) {
      return {
        decision: { effect: 'deny', reason: `resource URI refused: ${problem}` },
        trace: [],
      };
    }
  }
  const trace: RuleTrace[] = [];
  const matched = policy.rules.filter((rule) => {
    const miss = mismatch(rule, request);
    if (miss !== undefined) trace[rule.index] = noMatch(rule, miss);
    return miss === undefined;
  });
  const deny = matched.find((rule) => rule.effect === 'deny');
  if (deny !== undefined) {
    trace[deny.index] = { rule: deny.label, effect: deny.effect, outcome: 'matched' };
    return finish(policy, trace, deny, {
      effect: 'deny',
      rule: deny.label,
      reason: `denied by rule ${deny.label}`,
    });
  }
  let failure: { rule: CompiledRule; constraint: ConstraintFailure } | undefined;
  for (const rule of matched) {
    const failed = firstFailure(rule, request);
    if (failed === undefined) {
      trace[rule.index] = { rule: rule.label, effect: rule.effect, outcome: 'matched' };
      return finish(policy, trace, rule, admit(policy, request, rule));
    }
    trace[rule.index] = {
      rule: rule.label,
      effect: rule.effect,
      outcome: 'constraint-failed',
      detail: `${failed.type} constraint on ${failed.arg}: ${failed.problem}`,
    };
    failure ??= { rule, constraint: failed };
  }
  if (failure !== undefined) {
    const { rule, constraint } = failure;
    return finish(policy, trace, undefined, {
      effect: 'deny',
      rule: rule.label,
      reason: `rule ${rule.label} matches, but its ${constraint.type} constraint on "${constraint.arg}" fails: ${constraint.problem}`,
      constraint,
    });
  }
  if (policy.default === 'deny') {
    return finish(policy, trace, undefined, {
      effect: 'deny',
      reason: 'no rule allows this call (default: deny)',
    });
  }
  return finish(policy, trace, undefined, admit(policy, request, undefined));
}

function admit(
  policy: CompiledPolicy,
  request: PolicyRequest,
  rule: CompiledRule | undefined,
): Decision {
  const by =
    rule === undefined ? 'no rule matches (default: allow)' : `allowed by rule ${rule.label}`;
  const withRule = rule === undefined ? {} : { rule: rule.label };
  if (rule?.confirm === true) {
    return { effect: 'confirm', ...withRule, reason: `${by}, which asks for confirmation` };
  }
  if (rule?.confirm !== false && isDestructive(policy.destructive, request)) {
    return {
      effect: 'confirm',
      ...withRule,
      reason: `${by}; the tool is destructive, so the user confirms it`,
    };
  }
  return { effect: 'allow', ...withRule, reason: by };
}

/** Whether a call needs confirmation because of what its tool may do. */
export function isDestructive(mode: DestructiveMode, request: PolicyRequest): boolean {
  if (mode === 'off' || request.kind !== 'tool') return false;
  const hints = request.annotations ?? {};
  if (hints.readOnlyHint === true) return false;
  // The MCP default for a tool that is not read-only is destructiveHint: true.
  return mode === 'annotated' ? hints.destructiveHint === true : hints.destructiveHint !== false;
}

function mismatch(rule: CompiledRule, request: PolicyRequest): string | undefined {
  if (!rule.identities(request.principal)) return `identity ${request.principal} is not listed`;
  if (!rule.server(request.server))
    return `server "${request.server}" does not match "${rule.source.server}"`;
  if (rule.kind !== '*' && rule.kind !== request.kind)
    return `kind ${request.kind} is not ${rule.kind}`;
  if (!rule.item(request.item)) return `${request.kind} name does not match "${rule.source.item}"`;
  return undefined;
}

function firstFailure(rule: CompiledRule, request: PolicyRequest): ConstraintFailure | undefined {
  for (const constraint of rule.constraints) {
    const check = checkConstraint(constraint, request.arguments);
    if (!check.ok) return { type: constraint.type, arg: constraint.arg, problem: check.problem };
  }
  return undefined;
}

function noMatch(rule: CompiledRule, detail: string): RuleTrace {
  return { rule: rule.label, effect: rule.effect, outcome: 'no-match', detail };
}

function finish(
  policy: CompiledPolicy,
  trace: RuleTrace[],
  rule: CompiledRule | undefined,
  decision: Decision,
): Evaluation {
  const full = policy.rules.map(
    (r): RuleTrace => trace[r.index] ?? { rule: r.label, effect: r.effect, outcome: 'skipped' },
  );
  return { decision, ...(rule === undefined ? {} : { rule }), trace: full };
}
