/**
 * @module operation/scanner/text/normalise
 * The form phrase rules match on. Attackers dodge keyword matching with invisible characters
 * inside words, confusable letters from other scripts (Cyrillic `а` for Latin `a`), compatibility
 * forms (fullwidth, mathematical letters), combining marks, ANSI sequences, spaced-out letters
 * (`S Y S T E M`) and odd case; all of these are undone here. The result keeps, for every
 * character, the index of the raw character it came from, so evidence is always cut from the
 * raw text. Sentence ends (`. ` `! ` `? ` `; ` `。` and newlines) become `\n`, so "in the same
 * sentence" is "no `\n` between".
 *
 * Confusable folding uses the `unhomoglyph` package (Unicode confusables data), one code point
 * at a time and cached; the per-character walk itself is written by hand because it must keep
 * the index map.
 */
import { createRequire } from 'node:module';

import { IndexMap } from './index-map.js';
import { hiddenClass, isCjk, isJoiningScript, isRtl } from './unicode.js';

export { IndexMap } from './index-map.js';

// CommonJS package without an ES entry.
const unhomoglyph = createRequire(import.meta.url)('unhomoglyph') as (text: string) => string;

/** Normalised text and where each of its characters came from. */
export interface NormText {
  readonly text: string;
  /** Raw index of each character of `text` (see {@link rawIndex}). */
  readonly map: IndexMap;
  /** The raw text has CJK characters (Chinese phrase rules apply). */
  readonly hasCjk: boolean;
}

/** Raw index of normalised index `n` of `norm`; the raw length for `n` past the end. */
export function rawIndex(norm: NormText, n: number): number {
  return norm.map.at(n, norm.text.length);
}

const foldCache = new Map<number, string>();

function isCombiningMark(cp: number): boolean {
  return (
    (cp >= 0x300 && cp <= 0x36f) ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe20 && cp <= 0xfe2f)
  );
}

