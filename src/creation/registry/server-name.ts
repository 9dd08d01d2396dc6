/**
 * @module creation/registry/server-name
 * Server names as the official MCP registry writes them: `namespace/server`, the namespace in
 * reverse-DNS form (`io.github.alice/weather` → namespace `io.github.alice`). A namespace is the
 * unit of ownership: it belongs to the keys that claimed it.
 *
 * Threat: two spellings of one namespace (`IO.GitHub.alice` next to `io.github.alice`) giving one
 * owner's name to another. DNS names are case-insensitive, so a namespace must be written in lower
 * case; anything else is refused, never folded.
 */

/** The official registry's name pattern (ServerDetail.name), with its length bounds. */
export const SERVER_NAME_PATTERN = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/;

/** One DNS label: letters, digits and inner hyphens, 1-63 characters. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** How a namespace is proven: a GitHub account (`io.github.<user>`) or a DNS domain. */
export type NamespaceKind = 'github' | 'domain';

/** A parsed namespace. */
export interface ParsedNamespace {
  readonly namespace: string;
  readonly kind: NamespaceKind;
  /** The domain the namespace names, e.g. `example.com` for `com.example`. */
  readonly domain: string;
  /** The GitHub account of an `io.github.<user>` namespace. */
  readonly githubUser?: string;
}

/** Result of a name check: the parts, or why the name is refused. */
export type NameCheck<T> = { ok: true; value: T } | { ok: false; message: string };

/** Parses a namespace (`com.example`, `io.github.alice`). */
export function parseNamespace(namespace: string): NameCheck<ParsedNamespace> {
  if (namespace.length > 200) return { ok: false, message: 'is longer than 200 characters' };
  if (namespace !== namespace.toLowerCase()) {
    return { ok: false, message: `"${namespace}" must be lower case (DNS names ignore case)` };
  }
  const labels = namespace.split('.');
  if (labels.length < 2) {
    return { ok: false, message: `"${namespace}" needs at least two labels (reverse DNS)` };
  }
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined) {
    return { ok: false, message: `"${namespace}" has an invalid DNS label "${bad}"` };
  }
  const domain = [...labels].reverse().join('.');
  if (labels.length === 3 && labels[0] === 'io' && labels[1] === 'github') {
    return {
      ok: true,
      value: { namespace, kind: 'github', domain, githubUser: labels[2] },
    };
  }
  return { ok: true, value: { namespace, kind: 'domain', domain } };
}

/** Splits `namespace/server`; the namespace must parse too. */
export function parseServerName(
  name: string,
): NameCheck<{ name: string; namespace: ParsedNamespace; server: string }> {
  if (name.length < 3 || name.length > 200 || !SERVER_NAME_PATTERN.test(name)) {
    return {
      ok: false,
      message: `"${name}" is not a server name (namespace/server, e.g. io.github.alice/weather)`,
    };
  }
  const slash = name.indexOf('/');
  const namespace = parseNamespace(name.slice(0, slash));
  if (!namespace.ok) return namespace;
  return { ok: true, value: { name, namespace: namespace.value, server: name.slice(slash + 1) } };
}

/** The namespace part of a valid server name. */
export function namespaceOf(name: string): string {
  return name.slice(0, name.indexOf('/'));
}
