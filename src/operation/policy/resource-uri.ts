/**
 * @module operation/policy/resource-uri
 * Resource URIs that rules cannot judge reliably. Item globs compare a resource's URI as text, so
 * a URI whose text and meaning differ could be admitted by an allow rule or slip past a deny rule.
 *
 * Threats, each refused while a policy is in force: dot segments (`file:///proj/../etc/passwd`
 * matches `file:///proj/*` as text), percent-encoded dots, slashes, backslashes or NUL
 * (`%2e%2e`, `%2f`), backslashes, and control characters.
 */

/** Why the URI is refused, or `undefined` when it can be judged as text. */
export function ambiguousResourceUri(uri: string): string | undefined {
  if (/[\p{Cc}\\]/u.test(uri)) return 'the URI contains a control character or backslash';
  if (/%(?:2e|2f|5c|00)/i.test(uri)) {
    return 'the URI encodes ".", "/", "\\" or NUL (read differently by different parsers)';
  }
  const path = uri.replace(/[?#].*$/s, '');
  if (path.split('/').some((part) => part === '.' || part === '..')) {
    return 'the URI contains "." or ".." segments';
  }
  return undefined;
}
