/**
 * @module operation/scanner/rules/ansi-escape
 * Threat: terminal control sequences in a definition. ANSI escapes can hide text (conceal
 * attribute, cursor moves, colours) or rewrite what a terminal client shows; other control
 * characters (backspace, a bare carriage return) overwrite text on screen.
 */
import type { CharRule } from './char-rule.js';

export const ansiEscape: CharRule = (field, fieldIndex, length, ctx) => {
  const text = field.text;
  let escapes = 0;
  let firstEscape = -1;
  let controls = 0;
  let firstControl = -1;
  let regionEnd = -1;
  let nextNewline = -1;
  for (let i = 0; i < length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c !== 0x7f && (c < 0x80 || c > 0x9f)) continue;
    if (c === 0x09 || c === 0x0a) continue;
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) continue;
    if (c === 0x1b) {
      escapes += 1;
      if (firstEscape < 0) firstEscape = i;
      if (nextNewline < i) {
        const nl = text.indexOf('\n', i);
        nextNewline = nl < 0 || nl > length ? length : nl;
      }
      regionEnd = Math.max(regionEnd, nextNewline);
    } else {
      controls += 1;
      if (firstControl < 0) firstControl = i;
    }
  }
  if (escapes > 0) {
    ctx.addRaw(
      field,
      fieldIndex,
      firstEscape,
      firstEscape + 1,
      {
        ruleId: 'ansi-escape',
        facet: 'conceal',
        strength: 2,
        message: `${escapes} ANSI escape sequence${escapes === 1 ? '' : 's'}: terminal clients may hide or rewrite text`,
      },
      [firstEscape, regionEnd],
    );
  }
  if (controls > 0) {
    ctx.addRaw(
      field,
      fieldIndex,
      firstControl,
      firstControl + 1,
      {
        ruleId: 'ansi-escape',
        facet: 'conceal',
        strength: 1,
        message: `${controls} control character${controls === 1 ? '' : 's'} (backspace, carriage return …) that can overwrite displayed text`,
      },
      [Math.max(0, text.lastIndexOf('\n', firstControl) + 1), firstControl + 1],
    );
  }
};
