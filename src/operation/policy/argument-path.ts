/**
 * @module operation/policy/argument-path
 * Which argument a constraint reads: a top-level argument name (`path`), or an RFC 6901 JSON
 * pointer into the arguments (`/options/target`, `/files/0`). Hand-written: a pointer is a few
 * lines, and lookups must stay on own properties (threat: `__proto__` or `constructor` in a
 * pointer reading something the caller never sent).
 */

export type ArgumentPath =
  | { readonly ok: true; readonly segments: readonly string[] }
  | { readonly ok: false; readonly problem: string };

export type SelectedArgument =
  { readonly found: true; readonly value: unknown } | { readonly found: false };

/** Parses an `arg` setting: a name, or a JSON pointer when it starts with `/`. */
export function parseArgumentPath(arg: string): ArgumentPath {
  if (!arg.startsWith('/')) return { ok: true, segments: [arg] };
  const segments: string[] = [];
  for (const raw of arg.slice(1).split('/')) {
    if (/~(?![01])/.test(raw)) {
      return { ok: false, problem: `"${arg}" is not a JSON pointer: "~" must be "~0" or "~1".` };
    }
    segments.push(raw.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  return { ok: true, segments };
}

/** The value at `segments` in `args`, following only own properties and array indices. */
export function selectArgument(args: unknown, segments: readonly string[]): SelectedArgument {
  let value: unknown = args;
  for (const segment of segments) {
    if (Array.isArray(value)) {
      if (!/^(?:0|[1-9][0-9]*)$/.test(segment)) return { found: false };
      const index = Number(segment);
      if (index >= value.length) return { found: false };
      value = value[index];
    } else if (typeof value === 'object' && value !== null && Object.hasOwn(value, segment)) {
      value = (value as Record<string, unknown>)[segment];
    } else {
      return { found: false };
    }
  }
  return value === undefined ? { found: false } : { found: true, value };
}
