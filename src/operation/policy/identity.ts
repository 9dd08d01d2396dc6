/**
 * @module operation/policy/identity
 * Identity selectors of rules, and the principals sessions carry. A session's principal is
 * `key:<id>` (HTTP with bearer keys), `local` (HTTP on loopback without keys) or `local-user`
 * (stdio). Selectors: `*` (anyone), `local` (the local user: `local` or `local-user`), `key:<id>`
 * or a bare `<id>` (that key). `key:local` names a key whose id is `local`.
 */

/** The principals that `local` stands for. */
export const LOCAL_PRINCIPALS: readonly string[] = ['local', 'local-user'];

/** A compiled `identities` list. */
export interface IdentityMatcher {
  (principal: string): boolean;
  /** Key ids the selectors name, to warn about ids missing from `gateway.auth.keys`. */
  readonly keyIds: readonly string[];
}

/** The principal a selector stands for: `key:<id>` for key ids, `local`, or `*`. */
export function selectorPrincipal(selector: string): string {
  if (selector === '*' || selector === 'local' || selector.startsWith('key:')) return selector;
  return `key:${selector}`;
}

export function compileIdentities(selectors: string | readonly string[]): IdentityMatcher {
  const list = (typeof selectors === 'string' ? [selectors] : selectors).map(selectorPrincipal);
  const any = list.includes('*');
  const exact = new Set(list.flatMap((p) => (p === 'local' ? LOCAL_PRINCIPALS : [p])));
  const matcher = (principal: string): boolean => any || exact.has(principal);
  return Object.assign(matcher, {
    keyIds: list.filter((p) => p.startsWith('key:')).map((p) => p.slice('key:'.length)),
  });
}

/**
 * The principal for a `--identity` value on the command line: `local`, `local-user`, `key:<id>`
 * as written; anything else is a key id.
 */
export function principalOf(identity: string): string {
  if (LOCAL_PRINCIPALS.includes(identity) || identity.startsWith('key:')) return identity;
  return `key:${identity}`;
}
