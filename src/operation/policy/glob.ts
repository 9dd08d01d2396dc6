/**
 * @module operation/policy/glob
 * Globs over server keys, item names and resource URIs, with picomatch. Names are flat: `*`
 * matches any run of characters, `/` included (picomatch's `bash` mode), so a deny rule on
 * `delete*` cannot be slipped past with a name like `delete/all`. `?` is one character other than
 * `/`, `[abc]` a class, `{a,b}` alternatives. Matching is exact and case-sensitive, as routing is.
 */
import picomatch from 'picomatch';

export type GlobMatcher = (value: string) => boolean;

const OPTIONS: picomatch.PicomatchOptions = {
  bash: true,
  dot: true,
  nonegate: true,
  nocase: false,
  windows: false,
};

/** Compiles a glob; `*` alone matches everything, including the empty string. */
export function compileGlob(pattern: string): GlobMatcher {
  if (pattern === '*') return () => true;
  const isMatch = picomatch(pattern, OPTIONS);
  return (value) => isMatch(value);
}
