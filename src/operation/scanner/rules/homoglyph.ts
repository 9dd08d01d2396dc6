/**
 * @module operation/scanner/rules/homoglyph
 * Threat: look-alike letters from other scripts (Cyrillic `а`, Greek `ο`) inside Latin words,
 * used to spoof tool names and to slip phrases past keyword filters. Flags words that mix
 * scripts, and words made entirely of look-alikes in otherwise Latin text. The phrase rules
 * already read the folded text; this rule makes the disguise itself visible, and marks the words
 * so the combiner can treat phrases found in them as hidden.
 */
import { excerpt } from '../text/evidence.js';
import { confusableAscii } from '../text/normalise.js';
import { Script, scriptOf } from '../text/unicode.js';
import type { CharRule } from './char-rule.js';

const LOOKALIKE_SCRIPTS = Script.Greek | Script.Cyrillic | Script.Armenian | Script.Cherokee;

interface Word {
  start: number;
  end: number;
  letters: number;
  mask: number;
  lookalikes: number;
  others: number;
}

export const homoglyph: CharRule = (field, fieldIndex, length, ctx) => {
  const text = field.text;
  const flagged: Word[] = [];
  let latinLetters = 0;
  let letters = 0;
  let word: Word | undefined;
  const close = (): void => {
    if (word === undefined) return;
    if (word.lookalikes > 0 && word.others === 0 && flagged.length < 64) flagged.push(word);
    word = undefined;
  };
  for (let i = 0; i < length;) {
    const cp = text.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    const script = scriptOf(cp);
    if (script === Script.None) {
      close();
      i += width;
      continue;
    }
    letters += 1;
    if (script === Script.Latin) latinLetters += 1;
    word ??= { start: i, end: i, letters: 0, mask: 0, lookalikes: 0, others: 0 };
    word.letters += 1;
    word.mask |= script;
    word.end = i + width;
    if ((script & LOOKALIKE_SCRIPTS) !== 0) {
      if (confusableAscii(cp) !== undefined) word.lookalikes += 1;
      else word.others += 1;
    }
    i += width;
  }
  close();
  if (flagged.length === 0) return;
  const mostlyLatin = letters > 0 && latinLetters / letters >= 0.6;
  const spoofs = flagged.filter(
    (w) => (w.mask & Script.Latin) !== 0 || (mostlyLatin && w.letters >= 2),
  );
  const first = spoofs[0];
  const last = spoofs[spoofs.length - 1];
  if (first === undefined || last === undefined) return;
  const identifier = field.role === 'name' || field.role === 'propertyName' || field.role === 'key';
  ctx.addRaw(
    field,
    fieldIndex,
    first.start,
    first.end,
    {
      ruleId: 'homoglyph',
      facet: 'conceal',
      strength: identifier ? 2 : 1,
      message: `${spoofs.length} word${spoofs.length === 1 ? '' : 's'} written with look-alike letters from another script${identifier ? ' in a name' : ''}`,
    },
    [first.start, last.end],
    `${excerpt(text, first.start, first.end, 12)} (mixes scripts: ${[...text.slice(first.start, first.end)].map((c) => (c.charCodeAt(0) < 0x80 ? c : `<U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`)).join('')})`,
  );
};
