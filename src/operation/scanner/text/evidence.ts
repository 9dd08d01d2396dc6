/**
 * @module operation/scanner/text/evidence
 * Evidence as a reviewer can read it: one line, short, with every invisible or control character
 * written out (`<U+200B>`, `<ESC>`), and runs of tag characters shown with the text they hide.
 */
import { codePointName, hiddenClass } from './unicode.js';

const MAX_EVIDENCE = 160;

const PRINTABLE = /^[\x20-\x7e\n\t\r]*$/;

/** `text` with invisible characters made visible, cut to a short excerpt. */
export function renderEvidence(text: string, max = MAX_EVIDENCE): string {
  if (text.length > max * 4) text = text.slice(0, max * 4);
  if (PRINTABLE.test(text)) {
    const flat = text.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, ' ');
    return truncate(collapseSpaces(flat), max);
  }
  let out = '';
  let tags = '';
  const flushTags = (): void => {
    if (tags === '') return;
    out += `<tags "${tags}">`;
    tags = '';
  };
  for (const ch of text) {
    if (out.length > max * 2) break;
    const cp = ch.codePointAt(0) ?? 0;
    const cls = hiddenClass(cp);
    if (cls === 'tag') {
      tags += cp >= 0xe0020 && cp <= 0xe007e ? String.fromCharCode(cp - 0xe0000) : '';
      continue;
    }
    flushTags();
    if (cls === 'escape') out += '<ESC>';
    else if (cls !== undefined) out += `<${codePointName(cp)}>`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += ' ';
    else out += ch;
  }
  flushTags();
  return truncate(collapseSpaces(out), max);
}

function collapseSpaces(text: string): string {
  return text.replace(/ {9,}/g, (run) => ` <${run.length} spaces> `);
}

/** A raw excerpt around [start, end) of `text`, with a little context, made visible. */
export function excerpt(text: string, start: number, end: number, context = 24): string {
  const from = Math.max(0, start - context);
  const to = Math.min(text.length, Math.max(end, start + 1) + context);
  const body = renderEvidence(text.slice(from, Math.min(to, from + 600)));
  return `${from > 0 ? '…' : ''}${body}${to < text.length ? '…' : ''}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
