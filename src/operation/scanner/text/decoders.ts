/**
 * @module operation/scanner/text/decoders
 * Encoded text inside a definition: base64 (standard and URL-safe), hex (`4a6f…`, `\x4a`),
 * `\u` escapes, percent-encoding and HTML character references. Each decoder returns only text
 * that decodes to mostly printable characters; binary (hashes, images) is ignored. The number of
 * candidates and the characters decoded are capped by the caller's budget; nesting depth is
 * capped by the scanner. Node's `Buffer` does the byte decoding; the candidate search is
 * written here because it must stay linear and bounded.
 */

/** One decoded piece of text. */
export interface Decoded {
  readonly kind: 'base64' | 'hex' | 'unicode-escape' | 'percent' | 'html-entities';
  /** The encoded source text (for evidence). */
  readonly source: string;
  readonly text: string;
  /** Decoded from the whole string (so plain parts of it reappear in `text`). */
  readonly whole?: boolean;
}

const HEX_ESCAPES = /(?:\\x[0-9a-fA-F]{2}){8,}/g;
const UNICODE_ESCAPES = /(?:\\u[0-9a-fA-F]{4}){6,}/g;
const PERCENT_RUN = /(?:%[0-9a-fA-F]{2}|[A-Za-z0-9._~+-]){6,16384}/g;
const ENTITY = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g;

const NAMED: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  excl: '!',
  sol: '/',
  colon: ':',
  lpar: '(',
  rpar: ')',
};

/** Mostly printable text with some letters: not binary. */
export function isReadable(text: string): boolean {
  if (text.length < 6) return false;
  let printable = 0;
  let letters = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c === 0xfffd) continue;
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x0d || c === 0x09 || c >= 0xa0)
      printable += 1;
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c >= 0x4e00) letters += 1;
  }
  return printable / [...text].length >= 0.9 && letters >= 4;
}

function fromBytes(bytes: Buffer): string {
  return bytes.toString('utf8');
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** Runs of base64 characters (20 or more) and of hex digits (32 or more), in one pass. */
function runCandidates(raw: string, out: Decoded[], cap: number, max: number): void {
  let start = -1;
  let upper = false;
  let lower = false;
  let digit = false;
  let hexOnly = true;
  const close = (end: number): void => {
    const length = end - start;
    if (hexOnly && length >= 32) {
      const digits = raw.slice(start, Math.min(end, start + max * 2));
      const text = fromBytes(
        Buffer.from(digits.length % 2 === 0 ? digits : digits.slice(0, -1), 'hex'),
      );
      if (isReadable(text)) out.push({ kind: 'hex', source: raw.slice(start, end), text });
    } else if (!hexOnly && length >= 20 && upper && lower && digit) {
      let stop = end;
      while (stop < raw.length && stop < end + 2 && raw.charCodeAt(stop) === 0x3d) stop += 1;
      const source = raw.slice(start, stop);
      const cut = source.slice(0, max - (max % 4));
      const text = fromBytes(Buffer.from(cut.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
      if (isReadable(text)) out.push({ kind: 'base64', source, text });
    }
  };
  for (let i = 0; i <= raw.length && out.length < cap; i += 1) {
    const c = i < raw.length ? raw.charCodeAt(i) : -1;
    if (c >= 0 && isBase64Char(c)) {
      if (start < 0) {
        start = i;
        upper = lower = digit = false;
        hexOnly = true;
      }
      if (c >= 0x41 && c <= 0x5a) upper = true;
      else if (c >= 0x61 && c <= 0x7a) lower = true;
      else digit = true;
      if (hexOnly && !isHexDigit(c)) hexOnly = false;
      continue;
    }
    if (start >= 0) close(i);
    start = -1;
  }
}

function hexEscapeCandidates(raw: string, out: Decoded[], cap: number): void {
  HEX_ESCAPES.lastIndex = 0;
  for (let m = HEX_ESCAPES.exec(raw); m !== null && out.length < cap; m = HEX_ESCAPES.exec(raw)) {
    const text = fromBytes(Buffer.from(m[0].replace(/\\x/g, ''), 'hex'));
    if (isReadable(text)) out.push({ kind: 'hex', source: m[0], text });
  }
  HEX_ESCAPES.lastIndex = 0;
}

function unicodeEscapeCandidates(raw: string, out: Decoded[], cap: number): void {
  UNICODE_ESCAPES.lastIndex = 0;
  for (
    let m = UNICODE_ESCAPES.exec(raw);
    m !== null && out.length < cap;
    m = UNICODE_ESCAPES.exec(raw)
  ) {
    const text = m[0].replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) =>
      String.fromCharCode(parseInt(h, 16)),
    );
    if (isReadable(text)) out.push({ kind: 'unicode-escape', source: m[0], text });
  }
  UNICODE_ESCAPES.lastIndex = 0;
}

/** Percent-decodes `raw` byte-wise (invalid sequences stay as they are). */
export function percentDecode(raw: string): string {
  const parts: Buffer[] = [];
  let plain = '';
  const flush = (): void => {
    if (plain !== '') parts.push(Buffer.from(plain, 'utf8'));
    plain = '';
  };
  const bytes: number[] = [];
  const flushBytes = (): void => {
    if (bytes.length > 0) parts.push(Buffer.from(bytes));
    bytes.length = 0;
  };
  for (let i = 0; i < raw.length; i += 1) {
    const ch = raw[i] ?? '';
    if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      flush();
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      flushBytes();
      plain += ch === '+' ? ' ' : ch;
    }
  }
  flushBytes();
  flush();
  return Buffer.concat(parts).toString('utf8');
}

