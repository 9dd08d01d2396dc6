/**
 * Public surface of operation/policy: identities, rules and their decisions. `compilePolicy`
 * turns the configuration into a `Policy`; `policy.decide(request, now)` answers each call with
 * allow, deny or confirm. Not yet wired into the gateway's request path.
 */
export type { SummaryLimits } from './argument-summary.js';
export { summarizeArguments } from './argument-summary.js';
export type {
  CompiledPolicy,
  CompiledRule,
  DestructiveMode,
  PolicySource,
} from './compile-policy.js';
export { compilePolicyConfig } from './compile-policy.js';
export type { ConfirmationElicitationParams } from './confirmation-elicitation.js';
export {
  CONFIRM_FIELD,
  CONFIRMATION_META_KEY,
  confirmationAnswer,
  confirmationElicitation,
  unconfirmable,
} from './confirmation-elicitation.js';
export type {
  ConfirmationLedgerOptions,
  ConfirmationUse,
  IssuedConfirmation,
} from './confirmation-ledger.js';
export { argumentDigest, ConfirmationLedger } from './confirmation-ledger.js';
export type { CompiledConstraint, Constraint, ConstraintCheck } from './constraint.js';
export { checkConstraint } from './constraint.js';
export type {
  ConstraintFailure,
  Decision,
  PolicyAnnotations,
  PolicyItemKind,
  PolicyRequest,
} from './decision.js';
export type { Evaluation, RuleTrace } from './evaluate.js';
export { evaluatePolicy, isDestructive } from './evaluate.js';
export type { FileUriResult } from './file-uri.js';
export { isFileUri, pathFromFileUri } from './file-uri.js';
export type { GlobMatcher } from './glob.js';
export { compileGlob } from './glob.js';
export type { HostPattern, HostPatternResult, PortPattern } from './host-pattern.js';
export { hostMatches, parseHostPattern } from './host-pattern.js';
export type { IdentityMatcher } from './identity.js';
export { compileIdentities, LOCAL_PRINCIPALS, principalOf } from './identity.js';
export type { LexicalPath, LexicalPathResult, PathStyle } from './lexical-path.js';
export { isUnder, normalizeLexicalPath } from './lexical-path.js';
export type { PathConstraint } from './path-constraint.js';
export { checkPathConstraint, compilePathConstraint } from './path-constraint.js';
export type { ConfirmationQuestion, DecideOptions, PolicyOptions } from './policy.js';
export { compilePolicy, Policy } from './policy.js';
export type { PublicNameCandidate, PublicNameLookup } from './public-name-lookup.js';
export { lookupPublicName } from './public-name-lookup.js';
export type { RateCheck, RateLimit, RateLimiterOptions } from './rate-limiter.js';
export { RateLimiter } from './rate-limiter.js';
export { ambiguousResourceUri } from './resource-uri.js';
export type { UrlConstraint } from './url-constraint.js';
export { checkUrlConstraint, compileUrlConstraint } from './url-constraint.js';
export type { UrlTarget, UrlTargetResult } from './url-target.js';
export { readUrlTarget } from './url-target.js';
