/**
 * @module operation/scanner/rules/hidden-block
 * Threat: text a user does not see when a client renders the definition, but the model reads:
 * HTML comments, elements styled invisible, Markdown comments. A hidden block alone is low (an
 * ordinary comment); instructions inside it make it high (see the combiner).
 */
import { findAll, isMention } from '../text/match.js';
import type { PhraseRule } from './rule.js';

const CSS_HIDDEN =
  /style ?= ?["']?[^"'>\n]{0,200}?(?:display ?: ?none|visibility ?: ?hidden|font-size ?: ?0|opacity ?: ?0(?:\.0{1,8})?(?![.0-9])|color ?: ?(?:white|#fff\b|#ffffff|transparent))/g;
const MD_COMMENT = /(?:^|\n)\[(?:\/\/|comment|hidden|_)\]: ?#/g;

export const hiddenBlock: PhraseRule = {
  id: 'hidden-block',
  run(seg, ctx) {
    const text = seg.text;
    let from = 0;
    for (let n = 0; n < 8; n += 1) {
      const start = text.indexOf('<!--', from);
      if (start < 0) break;
      const close = text.indexOf('-->', start + 4);
      const end = close < 0 ? text.length : close + 3;
      ctx.add(
        seg,
        start,
        Math.min(end, start + 80),
        {
          ruleId: 'hidden-block',
          facet: 'conceal',
          strength: 1,
          message: 'an HTML comment: text the user does not see but the model reads',
          mention: isMention(text, start, start + 4),
        },
        [start, end],
      );
      from = end;
    }
    if (text.includes('style')) {
      for (const m of findAll(CSS_HIDDEN, text, 4)) {
        const end = m.index + m[0].length;
        const close = text.indexOf('</', end);
        ctx.add(
          seg,
          m.index,
          end,
          {
            ruleId: 'hidden-block',
            facet: 'conceal',
            strength: 2,
            message: 'text styled to be invisible',
          },
          [m.index, close < 0 ? Math.min(text.length, end + 2000) : close],
        );
      }
    }
    if (text.includes(']:')) {
      for (const m of findAll(MD_COMMENT, text, 4)) {
        const end = m.index + m[0].length;
        const nl = text.indexOf('\n', end);
        ctx.add(
          seg,
          m.index,
          end,
          { ruleId: 'hidden-block', facet: 'conceal', strength: 1, message: 'a Markdown comment' },
          [m.index, nl < 0 ? text.length : nl],
        );
      }
    }
  },
};