/** Decodes numeric and common named HTML character references. */
export function entityDecode(raw: string): string {
  return raw.replace(ENTITY, (ref) => {
    const body = ref.slice(1, -1);
    if (body.startsWith('#x') || body.startsWith('#X')) {
      const cp = parseInt(body.slice(2), 16);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : ref;
    }
    if (body.startsWith('#')) {
      const cp = parseInt(body.slice(1), 10);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : ref;
    }
    return NAMED[body.toLowerCase()] ?? ref;
  });
}

function percentCandidates(raw: string, out: Decoded[], cap: number): void {
  PERCENT_RUN.lastIndex = 0;
  for (let m = PERCENT_RUN.exec(raw); m !== null && out.length < cap; m = PERCENT_RUN.exec(raw)) {
    const escapes = m[0].split('%').length - 1;
    if (escapes < 3) continue;
    const text = percentDecode(m[0]);
    if (isReadable(text)) out.push({ kind: 'percent', source: m[0], text });
  }
  PERCENT_RUN.lastIndex = 0;
}

function count(re: RegExp, text: string, atLeast: number): boolean {
  re.lastIndex = 0;
  let n = 0;
  while (n < atLeast && re.exec(text) !== null) n += 1;
  re.lastIndex = 0;
  return n >= atLeast;
}

/**
 * The encoded pieces of `raw` that decode to readable text: at most `cap` of them, each read
 * from at most `max` source characters.
 */
export function decodeAll(raw: string, cap = 16, max = 16_384): Decoded[] {
  const out: Decoded[] = [];
  runCandidates(raw, out, cap, max);
  if (raw.includes('\\x')) hexEscapeCandidates(raw, out, cap);
  if (raw.includes('\\u')) unicodeEscapeCandidates(raw, out, cap);
  if (out.length < cap && raw.includes('%')) percentCandidates(raw, out, cap);
  if (out.length < cap && count(ENTITY, raw, 3)) {
    const text = entityDecode(raw);
    if (text !== raw)
      out.push({ kind: 'html-entities', source: raw.slice(0, 80), text, whole: true });
  }
  return out;
}

function isBase64Char(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x2b ||
    c === 0x2f ||
    c === 0x5f ||
    c === 0x2d
  );
}

/**
 * Cheap test: could `raw` hold anything {@link decodeAll} decodes? One pass, no allocation. A
 * base64 run must mix upper case, lower case and digits (identifiers and words do not; encoded
 * text nearly always does within 20 characters); a hex run must be 32 digits long.
 */
export function mayBeEncoded(raw: string): boolean {
  let run = 0;
  let hex = 0;
  let kinds = 0;
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw.charCodeAt(i);
    if (isBase64Char(c)) {
      run += 1;
      hex = isHexDigit(c) ? hex + 1 : 0;
      kinds |= c >= 0x41 && c <= 0x5a ? 1 : c >= 0x61 && c <= 0x7a ? 2 : 4;
      if ((run >= 20 && kinds === 7) || hex >= 32) return true;
      continue;
    }
    run = 0;
    hex = 0;
    kinds = 0;
    if (c === 0x25 || c === 0x5c || c === 0x26) {
      // %XX, \x \u escapes, &…; references
      const next = raw.charCodeAt(i + 1);
      if (c === 0x25 && isHexDigit(next) && isHexDigit(raw.charCodeAt(i + 2))) return true;
      if (c === 0x5c && (next === 0x78 || next === 0x75)) return true;
      if (c === 0x26 && (next === 0x23 || isBase64Char(next)) && raw.indexOf(';', i) > i)
        return true;
    }
  }
  return false;
}
