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
  const trace: RuleTrace[] = [];
  const { decision, rule, early } = evaluate(policy, request, trace);
  if (early) return { decision, trace: [] };
  return explained(policy, trace, rule, decision);
}

/** What `decide` needs of an evaluation. */
export interface Verdict {
  readonly decision: Decision;
  readonly rule?: CompiledRule | undefined;
}

/**
 * The same answer as `evaluatePolicy` without the explanation: no trace and no text about rules
 * that did not match (issue 7, per-call allocations: `decide` runs on every call).
 */
export function judgePolicy(policy: CompiledPolicy, request: PolicyRequest): Verdict {
  return evaluate(policy, request, undefined);
}

function evaluate(
  policy: CompiledPolicy,
  request: PolicyRequest,
  trace: RuleTrace[] | undefined,
): Verdict & { readonly early?: true } {
  // `early`: decided before any rule was looked at (the explanation lists no rules).
  if (!policy.enabled) {
    return {
      decision: { effect: 'allow', reason: 'no policy section: every call is allowed' },
      early: true,
    };
  }
  if (request.kind === 'resource') {
    const problem = ambiguousResourceUri(request.item);
    if (problem !== undefined) {
      return {
        decision: { effect: 'deny', reason: `resource URI refused: ${problem}` },
        early: true,
      };
    }
  }
  const matched: CompiledRule[] = [];
  for (const rule of policy.rules) {
    const miss = mismatch(rule, request);
    if (miss === undefined) matched.push(rule);
    // The mismatch is described only for an explanation (per-call allocations, issue 7).
    else if (trace) trace[rule.index] = noMatch(rule, describeMismatch(miss, rule, request));
  }
  const deny = matched.find((rule) => rule.effect === 'deny');
  if (deny !== undefined) {
    if (trace) trace[deny.index] = { rule: deny.label, effect: deny.effect, outcome: 'matched' };
    return {
      decision: { effect: 'deny', rule: deny.label, reason: `denied by rule ${deny.label}` },
      rule: deny,
    };
  }
  let failure: { rule: CompiledRule; constraint: ConstraintFailure } | undefined;
  for (const rule of matched) {
    const failed = firstFailure(rule, request);
    if (failed === undefined) {
      if (trace) trace[rule.index] = { rule: rule.label, effect: rule.effect, outcome: 'matched' };
      return { decision: admit(policy, request, rule), rule };
    }
    if (trace) {
      trace[rule.index] = {
        rule: rule.label,
        effect: rule.effect,
        outcome: 'constraint-failed',
        detail: `${failed.type} constraint on ${failed.arg}: ${failed.problem}`,
      };
    }
    failure ??= { rule, constraint: failed };
  }
  if (failure !== undefined) {
    const { rule, constraint } = failure;
    return {
      decision: {
        effect: 'deny',
        rule: rule.label,
        reason: `rule ${rule.label} matches, but its ${constraint.type} constraint on "${constraint.arg}" fails: ${constraint.problem}`,
        constraint,
      },
    };
  }
  if (policy.default === 'deny') {
    return { decision: { effect: 'deny', reason: 'no rule allows this call (default: deny)' } };
  }
  return { decision: admit(policy, request, undefined) };
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

/** Which part of a rule's selector the request misses, if any. */
type Mismatch = 'identity' | 'server' | 'kind' | 'item';

function mismatch(rule: CompiledRule, request: PolicyRequest): Mismatch | undefined {
  if (!rule.identities(request.principal)) return 'identity';
  if (!rule.server(request.server)) return 'server';
  if (rule.kind !== '*' && rule.kind !== request.kind) return 'kind';
  if (!rule.item(request.item)) return 'item';
  return undefined;
}

function describeMismatch(miss: Mismatch, rule: CompiledRule, request: PolicyRequest): string {
  switch (miss) {
    case 'identity':
      return `identity ${request.principal} is not listed`;
    case 'server':
      return `server "${request.server}" does not match "${rule.source.server}"`;
    case 'kind':
      return `kind ${request.kind} is not ${rule.kind}`;
    case 'item':
      return `${request.kind} name does not match "${rule.source.item}"`;
  }
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

function explained(
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
