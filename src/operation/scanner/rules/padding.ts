/**
 * @module operation/scanner/rules/padding
 * Threat: text pushed out of sight by long padding (hundreds of spaces, dozens of blank lines,
 * a long run of one character): a client shows the start of the description, the model reads
 * the end. The text after the padding is marked hidden, and handed back so it is read even in
 * a string too long to read whole.
 */
import type { CharRule } from './char-rule.js';

const MIN_SPACES = 120;
const MIN_NEWLINES = 12;
const MIN_REPEAT = 200;

function isBlank(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0x09 ||
    c === 0x0a ||
    c === 0x0d ||
    c === 0xa0 ||
    c === 0x3000 ||
    (c >= 0x2000 && c <= 0x200d) ||
    c === 0x2060 ||
    c === 0xfeff
  );
}

/** Punctuation and symbols a padding run can be made of. */
function isFiller(c: number): boolean {
  return (
    (c >= 0x21 && c <= 0x2f) ||
    (c >= 0x3a && c <= 0x40) ||
    (c >= 0x5b && c <= 0x60) ||
    (c >= 0x7b && c <= 0x7e) ||
    (c >= 0x2010 && c <= 0x2bff) ||
    (c >= 0x3001 && c <= 0x303f)
  );
}

/** Padding has two blanks in a row, or one punctuation character eight times in a row. */
const QUICK = /[\s\u2000-\u200d\u2060\ufeff]{2}|([^\p{L}\p{N}\s])\1{7}/u;

/** Cheap test over the first `length` characters: could `text` hold padding at all? */
export function mayHavePadding(text: string, length: number): boolean {
  if (!QUICK.test(length === text.length ? text : text.slice(0, length))) return false;
  let blank = 0;
  let newlines = 0;
  let repeat = 0;
  let prev = -1;
  for (let i = 0; i < length; i += 1) {
    const c = text.charCodeAt(i);
    if (isBlank(c)) {
      blank += 1;
      if (c === 0x0a) newlines += 1;
      if (blank >= MIN_SPACES || newlines >= MIN_NEWLINES) return true;
      repeat = 0;
    } else {
      blank = 0;
      newlines = 0;
      repeat = c === prev ? repeat + 1 : 1;
      if (repeat >= MIN_REPEAT && isFiller(c)) return true;
    }
    prev = c;
  }
  return false;
}

export const padding: CharRule = (field, fieldIndex, length, ctx, out) => {
  const text = field.text;
  let runs = 0;
  let i = 0;
  while (i < length && runs < 4) {
    const c = text.charCodeAt(i);
    let j = i;
    let newlines = 0;
    if (isBlank(c)) {
      while (j < length && isBlank(text.charCodeAt(j))) {
        if (text.charCodeAt(j) === 0x0a) newlines += 1;
        j += 1;
      }
      if (j - i < MIN_SPACES && newlines < MIN_NEWLINES) {
        i = j;
        continue;
      }
    } else if (isFiller(c)) {
      while (j < length && text.charCodeAt(j) === c) j += 1;
      if (j - i < MIN_REPEAT) {
        i = Math.max(j, i + 1);
        continue;
      }
    } else {
      i += 1;
      continue;
    }
    // Long padding; is anything after it?
    let k = j;
    while (k < length && isBlank(text.charCodeAt(k))) k += 1;
    if (k < text.length) {
      runs += 1;
      out.tails.push(k);
      ctx.addRaw(
        field,
        fieldIndex,
        k,
        Math.min(text.length, k + 60),
        {
          ruleId: 'padding',
          facet: 'conceal',
          strength: 1,
          message: `text after ${j - i} characters of padding, out of sight in most clients`,
        },
        [k, text.length],
      );
    }
    i = k;
  }
};
