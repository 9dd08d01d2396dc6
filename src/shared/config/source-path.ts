/**
 * @module shared/config/source-path
 * Paths inside a configuration file, written in the file's own terms. Foreign formats are
 * translated into the canonical shape before validation; {@link SourcePaths} remembers where each
 * canonical field came from, so an issue found at `servers.api.transport` is reported at
 * `mcpServers.api.type`.
 */

export type PathSegment = string | number;

const PLAIN_SEGMENT = /^[A-Za-z_$][\w$-]*$/;

/** `['mcpServers', 'github', 'args', 1]` -> `mcpServers.github.args[1]`; odd keys are quoted. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && PLAIN_SEGMENT.test(segment)) {
      text += text === '' ? segment : `.${segment}`;
    } else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

/** Maps canonical paths to source paths by longest registered prefix; unregistered is identity. */
export class SourcePaths {
  readonly #prefixes = new Map<string, readonly PathSegment[]>();

  /** Declares that the canonical `canonical` prefix is written `source` in the file. */
  set(canonical: readonly PathSegment[], source: readonly PathSegment[]): void {
    this.#prefixes.set(JSON.stringify(canonical), source);
  }

  /** The source path of a canonical path. */
  toSource(canonical: readonly PropertyKey[]): PathSegment[] {
    const path = canonical.map((segment) =>
      typeof segment === 'number' ? segment : String(segment),
    );
    for (let length = path.length; length >= 0; length--) {
      const source = this.#prefixes.get(JSON.stringify(path.slice(0, length)));
      if (source !== undefined) return [...source, ...path.slice(length)];
    }
    return path;
  }

  /** The source path of a canonical path, formatted for a config issue. */
  format(canonical: readonly PropertyKey[]): string {
    return formatPath(this.toSource(canonical));
  }
}
