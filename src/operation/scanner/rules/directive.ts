/**
 * @module operation/scanner/rules/directive
 * Instructions addressed to the model ("you must …", "always …", a bare imperative opening a
 * sentence). Ordinary in tool descriptions, so they are never findings on their own; they count
 * when they sit inside hidden or framed text (an HTML comment, an `<IMPORTANT>` block, decoded
 * or invisible text), which is how the combiner tells a poisoned block from a harmless one.
 * Directives that send the model back to the user (ask, confirm, warn) are not counted.
 */
import { CONSENT, DIRECTIVE_VERBS } from '../phrases/en.js';
import { alt } from '../phrases/table.js';
import { CONSENT_ZH, DIRECTIVE_ZH } from '../phrases/zh.js';
import { findAll } from '../text/match.js';
import type { PhraseRule } from './rule.js';

const VERBS = alt(DIRECTIVE_VERBS);
const LEAD =
  "(?:you (?:must|should|need to|have to|are required to|shall|will need to|are to)|must(?: first| always| also)?|please|make sure (?:to|you)|be sure to|remember to|(?:do not|don't) forget to|first,?|then,?|always|never|immediately|afterwards,?|after that,?|it is (?:mandatory|required|essential|critical) (?:that you|to))";
const VERBS_AND_USE = `${VERBS}|use`;
const EXPLICIT = new RegExp(
  `\\b${LEAD} (?:also |first |then |always |immediately |just |now )?(${VERBS_AND_USE})\\b`,
  'g',
);
const OPENING = new RegExp(
  `(?:^|\\n)(?:[-*>#•\\d.)(\\["' ]|<[^>\\n]{0,30}>|\\[[^\\]\\n]{0,30}\\]|<!--){0,4}(?:[a-z_]{1,20} ?: ?)?(?:(?:please|always|never|first|then|also|now|just|kindly|immediately),? ){0,3}(${VERBS_AND_USE})\\b`,
  'g',
);
const ZH = new RegExp(DIRECTIVE_ZH, 'g');
const SELF_USE =
  /^(?:use|call|invoke|run|execute) (?:this|it|me|the tool|this tool|this function)\b/;
/** "use" counts only for another tool: `use write_file tool to …`, `use the 'edit_file' tool`. */
const USE_OF_TOOL =
  /^use (?:the )?["'`]?(?:[a-z0-9]+[_.-][a-z0-9_.-]+|[a-z0-9_.-]+["'`]? (?:tool|function|server))/;
const CONSENTING = new RegExp(`${CONSENT}`);
const CONSENTING_ZH = new RegExp(CONSENT_ZH);

export const directives: PhraseRule = {
  id: 'directive',
  run(seg, ctx) {
    // Directives matter only inside hidden or framed text: skip text that has none.
    if (seg.hiddenBy === undefined && !ctx.hasRegionIn(seg.fieldIndex)) return;
    const text = seg.text;
    const seen = new Set<number>();
    for (const re of [EXPLICIT, OPENING]) {
      for (const m of findAll(re, text, 24)) {
        const verb = m[1] ?? '';
        const at = m.index + m[0].length - verb.length;
        if (seen.has(at)) continue;
        seen.add(at);
        const rest = text.slice(at, at + 60);
        if (SELF_USE.test(rest) || CONSENTING.test(rest)) continue;
        if (verb === 'use' && !USE_OF_TOOL.test(rest)) continue;
        ctx.directive(seg, at, Math.min(text.length, at + 40));
      }
    }
    if (seg.norm.hasCjk) {
      for (const m of findAll(ZH, text, 12)) {
        if (CONSENTING_ZH.test(text.slice(m.index, m.index + 20))) continue;
        ctx.directive(seg, m.index, m.index + m[0].length);
      }
    }
  },
};
