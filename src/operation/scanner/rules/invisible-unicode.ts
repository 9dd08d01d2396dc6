/**
 * @module operation/scanner/rules/invisible-unicode
 * Threat: characters a user does not see but a model reads. Tag characters (U+E0000 block)
 * spell out whole hidden instructions; runs of variation selectors can carry bytes; zero-width
 * characters split words so keyword filters miss them; bidi overrides make text display in
 * another order than it is read. Ordinary uses are left alone: zero-width joiners in emoji and
 * in scripts that need them, bidi marks in right-to-left text, a leading byte-order mark, a flag
 * emoji's tag sequence, a single variation selector after an emoji or ideograph.
 */
import { renderEvidence } from '../text/evidence.js';
import type { TextField } from '../text/extract.js';
import { hiddenClass, isCjk, isEmojiLike, isJoiningScript, scriptOf } from '../text/unicode.js';
import type { CharRule } from './char-rule.js';

interface Tally {
  count: number;
  strong: boolean;
  first: number;
  firstEnd: number;
  regionStart: number;
  regionEnd: number;
}

function newTally(): Tally {
  return { count: 0, strong: false, first: -1, firstEnd: -1, regionStart: -1, regionEnd: -1 };
}

function note(
  t: Tally,
  at: number,
  width: number,
  strong: boolean,
  region: [number, number],
): void {
  t.count += 1;
  t.strong ||= strong;
  if (t.first < 0) {
    t.first = at;
    t.firstEnd = at + width;
  }
  t.regionStart = t.regionStart < 0 ? region[0] : Math.min(t.regionStart, region[0]);
  t.regionEnd = Math.max(t.regionEnd, region[1]);
}

const isLetter = (cp: number): boolean => scriptOf(cp) !== 0;

function wordAround(text: string, at: number, width: number): [number, number] {
  let s = at;
  let e = at + width;
  for (
    let k = 0;
    k < 64 && s > 0 && /[\p{L}\p{M}\u200b-\u200d\u2060\u00ad]/u.test(text[s - 1] ?? '');
    k += 1
  )
    s -= 1;
  for (
    let k = 0;
    k < 64 && e < text.length && /[\p{L}\p{M}\u200b-\u200d\u2060\u00ad]/u.test(text[e] ?? '');
    k += 1
  )
    e += 1;
  return [s, e];
}

/** Finds the next occurrence of one character after a position; each search is reused. */
class NextOf {
  private at = -2;

  constructor(
    private readonly text: string,
    private readonly ch: string,
    private readonly length: number,
  ) {}

  /** Index of the next `ch` at or after `from` (or `length`). Amortised linear over a pass. */
  after(from: number): number {
    if (this.at === -1) return this.length;
    if (this.at < from) {
      const found = this.text.indexOf(this.ch, from);
      this.at = found < 0 || found > this.length ? -1 : found;
    }
    return this.at === -1 ? this.length : this.at;
  }
}

/** Most occurrences whose word is located exactly; later ones only extend the region. */
const WORDS_LOCATED = 64;

/** Decodes variation selectors as bytes (VS1–16: 0–15, VS17–256: 16–255). */
function variationBytes(text: string, start: number, end: number): string {
  const bytes: number[] = [];
  for (let i = start; i < end;) {
    const cp = text.codePointAt(i) ?? 0;
    bytes.push(cp <= 0xfe0f ? cp - 0xfe00 : cp - 0xe0100 + 16);
    i += cp > 0xffff ? 2 : 1;
  }
  return Buffer.from(bytes).toString('utf8');
}

