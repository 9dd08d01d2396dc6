/**
 * @module operation/scanner/text/unicode
 * Character classes the scanner cares about: characters a reader does not see (zero-width, bidi
 * controls, tag characters, variation selectors, fillers), control characters, and the scripts
 * of letters (for mixed-script words). Written by hand over code point ranges: the checks run on
 * every character of every definition, and `\p{…}` regex tests per character are far slower.
 */

/** Why a character is invisible or a control, or `undefined` for an ordinary character. */
export type HiddenClass =
  | 'tag'
  | 'zero-width'
  | 'bidi-override'
  | 'bidi'
  | 'variation-selector'
  | 'filler'
  | 'control'
  | 'escape';

/** Classifies one code point. */
export function hiddenClass(cp: number): HiddenClass | undefined {
  if (cp < 0x20) {
    if (cp === 0x09 || cp === 0x0a || cp === 0x0d) return undefined;
    return cp === 0x1b ? 'escape' : 'control';
  }
  if (cp < 0x7f) return undefined;
  if (cp <= 0x9f) return 'control';
  if (cp === 0xad || cp === 0x34f || cp === 0x115f || cp === 0x1160 || cp === 0x17b4)
    return 'filler';
  if (cp === 0x17b5 || cp === 0x180e || cp === 0x3164 || cp === 0xffa0) return 'filler';
  if (cp >= 0x200b && cp <= 0x200d) return 'zero-width';
  if (cp === 0x2060 || cp === 0xfeff) return 'zero-width';
  if (cp === 0x202d || cp === 0x202e) return 'bidi-override';
  if (cp === 0x200e || cp === 0x200f || cp === 0x61c) return 'bidi';
  if ((cp >= 0x202a && cp <= 0x202c) || (cp >= 0x2066 && cp <= 0x2069)) return 'bidi';
  if ((cp >= 0x2061 && cp <= 0x2064) || (cp >= 0x206a && cp <= 0x206f)) return 'filler';
  if (cp >= 0xfff9 && cp <= 0xfffb) return 'filler';
  if (cp >= 0xfe00 && cp <= 0xfe0f) return 'variation-selector';
  if (cp >= 0xe0000 && cp <= 0xe007f) return 'tag';
  if (cp >= 0xe0100 && cp <= 0xe01ef) return 'variation-selector';
  if (cp >= 0x1d173 && cp <= 0x1d17a) return 'filler';
  return undefined;
}

/** Letter scripts told apart for mixed-script checks. */
export const Script = {
  None: 0,
  Latin: 1,
  Greek: 2,
  Cyrillic: 4,
  Armenian: 8,
  Cherokee: 16,
  Other: 32,
} as const;

/** One {@link Script} bit. */
export type Script = (typeof Script)[keyof typeof Script];

/** The script of a letter-like code point (`None` for digits, punctuation, spaces). */
export function scriptOf(cp: number): Script {
  if (cp < 0x80) {
    return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) ? Script.Latin : Script.None;
  }
  if (cp < 0xc0) return cp === 0xaa || cp === 0xba ? Script.Latin : Script.None;
  if (cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7) return Script.Latin;
  if (cp >= 0x1e00 && cp <= 0x1eff) return Script.Latin;
  if (cp >= 0x370 && cp <= 0x3ff) return Script.Greek;
  if (cp >= 0x1f00 && cp <= 0x1fff) return Script.Greek;
  if (cp >= 0x400 && cp <= 0x52f) return Script.Cyrillic;
  if (cp >= 0x1c80 && cp <= 0x1c8f) return Script.Cyrillic;
  if ((cp >= 0x2de0 && cp <= 0x2dff) || (cp >= 0xa640 && cp <= 0xa69f)) return Script.Cyrillic;
  if (cp >= 0x530 && cp <= 0x58f) return Script.Armenian;
  if ((cp >= 0x13a0 && cp <= 0x13ff) || (cp >= 0xab70 && cp <= 0xabbf)) return Script.Cherokee;
  if (cp >= 0x2000 && cp <= 0x2bff) return Script.None;
  if (cp >= 0x3000 && cp <= 0x303f) return Script.None;
  if (cp >= 0xff00 && cp <= 0xff65) return Script.None;
  if (cp >= 0xd800 && cp <= 0xdfff) return Script.None;
  if (cp >= 0x1f000) return Script.None;
  return Script.Other;
}

/** Right-to-left scripts, where bidi marks and embeddings are ordinary. */
export function isRtl(cp: number): boolean {
  return (
    (cp >= 0x590 && cp <= 0x8ff) || (cp >= 0xfb1d && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfefc)
  );
}

/** Scripts where zero-width (non-)joiners shape text (Arabic, Indic, Southeast Asian …). */
export function isJoiningScript(cp: number): boolean {
  return (
    (cp >= 0x600 && cp <= 0x8ff) ||
    (cp >= 0x900 && cp <= 0xdff) ||
    (cp >= 0x1000 && cp <= 0x109f) ||
    (cp >= 0x1780 && cp <= 0x18af)
  );
}

/** Emoji and pictographs, which zero-width joiners and variation selectors combine. */
export function isEmojiLike(cp: number): boolean {
  return (
    (cp >= 0x1f000 && cp <= 0x1faff) ||
    (cp >= 0x2600 && cp <= 0x27bf) ||
    (cp >= 0x2190 && cp <= 0x21ff) ||
    (cp >= 0x2b00 && cp <= 0x2bff) ||
    cp === 0x200d ||
    cp === 0x20e3 ||
    cp === 0xa9 ||
    cp === 0xae ||
    (cp >= 0x2100 && cp <= 0x214f) ||
    (cp >= 0x2300 && cp <= 0x23ff) ||
    (cp >= 0x25a0 && cp <= 0x25ff) ||
    (cp >= 0x30 && cp <= 0x39) ||
    cp === 0x23 ||
    cp === 0x2a
  );
}

/** CJK ideographs and kana: phrase rules for Chinese apply when a text has any. */
export function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x3040 && cp <= 0x30ff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x2ffff)
  );
}

/** `U+200B` style name of a code point. */
export function codePointName(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}
