/**
 * @module operation/policy/lexical-path
 * Lexical normalisation of a path argument, refusing every form whose meaning could differ
 * between Gatehouse and the server that receives it. Hand-written on purpose: `path.normalize`
 * resolves `..` and accepts what this must refuse.
 *
 * Threats (each refused, never repaired): `..` (escaping a prefix; refused even when it would stay
 * inside, since through a symlink `a/..` is not where it looks), percent-encoding (`%2e%2e`, `%2f`:
 * a server that decodes sees another path), backslashes on POSIX (a separator to some servers),
 * NUL and control characters (truncation), `~` (home expansion; on Windows also 8.3 short names
 * such as `PROJEC~1`), relative paths (resolved against a working directory nobody checked), and
 * on Windows: device and `\\?\` paths, drive-relative `C:x`, alternate data streams, trailing dots
 * and spaces (Windows strips them, so `.. ` is `..`) and reserved device names.
 *
 * The check is lexical only: it never touches the file system, so a symlink inside an allowed
 * prefix that points outside it is not detected. Confine the server's file system for that.
 */

export type PathStyle = 'posix' | 'win32';

/** A normalised absolute path: its root and its components (no `.`, `..` or empty ones). */
export interface LexicalPath {
  /** `/` on POSIX; `C:\` or `\\server\share\` on Windows. */
  readonly root: string;
  readonly components: readonly string[];
  /** The normalised path as text. */
  readonly text: string;
}

export type LexicalPathResult =
  | { readonly ok: true; readonly path: LexicalPath }
  | { readonly ok: false; readonly problem: string };

/** Longest path looked at; longer ones are refused. */
export const MAX_PATH_LENGTH = 4096;

const fail = (problem: string): LexicalPathResult => ({ ok: false, problem });

/** Normalises `value` as an absolute path of `style`, or says why it is refused. */
export function normalizeLexicalPath(value: string, style: PathStyle): LexicalPathResult {
  if (value === '') return fail('the path is empty');
  if (value.length > MAX_PATH_LENGTH) return fail(`the path is longer than ${MAX_PATH_LENGTH}`);
  if (value.includes('\0')) return fail('the path contains a NUL byte');
  if (/\p{Cc}/u.test(value)) return fail('the path contains a control character');
  if (/%[0-9A-Fa-f]{2}/.test(value)) {
    return fail('the path contains percent-encoding (a server may decode it to another path)');
  }
  if (/^file:/i.test(value)) return fail('file: URIs are not accepted here (set fileUris: true)');
  if (value.startsWith('~')) return fail('"~" (a home folder) is not expanded; give the full path');
  return style === 'posix' ? posixPath(value) : win32Path(value);
}

function posixPath(value: string): LexicalPathResult {
  if (value.includes('\\')) return fail('the path contains a backslash');
  if (!value.startsWith('/')) return fail('the path is relative; only absolute paths are checked');
  const components: string[] = [];
  for (const part of value.split('/')) {
    if (part === '..') return fail('the path contains ".."');
    if (part !== '' && part !== '.') components.push(part);
  }
  return { ok: true, path: { root: '/', components, text: `/${components.join('/')}` } };
}

const WIN32_RESERVED = /^(?:con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?$/i;

function win32Path(value: string): LexicalPathResult {
  if (value.includes('~')) return fail('the path contains "~" (a Windows short name may alias it)');
  const parts = value.split(/[\\/]/);
  let root: string;
  let rest: string[];
  const drive = /^([A-Za-z]):$/.exec(parts[0] ?? '');
  if (drive?.[1] !== undefined && parts.length > 1) {
    root = `${drive[1].toUpperCase()}:\\`;
    rest = parts.slice(1);
  } else if (parts[0] === '' && parts[1] === '' && parts.length >= 4) {
    const [server = '', share = ''] = parts.slice(2, 4);
    if (server === '?' || server === '.') return fail('device and \\\\?\\ paths are refused');
    if (server === '' || share === '' || !validComponent(server) || !validComponent(share)) {
      return fail('the UNC path has no valid server and share');
    }
    root = `\\\\${server}\\${share}\\`;
    rest = parts.slice(4);
  } else {
    return fail('the path is not absolute (expected C:\\… or \\\\server\\share\\…)');
  }
  const components: string[] = [];
  for (const part of rest) {
    if (part === '..') return fail('the path contains ".."');
    if (part === '' || part === '.') continue;
    if (!validComponent(part)) {
      return fail(
        `the path component "${part}" is refused (":", "<>\\"|?*", a trailing dot or space, or a device name)`,
      );
    }
    components.push(part);
  }
  return { ok: true, path: { root, components, text: root + components.join('\\') } };
}

function validComponent(part: string): boolean {
  return !/[:<>"|?*]/.test(part) && !/[. ]$/.test(part) && !WIN32_RESERVED.test(part);
}

/**
 * Whether `path` is `prefix` or inside it, component by component (so `/proj` never admits
 * `/project-x`). Windows compares ASCII letters without case and everything else exactly: a
 * non-ASCII case variant is refused rather than guessed.
 */
export function isUnder(path: LexicalPath, prefix: LexicalPath, style: PathStyle): boolean {
  const same =
    style === 'posix'
      ? (a: string, b: string) => a === b
      : (a: string, b: string) => asciiFold(a) === asciiFold(b);
  if (!same(path.root, prefix.root)) return false;
  if (path.components.length < prefix.components.length) return false;
  return prefix.components.every((component, index) => {
    const other = path.components[index];
    return other !== undefined && same(component, other);
  });
}

function asciiFold(value: string): string {
  return value.replace(/[A-Z]/g, (char) => char.toLowerCase());
}