export const invisibleUnicode: CharRule = (field: TextField, fieldIndex, length, ctx, out) => {
  const text = field.text;
  const rtl = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/.test(
    text.slice(0, Math.min(length, 65536)),
  );
  const zw = newTally();
  const bidi = newTally();
  const newline = new NextOf(text, '\n', length);
  const pdf = new NextOf(text, '\u202c', length);
  let prev = -1;
  let i = 0;
  while (i < length) {
    const cp = text.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    const cls = hiddenClass(cp);
    if (cls === undefined || cls === 'control' || cls === 'escape') {
      prev = cp;
      i += width;
      continue;
    }
    if (cls === 'tag' || cls === 'variation-selector') {
      // A run of tag characters or variation selectors.
      let j = i;
      let decoded = '';
      while (j < length) {
        const c = text.codePointAt(j) ?? 0;
        if (hiddenClass(c) !== cls) break;
        if (cls === 'tag' && c >= 0xe0020 && c <= 0xe007e && decoded.length < 4096)
          decoded += String.fromCharCode(c - 0xe0000);
        j += c > 0xffff ? 2 : 1;
      }
      const units = j - i;
      const flag = cls === 'tag' && prev === 0x1f3f4 && units <= 24;
      const ordinarySelector =
        cls === 'variation-selector' &&
        units <= 2 &&
        (isEmojiLike(prev) || isCjk(prev) || prev < 0x80);
      if (!flag && !ordinarySelector) {
        const hiddenText = cls === 'tag' ? decoded : variationBytes(text, i, j);
        const signal = ctx.addRaw(
          field,
          fieldIndex,
          i,
          j,
          {
            ruleId: 'invisible-unicode',
            facet: 'conceal',
            strength: 2,
            message:
              cls === 'tag'
                ? 'invisible Unicode tag characters spell out hidden text'
                : 'a run of variation selectors can carry hidden bytes',
          },
          [i, j],
          renderEvidence(text.slice(Math.max(0, i - 16), Math.min(j, i + 2000))),
        );
        if (hiddenText.trim().length > 0) {
          out.hidden.push({
            text: hiddenText,
            hiddenBy: signal.id,
            via: cls === 'tag' ? 'tag characters' : 'variation selectors',
          });
        }
      }
      prev = cp;
      i = j;
      continue;
    }
    const next = i + width < length ? (text.codePointAt(i + width) ?? -1) : -1;
    if (cls === 'bidi-override') {
      note(bidi, i, width, true, [i, Math.min(pdf.after(i), newline.after(i))]);
    } else if (cls === 'bidi') {
      if (!rtl) note(bidi, i, width, false, [i, newline.after(i)]);
    } else {
      const ordinary =
        (cp === 0xfeff && i === 0) ||
        (cp === 0x200d &&
          (isEmojiLike(prev) ||
            isEmojiLike(next) ||
            isJoiningScript(prev) ||
            isJoiningScript(next))) ||
        (cp === 0x200c && (isJoiningScript(prev) || isJoiningScript(next))) ||
        ((cp === 0x200b || cp === 0x2060) &&
          (isCjk(prev) || isCjk(next) || (prev >= 0xe00 && prev <= 0xeff)));
      if (!ordinary) {
        const inWord = isLetter(prev) && isLetter(next);
        const region: [number, number] =
          inWord && zw.count < WORDS_LOCATED ? wordAround(text, i, width) : [i, i + width];
        note(zw, i, width, inWord, region);
      }
    }
    prev = cp;
    i += width;
  }
  if (zw.count > 0) {
    ctx.addRaw(
      field,
      fieldIndex,
      zw.first,
      zw.firstEnd,
      {
        ruleId: 'invisible-unicode',
        facet: 'conceal',
        strength: zw.strong || zw.count >= 8 ? 2 : 1,
        message: `${zw.count} invisible character${zw.count === 1 ? '' : 's'} (zero-width or filler)${zw.strong ? ', inside words' : ''}`,
      },
      [zw.regionStart, zw.regionEnd],
    );
  }
  if (bidi.count > 0) {
    ctx.addRaw(
      field,
      fieldIndex,
      bidi.first,
      bidi.firstEnd,
      {
        ruleId: 'invisible-unicode',
        facet: 'conceal',
        strength: bidi.strong ? 2 : 1,
        message: bidi.strong
          ? 'a bidi override: the text displays in another order than the model reads it'
          : 'bidi control characters in text without right-to-left script',
      },
      [bidi.regionStart, bidi.regionEnd],
    );
  }
};