function isUnicodeSpace(cp: number): boolean {
  return (
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

/** NFKC, then confusable folding to ASCII where a letter has a one-letter ASCII look-alike. */
function fold(cp: number): string {
  const cached = foldCache.get(cp);
  if (cached !== undefined) return cached;
  const ch = String.fromCodePoint(cp);
  let out = '';
  for (const part of ch.normalize('NFKC')) {
    const pcp = part.codePointAt(0) ?? 0;
    if (pcp < 0x80 || isCjk(pcp) || isRtl(pcp) || isJoiningScript(pcp)) {
      out += part;
      continue;
    }
    const skeleton = unhomoglyph(part);
    out += skeleton.length === 1 && skeleton.charCodeAt(0) < 0x80 ? skeleton : part;
  }
  out = out.toLowerCase();
  if (foldCache.size < 4096) foldCache.set(cp, out);
  return out;
}

/** Index just past an ANSI escape sequence starting at `i` (ESC). Bounded by `raw.length`. */
function skipEscape(raw: string, i: number): number {
  let j = i + 1;
  const next = raw.charCodeAt(j);
  if (next === 0x5b) {
    // CSI: parameters and intermediates, then one final byte.
    j += 1;
    while (j < raw.length) {
      const c = raw.charCodeAt(j);
      j += 1;
      if (c >= 0x40 && c <= 0x7e) break;
    }
    return j;
  }
  if (next === 0x5d) {
    // OSC: up to BEL or ESC \, at most 512 characters.
    const stop = Math.min(raw.length, j + 512);
    j += 1;
    while (j < stop) {
      const c = raw.charCodeAt(j);
      if (c === 0x07) return j + 1;
      if (c === 0x1b && raw.charCodeAt(j + 1) === 0x5c) return j + 2;
      j += 1;
    }
    return j;
  }
  return Math.min(raw.length, j + 1);
}

/** Output buffer of {@link normalise}: text chunks and the index map. */
class Builder {
  private readonly chunks: string[] = [];
  length = 0;
  last = '\n';
  readonly map: IndexMap;

  constructor(rawLength: number) {
    this.map = new IndexMap(rawLength);
  }

  /** Appends plain ASCII `raw[start, end)`, lowercased. */
  pushRun(raw: string, start: number, end: number): void {
    const run = raw.slice(start, end).toLowerCase();
    this.map.add(this.length, start, true);
    this.chunks.push(run);
    this.length += end - start;
    this.last = run[run.length - 1] ?? this.last;
  }

  /** Appends `text`, all of it from raw index `at`. */
  push(text: string, at: number): void {
    this.map.add(this.length, at, text.length === 1);
    this.chunks.push(text);
    this.length += text.length;
    this.last = text[text.length - 1] ?? this.last;
  }

  replaceLast(ch: string): void {
    const k = this.chunks.length - 1;
    const chunk = this.chunks[k] ?? '';
    this.chunks[k] = chunk.slice(0, -1) + ch;
    this.last = ch;
  }

  text(): string {
    return this.chunks.join('');
  }
}

const PLAIN_WORDS = /^[a-z0-9 _,'"()/:=<>+*&%$@#`|{}[\]-]*$/i;

function isPlain(c: number): boolean {
  return c > 0x20 && c < 0x7f && c !== 0x2e && c !== 0x21 && c !== 0x3f && c !== 0x3b;
}

/** Normalises `raw` (see the module notes). Linear in `raw.length`. */
export function normalise(raw: string): NormText {
  if (raw.length <= 64 && PLAIN_WORDS.test(raw) && !raw.includes('  ')) {
    // Fast path: a short one-line string of plain ASCII words; only the case changes.
    const map = new IndexMap(raw.length);
    map.add(0, 0, true);
    const text = raw.toLowerCase();
    const norm = { text, map, hasCjk: false };
    return text.length <= 6 || !SPACED_CANDIDATE.test(text) ? norm : joinSpacedLetters(norm);
  }
  const out = new Builder(raw.length);
  let hasCjk = false;
  // Pending whitespace: 0 none, 1 space, 2 sentence end; with the raw index it starts at.
  let pending = 0;
  let pendingAt = 0;
  let i = 0;
  while (i < raw.length) {
    const c = raw.charCodeAt(i);
    if (isPlain(c)) {
      // A run of plain ASCII (words, single spaces between them), appended at once.
      let j = i + 1;
      while (j < raw.length) {
        const d = raw.charCodeAt(j);
        if (isPlain(d)) j += 1;
        else if (d === 0x20 && isPlain(raw.charCodeAt(j + 1))) j += 2;
        else break;
      }
      if (pending !== 0) {
        if (out.last !== '\n' && out.last !== ' ') out.push(pending === 2 ? '\n' : ' ', pendingAt);
        else if (pending === 2 && out.last === ' ') out.replaceLast('\n');
        pending = 0;
      }
      out.pushRun(raw, i, j);
      i = j;
      continue;
    }
    let emit: string | undefined;
    let width = 1;
    if (c < 0x80) {
      if (c === 0x1b) {
        i = skipEscape(raw, i);
        continue;
      }
      if (
        c === 0x0a ||
        ((c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3b) && endsSentence(raw, i + 1))
      ) {
        if (pending === 0) pendingAt = i;
        pending = 2;
      } else if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0b || c === 0x0c) {
        if (pending === 0) {
          pendingAt = i;
          pending = 1;
        }
      } else if (c >= 0x20 && c !== 0x7f) {
        emit = raw[i] ?? '';
      }
    } else {
      const cp = raw.codePointAt(i) ?? c;
      width = cp > 0xffff ? 2 : 1;
      if (hiddenClass(cp) !== undefined || isCombiningMark(cp)) {
        // Invisible characters and combining marks are dropped.
      } else if (
        cp === 0x2028 ||
        cp === 0x2029 ||
        cp === 0x3002 ||
        cp === 0xff01 ||
        cp === 0xff1f ||
        cp === 0xff1b
      ) {
        if (pending === 0) pendingAt = i;
        pending = 2;
      } else if (isUnicodeSpace(cp)) {
        if (pending === 0) {
          pendingAt = i;
          pending = 1;
        }
      } else {
        if (!hasCjk && isCjk(cp)) hasCjk = true;
        emit = fold(cp);
      }
    }
    if (emit !== undefined && emit !== '') {
      if (pending !== 0) {
        if (out.last !== '\n' && out.last !== ' ') out.push(pending === 2 ? '\n' : ' ', pendingAt);
        else if (pending === 2 && out.last === ' ') out.replaceLast('\n');
        pending = 0;
      }
      out.push(emit, i);
    }
    i += width;
  }
  if (pending === 2 && out.length > 0 && out.last !== '\n') out.push('\n', pendingAt);
  const text = out.text();
  const norm = { text, map: out.map, hasCjk };
  return text.length <= 6 || !SPACED_CANDIDATE.test(text) ? norm : joinSpacedLetters(norm);
}

function endsSentence(raw: string, next: number): boolean {
  if (next >= raw.length) return true;
  const c = raw.charCodeAt(next);
  return (
    c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x22 || c === 0x27 || c === 0x29
  );
}

const SPACED_CANDIDATE = /(?:^|[ \n])[a-z] [a-z] [a-z] [a-z](?=[ \n]|$)/;

/**
 * Joins letters spaced out one by one (`s y s t e m   d i r e c t i v e` → `system directive`):
 * a single space between single letters is dropped; a wider gap stays a word break.
 */
function joinSpacedLetters(norm: NormText): NormText {
  const { text } = norm;
  const n = text.length;
  const drop = new Uint8Array(n);
  const isLetter = (k: number): boolean => {
    const c = text.charCodeAt(k);
    return c >= 0x61 && c <= 0x7a;
  };
  const gap = (k: number): boolean => k < 0 || k >= n || text[k] === ' ' || text[k] === '\n';
  const single = (k: number): boolean => isLetter(k) && gap(k - 1) && gap(k + 1);
  let k = 0;
  while (k < n) {
    if (!single(k)) {
      k += 1;
      continue;
    }
    let j = k;
    let run = 1;
    while (
      j + 2 < n &&
      text[j + 1] === ' ' &&
      rawIndex(norm, j + 2) - rawIndex(norm, j) === 2 &&
      single(j + 2)
    ) {
      j += 2;
      run += 1;
    }
    if (run >= 4) for (let r = k + 1; r < j; r += 2) drop[r] = 1;
    k = j + 1;
  }
  let out = '';
  const map = new IndexMap(norm.map.rawLength);
  for (let x = 0; x < n; x += 1) {
    if (drop[x] === 1) continue;
    map.add(out.length, rawIndex(norm, x), true);
    out += text[x] ?? '';
  }
  return { text: out, map, hasCjk: norm.hasCjk };
}

/** The ASCII letter a non-ASCII letter folds to (`а` → `a`), if it has a one-letter look-alike. */
export function confusableAscii(cp: number): string | undefined {
  if (cp < 0x80 || isCjk(cp)) return undefined;
  const folded = fold(cp);
  return folded.length === 1 && /[a-z0-9]/.test(folded) ? folded : undefined;
}
