/**
 * @module operation/policy/policy
 * A compiled policy with its state: rate-limit buckets and pending confirmations. `decide` is
 * what the gateway calls for every tool call, prompt get and resource read; it is synchronous.
 *
 * Flow for a call that needs confirmation (both protocol eras):
 * 1. `decide(request)` answers `confirm` (a host known not to elicit, `canElicit: false`, gets
 *    `deny` instead; without `canElicit`, check `supportsElicitationMode('form')` and use `unconfirmable`).
 * 2. `askConfirmation(request, decision)` records a single-use confirmation and gives the
 *    `elicitation/create` params; the gateway sends them to the host.
 * 3. `confirmationAnswer(result)` reads the host's answer; on `allow`,
 *    `decide(request, now, { confirmationId })` uses the confirmation (same principal, server,
 *    item and argument digest, within the TTL, once) and answers `allow` or `deny`, applying
 *    the rule's rate limit.
 */
import type { CompiledPolicy, PolicySource } from './compile-policy.js';
import { compilePolicyConfig } from './compile-policy.js';
import type { ConfirmationElicitationParams } from './confirmation-elicitation.js';
import { confirmationElicitation, unconfirmable } from './confirmation-elicitation.js';
import { ConfirmationLedger } from './confirmation-ledger.js';
import type { Decision, PolicyRequest } from './decision.js';
import type { Evaluation } from './evaluate.js';
import { evaluatePolicy, judgePolicy } from './evaluate.js';
import { RateLimiter } from './rate-limiter.js';

export interface DecideOptions {
  /** The id from `askConfirmation`, once the user has said yes. */
  readonly confirmationId?: string;
}

export interface ConfirmationQuestion {
  readonly id: string;
  readonly expiresAt: number;
  /** Params of the `elicitation/create` request to send to the host. */
  readonly params: ConfirmationElicitationParams;
}

export interface PolicyOptions {
  /** Names the configuration file in errors. */
  readonly file?: string;
  /** Share buckets across reloads; default: a new limiter. */
  readonly rateLimiter?: RateLimiter;
  /** Share pending confirmations across reloads; default: a new ledger. */
  readonly confirmations?: ConfirmationLedger;
}

const CONFIRMATION_PROBLEMS = {
  unknown: 'the confirmation is unknown or was already used',
  expired: 'the confirmation has expired; the user must be asked again',
  mismatch: 'the confirmation was given for another call (caller, tool or arguments differ)',
} as const;

const NO_OPTIONS: DecideOptions = {};

export class Policy {
  readonly #compiled: CompiledPolicy;
  readonly #limiter: RateLimiter;
  readonly confirmations: ConfirmationLedger;

  constructor(compiled: CompiledPolicy, options: PolicyOptions = {}) {
    this.#compiled = compiled;
    this.#limiter = options.rateLimiter ?? new RateLimiter();
    this.confirmations =
      options.confirmations ?? new ConfirmationLedger({ ttlMs: compiled.confirmationTtlMs });
  }

  /** `false` without a `policy` section: every call is allowed. */
  get enabled(): boolean {
    return this.#compiled.enabled;
  }

  /** Things in the policy worth knowing (unknown key ids, globs matching no server). */
  get warnings(): readonly string[] {
    return this.#compiled.warnings;
  }

  /** The decision without side effects, with how each rule related to the call. */
  explain(request: PolicyRequest): Evaluation {
    return evaluatePolicy(this.#compiled, request);
  }

  /** The decision for a call; uses a rate-limit token when it allows. */
  decide(
    request: PolicyRequest,
    now: number = Date.now(),
    options: DecideOptions = NO_OPTIONS,
  ): Decision {
    const { decision, rule } = judgePolicy(this.#compiled, request);
    if (decision.effect === 'deny') return decision;
    let effective = decision;
    if (options.confirmationId !== undefined) {
      const use = this.confirmations.consume(options.confirmationId, request, now);
      if (decision.effect === 'confirm') {
        effective = use.ok
          ? { ...decision, effect: 'allow', reason: `${decision.reason}; confirmed by the user` }
          : {
              ...decision,
              effect: 'deny',
              reason: `${decision.reason}; ${CONFIRMATION_PROBLEMS[use.reason]}`,
            };
        if (!use.ok) return effective;
      }
    } else if (decision.effect === 'confirm' && request.canElicit === false) {
      return unconfirmable(decision);
    }
    if (rule?.rateLimit === undefined) return effective;
    const key = `${rule.index}\u0000${rule.label}\u0000${request.principal}`;
    // A call still to be confirmed does not use a token, but is not asked about when it would be
    // refused anyway; the confirmed call uses the token.
    const check =
      effective.effect === 'allow'
        ? this.#limiter.take(key, rule.rateLimit, now)
        : this.#limiter.peek(key, rule.rateLimit, now);
    if (check.ok) return effective;
    const { calls, perSeconds } = rule.rateLimit;
    return {
      effect: 'deny',
      rule: rule.label,
      reason: `rate limit of rule ${rule.label} reached (${calls} calls per ${perSeconds} s); retry in ${Math.ceil(check.retryAfterMs / 1000)} s`,
      rateLimited: { retryAfterMs: check.retryAfterMs },
    };
  }

  /** Records a pending confirmation for `request` and builds the question for the host. */
  askConfirmation(
    request: PolicyRequest,
    decision: Decision,
    now: number = Date.now(),
  ): ConfirmationQuestion {
    const issued = this.confirmations.issue(request, now);
    return {
      id: issued.id,
      expiresAt: issued.expiresAt,
      params: confirmationElicitation(request, { why: decision.reason, confirmationId: issued.id }),
    };
  }
}

/** Compiles the configuration's `policy` section (absent: allow everything). */
export function compilePolicy(config: PolicySource, options: PolicyOptions = {}): Policy {
  return new Policy(compilePolicyConfig(config, options.file), options);
}
