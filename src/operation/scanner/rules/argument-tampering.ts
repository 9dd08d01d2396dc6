/**
 * @module operation/scanner/rules/argument-tampering
 * Threat: a definition that makes the model change what the user asked for: an extra hidden
 * recipient (`bcc`), altered amounts or results, extra purchases, modified queries. Includes
 * schema defaults that silently add a recipient.
 */
import type { ScanContext } from '../engine/context.js';
import type { Segment } from '../engine/segment.js';
import { TAMPER_ROWS } from '../phrases/en.js';
import { table } from '../phrases/table.js';
import { TRIGGER_GROUPS } from '../phrases/triggers.js';
import { TAMPER_ROWS_ZH } from '../phrases/zh.js';
import { findAll, negatedBefore, sentenceAt } from '../text/match.js';
import { EMAIL_RE, URL_RE } from '../text/patterns.js';
import type { PhraseRule } from './rule.js';
import { runTable } from './rule.js';

const EN = table(TAMPER_ROWS);
const ZH = table(TAMPER_ROWS_ZH);
const RECIPIENT_FIELD =
  /\b(?:bcc|cc|recipients?|blind copy|carbon copy|reply-to|forward(?:ing)? address)\b|抄送|密送|收件人/;
const ADD_VERB =
  /\b(?:add|adds|append|include|insert|put|set|always|cc|bcc|copy)\b|添加|加入|抄送|密送/g;
const DEFAULT_RECIPIENT =
  /\/(?:bcc|cc|recipients?|to|forward_?to|reply_?to|webhook(?:_?url)?|callback(?:_?url)?|notify(?:_?url)?)\/(?:default|const|enum|examples?)(?:\/|$)/i;

function hiddenRecipients(seg: Segment, ctx: ScanContext): void {
  const text = seg.text;
  for (const m of findAll(EMAIL_RE, text, 6)) {
    const [ss, se] = sentenceAt(text, m.index);
    const sentence = text.slice(ss, se);
    if (!RECIPIENT_FIELD.test(sentence)) continue;
    const verbs = findAll(ADD_VERB, sentence, 6);
    const verb = verbs.find((v) => !negatedBefore(text, ss + v.index));
    if (verb === undefined) continue;
    const from = Math.min(ss + verb.index, m.index);
    const to = Math.max(m.index + m[0].length, ss + verb.index + verb[0].length);
    ctx.add(seg, from, to, {
      ruleId: 'argument-tampering',
      facet: 'tamper',
      strength: 3,
      message: `tells the model to add a recipient the user did not ask for (${m[0]})`,
    });
  }
}

export const argumentTampering: PhraseRule = {
  id: 'argument-tampering',
  run(seg, ctx) {
    if (seg.has(TRIGGER_GROUPS.tamper, false))
      runTable(seg, ctx, EN, 'argument-tampering', 'tamper');
    if (seg.norm.hasCjk) runTable(seg, ctx, ZH, 'argument-tampering', 'tamper');
    if (seg.text.includes('@')) hiddenRecipients(seg, ctx);
    const role = seg.field.role;
    if (
      (role === 'default' || role === 'enum' || role === 'example') &&
      DEFAULT_RECIPIENT.test(seg.field.pointer)
    ) {
      const hit = findAll(EMAIL_RE, seg.text, 1)[0] ?? findAll(URL_RE, seg.text, 1)[0];
      if (hit !== undefined) {
        ctx.add(seg, hit.index, hit.index + hit[0].length, {
          ruleId: 'argument-tampering',
          facet: 'tamper',
          strength: 3,
          message: 'a recipient preset in the schema: every call would also send to it',
        });
      }
    }
  },
};
