/**
 * @module operation/scanner/text/json-pointer
 * RFC 6901 JSON pointers: where in a definition a finding is.
 */

/** One reference token, escaped (`~` as `~0`, `/` as `~1`). */
export function escapeToken(token: string): string {
  if (!token.includes('~') && !token.includes('/')) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `parent` extended by one member name or array index. */
export function childPointer(parent: string, token: string | number): string {
  return `${parent}/${typeof token === 'number' ? String(token) : escapeToken(token)}`;
}
