/**
 * @module operation/policy/decision
 * What the policy is asked (a call by a principal) and what it answers.
 */

/** The kinds of item a call can reach. */
export type PolicyItemKind = 'tool' | 'prompt' | 'resource';

/** Tool annotations the policy reads (hints from the server: never trusted to allow anything). */
export interface PolicyAnnotations {
  readonly readOnlyHint?: boolean;
  readonly destructiveHint?: boolean;
}

/** One call, as the gateway routed it. */
export interface PolicyRequest {
  /** Who calls: `key:<id>`, `local` (HTTP loopback without keys) or `local-user` (stdio). */
  readonly principal: string;
  /** The server's config key. */
  readonly server: string;
  readonly kind: PolicyItemKind;
  /** The item's own name on its server (tool or prompt name; the resource's original URI). */
  readonly item: string;
  /** The call's arguments; for a resource read, `{ uri }`. */
  readonly arguments?: Readonly<Record<string, unknown>>;
  /** The tool's annotations from the catalog. */
  readonly annotations?: PolicyAnnotations;
  /**
   * Whether the host can answer a form elicitation. `false` turns a `confirm` into a `deny`;
   * absent, `confirm` is returned and the caller must refuse if it cannot ask.
   */
  readonly canElicit?: boolean;
}

/** Which argument constraint failed, and why. */
export interface ConstraintFailure {
  readonly type: 'path' | 'url';
  /** The argument name or JSON pointer the constraint reads. */
  readonly arg: string;
  readonly problem: string;
}

export interface Decision {
  readonly effect: 'allow' | 'deny' | 'confirm';
  /** The rule that decided (its `id`, else `rules[<index>]`); absent for defaults. */
  readonly rule?: string;
  /** Why, in words for logs, errors and `gatehouse policy explain`. */
  readonly reason: string;
  /** The constraint that kept an allow rule from admitting the call. */
  readonly constraint?: ConstraintFailure;
  /** Present when the rule's rate limit refused the call. */
  readonly rateLimited?: { readonly retryAfterMs: number };
}
