/**
 * @module operation/policy/constraint
 * Argument constraints of allow rules: what a compiled one is, and checking any of them.
 */
import type { PathConstraint } from './path-constraint.js';
import { checkPathConstraint } from './path-constraint.js';
import type { UrlConstraint } from './url-constraint.js';
import { checkUrlConstraint } from './url-constraint.js';

export type Constraint = PathConstraint | UrlConstraint;

export type ConstraintCheck =
  { readonly ok: true } | { readonly ok: false; readonly problem: string };

/** A config entry turned into a constraint, or the place and reason it is invalid. */
export type CompiledConstraint<T> =
  | { readonly ok: true; readonly constraint: T }
  | { readonly ok: false; readonly path: readonly (string | number)[]; readonly problem: string };

export function checkConstraint(
  constraint: Constraint,
  args: Readonly<Record<string, unknown>> | undefined,
): ConstraintCheck {
  return constraint.type === 'path'
    ? checkPathConstraint(constraint, args)
    : checkUrlConstraint(constraint, args);
}
