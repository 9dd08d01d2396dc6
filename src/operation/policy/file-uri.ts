/**
 * @module operation/policy/file-uri
 * `file:` URIs given where a path constraint accepts them (`fileUris: true`), turned into the path
 * they name, or refused.
 *
 * Threats: dot segments and encoded separators (`file:///proj/%2e%2e/etc`, `%2f`, `%5c`), which
 * URL parsers resolve or decode differently, so they are refused in the raw text before parsing;
 * a remote host (`file://evil/share`) on POSIX; a query or fragment that a naive server keeps in
 * the path; forms without `//` (`file:proj/a`, which WHATWG reads as `/proj/a` and others as a
 * relative path). The decoded path then goes through the same lexical checks as any path.
 */
import type { PathStyle } from './lexical-path.js';

export type FileUriResult =
  { readonly ok: true; readonly path: string } | { readonly ok: false; readonly problem: string };

const fail = (problem: string): FileUriResult => ({ ok: false, problem });

/** Whether `value` is written as a `file:` URI. */
export function isFileUri(value: string): boolean {
  return /^file:/i.test(value);
}

/** The path a `file:` URI names, for `style`. */
export function pathFromFileUri(value: string, style: PathStyle): FileUriResult {
  if (/[\p{Cc}\s\\]/u.test(value)) return fail('the URI contains a space, control or backslash');
  if (/%(?:2e|2f|5c|00)/i.test(value)) {
    return fail('the URI encodes ".", "/", "\\" or NUL (read differently by different parsers)');
  }
  if (!/^file:\/\//i.test(value)) return fail('the URI is not of the form file://host/path');
  if (/[?#]/.test(value)) return fail('the URI has a query or fragment');
  if (
    value
      .slice('file:'.length)
      .split('/')
      .some((part) => part === '.' || part === '..')
  ) {
    return fail('the URI contains "." or ".." segments');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('the URI does not parse');
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return fail('the URI has malformed percent-encoding');
  }
  const local = url.hostname === '' || url.hostname === 'localhost';
  if (style === 'posix') {
    return local ? { ok: true, path: pathname } : fail(`the URI names the host "${url.hostname}"`);
  }
  if (!local) return { ok: true, path: `\\\\${url.hostname}${pathname.replace(/\//g, '\\')}` };
  const drive = /^\/([A-Za-z]:\/.*)$/.exec(pathname);
  if (drive?.[1] === undefined) return fail('the URI names no drive (file:///C:/…)');
  return { ok: true, path: drive[1].replace(/\//g, '\\') };
}
